#include <stdlib.h>
#include <string.h>

#include "report.h"

#define OTHER_TITLES_SHOWN 10	/* in the text report */

/* Length of the start of s that a JSON string holds as it is. */
static size_t
json_plain(const char *s)
{
	const char *p = s;
	unsigned char c;

	while ((c = (unsigned char)*p) >= 0x20 && c != '"' && c != '\\' &&
	    c != 0x7f)
		p++;
	return (size_t)(p - s);
}

/* How c stands in a JSON string: written to esc, its length returned. */
static size_t
json_escape(unsigned char c, char esc[8])
{
	const char *named = c == '"' ? "\\\"" : c == '\\' ? "\\\\" :
	    c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;

	if (named != NULL) {
		memcpy(esc, named, 2);
		return 2;
	}
	snprintf(esc, 8, "\\u%04x", c);
	return 6;
}

void
json_string(FILE *fp, const char *s)
{
	char esc[8];
	size_t n;

	if (s == NULL) {
		fputs_unlocked("null", fp);
		return;
	}
	putc_unlocked('"', fp);
	for (;;) {
		n = json_plain(s);
		fwrite_unlocked(s, 1, n, fp);
		if (s[n] == '\0')
			break;
		fwrite_unlocked(esc, 1, json_escape((unsigned char)s[n], esc), fp);
		s += n + 1;
	}
	putc_unlocked('"', fp);
}


void
csv_cell(FILE *fp, const char *s)
{
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r' || s[0] == '|';
	bool quote = formula || strpbrk(s, ",\"\r\n;\t") != NULL;

	if (quote)
		putc('"', fp);
	if (formula)
		putc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	if (quote)
		putc('"', fp);
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void
forecast_words(struct strbuf *sb, const struct compliance *cp,
    const struct conf_cert *ct, const struct cert_tally *t)
{
	const struct forecast *fc = &t->forecast;
	char d[DATE_ISO_LEN], h[DATE_ISO_LEN];

	date_iso(cp->today + cp->forecast_days, h);
	if (fc->breaks_on == DAY_NONE) {
		sb_printf(sb, "%s holds at %d %% through %s.", ct->name,
		    ct->threshold_pct, h);
		return;
	}
	if (fc->breaks_on == cp->today)
		sb_printf(sb, "%s is below %d %% today: %d more %s must renew "
		    "or train now", ct->name, ct->threshold_pct,
		    fc->needed_by_break, plural(fc->needed_by_break, "officer",
		    "officers"));
	else
		sb_printf(sb, "%s falls below %d %% on %s unless %d more %s "
		    "by then", ct->name, ct->threshold_pct,
		    date_iso(fc->breaks_on, d), fc->needed_by_break,
		    plural(fc->needed_by_break, "officer renews or trains",
		    "officers renew or train"));
	if (fc->needed_for_horizon > fc->needed_by_break)
		sb_printf(sb, "; %d to hold it through %s",
		    fc->needed_for_horizon, h);
	sb_add(sb, ".");
}

/* The text report. */

void
report_agency_text(FILE *fp, const struct conf *c,
    const struct compliance *cp, const struct agency_tally *a)
{
	size_t k;

	fprintf(fp, "%s: %d sworn (%d active)\n", a->name, a->sworn, a->active);
	fprintf(fp, "  %-14s %8s %6s %9s %7s  %s\n", "Certification",
	    "Required", "Valid", "Coverage", "Target", "Met");
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &a->cert[k];
		char cov[16];

		if (a->sworn > 0)
			snprintf(cov, sizeof(cov), "%.1f %%",
			    100.0 * t->valid / a->sworn);
		else
			snprintf(cov, sizeof(cov), "-");
		fprintf(fp, "  %-14s %8d %6d %9s %5d %%  ", c->certs[k].name,
		    t->required, t->valid, cov, c->certs[k].threshold_pct);
		if (t->met)
			fputs("yes\n", fp);
		else
			fprintf(fp, "NO (%d short)\n", t->shortfall);
	}
	for (k = 0; k < c->ncerts; k++)
		if (c->certs[k].required_for_selected &&
		    a->cert[k].selected_total > 0)
			fprintf(fp, "  Selected non-sworn staff with valid %s: "
			    "%d of %d\n", c->certs[k].name,
			    a->cert[k].selected_valid, a->cert[k].selected_total);
	for (k = 0; k < c->ncerts; k++) {
		struct strbuf sb = { 0 };

		forecast_words(&sb, cp, &c->certs[k], &a->cert[k]);
		fprintf(fp, "  %s\n", sb_str(&sb));
		sb_free(&sb);
	}
	fputc('\n', fp);
}

