/*
 * ics: content lines escaped and folded (RFC 5545, 3.1 and 3.3.11), the
 * events a reminder attaches, nothing of an input on a line of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "unit.h"

static void
line_is(const char *name, const char *value, bool text, const char *want)
{
	struct strbuf sb = { 0 };

	ics_line(&sb, name, value, text);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_escaping(void **state)
{
	(void)state;
	line_is("SUMMARY", "CIT Refresher", true, "SUMMARY:CIT Refresher\r\n");
	line_is("LOCATION", "Station 2, Room B; 2nd floor", true,
	    "LOCATION:Station 2\\, Room B\\; 2nd floor\r\n");
	line_is("DESCRIPTION", "a\\b\nc", true, "DESCRIPTION:a\\\\b\\nc\r\n");
	/* a control character cannot end the line and start another */
	line_is("SUMMARY", "MHFA\r\nBEGIN:VEVENT\x01", true,
	    "SUMMARY:MHFA \\nBEGIN:VEVENT \r\n");
	line_is("URL", "https://lms.example/c?id=1,2;x", false,
	    "URL:https://lms.example/c?id=1,2;x\r\n");
}

/* Every physical line at most 75 octets, a fold never inside a UTF-8
 * character, and unfolding gives the line back. */
static void
test_folding(void **state)
{
	struct strbuf sb = { 0 }, back = { 0 };
	char value[400];
	const char *p, *nl;
	size_t i;

	(void)state;
	/* "é" is two octets: an odd start puts one across each 75 */
	value[0] = 'x';
	for (i = 1; i + 2 < sizeof(value); i += 2)
		memcpy(value + i, "\xc3\xa9", 2);
	value[i] = '\0';
	ics_line(&sb, "SUMMARY", value, true);
	for (p = sb.s; *p; p = nl + 2) {
		nl = strstr(p, "\r\n");
		assert_non_null(nl);
		assert_true(nl - p <= 75);
		/* a line starts on a character: not a continuation byte */
		if (p != sb.s) {
			assert_true(*p == ' ');
			assert_true((p[1] & 0xc0) != 0x80);
			sb_addn(&back, p + 1, (size_t)(nl - p - 1));
		} else
			sb_addn(&back, p, (size_t)(nl - p));
	}
	assert_true(sb.len > 400);	/* it folded */
	assert_string_equal(sb_str(&back) + strlen("SUMMARY:"), value);
	sb_free(&sb);
	sb_free(&back);
}

static void
test_calendar(void **state)
{
	struct ics ics;
	struct ics_event timed = { .uid = "2027-01-12-0480-MHFA@certminder",
	    .day = D("2027-01-12"), .minute = 8 * 60, .end_minute = 16 * 60,
	    .summary = "Mental Health First Aid", .location = "Station 2",
	    .description = "12 seats left on 2026-11-23.",
	    .url = "https://lms.example/course/102" };
	struct ics_event week = { .uid = "class-cit@certminder",
	    .day = D("2027-02-01"), .minute = 8 * 60, .end_day = D("2027-02-05"),
	    .end_minute = 17 * 60, .summary = "CIT 40-Hour" };
	struct ics_event days = { .uid = "class-days@certminder",
	    .day = D("2027-02-08"), .minute = -1, .end_day = D("2027-02-12"),
	    .end_minute = -1, .summary = "CIT 40-Hour" };
	struct ics_event allday = { .uid = "expiry-1@certminder",
	    .day = D("2027-01-20"), .minute = -1, .end_minute = -1,
	    .summary = "MHFA expires", .transparent = true,
	    .url = "https://lms.example/a b" };

	(void)state;
	ics_begin(&ics, D("2026-11-23"));
	ics_event(&ics, &timed);
	ics_event(&ics, &allday);
	ics_end(&ics);
	assert_int_equal(ics.events, 2);
	/* a week: DTEND on the last day; all day: the day after it */
	{
		struct ics more;

		ics_begin(&more, D("2026-11-23"));
		ics_event(&more, &week);
		ics_event(&more, &days);
		assert_non_null(strstr(more.sb.s, "DTSTART:20270201T080000\r\n"
		    "DTEND:20270205T170000\r\n"));
		assert_non_null(strstr(more.sb.s, "DTSTART;VALUE=DATE:20270208"
		    "\r\nDTEND;VALUE=DATE:20270213\r\n"));
		sb_free(&more.sb);
	}
	assert_string_equal(sb_str(&ics.sb),
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//certminder//certminder " VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:2027-01-12-0480-MHFA@certminder\r\n"
	    "DTSTAMP:20261123T000000Z\r\n"
	    "DTSTART:20270112T080000\r\n"
	    "DTEND:20270112T160000\r\n"
	    "SUMMARY:Mental Health First Aid\r\n"
	    "LOCATION:Station 2\r\n"
	    "DESCRIPTION:12 seats left on 2026-11-23.\r\n"
	    "URL:https://lms.example/course/102\r\n"
	    "END:VEVENT\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:expiry-1@certminder\r\n"
	    "DTSTAMP:20261123T000000Z\r\n"
	    "DTSTART;VALUE=DATE:20270120\r\n"
	    "DTEND;VALUE=DATE:20270121\r\n"
	    "SUMMARY:MHFA expires\r\n"
	    "TRANSP:TRANSPARENT\r\n"	/* no URL: it holds a space */
	    "END:VEVENT\r\n"
	    "END:VCALENDAR\r\n");
	sb_free(&ics.sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_calendar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
