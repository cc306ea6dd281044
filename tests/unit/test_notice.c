/*
 * notice: who is told what tonight.  A small agency built by hand, planned
 * without a ledger and then with a history that says what earlier nights
 * did; and a supervisor's digest, which goes only when it has news.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compliance.h"
#include "notice.h"
#include "people.h"
#include "strbuf.h"
#include "unit.h"

#define T	D("2026-11-23")

struct agency {
	struct conf	 conf;
	struct people	 people;
	struct compliance cp;
};

/* A person of agency "PD" under supervisor S: sworn, active, no expiry. */
static uint32_t
person(struct agency *a, const char *id)
{
	bool existed;
	uint32_t i = people_add(&a->people, id, strlen(id), &existed);
	struct person *p = &a->people.v[i];
	char *email = xasprintf("%s@pd.example", id);

	p->agency = people_agency(&a->people, "PD");
	p->email = people_strdup(&a->people, email, strlen(email));
	free(email);
	if (strcmp(id, "S") != 0)
		p->supervisor_id = p->supervisor_key = "S";
	return i;
}

static void
expires(struct agency *a, uint32_t i, size_t cert, day_t d)
{
	*people_expires(&a->people, i, cert) = d;
}

/*
 * S supervises:  A  MHFA expires in 58 days (the 60-day reminder)
 *                B  MHFA expired 10 days ago
 *                C  MHFA missing, hired 10 days ago (in the grace)
 *                D  MHFA missing
 *                E  non-sworn, not selected, nothing: nobody asks
 *                F  CIT, which is voluntary, expired 5 days ago
 *                G  inactive, expired: gone from the plan
 * Everyone's certifications not named are current, but CIT (voluntary)
 * which only S and F hold.
 */
static void
agency_open(struct agency *a)
{
	static const char *ids[] = { "S", "A", "B", "C", "D", "E", "F", "G" };
	size_t i;

	memset(a, 0, sizeof(*a));
	conf_defaults(&a->conf);
	people_init(&a->people, a->conf.ncerts, false);
	for (i = 0; i < NELEM(ids); i++) {
		person(a, ids[i]);
		expires(a, (uint32_t)i, 0, T + 400);
	}
	expires(a, 0, 1, T + 400);
	expires(a, 1, 0, T + 58);
	expires(a, 2, 0, T - 10);
	expires(a, 3, 0, DAY_NONE);
	a->people.v[3].hired = T - 10;
	expires(a, 4, 0, DAY_NONE);
	expires(a, 5, 0, DAY_NONE);
	a->people.v[5].sworn = false;
	expires(a, 6, 1, T - 5);
	expires(a, 7, 0, T - 3);
	a->people.v[7].active = false;
}

static void
agency_plan(struct agency *a, const struct notice_history *h,
    struct notice_plan *np)
{
	compliance_free(&a->cp);
	compliance_compute(&a->conf, &a->people, T, &a->cp);
	notice_plan_build(&a->conf, &a->people, &a->cp, h, np);
}

static void
agency_close(struct agency *a)
{
	compliance_free(&a->cp);
	people_free(&a->people);
	conf_free(&a->conf);
}

/* A plan as lines "kind person cert stage", digests "digest S: A,B". */
static char *
plan_text(const struct agency *a, const struct notice_plan *np)
{
	struct strbuf sb = { 0 };
	char stage[16];
	size_t i, m;

	for (i = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];

		if (n->kind == NOTICE_DIGEST) {
			sb_printf(&sb, "digest %s:", n->digest->supervisor);
			for (m = 0; m < n->digest->nmembers; m++)
				sb_printf(&sb, "%s%s%s", m ? "," : " ",
				    n->digest->fresh[m] ? "*" : "",
				    a->people.v[n->digest->members[m]].id);
			sb_addc(&sb, '\n');
			continue;
		}
		if (n->kind == NOTICE_SUMMARY) {
			sb_add(&sb, "summary\n");
			continue;
		}
		notice_stage(n, stage);
		sb_printf(&sb, "%s %s %s %s\n", notice_kind_name(n->kind),
		    a->people.v[n->person].id, a->conf.certs[n->cert].name,
		    stage);
	}
	return sb_steal(&sb);
}