static void
text_people(FILE *fp, const struct report *r, enum cert_status want,
    const char *title)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	char d[DATE_ISO_LEN];
	size_t i, k;
	int count = 0;

	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);

			if (st != want)
				continue;
			if (st == ST_MISSING && !(c->certs[k].required &&
			    (p->sworn || (p->selected &&
			    c->certs[k].required_for_selected))))
				continue;
			if (count++ == 0)
				fprintf(fp, "%s\n", title);
			fprintf(fp, "  %-10s %-28s %-6s", p->id, p->name,
			    c->certs[k].name);
			if (st == ST_EXPIRING && e == cp->today)
				fprintf(fp, " %s  today", date_iso(e, d));
			else if (st == ST_EXPIRING)
				fprintf(fp, " %s  in %d %s", date_iso(e, d),
				    e - cp->today, plural(e - cp->today,
				    "day", "days"));
			else if (st == ST_EXPIRED)
				fprintf(fp, " %s  %d %s ago", date_iso(e, d),
				    cp->today - e, plural(cp->today - e,
				    "day", "days"));
			if (pp->nagencies > 1)
				fprintf(fp, "  %s", pp->agency[p->agency]);
			if (p->unit != NULL)
				fprintf(fp, "  %s", p->unit);
			fputc('\n', fp);
		}
	}
	if (count > 0)
		fputc('\n', fp);
}

static void
text_notices(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct notice_plan *np = r->plan;
	char d[DATE_ISO_LEN];
	size_t i, j;

	if (np->n == 0) {
		fputs("No notices are due.\n\n", fp);
		return;
	}
	fprintf(fp, "Notices that would be sent (%zu)\n", np->n);
	for (i = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];
		const struct person *p = n->person != NO_PERSON ?
		    &pp->v[n->person] : NULL;

		switch (n->kind) {
		case NOTICE_REMINDER:
			fprintf(fp, "  reminder  %s %d-day, expires %s: %s",
			    c->certs[n->cert].name, n->stage,
			    date_iso(n->expires, d), p->name);
			break;
		case NOTICE_EXPIRED:
			fprintf(fp, "  expired   %s, expired %s: %s",
			    c->certs[n->cert].name, date_iso(n->expires, d),
			    p->name);
			break;
		case NOTICE_MISSING:
			fprintf(fp, "  missing   %s: %s", c->certs[n->cert].name,
			    p->name);
			break;
		case NOTICE_DIGEST:
			fprintf(fp, "  digest    %zu %s for supervisor %s",
			    n->nmembers, plural((int)n->nmembers, "person",
			    "people"), n->supervisor);
			break;
		case NOTICE_SUMMARY:
			fputs("  summary   to", fp);
			for (j = 0; j < c->mail.summary_to.n; j++)
				fprintf(fp, " %s", c->mail.summary_to.v[j]);
			if (c->mail.summary_to.n == 0)
				fputs(" nobody (mail.summary_to is empty)\n", fp);
			else
				fputc('\n', fp);
			continue;
		}
		if (n->to != NULL)
			fprintf(fp, " <%s>\n", n->to);
		else
			fputs(" (no usable address)\n", fp);
	}
	fputc('\n', fp);
}

