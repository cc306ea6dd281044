/*
 * deliver: sends tonight's messages and records what the server said,
 * each message's notices in their own transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "alloc.h"
#include "compose.h"
#include "deliver.h"
#include "mail.h"
#include "report.h"
#include "strbuf.h"
#include "strlist.h"

/* Builds and sends one message; returns what the server said, and the
 * message's Message-ID (to be freed) in *msgid. */
static enum smtp_result
send_one(struct delivery *d, const char *to_name, const char *to_addr,
    const char *subject, const char *body, const char *html, const char *ics,
    char **answer, char **msgid)
{
	struct mail_addr from, to = { to_name, to_addr };
	struct strbuf data = { 0 };
	struct mail m = { 0 };
	char *buf;
	enum smtp_result r;

	mail_parse_address(d->compose.conf->mail.from, &from, &buf);
	m.from = from;
	m.reply_to = d->compose.conf->mail.reply_to;
	m.to = &to;
	m.nto = 1;
	m.subject = subject;
	m.body = body;
	m.html = html;
	if (ics != NULL) {
		m.attach = ics;
		m.attach_len = strlen(ics);
		m.attach_name = "training.ics";
		m.attach_type = "text/calendar; charset=UTF-8; method=PUBLISH";
	}
	m.date = time(NULL);
	*msgid = mail_message_id(from.addr, m.date);
	m.message_id = *msgid;
	mail_build(&data, &m);
	/* bounces go to envelope_from, a mailbox someone reads */
	r = smtp_send(d->smtp, d->compose.conf->mail.envelope_from ?
	    d->compose.conf->mail.envelope_from : from.addr, to_addr, data.s,
	    data.len, answer);
	free(buf);
	sb_free(&data);
	return r;
}

/* Records each notice of a message with the outcome of its sending. */
static void
record(struct delivery *d, const size_t *idx, size_t n, const char *to,
    enum ledger_outcome outcome, const char *answer, const char *msgid)
{
	const struct conf *c = d->compose.conf;
	size_t i;
	char stage[16];

	for (i = 0; i < n; i++) {
		const struct notice *no = &d->compose.plan->v[idx[i]];

		notice_stage(no, stage);
		if (ledger_record(d->ledger, d->compose.compliance->today,
		    notice_kind_name(no->kind), d->compose.people->v[no->person].key,
		    c->certs[no->cert].name, no->expires, stage, to, outcome,
		    answer, msgid) < 0)
			d->ledger_failed = true;
	}
}

/* "what <to>: the server's words", for the summary and stderr. */
static void
note(struct strlist *l, const char *what, const char *to, const char *answer)
{
	struct strbuf sb = { 0 };

	sb_printf(&sb, "%s <%s>: %s", what, to, answer);
	strlist_add(l, sb_str(&sb));
	sb_free(&sb);
}

/* A digest or a summary; a digest with the people it was about. */
static void
record_other(struct delivery *d, const struct notice *no, const char *to,
    enum ledger_outcome outcome, const char *answer, const char *msgid)
{
	size_t m;

	if (ledger_record(d->ledger, d->compose.compliance->today,
	    notice_kind_name(no->kind), no->digest ? no->digest->supervisor : "",
	    "", DAY_NONE, "", to, outcome, answer, msgid) < 0) {
		d->ledger_failed = true;
		return;
	}
	for (m = 0; no->digest != NULL && m < no->digest->nmembers; m++)
		if (ledger_record_about(d->ledger,
		    d->compose.people->v[no->digest->members[m]].key) < 0)
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
    enum ledger_outcome outcome, const char *answer, const char *msgid)
{
	const struct notice_digest *dg = b->other ? b->other->digest : NULL;
	bool owed = outcome == LEDGER_DEFERRED && b->other != NULL;

	if (ledger_begin(d->ledger) < 0) {
		d->ledger_failed = true;
		return;
	}
	if (owed)
		;	/* still owed: the next run sends it */
	else if (b->other != NULL) {
		record_other(d, b->other, to, outcome, answer, msgid);
		if (ledger_done_pending(d->ledger,
		    notice_kind_name(b->other->kind), b->pending_key) < 0)
			d->ledger_failed = true;
		/* what the digest said: the next goes when something is new */
		if (dg != NULL && dg->seen != NULL &&
		    ledger_digest_said(d->ledger, dg->supervisor, dg->seen) < 0)
			d->ledger_failed = true;
	} else
		record(d, b->idx, b->n, to, outcome, answer, msgid);
	if (ledger_end(d->ledger, !d->ledger_failed) < 0)
		d->ledger_failed = true;
}

/* Where an agency's coordinator gets its summary: to, with its pending key
 * "agency|address", the agency's index on the roster, and the count n of
 * those before it. */