/* What the fake ledger knows. */
struct history {
	const char	*stage_done;	/* this person's reminder was sent */
	day_t		 last_expired;	/* every expired notice, last sent */
	long		 expired_count;
	const char	*seen;		/* S's last digest, or NULL */
	int		 met;		/* -1: unknown */
};

static bool
h_stage_done(void *ctx, const char *person, const char *cert, day_t e,
    int stage)
{
	const struct history *h = ctx;

	(void)cert;
	(void)e;
	(void)stage;
	return h->stage_done != NULL && strcmp(person, h->stage_done) == 0;
}

static day_t
h_last_done(void *ctx, const char *kind, const char *person, const char *cert,
    day_t e, long *count, day_t *first)
{
	const struct history *h = ctx;

	(void)person;
	(void)cert;
	(void)e;
	*count = 0;
	*first = DAY_NONE;
	if (strcmp(kind, "expired") != 0 || h->last_expired == DAY_NONE)
		return DAY_NONE;
	*count = h->expired_count;
	*first = h->last_expired;
	return h->last_expired;
}

static int
h_last_met(void *ctx, const char *agency, const char *cert)
{
	(void)agency;
	(void)cert;
	return ((const struct history *)ctx)->met;
}

static bool
h_deferred(void *ctx, const char *kind, const char *person, const char *cert,
    day_t e, const char *stage)
{
	(void)ctx;
	(void)kind;
	(void)person;
	(void)cert;
	(void)e;
	(void)stage;
	return false;
}

static bool
h_pending(void *ctx, const char *kind, const char *key)
{
	(void)ctx;
	(void)kind;
	(void)key;
	return false;
}

static char *
h_digest_seen(void *ctx, const char *supervisor)
{
	const struct history *h = ctx;

	assert_string_equal(supervisor, "S");
	return h->seen ? xstrdup(h->seen) : NULL;
}

static void
history_of(struct history *h, struct notice_history *nh)
{
	nh->ctx = h;
	nh->stage_done = h_stage_done;
	nh->last_done = h_last_done;
	nh->last_met = h_last_met;
	nh->deferred = h_deferred;
	nh->pending = h_pending;
	nh->digest_seen = h_digest_seen;
}

static void
plan_is(struct agency *a, const struct notice_history *h, const char *want,
    char **seen)
{
	struct notice_plan np;
	char *got;
	size_t i;

	agency_plan(a, h, &np);
	got = plan_text(a, &np);
	assert_string_equal(got, want);
	free(got);
	for (i = 0; seen != NULL && i < np.n; i++)
		if (np.v[i].kind == NOTICE_DIGEST) {
			free(*seen);
			*seen = xstrdup(np.v[i].digest->seen);
		}
	notice_plan_free(&np);
}

static void
test_stage_for(void **state)
{
	struct conf c;

	(void)state;
	conf_defaults(&c);
	assert_int_equal(notice_stage_for(&c, 90), 90);
	assert_int_equal(notice_stage_for(&c, 61), 90);
	assert_int_equal(notice_stage_for(&c, 60), 60);
	assert_int_equal(notice_stage_for(&c, 31), 60);
	assert_int_equal(notice_stage_for(&c, 15), 30);
	assert_int_equal(notice_stage_for(&c, 8), 14);
	assert_int_equal(notice_stage_for(&c, 7), 7);
	assert_int_equal(notice_stage_for(&c, 0), 7);
	assert_int_equal(notice_stage_for(&c, 91), 0);
	conf_free(&c);
}

/* A first night: every notice due, S's digest most urgent first (expired
 * longest ago, then missing, then expiring), every line fresh. */
