#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "report.h"
#include "schedule.h"
#include "strbuf.h"
#include "text.h"

#define LIST_SHOWN 50	/* titles or ids the text report names */

/* Length of the start of s that a JSON string holds as it is. */
bool
report_has_agency(const struct report *r, uint32_t agency)
{
	return !r->one_agency || agency == r->agency;
}

bool
report_has_person(const struct report *r, uint32_t person)
{
	return report_has_agency(r, r->people->v[person].agency);
}

/* An officer's notice by its person, a digest by any of its people; the
 * summary always. */
static bool
report_has_notice(const struct report *r, const struct notice *n)
{
	size_t m;

	if (n->kind == NOTICE_SUMMARY)
		return true;
	if (n->kind != NOTICE_DIGEST)
		return report_has_person(r, n->person);
	for (m = 0; m < n->digest->nmembers; m++)
		if (report_has_person(r, n->digest->members[m]))
			return true;
	return false;
}

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
		fputs("null", fp);
		return;
	}
	putc('"', fp);
	for (;;) {
		n = json_plain(s);
		fwrite(s, 1, n, fp);
		if (s[n] == '\0')
			break;
		fwrite(esc, 1, json_escape((unsigned char)s[n], esc), fp);
		s += n + 1;
	}
	putc('"', fp);
}


