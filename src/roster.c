#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "csvread.h"
#include "roster.h"
#include "strbuf.h"
#include "text.h"

struct roster_ctx {
	struct input	 in;
	struct people	*pp;
	/* each person's value of the supervisor_match column: what the
	 * supervisor column of their people holds */
	const char	**match;
	size_t		 nmatch;
};

static void keep_match(struct roster_ctx *, uint32_t, char *const *,
    const size_t *);

static int
roster_header(void *ctx, char *const *names, size_t n, bool *want)
{
	static const enum column required[] = { COL_ID, COL_AGENCY };
	struct roster_ctx *r = ctx;

	/* the agency column is needed when ids are per agency */
	return input_map_header(&r->in, names, n, want, required,
	    NELEM(required) - !r->pp->agency_scope);
}

/*
 * An id met before: the later row wins, with a problem once per id.  The
 * same id in another agency is two people collapsed into one, unless ids
 * are per agency (id_scope), which the problem says.
 */
static void
again(struct roster_ctx *r, uint32_t idx, const char *id, size_t idlen,
    const char *agency, size_t alen, unsigned long line)
{
	struct people *pp = r->pp;
	struct person *p = &pp->v[idx];
	const char *was = pp->agency[p->agency];
	struct strbuf sb = { 0 };
	bool other = agency != NULL && !pp->agency_scope &&
	    (strlen(was) != alen || memcmp(was, agency, alen) != 0);

	input_quote(&sb, id, idlen);
	if (!p->repeated)
		r->in.stats->repeated_ids++;
	p->repeated = true;
	if (other) {
		if (!p->cross_agency)
			r->in.stats->cross_agency_ids++;
		p->cross_agency = true;
		problems_add(r->in.problems, r->in.label, line, "id %s is also "
		    "in agency \"%s\" (line %lu): two people cannot share an "
		    "id; if every agency numbers its own, set id_scope = "
		    "\"agency\"", sb_str(&sb), was, (unsigned long)p->line);
	} else
		problems_add(r->in.problems, r->in.label, line, "id %s appears "
		    "again (also on line %lu): this row wins", sb_str(&sb),
		    (unsigned long)p->line);
	sb_free(&sb);
	p->id = people_strdup(pp, str_trim(id, &idlen), idlen);
	p->name = p->id;
	if (!pp->agency_scope)
		p->key = p->id;
}

static void
roster_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t n)
{
	struct roster_ctx *r = ctx;
	struct people *pp = r->pp;
	const char *id, *agency;
	size_t idlen, alen;
	uint32_t idx;
	bool existed;

	(void)n;
	if (input_not_a_record(&r->in, field, len, line))
		return;
	r->in.stats->rows++;
	r->in.row_agency = input_raw(&r->in, COL_AGENCY, field, len,
	    &r->in.row_alen);
	if ((id = input_raw(&r->in, COL_ID, field, len, &idlen)) == NULL) {
		/* a records clerk the training system does not track */
		if (input_non_sworn(&r->in, field, len))
			r->in.stats->no_id_non_sworn++;
		else
			input_reject(&r->in, line, "no id");
		return;
	}
	if (str_has_control(id, idlen)) {
		input_reject(&r->in, line, "the id holds a control character");
		return;
	}
	if (!str_is_utf8(id, idlen)) {
		/* it would reach mail headers and the JSON report */
		input_reject(&r->in, line, "the id is not valid UTF-8 (is the "
		    "file's encoding \"windows-1252\"?)");
		return;
	}
	agency = input_raw(&r->in, COL_AGENCY, field, len, &alen);
	if (pp->agency_scope && agency == NULL) {
		input_reject(&r->in, line, "no agency (id_scope = \"agency\")");
		return;
	}
	idx = people_add_in(pp, agency, agency ? alen : 0, id, idlen,
	    &existed);
	if (existed)
		again(r, idx, id, idlen, agency, agency ? alen : 0, line);
	input_fill_person(&r->in, pp, idx, field, len, line);
	if (r->in.idx[COL_SUPERVISOR_MATCH] >= 0)
		keep_match(r, idx, field, len);
}

/* The person's supervisor_match value, kept until the file is read. */
static void
keep_match(struct roster_ctx *r, uint32_t idx, char *const *field,
    const size_t *len)
{
	const char *v;
	size_t n;

	if (idx >= r->nmatch) {
		size_t grown = r->nmatch ? r->nmatch * 2 : 1024;

		while (grown <= idx)
			grown *= 2;
		r->match = xreallocarray(r->match, grown, sizeof(*r->match));
		memset(r->match + r->nmatch, 0, (grown - r->nmatch) *
		    sizeof(*r->match));
		r->nmatch = grown;
	}
	if ((v = input_raw(&r->in, COL_SUPERVISOR_MATCH, field, len, &n)) !=
	    NULL && !str_has_control(v, n))
		r->match[idx] = people_strdup(r->pp, v, n);
}

