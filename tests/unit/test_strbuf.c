/* strbuf: the string builder, and printf into a new string. */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "unit.h"

static void
test_build(void **state)
{
	struct strbuf sb = { 0 };
	char *s;
	int i;

	(void)state;
	assert_string_equal(sb_str(&sb), "");	/* empty, never NULL */
	sb_add(&sb, "Dear ");
	sb_addn(&sb, "Officer Diaz,", 7);
	sb_addc(&sb, ' ');
	sb_printf(&sb, "%d days", 58);
	assert_string_equal(sb_str(&sb), "Dear Officer 58 days");
	assert_int_equal(sb.len, strlen("Dear Officer 58 days"));
	/* bytes are kept as given, a NUL among them */
	sb_reset(&sb);
	assert_string_equal(sb_str(&sb), "");
	sb_addn(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.s, "a\0b", 4);
	/* growth across many additions keeps every byte */
	sb_reset(&sb);
	for (i = 0; i < 10000; i++)
		sb_printf(&sb, "%04d|", i);
	assert_int_equal(sb.len, 50000);
	assert_memory_equal(sb.s + 5 * 9999, "9999|", 6);
	s = sb_steal(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb_str(&sb), "");
	assert_int_equal(strlen(s), 50000);
	free(s);
	s = sb_steal(&sb);		/* an empty builder gives "" */
	assert_string_equal(s, "");
	free(s);
	sb_free(&sb);
}

static void
test_asprintf(void **state)
{
	char long_name[3000];
	char *s;

	(void)state;
	s = xasprintf("%s: line %lu", "roster.csv", 12UL);
	assert_string_equal(s, "roster.csv: line 12");
	free(s);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	s = xasprintf("[%s]", long_name);
	assert_int_equal(strlen(s), sizeof(long_name) + 1);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_asprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
