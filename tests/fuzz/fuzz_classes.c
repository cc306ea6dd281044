/*
 * Fuzzes the class calendar and the bookings: the input, split at the
 * first form feed, is a calendar (read as iCalendar through libical when
 * it starts "BEGIN:", else as CSV) and a bookings CSV, read for a small
 * roster; then the classes that fit each person, the seats, and each
 * person's reminder lines with the training.ics they attach.  Whatever the
 * input, no class kept has a control character in its text, no seat
 * count is negative beyond "not given", and the calendar file stays in
 * 75-octet lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classes.h"
#include "conf.h"
#include "ics.h"
#include "input.h"
#include "people.h"
#include "strbuf.h"
#include "text.h"
#include "../common/fuzzput.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	if (s != NULL && str_has_control(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/certminder-fuzz-classes-XXXXXX";
	static bool made;
	const uint8_t *rest;
	size_t nrest, ncal = fuzz_split(data, size, &rest, &nrest);
	bool ics = ncal >= 6 && memcmp(data, "BEGIN:", 6) == 0;
	char cal[128], book[128], *err = NULL;
	const char *ids[] = { "1", "2", "3" };
	day_t today = date_from_civil(2026, 11, 23), e[] = { DAY_NONE,
	    date_from_civil(2027, 1, 20), date_from_civil(2026, 6, 1) };
	struct problems problems = { 0 };
	struct classes cs;
	struct people pp;
	struct conf c;
	uint32_t i, v;
	size_t k, j, fit[CLASSES_SHOWN];
	bool existed;

	if (!made) {
		if (mkdtemp(dir) == NULL)
			abort();
		made = true;
	}
	snprintf(cal, sizeof(cal), "%s/cal.%s", dir, ics ? "ics" : "csv");
	snprintf(book, sizeof(book), "%s/book.csv", dir);
	fuzz_put(cal, data, ncal);
	fuzz_put(book, rest, nrest);
	conf_defaults(&c);
	c.classes.file = xstrdup(cal);
	c.enrollments.file = xstrdup(book);
	people_init(&pp, c.ncerts, false);
	for (i = 0; i < 3; i++) {
		v = people_add(&pp, ids[i], 1, &existed);
		pp.v[v].active = pp.v[v].sworn = true;
		*people_expires(&pp, v, 0) = e[i];
	}
	if (classes_load(&c, &pp, today, &problems, &cs, &err) == INPUT_OK) {
		for (j = 0; j < cs.n; j++) {
			check_text(cs.v[j].title);
			check_text(cs.v[j].location);
			check_text(cs.v[j].signup);
			if (cs.v[j].seats < -1 || cs.v[j].day < today)
				abort();
		}
		for (i = 0; i < 3; i++)
			for (k = 0; k < c.ncerts; k++) {
				size_t n = classes_fitting(&cs, &c, &pp, i, k,
				    today, fit, CLASSES_SHOWN, NULL);
				struct ics cal_out;

				ics_begin(&cal_out, today);
				for (j = 0; j < n; j++) {
					const struct class *cl = &cs.v[fit[j]];
					struct ics_event ev = { .uid = cl->uid,
					    .day = cl->day, .minute = cl->minute,
					    .end_day = cl->end_day,
					    .end_minute = cl->end_minute,
					    .summary = cl->title,
					    .location = cl->location,
					    .url = cl->signup };
					struct strbuf when = { 0 };

					if (!classes_fits(&cs, &c, &pp, i, k,
					    fit[j], today))
						abort();
					classes_when(cl, false, &when);
					sb_free(&when);
					ics_event(&cal_out, &ev);
				}
				ics_end(&cal_out);
				for (j = 0; j < cal_out.sb.len; j++) {
					size_t col = strcspn(cal_out.sb.s + j,
					    "\r");

					if (col > 75)
						abort();
					j += col + 1;
				}
				sb_free(&cal_out.sb);
				(void)classes_booking(&cs, i, k);
			}
		(void)classes_seats(&cs, 0, today, today + 365);
	}
	free(err);
	classes_free(&cs);
	problems_free(&problems);
	people_free(&pp);
	conf_free(&c);
	unlink(cal);
	unlink(book);
	return 0;
}