void
csv_cell_n(FILE *fp, const char *s, size_t n)
{
	bool formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r' || s[0] == '|');
	bool quote = formula;
	size_t i;

	for (i = 0; i < n && !quote; i++)
		quote = strchr(",\"\r\n;\t", s[i]) != NULL && s[i] != '\0';
	if (quote)
		putc('"', fp);
	if (formula)
		putc('\'', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	if (quote)
		putc('"', fp);
}

void
csv_cell(FILE *fp, const char *s)
{
	if (s != NULL)
		csv_cell_n(fp, s, strlen(s));
}

void
csv_person(FILE *fp, const struct people *pp, const struct person *p)
{
	csv_cell(fp, pp->agency[p->agency]);
	putc(',', fp);
	csv_cell(fp, p->id);
	putc(',', fp);
	csv_cell(fp, p->name);
}

void
forecast_words(struct strbuf *sb, const struct compliance *cp,
    const struct conf_cert *ct, const struct cert_tally *t)
{
	const struct forecast *fc = &t->forecast;
	char d[DATE_ISO_LEN], h[DATE_ISO_LEN];

	if (t->required == 0 && !t->met) {
		sb_printf(sb, "%s: no sworn officers, so no pledge figure.",
		    ct->name);
		return;
	}
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

/* valid of sworn as a percent to one decimal, cut, never rounded up: 99.96
 * % is "99.9 %", not a pledge met; "-" without sworn officers. */
const char *
report_coverage(char buf[24], int valid, int sworn)
{
	int tenths;

	if (sworn <= 0)
		return "-";
	tenths = (int)((long long)valid * 1000 / sworn);
	snprintf(buf, 24, "%d.%d %%", tenths / 10, tenths % 10);
	return buf;
}

bool
report_has_problem(const struct report *r, const struct problem *p)
{
	return !r->one_agency || p->agency == NULL ||
	    strcmp(p->agency, r->compliance->agency[r->agency].name) == 0;
}

bool
report_groups_named(const struct agency_tally *g, size_t n, uint32_t a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (g[i].agency == a && g[i].name != NULL)
			return true;
	return false;
}

/* Each unit's or shift's figures within agency a, when it has any named. */
static void
groups_text(FILE *fp, const struct conf *c, const char *what,
    const struct agency_tally *g, size_t n, uint32_t a)
{
	char cov[24];
	size_t i, k;

	if (!report_groups_named(g, n, a))
		return;
	fprintf(fp, "  By %s:\n    ", what);
	str_pad(fp, what[0] == 'u' ? "Unit" : "Shift", 16);
	fprintf(fp, " %5s", "Sworn");
	for (k = 0; k < c->ncerts; k++)
		fprintf(fp, " %14s", c->certs[k].name);
	fputc('\n', fp);
	for (i = 0; i < n; i++) {
		if (g[i].agency != a)
			continue;
		fputs("    ", fp);
		str_pad(fp, g[i].name ? g[i].name : "(none given)", 16);
		fprintf(fp, " %5d", g[i].sworn);
		for (k = 0; k < c->ncerts; k++) {
			char both[40];

			snprintf(both, sizeof(both), "%d %s", g[i].cert[k].valid,
			    report_coverage(cov, g[i].cert[k].valid, g[i].sworn));
			fprintf(fp, " %14s", both);
		}
		fputc('\n', fp);
	}
}

void
report_agency_text(FILE *fp, const struct conf *c,
    const struct compliance *cp, const struct agency_tally *a)
{
	const struct agency_tally *g;
	size_t k, n;

	fprintf(fp, "%s: %d sworn (%d active)\n", a->name, a->sworn, a->active);
	fprintf(fp, "  %-14s %8s %6s %9s %7s  %s\n", "Certification",
	    "Required", "Valid", "Coverage", "Target", "Met");
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &a->cert[k];
		char cov[24];

		fprintf(fp, "  %-14s %8d %6d %9s %5d %%  ", c->certs[k].name,
		    t->required, t->valid, report_coverage(cov, t->valid, a->sworn),
		    c->certs[k].threshold_pct);
		if (a->sworn == 0)
			fputs("no sworn officers\n", fp);
		else if (t->met)
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
	g = compliance_units(cp, a->agency, &n);
	groups_text(fp, c, "unit", g, n, a->agency);
	g = compliance_shifts(cp, a->agency, &n);
	groups_text(fp, c, "shift", g, n, a->agency);
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

		if (!p->active || !report_has_person(r, (uint32_t)i))
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);

			if (st != want)
				continue;
			if (st == ST_MISSING &&
			    !notice_must_hold(&c->certs[k], p))
				continue;
			if (count++ == 0)
				fprintf(fp, "%s\n", title);
			fputs("  ", fp);
			str_pad(fp, p->id, 10);
			putc(' ', fp);
			str_pad(fp, p->name, 28);
			putc(' ', fp);
			str_pad(fp, c->certs[k].name, 6);
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
			else if (notice_in_grace(c, p, cp->today))
				fprintf(fp, " new hire, in grace until %s",
				    date_iso(p->hired + c->new_hire_grace_days,
				    d));
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

/* A digest's supervisor as the plan names them: "Sam Sergeant (00900)",
 * or "supervisor 999" when no one on the roster has the id. */
static void
text_supervisor(FILE *fp, const struct people *pp, const char *key)
{
	uint32_t s = people_find_key(pp, key);

	if (s != NO_PERSON)
		fprintf(fp, "%s (%s)", pp->v[s].name, pp->v[s].id);
	else
		fprintf(fp, "supervisor %s", people_key_id(key));
}

static void
text_notices(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct notice_plan *np = r->plan;
	char d[DATE_ISO_LEN];
	size_t i, j, shown;

	for (i = shown = 0; i < np->n; i++)
		shown += report_has_notice(r, &np->v[i]);
	if (shown == 0) {
		fputs("No notices are due.\n\n", fp);
		return;
	}
	fprintf(fp, "Notices that would be sent (%zu)\n", shown);
	for (i = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];
		const struct person *p = n->person != NO_PERSON ?
		    &pp->v[n->person] : NULL;

		if (!report_has_notice(r, n))
			continue;
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
			fprintf(fp, "  digest    %zu %s for ", n->digest->nmembers,
			    plural((int)n->digest->nmembers, "person", "people"));
			text_supervisor(fp, pp, n->digest->supervisor);
			if (n->to == NULL) {
				fprintf(fp, " (%s)\n", notice_gap_words(
				    notice_digest_gap(pp, n->digest)));
				continue;
			}
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

/* Titles or ids with their rows, most first: the first LIST_SHOWN. */
static void
text_counted(FILE *fp, const char *heading, const struct other_title *v,
    size_t n, size_t all, const char *more)
{
	size_t i, shown = n < LIST_SHOWN ? n : LIST_SHOWN;

	if (shown == 0)
		return;
	fprintf(fp, "  %s:\n", heading);
	for (i = 0; i < shown; i++)
		fprintf(fp, "    %9lu  %s\n", v[i].rows, v[i].title);
	if (all > shown)
		fprintf(fp, "    and %zu more %s\n", all - shown, more);
}

/* The titles counted as no certification (a misspelt MHFA shows here) and
 * the training ids that match nobody on the roster. */
static void
text_other_titles(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;

	text_counted(fp, "Other courses, counted for no certification (rows, "
	    "title)", t->other_titles, t->n_other_titles, t->n_other_titles_all,
	    "titles");
	text_counted(fp, "Training ids that match nobody on the roster (rows, "
	    "id)", t->unmatched_ids, t->n_unmatched_ids, t->n_unmatched_ids_all,
	    "ids");
	text_counted(fp, "Not completed, waived or exempt, counted for nothing "
	    "(rows, status)", t->not_completed, t->n_not_completed,
	    t->n_not_completed, "values");
}

/* What a counted title is beside the course itself: "" or words in
 * parentheses. */
const char *
report_title_kind(const struct cert_title *ti)
{
	return ti->renewal ? " (renewal)" : ti->equivalent ?
	    " (equivalent)" : "";
}

/* The titles counted for each certification, so that an over-match shows:
 * "MHFA: 120 rows, 118 people  Mental Health First Aid for Public Safety". */
static void
text_cert_titles(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	size_t i, shown = 0;

	for (i = 0; i < t->n_cert_titles; i++) {
		const struct cert_title *ti = &t->cert_titles[i];

		if (ti->rows == 0)
			continue;
		if (shown++ == 0)
			fputs("  Titles counted (certification, rows, people, "
			    "title):\n", fp);
		fprintf(fp, "    %-6s %9lu %7lu  %s%s\n",
		    r->conf->certs[ti->cert].name, ti->rows, ti->people,
		    ti->title, report_title_kind(ti));
	}
}

static void
text_inputs(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	size_t i;

	fputs("Input\n", fp);
	if (r->roster_file != NULL)
		fprintf(fp, "  %s: %lu %s, %lu rejected\n",
		    path_basename(r->roster_file), r->roster->rows,
		    plural((long)r->roster->rows, "row", "rows"),
		    r->roster->rejected);
	fprintf(fp, "  %s: %lu %s, %lu rejected, %lu unmatched, %lu other "
	    "%s\n", path_basename(r->training_file), t->rows,
	    plural((long)t->rows, "row", "rows"), t->rejected, t->unmatched,
	    t->other_courses, plural((long)t->other_courses, "course",
	    "courses"));
	text_cert_titles(fp, r);
	text_other_titles(fp, r);
	for (i = 0; i < r->warnings->n; i++)
		fprintf(fp, "  Note: %s\n", r->warnings->v[i]);
	if (r->problems->n > 0) {
		fputs("\nProblems\n", fp);
		for (i = 0; i < r->problems->n; i++) {
			const struct problem *p = &r->problems->v[i];

			if (report_has_problem(r, p))
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
	if (r->refusals->n > 0) {
		fputs("*** These numbers cannot be trusted, and a live run sends "
		    "nothing: ***\n", fp);
		for (i = 0; i < r->refusals->n; i++)
			fprintf(fp, "***   %s\n", r->refusals->v[i]);
		fputs("*** --force does not override this. ***\n\n", fp);
	}
	if (r->brakes->n > 0) {
		fputs("*** A live run would stop here and send nothing: ***\n",
		    fp);
		for (i = 0; i < r->brakes->n; i++)
			fprintf(fp, "***   %s\n", r->brakes->v[i]);
		fputs("*** Check the exports; --force sends anyway. ***\n\n", fp);
	}
	for (a = 0; a < cp->nagencies; a++)
		if (report_has_agency(r, (uint32_t)a))
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

static const char *
encoding_name(enum encoding e)
{
	return e == ENC_CP1252 ? "windows-1252" : "utf-8";
}

/* A day as a JSON string, "YYYY-MM-DD", or null. */
static void
json_day(FILE *fp, day_t d)
{
	char buf[DATE_ISO_LEN];

	if (d == DAY_NONE)
		fputs("null", fp);
	else {
		putc('"', fp);
		fputs(date_iso(d, buf), fp);
		putc('"', fp);
	}
}

/* A number, as printf's %ld writes it, without printf's cost: the people
 * list holds two for each person and certification. */
static void
json_long(FILE *fp, long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	fputs(p, fp);
}

/* Agency a's units or shifts: name (null: none given), sworn, active, and
 * each certification's figures. */
static void
json_groups(FILE *fp, const struct conf *c, const struct agency_tally *g,
    size_t n, uint32_t a)
{
	size_t i, k;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (g[i].agency != a)
			continue;
		fputs(first ? "\n        { \"name\": " : ",\n        { \"name\": ",
		    fp);
		first = false;
		if (g[i].name)
			json_string(fp, g[i].name);
		else
			fputs("null", fp);
		fprintf(fp, ", \"sworn\": %d, \"active\": %d, "
		    "\"certifications\": [", g[i].sworn, g[i].active);
		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &g[i].cert[k];

			fputs(k ? ", { \"name\": " : "{ \"name\": ", fp);
			json_string(fp, c->certs[k].name);
			fprintf(fp, ", \"required\": %d, \"valid\": %d, "
			    "\"current\": %d, \"expiring\": %d, \"expired\": %d, "
			    "\"missing\": %d, \"met\": %s, \"shortfall\": %d }",
			    t->required, t->valid, t->current, t->expiring,
			    t->expired, t->missing, t->met ? "true" : "false",
			    t->shortfall);
		}
		fputs("] }", fp);
	}
	if (!first)
		fputs(" ", fp);
}

/* The nights the ledger recorded for one agency and certification. */
static void
json_history(FILE *fp, const struct report *r, size_t i)
{
	const struct pledge_history *h = r->history;
	size_t j, n = h != NULL && i < h->len ? h->n[i] : 0;

	fputs(",\n          \"history\": [", fp);
	for (j = 0; j < n; j++) {
		const struct figure *f = &h->v[i][j];

		fputs(j ? ",\n            { \"date\": " :
		    "\n            { \"date\": ", fp);
		json_day(fp, f->day);
		fprintf(fp, ", \"sworn\": %d, \"valid\": %d, \"required\": %d, "
		    "\"met\": %s }", f->sworn, f->valid, f->required,
		    f->met ? "true" : "false");
	}
	fputs(n ? " ]" : "]", fp);
}

static void
json_agencies(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	const struct agency_tally *g;
	size_t a, k, shown = 0, ng;

	fputs("  \"agencies\": [", fp);
	for (a = 0; a < cp->nagencies; a++) {
		const struct agency_tally *ag = &cp->agency[a];

		if (!report_has_agency(r, (uint32_t)a))
			continue;
		fputs(shown++ ? ",\n    { \"name\": " : "\n    { \"name\": ",
		    fp);
		json_string(fp, ag->name);
		fprintf(fp, ", \"sworn\": %d, \"active\": %d,%s\n"
		    "      \"certifications\": [", ag->sworn, ag->active,
		    ag->sworn == 0 ? " \"no_sworn_officers\": true," : "");
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
			json_history(fp, r, a * c->ncerts + k);
			fputs(" }", fp);
		}
		fputs(" ],\n      \"units\": [", fp);
		g = compliance_units(cp, (uint32_t)a, &ng);
		json_groups(fp, c, g, ng, (uint32_t)a);
		fputs("],\n      \"shifts\": [", fp);
		g = compliance_shifts(cp, (uint32_t)a, &ng);
		json_groups(fp, c, g, ng, (uint32_t)a);
		fputs("] }", fp);
	}
	fputs(shown ? " ],\n" : "],\n", fp);
}

static void
json_people(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	size_t i, k;
	bool first = true;

	fputs("  \"people\": [", fp);
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active || !report_has_person(r, (uint32_t)i))
			continue;
		if (first)
			fputs("\n    { \"id\": ", fp);
		else
			fputs(",\n    { \"id\": ", fp);
		first = false;
		json_string(fp, p->id);
		fputs(", \"name\": ", fp);
		json_string(fp, p->name);
		fputs(", \"agency\": ", fp);
		json_string(fp, pp->agency[p->agency]);
		if (p->sworn)
			fputs(", \"sworn\": true", fp);
		else
			fputs(", \"sworn\": false", fp);
		if (notice_in_grace(c, p, cp->today)) {
			fputs(", \"grace_until\": ", fp);
			json_day(fp, p->hired + c->new_hire_grace_days);
		}
		if (p->selected)
			fputs(", \"selected\": true, \"certs\": {", fp);
		else
			fputs(", \"selected\": false, \"certs\": {", fp);
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			const char *st = status_name(status_of(e, cp->today,
			    cp->warn_days));

			fputs(k ? ", " : " ", fp);
			json_string(fp, c->certs[k].name);
			fputs(": { \"status\": \"", fp);
			fputs(st, fp);
			fputs("\"", fp);
			if (e != DAY_NONE && e != DAY_FOREVER) {
				fputs(", \"expires\": ", fp);
				json_day(fp, e);
				fputs(", \"days_left\": ", fp);
				json_long(fp, (long)e - cp->today);
			}
			fputs(" }", fp);
		}
		fputs(" } }", fp);
	}
	if (first)
		fputs("],\n", fp);
	else
		fputs(" ],\n", fp);
}

