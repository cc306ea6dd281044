/*
 * brake: what stops a live run before it sends.  A roster of 100 people
 * built by hand against what "last night" saw; each brake at its limit
 * and one past it.
 */
#include <stdio.h>
#include <string.h>

#include "brake.h"
#include "unit.h"

#define T	D("2026-11-23")

struct night {
	struct conf	 conf;
	struct people	 people;
	day_t		 prev[200];	/* 100 people x 2 certifications */
	struct brake_history h;
	struct strlist	 reasons;
};

/* 100 active sworn people, each with MHFA expiring in a year, and the
 * same seen last night by a run that counted 100 active and 100 sworn. */
static void
night_open(struct night *n)
{
	char id[16];
	bool existed;
	uint32_t i;

	memset(n, 0, sizeof(*n));
	conf_defaults(&n->conf);
	people_init(&n->people, n->conf.ncerts, false);
	for (i = 0; i < 100; i++) {
		snprintf(id, sizeof(id), "%u", i);
		people_add(&n->people, id, strlen(id), &existed);
		*people_expires(&n->people, i, 0) = T + 365;
		n->prev[i * 2] = T + 365;
		n->prev[i * 2 + 1] = DAY_NONE;
	}
	n->h.prev = n->prev;
	n->h.last_active = 100;
	n->h.last_sworn = 100;
}

/* The reasons tonight gives, one a line. */
static void
reasons_are(struct night *n, const char *want)
{
	struct strbuf sb = { 0 };
	size_t i;

	strlist_free(&n->reasons);
	brake_history(&n->conf, &n->people, &n->h, &n->reasons);
	for (i = 0; i < n->reasons.n; i++)
		sb_printf(&sb, "%s\n", n->reasons.v[i]);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
night_close(struct night *n)
{
	strlist_free(&n->reasons);
	people_free(&n->people);
	conf_free(&n->conf);
}

static void
test_bad_rows(void **state)
{
	struct conf c;
	struct input_stats st = { 0 };
	struct strlist r = { 0 };

	(void)state;
	conf_defaults(&c);
	st.rows = 100;
	st.rejected = 5;		/* max_bad_rows_pct = 5: at the limit */
	brake_bad_rows(&c, "training.csv", &st, &r);
	assert_int_equal(r.n, 0);
	st.rejected = 6;
	brake_bad_rows(&c, "training.csv", &st, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0], "training.csv: 6 of 100 rows rejected "
	    "(6.0 %), more than max_bad_rows_pct = 5 %: check the export");
	strlist_free(&r);
	st.rows = 0;			/* a header and nothing under it */
	st.rejected = 0;
	brake_bad_rows(&c, "training.csv", &st, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0], "training.csv: no rows under the header: "
	    "an export with nobody in it is a broken one: check the export");
	strlist_free(&r);
	conf_free(&c);
}

static void
test_limits(void **state)
{
	struct conf c;

	(void)state;
	conf_defaults(&c);
	/* automatic: 2 % of the active people, at least 5 */
	assert_int_equal(brake_max_vanished(&c, 100), 5);
	assert_int_equal(brake_max_vanished(&c, 1000), 20);
	/* automatic: a tenth of the active people, at least 25 */
	assert_int_equal(brake_max_notices(&c, 100), 25);
	assert_int_equal(brake_max_notices(&c, 1000), 100);
	c.max_vanished = 3;
	c.max_notices = 7;
	assert_int_equal(brake_max_vanished(&c, 1000), 3);
	assert_int_equal(brake_max_notices(&c, 1000), 7);
	conf_free(&c);
}

/* Time alone trips nothing: the expiries are as they were. */
static void
test_quiet_night(void **state)
{
	struct night n;

	(void)state;
	night_open(&n);
	reasons_are(&n, "");
	night_close(&n);
}

