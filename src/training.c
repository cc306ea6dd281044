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

/* A column of a wide sheet (training.layout = "wide") that holds a
 * certification: a date, or a completed word with the date in the
 * unnamed column after it (Moodle's completion download). */
struct wide_column {
	size_t		 col;
	size_t		 date_col;	/* SIZE_MAX: none */
	int		 cert;
	uint32_t	 title;		/* in the classifier's titles */
	bool		 renewal;
};

/* A renewal row, kept until the file is read: whether it renews depends
 * on the person's full courses, wherever they are in the file. */
struct renewal_row {
	uint32_t	 person;
	uint32_t	 cert;
	day_t		 completed;
	day_t		 expires;
	uint32_t	 line;
	uint32_t	 title;		/* in the classifier's titles; or
					 * UINT32_MAX past them */
	uint32_t	 shown;		/* in people's titles, with sources */
};

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
	/* per person and certification, the earliest full course counted:
	 * what a renewal needs before it */
	day_t			*first_full;
	size_t			 first_full_n;	/* entries */
	struct renewal_row	*renewals;
	size_t			 nrenewals;
	/* rows the status column says are not completed, by value */
	struct other_title	*notdone;
	size_t			 nnotdone;
	/* a wide sheet's certification columns */
	struct wide_column	*wide;
	size_t			 nwide;
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
	static const enum column wide[] = { COL_ID, COL_AGENCY };

	/* the agency column is needed when ids are per agency */
	if (in->in->wide)
		return input_map_header(in, names, n, want, wide,
		    NELEM(wide) - !pp->agency_scope);
	return input_map_header(in, names, n, want, required,
	    NELEM(required) - !pp->agency_scope);
}

/* Whether header column i is one the configuration maps. */
static bool
mapped(const struct training_ctx *t, size_t i)
{
	int col;

	for (col = 0; col < COL_MAX; col++)
		if (t->in.idx[col] == (int)i)
			return true;
	return false;
}

/* A wide sheet: each column whose header a certification's patterns
 * accept holds it, its date in the next column when that one has no
 * name.  None: the sheet cannot be read, and says what it has. */
static int
wide_columns(struct training_ctx *t, char *const *names, size_t n,
    bool *want)
{
	struct cert_title *ct;
	struct strbuf sb = { 0 };
	bool renewal;
	size_t i;
	int cert;

	for (i = 0; i < n; i++) {
		if (mapped(t, i) || names[i][0] == '\0')
			continue;
		cert = classify_title(&t->cl, names[i], strlen(names[i]), &ct,
		    &renewal);
		if (cert < 0 || ct == NULL)
			continue;
		t->wide = xreallocarray(t->wide, t->nwide + 1,
		    sizeof(*t->wide));
		t->wide[t->nwide++] = (struct wide_column){ i,
		    i + 1 < n && names[i + 1][0] == '\0' ? i + 1 : SIZE_MAX,
		    cert, (uint32_t)(ct - t->cl.titles), renewal };
		want[i] = true;
		if (i + 1 < n && names[i + 1][0] == '\0')
			want[i + 1] = true;
	}
	t->cl.nothers = 0;	/* the other headers are no courses */
	if (t->nwide > 0)
		return 0;
	for (i = 0; i < n && i < 20; i++) {
		if (i)
			sb_add(&sb, ", ");
		input_quote(&sb, names[i], strlen(names[i]));
	}
	input_fatal(&t->in, "line %lu: a wide sheet (training.layout = "
	    "\"wide\") whose headers name no certification (match): it has %s",
	    t->in.header_line, sb_str(&sb));
	sb_free(&sb);
	return -1;
}

/* Whether header name holds the word "status" ("Completion Status"). */
static bool
status_name(const char *name)
{
	struct strbuf sb = { 0 };
	bool found;

	classify_normalize(name, strlen(name), false, &sb);
	found = strstr(sb_str(&sb), " status ") != NULL;
	sb_free(&sb);
	return found;
}

