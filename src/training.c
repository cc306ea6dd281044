#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "classify.h"
#include "csvread.h"
#include "strbuf.h"
#include "strmap.h"
#include "text.h"
#include "training.h"


#define UNMATCHED_MAX	100000	/* distinct unmatched ids remembered */

/* The two date columns, each read in its own order. */
enum { COMPLETED, EXPIRES };

/* How a date column's slashed dates read: month or day first, and what
 * the file showed of it. */
struct date_column {
	enum date_format fmt;		/* DATE_AUTO or DATE_AUTO_DAY_FIRST */
	unsigned long	 month_first;	/* rows only month first fits */
	unsigned long	 day_first;	/* rows only day first fits */
	unsigned long	 either;	/* rows both fit */
	unsigned long	 month_line, day_line;	/* the first of each */
};

struct training_ctx {
	struct input		 in;
	struct people		*pp;
	struct classifier	 cl;
	day_t			 today;
	bool			 create_people;
	struct date_column	 col[2];
	/* training ids that match nobody: id -> index in unmatched */
	struct strmap		 unmatched_map;
	struct arena		 unmatched_keys;
	struct other_title	*unmatched;
	size_t			 nunmatched;
	size_t			 unmatched_more;	/* past UNMATCHED_MAX */
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

/* A date as the training file writes it, in its column's order. */
static enum date_status
read_date(struct training_ctx *t, int which, const char *s, size_t len,
    unsigned long line, day_t *out)
{
	const struct conf_input *in = t->in.in;
	struct date_column *dc = &t->col[which];

	if (in->date_format == DATE_PATTERN)
		return date_parse_pattern(s, len, in->date_pattern, out);
	if (in->date_format != DATE_AUTO)
		return date_parse(s, len, in->date_format, out);
	switch (date_slash_order(s, len)) {
	case DATE_ORDER_MONTH_FIRST:
		if (dc->month_first++ == 0)
			dc->month_line = line;
		break;
	case DATE_ORDER_DAY_FIRST:
		if (dc->day_first++ == 0)
			dc->day_line = line;
		break;
	case DATE_ORDER_EITHER:
		dc->either++;
		break;
	case DATE_ORDER_NONE:
		break;
	}
	return date_parse(s, len, dc->fmt, out);
}

static bool
no_expiry(const struct conf *c, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < c->no_expiry_values.n; i++)
		if (str_words_eq(v, n, c->no_expiry_values.v[i]))
			return true;
	return false;
}

int
training_map_header(struct input *in, const struct people *pp,
    char *const *names, size_t n, bool *want)
{
	static const enum column required[] = { COL_ID, COL_COURSE,
	    COL_COMPLETED, COL_AGENCY };

	/* the agency column is needed when ids are per agency */
	return input_map_header(in, names, n, want, required,
	    NELEM(required) - !pp->agency_scope);
}

