/* strmap: lookups by length, a lookup then an add, growth in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"
#include "unit.h"

/* Keys looked up in a row buffer, kept as copies in an arena. */
static void
test_strmap_find_then_add(void **state)
{
	struct strmap m = { 0 };
	struct strmap_spot spot;
	struct arena a = { 0 };
	char buf[32];
	uint32_t v = 0;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "id-%d", i);
		assert_false(strmap_find(&m, buf, strlen(buf), &v, &spot));
		strmap_add(&m, &spot, arena_strdup(&a, buf), (uint32_t)i);
	}
	assert_int_equal(m.len, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "id-%d,more", i);
		/* a key in the middle of a buffer, by its length */
		assert_true(strmap_find(&m, buf, strchr(buf, ',') - buf, &v,
		    &spot));
		assert_int_equal(v, i);
	}
	assert_false(strmap_find(&m, "id-5000", 7, &v, &spot));
	assert_false(strmap_find(&m, "id-1", 3, &v, &spot));
	strmap_free(&m);
	arena_free(&a);
}

/* The map grown between the search and the add searches again. */
static void
test_strmap_grown_in_between(void **state)
{
	struct strmap m = { 0 };
	struct strmap_spot spot;
	uint32_t v;

	(void)state;
	assert_false(strmap_find(&m, "late", 4, &v, &spot));
	strmap_put(&m, "early", 5, 1);
	strmap_reserve(&m, 10000);
	strmap_add(&m, &spot, "late", 2);
	assert_true(strmap_get(&m, "late", 4, &v));
	assert_int_equal(v, 2);
	assert_true(strmap_get(&m, "early", 5, &v));
	assert_int_equal(v, 1);
	assert_int_equal(m.len, 2);
	strmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_find_then_add),
		cmocka_unit_test(test_strmap_grown_in_between),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
