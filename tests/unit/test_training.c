/*
 * training: what a training row must be to count -- its dates plausible,
 * an expiry of "N/A" computed from the validity, the latest expiry kept,
 * equivalents folded in.  Each case is one small training file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "people.h"
#include "strbuf.h"
#include "training.h"
#include "unit.h"

struct run {
	struct conf		 conf;
	struct people		 people;
	struct problems		 problems;
	struct input_stats	 stats;
};

/* Reads rows (after the header) for person "1" with the default config. */
static void
load(struct run *r, const char *rows)
{
	char *text = xasprintf("Employee ID,Course Title,Completion Date,"
	    "Expiration Date\n%s", rows), *err = NULL;
	char *path = temp_file(text, strlen(text));
	bool existed;

	free(text);
	memset(r, 0, sizeof(*r));
	conf_defaults(&r->conf);
	people_init(&r->people, r->conf.ncerts, false);
	people_add(&r->people, "1", 1, &existed);
	assert_int_equal(training_load(&r->conf, path, D("2026-11-23"), false,
	    &r->people, &r->problems, &r->stats, &err), INPUT_OK);
	assert_null(err);
	unlink(path);
	free(path);
}

static void
done(struct run *r)
{
	people_free(&r->people);
	problems_free(&r->problems);
	input_stats_free(&r->stats);
	conf_free(&r->conf);
}

/* The one problem, on line 2. */
static void
refused(const char *row, const char *why)
{
	struct run r;

	load(&r, row);
	assert_int_equal(r.stats.rejected, 1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 2);
	assert_string_equal(r.problems.v[0].message, why);
	assert_int_equal(*people_expires(&r.people, 0, 0), DAY_NONE);
	done(&r);
}

static void
test_plausibility(void **state)
{
	(void)state;
	refused("1,MHFA,2026-11-24,\n",
	    "completion date 2026-11-24 is after today (2026-11-23)");
	refused("1,MHFA,1979-12-31,\n",
	    "completion date 1979-12-31 is before earliest_date (1980-01-01)");
	refused("1,MHFA,2024-05-01,2024-04-30\n",
	    "expiry date 2024-04-30 is before the completion date 2024-05-01");
	refused("1,MHFA,2024-05-01,2034-05-02\n",
	    "expiry date 2034-05-02 is more than ten years after the "
	    "completion date 2024-05-01");
	refused("1,MHFA,2023,\n", "unreadable date '2023' (completion date)");
	/* a learning system's "no end" is refused with the way out */
	refused("1,MHFA,2024-05-01,12/31/9999\n",
	    "expiry date 9999-12-31 is more than ten years after the "
	    "completion date 2024-05-01: if the export writes it for a course "
	    "that does not expire, add it as written to no_expiry_values");
}

static void
test_accepted(void **state)
{
	struct run r;

	(void)state;
	/* ten years to the day is the longest expiry; today is fine */
	load(&r, "1,MHFA,2024-05-01,2034-05-01\n1,CIT,2026-11-23,N/A\n");
	assert_int_equal(r.stats.rejected, 0);
	assert_int_equal(*people_expires(&r.people, 0, 0), D("2034-05-01"));
	assert_int_equal(*people_expires(&r.people, 0, 1), D("2029-11-23"));
	done(&r);
	/* the latest expiry of several records counts */
	load(&r, "1,MHFA,2022-01-01,\n1,MHFA,2024-01-01,\n1,MHFA,2023-01-01,\n");
	assert_int_equal(*people_expires(&r.people, 0, 0), D("2027-01-01"));
	done(&r);
}

/*
 * Renewals are decided once the whole file is read: a refresher above its
 * course in the file still renews, renewals chain in date order, and
 * MHFA's recertification renews only while the certification holds.
 */
static void
test_renewals(void **state)
{
	struct run r;

	(void)state;
	/* the refresher first in the file, its 2019 course after it;
	 * CIT renews after a lapse: 2024-06-10 + 36 months */
	load(&r, "1,CIT Refresher,2024-06-10,\n1,CIT 40-hour,2019-05-01,\n");
	assert_int_equal(*people_expires(&r.people, 0, 1), D("2027-06-10"));
	assert_int_equal(r.problems.n, 0);
	done(&r);
	/* a refresher the same day as the course renews nothing */
	load(&r, "1,CIT 40-hour,2019-05-01,\n1,CIT Refresher,2019-05-01,\n");
	assert_int_equal(*people_expires(&r.people, 0, 1), D("2022-05-01"));
	assert_int_equal(r.problems.n, 1);
	done(&r);
	/* MHFA 2018 (through 2021-03-01), recertified 2021-02-01 (through
	 * 2024-02-01), again 2024-01-15 (through 2027-01-15): a chain, each
	 * in time, listed newest first */
	load(&r, "1,MHFA Recertification,2024-01-15,\n"
	    "1,MHFA Recertification,2021-02-01,\n"
	    "1,Mental Health First Aid,2018-03-01,\n");
	assert_int_equal(*people_expires(&r.people, 0, 0), D("2027-01-15"));
	assert_int_equal(r.problems.n, 0);
	done(&r);
	/* the same with the middle one missing: the last came after the
	 * lapse on 2021-03-01 and renews nothing */
	load(&r, "1,MHFA Recertification,2024-01-15,\n"
	    "1,Mental Health First Aid,2018-03-01,\n");
	assert_int_equal(*people_expires(&r.people, 0, 0), D("2021-03-01"));
	assert_int_equal(r.problems.n, 1);
	assert_non_null(strstr(r.problems.v[0].message, "came after MHFA "
	    "lapsed (valid through 2021-03-01)"));
	assert_int_equal(r.problems.v[0].line, 2);
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plausibility),
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_renewals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