static int
training_header(void *ctx, char *const *names, size_t n, bool *want)
{
	struct training_ctx *t = ctx;
	char *note;
	size_t i;
	int rc;

	if ((rc = training_map_header(&t->in, t->pp, names, n, want)) != 0)
		return rc;	/* a title line, or no header */
	if (t->in.in->wide && wide_columns(t, names, n, want) < 0)
		return -1;
	/* a status column left unread counts failed and waived rows */
	for (i = 0; i < n && t->in.idx[COL_STATUS] < 0; i++)
		if (status_name(names[i])) {
			note = xasprintf("%s: the column \"%s\" is not read: "
			    "map it as training.columns.status, or rows it "
			    "calls failed, waived or in progress count as "
			    "courses", t->in.label, names[i]);
			strlist_add(&t->in.stats->notes, note);
			strlist_add(&t->in.stats->cautions, note);
			free(note);
			break;
		}
	return 0;
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
	/* the patterns are tried only for a problem that will be listed */
	const char *hint = st == DATE_UNREADABLE &&
	    t->in.problems->n < PROBLEMS_MAX ? date_pattern_hint(v, n) : NULL;

	input_quote(&sb, v, n);
	input_reject(&t->in, line, "%s date %s (%s date)%s%s%s",
	    st == DATE_IMPOSSIBLE ? "impossible" : "unreadable", sb_str(&sb),
	    what, hint ? ": training.date_format = \"" : "", hint ? hint : "",
	    hint ? "\" would read it" : "");
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
 * With an hours column, a course shorter than its minimum (min_hours, or
 * renewal_min_hours for a renewal) counts for nothing (a 4-hour CIT
 * awareness class is no CIT), and so does one of 0 hours, how systems
 * enter a waiver: each counted on its title for one line of the report.
 * Returns -1 then, cert when it counts or says nothing of its hours, and
 * -2 for hours that cannot be read, a rejected row.
 */
static int
enough_hours(struct training_ctx *t, int cert, bool renewal,
    struct cert_title *title, unsigned long line, char *const *field,
    const size_t *len)
{
	const struct conf_cert *ct = &t->in.conf->certs[cert];
	int min = renewal ? ct->renewal_min_hours : ct->min_hours;
	struct strbuf sb = { 0 };
	char buf[32], *end;
	const char *v;
	double hours;
	size_t n;

	if ((v = input_raw(&t->in, COL_HOURS, field, len, &n)) == NULL)
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
			if (hours > 0 && hours >= min)
				return cert;
			if (title != NULL && hours == 0)
				title->zero_rows++;
			else if (title != NULL)
				title->short_rows++;
			return -1;
		}
	}
	input_quote(&sb, v, n);
	input_reject(&t->in, line, "%s record: hours %s are not a number",
	    ct->name, sb_str(&sb));
	sb_free(&sb);
	return -2;
}

/* The earliest full course of a person and certification, in first_full,
 * which grows with the people. */
static day_t *
first_full(struct training_ctx *t, uint32_t person, size_t cert)
{
	size_t i = (size_t)person * t->pp->ncerts + cert, n;

	if (i >= t->first_full_n) {
		n = t->first_full_n ? t->first_full_n : 1024;
		while (n <= i)
			n *= 2;
		t->first_full = xreallocarray(t->first_full, n,
		    sizeof(*t->first_full));
		while (t->first_full_n < n)
			t->first_full[t->first_full_n++] = DAY_NONE;
	}
	return &t->first_full[i];
}

/* The record behind a person's expiry, for the evidence and the letter. */
static void
set_source(struct training_ctx *t, uint32_t idx, size_t cert,
    unsigned long line, uint32_t shown, day_t completed, bool renewal)
{
	if (t->pp->source != NULL)
		*people_source(t->pp, idx, cert) = (struct record_source){
		    (uint32_t)line, shown, completed, renewal };
}

/* The title a row is shown under, with sources kept. */
static uint32_t
shown_title(struct training_ctx *t, const char *title, size_t tlen)
{
	size_t n = title ? tlen : 0;
	const char *s = title ? str_trim(title, &n) : "";

	return t->pp->source != NULL ? people_title(t->pp, s, n) : 0;
}

