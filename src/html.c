#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "figures.h"
#include "html.h"
#include "strbuf.h"
#include "text.h"

/* The chart's frame, in SVG user units. */
#define CW	720	/* width */
#define CH	250	/* height */
#define PX0	56	/* plot area: left, right, top, bottom */
#define PX1	700
#define PY0	16
#define PY1	206

/* An agency and its people (indexes into the people store). */
struct members {
	uint32_t	 agency;
	const uint32_t	*v;
	size_t		 n;
	const struct place *plan;	/* report_plan(), or NULL */
};

static const char style[] =
    "body{font:14px/1.4 sans-serif;color:#111;margin:1.5em auto;"
    "max-width:60em;padding:0 1em}\n"
    "h1{font-size:1.5em}h2{font-size:1.3em;border-bottom:2px solid #111;"
    "margin-top:2em}h3{font-size:1.1em}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em}\n"
    "th,td{border:1px solid #888;padding:.2em .5em;text-align:left}\n"
    "td.n,th.n{text-align:right}\n"
    ".ok{background:#dff0d8}.bad{background:#f8d7da;font-weight:bold}\n"
    ".warn{background:#fff3cd}\n"
    ".banner{border:3px double #111;padding:.5em 1em;margin:1em 0}\n"
    "figure{margin:1em 0}svg{max-width:100%;height:auto}\n"
    "svg text{font:12px sans-serif}\n"
    "details{margin:.3em 0 1em}\n"
    "@media print{body{max-width:none;margin:0}"
    "section.agency{break-before:page}"
    "section.agency:first-of-type{break-before:auto}"
    "figure,table{break-inside:avoid}details{display:block}"
    "details>*{display:block}}\n"
    "@page{margin:15mm}\n";

void
html_text(FILE *fp, const char *s)
{
	for (; s != NULL && *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			putc(*s, fp);
		}
}

static double
x_of(day_t d, day_t start, day_t end)
{
	return PX0 + (double)(d - start) * (PX1 - PX0) / (double)(end - start);
}

/* The y-axis: 0 to 100 %, or the band the chart's values and threshold
 * lie in, so that a dip from 20 to 18.8 % shows; set by chart(). */
static double axis_lo = 0, axis_hi = 100;

static double
y_pct(double pct)
{
	return PY1 - (pct - axis_lo) * (PY1 - PY0) / (axis_hi - axis_lo);
}