static int
training_header(void *ctx, char *const *names, size_t n, bool *want)
{
	struct training_ctx *t = ctx;

	return training_map_header(&t->in, t->pp, names, n, want);
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

/* A date in the year 9999: what record systems write for "no end". */
static bool
end_of_time(day_t d)
{
	int y, m, dd;

	date_to_civil(d, &y, &m, &dd);
	return y == 9999;
}

/*
 * The dates of a record, checked against what a training record can be:
 * completed by today, neither before earliest_date, an expiry given in the
 * export no earlier than the completion and at most ten years after it.
 */
static bool
plausible(struct training_ctx *t, unsigned long line, day_t completed,
    day_t expires, bool expiry_given)
{
	const struct conf *c = t->in.conf;
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	if (completed > t->today)
		input_reject(&t->in, line, "completion date %s is after today "
		    "(%s)", date_iso(completed, a), date_iso(t->today, b));
	else if (completed < c->earliest_date)
		input_reject(&t->in, line, "completion date %s is before "
		    "earliest_date (%s)", date_iso(completed, a),
		    date_iso(c->earliest_date, b));
	else if (!expiry_given)
		return true;
	else if (expires < completed)
		input_reject(&t->in, line, "expiry date %s is before the "
		    "completion date %s", date_iso(expires, a),
		    date_iso(completed, b));
	else if (expires > date_add_months(completed, 120))
		input_reject(&t->in, line, "expiry date %s is more than ten "
		    "years after the completion date %s%s", date_iso(expires, a),
		    date_iso(completed, b), end_of_time(expires) ? ": if the "
		    "export writes it for a course that does not expire, add "
		    "it as written to no_expiry_values" : "");
	else
		return true;
	return false;
}

/* Counts the rows of an id that matches nobody, for the report. */
static void
note_unmatched(struct training_ctx *t, const char *id, size_t idlen,
    char *const *field, const size_t *len)
{
	struct strbuf sb = { 0 };
	const char *agency;
	struct strmap_spot spot;
	size_t alen;
	uint32_t v;

	if (t->pp->agency_scope &&
	    (agency = input_raw(&t->in, COL_AGENCY, field, len, &alen)) != NULL)
		sb_printf(&sb, "%.*s / ", (int)alen, agency);
	id = str_trim(id, &idlen);
	sb_addn(&sb, id, idlen);
	if (!str_is_utf8(sb.s, sb.len)) {
		sb_free(&sb);
		return;
	}
	if (strmap_find(&t->unmatched_map, sb.s, sb.len, &v, &spot))
		t->unmatched[v].rows++;
	else if (t->nunmatched >= UNMATCHED_MAX)
		t->unmatched_more++;
	else {
		t->unmatched = xreallocarray(t->unmatched, t->nunmatched + 1,
		    sizeof(*t->unmatched));
		t->unmatched[t->nunmatched].title = arena_strndup(
		    &t->unmatched_keys, sb.s, sb.len);
		t->unmatched[t->nunmatched].rows = 1;
		strmap_add(&t->unmatched_map, &spot,
		    t->unmatched[t->nunmatched].title, (uint32_t)t->nunmatched);
		t->nunmatched++;
	}
	sb_free(&sb);
}

/* The certification a row's course code names, or -1. */
static int
by_code(struct training_ctx *t, char *const *field, const size_t *len)
{
	const struct conf *c = t->in.conf;
	const char *v;
	size_t n, k, i;

	if ((v = input_raw(&t->in, COL_CODE, field, len, &n)) == NULL)
		return -1;
	for (k = 0; k < c->ncerts; k++)
		for (i = 0; i < c->certs[k].codes.n; i++)
			if (str_words_eq(v, n, c->certs[k].codes.v[i]))
				return (int)k;
	return -1;
}

/*
 * With an hours column, a course shorter than its certification's
 * min_hours counts for nothing (a 4-hour CIT awareness class is no CIT):
 * returns -1 then, cert when it counts or says nothing of its hours, and
 * -2 for hours that cannot be read, a rejected row.
 */
static int
enough_hours(struct training_ctx *t, int cert, unsigned long line,
    char *const *field, const size_t *len)
{
	const struct conf_cert *ct = &t->in.conf->certs[cert];
	struct strbuf sb = { 0 };
	char buf[32], *end;
	const char *v;
	double hours;
	size_t n;

	if (ct->min_hours == 0 ||
	    (v = input_raw(&t->in, COL_HOURS, field, len, &n)) == NULL)
		return cert;
	if (n < sizeof(buf)) {
		memcpy(buf, v, n);
		buf[n] = '\0';
		hours = strtod(buf, &end);
		while (*end == ' ')
			end++;
		if (end != buf && (*end == '\0' || str_ieq(end, "h") ||
		    str_ieq(end, "hrs") || str_ieq(end, "hours")) &&
		    hours >= 0 && hours <= 10000) {
			if (hours >= ct->min_hours)
				return cert;
			problems_add(t->in.problems, t->in.label, line,
			    "%s course of %g hours, fewer than its min_hours "
			    "(%d): counted for no certification", ct->name,
			    hours, ct->min_hours);
			return -1;
		}
	}
	input_quote(&sb, v, n);
	input_reject(&t->in, line, "%s record: hours %s are not a number",
	    ct->name, sb_str(&sb));
	sb_free(&sb);
	return -2;
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

	(void)n;
	t->in.stats->rows++;
	id = input_raw(&t->in, COL_ID, field, len, &idlen);
	title = input_raw(&t->in, COL_COURSE, field, len, &tlen);
	if ((cert = by_code(t, field, len)) < 0)
		cert = title ? classify_title(&t->cl, title, tlen) : -1;
	if (cert >= 0 && (cert = enough_hours(t, cert, line, field, len)) == -2)
		return;
	if (cert < 0) {
		t->in.stats->other_courses++;
		if (t->create_people && id != NULL &&
		    !str_has_control(id, idlen) && str_is_utf8(id, idlen))
			person_of(t, id, idlen, line, field, len);
		return;
	}
	ct = &t->in.conf->certs[cert];
	if (id != NULL && (str_has_control(id, idlen) ||
	    !str_is_utf8(id, idlen)))
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
	if ((st = read_date(t, COMPLETED, v, vlen, line, &completed)) !=
	    DATE_OK) {
		reject_date(t, line, st, "completion", v, vlen);
		return;
	}
	v = input_raw(&t->in, COL_EXPIRES, field, len, &vlen);
	if (v == NULL || no_expiry(t->in.conf, v, vlen))
		expires = training_expiry(ct, completed);
	else if ((st = read_date(t, EXPIRES, v, vlen, line, &expires)) !=
	    DATE_OK) {
		reject_date(t, line, st, "expiry", v, vlen);
		return;
	}
	if (!plausible(t, line, completed, expires, v != NULL &&
	    !no_expiry(t->in.conf, v, vlen)))
		return;
	if ((idx = person_of(t, id, idlen, line, field, len)) == NO_PERSON) {
		t->in.stats->unmatched++;
		note_unmatched(t, id, idlen, field, len);
		return;
	}
	slot = people_expires(t->pp, idx, (size_t)cert);
	if (*slot == DAY_NONE || expires > *slot) {
		*slot = expires;
		if (t->pp->source != NULL) {
			size_t shown_len = title ? tlen : 0;
			const char *shown = title ? str_trim(title,
			    &shown_len) : "";

			*people_source(t->pp, idx, (size_t)cert) =
			    (struct record_source){ (uint32_t)line,
			    people_title(t->pp, shown, shown_len), completed };
		}
	}
}

static int
by_rows(const void *a, const void *b)
{
	const struct other_title *x = a, *y = b;

	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return strcmp(x->title, y->title);
}

/* The most counted of v[0..n), sorted, copied for the report. */
static struct other_title *
keep_most(struct other_title *v, size_t n, size_t *kept)
{
	struct other_title *out;
	size_t i;

	qsort(v, n, sizeof(*v), by_rows);
	if (n > OTHER_TITLES_KEPT)
		n = OTHER_TITLES_KEPT;
	out = xcalloc(n, sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i].title = xstrdup(v[i].title);
		out[i].rows = v[i].rows;
	}
	*kept = n;
	return out;
}