/* A row not completed (In Progress, Waived): counted by its value, never
 * a course nor a problem. */
static void
not_completed(struct training_ctx *t, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < t->nnotdone; i++)
		if (str_words_eq(v, n, t->notdone[i].title)) {
			t->notdone[i].rows++;
			return;
		}
	if (t->nnotdone >= 100 || str_has_control(v, n) || !str_is_utf8(v, n))
		return;
	t->notdone = xreallocarray(t->notdone, t->nnotdone + 1,
	    sizeof(*t->notdone));
	t->notdone[t->nnotdone].title = xstrndup(v, n);
	t->notdone[t->nnotdone++].rows = 1;
}

/*
 * A record read: a course (or a renewal, kept for later) of person id,
 * completed and valid through expires; shown is its title in people's
 * titles, for the evidence.
 */
static void
count_record(struct training_ctx *t, unsigned long line, int cert,
    struct cert_title *ctitle, bool renewal, const char *id, size_t idlen,
    day_t completed, day_t expires, uint32_t shown, char *const *field,
    const size_t *len)
{
	day_t *slot, *first;
	uint32_t idx;

	if ((idx = person_of(t, id, idlen, line, field, len)) == NO_PERSON) {
		t->in.stats->unmatched++;
		note_unmatched(t, id, idlen, field, len);
		return;
	}
	if (renewal) {		/* decided once every full course is read */
		t->renewals = xreallocarray(t->renewals, t->nrenewals + 1,
		    sizeof(*t->renewals));
		t->renewals[t->nrenewals++] = (struct renewal_row){ idx,
		    (uint32_t)cert, completed, expires, (uint32_t)line,
		    ctitle ? (uint32_t)(ctitle - t->cl.titles) : UINT32_MAX,
		    shown };
		return;
	}
	if (ctitle != NULL)
		classify_count_person(ctitle, idx);
	first = first_full(t, idx, (size_t)cert);
	if (*first == DAY_NONE || completed < *first)
		*first = completed;
	slot = people_expires(t->pp, idx, (size_t)cert);
	if (*slot == DAY_NONE || expires > *slot) {
		*slot = expires;
		set_source(t, idx, (size_t)cert, line, shown, completed, false);
	}
}

/* Whether a cell says the course was completed: a completed value, or one
 * with a note ("Completed (achieved pass grade)") that says no "not". */
static bool
completed_word(const struct conf *c, const char *v, size_t n)
{
	const char *paren;
	size_t i, k;

	v = str_trim(v, &n);
	for (i = 0; i < c->not_completed_values.n; i++)
		if (str_words_eq(v, n, c->not_completed_values.v[i]))
			return false;
	for (i = 0; i < c->completed_values.n; i++)
		if (str_words_eq(v, n, c->completed_values.v[i]))
			return true;
	/* "Completed (achieved pass grade)": the words before the note,
	 * unless the note says otherwise ("did not achieve ...") */
	if ((paren = memchr(v, '(', n)) == NULL ||
	    memmem(paren, n - (size_t)(paren - v), "not", 3) != NULL ||
	    memmem(paren, n - (size_t)(paren - v), "fail", 4) != NULL)
		return false;
	k = (size_t)(paren - v);
	v = str_trim(v, &k);
	for (i = 0; i < c->completed_values.n; i++)
		if (str_words_eq(v, k, c->completed_values.v[i]))
			return true;
	return false;
}

/* A row of a wide sheet: a record for each certification cell holding a
 * completion; any other cell (N/A, Waived, "Sched 1/14/27", Not
 * completed) counts for nothing and is counted by value. */