static void
band(double v, double *lo, double *hi)
{
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* Zooms the axis to a band of whole fives around lo..hi when they span
 * less than a quarter of it; else 0 to 100 %. */
static void
set_axis(double lo, double hi)
{
	axis_lo = 0;
	axis_hi = 100;
	if (hi - lo >= 25)
		return;
	axis_lo = 5 * (int)((lo - 5) / 5);
	axis_hi = 5 * (int)((hi + 9.999) / 5);
	if (axis_lo < 0)
		axis_lo = 0;
	if (axis_hi > 100)
		axis_hi = 100;
	if (axis_hi - axis_lo < 10)
		axis_hi = axis_lo + 10 <= 100 ? axis_lo + 10 : 100;
	if (axis_hi - axis_lo < 10)
		axis_lo = axis_hi - 10;
}

static double
y_of(int valid, int sworn)
{
	double pct = sworn > 0 ? 100.0 * valid / sworn : 0;

	return y_pct(pct);
}

/* The first of the recorded nights up to today on which the threshold has
 * been unmet: today without such nights. */
static day_t
unmet_since(const struct figure *hist, size_t n, day_t today)
{
	day_t since = today;

	while (n > 0 && !hist[n - 1].met && hist[n - 1].day <= today)
		since = hist[--n].day;
	return since;
}

enum rows_by { BY_NIGHT, BY_WEEK, BY_MONTH };

/* Whether two days fall in the same row: the same night, the same week
 * (Monday to Sunday) or the same month. */
static bool
same_row(day_t a, day_t b, enum rows_by by)
{
	int ya, ma, da, yb, mb, db;

	if (by == BY_NIGHT)
		return a == b;
	if (by == BY_WEEK)	/* 1970-01-01 was a Thursday: +3, Monday 0 */
		return (a + 3) / 7 == (b + 3) / 7;
	date_to_civil(a, &ya, &ma, &da);
	date_to_civil(b, &yb, &mb, &db);
	return ya == yb && ma == mb;
}

/*
 * The recorded nights in the chart's table: each night while they span at
 * most 8 weeks, else a row a week, and past a year a row a month, each
 * with its lowest coverage (a dip is what the reader looks for): a year
 * of nights stays within two printed pages an agency.
 */
static void
history_rows(FILE *fp, const struct figure *hist, size_t nh)
{
	long span = nh > 0 ? (long)hist[nh - 1].day - hist[0].day : 0;
	enum rows_by by = span <= 56 ? BY_NIGHT : span <= 366 ? BY_WEEK :
	    BY_MONTH;
	char d[DATE_ISO_LEN], cov[24], what[64];
	size_t i, j, low;

	for (i = 0; i < nh; i = j) {
		for (j = low = i; j < nh && same_row(hist[i].day, hist[j].day,
		    by); j++)
			if ((long long)hist[j].valid * hist[low].sworn <
			    (long long)hist[low].valid * hist[j].sworn)
				low = j;
		if (by == BY_NIGHT)
			snprintf(what, sizeof(what), "recorded");
		else
			snprintf(what, sizeof(what), "%s of %zu %s, the lowest",
			    by == BY_WEEK ? "week" : "month", j - i,
			    plural((long)(j - i), "night", "nights"));
		fprintf(fp, "<tr><td>%s</td><td>%s</td><td class=\"n\">%d</td>"
		    "<td class=\"n\">%d</td><td class=\"n\">%s</td></tr>\n",
		    date_iso(hist[by == BY_NIGHT ? i : low].day, d), what,
		    hist[low].valid, hist[low].sworn, coverage_pct(cov,
		    hist[low].valid, hist[low].sworn));
	}
}

/* Under a certification's chart, before its numbers: the forecast if the
 * booked complete their classes, and the seats against the need. */
static void
classes_lines(FILE *fp, const struct report *r, uint32_t a, size_t k)
{
	const struct conf *c = r->conf;
	struct strbuf sb = { 0 };

	classes_forecast_words(r->classes, r->compliance, &c->certs[k], a, k,
	    &sb);
	if (sb.len > 0) {
		fputs("<p class=\"booked\">", fp);
		html_text(fp, sb_str(&sb));
		fputs("</p>\n", fp);
	}
	sb_reset(&sb);
	classes_verdict(r->classes, r->compliance, &c->certs[k], a, k, &sb);
	if (sb.len > 0) {
		fputs("<p class=\"seats\">Seats: ", fp);
		html_text(fp, sb_str(&sb));
		fputs("</p>\n", fp);
	}
	sb_free(&sb);
}

static void
chart(FILE *fp, const struct report *r, const struct members *mb, size_t k)
{
	uint32_t a = mb->agency;
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	const struct agency_tally *ag = &cp->agency[a];
	const struct cert_tally *t = &ag->cert[k];
	const struct pledge_history *h = r->history;
	size_t idx = a * c->ncerts + k, nh, ns, i;
	const struct figure *hist;
	day_t today = cp->today, start, end, *days;
	int *valid, pct;
	char d[DATE_ISO_LEN], cov[24];
	struct strbuf desc = { 0 };
	double lo, hi;

	nh = h != NULL && idx < h->len ? h->n[idx] : 0;
	hist = nh ? h->v[idx] : NULL;
	start = today - (cp->forecast_days > 0 ? cp->forecast_days : 30);
	end = today + (cp->forecast_days > 0 ? cp->forecast_days : 30);
	ns = compliance_curve(r->people, mb->v, mb->n, k, today, end, &days,
	    &valid);
	pct = c->certs[k].threshold_pct;
	/* the band the values and the threshold lie in */
	lo = hi = pct > 0 ? pct : ag->sworn > 0 ? 100.0 * t->valid /
	    ag->sworn : 0;
	for (i = 0; i < nh; i++)
		band(hist[i].sworn > 0 ? 100.0 * hist[i].valid /
		    hist[i].sworn : 0, &lo, &hi);
	for (i = 0; i < ns; i++)
		band(ag->sworn > 0 ? 100.0 * valid[i] / ag->sworn : 0, &lo,
		    &hi);
	set_axis(lo, hi);

	forecast_words(&desc, cp, &c->certs[k], t);
	if (axis_lo > 0 || axis_hi < 100)
		sb_printf(&desc, " The axis runs from %g to %g %%; the table "
		    "gives every figure.", axis_lo, axis_hi);
	fprintf(fp, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-labelledby=\"t%u-%zu d%u-%zu\" class=\"chart\" "
	    "data-axis=\"%g %g\" data-cert=\"", CW, CH, CW, CH, a, k, a, k,
	    axis_lo, axis_hi);
	html_text(fp, c->certs[k].name);
	fprintf(fp, "\" data-sworn=\"%d\" data-required=\"%d\">\n"
	    "<title id=\"t%u-%zu\">", ag->sworn, t->required, a, k);
	html_text(fp, c->certs[k].name);
	fputs(" coverage of ", fp);
	html_text(fp, ag->name);
	fprintf(fp, "'s sworn officers</title>\n<desc id=\"d%u-%zu\">", a, k);
	fprintf(fp, "%zu recorded %s; today %d of %d valid; ", nh,
	    plural((long)nh, "night", "nights"), t->valid, ag->sworn);
	html_text(fp, sb_str(&desc));
	fputs("</desc>\n", fp);
	/* axes, grid at 0, 25, 50, 75, 100 % */
	for (i = 0; i <= 4; i++) {
		double y = PY1 - (double)i * (PY1 - PY0) / 4;
		double at = axis_lo + (axis_hi - axis_lo) * (double)i / 4;

		fprintf(fp, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#ccc\"/><text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%g %%</text>\n", PX0, PX1, y, y,
		    PX0 - 6, y + 4, at);
	}
	fprintf(fp, "<text x=\"%d\" y=\"%d\">%s</text>", PX0, CH - 12,
	    date_iso(start, d));
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
	    PX1, CH - 12, date_iso(end, d));
	/* the threshold */
	if (pct > 0)
		fprintf(fp, "<line class=\"threshold\" data-pct=\"%d\" "
		    "x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
		    "stroke-dasharray=\"12 4\"/><text x=\"%d\" y=\"%.1f\">"
		    "pledge %d %%</text>\n", pct, PX0, PX1, y_pct(pct),
		    y_pct(pct), PX0 + 4, y_pct(pct) - 4, pct);
	/* today */
	fprintf(fp, "<line class=\"today\" data-date=\"%s\" x1=\"%.1f\" "
	    "x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
	    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">today</text>\n",
	    date_iso(today, d), x_of(today, start, end), x_of(today, start,
	    end), PY0, PY1, x_of(today, start, end), CH - 28);
	/* the recorded nights: a line through dots */
	if (nh > 0) {
		fputs("<polyline class=\"history-line\" fill=\"none\" "
		    "stroke=\"#1f4e9c\" stroke-width=\"2\" points=\"", fp);
		for (i = 0; i < nh; i++)
			fprintf(fp, "%s%.1f,%.1f", i ? " " : "",
			    x_of(hist[i].day, start, end),
			    y_of(hist[i].valid, hist[i].sworn));
		fputs("\"/>\n", fp);
	}
	for (i = 0; i < nh; i++)
		fprintf(fp, "<circle class=\"history\" data-date=\"%s\" "
		    "data-valid=\"%d\" data-sworn=\"%d\" data-required=\"%d\" "
		    "cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f4e9c\"/>\n",
		    date_iso(hist[i].day, d), hist[i].valid, hist[i].sworn,
		    hist[i].required, x_of(hist[i].day, start, end),
		    y_of(hist[i].valid, hist[i].sworn));
	/* the forecast: steps from today to the horizon */
	/* dots, where the threshold is long dashes: the two tell apart in
	 * grey print too */
	fputs("<polyline class=\"forecast\" fill=\"none\" stroke=\"#1f4e9c\" "
	    "stroke-width=\"3\" stroke-linecap=\"round\" "
	    "stroke-dasharray=\"0.1 6\" data-steps=\"", fp);
	for (i = 0; i < ns; i++)
		fprintf(fp, "%s%s:%d", i ? " " : "", date_iso(days[i], d),
		    valid[i]);
	fputs("\" points=\"", fp);
	for (i = 0; i < ns; i++) {
		double x = x_of(days[i], start, end);

		if (i > 0)
			fprintf(fp, " %.1f,%.1f", x, y_of(valid[i - 1],
			    ag->sworn));
		fprintf(fp, "%s%.1f,%.1f", i ? " " : "", x, y_of(valid[i],
		    ag->sworn));
	}
	fprintf(fp, " %.1f,%.1f\"/>\n", x_of(end, start, end),
	    y_of(valid[ns - 1], ag->sworn));
	/* the day it breaks */
	if (t->forecast.breaks_on != DAY_NONE && ag->sworn > 0) {
		double x = x_of(t->forecast.breaks_on, start, end);

		char since[DATE_ISO_LEN];

		/* not met today: since when, from the recorded nights, not
		 * "breaks" on a day long past */
		fprintf(fp, "<line class=\"breaks\" data-date=\"%s\" "
		    "x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#b00\" "
		    "stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"%s\" fill=\"#b00\">%s %s</text>\n",
		    date_iso(t->forecast.breaks_on, d), x, x, PY0, PY1, x,
		    PY0 + 12, x > PX1 - 90 ? "end" : "start",
		    t->met ? "breaks" : "broken since", t->met ? d :
		    date_iso(unmet_since(hist, nh, today), since));
	}
	fputs("</svg>\n<figcaption>", fp);
	html_text(fp, sb_str(&desc));
	fputs("</figcaption>\n</figure>\n", fp);
	classes_lines(fp, r, a, k);
	/* the same numbers as a table */
	fputs("<details open><summary>The chart's numbers</summary>\n<table>"
	    "<tr><th>Day</th><th>What</th><th class=\"n\">Valid</th>"
	    "<th class=\"n\">Sworn</th><th class=\"n\">Coverage</th></tr>\n",
	    fp);
	history_rows(fp, hist, nh);
	for (i = 0; i < ns; i++)
		fprintf(fp, "<tr><td>%s</td><td>%s</td><td class=\"n\">%d</td>"
		    "<td class=\"n\">%d</td><td class=\"n\">%s</td></tr>\n",
		    date_iso(days[i], d), i == 0 ? "today" :
		    "forecast if nobody trains", valid[i], ag->sworn,
		    coverage_pct(cov, valid[i], ag->sworn));
	fputs("</table></details>\n", fp);
	free(days);
	free(valid);
	sb_free(&desc);
}

