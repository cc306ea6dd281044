/*
 * csvcell: CSV cells a spreadsheet reads as text and will not run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvcell.h"
#include "unit.h"

static void
csv_is(const char *s, const char *want)
{
	struct out o;

	csv_cell(out_open(&o), s);
	assert_string_equal(out_text(&o), want);
	out_close(&o);
}

/* A cell that starts like a formula is written as text, so that a
 * spreadsheet shows it and does not run it. */
static void
test_csv_cell(void **state)
{
	(void)state;
	csv_is("Ana", "Ana");
	csv_is("Diaz, Ana", "\"Diaz, Ana\"");
	csv_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_is("two\nlines", "\"two\nlines\"");
	csv_is("a;b", "\"a;b\"");
	csv_is("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	csv_is("+1", "\"'+1\"");
	csv_is("-5", "\"'-5\"");
	csv_is("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_is("|cmd", "\"'|cmd\"");
	csv_is("", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