static void
wide_row(struct training_ctx *t, unsigned long line, char *const *field,
    const size_t *len)
{
	const char *id, *v, *d;
	size_t idlen, n, dn, i;
	day_t completed, expires;
	enum date_status st;

	id = input_raw(&t->in, COL_ID, field, len, &idlen);
	if (id != NULL && (str_has_control(id, idlen) ||
	    !str_is_utf8(id, idlen)))
		id = NULL;
	for (i = 0; i < t->nwide; i++) {
		const struct wide_column *w = &t->wide[i];
		const struct conf_cert *ct = &t->in.conf->certs[w->cert];
		struct cert_title *ctitle = &t->cl.titles[w->title];

		n = len[w->col];
		if ((v = str_trim(field[w->col], &n)), n == 0)
			continue;
		if (date_parse(v, n, DATE_AUTO, &completed) == DATE_OK) {
			d = v;
			dn = n;
		} else if (w->date_col != SIZE_MAX &&
		    completed_word(t->in.conf, v, n)) {
			dn = len[w->date_col];
			d = str_trim(field[w->date_col], &dn);
		} else {
			not_completed(t, v, n);
			continue;
		}
		if (id == NULL) {
			input_reject(&t->in, line, "%s record without an id",
			    ct->name);
			return;
		}
		if (dn == 0) {
			input_reject(&t->in, line, "%s record without a "
			    "completion date", ct->name);
			continue;
		}
		if ((st = read_date(t, COMPLETED, d, dn, line, &completed)) !=
		    DATE_OK) {
			reject_date(t, line, st, "completion", d, dn);
			continue;
		}
		expires = training_expiry(ct, completed);
		if (!plausible(t, line, completed, expires, false))
			continue;
		count_record(t, line, w->cert, ctitle, w->renewal, id, idlen,
		    completed, expires, t->pp->source != NULL ?
		    people_title(t->pp, ctitle->title, strlen(ctitle->title)) :
		    0, field, len);
	}
}

static void
training_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t n)
{
	struct training_ctx *t = ctx;
	const struct conf_cert *ct;
	struct cert_title *ctitle = NULL;
	const char *id, *title, *v;
	size_t idlen, tlen, vlen;
	day_t completed, expires;
	enum date_status st;
	int cert;
	bool renewal = false;

	(void)n;
	if (input_not_a_record(&t->in, field, len, line))
		return;
	t->in.stats->rows++;
	t->in.row_agency = input_raw(&t->in, COL_AGENCY, field, len,
	    &t->in.row_alen);
	if (t->nwide > 0) {
		wide_row(t, line, field, len);
		return;
	}
	if (t->in.idx[COL_STATUS] >= 0 &&
	    (v = input_raw(&t->in, COL_STATUS, field, len, &vlen)) != NULL &&
	    input_training_status(&t->in, v, vlen, line) == 0) {
		not_completed(t, v, vlen);
		return;
	}
	id = input_raw(&t->in, COL_ID, field, len, &idlen);
	title = input_raw(&t->in, COL_COURSE, field, len, &tlen);
	if ((cert = by_code(t, field, len)) < 0)
		cert = title ? classify_title(&t->cl, title, tlen, &ctitle,
		    &renewal) : -1;
	if (cert >= 0 && (cert = enough_hours(t, cert, renewal, ctitle, line,
	    field, len)) == -2)
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
	count_record(t, line, cert, ctitle, renewal, id, idlen, completed,
	    expires, shown_title(t, title, tlen), field, len);
}