/* Since when the threshold has been as it is today: the first of the
 * recorded nights, counting back, with the same state. */
static void
since(FILE *fp, const struct report *r, size_t idx, bool met)
{
	const struct pledge_history *h = r->history;
	size_t n = h != NULL && idx < h->len ? h->n[idx] : 0, i = n;
	char d[DATE_ISO_LEN];

	while (i > 0 && h->v[idx][i - 1].met == met)
		i--;
	if (i == n)
		fputs("today", fp);
	else if (i == 0)
		fprintf(fp, "%s or before (the first night recorded)",
		    date_iso(h->v[idx][0].day, d));
	else
		fprintf(fp, "%s", date_iso(h->v[idx][i].day, d));
}

/* Until when it holds if nobody trains. */
static void
until(FILE *fp, const struct compliance *cp, const struct cert_tally *t)
{
	char d[DATE_ISO_LEN];

	if (!t->met)
		fputs("&#8212;", fp);
	else if (t->forecast.breaks_on == DAY_NONE)
		fprintf(fp, "through %s", date_iso(cp->today + cp->forecast_days,
		    d));
	else
		fprintf(fp, "%s, unless %d more %s", date_iso(
		    t->forecast.breaks_on - 1, d), t->forecast.needed_by_break,
		    plural(t->forecast.needed_by_break, "renews", "renew"));
}

