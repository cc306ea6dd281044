#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "alloc.h"
#include "deliver.h"
#include "mail.h"
#include "report.h"
#include "strbuf.h"
#include "strlist.h"

static const char *
agency_of(const struct delivery *d, const struct person *p)
{
	return d->people->agency[p->agency];
}

static const struct person *
supervisor_person(const struct delivery *d, const struct person *p)
{
	uint32_t s;

	if (p->supervisor_id == NULL)
		return NULL;
	s = people_find(d->people, p->supervisor_id, strlen(p->supervisor_id));
	return s == NO_PERSON ? NULL : &d->people->v[s];
}

static char *
fill(const struct delivery *d, enum tmpl_kind k, bool subject,
    const struct tmpl_var *v, size_t n)
{
	return template_fill(subject ? d->templates->subject[k] :
	    d->templates->body[k], v, n);
}

char *
deliver_compose_officer(const struct delivery *d, uint32_t person,
    const size_t *idx, size_t n, char **subject)
{
	const struct conf *c = d->conf;
	const struct person *p = &d->people->v[person];
	const struct person *sup = supervisor_person(d, p);
	struct strbuf items = { 0 }, subj = { 0 };
	char today[DATE_ISO_LEN], exp[DATE_ISO_LEN], days[16], ago[16], stage[16];
	char *body, *one_subject = NULL;
	size_t i;

	date_iso(d->compliance->today, today);
	for (i = 0; i < n; i++) {
		const struct notice *no = &d->plan->v[idx[i]];
		enum tmpl_kind k = no->kind == NOTICE_REMINDER ? TMPL_REMINDER :
		    no->kind == NOTICE_EXPIRED ? TMPL_EXPIRED : TMPL_MISSING;
		struct tmpl_var v[] = {
			{ "cert", c->certs[no->cert].name },
			{ "expires", no->expires == DAY_NONE ? "" :
			    date_iso(no->expires, exp) },
			{ "days_left", days }, { "days_ago", ago },
			{ "stage", stage }, { "name", p->name },
			{ "agency", agency_of(d, p) }, { "today", today },
		};
		char *text;

		snprintf(days, sizeof(days), "%ld", no->expires == DAY_NONE ? 0L :
		    (long)no->expires - d->compliance->today);
		snprintf(ago, sizeof(ago), "%ld", no->expires == DAY_NONE ? 0L :
		    (long)d->compliance->today - no->expires);
		notice_stage(no, stage);
		if (i)
			sb_add(&items, "\n");
		text = fill(d, k, false, v, NELEM(v));
		sb_add(&items, text);
		free(text);
		if (n == 1)
			one_subject = fill(d, k, true, v, NELEM(v));
		else {
			sb_add(&subj, i ? ", " : "Your training certifications "
			    "need attention: ");
			sb_add(&subj, c->certs[no->cert].name);
		}
	}
	sb_add(&items, "\n");
	{
		struct tmpl_var v[] = {
			{ "subject", one_subject ? one_subject : sb_str(&subj) },
			{ "name", p->name }, { "id", p->id },
			{ "items", sb_str(&items) },
			{ "refresher_info", c->mail.refresher_info ?
			    c->mail.refresher_info : "" },
			{ "supervisor", sup ? sup->name : "your supervisor" },
			{ "agency", agency_of(d, p) }, { "today", today },
		};

		*subject = fill(d, TMPL_OFFICER, true, v, NELEM(v));
		body = fill(d, TMPL_OFFICER, false, v, NELEM(v));
	}
	free(one_subject);
	sb_free(&items);
	sb_free(&subj);
	return body;
}