static void
test_first_night(void **state)
{
	struct agency a;

	(void)state;
	agency_open(&a);
	plan_is(&a, NULL,
	    "reminder A MHFA 60\n"
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "expired F CIT expired\n"
	    "digest S: *B,*F,*C,*D,*A\n"
	    "summary\n", NULL);
	agency_close(&a);
}

/* S names herself as her supervisor and her MHFA has lapsed: she is on
 * no team of her own.  Then A and B name each other and escalation is on:
 * each digest lists the other once, never its own reader. */
static void
test_own_supervisor(void **state)
{
	struct agency a;

	(void)state;
	agency_open(&a);
	a.people.v[0].supervisor_id = a.people.v[0].supervisor_key = "S";
	expires(&a, 0, 0, T - 20);
	plan_is(&a, NULL,
	    "expired S MHFA expired\n"
	    "reminder A MHFA 60\n"
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "expired F CIT expired\n"
	    "digest S: *B,*F,*C,*D,*A\n"
	    "summary\n", NULL);
	a.conf.escalate_after_days = 1;
	a.people.v[1].supervisor_id = a.people.v[1].supervisor_key = "B";
	a.people.v[2].supervisor_id = a.people.v[2].supervisor_key = "A";
	expires(&a, 1, 0, T - 30);
	plan_is(&a, NULL,
	    "expired S MHFA expired\n"
	    "expired A MHFA expired\n"
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "expired F CIT expired\n"
	    "digest B: *A\n"
	    "digest A: *B\n"
	    "digest S: *F,*C,*D\n"
	    "summary\n", NULL);
	agency_close(&a);
}

/* With a history: a stage sent is not sent again, an expired notice
 * repeats after overdue_every_days, a voluntary certification's expiry
 * is told once, and a digest that says what the last one said stays. */
static void
test_history(void **state)
{
	struct agency a;
	struct history h = { .last_expired = DAY_NONE, .met = -1 };
	struct notice_history nh;
	char *seen = NULL;

	(void)state;
	agency_open(&a);
	history_of(&h, &nh);
	plan_is(&a, &nh,
	    "reminder A MHFA 60\n"
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "expired F CIT expired\n"
	    "digest S: *B,*F,*C,*D,*A\n"
	    "summary\n", &seen);
	/* the next night: the reminder went, the expired notices went 10
	 * days ago (F's once: CIT is voluntary), S's digest said all this;
	 * the thresholds are as they were */
	h.stage_done = "A";
	h.last_expired = T - 10;
	h.expired_count = 1;
	h.seen = seen;
	h.met = 0;
	plan_is(&a, &nh,
	    "missing D MHFA missing\n"
	    "summary\n", NULL);
	/* 30 days on, B hears again; F does not */
	h.last_expired = T - 30;
	plan_is(&a, &nh,
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "summary\n", NULL);
	/* B renews: the digest has news (a line gone), none of it fresh */
	expires(&a, 2, 0, T + 1000);
	plan_is(&a, &nh,
	    "missing D MHFA missing\n"
	    "digest S: F,C,D,A\n"
	    "summary\n", NULL);
	/* A's expiry reaches the 30-day stage: fresh in the digest */
	expires(&a, 2, 0, T - 10);
	expires(&a, 1, 0, T + 25);
	h.stage_done = NULL;
	plan_is(&a, &nh,
	    "reminder A MHFA 30\n"
	    "expired B MHFA expired\n"
	    "missing D MHFA missing\n"
	    "digest S: B,F,C,D,*A\n"
	    "summary\n", NULL);
	free(seen);
	agency_close(&a);
}

/* A supervisor of 3,000 people: the digest stays when nothing changed,
 * and one changed person is the one fresh line. */
