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
	static const enum column required[] = { COL_ID };
	struct roster_ctx *r = ctx;

	return input_map_header(&r->in, names, n, want, required,
	    NELEM(required));
}

static void
roster_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t n)
{
	struct roster_ctx *r = ctx;
	struct people *pp = r->pp;
	const char *id;
	size_t idlen;
	uint32_t idx;
	bool existed;

	(void)n;
	r->in.stats->rows++;
	if ((id = input_raw(&r->in, COL_ID, field, len, &idlen)) == NULL) {
		input_reject(&r->in, line, "no id");
		return;
	}
	if (str_has_control(id, idlen)) {
		input_reject(&r->in, line, "the id holds a control character");
		return;
	}
	idx = people_add(pp, id, idlen, &existed);
	if (existed) {
		struct strbuf sb = { 0 };

		input_quote(&sb, id, idlen);
		problems_add(r->in.problems, r->in.label, line, "id %s appears "
		    "again (first on line %lu): this row wins", sb_str(&sb),
		    pp->v[idx].line);
		sb_free(&sb);
		pp->v[idx].id = people_strdup(pp, str_trim(id, &idlen), idlen);
		pp->v[idx].name = pp->v[idx].id;
	}
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
	if (csvread_file(path, c->roster.delimiter, c->roster.encoding, &h,
	    &res) < 0) {
		rc = input_fail(&r.in, &res);
		*err = xasprintf("%s: %s", path, r.in.fatal);
	} else
		input_unknown_report(&r.in);
	input_free(&r.in);
	return rc;
}
