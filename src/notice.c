#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "notice.h"
#include "strbuf.h"
#include "strmap.h"

const char *
notice_digest_name(const struct people *pp, const struct notice_digest *dg)
{
	uint32_t s = people_find_key(pp, dg->supervisor);

	return s != NO_PERSON ? pp->v[s].name : people_key_id(dg->supervisor);
}

enum digest_gap
notice_digest_gap(const struct people *pp, const struct notice_digest *dg)
{
	uint32_t s = people_find_key(pp, dg->supervisor);

	return s == NO_PERSON ? GAP_NO_ONE : !pp->v[s].active ? GAP_INACTIVE :
	    GAP_NO_ADDRESS;
}

const char *
notice_gap_words(enum digest_gap g)
{
	switch (g) {
	case GAP_NO_ONE:
		return "no one on the roster has this id";
	case GAP_INACTIVE:
		return "not active on the roster";
	case GAP_NO_ADDRESS:
		break;
	}
	return "no usable e-mail address on file";
}

const char *
notice_kind_name(enum notice_kind k)
{
	switch (k) {
	case NOTICE_REMINDER:
		return "reminder";
	case NOTICE_EXPIRED:
		return "expired";
	case NOTICE_MISSING:
		return "missing";
	case NOTICE_DIGEST:
		return "digest";
	case NOTICE_SUMMARY:
		break;
	}
	return "summary";
}

void
notice_stage(const struct notice *n, char buf[16])
{
	if (n->kind == NOTICE_REMINDER)
		snprintf(buf, 16, "%d", n->stage);
	else
		snprintf(buf, 16, "%s", notice_kind_name(n->kind));
}

int
notice_stage_for(const struct conf *c, int days_left)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)	/* ascending */
		if (days_left <= c->stages[i])
			return c->stages[i];
	return 0;
}

static struct notice *
plan_add(struct notice_plan *np, enum notice_kind kind)
{
	struct notice *n;

	if (np->n == np->cap) {
		np->cap = np->cap ? np->cap * 2 : 64;
		np->v = xreallocarray(np->v, np->cap, sizeof(*np->v));
	}
	n = &np->v[np->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->person = NO_PERSON;
	n->expires = DAY_NONE;
	return n;
}

/* Whether a repeating notice (expired, missing) is due again: every
 * overdue_every_days, but for a voluntary certification's expiry at most
 * voluntary_expired_notices times -- then the person is only listed. */
static bool
repeat_due(const struct conf *c, const struct notice_history *h,
    const char *kind, const struct person *p, const struct conf_cert *ct,
    day_t expires, day_t today)
{
	day_t last, first;
	long count;

	if (h == NULL)
		return true;
	last = h->last_done(h->ctx, kind, p->key, ct->name, expires, &count,
	    &first);
	if (!ct->required && strcmp(kind, "expired") == 0 &&
	    count >= c->voluntary_expired_notices)
		return false;
	return last == DAY_NONE || today - last >= c->overdue_every_days;
}

/* Whether a new hire is still in the grace before "missing" notices. */
bool
notice_in_grace(const struct conf *c, const struct person *p, day_t today)
{
	return p->hired != DAY_NONE &&
	    (int64_t)today < (int64_t)p->hired + c->new_hire_grace_days;
}

bool
notice_must_hold(const struct conf_cert *ct, const struct person *p)
{
	return ct->required && (p->sworn ||
	    (p->selected && ct->required_for_selected));
}

static void
plan_officer(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h,
    struct notice_plan *np)
{
	size_t i, k;

	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			const struct conf_cert *ct = &c->certs[k];
			day_t e = *people_expires(pp, (uint32_t)i, k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);
			struct notice *n;
			int stage = 0;

			/* current, or booked for a class that renews it */
			if (st == ST_CURRENT || (pp->booked != NULL &&
			    pp->booked[i * pp->ncerts + k]))
				continue;
			if (st == ST_EXPIRING) {
				stage = notice_stage_for(c, e - cp->today);
				if (h != NULL && h->stage_done(h->ctx, p->key,
				    ct->name, e, stage))
					continue;
			} else if (st == ST_EXPIRED) {
				if (!repeat_due(c, h, "expired", p, ct, e,
				    cp->today))
					continue;
			} else if (!notice_must_hold(ct, p) ||
			    notice_in_grace(c, p, cp->today) ||
			    !repeat_due(c, h, "missing", p, ct, DAY_NONE,
			    cp->today))
				continue;
			n = plan_add(np, st == ST_EXPIRING ? NOTICE_REMINDER :
			    st == ST_EXPIRED ? NOTICE_EXPIRED : NOTICE_MISSING);
			n->person = (uint32_t)i;
			n->cert = k;
			n->stage = stage;
			n->expires = e;
			n->to = p->email;
			np->officer_notices++;
			if (h != NULL) {
				char sbuf[16];

				notice_stage(n, sbuf);
				n->retry = h->deferred(h->ctx,
				    notice_kind_name(n->kind), p->key, ct->name,
				    e, sbuf);
			}
			if (n->retry)
				np->retries++;
			else
				np->agency_news[p->agency] = true;
		}
	}
}