/* The titles counted as no certification: a misspelt MHFA shows here. */
static void
text_other_titles(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	size_t i, shown = t->n_other_titles < OTHER_TITLES_SHOWN ?
	    t->n_other_titles : OTHER_TITLES_SHOWN;

	if (shown == 0)
		return;
	fputs("  Other courses, counted for no certification (rows, title):\n",
	    fp);
	for (i = 0; i < shown; i++)
		fprintf(fp, "    %9lu  %s\n", t->other_titles[i].rows,
		    t->other_titles[i].title);
	if (t->n_other_titles_all > shown)
		fprintf(fp, "    and %zu more titles\n",
		    t->n_other_titles_all - shown);
}

static void
text_inputs(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	size_t i;

	fputs("Input\n", fp);
	if (r->roster_file != NULL)
		fprintf(fp, "  %s: %lu rows, %lu rejected\n",
		    path_basename(r->roster_file), r->roster->rows,
		    r->roster->rejected);
	fprintf(fp, "  %s: %lu rows, %lu rejected, %lu unmatched, %lu other "
	    "courses\n", path_basename(r->training_file), t->rows, t->rejected,
	    t->unmatched, t->other_courses);
	text_other_titles(fp, r);
	for (i = 0; i < r->warnings->n; i++)
		fprintf(fp, "  Note: %s\n", r->warnings->v[i]);
	if (r->problems->n > 0) {
		fputs("\nProblems\n", fp);
		for (i = 0; i < r->problems->n; i++) {
			const struct problem *p = &r->problems->v[i];

			fprintf(fp, "  %s:%lu: %s\n", p->file, p->line,
			    p->message);
		}
		if (r->problems->dropped)
			fprintf(fp, "  ... and %zu more\n",
			    r->problems->dropped);
	}
}

int
report_text(FILE *fp, const struct report *r)
{
	const struct compliance *cp = r->compliance;
	char d[DATE_ISO_LEN];
	size_t a, i;

	fprintf(fp, "certminder report for %s\n\n", date_iso(cp->today, d));
	if (r->brakes->n > 0) {
		fputs("*** A live run would stop here and send nothing: ***\n",
		    fp);
		for (i = 0; i < r->brakes->n; i++)
			fprintf(fp, "***   %s\n", r->brakes->v[i]);
		fputs("*** Check the exports; --force sends anyway. ***\n\n", fp);
	}
	for (a = 0; a < cp->nagencies; a++)
		report_agency_text(fp, r->conf, cp, &cp->agency[a]);
	if (cp->nagencies == 0)
		fputs("No active staff.\n\n", fp);
	text_people(fp, r, ST_EXPIRING, "Expiring");
	text_people(fp, r, ST_EXPIRED, "Expired");
	text_people(fp, r, ST_MISSING, "Missing a required certification");
	text_notices(fp, r);
	text_inputs(fp, r);
	return ferror(fp) ? -1 : 0;
}

/* The JSON report, schema 1. */

/* A day as a JSON string, "YYYY-MM-DD", in buf; its length. */
static size_t
json_quoted_day(day_t d, char buf[DATE_ISO_LEN + 2])
{
	buf[0] = '"';
	date_iso(d, buf + 1);
	buf[DATE_ISO_LEN] = '"';
	return DATE_ISO_LEN + 1;
}

static void
json_day(FILE *fp, day_t d)
{
	char buf[DATE_ISO_LEN + 2];

	if (d == DAY_NONE)
		fputs_unlocked("null", fp);
	else
		fwrite_unlocked(buf, 1, json_quoted_day(d, buf), fp);
}

