#include <string.h>

#include "unit.h"

static enum date_status
parse(const char *s, enum date_format f, char out[DATE_ISO_LEN])
{
	day_t d = DAY_NONE;
	enum date_status st = date_parse(s, strlen(s), f, &d);

	if (st == DATE_OK)
		date_iso(d, out);
	else
		strcpy(out, "-");
	return st;
}

static void
accepts(const char *s, enum date_format f, const char *want)
{
	char got[DATE_ISO_LEN];

	if (parse(s, f, got) != DATE_OK)
		fail_msg("'%s' was not accepted", s);
	assert_string_equal(got, want);
}

static void
rejects(const char *s, enum date_format f, enum date_status want)
{
	char got[DATE_ISO_LEN];

	assert_int_equal(parse(s, f, got), want);
}

static void
test_civil_round_trip(void **state)
{
	day_t d;
	int y, m, dd;

	(void)state;
	assert_int_equal(date_from_civil(1970, 1, 1), 0);
	assert_int_equal(date_from_civil(2000, 3, 1), 11017);
	assert_int_equal(date_from_civil(1, 1, 1), -719162);
	for (d = -719162; d <= 2932896; d += 97) {
		date_to_civil(d, &y, &m, &dd);
		assert_true(date_valid(y, m, dd));
		assert_int_equal(date_from_civil(y, m, dd), d);
	}
}

static void
test_auto_forms(void **state)
{
	(void)state;
	accepts("2024-03-15", DATE_AUTO, "2024-03-15");
	accepts("2024-3-5", DATE_AUTO, "2024-03-05");
	accepts("2024-03-15 13:45:00", DATE_AUTO, "2024-03-15");
	accepts("2024-03-15T13:45:00Z", DATE_AUTO, "2024-03-15");
	accepts("  2024-03-15  ", DATE_AUTO, "2024-03-15");
	accepts("3/15/2024", DATE_AUTO, "2024-03-15");
	accepts("03/05/2024", DATE_AUTO, "2024-03-05");
	accepts("3/15/24", DATE_AUTO, "2024-03-15");
	accepts("3/15/2024 8:30 AM", DATE_AUTO, "2024-03-15");
	accepts("3/15/24 13:00", DATE_AUTO, "2024-03-15");
	accepts("45356", DATE_AUTO, "2024-03-05");
	accepts("45356.75", DATE_AUTO, "2024-03-05");
	/* the forms training systems and spreadsheets write */
	accepts("2024/03/15", DATE_AUTO, "2024-03-15");
	accepts("15-Mar-2024", DATE_AUTO, "2024-03-15");
	accepts("15-mar-2024", DATE_AUTO, "2024-03-15");
	accepts("15 March 2024", DATE_AUTO, "2024-03-15");
	accepts("Mar 15, 2024", DATE_AUTO, "2024-03-15");
	accepts("March 5 2024", DATE_AUTO, "2024-03-05");
	accepts("20240315", DATE_AUTO, "2024-03-15");
	accepts("3/15/2024 8:00 AM", DATE_AUTO, "2024-03-15");
	accepts("2024-03-15T08:00:00", DATE_AUTO, "2024-03-15");
	accepts("2024-03-15 08:00:00.000", DATE_AUTO, "2024-03-15");
	accepts("15-Mar-2024 08:00", DATE_AUTO, "2024-03-15");
	/* settled day first for a column: the slashed ones turn */
	accepts("13/01/2025", DATE_AUTO_DAY_FIRST, "2025-01-13");
	accepts("01/02/2025", DATE_AUTO_DAY_FIRST, "2025-02-01");
	accepts("2025-01-02", DATE_AUTO_DAY_FIRST, "2025-01-02");
	/* dashed like slashed, with a four-digit year, in the column's order */
	accepts("03-15-2024", DATE_AUTO, "2024-03-15");
	accepts("3-5-2024", DATE_AUTO, "2024-03-05");
	accepts("15-03-2024", DATE_AUTO_DAY_FIRST, "2024-03-15");
	accepts("03-15-2024", DATE_US, "2024-03-15");
	accepts("15-03-2024", DATE_EU, "2024-03-15");
	/* Moodle's completion download: a weekday and a time */
	accepts("Tuesday, 14 March 2023, 10:12 AM", DATE_AUTO, "2023-03-14");
	accepts("Tue, 3/14/2023", DATE_AUTO, "2023-03-14");
	assert_int_equal(date_slash_order("15-03-2024", 10),
	    DATE_ORDER_DAY_FIRST);
}

