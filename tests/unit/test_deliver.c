/*
 * deliver: tonight's plan sent through a scripted server on loopback
 * (tests/common/fakesmtp.h) and recorded in a new ledger.  Riverton PD:
 * Ana's MHFA expires in 58 days, Bo's expired and his address is refused
 * (550), Cy's expired and he has none; their sergeant gets a digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/fakesmtp.h"
#include "alloc.h"
#include "compliance.h"
#include "deliver.h"
#include "ledger.h"
#include "night.h"
#include "strbuf.h"
#include "unit.h"

#define T	D("2026-11-23")

/* A night as main() runs it (night.h), beside the scripted server. */
struct scene {
	char			*dir;
	char			*path;		/* the ledger */
	char			*spool;		/* what the server received */
	struct server		 server;
	struct night		 night;
	enum deliver_outcome	 outcome;	/* deliver_plan()'s */
};

static uint32_t
person(struct scene *n, const char *id, const char *name, const char *email)
{
	bool existed;
	uint32_t i = people_add(&n->night.people, id, strlen(id), &existed);
	struct person *p = &n->night.people.v[i];

	p->agency = people_agency(&n->night.people, "Riverton PD");
	p->name = name;
	p->email = email;
	if (strcmp(id, "900") != 0)
		p->supervisor_id = p->supervisor_key = "900";
	*people_expires(&n->night.people, i, 0) = T + 400;
	*people_expires(&n->night.people, i, 1) = T + 400;
	return i;
}

/* The night planned and sent against the script; the ledger closed and
 * opened again as the next run would. */
static void
night_run(struct scene *n, const struct answers *script, size_t nscript)
{
	char tmpl[] = "/tmp/certminder-deliver-XXXXXX", *err = NULL;

	memset(n, 0, sizeof(*n));
	assert_non_null(mkdtemp(tmpl));
	n->dir = xasprintf("%s", tmpl);
	n->path = xasprintf("%s/state.db", tmpl);
	n->spool = xasprintf("%s/spool", tmpl);
	conf_defaults(&n->night.conf);
	n->night.conf.mail.from = xstrdup("Training Unit "
	    "<training@pd.example>");
	people_init(&n->night.people, n->night.conf.ncerts, false);
	person(n, "900", "Sgt. Sam Reyes", "sam@pd.example");
	*people_expires(&n->night.people, person(n, "1", "Ana Diaz",
	    "ana@pd.example"), 0) = T + 58;
	*people_expires(&n->night.people, person(n, "2", "Bo Ruiz",
	    "bo@pd.example"), 0) = T - 3;
	*people_expires(&n->night.people, person(n, "3", "Cy Lee", NULL), 0) =
	    T - 3;
	compliance_compute(&n->night.conf, &n->night.people, T,
	    &n->night.compliance);
	notice_plan_build(&n->night.conf, &n->night.people,
	    &n->night.compliance, NULL, &n->night.plan);
	assert_int_equal(templates_load(&n->night.templates, NULL, &err), 0);
	assert_int_equal(ledger_open(&n->night.ledger, n->path, true, &err),
	    LEDGER_OK);
	server_start(&n->server, script, nscript, n->spool);
	server_conf(&n->night.conf, &n->server);
	assert_non_null(n->night.smtp = smtp_open(&n->night.conf, &err));
	night_compose(&n->night);
	n->outcome = deliver_plan(&n->night.delivery);
	smtp_close(n->night.smtp);
	n->night.smtp = NULL;
	server_stop(&n->server);
	ledger_close(&n->night.ledger);
	assert_int_equal(ledger_open(&n->night.ledger, n->path, true, &err),
	    LEDGER_OK);
}

