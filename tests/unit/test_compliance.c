#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "conf.h"
#include "people.h"
#include "training.h"
#include "unit.h"

static void
test_required_ceiling(void **state)
{
	(void)state;
	assert_int_equal(threshold_required(20, 101), 21);
	assert_int_equal(threshold_required(20, 100), 20);
	assert_int_equal(threshold_required(20, 99), 20);
	assert_int_equal(threshold_required(20, 1), 1);
	assert_int_equal(threshold_required(20, 0), 0);
	assert_int_equal(threshold_required(100, 98), 98);
	assert_int_equal(threshold_required(25, 7), 2);
	assert_int_equal(threshold_required(0, 50), 0);
	assert_int_equal(threshold_required(33, 1000000), 330000);
}

static void
test_status_boundaries(void **state)
{
	day_t t = D("2026-11-23");

	(void)state;
	assert_int_equal(status_of(DAY_NONE, t, 90), ST_MISSING);
	assert_int_equal(status_of(t - 1, t, 90), ST_EXPIRED);	/* yesterday */
	assert_int_equal(status_of(t, t, 90), ST_EXPIRING);	/* today */
	assert_int_equal(status_of(t + 90, t, 90), ST_EXPIRING);
	assert_int_equal(status_of(t + 91, t, 90), ST_CURRENT);
	assert_int_equal(status_of(DAY_FOREVER, t, 90), ST_CURRENT);
	assert_int_equal(status_of(t, t, 0), ST_EXPIRING);
	assert_int_equal(status_of(t + 1, t, 0), ST_CURRENT);
}

static void
test_expiry(void **state)
{
	struct conf c;
	char buf[DATE_ISO_LEN];

	(void)state;
	conf_defaults(&c);
	assert_string_equal(date_iso(training_expiry(&c.certs[0],
	    D("2024-02-29")), buf), "2027-02-28");
	c.certs[1].validity_months = 24;
	assert_string_equal(date_iso(training_expiry(&c.certs[1],
	    D("2024-08-31")), buf), "2026-08-31");
	c.certs[1].validity_months = 0;
	assert_int_equal(training_expiry(&c.certs[1], D("2024-08-31")),
	    DAY_FOREVER);
	conf_free(&c);
}

static void
test_forecast_holds(void **state)
{
	day_t t = D("2026-11-23");
	day_t exp[] = { t + 500, t + 400, t + 366, DAY_NONE, t - 3 };
	struct forecast fc;

	(void)state;
	/* 3 valid through the horizon (t + 365), 3 required. */
	forecast_compute(exp, 5, 3, t, 365, &fc);
	assert_int_equal(fc.breaks_on, DAY_NONE);
	assert_int_equal(fc.needed_for_horizon, 0);
}

static void
test_forecast_breaks(void **state)
{
	day_t t = D("2026-11-23");
	day_t exp[] = { t + 10, t + 200, t + 50, DAY_NONE, t + 400, t + 50 };
	struct forecast fc;

	(void)state;
	/* Required 3: valid counts are 5 until t+10, 4 until t+50, 2 after. */
	forecast_compute(exp, 6, 3, t, 365, &fc);
	assert_int_equal(fc.breaks_on, t + 51);
	assert_int_equal(fc.needed_by_break, 1);
	/* On t + 365 only one (t + 400) is valid. */
	assert_int_equal(fc.needed_for_horizon, 2);
}

static void
test_forecast_broken_today(void **state)
{
	day_t t = D("2026-11-23");
	day_t exp[] = { t + 10, t - 1, DAY_NONE, t };
	struct forecast fc;

	(void)state;
	/* Valid today: t + 10 and t (valid through its expiry day): 2 of 3. */
	forecast_compute(exp, 4, 3, t, 365, &fc);
	assert_int_equal(fc.breaks_on, t);
	assert_int_equal(fc.needed_by_break, 1);
	assert_int_equal(fc.needed_for_horizon, 3);
}