struct agency_summary {
	const char	*name;		/* as the configuration says */
	const char	*to;
	const char	*key;
	uint32_t	 agency;
	size_t		 n;
};

/* Calls fn for each agency coordinator's summary (agencies = ( {
 * summary_to } ) of an agency the roster has), until one returns false. */
static bool
each_agency_summary(struct delivery *d, bool (*fn)(struct delivery *,
    const struct agency_summary *, void *), void *ctx)
{
	const struct conf *c = d->compose.conf;
	struct strbuf key = { 0 };
	bool ok = true;
	size_t a, k, n = 0;
	uint32_t idx;

	for (a = 0; ok && a < c->nagencies; a++)
		for (k = 0; ok && !c->agencies[a].absent &&
		    k < c->agencies[a].summary_to.n; k++) {
			if (!people_agency_named(d->compose.people,
			    c->agencies[a].name, &idx))
				continue;
			struct agency_summary as = { c->agencies[a].name,
			    c->agencies[a].summary_to.v[k], NULL, idx, n++ };

			sb_reset(&key);
			sb_printf(&key, "%s|%s", as.name, as.to);
			as.key = sb_str(&key);
			ok = fn(d, &as, ctx);
		}
	sb_free(&key);
	return ok;
}

struct owed {
	const struct notice_plan *np;
	bool		 planned;	/* the whole summary goes */
	bool		*v;		/* each agency summary: owed tonight */
	size_t		 n;		/* room in v */
};

/* An agency's summary is owed with the whole one when its agency has news
 * tonight (notice_plan_agency_news), on the weekly day when it has news
 * since the last summary, or when an earlier run owed it. */
static bool
find_owed(struct delivery *d, const struct agency_summary *as, void *ctx)
{
	struct owed *o = ctx;

	o->v[as->n] = o->planned && (notice_plan_agency_news(o->np,
	    as->agency) || ledger_pending(d->ledger, "summary", as->key) ||
	    (o->np->summary_weekly && compose_summary_news(&d->compose,
	    as->name)));
	return true;
}

static bool
set_owed(struct delivery *d, const struct agency_summary *as, void *ctx)
{
	const struct owed *o = ctx;

	return !o->v[as->n] ||
	    ledger_set_pending(d->ledger, "summary", as->key) == 0;
}

/* Before the first message: tonight's digests and summaries are owed until
 * each is booked, so that none is lost to a server gone or a killed run. */
static void
owe_all(struct delivery *d)
{
	const struct notice_plan *np = d->compose.plan;
	const struct strlist *sum = &d->compose.conf->mail.summary_to;
	bool *summary = xcalloc(sum->n + 1, sizeof(*summary));
	struct owed agencies = { np, false, NULL, 0 };
	bool ok, news;
	size_t i, k;

	for (i = 0; i < np->n; i++)
		agencies.planned |= np->v[i].kind == NOTICE_SUMMARY;
	/* the whole summary's news, the same for every address */
	news = agencies.planned && (notice_plan_has_news(np) ||
	    (np->summary_weekly && compose_summary_news(&d->compose, NULL)));
	for (k = 0; agencies.planned && k < sum->n; k++)
		summary[k] = news || ledger_pending(d->ledger, "summary",
		    sum->v[k]);
	for (k = 0; k < d->compose.conf->nagencies; k++)
		agencies.n += d->compose.conf->agencies[k].summary_to.n;
	agencies.v = xcalloc(agencies.n + 1, sizeof(*agencies.v));
	each_agency_summary(d, find_owed, &agencies);
	ok = ledger_begin(d->ledger) == 0 && ledger_clear_pending(d->ledger) == 0;
	for (i = 0; ok && i < np->n; i++)
		if (np->v[i].kind == NOTICE_DIGEST)
			ok = ledger_set_pending(d->ledger, "digest",
			    np->v[i].digest->supervisor) == 0;
	for (k = 0; ok && k < sum->n; k++)
		if (summary[k])
			ok = ledger_set_pending(d->ledger, "summary",
			    sum->v[k]) == 0;
	ok = ok && each_agency_summary(d, set_owed, &agencies);
	if (ledger_end(d->ledger, ok) < 0)
		d->ledger_failed = true;
	free(summary);
	free(agencies.v);
}

/* A message refused for its recipient, booked as failed at the night's
 * end unless so many were refused that the server is at fault. */
struct held {
	struct booking	 b;
	size_t		*idx;		/* b.idx's own copy */
	char		*to;
	char		*answer;
	char		*msgid;
};