static void
thresholds(FILE *fp, const struct report *r, uint32_t a)
{
	const struct conf *c = r->conf;
	const struct agency_tally *ag = &r->compliance->agency[a];
	char cov[24];
	size_t k;

	fputs("<table><tr><th>Certification</th><th class=\"n\">Required</th>"
	    "<th class=\"n\">Valid</th><th class=\"n\">Coverage</th>"
	    "<th class=\"n\">Target</th><th>Met</th><th>Since</th>"
	    "<th>Holds until</th></tr>\n", fp);
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &ag->cert[k];

		fputs("<tr><td>", fp);
		html_text(fp, c->certs[k].name);
		fprintf(fp, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
		    "<td class=\"n\">%s</td><td class=\"n\">%d %%</td>",
		    t->required, t->valid, coverage_pct(cov, t->valid,
		    ag->sworn), c->certs[k].threshold_pct);
		if (ag->sworn == 0)
			fputs("<td class=\"warn\">no sworn officers</td>", fp);
		else if (t->met)
			fputs("<td class=\"ok\">&#10003; met</td>", fp);
		else
			fprintf(fp, "<td class=\"bad\">&#10007; NOT MET (%d short)"
			    "</td>", t->shortfall);
		fputs("<td>", fp);
		since(fp, r, a * c->ncerts + k, t->met);
		fputs("</td><td>", fp);
		until(fp, r->compliance, t);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void
groups(FILE *fp, const struct conf *c, const char *what,
    const struct agency_tally *g, size_t n, uint32_t a)
{
	char cov[24];
	size_t i, k;

	if (!report_groups_named(g, n, a))
		return;
	fprintf(fp, "<h3>By %s</h3>\n<table><tr><th>%s</th>"
	    "<th class=\"n\">Sworn</th>", what, what[0] == 'u' ? "Unit" :
	    "Shift");
	for (k = 0; k < c->ncerts; k++) {
		fputs("<th class=\"n\">", fp);
		html_text(fp, c->certs[k].name);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < n; i++) {
		if (g[i].agency != a)
			continue;
		fputs("<tr><td>", fp);
		html_text(fp, g[i].name ? g[i].name : "(none given)");
		fprintf(fp, "</td><td class=\"n\">%d</td>", g[i].sworn);
		/* a mark as well as a colour: printed grey, it still says
		 * which units are short */
		for (k = 0; k < c->ncerts; k++)
			fprintf(fp, "<td class=\"n %s\">%d (%s) %s</td>",
			    g[i].cert[k].met ? "ok" : "bad", g[i].cert[k].valid,
			    coverage_pct(cov, g[i].cert[k].valid,
			    g[i].sworn), g[i].cert[k].met ? "&#10003;" :
			    "&#10007;");
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

/* Expiring, expired or missing people of agency a. */
/* The class the booking plan gives: "Mental Health First Aid,
 * 2026-12-10 08:00 (planned)", or why there is none. */
static void
place_cell(FILE *fp, const struct place *pl)
{
	char start[24], note[96];

	schedule_place_start(pl, start, sizeof(start));
	schedule_place_note(pl, note, sizeof(note));
	fputs("<td>", fp);
	if (pl->title != NULL) {
		html_text(fp, pl->title);
		fprintf(fp, ", %s (", start);
		html_text(fp, note);
		fputc(')', fp);
	} else
		html_text(fp, note);
	fputs("</td>", fp);
}

static void
people(FILE *fp, const struct report *r, const struct members *mb,
    enum cert_status want, const char *title, const char *cls)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	char d[DATE_ISO_LEN];
	size_t i, k;
	int count = 0;

	for (i = 0; i < mb->n; i++) {
		const struct person *p = &pp->v[mb->v[i]];

		if (!p->active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, mb->v[i], k);

			if (status_of(e, cp->today, cp->warn_days) != want ||
			    (want == ST_MISSING &&
			    !notice_must_hold(&c->certs[k], p)))
				continue;
			if (count++ == 0)
				fprintf(fp, "<h3>%s</h3>\n<table><tr><th>Id</th>"
				    "<th>Name</th><th>Unit</th><th>"
				    "Certification</th><th>Expires</th>%s</tr>\n",
				    title, mb->plan ? "<th>Class</th>" : "");
			fprintf(fp, "<tr class=\"%s\"><td>", cls);
			html_text(fp, p->id);
			fputs("</td><td>", fp);
			html_text(fp, p->name);
			fputs("</td><td>", fp);
			html_text(fp, p->unit ? p->unit : "");
			fputs("</td><td>", fp);
			html_text(fp, c->certs[k].name);
			fprintf(fp, "</td><td>%s</td>", e == DAY_NONE ?
			    "never trained" : date_iso(e, d));
			if (mb->plan != NULL)
				place_cell(fp, &mb->plan[(size_t)mb->v[i] *
				    c->ncerts + k]);
			fputs("</tr>\n", fp);
		}
	}
	if (count > 0)
		fputs("</table>\n", fp);
}

static void
agency(FILE *fp, const struct report *r, const struct members *mb)
{
	uint32_t a = mb->agency;
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	const struct agency_tally *ag = &cp->agency[a];
	const struct agency_tally *g;
	size_t k, unmet = 0, ng;

	for (k = 0; k < c->ncerts; k++)
		unmet += c->certs[k].threshold_pct > 0 && !ag->cert[k].met;
	fputs("<section class=\"agency\">\n<h2>", fp);
	html_text(fp, ag->name);
	fprintf(fp, "</h2>\n<p class=\"banner %s\">", ag->sworn == 0 ? "warn" :
	    unmet ? "bad" : "ok");
	if (ag->sworn == 0)
		fputs("No sworn officers on the roster: no pledge figure.", fp);
	else if (unmet)
		fprintf(fp, "&#10007; The pledge does NOT hold today: %zu %s not "
		    "met.", unmet, plural((long)unmet, "threshold is",
		    "thresholds are"));
	else
		fputs("&#10003; The pledge holds today.", fp);
	fprintf(fp, " %d sworn officers, %d active staff.</p>\n", ag->sworn,
	    ag->active);
	thresholds(fp, r, a);
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &ag->cert[k];

		fputs("<h3>", fp);
		html_text(fp, c->certs[k].title);
		fputs("</h3>\n", fp);
		if (ag->sworn > 0) {
			chart(fp, r, mb, k);
			continue;
		}
		/* no sworn officers: no chart at 0 %, the staff it has */
		if (c->certs[k].required_for_selected && t->selected_total > 0)
			fprintf(fp, "<p class=\"selected\">Selected non-sworn "
			    "staff: %d of %d %s a current certification.</p>\n",
			    t->selected_valid, t->selected_total,
			    plural(t->selected_valid, "holds", "hold"));
		else
			fputs("<p class=\"selected\">No sworn officers and no "
			    "selected staff to count.</p>\n", fp);
	}
	g = compliance_units(cp, a, &ng);
	groups(fp, c, "unit", g, ng, a);
	g = compliance_shifts(cp, a, &ng);
	groups(fp, c, "shift", g, ng, a);
	people(fp, r, mb, ST_EXPIRED, "Expired", "bad");
	people(fp, r, mb, ST_MISSING, "Missing a required certification",
	    "bad");
	people(fp, r, mb, ST_EXPIRING, "Expiring", "warn");
	fputs("</section>\n", fp);
}