static void
json_agencies(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	size_t a, k;

	fputs("  \"agencies\": [", fp);
	for (a = 0; a < cp->nagencies; a++) {
		const struct agency_tally *ag = &cp->agency[a];

		fputs(a ? ",\n    { \"name\": " : "\n    { \"name\": ", fp);
		json_string(fp, ag->name);
		fprintf(fp, ", \"sworn\": %d, \"active\": %d,\n"
		    "      \"certifications\": [", ag->sworn, ag->active);
		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &ag->cert[k];

			fputs(k ? ",\n        { \"name\": " :
			    "\n        { \"name\": ", fp);
			json_string(fp, c->certs[k].name);
			fprintf(fp, ", \"threshold_pct\": %d, \"required\": %d, "
			    "\"valid\": %d, \"current\": %d, \"expiring\": %d, "
			    "\"expired\": %d, \"missing\": %d, \"met\": %s, "
			    "\"shortfall\": %d, \"breaks_on\": ",
			    c->certs[k].threshold_pct, t->required, t->valid,
			    t->current, t->expiring, t->expired, t->missing,
			    t->met ? "true" : "false", t->shortfall);
			json_day(fp, t->forecast.breaks_on);
			fprintf(fp, ", \"needed_for_horizon\": %d",
			    t->forecast.needed_for_horizon);
			if (c->certs[k].required_for_selected)
				fprintf(fp, ", \"selected_total\": %d, "
				    "\"selected_valid\": %d", t->selected_total,
				    t->selected_valid);
			fputs(" }", fp);
		}
		fputs(" ] }", fp);
	}
	fputs(cp->nagencies ? " ],\n" : "],\n", fp);
}

/* The people list is most of a large report: it is built in a buffer of
 * its own and written in large pieces. */
struct jbuf {
	FILE	*fp;
	size_t	 n;
	char	 b[64 * 1024];
};

static void
jb_flush(struct jbuf *j)
{
	fwrite_unlocked(j->b, 1, j->n, j->fp);
	j->n = 0;
}

static void
jb_add(struct jbuf *j, const char *s, size_t n)
{
	if (j->n + n > sizeof(j->b))
		jb_flush(j);
	if (n > sizeof(j->b)) {
		fwrite_unlocked(s, 1, n, j->fp);
		return;
	}
	memcpy(j->b + j->n, s, n);
	j->n += n;
}

#define JB_LIT(j, lit)	jb_add((j), (lit), sizeof(lit) - 1)

static struct jbuf *
jb_open(FILE *fp)
{
	struct jbuf *j = xmalloc(sizeof(*j));

	j->fp = fp;
	j->n = 0;
	return j;
}

static void
jb_close(struct jbuf *j)
{
	jb_flush(j);
	free(j);
}

static void
jb_day(struct jbuf *j, day_t d)
{
	char buf[DATE_ISO_LEN + 2];

	jb_add(j, buf, json_quoted_day(d, buf));
}

static void
jb_string(struct jbuf *j, const char *s)
{
	char esc[8];
	size_t n;

	JB_LIT(j, "\"");
	for (;;) {
		n = json_plain(s);
		jb_add(j, s, n);
		if (s[n] == '\0')
			break;
		jb_add(j, esc, json_escape((unsigned char)s[n], esc));
		s += n + 1;
	}
	JB_LIT(j, "\"");
}

static void
jb_long(struct jbuf *j, long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jb_add(j, p, (size_t)(buf + sizeof(buf) - p));
}

static void
json_people(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	struct jbuf *j = jb_open(fp);
	size_t i, k;
	bool first = true;

	JB_LIT(j, "  \"people\": [");
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active)
			continue;
		if (first)
			JB_LIT(j, "\n    { \"id\": ");
		else
			JB_LIT(j, ",\n    { \"id\": ");
		first = false;
		jb_string(j, p->id);
		JB_LIT(j, ", \"name\": ");
		jb_string(j, p->name);
		JB_LIT(j, ", \"agency\": ");
		jb_string(j, pp->agency[p->agency]);
		if (p->sworn)
			JB_LIT(j, ", \"sworn\": true");
		else
			JB_LIT(j, ", \"sworn\": false");
		if (p->selected)
			JB_LIT(j, ", \"selected\": true, \"certs\": {");
		else
			JB_LIT(j, ", \"selected\": false, \"certs\": {");
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			const char *st = status_name(status_of(e, cp->today,
			    cp->warn_days));

			jb_add(j, k ? ", " : " ", k ? 2 : 1);
			jb_string(j, c->certs[k].name);
			JB_LIT(j, ": { \"status\": \"");
			jb_add(j, st, strlen(st));
			JB_LIT(j, "\"");
			if (e != DAY_NONE && e != DAY_FOREVER) {
				JB_LIT(j, ", \"expires\": ");
				jb_day(j, e);
				JB_LIT(j, ", \"days_left\": ");
				jb_long(j, (long)e - cp->today);
			}
			JB_LIT(j, " }");
		}
		JB_LIT(j, " } }");
	}
	if (first)
		JB_LIT(j, "],\n");
	else
		JB_LIT(j, " ],\n");
	jb_close(j);
}