static void
hold(struct delivery *d, const struct booking *b, const char *what,
    const char *to, const char *answer, const char *msgid)
{
	struct held *h;

	(void)what;
	d->held = xreallocarray(d->held, d->nheld + 1, sizeof(*d->held));
	h = &d->held[d->nheld++];
	h->b = *b;
	h->idx = NULL;
	if (b->n > 0) {
		h->idx = xcalloc(b->n, sizeof(*h->idx));
		memcpy(h->idx, b->idx, b->n * sizeof(*h->idx));
		h->b.idx = h->idx;
	}
	h->to = xstrdup(to);
	h->answer = xstrdup(answer);
	h->msgid = xstrdup(msgid);
}

/*
 * The refusals of the night so far: when more than half of the messages
 * (and at least 5) were refused, the server is at fault -- a relay
 * misconfigured for a night -- and nothing is recorded as failed; the
 * night stops.  Otherwise each is booked failed, with the server's words.
 */
static void held_free(struct delivery *);

static bool
settle_refusals(struct delivery *d)
{
	long tried = d->sent + d->deferred + d->failed;
	size_t i;

	if (d->failed >= 5 && d->failed * 2 > tried) {
		d->server_down = true;
		free(d->server_error);
		d->server_error = xasprintf("%ld of %ld messages refused, which "
		    "is the server's doing, not theirs: nothing is recorded as "
		    "failed; the first said \"%s\"", d->failed, tried,
		    d->held[0].answer);
		return false;
	}
	for (i = 0; i < d->nheld; i++)
		book(d, &d->held[i].b, d->held[i].to, LEDGER_FAILED,
		    d->held[i].answer, d->held[i].msgid);
	held_free(d);
	return !d->ledger_failed;
}

static void
held_free(struct delivery *d)
{
	size_t i;

	for (i = 0; i < d->nheld; i++) {
		free(d->held[i].idx);
		free(d->held[i].to);
		free(d->held[i].answer);
		free(d->held[i].msgid);
	}
	free(d->held);
	d->held = NULL;
	d->nheld = 0;
}

/* Sends and books one message; false when the run must stop. */
static bool
deliver_one(struct delivery *d, const char *what, const char *to_name,
    const char *to, const char *subject, const char *body, const char *html,
    const char *ics, const struct booking *b)
{
	char *answer = NULL, *msgid = NULL;
	enum smtp_result r = send_one(d, to_name, to, subject, body, html,
	    ics, &answer, &msgid);

	switch (r) {
	case SMTP_OK:
		d->sent++;
		book(d, b, to, LEDGER_SENT, answer, msgid);
		break;
	case SMTP_TEMPORARY:	/* still due: the next run sends it */
		d->deferred++;
		book(d, b, to, LEDGER_DEFERRED, answer, msgid);
		note(&d->deferrals, what, to, answer);
		break;
	case SMTP_PERMANENT:
		/* booked once the night shows it was the recipient's fault */
		d->failed++;
		hold(d, b, what, to, answer, msgid);
		note(&d->failures, what, to, answer);
		break;
	case SMTP_UNREACHABLE:
	case SMTP_SERVER_REFUSED:
	case SMTP_REFUSED:
		d->server_down = true;
		d->refused = r == SMTP_REFUSED;
		free(d->server_error);
		d->server_error = answer;
		free(msgid);
		return false;
	}
	free(msgid);
	free(answer);
	return !d->ledger_failed;
}

static bool
deliver_officers(struct delivery *d)
{
	const struct notice_plan *np = d->compose.plan;
	size_t *idx = xcalloc(np->n + 1, sizeof(*idx));
	size_t i, j, n;
	bool go = true;

	for (i = 0; go && i < np->n; i = j) {
		const struct notice *no = &np->v[i];
		struct booking b = { idx, 0, NULL, NULL };
		const struct person *p;
		char *subject, *body, *ics = NULL;

		if (no->kind > NOTICE_MISSING) {
			j = i + 1;
			continue;
		}
		/* the plan lists a person's notices together */
		for (j = i, n = 0; j < np->n && np->v[j].kind <= NOTICE_MISSING &&
		    np->v[j].person == no->person; j++)
			idx[n++] = j;
		b.n = n;
		p = &d->compose.people->v[no->person];
		if (no->to == NULL) {
			d->unreachable++;
			book(d, &b, NULL, LEDGER_UNREACHABLE, NULL, NULL);
			continue;
		}
		body = compose_officer(&d->compose, no->person, idx, n, &subject,
		    d->compose.conf->mail.attach_ics ? &ics : NULL);
		go = deliver_one(d, p->name, p->name, no->to, subject, body, NULL,
		    ics, &b);
		free(subject);
		free(body);
		free(ics);
	}
	free(idx);
	return go;
}

/* A digest whose supervisor has no address goes to the summary's
 * recipients, saying why; it is booked as unreachable, the copies not. */