static void
json_to(FILE *fp, const char *to)
{
	fputs(", \"to\": [", fp);
	if (to != NULL) {
		json_string(fp, to);
		fputs("]", fp);
	} else
		fputs("], \"unreachable\": true", fp);
}

static void
json_notices(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct notice_plan *np = r->plan;
	const char *kind;
	char stage[16];
	size_t i, m, shown;

	fputs("  \"notices\": [", fp);
	for (i = shown = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];

		if (!report_has_notice(r, n))
			continue;
		if (shown++)
			fputs(",", fp);
		fputs("\n    { \"kind\": \"", fp);
		kind = notice_kind_name(n->kind);
		fputs(kind, fp);
		fputs("\"", fp);
		switch (n->kind) {
		case NOTICE_REMINDER:
		case NOTICE_EXPIRED:
		case NOTICE_MISSING:
			fputs(", \"person\": ", fp);
			json_string(fp, pp->v[n->person].id);
			fputs(", \"cert\": ", fp);
			json_string(fp, c->certs[n->cert].name);
			notice_stage(n, stage);
			fputs(", \"stage\": \"", fp);
			fputs(stage, fp);
			fputs("\"", fp);
			if (n->expires != DAY_NONE && n->expires != DAY_FOREVER) {
				fputs(", \"expires\": ", fp);
				json_day(fp, n->expires);
			}
			json_to(fp, n->to);
			break;
		case NOTICE_DIGEST:
			fputs(", \"supervisor\": ", fp);
			json_string(fp, people_key_id(n->digest->supervisor));
			json_to(fp, n->to);
			fputs(", \"people\": [", fp);
			for (m = 0; m < n->digest->nmembers; m++) {
				if (m)
					fputs(", ", fp);
				json_string(fp, pp->v[n->digest->members[m]].id);
			}
			fputs("]", fp);
			break;
		case NOTICE_SUMMARY:
			fputs(", \"to\": [", fp);
			for (m = 0; m < c->mail.summary_to.n; m++) {
				if (m)
					fputs(", ", fp);
				json_string(fp, c->mail.summary_to.v[m]);
			}
			fputs("]", fp);
			if (c->mail.summary_to.n == 0)
				fputs(", \"unreachable\": true", fp);
			break;
		}
		fputs(" }", fp);
	}
	if (shown)
		fputs(" ],\n", fp);
	else
		fputs("],\n", fp);
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