static void
jb_to(struct jbuf *j, const char *to)
{
	JB_LIT(j, ", \"to\": [");
	if (to != NULL) {
		jb_string(j, to);
		JB_LIT(j, "]");
	} else
		JB_LIT(j, "], \"unreachable\": true");
}

static void
json_notices(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct notice_plan *np = r->plan;
	struct jbuf *j = jb_open(fp);
	const char *kind;
	char stage[16];
	size_t i, m;

	JB_LIT(j, "  \"notices\": [");
	for (i = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];

		if (i)
			JB_LIT(j, ",");
		JB_LIT(j, "\n    { \"kind\": \"");
		kind = notice_kind_name(n->kind);
		jb_add(j, kind, strlen(kind));
		JB_LIT(j, "\"");
		switch (n->kind) {
		case NOTICE_REMINDER:
		case NOTICE_EXPIRED:
		case NOTICE_MISSING:
			JB_LIT(j, ", \"person\": ");
			jb_string(j, pp->v[n->person].id);
			JB_LIT(j, ", \"cert\": ");
			jb_string(j, c->certs[n->cert].name);
			notice_stage(n, stage);
			JB_LIT(j, ", \"stage\": \"");
			jb_add(j, stage, strlen(stage));
			JB_LIT(j, "\"");
			if (n->expires != DAY_NONE && n->expires != DAY_FOREVER) {
				JB_LIT(j, ", \"expires\": ");
				jb_day(j, n->expires);
			}
			jb_to(j, n->to);
			break;
		case NOTICE_DIGEST:
			JB_LIT(j, ", \"supervisor\": ");
			jb_string(j, n->supervisor);
			jb_to(j, n->to);
			JB_LIT(j, ", \"people\": [");
			for (m = 0; m < n->nmembers; m++) {
				if (m)
					JB_LIT(j, ", ");
				jb_string(j, pp->v[n->members[m]].id);
			}
			JB_LIT(j, "]");
			break;
		case NOTICE_SUMMARY:
			JB_LIT(j, ", \"to\": [");
			for (m = 0; m < c->mail.summary_to.n; m++) {
				if (m)
					JB_LIT(j, ", ");
				jb_string(j, c->mail.summary_to.v[m]);
			}
			JB_LIT(j, "]");
			if (c->mail.summary_to.n == 0)
				JB_LIT(j, ", \"unreachable\": true");
			break;
		}
		JB_LIT(j, " }");
	}
	if (np->n)
		JB_LIT(j, " ],\n");
	else
		JB_LIT(j, "],\n");
	jb_close(j);
}

static void
json_strlist(FILE *fp, const char *key, const struct strlist *l, bool last)
{
	size_t i;

	fprintf(fp, "  \"%s\": [", key);
	for (i = 0; i < l->n; i++) {
		if (i)
			fputs(", ", fp);
		json_string(fp, l->v[i]);
	}
	fputs(last ? "]\n" : "],\n", fp);
}