/* An unreadable date names the pattern that would read it. */
static void
test_pattern_hint(void **state)
{
	day_t d;

	(void)state;
	assert_int_equal(date_parse("15.03.2024", 10, DATE_AUTO, &d),
	    DATE_UNREADABLE);
	assert_string_equal(date_pattern_hint("15.03.2024", 10), "%d.%m.%Y");
	assert_string_equal(date_pattern_hint("03-15-24", 8), "%m-%d-%y");
	assert_null(date_pattern_hint("soon", 4));
}

/* A strptime(3) pattern for anything else. */
static void
test_patterns(void **state)
{
	day_t d;
	char buf[DATE_ISO_LEN];

	(void)state;
	assert_int_equal(date_format_from_name("%d.%m.%Y"), DATE_PATTERN);
	assert_int_equal(date_parse_pattern(" 15.03.2024 ", 12, "%d.%m.%Y",
	    &d), DATE_OK);
	assert_string_equal(date_iso(d, buf), "2024-03-15");
	assert_int_equal(date_parse_pattern("03/15/2024", 10, "%m/%d/%Y", &d),
	    DATE_OK);
	assert_int_equal(date_parse_pattern("2024", 4, "%Y", &d),
	    DATE_UNREADABLE);	/* no day of the month */
	assert_int_equal(date_parse_pattern("31.02.2024", 10, "%d.%m.%Y", &d),
	    DATE_IMPOSSIBLE);
	assert_int_equal(date_parse_pattern("15.03.2024 x", 12, "%d.%m.%Y",
	    &d), DATE_UNREADABLE);
	assert_int_equal(date_parse_pattern("", 0, "%d.%m.%Y", &d),
	    DATE_EMPTY);
}

/* Which orders a slashed date fits. */
static void
test_slash_order(void **state)
{
	(void)state;
	assert_int_equal(date_slash_order("1/13/2025", 9),
	    DATE_ORDER_MONTH_FIRST);
	assert_int_equal(date_slash_order("13/01/2025", 10),
	    DATE_ORDER_DAY_FIRST);
	assert_int_equal(date_slash_order("01/02/2025", 10), DATE_ORDER_EITHER);
	assert_int_equal(date_slash_order("13/13/2025", 10), DATE_ORDER_NONE);
	assert_int_equal(date_slash_order("2025-01-02", 10), DATE_ORDER_NONE);
}

static void
test_forced_forms(void **state)
{
	(void)state;
	accepts("2024-03-15", DATE_ISO, "2024-03-15");
	rejects("3/15/2024", DATE_ISO, DATE_UNREADABLE);
	rejects("45356", DATE_ISO, DATE_UNREADABLE);
	accepts("3/4/2024", DATE_US, "2024-03-04");
	rejects("2024-03-04", DATE_US, DATE_UNREADABLE);
	accepts("3/4/2024", DATE_EU, "2024-04-03");
	accepts("15.3.2024", DATE_EU, "2024-03-15");
	accepts("15/03/24", DATE_EU, "2024-03-15");
	rejects("15.3.2024", DATE_US, DATE_UNREADABLE);
	rejects("3/15/2024", DATE_EU, DATE_IMPOSSIBLE);
}