static void
test_roster_changes(void **state)
{
	struct night n;
	uint32_t i;

	(void)state;
	night_open(&n);
	/* 20 of 100 gone (20 %, the limit): no brake; 21 gone: a brake */
	for (i = 0; i < 20; i++)
		n.people.v[i].active = false;
	n.h.last_sworn = -1;
	reasons_are(&n, "");
	n.people.v[20].active = false;
	reasons_are(&n, "the active roster shrank from 100 to 79 people, more "
	    "than max_roster_drop_pct = 20 %: check the roster export\n");
	/* grown from 80 to 100 (25 %) */
	for (i = 0; i < 100; i++)
		n.people.v[i].active = true;
	n.h.last_active = 80;
	reasons_are(&n, "the active roster grew from 80 to 100 people, more "
	    "than max_roster_growth_pct = 20 %: have leavers come back? check "
	    "the status column\n");
	/* 21 of 100 no longer sworn: the sworn column changed its words */
	n.h.last_active = 100;
	n.h.last_sworn = 100;
	for (i = 0; i < 21; i++)
		n.people.v[i].sworn = false;
	reasons_are(&n, "sworn officers went from 100 to 79, a change of more "
	    "than max_sworn_change_pct = 20 %: check the sworn column and its "
	    "words\n");
	night_close(&n);
}

static void
test_training_changes(void **state)
{
	struct night n;
	uint32_t i;

	(void)state;
	night_open(&n);
	/* 5 records gone (the automatic limit at 100 people): no brake */
	for (i = 0; i < 5; i++)
		*people_expires(&n.people, i, 0) = DAY_NONE;
	reasons_are(&n, "");
	*people_expires(&n.people, 5, 0) = DAY_NONE;
	reasons_are(&n, "6 certifications of active people had a record on "
	    "the last run and have none now, more than max_vanished = 5: check "
	    "the training export\n");
	/* dates read a month earlier: a date format read the wrong way */
	for (i = 0; i < 100; i++)
		*people_expires(&n.people, i, 0) = T + 335;
	reasons_are(&n, "100 expiry dates moved earlier than the last run saw "
	    "them, more than max_vanished = 5: check the dates (date_format) "
	    "of the training export\n");
	/* later is a renewal, not a brake */
	for (i = 0; i < 100; i++)
		*people_expires(&n.people, i, 0) = T + 1000;
	reasons_are(&n, "");
	night_close(&n);
}

static void
test_first_run(void **state)
{
	struct night n;

	(void)state;
	night_open(&n);
	n.h.last_active = -1;
	n.h.due_notices = 25;
	reasons_are(&n, "");
	n.h.due_notices = 26;
	reasons_are(&n, "first run: 26 notices are due, more than max_notices "
	    "= 25: look at them with --dry-run, then send them once with "
	    "--force\n");
	night_close(&n);
}

/* The refusals: repeated ids past the larger of 5 and 1 %, and values
 * not understood, counted and worded. */
static void
test_understood(void **state)
{
	struct input_stats roster = { 0 }, training = { 0 };
	struct night n;

	(void)state;
	night_open(&n);
	roster.repeated_ids = 5;	/* 100 people: 5 may be */
	brake_understood(&n.people, &roster, &training, &n.reasons);
	assert_int_equal(n.reasons.n, 0);
	roster.repeated_ids = 6;
	roster.cross_agency_ids = 2;
	training.not_understood = 1;
	brake_understood(&n.people, &roster, &training, &n.reasons);
	assert_int_equal(n.reasons.n, 2);
	assert_string_equal(n.reasons.v[0], "6 ids are on more than one roster "
	    "row (at most 5 may be), 2 of them in several agencies: a roster "
	    "that reuses ids would credit one person with another's training; "
	    "if every agency numbers its own, set id_scope = \"agency\"");
	assert_string_equal(n.reasons.v[1], "1 value of the sworn, status or "
	    "selected column is not understood (see the problems): add it to "
	    "the configuration");
	night_close(&n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_quiet_night),
		cmocka_unit_test(test_roster_changes),
		cmocka_unit_test(test_training_changes),
		cmocka_unit_test(test_first_run),
		cmocka_unit_test(test_understood),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