int
report_json(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	char d[DATE_ISO_LEN];
	size_t i;

	fprintf(fp, "{\n  \"schema\": 1,\n  \"today\": \"%s\",\n",
	    date_iso(r->compliance->today, d));
	json_agencies(fp, r);
	json_people(fp, r);
	json_notices(fp, r);
	fputs("  \"inputs\": {\n    \"roster\": ", fp);
	if (r->roster_file != NULL) {
		fputs("{ \"file\": ", fp);
		json_string(fp, path_basename(r->roster_file));
		fprintf(fp, ", \"rows\": %lu, \"rejected\": %lu }",
		    r->roster->rows, r->roster->rejected);
	} else
		fputs("null", fp);
	fputs(",\n    \"training\": { \"file\": ", fp);
	json_string(fp, path_basename(r->training_file));
	fprintf(fp, ", \"rows\": %lu, \"rejected\": %lu, \"unmatched\": %lu, "
	    "\"other_courses\": %lu } },\n", t->rows, t->rejected,
	    t->unmatched, t->other_courses);
	fputs("  \"problems\": [", fp);
	for (i = 0; i < r->problems->n; i++) {
		const struct problem *p = &r->problems->v[i];

		fputs(i ? ",\n    { \"file\": " : "\n    { \"file\": ", fp);
		json_string(fp, p->file);
		fprintf(fp, ", \"line\": %lu, \"message\": ", p->line);
		json_string(fp, p->message);
		fputs(" }", fp);
	}
	fputs(r->problems->n ? " ],\n" : "],\n", fp);
	fprintf(fp, "  \"problems_not_listed\": %zu,\n", r->problems->dropped);
	json_strlist(fp, "warnings", r->warnings, false);
	json_strlist(fp, "brakes", r->brakes, true);
	fputs("}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* The CSV report: a row per active person and certification. */

int
report_csv(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	char d[DATE_ISO_LEN];
	size_t i, k;

	fputs("agency,id,name,unit,sworn,selected,certification,status,"
	    "expires,days_left\r\n", fp);
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);

			csv_cell(fp, pp->agency[p->agency]);
			putc(',', fp);
			csv_cell(fp, p->id);
			putc(',', fp);
			csv_cell(fp, p->name);
			putc(',', fp);
			csv_cell(fp, p->unit ? p->unit : "");
			fprintf(fp, ",%s,%s,", p->sworn ? "yes" : "no",
			    p->selected ? "yes" : "no");
			csv_cell(fp, c->certs[k].name);
			fprintf(fp, ",%s,", status_name(status_of(e, cp->today,
			    cp->warn_days)));
			if (e != DAY_NONE && e != DAY_FOREVER)
				fprintf(fp, "%s,%ld", date_iso(e, d),
				    (long)e - cp->today);
			else
				putc(',', fp);
			fputs("\r\n", fp);
		}
	}
	return ferror(fp) ? -1 : 0;
}

int
report_check(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	static const char *const label[] = { "OK", "WARNING", "CRITICAL" };
	struct strbuf msg = { 0 }, perf = { 0 };
	size_t a, k;
	int worst = 0;

	for (a = 0; a < cp->nagencies; a++) {
		const struct agency_tally *ag = &cp->agency[a];

		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &ag->cert[k];
			int state = !t->met ? 2 :
			    compliance_breaks_soon(cp, t) ? 1 : 0;
			char d[DATE_ISO_LEN];

			if (state > worst)
				worst = state;
			if (msg.len)
				sb_add(&msg, ", ");
			if (cp->nagencies > 1)
				sb_printf(&msg, "%s ", ag->name);
			sb_printf(&msg, "%s %d/%d", c->certs[k].name, t->valid,
			    t->required);
			if (state == 2)
				sb_printf(&msg, " below %d %%",
				    c->certs[k].threshold_pct);
			else if (state == 1)
				sb_printf(&msg, " breaks %s",
				    date_iso(t->forecast.breaks_on, d));
			sb_printf(&perf, " '%s%s%s'=%d;;%d;0;%d",
			    cp->nagencies > 1 ? ag->name : "",
			    cp->nagencies > 1 ? " " : "", c->certs[k].name,
			    t->valid, t->required, ag->sworn);
		}
	}
	if (r->brakes->n > 0 && worst == 0)
		worst = 1;
	fprintf(fp, "CERTMINDER %s - %s", label[worst],
	    msg.len ? sb_str(&msg) : "no active staff");
	if (r->brakes->n > 0)
		fprintf(fp, "; inputs look broken: %s", r->brakes->v[0]);
	fprintf(fp, " |%s\n", sb_str(&perf));
	sb_free(&msg);
	sb_free(&perf);
	return worst;
}
