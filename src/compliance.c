#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compliance.h"
#include "strmap.h"

const char *
status_name(enum cert_status st)
{
	switch (st) {
	case ST_MISSING:
		return "missing";
	case ST_EXPIRED:
		return "expired";
	case ST_EXPIRING:
		return "expiring";
	case ST_CURRENT:
		break;
	}
	return "current";
}

enum cert_status
status_of(day_t expires, day_t today, int warn_days)
{
	if (expires == DAY_NONE)
		return ST_MISSING;
	if (expires < today)
		return ST_EXPIRED;
	if ((int64_t)expires <= (int64_t)today + warn_days)
		return ST_EXPIRING;
	return ST_CURRENT;
}

int
threshold_required(int pct, int sworn)
{
	return (int)(((int64_t)pct * sworn + 99) / 100);
}

static int
cmp_day_desc(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;

	return (x < y) - (x > y);
}

/* Sworn people whose certification is still valid on day d. */
static int
valid_on(const day_t *desc, size_t n, day_t d)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {	/* first index with desc[i] < d */
		size_t mid = lo + (hi - lo) / 2;

		if (desc[mid] >= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo;
}

void
forecast_compute(day_t *exp, size_t n, int required, day_t today,
    int horizon_days, struct forecast *fc)
{
	day_t horizon = today + horizon_days, e;
	size_t i, m = 0;

	for (i = 0; i < n; i++)		/* keep the records valid today */
		if (exp[i] != DAY_NONE && exp[i] >= today)
			exp[m++] = exp[i];
	if (m > 1)
		qsort(exp, m, sizeof(*exp), cmp_day_desc);
	fc->breaks_on = DAY_NONE;
	fc->needed_by_break = 0;
	fc->needed_for_horizon = required - valid_on(exp, m, horizon);
	if (fc->needed_for_horizon < 0)
		fc->needed_for_horizon = 0;
	if (required <= 0)
		return;
	if ((int)m < required) {
		fc->breaks_on = today;
		fc->needed_by_break = required - (int)m;
		return;
	}
	/* Valid on D while D <= the required-th latest expiry. */
	e = exp[required - 1];
	if (e != DAY_FOREVER && e < horizon) {
		fc->breaks_on = e + 1;
		fc->needed_by_break = required - valid_on(exp, m, e + 1);
	}
}

struct span_edge {
	int64_t	 day;
	int	 step;		/* +1: valid from day; -1: gone from day */
};

static int
by_edge_day(const void *a, const void *b)
{
	const struct span_edge *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

void
forecast_spans(const struct span *s, size_t n, int required, day_t today,
    int horizon_days, struct forecast *fc)
{
	struct span_edge *e = xcalloc(2 * n + 1, sizeof(*e));
	int64_t horizon = (int64_t)today + horizon_days;
	size_t i, m = 0;
	int count = 0;

	for (i = 0; i < n; i++) {
		if (s[i].to == DAY_NONE || s[i].to < today || s[i].to < s[i].from)
			continue;
		e[m].day = s[i].from;
		e[m++].step = 1;
		if (s[i].to != DAY_FOREVER) {
			e[m].day = (int64_t)s[i].to + 1;
			e[m++].step = -1;
		}
	}
	if (m > 1)
		qsort(e, m, sizeof(*e), by_edge_day);
	fc->breaks_on = DAY_NONE;
	fc->needed_by_break = 0;
	/* valid today; then each day the count changes, to the horizon */
	for (i = 0; i < m && e[i].day <= today; i++)
		count += e[i].step;
	if (required > 0 && count < required) {
		fc->breaks_on = today;
		fc->needed_by_break = required - count;
	}
	while (i < m && e[i].day <= horizon) {
		int64_t d = e[i].day;

		for (; i < m && e[i].day == d; i++)
			count += e[i].step;
		if (required > 0 && fc->breaks_on == DAY_NONE &&
		    count < required) {
			fc->breaks_on = (day_t)d;
			fc->needed_by_break = required - count;
		}
	}
	fc->needed_for_horizon = required - count > 0 ? required - count : 0;
	free(e);
}

size_t
compliance_curve(const struct people *pp, const uint32_t *who, size_t n,
    size_t cert, day_t today, day_t end, day_t **days, int **valid)
{
	day_t *e = xcalloc(n + 1, sizeof(*e)), x;
	size_t i, m = 0, steps = 0;
	int count;

	for (i = 0; i < n; i++) {
		const struct person *p = &pp->v[who[i]];

		x = *people_expires(pp, who[i], cert);
		if (p->active && p->sworn && x != DAY_NONE && x >= today)
			e[m++] = x;
	}
	if (m > 1)
		qsort(e, m, sizeof(*e), cmp_day_desc);
	*days = xcalloc(m + 1, sizeof(**days));
	*valid = xcalloc(m + 1, sizeof(**valid));
	count = (int)m;
	(*days)[steps] = today;
	(*valid)[steps++] = count;
	/* the earliest expiry first: valid through x, gone from x + 1 */
	for (i = m; i > 0 && e[i - 1] < end; i--) {
		count--;
		if ((*days)[steps - 1] == e[i - 1] + 1)
			(*valid)[steps - 1] = count;
		else {
			(*days)[steps] = e[i - 1] + 1;
			(*valid)[steps++] = count;
		}
	}
	free(e);
	return steps;
}

bool
compliance_breaks_soon(const struct compliance *cp, const struct cert_tally *t)
{
	return t->forecast.breaks_on != DAY_NONE &&
	    (int64_t)t->forecast.breaks_on <= (int64_t)cp->today + cp->warn_days;
}

/* Tallies people into groups: group[i] is person i's, or NO_PERSON for
 * none; g[0..n) get active, sworn and every certification's figures, and
 * with forecast the forecast too. */
static void
tally(const struct conf *c, const struct people *pp, const struct compliance
    *cp, const uint32_t *group, size_t n, bool forecast,
    struct agency_tally *g)
{
	size_t a, k, i, *fill = NULL, *start = NULL;
	day_t *exp = NULL;

	for (a = 0; a < n; a++)
		g[a].cert = xcalloc(c->ncerts, sizeof(*g[a].cert));
	for (i = 0; i < pp->n; i++)
		if (group[i] != NO_PERSON) {
			g[group[i]].active++;
			g[group[i]].sworn += pp->v[i].sworn;
		}
	/* The sworn people's expiries, grouped, for the forecast. */
	if (forecast) {
		start = xcalloc(n + 1, sizeof(*start));
		for (a = 0; a < n; a++)
			start[a + 1] = start[a] + (size_t)g[a].sworn;
		fill = xcalloc(n + 1, sizeof(*fill));
		exp = xcalloc(start[n] + 1, sizeof(*exp));
	}
	for (k = 0; k < c->ncerts; k++) {
		const struct conf_cert *ct = &c->certs[k];

		if (forecast)
			memcpy(fill, start, (n + 1) * sizeof(*fill));
		for (i = 0; i < pp->n; i++) {
			const struct person *p = &pp->v[i];
			struct cert_tally *t;
			day_t e = *people_expires(pp, (uint32_t)i, k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);
			bool valid = st == ST_CURRENT || st == ST_EXPIRING;

			if (group[i] == NO_PERSON)
				continue;
			t = &g[group[i]].cert[k];
			if (!p->sworn) {
				if (ct->required_for_selected && p->selected) {
					t->selected_total++;
					t->selected_valid += valid;
				}
				continue;
			}
			if (forecast)
				exp[fill[group[i]]++] = e;
			t->valid += valid;
			t->current += st == ST_CURRENT;
			t->expiring += st == ST_EXPIRING;
			t->expired += st == ST_EXPIRED;
			t->missing += st == ST_MISSING;
		}
		for (a = 0; a < n; a++) {
			struct cert_tally *t = &g[a].cert[k];

			t->required = threshold_required(ct->threshold_pct,
			    g[a].sworn);
			/* no sworn officer: no pledge figure, never "met" */
			t->met = g[a].sworn > 0 && t->valid >= t->required;
			t->shortfall = t->met ? 0 : t->required - t->valid;
			if (forecast)
				forecast_compute(exp + start[a], start[a + 1] -
				    start[a], t->required, cp->today,
				    c->forecast_days, &t->forecast);
		}
	}
	free(exp);
	free(fill);
	free(start);
}

/* Groups the active people of each agency by a text of theirs (unit or
 * shift; NULL is a group of its own), in order of first appearance, and
 * tallies the groups. */
static const char *
unit_of(const struct person *p)
{
	return p->unit;
}

static const char *
shift_of(const struct person *p)
{
	return p->shift;
}

/*
 * The groups g[0..n) put in agency order, each agency's in the order they
 * came (a counting sort), with *first the start of each agency's: a
 * report of 100,000 agencies then finds an agency's units at once.
 */
static struct agency_tally *
by_agency(struct agency_tally *g, size_t n, size_t nagencies,
    size_t **first)
{
	struct agency_tally *out = xcalloc(n + 1, sizeof(*out));
	size_t *at = xcalloc(nagencies + 2, sizeof(*at)), i, a;

	for (i = 0; i < n; i++)
		at[g[i].agency + 1]++;
	for (a = 0; a < nagencies; a++)
		at[a + 1] += at[a];
	*first = xcalloc(nagencies + 1, sizeof(**first));
	memcpy(*first, at, (nagencies + 1) * sizeof(*at));
	for (i = 0; i < n; i++)
		out[at[g[i].agency]++] = g[i];
	free(at);
	free(g);
	return out;
}

static size_t
tally_by(const struct conf *c, const struct people *pp,
    const struct compliance *cp, const char *(*name_of)(const struct person *),
    struct agency_tally **out, size_t **first)
{
	struct strmap *seen = xcalloc(pp->nagencies + 1, sizeof(*seen));
	uint32_t *none = xcalloc(pp->nagencies + 1, sizeof(*none));
	uint32_t *group = xcalloc(pp->n + 1, sizeof(*group));
	struct agency_tally *g = NULL;
	size_t n = 0, i, a;

	for (a = 0; a < pp->nagencies; a++)
		none[a] = NO_PERSON;
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];
		const char *name = name_of(p);
		uint32_t *slot = NULL, v;

		a = p->agency;
		group[i] = NO_PERSON;
		if (!p->active)
			continue;
		if (name == NULL)
			slot = &none[a];
		else if (strmap_get(&seen[a], name, strlen(name), &v))
			slot = &v;
		if (slot != NULL && *slot != NO_PERSON) {
			group[i] = *slot;
			continue;
		}
		g = xreallocarray(g, n + 1, sizeof(*g));
		memset(&g[n], 0, sizeof(g[n]));
		g[n].name = name;
		g[n].agency = (uint32_t)a;
		if (name == NULL)
			none[a] = (uint32_t)n;
		else
			strmap_put(&seen[a], name, strlen(name), (uint32_t)n);
		group[i] = (uint32_t)n++;
	}
	tally(c, pp, cp, group, n, false, g);
	for (a = 0; a < pp->nagencies; a++)
		strmap_free(&seen[a]);
	free(seen);
	free(none);
	free(group);
	*out = by_agency(g, n, pp->nagencies, first);
	return n;
}