/* For the report: the other courses' titles (is a certification hiding
 * under a title no pattern matches?) and the ids that match nobody. */
static void
keep_lists(struct training_ctx *t, struct input_stats *st)
{
	if (t->cl.nothers > 0) {
		st->other_titles = keep_most(t->cl.others, t->cl.nothers,
		    &st->n_other_titles);
		st->n_other_titles_all = t->cl.nothers;
	}
	if (t->nunmatched > 0) {
		st->unmatched_ids = keep_most(t->unmatched, t->nunmatched,
		    &st->n_unmatched_ids);
		st->n_unmatched_ids_all = t->nunmatched + t->unmatched_more;
	}
}

static void
unmatched_free(struct training_ctx *t)
{
	strmap_free(&t->unmatched_map);
	arena_free(&t->unmatched_keys);
	free(t->unmatched);
	t->unmatched = NULL;
	t->nunmatched = t->unmatched_more = 0;
}

/* What one reading of the file left: back to the state before it. */
static void
forget(struct training_ctx *t, size_t nproblems, size_t dropped)
{
	struct problems *ps = t->in.problems;
	struct people *pp = t->pp;
	bool scope = pp->agency_scope, keep = pp->keep_source;
	size_t i;

	while (ps->n > nproblems)
		free(ps->v[--ps->n].message);
	ps->dropped = dropped;
	input_stats_free(t->in.stats);
	memset(t->in.stats, 0, sizeof(*t->in.stats));
	if (t->create_people) {
		i = pp->ncerts;
		people_free(pp);
		people_init(pp, i, t->in.conf->id_ignore_leading_zeros);
		pp->agency_scope = scope;
		pp->keep_source = keep;
	} else
		for (i = 0; i < pp->n * pp->ncerts; i++)
			pp->expires[i] = DAY_NONE;
	classifier_free(&t->cl);
	classifier_init(&t->cl, t->in.conf);
	unmatched_free(t);
	input_free(&t->in);
	t->last_len = t->last_alen = 0;
}