static void
test_rejected_forms(void **state)
{
	(void)state;
	rejects("", DATE_AUTO, DATE_EMPTY);
	rejects("   ", DATE_AUTO, DATE_EMPTY);
	rejects("2/30/2024", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("2023-02-29", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("2024-13-01", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("2024-04-31", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("0000-01-01", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("13/1/2024", DATE_AUTO, DATE_IMPOSSIBLE);
	/* Excel serial days are five digits: a year or a small number is
	 * no date */
	rejects("2023", DATE_AUTO, DATE_UNREADABLE);
	rejects("61", DATE_AUTO, DATE_UNREADABLE);
	rejects("0", DATE_AUTO, DATE_UNREADABLE);
	rejects("2958465", DATE_AUTO, DATE_UNREADABLE);
	rejects("99999999", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("20241315", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("31-Feb-2024", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("15-Foo-2024", DATE_AUTO, DATE_UNREADABLE);
	rejects("tomorrow", DATE_AUTO, DATE_UNREADABLE);
	rejects("15.3.2024", DATE_AUTO, DATE_UNREADABLE);
	rejects("3/15/202", DATE_AUTO, DATE_UNREADABLE);
	rejects("3/15", DATE_AUTO, DATE_UNREADABLE);
	rejects("2024-03-15x", DATE_AUTO, DATE_UNREADABLE);
	rejects("-45356", DATE_AUTO, DATE_UNREADABLE);
	rejects("12345-01-01", DATE_AUTO, DATE_UNREADABLE);
	rejects("3/15/2024 garbage", DATE_AUTO, DATE_UNREADABLE);
}

static void
test_leap_days(void **state)
{
	(void)state;
	accepts("2024-02-29", DATE_AUTO, "2024-02-29");
	accepts("2000-02-29", DATE_AUTO, "2000-02-29");
	rejects("1900-02-29", DATE_AUTO, DATE_IMPOSSIBLE);
	rejects("2100-02-29", DATE_AUTO, DATE_IMPOSSIBLE);
	accepts("2/29/2024", DATE_AUTO, "2024-02-29");
	accepts("9999-12-31", DATE_AUTO, "9999-12-31");
}

static void
test_month_clamping(void **state)
{
	char buf[DATE_ISO_LEN];

	(void)state;
	assert_string_equal(date_iso(date_add_months(D("2024-02-29"), 36), buf),
	    "2027-02-28");
	assert_string_equal(date_iso(date_add_months(D("2024-02-29"), 48), buf),
	    "2028-02-29");
	assert_string_equal(date_iso(date_add_months(D("2024-01-31"), 1), buf),
	    "2024-02-29");
	assert_string_equal(date_iso(date_add_months(D("2023-01-31"), 1), buf),
	    "2023-02-28");
	assert_string_equal(date_iso(date_add_months(D("2024-10-31"), 1), buf),
	    "2024-11-30");
	assert_string_equal(date_iso(date_add_months(D("2024-11-30"), 2), buf),
	    "2025-01-30");
	assert_string_equal(date_iso(date_add_months(D("2023-12-15"), 36), buf),
	    "2026-12-15");
	assert_string_equal(date_iso(date_add_months(D("2024-03-31"), -1), buf),
	    "2024-02-29");
}

static void
test_format_names(void **state)
{
	(void)state;
	assert_int_equal(date_format_from_name("auto"), DATE_AUTO);
	assert_int_equal(date_format_from_name("ISO"), DATE_ISO);
	assert_int_equal(date_format_from_name("us"), DATE_US);
	assert_int_equal(date_format_from_name("eu"), DATE_EU);
	assert_int_equal(date_format_from_name("uk"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_auto_forms),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_pattern_hint),
		cmocka_unit_test(test_slash_order),
		cmocka_unit_test(test_forced_forms),
		cmocka_unit_test(test_rejected_forms),
		cmocka_unit_test(test_leap_days),
		cmocka_unit_test(test_month_clamping),
		cmocka_unit_test(test_format_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
