#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"
#include "conf.h"
#include "people.h"
#include "schedule.h"
#include "unit.h"

static uint32_t
add(struct people *pp, const char *id, bool sworn, day_t mhfa, day_t cit)
{
	bool existed;
	uint32_t i = people_add(pp, id, strlen(id), &existed);

	pp->v[i].sworn = sworn;
	pp->v[i].hired = DAY_NONE;
	pp->v[i].agency = people_agency(pp, "PD");
	*people_expires(pp, i, 0) = mhfa;
	*people_expires(pp, i, 1) = cit;
	return i;
}

/* Whom to book, by hand: what the person must hold before what is
 * voluntary; within each, expired longest ago first, then the missing that
 * must hold it by the day they must (a new hire at the end of the grace),
 * then the soonest to expire; never the current, the inactive, or a
 * civilian missing what they need not hold. */
static void
test_order(void **state)
{
	day_t t = D("2026-11-23");
	struct conf c;
	struct people pp;
	struct compliance cp;
	struct to_train *v;
	size_t n;

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	add(&pp, "P0", true, t - 10, t - 400);
	add(&pp, "P1", true, DAY_NONE, DAY_NONE);
	pp.v[1].hired = t - 30;
	add(&pp, "P2", true, t + 5, DAY_FOREVER);
	add(&pp, "P3", false, DAY_NONE, DAY_NONE);
	add(&pp, "P4", true, t - 100, DAY_NONE);
	pp.v[4].active = false;
	add(&pp, "P5", true, DAY_NONE, t + 200);
	add(&pp, "P6", false, DAY_NONE, DAY_NONE);
	pp.v[6].selected = true;
	compliance_compute(&c, &pp, t, &cp);
	n = schedule_build(&c, &pp, &cp, &v);
	assert_int_equal(n, 6);
	assert_int_equal(v[0].person, 0);
	assert_int_equal(v[0].cert, 0);
	assert_int_equal(v[0].need, NEED_EXPIRED);
	assert_true(v[0].required);
	assert_int_equal(v[1].person, 5);
	assert_int_equal(v[1].need, NEED_MISSING);
	assert_int_equal(v[1].expires, DAY_NONE);
	assert_int_equal(v[1].train_by, t);
	assert_int_equal(v[2].person, 6);
	assert_int_equal(v[2].need, NEED_MISSING);
	assert_int_equal(v[3].person, 1);
	assert_int_equal(v[3].need, NEED_MISSING);
	assert_int_equal(v[3].train_by, t - 30 + c.new_hire_grace_days);
	assert_int_equal(v[4].person, 2);
	assert_int_equal(v[4].need, NEED_EXPIRING);
	assert_int_equal(v[4].train_by, t + 5);
	assert_string_equal(schedule_need_name(v[4].need), "expiring");
	/* the voluntary CIT last, though it expired longest ago */
	assert_int_equal(v[5].person, 0);
	assert_int_equal(v[5].cert, 1);
	assert_int_equal(v[5].need, NEED_EXPIRED);
	assert_int_equal(v[5].expires, t - 400);
	assert_false(v[5].required);
	free(v);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

/* Nobody to book: no list, nothing to free. */
static void
test_nobody(void **state)
{
	day_t t = D("2026-11-23");
	struct conf c;
	struct people pp;
	struct compliance cp;
	struct to_train *v;

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	add(&pp, "P0", true, t + 365, DAY_NONE);
	compliance_compute(&c, &pp, t, &cp);
	assert_int_equal(schedule_build(&c, &pp, &cp, &v), 0);
	assert_null(v);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

/*
 * The booking plan on random rosters and calendars: no class gets more
 * people than its seats (none where it gives no number), each is given a
 * class that fits them, and no one is left out while a class that fits
 * them went to someone after them.
 */
static void
test_plan_within_seats(void **state)
{
	static const char *const title[] = { "Mental Health First Aid",
	    "MHFA Recertification", "CIT 40-Hour", "CIT Refresher" };
	day_t t = D("2026-11-23");
	unsigned seed = 11;
	int round;
	size_t planned = 0, unplaced = 0, filled = 0;

	(void)state;
	for (round = 0; round < 60; round++) {
		struct conf c;
		struct people pp;
		struct compliance cp;
		struct problems problems = { 0 };
		struct classes cs;
		struct strbuf cal = { 0 };
		struct to_train *v;
		struct place *pl;
		size_t n, i, j;
		char id[16], d[DATE_ISO_LEN], *path, *err = NULL;
		long *given;
		int r;

		conf_defaults(&c);
		people_init(&pp, c.ncerts, false);
		for (i = 0; i < 60; i++) {
			snprintf(id, sizeof(id), "P%zu", i);
			r = rand_r(&seed) % 10;
			add(&pp, id, r < 8, r < 2 ? DAY_NONE : t - 200 +
			    rand_r(&seed) % 500, r < 5 ? DAY_NONE : t - 300 +
			    rand_r(&seed) % 600);
		}
		sb_add(&cal, "Course,Start,Seats\n");
		for (i = 0; i < 12; i++) {
			r = rand_r(&seed) % 8;
			sb_printf(&cal, "%s,%s 08:00,", title[rand_r(&seed) % 4],
			    date_iso(t + rand_r(&seed) % 200, d));
			if (r > 0)	/* 0: no number; some full */
				sb_printf(&cal, "%d", rand_r(&seed) % 4);
			sb_add(&cal, "\n");
		}
		path = temp_file(cal.s, cal.len);
		c.classes.file = xstrdup(path);
		assert_int_equal(classes_load(&c, &pp, t, &problems, &cs, &err),
		    INPUT_OK);
		compliance_compute(&c, &pp, t, &cp);
		n = schedule_build(&c, &pp, &cp, &v);
		pl = xcalloc(n + 1, sizeof(*pl));
		schedule_plan(&cs, &c, &pp, t, v, n, pl);
		given = xcalloc(cs.n + 1, sizeof(*given));
		for (i = 0; i < n; i++) {
			if (pl[i].state != PLACE_PLANNED) {
				assert_int_equal(pl[i].state, PLACE_UNPLACED);
				assert_non_null(pl[i].why);
				unplaced++;
				continue;
			}
			planned++;
			/* the class it names is one that fits them */
			assert_true(classes_fits(&cs, &c, &pp, v[i].person,
			    v[i].cert, (size_t)pl[i].cls, t));
			assert_int_equal(pl[i].day, cs.v[pl[i].cls].day);
			given[pl[i].cls]++;
		}
		for (j = 0; j < cs.n; j++) {
			assert_true(given[j] <= (cs.v[j].seats < 0 ? 0 :
			    cs.v[j].seats));
			filled += cs.v[j].seats > 0 && given[j] == cs.v[j].seats;
		}
		/* one left out: nothing that fits them went to one after */
		for (i = 0; i < n; i++) {
			if (pl[i].state != PLACE_UNPLACED)
				continue;
			for (j = i + 1; j < n; j++)
				assert_false(pl[j].state == PLACE_PLANNED &&
				    classes_fits(&cs, &c, &pp, v[i].person,
				    v[i].cert, (size_t)pl[j].cls, t));
		}
		free(given);
		free(pl);
		free(v);
		classes_free(&cs);
		problems_free(&problems);
		compliance_free(&cp);
		people_free(&pp);
		conf_free(&c);
		unlink(path);
		free(path);
		sb_free(&cal);
	}
	/* the rounds tried each side: seats given, classes filled, people
	 * left out */
	assert_true(planned > 100 && unplaced > 100 && filled > 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_nobody),
		cmocka_unit_test(test_plan_within_seats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