static char *
compose_digest(const struct delivery *d, const struct notice *no,
    char **subject)
{
	const struct conf *c = d->conf;
	const struct people *pp = d->people;
	const struct compliance *cp = d->compliance;
	struct strbuf people = { 0 };
	char today[DATE_ISO_LEN], exp[DATE_ISO_LEN], count[16];
	const char *name = no->supervisor;
	const char *agency = "";
	uint32_t s;
	size_t i, k;
	char *body;

	s = people_find(pp, no->supervisor, strlen(no->supervisor));
	if (s != NO_PERSON)
		name = pp->v[s].name;
	for (i = 0; i < no->nmembers; i++) {
		const struct person *p = &pp->v[no->members[i]];

		agency = pp->agency[p->agency];
		sb_printf(&people, "  %s (%s)\n", p->name, p->id);
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, no->members[i], k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);

			if (st == ST_EXPIRING)
				sb_printf(&people, "    %s expires %s, in %ld "
				    "days\n", c->certs[k].name, date_iso(e, exp),
				    (long)e - cp->today);
			else if (st == ST_EXPIRED)
				sb_printf(&people, "    %s expired %s\n",
				    c->certs[k].name, date_iso(e, exp));
			else if (st == ST_MISSING && c->certs[k].required &&
			    (p->sworn || (p->selected &&
			    c->certs[k].required_for_selected)))
				sb_printf(&people, "    %s missing\n",
				    c->certs[k].name);
		}
	}
	snprintf(count, sizeof(count), "%zu", no->nmembers);
	{
		struct tmpl_var v[] = {
			{ "name", name }, { "count", count },
			{ "people", sb_str(&people) },
			{ "refresher_info", c->mail.refresher_info ?
			    c->mail.refresher_info : "" },
			{ "agency", agency },
			{ "today", date_iso(cp->today, today) },
		};

		*subject = fill(d, TMPL_DIGEST, true, v, NELEM(v));
		body = fill(d, TMPL_DIGEST, false, v, NELEM(v));
	}
	sb_free(&people);
	return body;
}

static char *
compose_summary(const struct delivery *d, char **subject)
{
	const struct compliance *cp = d->compliance;
	struct strbuf status = { 0 }, failures = { 0 };
	char today[DATE_ISO_LEN], *report = NULL, *body;
	size_t len = 0, a, k, i;
	FILE *fp = open_memstream(&report, &len);

	for (a = 0; a < cp->nagencies; a++) {
		report_agency_text(fp, d->conf, cp, &cp->agency[a]);
		for (k = 0; k < cp->ncerts; k++)
			if (!cp->agency[a].cert[k].met) {
				sb_add(&status, status.len ? ", " : "");
				if (cp->nagencies > 1)
					sb_printf(&status, "%s ",
					    cp->agency[a].name);
				sb_printf(&status, "%s below %d %%",
				    d->conf->certs[k].name,
				    d->conf->certs[k].threshold_pct);
			}
	}
	fclose(fp);
	if (d->failures.n > 0) {
		sb_add(&failures, "Notices that could not be delivered:\n");
		for (i = 0; i < d->failures.n; i++)
			sb_printf(&failures, "  %s\n", d->failures.v[i]);
	}
	{
		struct tmpl_var v[] = {
			{ "today", date_iso(cp->today, today) },
			{ "status", status.len ? sb_str(&status) :
			    "all thresholds met" },
			{ "report", report }, { "failures", sb_str(&failures) },
		};

		*subject = fill(d, TMPL_SUMMARY, true, v, NELEM(v));
		body = fill(d, TMPL_SUMMARY, false, v, NELEM(v));
	}
	free(report);
	sb_free(&status);
	sb_free(&failures);
	return body;
}

/* Builds and sends one message; returns what the server said. */
static enum smtp_result
send_one(struct delivery *d, const char *to_name, const char *to_addr,
    const char *subject, const char *body, char **answer)
{
	struct mail_addr from, to = { to_name, to_addr };
	struct strbuf data = { 0 };
	struct mail m = { 0 };
	char *buf, *msgid;
	enum smtp_result r;

	mail_parse_address(d->conf->mail.from, &from, &buf);
	m.from = from;
	m.reply_to = d->conf->mail.reply_to;
	m.to = &to;
	m.nto = 1;
	m.subject = subject;
	m.body = body;
	m.date = time(NULL);
	msgid = mail_message_id(from.addr, m.date);
	m.message_id = msgid;
	mail_build(&data, &m);
	r = smtp_send(d->smtp, from.addr, to_addr, data.s, data.len, answer);
	free(msgid);
	free(buf);
	sb_free(&data);
	return r;
}