static void
test_large_digest(void **state)
{
	struct agency a;
	struct history h = { .last_expired = T, .expired_count = 1, .met = 0 };
	struct notice_history nh;
	struct notice_plan np;
	char id[16], *seen = NULL;
	uint32_t i, v;
	size_t m, fresh = 0;

	(void)state;
	memset(&a, 0, sizeof(a));
	conf_defaults(&a.conf);
	people_init(&a.people, a.conf.ncerts, false);
	expires(&a, person(&a, "S"), 0, T + 400);
	for (i = 1; i <= 3000; i++) {
		snprintf(id, sizeof(id), "P%u", i);
		v = person(&a, id);
		expires(&a, v, 0, T - 1 - (day_t)(i % 700));
		expires(&a, v, 1, T + 400);
	}
	history_of(&h, &nh);
	agency_plan(&a, &nh, &np);
	assert_int_equal(np.n, 2);
	assert_int_equal(np.v[0].kind, NOTICE_DIGEST);
	assert_int_equal(np.v[0].digest->nmembers, 3000);
	seen = xstrdup(np.v[0].digest->seen);
	notice_plan_free(&np);
	h.seen = seen;
	agency_plan(&a, &nh, &np);
	assert_int_equal(np.n, 1);	/* the summary alone */
	notice_plan_free(&np);
	expires(&a, 1234, 0, T - 2000);	/* an older record was found */
	agency_plan(&a, &nh, &np);
	assert_int_equal(np.v[0].kind, NOTICE_DIGEST);
	for (m = 0; m < np.v[0].digest->nmembers; m++)
		if (np.v[0].digest->fresh[m]) {
			fresh++;
			assert_string_equal(a.people.v[np.v[0].digest->members[m]].id,
			    "P1234");
			assert_int_equal(m, 0);	/* expired longest ago */
		}
	assert_int_equal(fresh, 1);
	notice_plan_free(&np);
	free(seen);
	agency_close(&a);
}

/* An officer's notice carries no digest's fields: 40 bytes, where there may
 * be one for each certification of a million officers. */
/* Whom a digest is for, as a reader knows them, and why it has no
 * address: S by name; "Z", whom no one on the roster is, by id alone,
 * even when ids are per agency and the key holds the agency. */
static void
test_digest_name_and_gap(void **state)
{
	struct agency a;
	struct notice_digest dg = { 0 };
	char key[16];

	(void)state;
	agency_open(&a);
	a.people.v[0].name = "Sam Sergeant";
	dg.supervisor = "S";
	assert_string_equal(notice_digest_name(&a.people, &dg),
	    "Sam Sergeant");
	assert_int_equal(notice_digest_gap(&a.people, &dg), GAP_NO_ADDRESS);
	a.people.v[0].active = false;
	assert_int_equal(notice_digest_gap(&a.people, &dg), GAP_INACTIVE);
	dg.supervisor = "Z";
	assert_string_equal(notice_digest_name(&a.people, &dg), "Z");
	assert_int_equal(notice_digest_gap(&a.people, &dg), GAP_NO_ONE);
	assert_string_equal(notice_gap_words(GAP_NO_ONE),
	    "no one on the roster has this id");
	assert_string_equal(notice_gap_words(GAP_INACTIVE),
	    "not active on the roster");
	assert_string_equal(notice_gap_words(GAP_NO_ADDRESS),
	    "no usable e-mail address on file");
	a.people.agency_scope = true;
	dg.supervisor = people_join_key(key, "PD", 2, "Z", 1);
	assert_string_equal(notice_digest_name(&a.people, &dg), "Z");
	assert_int_equal(notice_digest_gap(&a.people, &dg), GAP_NO_ONE);
	agency_close(&a);
}

static void
test_notice_size(void **state)
{
	(void)state;
	assert_true(sizeof(struct notice) <= 40);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_for),
		cmocka_unit_test(test_first_night),
		cmocka_unit_test(test_own_supervisor),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_large_digest),
		cmocka_unit_test(test_notice_size),
		cmocka_unit_test(test_digest_name_and_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