void
compliance_compute(const struct conf *c, const struct people *pp, day_t today,
    struct compliance *cp)
{
	uint32_t *group = xcalloc(pp->n + 1, sizeof(*group));
	size_t a, i;

	memset(cp, 0, sizeof(*cp));
	cp->today = today;
	cp->warn_days = conf_warn_days(c);
	cp->forecast_days = c->forecast_days;
	cp->ncerts = c->ncerts;
	cp->nagencies = pp->nagencies;
	cp->agency = xcalloc(pp->nagencies + 1, sizeof(*cp->agency));
	for (a = 0; a < pp->nagencies; a++) {
		cp->agency[a].name = pp->agency[a];
		cp->agency[a].agency = (uint32_t)a;
	}
	for (i = 0; i < pp->n; i++)
		group[i] = pp->v[i].active ? pp->v[i].agency : NO_PERSON;
	tally(c, pp, cp, group, pp->nagencies, true, cp->agency);
	free(group);
	cp->nunits = tally_by(c, pp, cp, unit_of, &cp->unit, &cp->unit_first);
	cp->nshifts = tally_by(c, pp, cp, shift_of, &cp->shift,
	    &cp->shift_first);
}

void
compliance_free(struct compliance *cp)
{
	size_t a;

	for (a = 0; a < cp->nagencies; a++)
		free(cp->agency[a].cert);
	free(cp->agency);
	for (a = 0; a < cp->nunits; a++)
		free(cp->unit[a].cert);
	free(cp->unit);
	free(cp->unit_first);
	for (a = 0; a < cp->nshifts; a++)
		free(cp->shift[a].cert);
	free(cp->shift);
	free(cp->shift_first);
	memset(cp, 0, sizeof(*cp));
}

