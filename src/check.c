#include <stdio.h>
#include <string.h>

#include "check.h"
#include "strbuf.h"
#include "strlist.h"
#include "text.h"

/* The --check line's words before the performance data stay under this,
 * the worst items first, then how many more; the first line as a whole
 * stays under CHECK_LINE_MAX, the rest of the figures on the lines after
 * it, as Nagios' multi-line output has them. */
#define CHECK_TEXT_MAX	150
#define CHECK_LINE_MAX	200

/* A --check item's state: not met is critical, breaking within
 * warn_days a warning.  An agency without sworn officers has no pledge
 * figure and is no worse than OK. */
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

enum check_state
check_write(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	static const char *const label[] = { [CHECK_OK] = "OK",
	    [CHECK_WARNING] = "WARNING", [CHECK_CRITICAL] = "CRITICAL",
	    [CHECK_UNKNOWN] = "UNKNOWN" };
	struct strbuf msg = { 0 }, item = { 0 }, head = { 0 }, tail = { 0 },
	    line = { 0 };
	struct strlist perf = { 0 };	/* the figures past the first line */
	size_t a, k, more = 0, room, i;
	enum check_state state;
	enum check_state worst = CHECK_OK;
	int want;
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
			if (state > worst)
				worst = state;
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

void
check_unknown(FILE *fp, int rc)
{
	fprintf(fp, "CERTMINDER UNKNOWN - cannot compute (exit %d); run "
	    "certminder --dry-run for the reason\n", rc);
}
