#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "mailhtml.h"
#include "figures.h"
#include "report.h"
#include "strbuf.h"

#define BAR	200	/* a coverage bar's width, pixels */

static const char font[] = "font-family:Calibri,Arial,sans-serif;"
    "font-size:14px;color:#111111";
static const char cell[] = "border:1px solid #999999;padding:3px 8px;"
    "font-family:Calibri,Arial,sans-serif;font-size:14px";

/* Plain text as HTML, its line breaks kept (Outlook honours <pre>). */
static void
text_block(FILE *fp, const char *text)
{
	if (*text == '\0')
		return;
	fprintf(fp, "<pre style=\"%s;white-space:pre-wrap;margin:0 0 12px\">",
	    font);
	html_text(fp, text);
	fputs("</pre>\n", fp);
}

#define MARK	2	/* the threshold's mark on a bar, pixels */

/* A cell of a bar, as Outlook draws one. */
static void
bar_cell(FILE *fp, int width, const char *color)
{
	if (width > 0)
		fprintf(fp, "<td width=\"%d\" bgcolor=\"%s\" style=\"width:%dpx;"
		    "height:12px;background:%s;font-size:1px;line-height:1px\">"
		    "&nbsp;</td>", width, color, width, color);
}

/*
 * valid of sworn as a bar, green when met, red when not, grey for the
 * rest, and a dark mark where the threshold lies: a 20 % CIT met at 20 %
 * is a short green bar that reaches its mark, not an empty-looking one.
 */
static void
bar(FILE *fp, int valid, int sworn, bool met, int pct)
{
	int w = sworn > 0 ? (int)((long long)valid * BAR / sworn) : 0;
	int m = pct * BAR / 100 - MARK / 2;
	const char *fill = met ? "#2e7d32" : "#c62828";

	if (m < 0)
		m = 0;
	if (m > BAR - MARK)
		m = BAR - MARK;
	fprintf(fp, "<table role=\"presentation\" cellpadding=\"0\" "
	    "cellspacing=\"0\" border=\"0\" width=\"%d\" style=\"border-"
	    "collapse:collapse;width:%dpx\"><tr>", BAR, BAR);
	/* the filled part, the mark, the rest: cut where the mark falls */
	bar_cell(fp, w < m ? w : m, fill);
	bar_cell(fp, w < m ? m - w : 0, "#dddddd");
	bar_cell(fp, MARK, "#222222");
	bar_cell(fp, w > m + MARK ? w - m - MARK : 0, fill);
	bar_cell(fp, BAR - (w > m + MARK ? w : m + MARK), "#dddddd");
	fputs("</tr></table>", fp);
}

static void
th(FILE *fp, const char *s, bool right)
{
	fprintf(fp, "<th style=\"%s;background:#eeeeee;text-align:%s\">%s</th>",
	    cell, right ? "right" : "left", s);
}