/* "counted_titles": each title counted toward a certification, with its
 * rows and people; "uncounted_titles": those with rows under the hours
 * minimum or of 0 hours, which count for nothing. */
static void
json_cert_titles(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	const struct cert_title *ti;
	size_t i, n = 0;

	fputs("      \"counted_titles\": [", fp);
	for (i = 0; i < t->n_cert_titles; i++) {
		ti = &t->cert_titles[i];
		if (ti->rows == 0)
			continue;
		fputs(n++ ? ",\n        { \"certification\": " :
		    "\n        { \"certification\": ", fp);
		json_string(fp, r->conf->certs[ti->cert].name);
		fputs(", \"title\": ", fp);
		json_string(fp, ti->title);
		fprintf(fp, ", \"rows\": %lu, \"people\": %lu, \"renewal\": "
		    "%s, \"equivalent\": %s }", ti->rows, ti->people,
		    ti->renewal ? "true" : "false",
		    ti->equivalent ? "true" : "false");
	}
	fputs(n ? " ],\n      \"uncounted_titles\": [" :
	    "],\n      \"uncounted_titles\": [", fp);
	for (i = n = 0; i < t->n_cert_titles; i++) {
		const struct conf_cert *ct;

		ti = &t->cert_titles[i];
		ct = &r->conf->certs[ti->cert];
		if (ti->short_rows + ti->zero_rows == 0)
			continue;
		fputs(n++ ? ",\n        { \"certification\": " :
		    "\n        { \"certification\": ", fp);
		json_string(fp, ct->name);
		fputs(", \"title\": ", fp);
		json_string(fp, ti->title);
		fprintf(fp, ", \"renewal\": %s, \"zero_hours_rows\": %lu, "
		    "\"under_min_hours_rows\": %lu, \"min_hours\": %d }",
		    ti->renewal ? "true" : "false", ti->zero_rows,
		    ti->short_rows, ti->renewal ? ct->renewal_min_hours :
		    ct->min_hours);
	}
	fputs(n ? " ]" : "]", fp);
}

