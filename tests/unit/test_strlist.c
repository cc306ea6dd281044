/* strlist: a list of owned strings. */
#include <string.h>

#include "strlist.h"
#include "unit.h"

static void
test_strlist(void **state)
{
	static const char *const words[] = { "sworn", "sworn officer" };
	struct strlist l = { 0 };
	char buf[8] = "active";

	(void)state;
	strlist_add(&l, buf);
	strcpy(buf, "x");		/* the list keeps its own copy */
	strlist_add(&l, "on leave");
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "active");
	assert_string_equal(l.v[1], "on leave");
	/* set replaces what was there (no leak under the sanitizers) */
	strlist_set(&l, words, 2);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1], "sworn officer");
	assert_ptr_not_equal(l.v[0], words[0]);
	assert_true(strlist_has(&l, "sworn officer"));
	assert_false(strlist_has(&l, "Sworn"));	/* exactly, case too */
	assert_false(strlist_has(&l, "sworn offic"));
	strlist_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	strlist_free(&l);		/* twice is harmless */
	strlist_set(&l, words, 0);
	assert_int_equal(l.n, 0);
	assert_false(strlist_has(&l, "sworn"));
	strlist_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strlist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