static void
test_forecast_edge_of_horizon(void **state)
{
	day_t t = D("2026-11-23");
	day_t a[] = { t + 364 }, b[] = { t + 365 }, c[] = { DAY_FOREVER };
	struct forecast fc;

	(void)state;
	forecast_compute(a, 1, 1, t, 365, &fc);	/* invalid on t + 365 */
	assert_int_equal(fc.breaks_on, t + 365);
	assert_int_equal(fc.needed_for_horizon, 1);
	forecast_compute(b, 1, 1, t, 365, &fc);	/* valid through t + 365 */
	assert_int_equal(fc.breaks_on, DAY_NONE);
	assert_int_equal(fc.needed_for_horizon, 0);
	forecast_compute(c, 1, 1, t, 365, &fc);
	assert_int_equal(fc.breaks_on, DAY_NONE);
	forecast_compute(NULL, 0, 0, t, 365, &fc);	/* nobody required */
	assert_int_equal(fc.breaks_on, DAY_NONE);
	assert_int_equal(fc.needed_for_horizon, 0);
}

/* A small agency built by hand, counted by compliance_compute(). */
static void
test_agency_counts(void **state)
{
	day_t t = D("2026-11-23");
	struct conf c;
	struct people pp;
	struct compliance cp;
	const struct cert_tally *mhfa, *cit;
	bool existed;
	uint32_t i;
	char id[16];

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	for (i = 0; i < 101; i++) {	/* 101 sworn */
		snprintf(id, sizeof(id), "S%u", i);
		people_add(&pp, id, strlen(id), &existed);
		pp.v[i].agency = people_agency(&pp, "PD");
		*people_expires(&pp, i, 0) = t + 100;	/* MHFA current */
		*people_expires(&pp, i, 1) = i < 21 ? t + 30 : DAY_NONE;
	}
	*people_expires(&pp, 0, 0) = t - 1;	/* expired yesterday */
	*people_expires(&pp, 1, 0) = t;		/* expires today */
	*people_expires(&pp, 2, 0) = DAY_NONE;
	people_add(&pp, "N1", 2, &existed);	/* selected non-sworn */
	pp.v[101].sworn = false;
	pp.v[101].selected = true;
	pp.v[101].agency = 0;
	*people_expires(&pp, 101, 0) = t + 5;
	people_add(&pp, "R1", 2, &existed);	/* retired: counts nowhere */
	pp.v[102].active = false;
	pp.v[102].agency = 0;
	compliance_compute(&c, &pp, t, &cp);
	assert_int_equal(cp.nagencies, 1);
	assert_int_equal(cp.agency[0].sworn, 101);
	assert_int_equal(cp.agency[0].active, 102);
	mhfa = &cp.agency[0].cert[0];
	cit = &cp.agency[0].cert[1];
	assert_int_equal(mhfa->required, 101);
	assert_int_equal(mhfa->valid, 99);
	assert_int_equal(mhfa->expired, 1);
	assert_int_equal(mhfa->missing, 1);
	assert_int_equal(mhfa->expiring, 1);
	assert_int_equal(mhfa->current, 98);
	assert_false(mhfa->met);
	assert_int_equal(mhfa->shortfall, 2);
	assert_int_equal(mhfa->forecast.breaks_on, t);
	assert_int_equal(mhfa->selected_total, 1);
	assert_int_equal(mhfa->selected_valid, 1);
	assert_int_equal(cit->required, 21);
	assert_int_equal(cit->valid, 21);
	assert_true(cit->met);
	assert_int_equal(cit->shortfall, 0);
	assert_int_equal(cit->forecast.breaks_on, t + 31);
	assert_int_equal(cit->forecast.needed_for_horizon, 21);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

/*
 * The curve the HTML chart draws: six people, counted by hand.  Valid
 * today: Ana (until T+10), Bo (T+10), Cy (T+40), Di (never expires);
 * Ed's lapsed yesterday, Flo is not sworn.  Ana and Bo are valid through
 * T+10 and gone from T+11: one step to 2; Cy gone from T+41: 1; Di stays.
 */
static void
test_curve(void **state)
{
	day_t t = D("2026-11-23"), *days;
	struct people pp;
	uint32_t who[6];
	bool existed;
	int *valid;
	size_t i, n;
	const char *ids[] = { "1", "2", "3", "4", "5", "6" };
	day_t exp[] = { t + 10, t + 10, t + 40, DAY_FOREVER, t - 1, t + 5 };

	(void)state;
	people_init(&pp, 2, false);
	for (i = 0; i < 6; i++) {
		who[i] = people_add(&pp, ids[i], 1, &existed);
		*people_expires(&pp, who[i], 0) = exp[i];
	}
	pp.v[who[5]].sworn = false;
	n = compliance_curve(&pp, who, 6, 0, t, t + 90, &days, &valid);
	assert_int_equal(n, 3);
	assert_int_equal(days[0], t);
	assert_int_equal(valid[0], 4);
	assert_int_equal(days[1], t + 11);
	assert_int_equal(valid[1], 2);
	assert_int_equal(days[2], t + 41);
	assert_int_equal(valid[2], 1);
	free(days);
	free(valid);
	/* an expiry on the last day drawn is no step within it */
	n = compliance_curve(&pp, who, 6, 0, t, t + 40, &days, &valid);
	assert_int_equal(n, 2);
	assert_int_equal(valid[1], 2);
	free(days);
	free(valid);
	people_free(&pp);
}

/* Spans from today to each expiry give what forecast_compute() gives,
 * on random expiries about the horizon. */
static void
test_spans_are_the_plain_forecast(void **state)
{
	day_t today = D("2026-11-23"), exp[40], copy[40];
	struct span sp[40];
	struct forecast a, b;
	unsigned seed = 7;
	int round, required, horizon;
	size_t i, n;

	(void)state;
	for (round = 0; round < 2000; round++) {
		n = (size_t)(rand_r(&seed) % 40);
		horizon = rand_r(&seed) % 3 == 0 ? 0 : rand_r(&seed) % 400;
		required = rand_r(&seed) % 30;
		for (i = 0; i < n; i++) {
			int r = rand_r(&seed) % 500;

			exp[i] = r < 20 ? DAY_NONE : r < 30 ? DAY_FOREVER :
			    today - 60 + r;
			copy[i] = exp[i];
			sp[i].from = today;
			sp[i].to = exp[i];
		}
		forecast_compute(copy, n, required, today, horizon, &a);
		forecast_spans(sp, n, required, today, horizon, &b);
		assert_int_equal(a.breaks_on, b.breaks_on);
		assert_int_equal(a.needed_by_break, b.needed_by_break);
		assert_int_equal(a.needed_for_horizon, b.needed_for_horizon);
	}
}

/* One lapses on 01-01 and is booked to train again on 01-10: with two
 * required of three, the count is 2 to 12-31, 1 from 01-01 (the break),
 * 2 again from 01-10. */
static void
test_spans_with_a_gap(void **state)
{
	day_t today = D("2026-12-01");
	struct span sp[] = {
		{ today, D("2027-06-30") },
		{ today, D("2026-12-31") },
		{ D("2027-01-10"), D("2030-01-10") },	/* the same person */
		{ today, D("2026-11-30") },		/* lapsed */
	};
	struct forecast fc;

	(void)state;
	forecast_spans(sp, 4, 2, today, 365, &fc);
	assert_int_equal(fc.breaks_on, D("2027-01-01"));
	assert_int_equal(fc.needed_by_break, 1);
	assert_int_equal(fc.needed_for_horizon, 1);	/* 06-30 is gone */
	/* a class on 01-01 closes the gap: it holds to 06-30 */
	sp[2].from = D("2027-01-01");
	forecast_spans(sp, 4, 2, today, 365, &fc);
	assert_int_equal(fc.breaks_on, D("2027-07-01"));
	assert_int_equal(fc.needed_by_break, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_ceiling),
		cmocka_unit_test(test_status_boundaries),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_forecast_holds),
		cmocka_unit_test(test_forecast_breaks),
		cmocka_unit_test(test_forecast_broken_today),
		cmocka_unit_test(test_forecast_edge_of_horizon),
		cmocka_unit_test(test_agency_counts),
		cmocka_unit_test(test_curve),
		cmocka_unit_test(test_spans_are_the_plain_forecast),
		cmocka_unit_test(test_spans_with_a_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