/* What the server received, as one text. */
static char *
received(const struct scene *n)
{
	FILE *fp = fopen(n->spool, "r");
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t k;

	if (fp == NULL)
		return sb_steal(&sb);
	while ((k = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_addn(&sb, buf, k);
	fclose(fp);
	return sb_steal(&sb);
}

static void
night_close(struct scene *n)
{
	char *lock = xasprintf("%s.lock", n->path);

	night_free(&n->night);
	unlink(n->path);
	unlink(lock);
	unlink(n->spool);
	rmdir(n->dir);
	free(lock);
	free(n->path);
	free(n->spool);
	free(n->dir);
}

/* Ana's reminder and the sergeant's digest go; Bo's is refused for good
 * and recorded so, Cy's listed as unreachable: none is due again. */
static void
test_night(void **state)
{
	static const struct answers script[] = {
		{ "250 ok", "250 ok", "250 2.0.0 queued as A1" },	/* Ana */
		{ "250 ok", "550 5.1.1 <bo@pd.example>: User unknown",
		    "250 x" },						/* Bo */
		{ "250 ok", "250 ok", "250 2.0.0 queued as D1" },	/* Sam */
	};
	struct scene n;
	struct notice_history h;
	char *mail;
	long times;
	day_t first;

	(void)state;
	night_run(&n, script, NELEM(script));
	assert_int_equal(n.night.delivery.sent, 2);
	assert_int_equal(n.night.delivery.failed, 1);
	assert_int_equal(n.night.delivery.unreachable, 1);
	assert_int_equal(n.night.delivery.deferred, 0);
	assert_false(n.night.delivery.server_down);
	assert_int_equal(n.outcome, DELIVER_DONE);
	assert_int_equal(n.night.delivery.failures.n, 1);
	assert_non_null(strstr(n.night.delivery.failures.v[0], "550 5.1.1"));
	mail = received(&n);
	assert_int_equal(occurrences(mail, "----\n"), 2);
	assert_non_null(strstr(mail, "To: Ana Diaz <ana@pd.example>"));
	assert_non_null(strstr(mail, "Subject: Your MHFA certification expires "
	    "on Wednesday, January 20, 2027\n"));
	/* "Sgt. Sam Reyes", a name with a dot, as an encoded word */
	assert_non_null(strstr(mail, "To: =?UTF-8?B?U2d0LiBTYW0gUmV5ZXM=?="));
	assert_non_null(strstr(mail, "<sam@pd.example>"));
	/* Ana expiring, Bo and Cy expired */
	assert_non_null(strstr(mail, "Subject: Training status of your team: "
	    "attention needed for 3 people\n"));
	free(mail);
	ledger_history(&n.night.ledger, &h);
	assert_true(h.stage_done(h.ctx, "1", "MHFA", T + 58, 60));
	assert_int_equal(h.last_done(h.ctx, "expired", "2", "MHFA", T - 3,
	    &times, &first), T);
	assert_int_equal(h.last_done(h.ctx, "expired", "3", "MHFA", T - 3,
	    &times, &first), T);
	assert_false(ledger_pending(&n.night.ledger, "digest", "900"));
	night_close(&n);
}

/* A 4xx leaves Ana's reminder due, known as a retry; the server gone
 * before the digest leaves the digest owed to the next run. */
static void
test_deferred_and_down(void **state)
{
	static const struct answers script[] = {
		{ "250 ok", "451 4.2.0 mailbox busy", "250 x" },	/* Ana */
		{ "250 ok", "250 ok", "250 2.0.0 queued as B1" },	/* Bo */
		{ "421 4.3.2 shutting down", "250 x", "250 x" },	/* Sam */
	};
	struct scene n;
	struct notice_history h;

	(void)state;
	night_run(&n, script, NELEM(script));
	assert_int_equal(n.night.delivery.sent, 1);
	assert_int_equal(n.night.delivery.deferred, 1);
	assert_true(n.night.delivery.server_down);
	assert_int_equal(n.outcome, DELIVER_SERVER_DOWN);
	ledger_history(&n.night.ledger, &h);
	assert_false(h.stage_done(h.ctx, "1", "MHFA", T + 58, 60));
	assert_true(h.deferred(h.ctx, "reminder", "1", "MHFA", T + 58, "60"));
	assert_true(ledger_pending(&n.night.ledger, "digest", "900"));
	night_close(&n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_night),
		cmocka_unit_test(test_deferred_and_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
