/*
 * classes: a calendar and bookings written to files, read into classes
 * that fit, bookings that stand or were missed, and the seats verdict,
 * counted by hand.  Today 2026-11-23; Ana's MHFA expires 2027-01-20, Bo
 * never held it, Cy's lapsed 2026-06-01.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classes.h"
#include "unit.h"

#define T	D("2026-11-23")

struct scene {
	struct conf		 c;
	struct people		 pp;
	struct problems		 problems;
	struct classes		 cs;
	char			*cal, *book;
};

static void
scene_open(struct scene *s, const char *calendar, const char *bookings)
{
	const char *ids[] = { "1", "2", "3" };
	day_t mhfa[] = { D("2027-01-20"), DAY_NONE, D("2026-06-01") };
	char *err = NULL;
	bool existed;
	uint32_t i, v;

	memset(s, 0, sizeof(*s));
	conf_defaults(&s->c);
	people_init(&s->pp, s->c.ncerts, false);
	for (i = 0; i < 3; i++) {
		v = people_add(&s->pp, ids[i], 1, &existed);
		*people_expires(&s->pp, v, 0) = mhfa[i];
	}
	s->cal = temp_file(calendar, strlen(calendar));
	s->c.classes.file = xstrdup(s->cal);
	if (bookings != NULL) {
		s->book = temp_file(bookings, strlen(bookings));
		s->c.enrollments.file = xstrdup(s->book);
	}
	assert_int_equal(classes_load(&s->c, &s->pp, T, &s->problems, &s->cs,
	    &err), INPUT_OK);
	assert_null(err);
}

static void
scene_close(struct scene *s)
{
	classes_free(&s->cs);
	problems_free(&s->problems);
	people_free(&s->pp);
	conf_free(&s->c);
	unlink(s->cal);
	free(s->cal);
	if (s->book != NULL)
		unlink(s->book);
	free(s->book);
}

static const char calendar[] =
    "Course,Start,End,Location,Seats,Sign-up\n"
    "MHFA Recertification,2026-12-08 09:00,2026-12-08 12:00,Online,5,u1\n"
    "Mental Health First Aid,1/12/2027 8:00 AM,1/12/2027 4:00 PM,"
    "Station 2,12,u2\n"
    "Mental Health First Aid,2026-12-15,,HQ,0,u3\n"
    "Mental Health First Aid,2026-11-10 08:00,,Station 2,9,u4\n"
    "First Aid/CPR,2026-12-09,,Station 1,10,u5\n"
    "Mental Health First Aid,2027-03-02 12:30 PM,,Station 2,,u6\n"
    "MHFA Recertification,2027-02-01 09:00,,Online,6,u7\n";

/* Listed: 1, 2, 6 and 7, earliest first; 3 full, 4 past, 5 no
 * certification.  Times read with and without AM/PM. */
static void
test_read(void **state)
{
	struct scene s;
	struct strbuf sb = { 0 };

	(void)state;
	scene_open(&s, calendar, NULL);
	assert_int_equal(s.cs.n, 4);
	assert_int_equal(s.cs.full, 1);
	assert_int_equal(s.cs.past, 1);
	assert_int_equal(s.cs.unmatched, 1);
	assert_string_equal(s.cs.unmatched_titles.v[0], "First Aid/CPR");
	assert_true(s.cs.v[0].renewal);
	assert_int_equal(s.cs.v[0].day, D("2026-12-08"));
	assert_int_equal(s.cs.v[1].minute, 8 * 60);
	assert_int_equal(s.cs.v[1].end_minute, 16 * 60);
	assert_false(s.cs.v[1].renewal);
	assert_int_equal(s.cs.v[3].minute, 12 * 60 + 30);
	assert_int_equal(s.cs.v[3].seats, -1);	/* not given */
	classes_when(&s.cs.v[1], false, &sb);
	assert_string_equal(sb_str(&sb), "Tuesday, January 12, 2027, "
	    "08:00-16:00, Station 2");
	sb_reset(&sb);
	classes_when(&s.cs.v[1], true, &sb);	/* date_style = "iso" */
	assert_string_equal(sb_str(&sb), "2027-01-12, 08:00-16:00, Station 2");
	sb_free(&sb);
	scene_close(&s);
}

/* Ana (valid to 2027-01-20): the recertification and the course before
 * her expiry; neither the course after it (one before it fits) nor the
 * recertification of 02-01.  Bo and Cy: the courses only.  Had Ana's
 * expired on 2026-12-01, before any class: the courses after it. */