/*
 * How a date column's slashed dates read, from the whole file: day first
 * when only day first fits some; refused when some fit only one order and
 * some only the other; month first, and said, when every one fits both.
 * Returns -1 with in->fatal set for a refused column.
 */
static int
settle_order(struct training_ctx *t, int which, enum column col,
    bool *again)
{
	struct date_column *dc = &t->col[which];
	const char *name = t->in.in->column[col];
	char *note;

	if (dc->month_first > 0 && dc->day_first > 0) {
		input_fatal(&t->in, "the %s column holds dates only day first "
		    "can read (line %lu) and dates only month first can read "
		    "(line %lu): set training.date_format (\"eu\", \"us\" or "
		    "a pattern)", name, dc->day_line, dc->month_line);
		return -1;
	}
	if (dc->day_first > 0 && dc->fmt == DATE_AUTO) {
		dc->fmt = DATE_AUTO_DAY_FIRST;
		*again = true;
	} else if (dc->either > 0 && dc->month_first == 0 &&
	    dc->day_first == 0) {
		note = xasprintf("%s: every date in the %s column like 01/02/2025 "
		    "fits both orders: read month first (January 2); set "
		    "training.date_format = \"eu\" if they are day first",
		    t->in.label, name);
		strlist_add(&t->in.stats->notes, note);
		free(note);
	}
	return 0;
}

/* A certification met by another (also_met_by) is valid as long as either
 * is: each person's expiry for it is the later of the two. */
static void
fold_equivalents(const struct conf *c, struct people *pp)
{
	day_t raw[32];
	struct record_source src[32];
	size_t i, k, j;
	bool any = false;

	for (k = 0; k < c->ncerts; k++)
		any |= c->certs[k].nalso > 0;
	if (!any)
		return;
	for (i = 0; i < pp->n; i++) {
		for (k = 0; k < c->ncerts; k++) {
			raw[k] = *people_expires(pp, (uint32_t)i, k);
			if (pp->source != NULL)
				src[k] = *people_source(pp, (uint32_t)i, k);
		}
		for (k = 0; k < c->ncerts; k++)
			for (j = 0; j < c->certs[k].nalso; j++) {
				size_t o = c->certs[k].also[j];
				day_t *slot = people_expires(pp, (uint32_t)i, k);

				if (raw[o] != DAY_NONE && (*slot == DAY_NONE ||
				    raw[o] > *slot)) {
					*slot = raw[o];
					if (pp->source != NULL)
						*people_source(pp,
						    (uint32_t)i, k) = src[o];
				}
			}
	}
}

enum input_status
training_load(const struct conf *c, const char *path, day_t today,
    bool create_people, struct people *pp, struct problems *ps,
    struct input_stats *stats, char **err)
{
	struct training_ctx t = { .pp = pp, .today = today,
	    .create_people = create_people,
	    .col = { { .fmt = DATE_AUTO }, { .fmt = DATE_AUTO } } };
	struct csvread_handler h = { &t, training_header, training_row };
	struct csvread_result res;
	enum input_status rc = INPUT_OK;
	size_t nproblems = ps->n, dropped = ps->dropped;
	bool again;
	int pass, i;

	*err = NULL;
	classifier_init(&t.cl, c);
	for (pass = 0; pass < 2; pass++) {
		input_init(&t.in, c, &c->training, path, ps, stats);
		input_csv_limits(&t.in, &h);
		if (csvread_file(path, c->training.delimiter,
		    c->training.encoding, &h, &res) < 0) {
			rc = input_fail(&t.in, &res);
			break;
		}
		again = false;
		if (c->training.date_format == DATE_AUTO &&
		    (settle_order(&t, COMPLETED, COL_COMPLETED, &again) < 0 ||
		    settle_order(&t, EXPIRES, COL_EXPIRES, &again) < 0)) {
			rc = INPUT_UNUSABLE;
			break;
		}
		if (!again || pass == 1)
			break;
		/* read again, the day-first columns day first */
		forget(&t, nproblems, dropped);
		for (i = 0; i < 2; i++)
			t.col[i] = (struct date_column){ .fmt = t.col[i].fmt };
	}
	if (rc != INPUT_OK)
		*err = xasprintf("%s: %s", path, t.in.fatal);
	else {
		input_read(&t.in, &res);
		input_unknown_report(&t.in);
		fold_equivalents(c, pp);
	}
	keep_lists(&t, stats);
	unmatched_free(&t);
	classifier_free(&t.cl);
	input_free(&t.in);
	return rc;
}