int
report_json(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	char d[DATE_ISO_LEN];
	size_t i, n;

	fprintf(fp, "{\n  \"schema\": 1,\n  \"today\": \"%s\",\n",
	    date_iso(r->compliance->today, d));
	json_agencies(fp, r);
	json_people(fp, r);
	json_notices(fp, r);
	fputs("  \"inputs\": {\n    \"roster\": ", fp);
	if (r->roster_file != NULL) {
		fputs("{ \"file\": ", fp);
		json_string(fp, path_basename(r->roster_file));
		fprintf(fp, ", \"rows\": %lu, \"rejected\": %lu, \"encoding\": "
		    "\"%s\" }", r->roster->rows, r->roster->rejected,
		    encoding_name(r->roster->encoding));
	} else
		fputs("null", fp);
	fputs(",\n    \"training\": { \"file\": ", fp);
	json_string(fp, path_basename(r->training_file));
	fprintf(fp, ", \"rows\": %lu, \"rejected\": %lu, \"unmatched\": %lu, "
	    "\"other_courses\": %lu, \"encoding\": \"%s\",\n"
	    "      \"other_titles\": [", t->rows, t->rejected, t->unmatched,
	    t->other_courses, encoding_name(t->encoding));
	for (i = 0; i < t->n_other_titles; i++) {
		fputs(i ? ", { \"title\": " : "{ \"title\": ", fp);
		json_string(fp, t->other_titles[i].title);
		fprintf(fp, ", \"rows\": %lu }", t->other_titles[i].rows);
	}
	fputs("],\n      \"unmatched_ids\": [", fp);
	for (i = 0; i < t->n_unmatched_ids; i++) {
		fputs(i ? ", { \"id\": " : "{ \"id\": ", fp);
		json_string(fp, t->unmatched_ids[i].title);
		fprintf(fp, ", \"rows\": %lu }", t->unmatched_ids[i].rows);
	}
	fputs("],\n      \"not_completed\": [", fp);
	for (i = 0; i < t->n_not_completed; i++) {
		fputs(i ? ", { \"value\": " : "{ \"value\": ", fp);
		json_string(fp, t->not_completed[i].title);
		fprintf(fp, ", \"rows\": %lu }", t->not_completed[i].rows);
	}
	fputs("],\n", fp);
	json_cert_titles(fp, r);
	fputs(" } },\n", fp);
	fputs("  \"problems\": [", fp);
	for (i = n = 0; i < r->problems->n; i++) {
		const struct problem *p = &r->problems->v[i];

		if (!report_has_problem(r, p))
			continue;
		fputs(n++ ? ",\n    { \"file\": " : "\n    { \"file\": ", fp);
		json_string(fp, p->file);
		fprintf(fp, ", \"line\": %lu, \"message\": ", p->line);
		json_string(fp, p->message);
		fputs(" }", fp);
	}
	fputs(n ? " ],\n" : "],\n", fp);
	fprintf(fp, "  \"problems_not_listed\": %zu,\n", r->problems->dropped);
	json_strlist(fp, "warnings", r->warnings, false);
	json_strlist(fp, "refusals", r->refusals, false);
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
	    "expires,days_left,shift\r\n", fp);
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active || !report_has_person(r, (uint32_t)i))
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);

			csv_person(fp, pp, p);
			putc(',', fp);
			csv_cell(fp, p->unit);
			fprintf(fp, ",%s,%s,", p->sworn ? "yes" : "no",
			    p->selected ? "yes" : "no");
			csv_cell(fp, c->certs[k].name);
			fprintf(fp, ",%s,", status_name(status_of(e, cp->today,
			    cp->warn_days)));
			if (e != DAY_NONE && e != DAY_FOREVER)
				fprintf(fp, "%s,%ld,", date_iso(e, d),
				    (long)e - cp->today);
			else
				fputs(",,", fp);
			csv_cell(fp, p->shift);
			fputs("\r\n", fp);
		}
	}
	return ferror(fp) ? -1 : 0;
}

