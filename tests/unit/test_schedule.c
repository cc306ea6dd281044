#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_nobody),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