/* Whether a supervisor's digest lists this person. */
static bool
needs_attention(const struct conf *c, const struct people *pp,
    const struct compliance *cp, uint32_t i)
{
	const struct person *p = &pp->v[i];
	size_t k;

	for (k = 0; k < c->ncerts; k++) {
		enum cert_status st = status_of(*people_expires(pp, i, k),
		    cp->today, cp->warn_days);

		if (st == ST_EXPIRING || st == ST_EXPIRED ||
		    (st == ST_MISSING && notice_must_hold(&c->certs[k], p)))
			return true;
	}
	return false;
}

/*
 * Whether a person's lapse has lasted past escalate_after_days: expired
 * that long, or told of a missing certification that long ago.  Their
 * supervisor's own supervisor then hears of them too.
 */
static bool
escalated(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h, uint32_t i)
{
	const struct person *p = &pp->v[i];
	day_t e, last, first;
	long count;
	size_t k;

	if (c->escalate_after_days == 0)
		return false;
	for (k = 0; k < c->ncerts; k++) {
		e = *people_expires(pp, i, k);
		switch (status_of(e, cp->today, cp->warn_days)) {
		case ST_EXPIRED:
			if ((int64_t)cp->today - e > c->escalate_after_days)
				return true;
			break;
		case ST_MISSING:
			if (!notice_must_hold(&c->certs[k], p) || h == NULL)
				break;
			last = h->last_done(h->ctx, "missing", p->key,
			    c->certs[k].name, DAY_NONE, &count, &first);
			(void)last;
			if (first != DAY_NONE &&
			    (int64_t)cp->today - first > c->escalate_after_days)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/* Person i's supervisor on the roster, found by id; NO_PERSON when none
 * is named by id or the roster has no one with it. */
static uint32_t
supervisor_of(const struct people *pp, uint32_t i)
{
	const struct person *p = &pp->v[i];

	return p->supervisor_id == NULL ? NO_PERSON :
	    people_find_key(pp, p->supervisor_key);
}

/* The key that groups person i under a supervisor, or NULL: none given,
 * or i themselves (an HR system often lists an agency's head as their own
 * supervisor, and no one is on their own team).  s: supervisor_of(i). */
static const char *
supervisor_key(const struct people *pp, uint32_t i, uint32_t s)
{
	const struct person *p = &pp->v[i];

	if (p->supervisor_key == NULL)
		return NULL;
	if (p->supervisor_id != NULL ? s == i :
	    p->email != NULL && strcasecmp(p->email, p->supervisor_key) == 0)
		return NULL;
	return p->supervisor_key;
}

/* The supervisor above person i's supervisor s, or NULL: none, or i again
 * (two people who name each other). */
static const char *
grand_key(const struct people *pp, uint32_t i, uint32_t s)
{
	uint32_t g;

	if (s == NO_PERSON || s == i)
		return NULL;
	g = supervisor_of(pp, s);
	return g == i ? NULL : supervisor_key(pp, s, g);
}

/* Adds person i to the digest at np->v[v]. */
static void
add_member(struct notice_plan *np, uint32_t v, uint32_t i, bool up)
{
	struct notice_digest *n = np->v[v].digest;

	if (n->nmembers == n->room) {
		n->room = n->room ? n->room * 2 : 16;
		n->members = xreallocarray(n->members, n->room,
		    sizeof(*n->members));
		n->escalated = xreallocarray(n->escalated, n->room,
		    sizeof(*n->escalated));
	}
	n->members[n->nmembers] = i;
	n->escalated[n->nmembers++] = up;
}

/* Where a person's supervisor is mailed. */
static const char *
supervisor_to(const struct people *pp, const struct person *p)
{
	uint32_t s;

	if (p->supervisor_id == NULL)
		return p->supervisor_email;
	s = people_find_key(pp, p->supervisor_key);
	return s != NO_PERSON && pp->v[s].active ? pp->v[s].email : NULL;
}

static bool
digest_pending(const struct notice_history *h, const char *key,
    struct strmap *asked)
{
	uint32_t v;

	if (h == NULL || strmap_get(asked, key, strlen(key), &v))
		return false;
	strmap_put(asked, key, strlen(key), 1);
	return h->pending(h->ctx, "digest", key);
}

static void
digest_free(struct notice_digest *n)
{
	if (n == NULL)
		return;
	free(n->members);
	free(n->escalated);
	free(n->fresh);
	free(n->renewed);
	free(n->seen);
	while (n->ngone > 0)
		free(n->gone[--n->ngone].key);
	free(n->gone);
	free(n);
}

/* The digest of supervisor key, found or added; its index. */
static uint32_t
digest_of(struct notice_plan *np, struct strmap *sup, const struct people *pp,
    const char *key, const struct person *under)
{
	struct notice *n;
	uint32_t v;

	if (strmap_get(sup, key, strlen(key), &v))
		return v;
	v = (uint32_t)np->n;
	strmap_put(sup, key, strlen(key), v);
	n = plan_add(np, NOTICE_DIGEST);
	n->digest = xcalloc(1, sizeof(*n->digest));
	n->digest->supervisor = key;
	n->to = supervisor_to(pp, under);
	return v;
}

/* What a digest line says of person i, as far as news goes: a new stage,
 * a new expiry, newly missing; not the days ticking by. */
static void
said_of(const struct conf *c, const struct people *pp,
    const struct compliance *cp, uint32_t i, bool up, struct strbuf *sb)
{
	const struct person *p = &pp->v[i];
	size_t k;

	sb_printf(sb, "%s%s", up ? "^" : "", p->key);
	for (k = 0; k < c->ncerts; k++) {
		day_t e = *people_expires(pp, i, k);

		switch (status_of(e, cp->today, cp->warn_days)) {
		case ST_EXPIRING:
			sb_printf(sb, "|%s:%d:%ld", c->certs[k].name,
			    notice_stage_for(c, e - cp->today), (long)e);
			break;
		case ST_EXPIRED:
			sb_printf(sb, "|%s:expired:%ld", c->certs[k].name,
			    (long)e);
			break;
		case ST_MISSING:
			if (!notice_must_hold(&c->certs[k], p))
				continue;
			sb_printf(sb, "|%s:missing", c->certs[k].name);
			break;
		default:
			continue;
		}
		/* a booking made, or missed, is news for the digest too */
		if (pp->booked != NULL && pp->booked[(size_t)i * pp->ncerts + k])
			sb_add(sb, ":booked");
	}
	sb_addc(sb, '\n');
}

/* Urgency: expired longest ago first, then missing, then soonest to
 * expire. */
struct urgent {
	uint32_t	 member;
	bool		 up;
	int		 rank;
	int64_t		 when;
};

static int
by_urgency(const void *a, const void *b)
{
	const struct urgent *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->member < y->member ? -1 : x->member > y->member;
}

static void
sort_members(const struct conf *c, const struct people *pp,
    const struct compliance *cp, struct notice_digest *n)
{
	struct urgent *u = xcalloc(n->nmembers + 1, sizeof(*u));
	size_t m, k;

	for (m = 0; m < n->nmembers; m++) {
		u[m].member = n->members[m];
		u[m].up = n->escalated[m];
		u[m].rank = 3;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, n->members[m], k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);
			const struct person *p = &pp->v[n->members[m]];
			int r = st == ST_EXPIRED ? 0 : st == ST_MISSING &&
			    notice_must_hold(&c->certs[k], p) ? 1 :
			    st == ST_EXPIRING ? 2 : 3;

			if (r < u[m].rank || (r == u[m].rank && e < u[m].when)) {
				u[m].rank = r;
				u[m].when = e;
			}
		}
	}
	qsort(u, n->nmembers, sizeof(*u), by_urgency);
	for (m = 0; m < n->nmembers; m++) {
		n->members[m] = u[m].member;
		n->escalated[m] = u[m].up;
	}
	free(u);
}

/* Whether a digest line says something of the certification name[0..len). */
static bool
says_cert(const char *line, const char *name, size_t len)
{
	const char *at;

	for (at = strchr(line, '|'); at != NULL; at = strchr(at + 1, '|'))
		if (strncmp(at + 1, name, len) == 0 && at[len + 1] == ':')
			return true;
	return false;
}

/* Whether a digest line says something of its person that the line the
 * last digest said of them (was) did not: a stage, an expiry, a missing
 * certification.  A renewal only takes away. */
static bool
says_more(const char *was, const char *line)
{
	const char *seg, *at;
	size_t len;

	for (seg = strchr(line, '|'); seg != NULL; seg = strchr(seg + 1, '|')) {
		len = strcspn(seg + 1, "|") + 1;	/* "|what" */
		for (at = strstr(was, "|"); at != NULL; at = strchr(at + 1, '|'))
			if (strncmp(at, seg, len) == 0 &&
			    (at[len] == '|' || at[len] == '\0'))
				break;
		if (at == NULL)
			return true;
	}
	return false;
}

/* The certifications (bit k of certs[k]) the last digest's line said
 * something of and this one does not: renewed or trained since. */
static uint32_t
certs_gone(const struct conf *c, const char *was, const char *line)
{
	const char *at;
	uint32_t gone = 0;
	size_t k, len;

	for (at = strchr(was, '|'); at != NULL; at = strchr(at + 1, '|'))
		for (k = 0; k < c->ncerts && k < 32; k++) {
			len = strlen(c->certs[k].name);
			if (strncmp(at + 1, c->certs[k].name, len) == 0 &&
			    at[len + 1] == ':' && !says_cert(line,
			    c->certs[k].name, len))
				gone |= UINT32_C(1) << k;
		}
	return gone;
}

/* Those the last digest listed (keys[0..nkeys), each its line's part
 * before "|", "^" first when escalated) whom this one does not, each with
 * why. */
static void
digest_gone(const struct conf *c, const struct people *pp,
    const struct compliance *cp, struct notice_digest *n,
    char *const *keys, size_t nkeys)
{
	struct strmap now = { 0 };	/* keys listed tonight */
	const char *key;
	size_t m, j;
	uint32_t v, i;

	for (m = 0; m < n->nmembers; m++) {
		key = pp->v[n->members[m]].key;
		strmap_put(&now, key, strlen(key), 1);
	}
	for (j = 0; j < nkeys; j++) {
		struct notice_gone *g;
		char *k;

		key = keys[j] + (keys[j][0] == '^');
		if (strmap_get(&now, key, strlen(key), &v))
			continue;
		for (m = 0; m < n->ngone; m++)		/* once */
			if (strcmp(n->gone[m].key, key) == 0)
				break;
		if (m < n->ngone)
			continue;
		k = xstrdup(key);
		i = people_find_key(pp, k);
		n->gone = xreallocarray(n->gone, n->ngone + 1,
		    sizeof(*n->gone));
		g = &n->gone[n->ngone++];
		g->person = i;
		g->key = k;
		g->id = people_key_id(k);
		g->why = i == NO_PERSON ? GONE_OFF_ROSTER :
		    !pp->v[i].active ? GONE_INACTIVE :
		    needs_attention(c, pp, cp, i) ? GONE_OTHER_LIST :
		    GONE_NOTHING_DUE;
	}
	strmap_free(&now);
}

/*
 * What the digest says against what the last one said: each line not
 * said before is fresh; the digest is news when a line is fresh or one
 * said before is gone (a renewal), and names those gone.
 */
static bool
digest_news(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h,
    struct notice_digest *n)
{
	struct strbuf line = { 0 }, all = { 0 };
	char *before = h != NULL ? h->digest_seen(h->ctx, n->supervisor) : NULL;
	struct strmap said = { 0 };	/* each line of before by its key */
	char **keys = NULL;
	size_t m, old = 0;
	char *p, *nl;
	uint32_t v;
	bool news = before == NULL;

	for (p = before; p != NULL && (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1) {
		*nl = '\0';
		/* the map's keys end in a NUL: each a copy */
		keys = xreallocarray(keys, old + 1, sizeof(*keys));
		keys[old] = xstrndup(p, strcspn(p, "|"));
		strmap_put(&said, keys[old], strlen(keys[old]),
		    (uint32_t)(p - before));
		old++;
	}
	n->fresh = xcalloc(n->nmembers + 1, sizeof(*n->fresh));
	n->renewed = xcalloc(n->nmembers + 1, sizeof(*n->renewed));
	for (m = 0; m < n->nmembers; m++) {
		sb_reset(&line);
		said_of(c, pp, cp, n->members[m], n->escalated[m], &line);
		sb_add(&all, sb_str(&line));
		line.s[--line.len] = '\0';	/* the newline */
		if (before == NULL ||
		    !strmap_get(&said, line.s, strcspn(line.s, "|"), &v))
			n->fresh[m] = true;
		else {
			n->fresh[m] = says_more(before + v, line.s);
			n->renewed[m] = certs_gone(c, before + v, line.s);
		}
		news |= n->fresh[m] || n->renewed[m] != 0;
	}
	n->had_before = before != NULL;
	if (before != NULL)
		digest_gone(c, pp, cp, n, keys, old);
	news |= n->ngone > 0;
	n->seen = sb_steal(&all);
	strmap_free(&said);
	while (old > 0)
		free(keys[--old]);
	free(keys);
	free(before);
	sb_free(&line);
	return news;
}

/* Whether a digest lists someone with urgent news tonight. */
static bool
has_urgent(const struct notice_digest *n, const bool *urgent)
{
	size_t m;

	for (m = 0; m < n->nmembers; m++)
		if (urgent[n->members[m]])
			return true;
	return false;
}

/*
 * Who has urgent news tonight, for a digest off its weekly day: a required
 * certification that lapsed within the week (so the last weekly digest
 * could not say it), one missing and told for the first time, or the
 * 7-day reminder.  Retries are not news.  A first night has none: its
 * digests wait for their day.
 */
static bool *
urgent_people(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h,
    const struct notice_plan *np)
{
	bool *urgent = xcalloc(pp->n + 1, sizeof(*urgent));
	size_t i;

	for (i = 0; h != NULL && i < np->n; i++) {
		const struct notice *n = &np->v[i];
		const struct person *p;
		const struct conf_cert *ct;
		long count = 0;
		day_t first;

		if (n->person == NO_PERSON || n->retry)
			continue;
		p = &pp->v[n->person];
		ct = &c->certs[n->cert];
		if (n->kind == NOTICE_REMINDER)
			urgent[n->person] |= n->stage <= 7;
		else if (!notice_must_hold(ct, p))
			continue;
		else if (n->kind == NOTICE_EXPIRED)
			urgent[n->person] |= cp->today - n->expires < 7;
		else if (h->last_done(h->ctx, "missing", p->key, ct->name,
		    DAY_NONE, &count, &first) == DAY_NONE)
			urgent[n->person] = true;
	}
	return urgent;
}

/*
 * Digests: for each supervisor, their people who need attention (and, past
 * escalate_after_days, those of the supervisors below), most urgent first.
 * One goes only when something in it is new since the last one (off a weekly
 * digest's day, only when that includes urgent news: urgent, else NULL),
 * or when an earlier run owed it.
 */
static void
plan_digests(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h,
    const bool *urgent, struct notice_plan *np)
{
	struct strmap sup = { 0 };	/* supervisor key -> notice index */
	struct strmap asked = { 0 };	/* supervisors asked about pending */
	size_t i, first = np->n, d, kept;
	const char *key;
	uint32_t v, s;

	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active || p->supervisor_key == NULL ||
		    !needs_attention(c, pp, cp, (uint32_t)i))
			continue;
		s = supervisor_of(pp, (uint32_t)i);
		if ((key = supervisor_key(pp, (uint32_t)i, s)) == NULL)
			continue;
		v = digest_of(np, &sup, pp, key, p);
		add_member(np, v, (uint32_t)i, false);
		if ((key = grand_key(pp, (uint32_t)i, s)) != NULL &&
		    escalated(c, pp, cp, h, (uint32_t)i)) {
			v = digest_of(np, &sup, pp, key, &pp->v[s]);
			add_member(np, v, (uint32_t)i, true);
		}
	}
	for (d = kept = first; d < np->n; d++) {
		struct notice_digest *n = np->v[d].digest;

		sort_members(c, pp, cp, n);
		if ((digest_news(c, pp, cp, h, n) &&
		    (urgent == NULL || has_urgent(n, urgent))) ||
		    digest_pending(h, n->supervisor, &asked)) {
			np->v[kept++] = np->v[d];
			for (i = 0; i < n->nmembers; i++)
				if (n->fresh[i])
					np->agency_news[pp->v[
					    n->members[i]].agency] = true;
		} else
			digest_free(n);
	}
	np->n = kept;
	strmap_free(&sup);
	strmap_free(&asked);
}