int
report_schedule(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	struct to_train *v;
	char d[DATE_ISO_LEN], book[96];
	size_t n, i;

	n = schedule_build(c, pp, r->compliance, &v);
	fputs("agency,id,name,certification,need,expires,train_by,book,"
	    "required,unit,supervisor,supervisor_email,email\r\n", fp);
	for (i = 0; i < n; i++) {
		const struct person *p = &pp->v[v[i].person];
		uint32_t s = p->supervisor_key ?
		    people_find_key(pp, p->supervisor_key) : NO_PERSON;

		if (!report_has_person(r, v[i].person))
			continue;
		csv_person(fp, pp, p);
		putc(',', fp);
		csv_cell(fp, c->certs[v[i].cert].name);
		fprintf(fp, ",%s,%s,", schedule_need_name(v[i].need),
		    v[i].expires != DAY_NONE ? date_iso(v[i].expires, d) : "");
		fprintf(fp, "%s,", date_iso(v[i].train_by, d));
		schedule_book(&c->certs[v[i].cert], &v[i], book, sizeof(book));
		csv_cell(fp, book);
		fprintf(fp, ",%s,", v[i].required ? "yes" : "no");
		csv_cell(fp, p->unit);
		putc(',', fp);
		csv_cell(fp, s != NO_PERSON ? pp->v[s].name : p->supervisor_id);
		putc(',', fp);
		csv_cell(fp, s != NO_PERSON && pp->v[s].email ? pp->v[s].email :
		    p->supervisor_email);
		putc(',', fp);
		csv_cell(fp, p->email);
		fputs("\r\n", fp);
	}
	free(v);
	return ferror(fp) ? -1 : 0;
}