/* Records each notice of a message with the outcome of its sending. */
static void
record(struct delivery *d, const size_t *idx, size_t n, const char *to,
    enum ledger_outcome outcome, const char *answer)
{
	const struct conf *c = d->conf;
	size_t i;
	char stage[16];

	for (i = 0; i < n; i++) {
		const struct notice *no = &d->plan->v[idx[i]];

		notice_stage(no, stage);
		if (ledger_record(d->ledger, d->compliance->today,
		    notice_kind_name(no->kind), d->people->v[no->person].id,
		    c->certs[no->cert].name, no->expires, stage, to, outcome,
		    answer) < 0)
			d->ledger_failed = true;
	}
}

static void
note_failure(struct delivery *d, const char *what, const char *to,
    const char *answer)
{
	struct strbuf sb = { 0 };

	sb_printf(&sb, "%s <%s>: %s", what, to, answer);
	strlist_add(&d->failures, sb_str(&sb));
	sb_free(&sb);
}

static void
record_other(struct delivery *d, const struct notice *no, const char *to,
    enum ledger_outcome outcome, const char *answer)
{
	if (ledger_record(d->ledger, d->compliance->today,
	    notice_kind_name(no->kind), no->supervisor ? no->supervisor : "",
	    "", DAY_NONE, "", to, outcome, answer) < 0)
		d->ledger_failed = true;
}

/* What a message stands for in the ledger. */
struct booking {
	const size_t		*idx;	/* officer notices of the plan */
	size_t			 n;
	const struct notice	*other;	/* or a digest or the summary */
	const char		*pending_key;
};

/* Records a message's outcome in one transaction: its notices, and for a
 * digest or summary that is no longer owed, the end of its debt. */
static void
book(struct delivery *d, const struct booking *b, const char *to,
    enum ledger_outcome outcome, const char *answer)
{
	bool owed = outcome == LEDGER_DEFERRED && b->other != NULL;

	if (ledger_begin(d->ledger) < 0) {
		d->ledger_failed = true;
		return;
	}
	if (owed)
		;	/* still owed: the next run sends it */
	else if (b->other != NULL) {
		record_other(d, b->other, to, outcome, answer);
		if (ledger_done_pending(d->ledger,
		    notice_kind_name(b->other->kind), b->pending_key) < 0)
			d->ledger_failed = true;
	} else
		record(d, b->idx, b->n, to, outcome, answer);
	if (ledger_end(d->ledger, !d->ledger_failed) < 0)
		d->ledger_failed = true;
}

/* Before the first message: tonight's digests and summaries are owed until
 * each is booked, so that none is lost to a server gone or a killed run. */
static void
owe_all(struct delivery *d)
{
	const struct notice_plan *np = d->plan;
	const struct strlist *sum = &d->conf->mail.summary_to;
	bool *summary = xcalloc(sum->n + 1, sizeof(*summary));
	bool ok;
	size_t i, k;

	for (i = 0; i < np->n; i++)
		if (np->v[i].kind == NOTICE_SUMMARY)
			for (k = 0; k < sum->n; k++)
				summary[k] = notice_plan_has_news(np) || ledger_pending(
				    d->ledger, "summary", sum->v[k]);
	ok = ledger_begin(d->ledger) == 0 && ledger_clear_pending(d->ledger) == 0;
	for (i = 0; ok && i < np->n; i++)
		if (np->v[i].kind == NOTICE_DIGEST)
			ok = ledger_set_pending(d->ledger, "digest",
			    np->v[i].supervisor) == 0;
	for (k = 0; ok && k < sum->n; k++)
		if (summary[k])
			ok = ledger_set_pending(d->ledger, "summary",
			    sum->v[k]) == 0;
	if (ledger_end(d->ledger, ok) < 0)
		d->ledger_failed = true;
	free(summary);
}

