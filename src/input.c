#include <stdarg.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "csvread.h"
#include "input.h"
#include "strbuf.h"
#include "strlist.h"
#include "text.h"

void
input_init(struct input *ip, const struct conf *c, const struct conf_input *in,
    const char *path, struct problems *ps, struct input_stats *stats)
{
	int i;

	memset(ip, 0, sizeof(*ip));
	ip->conf = c;
	ip->in = in;
	ip->path = path;
	ip->label = path_basename(path);
	if (in->label != NULL)		/* "North PD: roster.csv" */
		ip->label = in->label;
	ip->problems = ps;
	ip->stats = stats;
	for (i = 0; i < COL_MAX; i++)
		ip->idx[i] = -1;
}

static void forget_best(struct input *);

#define AGENCY_FIXED	(-2)	/* idx[COL_AGENCY] of a source's files */

void
input_free(struct input *ip)
{
	size_t i;

	for (i = 0; i < ip->nunknown; i++)
		free(ip->unknown[i].value);
	free(ip->unknown);
	ip->unknown = NULL;
	ip->nunknown = 0;
	for (i = 0; i < NELEM(ip->meaning); i++)
		strmap_free(&ip->meaning[i]);
	arena_free(&ip->meaning_keys);
	free(ip->fatal);
	ip->fatal = NULL;
	forget_best(ip);
}

void
input_stats_free(struct input_stats *st)
{
	size_t i;

	for (i = 0; i < st->n_other_titles; i++)
		free((char *)st->other_titles[i].title);
	free(st->other_titles);
	st->other_titles = NULL;
	st->n_other_titles = 0;
	for (i = 0; i < st->n_unmatched_ids; i++)
		free((char *)st->unmatched_ids[i].title);
	free(st->unmatched_ids);
	st->unmatched_ids = NULL;
	st->n_unmatched_ids = 0;
	for (i = 0; i < st->n_not_completed; i++)
		free((char *)st->not_completed[i].title);
	free(st->not_completed);
	st->not_completed = NULL;
	st->n_not_completed = 0;
	for (i = 0; i < st->n_cert_titles; i++)
		free((char *)st->cert_titles[i].title);
	free(st->cert_titles);
	st->cert_titles = NULL;
	st->n_cert_titles = 0;
	strlist_free(&st->notes);
	strlist_free(&st->cautions);
}

void
input_fatal(struct input *ip, const char *fmt, ...)
{
	va_list ap;

	free(ip->fatal);
	va_start(ap, fmt);
	ip->fatal = xvasprintf(fmt, ap);
	va_end(ap);
}

void
input_quote(struct strbuf *sb, const char *s, size_t n)
{
	size_t i, shown = str_utf8_cut(s, n, 60), start = sb->len;

	sb_addc(sb, '\'');
	sb_add_utf8_fixed(sb, s, shown);
	for (i = start; i < sb->len; i++)
		if ((unsigned char)sb->s[i] < 0x20 || sb->s[i] == 0x7f)
			sb->s[i] = '?';
	if (n > shown)
		sb_add(sb, "...");
	sb_addc(sb, '\'');
}

/* A default column the export does not have: what that means, said in
 * the report. */
static void
absent_default(struct input *ip, enum column col)
{
	const char *means = NULL;
	char *note;

	switch (col) {
	case COL_SWORN:
		means = "everyone counts as sworn";
		break;
	case COL_STATUS:
		means = "everyone counts as active";
		break;
	case COL_SELECTED:
		means = "no non-sworn staff are selected";
		break;
	case COL_EMAIL:
		means = "nobody can be mailed";
		break;
	case COL_SUPERVISOR_ID:
	case COL_SUPERVISOR_EMAIL:
		means = "no supervisor digests";
		break;
	case COL_EXPIRES:
		means = "expiry dates are computed from the validity";
		break;
	default:
		return;
	}
	note = xasprintf("%s: no %s column (\"%s\"): %s", ip->label,
	    column_keys[col], ip->in->column[col], means);
	strlist_add(&ip->stats->notes, note);
	free(note);
}

/* Whether column col of the configuration is one the header must hold. */
static bool
needed(const struct input *ip, int col, const enum column *required,
    size_t nrequired)
{
	size_t r;

	if (ip->in->column[col] == NULL)
		return false;
	if (col == COL_AGENCY && ip->in->agency != NULL)
		return false;	/* a source's agency is its own */
	if (ip->in->column_explicit)
		return true;
	for (r = 0; r < nrequired && required[r] != (enum column)col; r++)
		;
	return r < nrequired;
}