static void
banner(FILE *fp, const struct strlist *l, const char *head, const char *foot)
{
	size_t i;

	if (l->n == 0)
		return;
	fprintf(fp, "<div class=\"banner bad\"><p>%s</p><ul>\n", head);
	for (i = 0; i < l->n; i++) {
		fputs("<li>", fp);
		html_text(fp, l->v[i]);
		fputs("</li>\n", fp);
	}
	fprintf(fp, "</ul><p>%s</p></div>\n", foot);
}

static void
notices(FILE *fp, const struct report *r)
{
	const struct notice_plan *np = r->plan;
	const struct people *pp = r->people;
	const struct conf *c = r->conf;
	size_t i, k, shown = 0;

	for (i = 0; i < np->n; i++) {
		const struct notice *no = &np->v[i];
		char people[32];

		/* an officer's notice, and the digests and the summary too,
		 * as the whole report shows them */
		if (no->person != NO_PERSON ?
		    !report_has_person(r, no->person) : r->one_agency)
			continue;
		if (shown++ == 0)
			fputs("<h2>Notices a live run would send tonight</h2>\n"
			    "<table><tr><th>Kind</th><th>Id</th><th>Name</th>"
			    "<th>Certification</th><th>To</th></tr>\n", fp);
		fprintf(fp, "<tr><td>%s</td><td>", notice_kind_name(no->kind));
		if (no->kind == NOTICE_DIGEST) {
			html_text(fp, people_key_id(no->digest->supervisor));
			fputs("</td><td>", fp);
			html_text(fp, notice_digest_name(pp, no->digest));
			snprintf(people, sizeof(people), "%zu %s",
			    no->digest->nmembers, plural((long)
			    no->digest->nmembers, "person", "people"));
			fputs("</td><td>", fp);
			html_text(fp, people);
		} else if (no->kind == NOTICE_SUMMARY) {
			fputs("</td><td>the coordinator</td><td>every agency",
			    fp);
			fputs("</td><td>", fp);
			for (k = 0; k < c->mail.summary_to.n; k++) {
				html_text(fp, k ? ", " : "");
				html_text(fp, c->mail.summary_to.v[k]);
			}
			fputs("</td></tr>\n", fp);
			continue;
		} else {
			html_text(fp, pp->v[no->person].id);
			fputs("</td><td>", fp);
			html_text(fp, pp->v[no->person].name);
			fputs("</td><td>", fp);
			html_text(fp, c->certs[no->cert].name);
		}
		fputs("</td><td>", fp);
		html_text(fp, no->to ? no->to : no->kind == NOTICE_SUMMARY ?
		    "summary_to" : "(no address)");
		fputs("</td></tr>\n", fp);
	}
	if (shown > 0)
		fputs("</table>\n", fp);
}