static void
test_fitting(void **state)
{
	struct scene s;
	size_t fit[CLASSES_SHOWN], n;

	(void)state;
	scene_open(&s, calendar, NULL);
	n = classes_fitting(&s.cs, &s.c, &s.pp, 0, 0, T, fit, CLASSES_SHOWN, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(s.cs.v[fit[0]].day, D("2026-12-08"));
	assert_int_equal(s.cs.v[fit[1]].day, D("2027-01-12"));
	*people_expires(&s.pp, 0, 0) = D("2026-12-01");
	n = classes_fitting(&s.cs, &s.c, &s.pp, 0, 0, T, fit, CLASSES_SHOWN, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(s.cs.v[fit[0]].day, D("2027-01-12"));
	assert_int_equal(s.cs.v[fit[1]].day, D("2027-03-02"));
	*people_expires(&s.pp, 0, 0) = D("2027-01-20");
	n = classes_fitting(&s.cs, &s.c, &s.pp, 1, 0, T, fit, CLASSES_SHOWN, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(s.cs.v[fit[0]].day, D("2027-01-12"));
	n = classes_fitting(&s.cs, &s.c, &s.pp, 2, 0, T, fit, 1, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(s.cs.v[fit[0]].day, D("2027-01-12"));
	/* no CIT classes */
	assert_int_equal(classes_fitting(&s.cs, &s.c, &s.pp, 0, 1, T, fit,
	    CLASSES_SHOWN, NULL), 0);
	/* seats before 2027-02-01: 5 + 12; the one without a number counts
	 * none */
	assert_int_equal(classes_seats(&s.cs, 0, T, D("2027-02-01")), 17);
	assert_int_equal(classes_seats(&s.cs, 0, T, D("2027-12-01")), 23);
	scene_close(&s);
}

/* Ana booked on 12-08, before her expiry: held back.  Bo booked for
 * 2026-11-10 and not trained: a no-show (13 days past, 7 allowed).  Cy
 * booked for 01-12: held back (lapsed, nothing left to miss). */
static void
test_bookings(void **state)
{
	struct scene s;
	const struct class_booking *b;

	(void)state;
	scene_open(&s, calendar, "Employee ID,Course,Start\n"
	    "1,MHFA Recertification,12/08/2026 9:00 AM\n"
	    "2,Mental Health First Aid,2026-11-10\n"
	    "3,Mental Health First Aid,2027-01-12 08:00\n"
	    "99,Mental Health First Aid,2027-01-12\n");
	assert_int_equal(s.cs.enrollments, 4);
	assert_int_equal(s.cs.enrollments_unknown, 1);
	assert_non_null(b = classes_booking(&s.cs, 0, 0));
	assert_false(b->no_show);
	assert_int_equal(b->cls, 0);
	assert_true(s.pp.booked[0 * 2 + 0]);
	assert_non_null(b = classes_booking(&s.cs, 1, 0));
	assert_true(b->no_show);
	assert_int_equal(b->cls, -1);	/* past: not on the calendar */
	assert_false(s.pp.booked[1 * 2 + 0]);
	assert_true(s.pp.booked[2 * 2 + 0]);
	assert_null(classes_booking(&s.cs, 0, 1));
	scene_close(&s);
}

/* The verdict: CIT breaks on 2027-01-11 needing 19 with 12 seats before
 * it: a class of at least 7 by 2026-12-28 (14 days ahead). */
static void
test_verdict(void **state)
{
	struct scene s;
	struct cert_tally tally[2] = { { 0 }, { .required = 30, .valid = 30,
	    .met = true } }, *t = &tally[1];
	struct agency_tally ag = { .name = "Riverton PD", .cert = tally };
	struct compliance cp = { .today = T, .forecast_days = 90, .ncerts = 2,
	    .nagencies = 1, .agency = &ag };
	struct strbuf sb = { 0 };

	(void)state;
	scene_open(&s, "Course,Start,Seats\n"
	    "CIT 40-Hour,2026-12-01,12\nCIT 40-Hour,2027-01-11,30\n", NULL);
	t->forecast = (struct forecast){ D("2027-01-11"), 19, 25 };
	classes_verdict(&s.cs, &cp, &s.c.certs[1], 0, 1, &sb);
	assert_string_equal(sb_str(&sb), "CIT: 12 seats before 2027-01-11, 19 "
	    "needed: schedule a class of at least 7 by 2026-12-28");
	sb_reset(&sb);
	s.cs.calendar = false;		/* no calendar: no seats to weigh */
	classes_verdict(&s.cs, &cp, &s.c.certs[1], 0, 1, &sb);
	assert_string_equal(sb_str(&sb), "");
	s.cs.calendar = true;
	t->forecast.needed_by_break = 12;
	classes_verdict(&s.cs, &cp, &s.c.certs[1], 0, 1, &sb);
	assert_string_equal(sb_str(&sb), "CIT: 12 seats before 2027-01-11, 12 "
	    "needed: holds");
	sb_reset(&sb);
	t->forecast.breaks_on = DAY_NONE;
	classes_verdict(&s.cs, &cp, &s.c.certs[1], 0, 1, &sb);
	assert_string_equal(sb_str(&sb), "");
	sb_free(&sb);
	scene_close(&s);
}

/* A class of several days: its last day read from a CSV's end and from
 * an all-day event's DTEND (the day after), said in words; a booking of
 * it found on the calendar. */
static void
test_several_days(void **state)
{
	static const char ics[] =
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "BEGIN:VEVENT\r\nSUMMARY:CIT 40-Hour\r\n"
	    "DTSTART;VALUE=DATE:20270208\r\nDTEND;VALUE=DATE:20270213\r\n"
	    "DESCRIPTION:Seats left: 6\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nSUMMARY:CIT 40-Hour\r\n"
	    "DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270306\r\n"
	    "DESCRIPTION:Session B. Seats: Full. Bring your badge.\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n";
	struct scene s;
	struct strbuf sb = { 0 };
	char *path;
	size_t fit[CLASSES_SHOWN];

	(void)state;
	scene_open(&s, "Course,Start,End,Location,Seats\n"
	    "Mental Health First Aid,2027-01-18 08:00,2027-01-21 16:00,HQ,5\n"
	    "Mental Health First Aid,2027-01-05 08:00,2027-01-05 16:00,HQ,5\n",
	    NULL);
	/* Ana's MHFA expires 01-20: the course of 01-18 to 01-21 is over
	 * after it, so only the one of 01-05 is in time */
	assert_int_equal(classes_fitting(&s.cs, &s.c, &s.pp, 0, 0, T, fit,
	    CLASSES_SHOWN, NULL), 1);
	assert_int_equal(s.cs.v[fit[0]].day, D("2027-01-05"));
	assert_int_equal(classes_done(&s.cs.v[1]), D("2027-01-21"));
	scene_close(&s);
	scene_open(&s, "Course,Start,End,Location,Seats\n"
	    "CIT 40-Hour,2027-02-01 08:00,2027-02-05 17:00,Academy,8\n",
	    "Employee ID,Course,Start\n1,CIT 40-Hour,2027-02-01\n");
	assert_int_equal(s.cs.n, 1);
	assert_int_equal(s.cs.v[0].end_day, D("2027-02-05"));
	assert_int_equal(s.cs.v[0].end_minute, 17 * 60);
	assert_non_null(classes_booking(&s.cs, 0, 1));
	assert_int_equal(classes_booking(&s.cs, 0, 1)->cls, 0);
	/* its seats count before a day after its last, not before 02-04 */
	assert_int_equal(classes_seats(&s.cs, 1, T, D("2027-02-06")), 8);
	assert_int_equal(classes_seats(&s.cs, 1, T, D("2027-02-04")), 0);
	classes_when(&s.cs.v[0], false, &sb);
	assert_string_equal(sb_str(&sb), "Monday, February 1, 2027, 08:00 to "
	    "Friday, February 5, 2027, 17:00, Academy");
	sb_reset(&sb);
	classes_when(&s.cs.v[0], true, &sb);
	assert_string_equal(sb_str(&sb), "2027-02-01, 08:00 to 2027-02-05, "
	    "17:00, Academy");
	scene_close(&s);
	/* an all-day event: DTEND 02-13 is the day after its last; read
	 * again, as a calendar (.ics) */
	path = temp_file(ics, strlen(ics));
	scene_open(&s, "Course,Start\n", NULL);
	classes_free(&s.cs);
	{
		char *err = NULL, *named = xasprintf("%s.ics", path);

		assert_int_equal(rename(path, named), 0);
		free(s.c.classes.file);
		s.c.classes.file = named;
		assert_int_equal(classes_load(&s.c, &s.pp, T, &s.problems,
		    &s.cs, &err), INPUT_OK);
		assert_int_equal(s.cs.n, 1);
		assert_int_equal(s.cs.full, 1);		/* "Seats: Full." */
		assert_int_equal(s.cs.v[0].day, D("2027-02-08"));
		assert_int_equal(s.cs.v[0].end_day, D("2027-02-12"));
		assert_int_equal(s.cs.v[0].minute, -1);
		assert_int_equal(s.cs.v[0].seats, 6);
		sb_reset(&sb);
		classes_when(&s.cs.v[0], true, &sb);
		assert_string_equal(sb_str(&sb), "2027-02-08 to 2027-02-12");
		unlink(named);
	}
	free(path);
	sb_free(&sb);
	scene_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_fitting),
		cmocka_unit_test(test_bookings),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_several_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
