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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plausibility),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