/* The --check line's words before the performance data stay under this,
 * the worst items first, then how many more; the first line as a whole
 * stays under CHECK_LINE_MAX, the rest of the figures on the lines after
 * it, as Nagios' multi-line output has them. */
#define CHECK_TEXT_MAX	150
#define CHECK_LINE_MAX	200

/* A --check item's state: 0 OK, 1 breaks soon, 2 not met.  An agency
 * without sworn officers has no pledge figure and is no worse than OK. */
enum check_state { CHECK_OK, CHECK_WARNING, CHECK_CRITICAL, CHECK_UNKNOWN };

static enum check_state
check_state(const struct compliance *cp, const struct agency_tally *ag,
    const struct cert_tally *t)
{
	return ag->sworn == 0 ? CHECK_OK : !t->met ? CHECK_CRITICAL :
	    compliance_breaks_soon(cp, t) ? CHECK_WARNING : CHECK_OK;
}

/* A performance label as Nagios reads it: in single quotes, a quote in it
 * doubled ('Lakeside County Sheriff''s Office MHFA'). */
static void
perf_label(struct strbuf *sb, const char *agency, const char *cert)
{
	const char *p;

	sb_addc(sb, '\'');
	for (p = agency; p != NULL && *p; p++) {
		if (*p == '\'')
			sb_addc(sb, '\'');
		sb_addc(sb, *p);
	}
	if (agency != NULL)
		sb_addc(sb, ' ');
	for (p = cert; *p; p++) {
		if (*p == '\'')
			sb_addc(sb, '\'');
		sb_addc(sb, *p);
	}
	sb_addc(sb, '\'');
}

/* The item of an agency's certification for the words. */
static void
check_item(struct strbuf *item, const struct report *r, size_t a, size_t k,
    enum check_state state)
{
	const struct compliance *cp = r->compliance;
	const struct agency_tally *ag = &cp->agency[a];
	const struct cert_tally *t = &ag->cert[k];
	char d[DATE_ISO_LEN];

	sb_reset(item);
	if (cp->nagencies > 1)
		sb_printf(item, "%s ", ag->name);
	sb_printf(item, "%s %d/%d", r->conf->certs[k].name, t->valid,
	    t->required);
	if (ag->sworn == 0)
		sb_add(item, " no sworn officers");
	else if (state == CHECK_CRITICAL)
		sb_printf(item, " below %d %%", r->conf->certs[k].threshold_pct);
	else if (state == CHECK_WARNING)
		sb_printf(item, " breaks %s", date_iso(t->forecast.breaks_on,
		    d));
}