static int
by_person_day(const void *a, const void *b)
{
	const struct renewal_row *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->cert != y->cert)
		return x->cert < y->cert ? -1 : 1;
	if (x->completed != y->completed)
		return x->completed < y->completed ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * The renewals, once every full course is read, each person's in date
 * order: one renews (its expiry counts like a course's) when a full course
 * of the certification was completed before it and, with
 * renew_before_expiry_only, while the certification was still valid, from
 * the full courses (taken from the earliest to the latest expiry) and the
 * renewals before it.  Any other is a problem and counts for nothing.
 */
static void
resolve_renewals(struct training_ctx *t)
{
	const struct conf *c = t->in.conf;
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	size_t i;

	if (t->nrenewals > 0)
		qsort(t->renewals, t->nrenewals, sizeof(*t->renewals),
		    by_person_day);
	for (i = 0; i < t->nrenewals; i++) {
		const struct renewal_row *r = &t->renewals[i];
		const struct conf_cert *ct = &c->certs[r->cert];
		day_t first = *first_full(t, r->person, r->cert);
		day_t *slot = people_expires(t->pp, r->person, r->cert);
		const char *id = t->pp->v[r->person].id;
		struct cert_title *ctitle = r->title == UINT32_MAX ? NULL :
		    &t->cl.titles[r->title];
		const char *shown = ctitle ? ctitle->title : "a renewal";

		const char *ag = t->pp->nagencies > 1 ?
		    t->pp->agency[t->pp->v[r->person].agency] : NULL;
		size_t before = t->in.problems->n;

		if (first == DAY_NONE || first >= r->completed) {
			problems_add(t->in.problems, t->in.label, r->line,
			    "'%s' for %s on %s renews %s, but no full %s course "
			    "is on record before it: counted for nothing",
			    shown, id, date_iso(r->completed, a), ct->name,
			    ct->name);
			problems_set_agency(t->in.problems, before, ag,
			    ag ? strlen(ag) : 0);
			continue;
		}
		if (ct->renew_before_expiry_only && *slot != DAY_FOREVER &&
		    *slot < r->completed) {
			problems_add(t->in.problems, t->in.label, r->line,
			    "'%s' for %s on %s came after %s lapsed (valid "
			    "through %s): it renews nothing; the full course "
			    "is needed", shown, id, date_iso(r->completed, a),
			    ct->name, date_iso(*slot, b));
			problems_set_agency(t->in.problems, before, ag,
			    ag ? strlen(ag) : 0);
			continue;
		}
		if (ctitle != NULL)
			classify_count_person(ctitle, r->person);
		if (*slot == DAY_NONE || r->expires > *slot) {
			*slot = r->expires;
			set_source(t, r->person, r->cert, r->line, r->shown,
			    r->completed, true);
		}
	}
}

/* Which rows a line of hours_notes() is about. */
enum hours_kind { HOURS_ZERO, HOURS_SHORT, HOURS_SHORT_RENEWAL };

static unsigned long
hours_rows(const struct cert_title *ti, enum hours_kind kind)
{
	if (kind == HOURS_ZERO)
		return ti->zero_rows;
	return ti->renewal == (kind == HOURS_SHORT_RENEWAL) ?
	    ti->short_rows : 0;
}

/*
 * One line a certification and kind, never one a row: "CIT: 379 rows are
 * under min_hours (40) and count for nothing: 'Crisis Intervention
 * Training - Annual Online 2024' (350 rows), 'CIT Awareness' (29 rows)".
 */
static void
hours_notes(struct training_ctx *t, struct input_stats *st)
{
	const struct conf *c = t->in.conf;
	struct strbuf sb = { 0 }, list = { 0 };
	unsigned long rows, r;
	size_t k, i;
	int kind;

	for (k = 0; k < c->ncerts; k++)
		for (kind = HOURS_ZERO; kind <= HOURS_SHORT_RENEWAL; kind++) {
			const struct conf_cert *ct = &c->certs[k];

			sb_reset(&list);
			for (i = rows = 0; i < t->cl.ntitles; i++) {
				const struct cert_title *ti = &t->cl.titles[i];

				if (ti->cert != (int)k ||
				    (r = hours_rows(ti, kind)) == 0)
					continue;
				sb_printf(&list, "%s'%s' (%lu %s)", list.len ?
				    ", " : "", ti->title, r,
				    plural((long)r, "row", "rows"));
				rows += r;
			}
			if (rows == 0)
				continue;
			sb_reset(&sb);
			sb_printf(&sb, "%s: %lu %s ", ct->name, rows,
			    plural((long)rows, "row", "rows"));
			if (kind == HOURS_ZERO)
				sb_printf(&sb, "of 0 hours %s",
				    plural((long)rows, "counts", "count"));
			else
				sb_printf(&sb, "%s under %s (%d) and %s",
				    plural((long)rows, "is", "are"),
				    kind == HOURS_SHORT ? "min_hours" :
				    "renewal_min_hours", kind == HOURS_SHORT ?
				    ct->min_hours : ct->renewal_min_hours,
				    plural((long)rows, "counts", "count"));
			sb_printf(&sb, " for nothing: %s", sb_str(&list));
			strlist_add(&st->notes, sb_str(&sb));
		}
	/* without an hours column, no minimum can be checked: said, and
	 * --check warns, so that a 2-hour course never passes for a
	 * 40-hour one unseen */
	if (t->in.idx[COL_HOURS] < 0)
		for (k = 0; k < c->ncerts; k++) {
			const struct conf_cert *ct = &c->certs[k];

			if (ct->min_hours == 0 && ct->renewal_min_hours == 0)
				continue;
			sb_reset(&sb);
			sb_printf(&sb, "%s: ", ct->name);
			if (ct->min_hours > 0)
				sb_printf(&sb, "min_hours (%d)%s", ct->min_hours,
				    ct->renewal_min_hours > 0 ? " and " : "");
			if (ct->renewal_min_hours > 0)
				sb_printf(&sb, "renewal_min_hours (%d)",
				    ct->renewal_min_hours);
			sb_printf(&sb, " %s not checked: the training file has "
			    "no hours column; map training.columns.hours, or set "
			    "%s to 0 to count every %s course whatever its "
			    "hours", ct->min_hours > 0 &&
			    ct->renewal_min_hours > 0 ? "are" : "is",
			    ct->min_hours > 0 && ct->renewal_min_hours > 0 ?
			    "both" : "it", ct->name);
			strlist_add(&st->notes, sb_str(&sb));
			strlist_add(&st->cautions, sb_str(&sb));
		}
	sb_free(&sb);
	sb_free(&list);
}

static int
by_cert_rows(const void *a, const void *b)
{
	const struct cert_title *x = a, *y = b;

	if (x->cert != y->cert)
		return x->cert < y->cert ? -1 : 1;
	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return strcmp(x->title, y->title);
}

/* The certification titles, for the report: copied, sorted. */
static void
keep_cert_titles(struct training_ctx *t, struct input_stats *st)
{
	size_t i;

	if (t->cl.ntitles == 0)
		return;
	st->cert_titles = xcalloc(t->cl.ntitles, sizeof(*st->cert_titles));
	for (i = 0; i < t->cl.ntitles; i++) {
		st->cert_titles[i] = t->cl.titles[i];
		st->cert_titles[i].title = xstrdup(t->cl.titles[i].title);
		st->cert_titles[i].seen = NULL;
		st->cert_titles[i].seen_bytes = 0;
	}
	st->n_cert_titles = t->cl.ntitles;
	qsort(st->cert_titles, st->n_cert_titles, sizeof(*st->cert_titles),
	    by_cert_rows);
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

	while (ps->n > nproblems) {
		free(ps->v[--ps->n].message);
		free(ps->v[ps->n].agency);
	}
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
	free(t->first_full);
	t->first_full = NULL;
	t->first_full_n = 0;
	free(t->renewals);
	t->renewals = NULL;
	t->nrenewals = 0;
	while (t->nnotdone > 0)
		free((char *)t->notdone[--t->nnotdone].title);
	free(t->notdone);
	t->notdone = NULL;
	free(t->wide);
	t->wide = NULL;
	t->nwide = 0;
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
		resolve_renewals(&t);
		hours_notes(&t, stats);
		fold_equivalents(c, pp);
	}
	keep_lists(&t, stats);
	keep_cert_titles(&t, stats);
	if (t.nnotdone > 0) {
		stats->not_completed = keep_most(t.notdone, t.nnotdone,
		    &stats->n_not_completed);
		for (i = 0; i < (int)t.nnotdone; i++)
			free((char *)t.notdone[i].title);
	}
	free(t.notdone);
	free(t.first_full);
	free(t.renewals);
	free(t.wide);
	unmatched_free(&t);
	classifier_free(&t.cl);
	input_free(&t.in);
	return rc;
}