static void
problems(FILE *fp, const struct report *r)
{
	const struct problems *ps = r->problems;
	size_t i;

	if (ps->n == 0)
		return;
	fputs("<h2>Problems in the exports</h2>\n<table><tr><th>File</th>"
	    "<th class=\"n\">Line</th><th>Problem</th></tr>\n", fp);
	for (i = 0; i < ps->n; i++) {
		if (!report_has_problem(r, &ps->v[i]))
			continue;
		fputs("<tr><td>", fp);
		html_text(fp, ps->v[i].file);
		fprintf(fp, "</td><td class=\"n\">%lu</td><td>", ps->v[i].line);
		html_text(fp, ps->v[i].message);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	if (ps->dropped > 0)
		fprintf(fp, "<p>%zu more not listed.</p>\n", ps->dropped);
}

/* The titles counted for each certification, and the notes on the
 * inputs: what a coordinator reads to see an over-match. */
static void
counted_titles(FILE *fp, const struct report *r)
{
	const struct input_stats *t = r->training;
	size_t i, shown = 0;

	for (i = 0; i < t->n_cert_titles; i++) {
		const struct cert_title *ti = &t->cert_titles[i];

		if (ti->rows == 0)
			continue;
		if (shown++ == 0)
			fputs("<h2>Course titles counted</h2>\n<table><tr>"
			    "<th>Certification</th><th>Title</th>"
			    "<th class=\"n\">Rows</th><th class=\"n\">People"
			    "</th></tr>\n", fp);
		fputs("<tr><td>", fp);
		html_text(fp, r->conf->certs[ti->cert].name);
		fputs("</td><td>", fp);
		html_text(fp, ti->title);
		html_text(fp, report_title_kind(ti));
		fprintf(fp, "</td><td class=\"n\">%lu</td><td class=\"n\">%lu"
		    "</td></tr>\n", ti->rows, ti->people);
	}
	if (shown > 0)
		fputs("</table>\n", fp);
	if (r->warnings->n == 0)
		return;
	fputs("<ul class=\"notes\">\n", fp);
	for (i = 0; i < r->warnings->n; i++) {
		fputs("<li>", fp);
		html_text(fp, r->warnings->v[i]);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

int
report_html(FILE *fp, const struct report *r)
{
	const struct compliance *cp = r->compliance;
	char d[DATE_ISO_LEN];
	uint32_t *order;
	size_t a, *first;
	struct place *plan;

	people_by_agency(r->people, &order, &first);
	date_iso(cp->today, d);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<title>Training compliance on %s</title>\n<style>\n%s</style>\n"
	    "</head>\n<body>\n<h1>Training compliance on %s</h1>\n", d, style,
	    d);
	banner(fp, r->refusals, "These numbers cannot be trusted, and a live "
	    "run sends nothing:", "--force does not override this.");
	banner(fp, r->brakes, "A live run would stop here and send nothing:",
	    "Check the exports; --force sends anyway.");
	plan = report_plan(r);
	for (a = 0; a < cp->nagencies; a++) {
		struct members mb = { (uint32_t)a, order + first[a],
		    first[a + 1] - first[a], plan };

		if (report_has_agency(r, (uint32_t)a))
			agency(fp, r, &mb);
	}
	free(plan);
	free(order);
	free(first);
	if (cp->nagencies == 0)
		fputs("<p>No active staff.</p>\n", fp);
	notices(fp, r);
	counted_titles(fp, r);
	problems(fp, r);
	fputs("<p><small>Written by certminder.</small></p>\n</body>\n</html>\n",
	    fp);
	return ferror(fp) ? -1 : 0;
}