/*
 * With supervisor_match, a supervisor id is another column's number (ADP's
 * Associate ID beside the File Number): each is turned into the id of the
 * person whose supervisor_match value it is, within the agency.
 */
static void
resolve_match(struct roster_ctx *r)
{
	struct people *pp = r->pp;
	struct strmap by = { 0 };
	struct arena keys = { 0 };
	const char *agency;
	char *k;
	uint32_t s;
	size_t i;

	for (i = 0; i < pp->n && i < r->nmatch; i++) {
		if (r->match[i] == NULL)
			continue;
		agency = pp->agency_scope ? pp->agency[pp->v[i].agency] : "";
		k = arena_alloc(&keys, strlen(agency) + strlen(r->match[i]) + 2);
		people_join_key(k, agency, strlen(agency), r->match[i],
		    strlen(r->match[i]));
		strmap_put(&by, k, strlen(k), (uint32_t)i);
	}
	for (i = 0; i < pp->n; i++) {
		struct person *p = &pp->v[i];
		char buf[512];

		if (p->supervisor_id == NULL)
			continue;
		agency = pp->agency_scope ? pp->agency[p->agency] : "";
		if (strlen(agency) + strlen(p->supervisor_id) + 2 > sizeof(buf))
			continue;
		people_join_key(buf, agency, strlen(agency), p->supervisor_id,
		    strlen(p->supervisor_id));
		if (!strmap_get(&by, buf, strlen(buf), &s))
			continue;
		p->supervisor_id = pp->v[s].id;
		p->supervisor_key = pp->v[s].key;
	}
	strmap_free(&by);
	arena_free(&keys);
}

/* Most supervisor ids matching nobody is a column mix-up, not a roster
 * of absent supervisors: said once, with what to set. */
static void
check_supervisors(struct roster_ctx *r)
{
	struct people *pp = r->pp;
	struct strmap seen = { 0 };
	struct strmap_spot spot;
	unsigned long all = 0, none = 0, line = 0;
	uint32_t v;
	size_t i;

	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (p->supervisor_id == NULL || strmap_find(&seen,
		    p->supervisor_key, strlen(p->supervisor_key), &v, &spot))
			continue;
		strmap_add(&seen, &spot, p->supervisor_key, 0);
		all++;
		if (people_find_key(pp, p->supervisor_key) == NO_PERSON &&
		    none++ == 0)
			line = p->line;
	}
	strmap_free(&seen);
	if (all >= 4 && none * 2 > all)
		problems_add(r->in.problems, r->in.label, line, "%lu of %lu "
		    "supervisor ids match no one's id on the roster: if the "
		    "supervisor column holds another column's number (an "
		    "Associate ID, a PID), name that column as "
		    "roster.columns.supervisor_match", none, all);
}

enum input_status
roster_load(const struct conf *c, const char *path, struct people *pp,
    struct problems *ps, struct input_stats *stats, char **err)
{
	struct roster_ctx r = { .pp = pp };
	struct csvread_handler h = { &r, roster_header, roster_row };
	struct csvread_result res;
	enum input_status rc = INPUT_OK;

	*err = NULL;
	input_init(&r.in, c, &c->roster, path, ps, stats);
	input_csv_limits(&r.in, &h);
	/* a person a line, at most: the table of ids is made once */
	people_reserve(pp, csvread_lines(path, h.max_file));
	if (csvread_file(path, c->roster.delimiter, c->roster.encoding, &h,
	    &res) < 0) {
		rc = input_fail(&r.in, &res);
		*err = xasprintf("%s: %s", path, r.in.fatal);
	} else {
		input_read(&r.in, &res);
		input_unknown_report(&r.in);
		if (r.match != NULL)
			resolve_match(&r);
		check_supervisors(&r);
	}
	free(r.match);
	input_free(&r.in);
	return rc;
}

void
roster_check_hired(struct people *pp, day_t today, struct problems *ps,
    const char *label)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	size_t i;

	for (i = 0; i < pp->n; i++) {
		struct person *p = &pp->v[i];

		if (p->hired == DAY_NONE || p->hired <= today)
			continue;
		problems_add(ps, label, p->line, "hired date %s is after today "
		    "(%s): no grace before \"missing\" notices",
		    date_iso(p->hired, a), date_iso(today, b));
		p->hired = DAY_NONE;
	}
}
