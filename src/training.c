#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "classify.h"
#include "csvread.h"
#include "strbuf.h"
#include "strmap.h"
#include "text.h"
#include "training.h"


struct training_ctx {
	struct input		 in;
	struct people		*pp;
	struct classifier	 cl;
	day_t			 today;
	bool			 create_people;
	/* the last id looked up: exports list a person's courses together */
	char			 last_id[48];
	size_t			 last_len;	/* 0: none */
	char			 last_agency[48];
	size_t			 last_alen;
	uint32_t		 last_idx;
};

day_t
training_expiry(const struct conf_cert *ct, day_t completed)
{
	if (ct->validity_months == 0)
		return DAY_FOREVER;
	return date_add_months(completed, ct->validity_months);
}

/* A date as the training file writes it, trimmed. */
static enum date_status
read_date(struct training_ctx *t, const char *s, size_t len, day_t *out)
{
	s = str_trim(s, &len);
	return date_parse(s, len, t->in.in->date_format, out);
}

static int
training_header(void *ctx, char *const *names, size_t n, bool *want)
{
	static const enum column required[] = { COL_ID, COL_COURSE,
	    COL_COMPLETED, COL_AGENCY };
	struct training_ctx *t = ctx;

	/* the agency column is needed when ids are per agency */
	return input_map_header(&t->in, names, n, want, required,
	    NELEM(required) - !t->pp->agency_scope);
}

/* The person of a training row: found by id (within its agency when ids
 * are per agency), or added when there is no roster. */
static uint32_t
person_of(struct training_ctx *t, const char *id, size_t idlen,
    unsigned long line, char *const *field, const size_t *len)
{
	const char *agency = NULL;
	size_t alen = 0;
	uint32_t idx;
	bool existed;

	if (t->pp->agency_scope &&
	    (agency = input_raw(&t->in, COL_AGENCY, field, len, &alen)) == NULL)
		return NO_PERSON;
	if (!t->create_people) {
		/* exports list a person's courses together */
		if (idlen == t->last_len && memcmp(id, t->last_id, idlen) == 0 &&
		    alen == t->last_alen &&
		    (alen == 0 || memcmp(agency, t->last_agency, alen) == 0))
			return t->last_idx;
		idx = people_find_in(t->pp, agency, alen, id, idlen);
		t->last_len = idlen < sizeof(t->last_id) &&
		    alen < sizeof(t->last_agency) ? idlen : 0;
		t->last_alen = t->last_len ? alen : 0;
		memcpy(t->last_id, id, t->last_len);
		if (t->last_alen > 0)
			memcpy(t->last_agency, agency, t->last_alen);
		t->last_idx = idx;
		return idx;
	}
	idx = people_add_in(t->pp, agency, alen, id, idlen, &existed);
	if (!existed)
		input_fill_person(&t->in, t->pp, idx, field, len, line);
	return idx;
}

static void
reject_date(struct training_ctx *t, unsigned long line, enum date_status st,
    const char *what, const char *v, size_t n)
{
	struct strbuf sb = { 0 };

	input_quote(&sb, v, n);
	input_reject(&t->in, line, "%s date %s (%s date)",
	    st == DATE_IMPOSSIBLE ? "impossible" : "unreadable", sb_str(&sb),
	    what);
	sb_free(&sb);
}

static void
training_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t n)
{
	struct training_ctx *t = ctx;
	const struct conf_cert *ct;
	const char *id, *title, *v;
	size_t idlen, tlen, vlen;
	day_t completed, expires, *slot;
	enum date_status st;
	uint32_t idx;
	int cert;
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	(void)n;
	t->in.stats->rows++;
	id = input_raw(&t->in, COL_ID, field, len, &idlen);
	title = input_raw(&t->in, COL_COURSE, field, len, &tlen);
	cert = title ? classify_title(&t->cl, title, tlen) : -1;
	if (cert < 0) {
		t->in.stats->other_courses++;
		if (t->create_people && id != NULL &&
		    !str_has_control(id, idlen))
			person_of(t, id, idlen, line, field, len);
		return;
	}
	ct = &t->in.conf->certs[cert];
	if (id != NULL && str_has_control(id, idlen))
		id = NULL;
	if (id == NULL) {
		input_reject(&t->in, line, "%s record without an id", ct->name);
		return;
	}
	v = input_raw(&t->in, COL_COMPLETED, field, len, &vlen);
	if (v == NULL) {
		input_reject(&t->in, line, "%s record without a completion date",
		    ct->name);
		return;
	}
	if ((st = read_date(t, v, vlen, &completed)) != DATE_OK) {
		reject_date(t, line, st, "completion", v, vlen);
		return;
	}
	if (completed > t->today) {
		input_reject(&t->in, line, "completion date %s is after today "
		    "(%s)", date_iso(completed, a), date_iso(t->today, b));
		return;
	}
	v = input_raw(&t->in, COL_EXPIRES, field, len, &vlen);
	if (v == NULL)
		expires = training_expiry(ct, completed);
	else if ((st = read_date(t, v, vlen, &expires)) != DATE_OK) {
		reject_date(t, line, st, "expiry", v, vlen);
		return;
	}
	if ((idx = person_of(t, id, idlen, line, field, len)) == NO_PERSON) {
		t->in.stats->unmatched++;
		return;
	}
	slot = people_expires(t->pp, idx, (size_t)cert);
	if (*slot == DAY_NONE || expires > *slot)
		*slot = expires;
}

static int
by_rows(const void *a, const void *b)
{
	const struct other_title *x = a, *y = b;

	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return strcmp(x->title, y->title);
}

/* The other courses' titles, for the report: is a certification hiding
 * under a title no pattern matches? */
static void
keep_other_titles(struct classifier *cl, struct input_stats *st)
{
	size_t i, n = cl->nothers;

	if (n == 0)
		return;
	qsort(cl->others, n, sizeof(*cl->others), by_rows);
	st->n_other_titles_all = n;
	if (n > OTHER_TITLES_KEPT)
		n = OTHER_TITLES_KEPT;
	st->other_titles = xcalloc(n, sizeof(*st->other_titles));
	for (i = 0; i < n; i++) {
		st->other_titles[i].title = xstrdup(cl->others[i].title);
		st->other_titles[i].rows = cl->others[i].rows;
	}
	st->n_other_titles = n;
}

enum input_status
training_load(const struct conf *c, const char *path, day_t today,
    bool create_people, struct people *pp, struct problems *ps,
    struct input_stats *stats, char **err)
{
	struct training_ctx t = { .pp = pp, .today = today,
	    .create_people = create_people };
	struct csvread_handler h = { &t, training_header, training_row };
	struct csvread_result res;
	enum input_status rc = INPUT_OK;

	*err = NULL;
	input_init(&t.in, c, &c->training, path, ps, stats);
	classifier_init(&t.cl, c);
	if (csvread_file(path, c->training.delimiter, c->training.encoding, &h,
	    &res) < 0) {
		rc = input_fail(&t.in, &res);
		*err = xasprintf("%s: %s", path, t.in.fatal);
	} else
		input_unknown_report(&t.in);
	keep_other_titles(&t.cl, stats);
	classifier_free(&t.cl);
	input_free(&t.in);
	return rc;
}
