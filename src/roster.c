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
};

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
	}
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