/* Whether a weekly rhythm (0 Monday .. 6 Sunday; -1 daily) falls today;
 * 1970-01-01, day 0, was a Thursday. */
static bool
on_day(int every, day_t today)
{
	return every < 0 || (int)(((int64_t)today % 7 + 7 + 3) % 7) == every;
}

void
notice_plan_build(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const struct notice_history *h,
    struct notice_plan *np)
{
	size_t a, k;

	memset(np, 0, sizeof(*np));
	np->agency_news = xcalloc(cp->nagencies + 1, sizeof(*np->agency_news));
	plan_officer(c, pp, cp, h, np);
	if (on_day(c->digest_every, cp->today))
		plan_digests(c, pp, cp, h, NULL, np);
	else {
		/* off the digest's day: only those with urgent news */
		bool *urgent = urgent_people(c, pp, cp, h, np);

		plan_digests(c, pp, cp, h, urgent, np);
		free(urgent);
	}
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < cp->ncerts; k++) {
			int was = h ? h->last_met(h->ctx, cp->agency[a].name,
			    c->certs[k].name) : -1;

			if (was != (int)cp->agency[a].cert[k].met)
				np->met_changed = np->agency_news[a] = true;
		}
	/* daily: when there is news; weekly: every week on its day, when
	 * there is an agency to sum up */
	np->summary_weekly = c->summary_every >= 0 && cp->nagencies > 0 &&
	    on_day(c->summary_every, cp->today);
	if (c->summary_every >= 0 ? np->summary_weekly :
	    notice_plan_has_news(np) ||
	    (h != NULL && h->pending(h->ctx, "summary", NULL)))
		plan_add(np, NOTICE_SUMMARY);
}

void
notice_plan_news(const struct conf *c, struct notice_plan *np)
{
	size_t i;

	np->new_titles = true;
	if (c->summary_every >= 0)
		return;
	for (i = 0; i < np->n; i++)
		if (np->v[i].kind == NOTICE_SUMMARY)
			return;
	plan_add(np, NOTICE_SUMMARY);
}

bool
notice_plan_agency_news(const struct notice_plan *np, uint32_t agency)
{
	return np->new_titles ||
	    (np->agency_news != NULL && np->agency_news[agency]);
}

void
notice_plan_free(struct notice_plan *np)
{
	size_t i;

	for (i = 0; i < np->n; i++)
		digest_free(np->v[i].digest);
	free(np->v);
	free(np->agency_news);
	memset(np, 0, sizeof(*np));
}
