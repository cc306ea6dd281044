/*
 * report: the JSON and CSV reports of a night built by hand.  Riverton
 * PD, two sworn officers: Ana (000001) holds MHFA until 2027-11-23 and no
 * CIT; Bo (000002) let MHFA lapse on 2026-11-20 and holds CIT until
 * 2026-12-03 (10 days: expiring).  MHFA 1 of 2 (not met), CIT 1 of 1
 * required (met, breaking on 2026-12-04).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "report.h"
#include "unit.h"

#define T	D("2026-11-23")

struct scene {
	struct conf		 c;
	struct people		 pp;
	struct compliance	 cp;
	struct notice_plan	 plan;
	struct problems		 problems;
	struct strlist		 none;
	struct input_stats	 roster, training;
	struct report		 r;
	char			*out;
	size_t			 len;
};

static void
person(struct scene *s, const char *id, const char *name, day_t mhfa,
    day_t cit)
{
	bool existed;
	uint32_t v = people_add(&s->pp, id, strlen(id), &existed);

	s->pp.v[v].name = name;
	s->pp.v[v].agency = people_agency(&s->pp, "Riverton PD");
	*people_expires(&s->pp, v, 0) = mhfa;
	*people_expires(&s->pp, v, 1) = cit;
}

static void
scene_open(struct scene *s)
{
	memset(s, 0, sizeof(*s));
	conf_defaults(&s->c);
	people_init(&s->pp, s->c.ncerts, false);
	person(s, "000001", "Ana Diaz", D("2027-11-23"), DAY_NONE);
	person(s, "000002", "Bo Ruiz", D("2026-11-20"), D("2026-12-03"));
	compliance_compute(&s->c, &s->pp, T, &s->cp);
	s->r = (struct report){ .conf = &s->c, .people = &s->pp,
	    .compliance = &s->cp, .plan = &s->plan,
	    .roster_file = "/srv/exports/roster.csv",
	    .training_file = "/srv/exports/training.csv",
	    .roster = &s->roster, .training = &s->training,
	    .problems = &s->problems, .brakes = &s->none,
	    .refusals = &s->none, .warnings = &s->none,
	    .last_delivery = DAY_NONE, .last_run = DAY_NONE };
}

static const char *
written(struct scene *s, int (*report)(FILE *, const struct report *))
{
	FILE *fp = open_memstream(&s->out, &s->len);

	assert_non_null(fp);
	assert_int_equal(report(fp, &s->r), 0);
	assert_int_equal(fclose(fp), 0);
	return s->out;
}

static void
scene_close(struct scene *s)
{
	free(s->out);
	compliance_free(&s->cp);
	people_free(&s->pp);
	conf_free(&s->c);
}

static void
test_json(void **state)
{
	struct scene s;
	const char *j;

	(void)state;
	scene_open(&s);
	j = written(&s, report_json);
	assert_true(strncmp(j, "{\n  \"schema\": 1,\n  \"today\": "
	    "\"2026-11-23\",\n  \"agencies\": [\n    { \"name\": \"Riverton "
	    "PD\", \"sworn\": 2, \"active\": 2,\n      \"certifications\": "
	    "[\n        { \"name\": \"MHFA\", \"threshold_pct\": 100, "
	    "\"required\": 2, \"valid\": 1, \"current\": 1, \"expiring\": 0, "
	    "\"expired\": 1, \"missing\": 0, \"met\": false, \"shortfall\": 1, "
	    "\"breaks_on\": \"2026-11-23\"", strlen("{\n  \"schema\": 1,\n  "
	    "\"today\": \"2026-11-23\",\n  \"agencies\": [\n    { \"name\": "
	    "\"Riverton PD\", \"sworn\": 2, \"active\": 2,\n      "
	    "\"certifications\": [\n        { \"name\": \"MHFA\", "
	    "\"threshold_pct\": 100, \"required\": 2, \"valid\": 1, "
	    "\"current\": 1, \"expiring\": 0, \"expired\": 1, \"missing\": 0, "
	    "\"met\": false, \"shortfall\": 1, \"breaks_on\": "
	    "\"2026-11-23\"")) == 0);
	assert_non_null(strstr(j, "{ \"name\": \"CIT\", \"threshold_pct\": 20, "
	    "\"required\": 1, \"valid\": 1, \"current\": 0, \"expiring\": 1, "
	    "\"expired\": 0, \"missing\": 1, \"met\": true, \"shortfall\": 0, "
	    "\"breaks_on\": \"2026-12-04\""));
	assert_non_null(strstr(j, "\n    { \"id\": \"000002\", \"name\": "
	    "\"Bo Ruiz\", \"agency\": \"Riverton PD\", \"sworn\": true, "
	    "\"selected\": false, \"certs\": { \"MHFA\": { \"status\": "
	    "\"expired\", \"expires\": \"2026-11-20\", \"days_left\": -3 }, "
	    "\"CIT\": { \"status\": \"expiring\", \"expires\": \"2026-12-03\", "
	    "\"days_left\": 10 } } } ],\n  \"notices\": [],\n"));
	assert_non_null(strstr(j, "\n    \"roster\": { \"file\": "
	    "\"roster.csv\", \"rows\": 0, \"rejected\": 0, \"encoding\": "
	    "\"utf-8\" },\n"));
	assert_non_null(strstr(j, "  \"brakes\": []\n}\n"));
	scene_close(&s);
}

static void
test_csv(void **state)
{
	struct scene s;

	(void)state;
	scene_open(&s);
	assert_string_equal(written(&s, report_csv),
	    "agency,id,name,unit,sworn,selected,certification,status,expires,"
	    "days_left,shift\r\n"
	    "Riverton PD,000001,Ana Diaz,,yes,no,MHFA,current,2027-11-23,365,\r\n"
	    "Riverton PD,000001,Ana Diaz,,yes,no,CIT,missing,,,\r\n"
	    "Riverton PD,000002,Bo Ruiz,,yes,no,MHFA,expired,2026-11-20,-3,\r\n"
	    "Riverton PD,000002,Bo Ruiz,,yes,no,CIT,expiring,2026-12-03,10,\r\n");
	scene_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