/* Sends and books one message; false when the run must stop. */
static bool
deliver_one(struct delivery *d, const char *what, const char *to_name,
    const char *to, const char *subject, const char *body,
    const struct booking *b)
{
	char *answer = NULL;
	enum smtp_result r = send_one(d, to_name, to, subject, body, &answer);

	switch (r) {
	case SMTP_OK:
		d->sent++;
		book(d, b, to, LEDGER_SENT, answer);
		break;
	case SMTP_TEMPORARY:	/* still due: the next run sends it */
		d->deferred++;
		book(d, b, to, LEDGER_DEFERRED, answer);
		break;
	case SMTP_PERMANENT:
		d->failed++;
		book(d, b, to, LEDGER_FAILED, answer);
		note_failure(d, what, to, answer);
		break;
	case SMTP_UNREACHABLE:
		d->server_down = true;
		free(d->server_error);
		d->server_error = answer;
		return false;
	}
	free(answer);
	return !d->ledger_failed;
}

static bool
deliver_officers(struct delivery *d)
{
	const struct notice_plan *np = d->plan;
	size_t *idx = xcalloc(np->n + 1, sizeof(*idx));
	size_t i, j, n;
	bool go = true;

	for (i = 0; go && i < np->n; i = j) {
		const struct notice *no = &np->v[i];
		struct booking b = { idx, 0, NULL, NULL };
		const struct person *p;
		char *subject, *body;

		if (no->kind > NOTICE_MISSING) {
			j = i + 1;
			continue;
		}
		/* the plan lists a person's notices together */
		for (j = i, n = 0; j < np->n && np->v[j].kind <= NOTICE_MISSING &&
		    np->v[j].person == no->person; j++)
			idx[n++] = j;
		b.n = n;
		p = &d->people->v[no->person];
		if (no->to == NULL) {
			d->unreachable++;
			book(d, &b, NULL, LEDGER_UNREACHABLE, NULL);
			continue;
		}
		body = deliver_compose_officer(d, no->person, idx, n, &subject);
		go = deliver_one(d, p->name, p->name, no->to, subject, body, &b);
		free(subject);
		free(body);
	}
	free(idx);
	return go;
}

int
deliver_plan(struct delivery *d)
{
	const struct notice_plan *np = d->plan;
	size_t i, k;
	bool go;

	owe_all(d);
	go = !d->ledger_failed && deliver_officers(d);
	for (i = 0; go && i < np->n; i++) {
		const struct notice *no = &np->v[i];
		struct booking b = { NULL, 0, no, no->supervisor };
		char *subject, *body;

		if (no->kind != NOTICE_DIGEST)
			continue;
		if (no->to == NULL) {
			d->unreachable++;
			book(d, &b, NULL, LEDGER_UNREACHABLE, NULL);
			continue;
		}
		body = compose_digest(d, no, &subject);
		go = deliver_one(d, "digest", NULL, no->to, subject, body, &b);
		free(subject);
		free(body);
	}
	for (i = 0; go && i < np->n; i++) {
		const struct notice *no = &np->v[i];
		const struct strlist *sum = &d->conf->mail.summary_to;

		if (no->kind != NOTICE_SUMMARY)
			continue;
		for (k = 0; go && k < sum->n; k++) {
			struct booking b = { NULL, 0, no, sum->v[k] };
			char *subject, *body;

			if (!ledger_pending(d->ledger, "summary", sum->v[k]))
				continue;	/* had it already */
			body = compose_summary(d, &subject);
			go = deliver_one(d, "summary", NULL, sum->v[k],
			    subject, body, &b);
			free(subject);
			free(body);
		}
	}
	return d->server_down || d->ledger_failed ? -1 : 0;
}

void
deliver_free(struct delivery *d)
{
	strlist_free(&d->failures);
	free(d->server_error);
	d->server_error = NULL;
}
