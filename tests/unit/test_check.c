/*
 * check: the monitoring line of --check, on agencies built by hand: the
 * worst state first, the items worst first, the performance data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compliance.h"
#include "unit.h"

#define T	D("2026-11-23")

/* An agency of `sworn` sworn officers of whom `mhfa` hold MHFA for a
 * year and `cit` CIT for a year. */
static void
agency(struct people *pp, const struct conf *c, const char *name, int sworn,
    int mhfa, int cit)
{
	char id[32];
	bool existed;
	int i;

	for (i = 0; i < sworn; i++) {
		uint32_t v;

		snprintf(id, sizeof(id), "%s-%d", name, i);
		v = people_add(pp, id, strlen(id), &existed);
		pp->v[v].agency = people_agency(pp, name);
		*people_expires(pp, v, 0) = i < mhfa ? T + 365 : DAY_NONE;
		*people_expires(pp, v, 1) = i < cit ? T + 365 : DAY_NONE;
	}
	(void)c;
}

/* The --check line: the worst state first, each threshold's figures as
 * performance data. */
static void
test_check_line(void **state)
{
	struct conf c;
	struct people pp;
	struct compliance cp;
	struct strlist none = { 0 }, brakes = { 0 };
	struct input_stats training = { 0 };
	struct report r = { 0 };
	struct out o;

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	agency(&pp, &c, "Riverton PD", 10, 10, 2);
	compliance_compute(&c, &pp, T, &cp);
	r.conf = &c;
	r.people = &pp;
	r.compliance = &cp;
	r.brakes = &brakes;
	r.refusals = &none;
	r.training = &training;
	r.last_delivery = DAY_NONE;
	r.last_run = DAY_NONE;
	assert_int_equal(check_write(out_open(&o), &r), 0);
	assert_string_equal(out_text(&o), "CERTMINDER OK - MHFA 10/10, CIT 2/2 "
	    "| 'MHFA'=10;;10;0;10 'CIT'=2;;2;0;10\n");
	out_close(&o);
	compliance_free(&cp);
	/* a second agency one MHFA short: critical, and named first */
	agency(&pp, &c, "Lake SO", 5, 4, 1);
	compliance_compute(&c, &pp, T, &cp);
	assert_int_equal(check_write(out_open(&o), &r), 2);
	/* the first line holds 200 characters: the last figure goes after
	 * the agencies' lines, as Nagios' multi-line output has it */
	assert_string_equal(out_text(&o), "CERTMINDER CRITICAL - Lake SO MHFA "
	    "4/5 below 100 %, Riverton PD MHFA 10/10, Riverton PD CIT 2/2, "
	    "Lake SO CIT 1/1 | 'Riverton PD MHFA'=10;;10;0;10 "
	    "'Riverton PD CIT'=2;;2;0;10 'Lake SO MHFA'=4;;5;0;5\n"
	    "Riverton PD: MHFA 10/10, CIT 2/2\n"
	    "Lake SO: MHFA 4/5, CIT 1/1\n"
	    "| 'Lake SO CIT'=1;;1;0;5\n");
	out_close(&o);

	/* nothing sent for eight days is critical on its own */
	compliance_free(&cp);
	pp.v[pp.n - 2].active = false;
	compliance_compute(&c, &pp, T, &cp);
	r.last_delivery = T - 8;
	assert_int_equal(check_write(out_open(&o), &r), 2);
	assert_non_null(strstr(out_text(&o), "CERTMINDER CRITICAL - no "
	    "delivery since 2026-11-15; "));
	out_close(&o);
	/* a brake makes an OK night a warning */
	r.last_delivery = T - 1;
	strlist_add(&brakes, "the active roster shrank");
	compliance_free(&cp);
	pp.v[pp.n - 1].active = false;
	compliance_compute(&c, &pp, T, &cp);
	assert_int_equal(check_write(out_open(&o), &r), 1);
	assert_non_null(strstr(out_text(&o), "; inputs look broken (see "
	    "--dry-run) |"));
	out_close(&o);
	/* so does a minimum of hours that cannot be checked */
	strlist_free(&brakes);
	strlist_add(&training.cautions, "CIT: min_hours (40) is not checked");
	assert_int_equal(check_write(out_open(&o), &r), 1);
	assert_non_null(strstr(out_text(&o), "CERTMINDER WARNING - "));
	assert_non_null(strstr(out_text(&o), "; inputs not fully checked (see "
	    "--dry-run) |"));
	out_close(&o);
	compliance_free(&cp);
	/* thirty agencies, one with a quote in its name and one without
	 * sworn officers: words under 150 characters, the unmet ones first
	 * and none met before them; the first line under 200; the quote
	 * doubled in its label; no UNKNOWN for the agency without sworn */
	{
		char name[32];
		const char *text, *nl;
		int i;

		agency(&pp, &c, "O'Brien County SO", 5, 3, 1);
		agency(&pp, &c, "Records Bureau", 1, 0, 0);
		pp.v[pp.n - 1].sworn = false;	/* a clerk: no sworn officer */
		for (i = 0; i < 26; i++) {
			snprintf(name, sizeof(name), "Town %02d PD", i);
			agency(&pp, &c, name, 4, i % 2 ? 4 : 3, 1);
		}
		compliance_compute(&c, &pp, T, &cp);
		assert_int_equal(check_write(out_open(&o), &r), 2);
		text = out_text(&o);
		nl = strchr(text, '\n');
		assert_true(nl - text <= 200);
		assert_true(strstr(text, " |") - text <= 150);
		assert_non_null(strstr(text, " more; inputs not fully checked"));
		/* the words: unmet figures only, while more of them wait */
		{
			const char *p = strstr(text, " - ") + 3, *end;

			for (; (end = strpbrk(p, ",")) != NULL &&
			    end < strstr(text, " more"); p = end + 2) {
				char one[96];

				snprintf(one, sizeof(one), "%.*s", (int)(end - p),
				    p);
				if (strstr(one, "below") == NULL)
					fail_msg("a met figure first: %s", one);
			}
		}
		assert_non_null(strstr(text, "O'Brien County SO MHFA 3/5 below "
		    "100 %"));
		assert_non_null(strstr(text,
		    "'O''Brien County SO MHFA'=3;;5;0;5"));
		assert_non_null(strstr(text, "Records Bureau: MHFA 0/0, CIT "
		    "0/0, no sworn officers\n"));
		assert_null(strstr(text, "UNKNOWN"));
		out_close(&o);
	}
	input_stats_free(&training);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