int
report_check(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	static const char *const label[] = { "OK", "WARNING", "CRITICAL",
	    "UNKNOWN" };
	struct strbuf msg = { 0 }, item = { 0 }, head = { 0 }, tail = { 0 },
	    line = { 0 };
	struct strlist perf = { 0 };	/* the figures past the first line */
	size_t a, k, more = 0, room, i;
	enum check_state state;
	int worst = CHECK_OK, want;
	char d[DATE_ISO_LEN], more_words[32];
	bool full = false;
	long stale;

	/* the ledger first: a night dated wrong, or that sends nothing for
	 * days, is as bad as a threshold broken */
	if (r->last_run != DAY_NONE && r->last_run > cp->today) {
		worst = CHECK_CRITICAL;
		sb_printf(&head, "the last run is dated %s, after today; ",
		    date_iso(r->last_run, d));
	} else if (r->last_delivery != DAY_NONE &&
	    r->last_delivery > cp->today) {
		worst = CHECK_CRITICAL;
		sb_printf(&head, "the last delivery is dated %s, after today; ",
		    date_iso(r->last_delivery, d));
	} else if (r->clock_refusals > 0) {
		worst = r->clock_refusals > 1 ? CHECK_CRITICAL : CHECK_WARNING;
		sb_printf(&head, "%d live %s in a row refused for %s day; ",
		    r->clock_refusals, plural(r->clock_refusals, "run", "runs"),
		    plural(r->clock_refusals, "its", "their"));
	} else if (r->last_refused) {
		worst = CHECK_CRITICAL;
		sb_add(&head, "the last run was refused by the mail server; ");
	} else if (r->last_delivery != DAY_NONE &&
	    (stale = (long)cp->today - r->last_delivery) > 2) {
		worst = stale > 7 ? CHECK_CRITICAL : CHECK_WARNING;
		sb_printf(&head, "no delivery since %s; ",
		    date_iso(r->last_delivery, d));
	}
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < c->ncerts &&
		    report_has_agency(r, (uint32_t)a); k++) {
			state = check_state(cp, &cp->agency[a],
			    &cp->agency[a].cert[k]);
			if ((int)state > worst)
				worst = (int)state;
		}
	if ((r->brakes->n > 0 || r->training->cautions.n > 0) &&
	    worst == CHECK_OK)
		worst = CHECK_WARNING;
	if (r->refusals->n > 0)
		worst = CHECK_UNKNOWN;
	if (r->refusals->n > 0)
		sb_add(&tail, "; not understood (see --dry-run)");
	else if (r->brakes->n > 0)
		sb_add(&tail, "; inputs look broken (see --dry-run)");
	else if (r->training->cautions.n > 0)
		sb_add(&tail, "; inputs not fully checked (see --dry-run)");
	/* the items, worst first, while the words have room for them and
	 * for what follows them; none after one that did not fit */
	room = CHECK_TEXT_MAX - strlen("CERTMINDER CRITICAL - ") - head.len -
	    tail.len - strlen(" and 9999 more");
	for (want = CHECK_CRITICAL; want >= CHECK_OK; want--)
		for (a = 0; a < cp->nagencies; a++)
			for (k = 0; k < c->ncerts; k++) {
				if (!report_has_agency(r, (uint32_t)a))
					continue;
				state = check_state(cp, &cp->agency[a],
				    &cp->agency[a].cert[k]);
				if ((int)state != want)
					continue;
				check_item(&item, r, a, k, state);
				if (full || msg.len + item.len + 2 > room) {
					full = true;
					more++;
					continue;
				}
				sb_printf(&msg, "%s%s", msg.len ? ", " : "",
				    sb_str(&item));
			}
	if (more > 0) {
		snprintf(more_words, sizeof(more_words), " and %zu more", more);
		sb_add(&msg, more_words);
	}
	sb_printf(&line, "CERTMINDER %s - %s%s%s |", label[worst],
	    sb_str(&head), msg.len ? sb_str(&msg) : "no active staff",
	    sb_str(&tail));
	/* every figure in the performance data: as many on the first line
	 * as it holds, the rest after the agencies' lines */
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < c->ncerts &&
		    report_has_agency(r, (uint32_t)a); k++) {
			const struct cert_tally *t = &cp->agency[a].cert[k];

			sb_reset(&item);
			sb_addc(&item, ' ');
			perf_label(&item, cp->nagencies > 1 ?
			    cp->agency[a].name : NULL, c->certs[k].name);
			sb_printf(&item, "=%d;;%d;0;%d", t->valid, t->required,
			    cp->agency[a].sworn);
			if (perf.n == 0 && line.len + item.len <= CHECK_LINE_MAX)
				sb_add(&line, sb_str(&item));
			else
				strlist_add(&perf, sb_str(&item));
		}
	fprintf(fp, "%s\n", sb_str(&line));
	if (perf.n > 0) {
		/* the long text: each agency's figures, a line each */
		for (a = 0; a < cp->nagencies; a++) {
			if (!report_has_agency(r, (uint32_t)a))
				continue;
			sb_reset(&item);
			for (k = 0; k < c->ncerts; k++) {
				const struct cert_tally *t =
				    &cp->agency[a].cert[k];

				sb_printf(&item, "%s%s %d/%d", k ? ", " : ": ",
				    c->certs[k].name, t->valid, t->required);
			}
			if (cp->agency[a].sworn == 0)
				sb_add(&item, ", no sworn officers");
			fprintf(fp, "%s%s\n", cp->agency[a].name,
			    sb_str(&item));
		}
		/* and the figures that did not fit, a line of them at most
		 * CHECK_LINE_MAX long */
		sb_reset(&line);
		sb_add(&line, "|");
		for (i = 0; i < perf.n; i++) {
			if (line.len > 1 &&
			    line.len + strlen(perf.v[i]) > CHECK_LINE_MAX) {
				fprintf(fp, "%s\n", sb_str(&line));
				sb_reset(&line);
			}
			sb_add(&line, perf.v[i]);
		}
		fprintf(fp, "%s\n", sb_str(&line));
	}
	sb_free(&msg);
	sb_free(&item);
	sb_free(&head);
	sb_free(&tail);
	strlist_free(&perf);
	sb_free(&line);
	return worst;
}