void
pledge_history_free(struct pledge_history *h)
{
	size_t i;

	for (i = 0; i < h->len; i++)
		free(h->v[i]);
	free(h->v);
	free(h->n);
	memset(h, 0, sizeof(*h));
}

bool
compliance_counts(const struct conf *c, const struct people *pp,
    uint32_t person, size_t cert, day_t today)
{
	const struct person *p = &pp->v[person];
	enum cert_status st = status_of(*people_expires(pp, person, cert),
	    today, 0);

	return p->active && st != ST_MISSING && st != ST_EXPIRED &&
	    (p->sworn || (p->selected && c->certs[cert].required_for_selected));
}

const struct agency_tally *
compliance_units(const struct compliance *cp, uint32_t a, size_t *n)
{
	if (cp->unit_first == NULL || a >= cp->nagencies) {
		*n = 0;
		return cp->unit;
	}
	*n = cp->unit_first[a + 1] - cp->unit_first[a];
	return cp->unit + cp->unit_first[a];
}

const struct agency_tally *
compliance_shifts(const struct compliance *cp, uint32_t a, size_t *n)
{
	if (cp->shift_first == NULL || a >= cp->nagencies) {
		*n = 0;
		return cp->shift;
	}
	*n = cp->shift_first[a + 1] - cp->shift_first[a];
	return cp->shift + cp->shift_first[a];
}