static void
agency_table(FILE *fp, const struct conf *c, const struct compliance *cp,
    const struct agency_tally *a, const struct classes *cs)
{
	struct strlist lines = { 0 };
	char cov[24];
	size_t k;

	fprintf(fp, "<p style=\"%s;font-weight:bold;margin:12px 0 4px\">", font);
	html_text(fp, a->name);
	fprintf(fp, ": %d sworn (%d active)</p>\n", a->sworn, a->active);
	fputs("<table cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	    "style=\"border-collapse:collapse;margin:0 0 8px\"><tr>", fp);
	th(fp, "Certification", false);
	th(fp, "Required", true);
	th(fp, "Valid", true);
	th(fp, "Coverage", true);
	th(fp, "", false);
	th(fp, "Target", true);
	th(fp, "Met", false);
	fputs("</tr>\n", fp);
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &a->cert[k];

		fprintf(fp, "<tr><td style=\"%s\">", cell);
		html_text(fp, c->certs[k].name);
		fprintf(fp, "</td><td style=\"%s;text-align:right\">%d</td>"
		    "<td style=\"%s;text-align:right\">%d</td>"
		    "<td style=\"%s;text-align:right\">%s</td><td style=\"%s\">",
		    cell, t->required, cell, t->valid, cell,
		    coverage_pct(cov, t->valid, a->sworn), cell);
		bar(fp, t->valid, a->sworn, t->met, c->certs[k].threshold_pct);
		fprintf(fp, "</td><td style=\"%s;text-align:right\">%d %%</td>",
		    cell, c->certs[k].threshold_pct);
		if (a->sworn == 0)
			fprintf(fp, "<td style=\"%s\">no sworn officers</td>",
			    cell);
		else if (t->met)
			fprintf(fp, "<td style=\"%s\">yes</td>", cell);
		else
			fprintf(fp, "<td style=\"%s;font-weight:bold;color:"
			    "#c62828\">NO (%d short)</td>", cell, t->shortfall);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
	for (k = 0; k < c->ncerts; k++)
		if (c->certs[k].required_for_selected &&
		    a->cert[k].selected_total > 0) {
			fprintf(fp, "<p style=\"%s;margin:0 0 4px\">Selected "
			    "non-sworn staff with valid ", font);
			html_text(fp, c->certs[k].name);
			fprintf(fp, ": %d of %d</p>\n", a->cert[k].selected_valid,
			    a->cert[k].selected_total);
		}
	report_forecast_lines(c, cp, a, cs, &lines);
	for (k = 0; k < lines.n; k++) {
		fprintf(fp, "<p style=\"%s;margin:0 0 4px\">", font);
		html_text(fp, lines.v[k]);
		fputs("</p>\n", fp);
	}
	strlist_free(&lines);
}

/* Each unit's or shift's figures within agency a, when any is named. */
static void
groups(FILE *fp, const struct conf *c, const char *what,
    const struct agency_tally *g, size_t n, uint32_t a)
{
	char cov[24];
	size_t i, k;

	if (!report_groups_named(g, n, a))
		return;
	fprintf(fp, "<p style=\"%s;margin:8px 0 4px\">By %s:</p>\n"
	    "<table cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	    "style=\"border-collapse:collapse;margin:0 0 8px\"><tr>", font,
	    what);
	th(fp, what[0] == 'u' ? "Unit" : "Shift", false);
	th(fp, "Sworn", true);
	for (k = 0; k < c->ncerts; k++) {
		fprintf(fp, "<th style=\"%s;background:#eeeeee;text-align:"
		    "right\">", cell);
		html_text(fp, c->certs[k].name);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < n; i++) {
		if (g[i].agency != a)
			continue;
		fprintf(fp, "<tr><td style=\"%s\">", cell);
		html_text(fp, g[i].name ? g[i].name : "(none given)");
		fprintf(fp, "</td><td style=\"%s;text-align:right\">%d</td>",
		    cell, g[i].sworn);
		for (k = 0; k < c->ncerts; k++)
			fprintf(fp, "<td style=\"%s;text-align:right\">%d %s</td>",
			    cell, g[i].cert[k].valid, coverage_pct(cov,
			    g[i].cert[k].valid, g[i].sworn));
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

char *
mailhtml_summary(const struct conf *c, const struct compliance *cp,
    const struct classes *cs, const char *agency, const char *before,
    const char *after)
{
	char *out = NULL;
	const struct agency_tally *g;
	size_t len = 0, a, ng;
	FILE *fp = open_memstream(&out, &len);

	fprintf(fp, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "</head>\n<body style=\"%s;margin:0;padding:12px\">\n", font);
	text_block(fp, before);
	for (a = 0; a < cp->nagencies; a++)
		if (agency == NULL || strcmp(agency, cp->agency[a].name) == 0) {
			agency_table(fp, c, cp, &cp->agency[a], cs);
			g = compliance_units(cp, (uint32_t)a, &ng);
			groups(fp, c, "unit", g, ng, (uint32_t)a);
			g = compliance_shifts(cp, (uint32_t)a, &ng);
			groups(fp, c, "shift", g, ng, (uint32_t)a);
		}
	fputs("<br>\n", fp);
	text_block(fp, after);
	fputs("</body></html>\n", fp);
	fclose(fp);
	return out;
}