static bool
has_name(char *const *names, size_t n, const char *name)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		const char *t = (len = strlen(names[i]), str_trim(names[i], &len));

		if (strn_ieq(t, len, name))
			return true;
	}
	return false;
}

static void
forget_best(struct input *ip)
{
	while (ip->nbest > 0)
		free(ip->best[--ip->nbest]);
	free(ip->best);
	ip->best = NULL;
}

/*
 * A line lacking a needed column: a title line, passed over (1), while
 * fewer than TITLE_LINES_MAX were; the one holding the most configured
 * names is kept for the message.  Past them, 0: the caller maps the best
 * line, which fails and says why.
 */
static int
title_line(struct input *ip, char *const *names, size_t n, int score)
{
	size_t i;

	if (ip->title_lines + 1 >= TITLE_LINES_MAX) {
		if (ip->best != NULL) {	/* say what the first line lacks */
			ip->header_line = ip->best_line;
			ip->title_lines = 0;
		}
		return 0;
	}
	if (ip->best == NULL) {
		forget_best(ip);
		ip->best = xcalloc(n + 1, sizeof(*ip->best));
		for (i = 0; i < n; i++)
			ip->best[i] = xstrdup(names[i]);
		ip->nbest = n;
		ip->best_score = score;
		ip->best_line = ip->title_lines + 1;
	}
	ip->title_lines++;
	return 1;
}

/* Moves from's entries of a list of titles (or values, or ids) into into,
 * a title already there adding its rows. */
static void
merge_titles(struct other_title **into, size_t *n, struct other_title *from,
    size_t nfrom)
{
	size_t i, k;

	for (i = 0; i < nfrom; i++) {
		for (k = 0; k < *n && strcmp((*into)[k].title, from[i].title);
		    k++)
			;
		if (k < *n) {
			(*into)[k].rows += from[i].rows;
			free((char *)from[i].title);
			continue;
		}
		*into = xreallocarray(*into, *n + 1, sizeof(**into));
		(*into)[(*n)++] = from[i];
	}
}

void
input_stats_merge(struct input_stats *into, struct input_stats *from)
{
	size_t i, k;

	into->rows += from->rows;
	into->rejected += from->rejected;
	into->unmatched += from->unmatched;
	into->other_courses += from->other_courses;
	into->repeated_ids += from->repeated_ids;
	into->cross_agency_ids += from->cross_agency_ids;
	into->not_understood += from->not_understood;
	if (into->not_records == 0)
		into->not_record_line = from->not_record_line;
	into->not_records += from->not_records;
	into->no_id_non_sworn += from->no_id_non_sworn;
	if (into->encoding == ENC_AUTO)
		into->encoding = from->encoding;
	strlist_append(&into->notes, &from->notes);
	strlist_append(&into->cautions, &from->cautions);
	merge_titles(&into->other_titles, &into->n_other_titles,
	    from->other_titles, from->n_other_titles);
	into->n_other_titles_all += from->n_other_titles_all;
	merge_titles(&into->unmatched_ids, &into->n_unmatched_ids,
	    from->unmatched_ids, from->n_unmatched_ids);
	into->n_unmatched_ids_all += from->n_unmatched_ids_all;
	merge_titles(&into->not_completed, &into->n_not_completed,
	    from->not_completed, from->n_not_completed);
	for (i = 0; i < from->n_cert_titles; i++) {
		struct cert_title *f = &from->cert_titles[i];

		for (k = 0; k < into->n_cert_titles &&
		    (into->cert_titles[k].cert != f->cert ||
		    strcmp(into->cert_titles[k].title, f->title)); k++)
			;
		if (k < into->n_cert_titles) {
			/* people are per agency: no one is in two sources */
			into->cert_titles[k].rows += f->rows;
			into->cert_titles[k].people += f->people;
			into->cert_titles[k].short_rows += f->short_rows;
			into->cert_titles[k].zero_rows += f->zero_rows;
			free((char *)f->title);
			continue;
		}
		into->cert_titles = xreallocarray(into->cert_titles,
		    into->n_cert_titles + 1, sizeof(*into->cert_titles));
		into->cert_titles[into->n_cert_titles++] = *f;
	}
	free(from->other_titles);
	free(from->unmatched_ids);
	free(from->not_completed);
	free(from->cert_titles);
	from->other_titles = from->unmatched_ids = from->not_completed = NULL;
	from->cert_titles = NULL;
	from->n_other_titles = from->n_unmatched_ids = 0;
	from->n_not_completed = from->n_cert_titles = 0;
	input_stats_free(from);
}