static bool
forward_digest(struct delivery *d, const struct notice *no)
{
	const struct strlist *sum = &d->compose.conf->mail.summary_to;
	struct booking none = { NULL, 0, NULL, NULL };
	struct mail_addr who;
	char *subject, *body, *buf;
	size_t k;
	bool go = true;

	for (k = 0; go && k < sum->n; k++) {
		buf = NULL;
		if (mail_parse_address(sum->v[k], &who, &buf) < 0)
			who = (struct mail_addr){ NULL, sum->v[k] };
		body = compose_digest(&d->compose, no, true, &subject);
		go = deliver_one(d, "digest", who.name, who.addr, subject, body,
		    NULL, NULL, &none);
		free(subject);
		free(body);
		free(buf);
	}
	return go;
}

/* Sends the summary (agency NULL: the whole one; else that agency's own) to
 * the summary_to entry to, clearing the debt owed under key. */
static bool
send_summary(struct delivery *d, const struct notice *no, const char *to,
    const char *agency, const char *key)
{
	struct booking b = { NULL, 0, no, key };
	struct mail_addr who;
	char *subject, *body, *html = NULL, *buf = NULL;
	bool go;

	/* "Name <address>" or an address, checked already */
	if (mail_parse_address(to, &who, &buf) < 0)
		who = (struct mail_addr){ NULL, to };
	body = compose_summary(&d->compose, &d->failures, agency, &subject,
	    d->compose.conf->mail.summary_html ? &html : NULL);
	go = deliver_one(d, "summary", who.name, who.addr, subject, body, html,
	    NULL, &b);
	free(subject);
	free(body);
	free(html);
	free(buf);
	return go;
}

/* Each agency's coordinator (agencies = ( { summary_to } )) gets that
 * agency's own summary with the whole one when it is owed (the pending key
 * is "agency|address"). */
static bool
send_agency_summary(struct delivery *d, const struct agency_summary *as,
    void *no)
{
	return !ledger_pending(d->ledger, "summary", as->key) ||
	    send_summary(d, no, as->to, as->name, as->key);
}

enum deliver_outcome
deliver_plan(struct delivery *d)
{
	const struct notice_plan *np = d->compose.plan;
	size_t i, k;
	uint32_t s;
	bool go;

	owe_all(d);
	go = !d->ledger_failed && deliver_officers(d);
	for (i = 0; go && i < np->n; i++) {
		const struct notice *no = &np->v[i];
		struct booking b = { NULL, 0, no, NULL };
		char *subject, *body;

		if (no->kind != NOTICE_DIGEST)
			continue;
		b.pending_key = no->digest->supervisor;
		if (no->to == NULL) {
			d->unreachable++;
			book(d, &b, NULL, LEDGER_UNREACHABLE, NULL, NULL);
			go = forward_digest(d, no);
			continue;
		}
		body = compose_digest(&d->compose, no, false, &subject);
		s = people_find_key(d->compose.people, no->digest->supervisor);
		go = deliver_one(d, "digest", s == NO_PERSON ? NULL :
		    d->compose.people->v[s].name, no->to, subject, body, NULL, NULL,
		    &b);
		free(subject);
		free(body);
	}
	/* the summary says who could not be told: settled before it goes */
	go = go && settle_refusals(d);
	d->compose.deferred = &d->deferrals;
	for (i = 0; go && i < np->n; i++) {
		const struct notice *no = &np->v[i];
		const struct strlist *sum = &d->compose.conf->mail.summary_to;
		long before = d->sent;

		if (no->kind != NOTICE_SUMMARY)
			continue;
		for (k = 0; go && k < sum->n; k++)
			/* not to one who had it already */
			if (ledger_pending(d->ledger, "summary", sum->v[k]))
				go = send_summary(d, no, sum->v[k], NULL,
				    sum->v[k]);
		go = go && each_agency_summary(d, send_agency_summary,
		    (void *)no);
		/* the next summary tells what changed since this one */
		if (go && d->sent > before) {
			char *state = compose_state(&d->compose);

			if (ledger_set_meta(d->ledger, "summary:state", state) < 0)
				d->ledger_failed = true;
			free(state);
		}
	}
	if (go)
		go = settle_refusals(d);
	if (d->ledger_failed)
		return DELIVER_LEDGER_FAILED;
	if (d->server_down)
		return d->refused ? DELIVER_REFUSED : DELIVER_SERVER_DOWN;
	return d->deferred > 0 ? DELIVER_DEFERRED : DELIVER_DONE;
}

void
deliver_free(struct delivery *d)
{
	held_free(d);
	strlist_free(&d->failures);
	strlist_free(&d->deferrals);
	free(d->server_error);
	d->server_error = NULL;
}