int
input_map_header(struct input *ip, char *const *names, size_t n, bool *want,
    const enum column *required, size_t nrequired)
{
	size_t i, r;
	int col, score = 0;
	bool complete = true;
	char *note;

	for (col = 0; col < COL_MAX; col++) {
		if (ip->in->column[col] == NULL)
			continue;
		if (has_name(names, n, ip->in->column[col]))
			score++;
		else if (needed(ip, col, required, nrequired))
			complete = false;
	}
	ip->header_line = ip->title_lines + 1;
	ip->required = required;
	ip->nrequired = nrequired;
	/* a line holding none of the names is a title line; one holding
	 * some is the header, short of a column */
	if (!complete && score == 0) {
		if (title_line(ip, names, n, score) > 0)
			return 1;
		if (ip->best != NULL) {		/* say what the first lacks */
			names = ip->best;
			n = ip->nbest;
		}
	}
	if (complete && ip->title_lines > 0) {
		note = xasprintf("%s: %lu %s above the header skipped as title "
		    "%s", ip->label, ip->title_lines, plural((long)
		    ip->title_lines, "line", "lines"), plural((long)
		    ip->title_lines, "line", "lines"));
		strlist_add(&ip->stats->notes, note);
		free(note);
	}
	for (col = 0; col < COL_MAX; col++) {
		const char *name = ip->in->column[col];

		if (name == NULL)
			continue;
		for (i = 0; i < n; i++) {
			size_t len = strlen(names[i]);
			const char *t = str_trim(names[i], &len);

			/* "Employee ID" with a no-break space after it */
			if (!strn_ieq(t, len, name))
				continue;
			if (ip->idx[col] >= 0) {
				input_fatal(ip, "line %lu: column \"%s\" appears "
				    "twice (columns %d and %zu)", ip->header_line,
				    name, ip->idx[col] + 1, i + 1);
				return -1;
			}
			ip->idx[col] = (int)i;
			want[i] = true;
		}
	}
	for (col = 0; col < COL_MAX; col++) {
		struct strbuf sb = { 0 };

		if (ip->in->column[col] == NULL || ip->idx[col] >= 0 ||
		    (col == COL_AGENCY && ip->in->agency != NULL))
			continue;
		for (r = 0; r < nrequired && required[r] != (enum column)col;
		    r++)
			;
		if (r == nrequired && !ip->in->column_explicit) {
			absent_default(ip, (enum column)col);
			continue;
		}
		for (i = 0; i < n && i < 20; i++) {
			if (i)
				sb_add(&sb, ", ");
			input_quote(&sb, names[i], strlen(names[i]));
		}
		if (n > 20)
			sb_printf(&sb, " and %zu more", n - 20);
		input_fatal(ip, "line %lu: no column \"%s\" (%s.columns key "
		    "'%s'); the %s has %s", ip->header_line,
		    ip->in->column[col], ip->in == &ip->conf->training ?
		    "training" : "roster", column_keys[col], ip->title_lines ?
		    "line most like a header" : "header", sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	ip->first_col = SIZE_MAX;
	for (col = 0; col < COL_MAX; col++)
		if (ip->idx[col] >= 0 && (size_t)ip->idx[col] < ip->first_col)
			ip->first_col = (size_t)ip->idx[col];
	if (ip->first_col == SIZE_MAX)
		ip->first_col = 0;
	if (ip->in->agency != NULL)	/* a source's, whatever the file says */
		ip->idx[COL_AGENCY] = AGENCY_FIXED;
	return 0;
}

/* A source's rows are all of its agency (AGENCY_FIXED): out of line, so
 * that input_raw(), called for every value of every row, stays a leaf. */
static const char * __attribute__((noinline))
fixed_agency(const struct input *ip, size_t *vlen)
{
	*vlen = strlen(ip->in->agency);
	return ip->in->agency;
}

const char *
input_raw(const struct input *ip, enum column col, char *const *field,
    const size_t *len, size_t *vlen)
{
	const char *v;

	if (ip->idx[col] < 0)
		return ip->idx[col] == AGENCY_FIXED ? fixed_agency(ip, vlen) :
		    NULL;
	*vlen = len[ip->idx[col]];
	v = str_trim(field[ip->idx[col]], vlen);
	return *vlen ? v : NULL;
}

/* input_text(), kept once for all who share it when shared. */
static const char *
text_value(struct input *ip, struct people *pp, enum column col,
    char *const *field, const size_t *len, unsigned long line, bool shared)
{
	struct strbuf sb = { 0 };
	const char *v, *kept;
	size_t n;

	if ((v = input_raw(ip, col, field, len, &n)) == NULL)
		return NULL;
	if (str_has_control(v, n)) {
		problems_add(ip->problems, ip->label, line, "the %s value "
		    "holds a control character: ignored", column_keys[col]);
		return NULL;
	}
	if (!str_is_utf8(v, n)) {
		if (!ip->utf8_warned) {
			problems_add(ip->problems, ip->label, line, "text is "
			    "not valid UTF-8 (is the file's encoding "
			    "\"windows-1252\"?)");
			ip->utf8_warned = true;
		}
		sb_add_utf8_fixed(&sb, v, n);
		v = sb.s;
		n = sb.len;
	}
	kept = shared ? people_shared(pp, v, n) : people_strdup(pp, v, n);
	sb_free(&sb);
	return kept;
}

const char *
input_text(struct input *ip, struct people *pp, enum column col,
    char *const *field, const size_t *len, unsigned long line)
{
	return text_value(ip, pp, col, field, len, line, false);
}

static bool
in_list(const char *v, size_t n, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (str_words_eq(v, n, l->v[i]))
			return true;
	return false;
}

#define MEANINGS_MAX 1024	/* values remembered a column; a real one has few */

/*
 * What a value of a deciding column means: 1 when list `first` holds it,
 * else 0 when `second` does, else -1.  A column repeats a few values on
 * every row, so each value is looked up in the lists once and remembered
 * (slot: which of the input's maps).
 */
static int
meaning(struct input *ip, size_t slot, const char *v, size_t n,
    const struct strlist *first, const struct strlist *second)
{
	struct strmap *m = &ip->meaning[slot];
	struct strmap_spot spot;
	uint32_t known;
	int r;

	if (strmap_find(m, v, n, &known, &spot))
		return (int)known - 1;
	r = in_list(v, n, first) ? 1 : in_list(v, n, second) ? 0 : -1;
	if (m->len < MEANINGS_MAX && memchr(v, '\0', n) == NULL)
		strmap_add(m, &spot, arena_strndup(&ip->meaning_keys, v, n),
		    (uint32_t)(r + 1));
	return r;
}

/* Notes a deciding value that no list holds. */
static void
not_understood(struct input *ip, enum column col, const char *v, size_t n,
    unsigned long line)
{
	struct unknown_value *u;
	size_t i;

	for (i = 0; i < ip->nunknown; i++) {
		u = &ip->unknown[i];
		if (u->col == col && str_words_eq(v, n, u->value)) {
			u->rows++;
			return;
		}
	}
	if (ip->nunknown >= 100)	/* a broken column: the first 100 tell */
		return;
	ip->unknown = xreallocarray(ip->unknown, ip->nunknown + 1,
	    sizeof(*ip->unknown));
	u = &ip->unknown[ip->nunknown++];
	u->col = col;
	u->value = xstrndup(v, n);
	u->rows = 1;
	u->line = line;
}

bool
input_non_sworn(struct input *ip, char *const *field, const size_t *len)
{
	const char *v;
	size_t n;

	return (v = input_raw(ip, COL_SWORN, field, len, &n)) != NULL &&
	    meaning(ip, 1, v, n, &ip->conf->non_sworn_values,
	    &ip->conf->sworn_values) == 1;
}

/* Whether a value's words start with those of a totals line. */
static bool
totals_words(const char *v, size_t n)
{
#define START(s)	{ s, sizeof(s) - 1 }
	static const struct { const char *s; size_t n; } starts[] = {
	    START("total"), START("totals"), START("grand total"),
	    START("report total"), START("record count"), START("records"),
	    START("row count"), START("count") };
#undef START
	size_t i, k;
	char c = (char)(v[0] | 0x20);

	/* every row passes here: most first letters say no at once */
	if (c != 't' && c != 'g' && c != 'r' && c != 'c')
		return false;
	for (i = 0; i < NELEM(starts); i++) {
		k = starts[i].n;
		if (n >= k && strncasecmp(v, starts[i].s, k) == 0 &&
		    (n == k || !((v[k] >= 'a' && v[k] <= 'z') ||
		    (v[k] >= 'A' && v[k] <= 'Z'))))
			return true;
	}
	return false;
}

bool
input_not_a_record_slow(struct input *ip, char *const *field,
    const size_t *len, unsigned long line)
{
	const char *v;
	size_t n;
	int col;

	n = len[ip->first_col];
	v = str_trim(field[ip->first_col], &n);
	if (n > 0 && !totals_words(v, n))
		return false;
	for (col = 0; n == 0 && col < COL_MAX; col++)
		if ((v = input_raw(ip, (enum column)col, field, len, &n)) !=
		    NULL) {
			if (!totals_words(v, n))
				return false;
			break;
		}
	/* a totals line ("Total Records: 878"), or one with nothing in the
	 * columns read */
	if (ip->stats->not_records++ == 0)
		ip->stats->not_record_line = line;
	return true;
}

int
input_training_status(struct input *ip, const char *v, size_t n,
    unsigned long line)
{
	int m = meaning(ip, 0, v, n, &ip->conf->completed_values,
	    &ip->conf->not_completed_values);

	if (m == -1)
		not_understood(ip, COL_STATUS, v, n, line);
	return m;
}

/* The setting a value of col belongs in. */
static const char *
settings_of(const struct input *ip, enum column col)
{
	const struct conf *c = ip->conf;

	switch (col) {
	case COL_SWORN:
		return "roster.sworn_values or roster.non_sworn_values";
	case COL_STATUS:
		return ip->in == &c->training ? "training.completed_values or "
		    "training.not_completed_values" :
		    "roster.active_values or roster.inactive_values";
	default:
		return c->selected_values_given ? "roster.selected_values" :
		    "roster.selected_values (yes) or use it to name the "
		    "values that select";
	}
}

void
input_unknown_report(struct input *ip)
{
	size_t i;

	for (i = 0; i < ip->nunknown; i++) {
		const struct unknown_value *u = &ip->unknown[i];
		struct strbuf sb = { 0 };

		input_quote(&sb, u->value, strlen(u->value));
		problems_add(ip->problems, ip->label, u->line, "column \"%s\" "
		    "(%s): the value %s on %lu %s is not understood; add it to "
		    "%s", ip->in->column[u->col], column_keys[u->col],
		    sb_str(&sb), u->rows, plural((long)u->rows, "row", "rows"),
		    settings_of(ip, u->col));
		sb_free(&sb);
	}
	ip->stats->not_understood += ip->nunknown;
}

/* Sworn, status and selected: what the deciding columns say. */
static void
deciding_values(struct input *ip, struct person *p, char *const *field,
    const size_t *len, unsigned long line)
{
	const struct conf *c = ip->conf;
	const char *v;
	size_t n;
	int m;

	p->active = true;
	if ((v = input_raw(ip, COL_STATUS, field, len, &n)) != NULL) {
		m = meaning(ip, 0, v, n, &c->inactive_values, &c->active_values);
		if (m == 1)
			p->active = false;
		else if (m == -1)
			not_understood(ip, COL_STATUS, v, n, line);
	}
	p->sworn = true;
	if (ip->idx[COL_SWORN] >= 0) {
		v = input_raw(ip, COL_SWORN, field, len, &n);
		m = v == NULL ? -1 : meaning(ip, 1, v, n, &c->non_sworn_values,
		    &c->sworn_values);
		if (m == 1)
			p->sworn = false;
		else if (m == -1 && p->active)
			not_understood(ip, COL_SWORN, v ? v : "", v ? n : 0,
			    line);
	}
	p->selected = false;
	if (p->sworn || ip->idx[COL_SELECTED] < 0)
		return;
	v = input_raw(ip, COL_SELECTED, field, len, &n);
	m = v == NULL ? 0 : meaning(ip, 2, v, n, &c->selected_values,
	    &c->not_selected_values);
	if (m == 1)
		p->selected = true;
	else if (m == -1 && !c->selected_values_given && p->active)
		not_understood(ip, COL_SELECTED, v, n, line);
}

static const char *
input_address(struct input *ip, struct people *pp, enum column col,
    char *const *field, const size_t *len, unsigned long line)
{
	const char *v = input_text(ip, pp, col, field, len, line);
	struct strbuf sb = { 0 };

	if (v == NULL || addr_valid(v, strlen(v)))
		return v;
	input_quote(&sb, v, strlen(v));
	problems_add(ip->problems, ip->label, line, "%s %s is not an e-mail "
	    "address: ignored", column_keys[col], sb_str(&sb));
	sb_free(&sb);
	return NULL;
}

/* The day a person was hired, for the grace before "missing" notices. */
static void
hired(struct input *ip, struct person *p, char *const *field,
    const size_t *len, unsigned long line)
{
	const struct conf_input *in = ip->in;
	struct strbuf sb = { 0 };
	const char *v;
	size_t n;
	enum date_status st;

	p->hired = DAY_NONE;
	if ((v = input_raw(ip, COL_HIRED, field, len, &n)) == NULL)
		return;
	st = in->date_format == DATE_PATTERN ?
	    date_parse_pattern(v, n, in->date_pattern, &p->hired) :
	    date_parse(v, n, in->date_format, &p->hired);
	if (st == DATE_OK)
		return;
	p->hired = DAY_NONE;
	input_quote(&sb, v, n);
	problems_add(ip->problems, ip->label, line, "hired date %s cannot be "
	    "read: no grace before \"missing\" notices", sb_str(&sb));
	sb_free(&sb);
}

void
input_fill_person(struct input *ip, struct people *pp, uint32_t idx,
    char *const *field, const size_t *len, unsigned long line)
{
	const struct conf *c = ip->conf;
	struct person *p = &pp->v[idx];
	const char *v, *first, *last;
	size_t n;

	p->line = (uint32_t)line;	/* under 4095 MB: it fits */
	if ((v = input_text(ip, pp, COL_NAME, field, len, line)) != NULL)
		p->name = v;
	else {
		first = input_text(ip, pp, COL_FIRST_NAME, field, len, line);
		last = input_text(ip, pp, COL_LAST_NAME, field, len, line);
		if (first && last) {
			/* "First Last" where the two stand in the arena, if
			 * they stand there side by side (they do, but for a
			 * block boundary between them) */
			size_t fl = strlen(first), ll = strlen(last);
			char *name;

			if (first + fl + 1 == last) {
				name = (char *)first;
				name[fl] = ' ';
			} else {
				name = arena_alloc(&pp->strings, fl + ll + 2);
				memcpy(name, first, fl);
				name[fl] = ' ';
				memcpy(name + fl + 1, last, ll + 1);
			}
			p->name = name;
		} else
			p->name = first ? first : last ? last : p->id;
	}
	p->email = input_address(ip, pp, COL_EMAIL, field, len, line);
	deciding_values(ip, p, field, len, line);
	hired(ip, p, field, len, line);
	/* a few agencies, many people: a known name is not copied again */
	v = input_raw(ip, COL_AGENCY, field, len, &n);
	if (v == NULL || !people_agency_find(pp, v, n, &p->agency)) {
		v = input_text(ip, pp, COL_AGENCY, field, len, line);
		p->agency = people_agency(pp, v ? v : c->agency_name);
	}
	p->supervisor_id = input_text(ip, pp, COL_SUPERVISOR_ID, field, len,
	    line);
	p->supervisor_email = input_address(ip, pp, COL_SUPERVISOR_EMAIL, field,
	    len, line);
	p->supervisor_key = p->supervisor_id ? p->supervisor_id :
	    p->supervisor_email;
	if (p->supervisor_id != NULL && pp->agency_scope) {
		/* a supervisor is found within the person's agency */
		const char *a = pp->agency[p->agency];

		p->supervisor_key = people_keep_key(pp, a, strlen(a),
		    p->supervisor_id, strlen(p->supervisor_id));
	}
	/* a few of each, many people: kept once */
	p->unit = text_value(ip, pp, COL_UNIT, field, len, line, true);
	p->shift = text_value(ip, pp, COL_SHIFT, field, len, line, true);
	p->rank = text_value(ip, pp, COL_RANK, field, len, line, true);
}

void
input_reject(struct input *ip, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	size_t before = ip->problems->n;

	ip->stats->rejected++;
	va_start(ap, fmt);
	problems_vadd(ip->problems, ip->label, line, fmt, ap);
	va_end(ap);
	if (ip->problems->n > before) {
		ip->problems->v[before].rejected = true;
		problems_set_agency(ip->problems, before, ip->row_agency,
		    ip->row_alen);
	}
}

void
input_csv_limits(const struct input *ip, struct csvread_handler *h)
{
	const struct conf *c = ip->conf;

	h->reject = input_csv_reject;
	h->max_value = (size_t)c->max_field_bytes;
	h->max_line = (size_t)c->max_field_bytes * 1024;
	h->max_file = (unsigned long long)c->max_file_mb * 1024 * 1024;
	h->refuse_nul = true;
}

void
input_csv_reject(void *ctx, unsigned long line, const char *why)
{
	struct input *ip = ctx;	/* the first member of the loader's own */

	ip->stats->rows++;
	/* refused before its values were read: its agency is not known,
	 * and the last row's points into a buffer since reused */
	ip->row_agency = NULL;
	ip->row_alen = 0;
	input_reject(ip, line, "%s", why);
}

void
input_read(struct input *ip, const struct csvread_result *res)
{
	char *note;

	ip->stats->encoding = res->encoding;
	if (ip->in->encoding == ENC_AUTO && res->encoding == ENC_CP1252) {
		note = xasprintf("%s: not valid UTF-8, so read as Windows-1252",
		    ip->label);
		strlist_add(&ip->stats->notes, note);
		free(note);
	}
	if (res->header_again > 0)
		problems_add(ip->problems, ip->label, res->header_again_line,
		    "the header row again%s: skipped", res->header_again > 1 ?
		    " (and on more rows)" : "");
	if (ip->stats->not_records > 0) {
		note = xasprintf("%s: %lu %s no record (a totals line, or "
		    "nothing in the columns read), skipped: line %lu%s",
		    ip->label, ip->stats->not_records, plural((long)
		    ip->stats->not_records, "line is", "lines are"),
		    ip->stats->not_record_line, ip->stats->not_records > 1 ?
		    " and more" : "");
		strlist_add(&ip->stats->notes, note);
		free(note);
	}
	if (ip->stats->no_id_non_sworn > 0) {
		note = xasprintf("%s: %lu non-sworn %s without an id skipped "
		    "(staff the training system does not track)", ip->label,
		    ip->stats->no_id_non_sworn, plural((long)
		    ip->stats->no_id_non_sworn, "row", "rows"));
		strlist_add(&ip->stats->notes, note);
		free(note);
	}
}

enum input_status
input_fail(struct input *ip, const struct csvread_result *res)
{
	bool *want;

	if (res->status == CSVREAD_STOPPED)
		return INPUT_UNUSABLE;	/* the header callback set ip->fatal */
	if (res->status == CSVREAD_EMPTY && ip->best != NULL) {
		/* title lines to the end: the first said what it lacks */
		ip->title_lines = TITLE_LINES_MAX;
		want = xcalloc(ip->nbest + 1, sizeof(*want));
		if (input_map_header(ip, ip->best, ip->nbest, want,
		    ip->required, ip->nrequired) == 0)
			input_fatal(ip, "no header line");
		free(want);
		return INPUT_UNUSABLE;
	}
	input_fatal(ip, "%s", csvread_strerror(res));
	return res->status == CSVREAD_OPEN || res->status == CSVREAD_IO ?
	    INPUT_UNREADABLE : res->status == CSVREAD_NOMEM ? INPUT_NOMEM :
	    INPUT_UNUSABLE;
}

void
problems_vadd(struct problems *ps, const char *file, unsigned long line,
    const char *fmt, va_list ap)
{
	if (ps->n >= PROBLEMS_MAX) {
		ps->dropped++;
		return;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
	}
	ps->v[ps->n].file = file;
	ps->v[ps->n].line = line;
	ps->v[ps->n].message = xvasprintf(fmt, ap);
	ps->v[ps->n].agency = NULL;
	ps->v[ps->n].rejected = false;
	ps->n++;
}

void
problems_add(struct problems *ps, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	problems_vadd(ps, file, line, fmt, ap);
	va_end(ap);
}

void
problems_free(struct problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].message);
		free(ps->v[i].agency);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
problems_set_agency(struct problems *ps, size_t before, const char *agency,
    size_t alen)
{
	/* before: how many there were; none added past PROBLEMS_MAX */
	if (ps->n > before && agency != NULL && alen > 0 &&
	    !str_has_control(agency, alen))
		ps->v[ps->n - 1].agency = xstrndup(agency, alen);
}
