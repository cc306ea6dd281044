#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvcell.h"
#include "figures.h"
#include "json.h"
#include "report.h"
#include "schedule.h"
#include "strbuf.h"
#include "text.h"

#define LIST_SHOWN 50	/* titles or ids the text report names */

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

/* The text report. */

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
			    coverage_pct(cov, g[i].cert[k].valid, g[i].sworn));
			fprintf(fp, " %14s", both);
		}
		fputc('\n', fp);
	}
}

void
report_forecast_lines(const struct conf *c, const struct compliance *cp,
    const struct agency_tally *a, const struct classes *cs,
    struct strlist *out)
{
	struct strbuf sb = { 0 };
	size_t k;

	for (k = 0; k < c->ncerts; k++) {
		forecast_words(&sb, cp, &c->certs[k], &a->cert[k]);
		strlist_add(out, sb_str(&sb));
		sb_reset(&sb);
		classes_forecast_words(cs, cp, &c->certs[k], a->agency, k, &sb);
		if (sb.len > 0)
			strlist_add(out, sb_str(&sb));
		sb_reset(&sb);
	}
	/* the seats on the class calendar against the forecast */
	for (k = 0; k < c->ncerts; k++) {
		sb_add(&sb, "Seats: ");
		classes_verdict(cs, cp, &c->certs[k], a->agency, k, &sb);
		if (sb.len > strlen("Seats: "))
			strlist_add(out, sb_str(&sb));
		sb_reset(&sb);
	}
	sb_free(&sb);
}

void
report_agency_text(FILE *fp, const struct conf *c,
    const struct compliance *cp, const struct agency_tally *a,
    const struct classes *cs)
{
	const struct agency_tally *g;
	struct strlist lines = { 0 };
	size_t k, n;

	fprintf(fp, "%s: %d sworn (%d active)\n", a->name, a->sworn, a->active);
	fprintf(fp, "  %-14s %8s %6s %9s %7s  %s\n", "Certification",
	    "Required", "Valid", "Coverage", "Target", "Met");
	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &a->cert[k];
		char cov[24];

		fprintf(fp, "  %-14s %8d %6d %9s %5d %%  ", c->certs[k].name,
		    t->required, t->valid, coverage_pct(cov, t->valid, a->sworn),
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
	report_forecast_lines(c, cp, a, cs, &lines);
	for (k = 0; k < lines.n; k++)
		fprintf(fp, "  %s\n", lines.v[k]);
	strlist_free(&lines);
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

/* The class calendar and the bookings: what is listed, and what not. */
static void
text_classes(FILE *fp, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct classes *cs = r->classes;
	unsigned long booked = 0, no_show = 0;
	size_t i;

	if (cs == NULL)
		return;
	if (c->classes.file != NULL) {
		fprintf(fp, "  %s: %zu %s to come, %lu past, %lu full, %lu of "
		    "no certification\n", path_basename(c->classes.file),
		    cs->n, plural((long)cs->n, "class", "classes"), cs->past,
		    cs->full, cs->unmatched);
		for (i = 0; i < cs->unmatched_titles.n && i < LIST_SHOWN; i++)
			fprintf(fp, "    not listed: '%s'\n",
			    cs->unmatched_titles.v[i]);
	}
	if (c->enrollments.file == NULL)
		return;
	for (i = 0; i < cs->nbook; i++)
		if (cs->book[i].no_show)
			no_show++;
		else
			booked++;
	fprintf(fp, "  %s: %lu %s, %lu booked, %lu no-show, %lu of no one "
	    "on the roster\n", path_basename(c->enrollments.file),
	    cs->enrollments, plural((long)cs->enrollments, "row", "rows"),
	    booked, no_show, cs->enrollments_unknown);
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
	text_classes(fp, r);
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
			report_agency_text(fp, r->conf, cp, &cp->agency[a],
			    r->classes);
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

/* A certification's figures, in an agency or one of its groups. */
static void
json_tally(struct json *j, const struct cert_tally *t)
{
	json_int(j, "required", t->required);
	json_int(j, "valid", t->valid);
	json_int(j, "current", t->current);
	json_int(j, "expiring", t->expiring);
	json_int(j, "expired", t->expired);
	json_int(j, "missing", t->missing);
	json_bool(j, "met", t->met);
	json_int(j, "shortfall", t->shortfall);
}

/* Agency a's units or shifts: name (null: none given), sworn, active, and
 * each certification's figures. */
static void
json_groups(struct json *j, const struct conf *c, const struct agency_tally *g,
    size_t n, uint32_t a)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (g[i].agency != a)
			continue;
		json_break(j, 8);
		json_object(j, NULL);
		json_str(j, "name", g[i].name);
		json_int(j, "sworn", g[i].sworn);
		json_int(j, "active", g[i].active);
		json_array(j, "certifications");
		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &g[i].cert[k];

			json_object(j, NULL);
			json_str(j, "name", c->certs[k].name);
			json_tally(j, t);
			json_end(j);
		}
		json_end(j);
		json_end(j);
	}
}

/* "seats": the class calendar's seats before the threshold breaks, and
 * the officers needed; with a calendar only. */
static void
json_seats(struct json *j, const struct report *r, uint32_t a, size_t k)
{
	day_t until;
	long seats;
	int need;

	if (r->conf->classes.file == NULL)
		return;
	if (!classes_need(r->classes, r->compliance, a, k, &until, &seats,
	    &need)) {
		json_null(j, "seats");
		return;
	}
	json_object(j, "seats");
	json_day(j, "before", until);
	json_int(j, "seats", seats);
	json_int(j, "needed", need);
	json_bool(j, "holds", seats >= need);
	json_end(j);
}

/* "if_booked_complete": the forecast if every booked officer completes
 * their class; with bookings only, null where the agency has none. */
static void
json_booked_forecast(struct json *j, const struct report *r, uint32_t a,
    size_t k)
{
	const struct classes *cs = r->classes;
	size_t at = (size_t)a * r->conf->ncerts + k;

	if (r->conf->enrollments.file == NULL)
		return;
	if (cs == NULL || cs->nbooked == NULL || cs->nbooked[at] == 0) {
		json_null(j, "if_booked_complete");
		return;
	}
	json_object(j, "if_booked_complete");
	json_int(j, "booked", cs->nbooked[at]);
	json_day(j, "breaks_on", cs->booked_fc[at].breaks_on);
	json_int(j, "needed_by_break", cs->booked_fc[at].needed_by_break);
	json_int(j, "needed_for_horizon", cs->booked_fc[at].needed_for_horizon);
	json_end(j);
}

/* The nights the ledger recorded for one agency and certification. */
static void
json_history(struct json *j, const struct report *r, size_t i)
{
	const struct pledge_history *h = r->history;
	size_t k, n = h != NULL && i < h->len ? h->n[i] : 0;

	json_break(j, 10);
	json_array(j, "history");
	for (k = 0; k < n; k++) {
		const struct figure *f = &h->v[i][k];

		json_break(j, 12);
		json_object(j, NULL);
		json_day(j, "date", f->day);
		json_int(j, "sworn", f->sworn);
		json_int(j, "valid", f->valid);
		json_int(j, "required", f->required);
		json_bool(j, "met", f->met);
		json_end(j);
	}
	json_end(j);
}

static void
json_agencies(struct json *j, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	const struct agency_tally *g;
	size_t a, k, ng;

	json_break(j, 2);
	json_array(j, "agencies");
	for (a = 0; a < cp->nagencies; a++) {
		const struct agency_tally *ag = &cp->agency[a];

		if (!report_has_agency(r, (uint32_t)a))
			continue;
		json_break(j, 4);
		json_object(j, NULL);
		json_str(j, "name", ag->name);
		json_int(j, "sworn", ag->sworn);
		json_int(j, "active", ag->active);
		if (ag->sworn == 0)
			json_bool(j, "no_sworn_officers", true);
		json_break(j, 6);
		json_array(j, "certifications");
		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &ag->cert[k];

			json_break(j, 8);
			json_object(j, NULL);
			json_str(j, "name", c->certs[k].name);
			json_int(j, "threshold_pct", c->certs[k].threshold_pct);
			json_tally(j, t);
			json_day(j, "breaks_on", t->forecast.breaks_on);
			json_int(j, "needed_for_horizon",
			    t->forecast.needed_for_horizon);
			if (c->certs[k].required_for_selected) {
				json_int(j, "selected_total", t->selected_total);
				json_int(j, "selected_valid", t->selected_valid);
			}
			json_seats(j, r, (uint32_t)a, k);
			json_booked_forecast(j, r, (uint32_t)a, k);
			json_history(j, r, a * c->ncerts + k);
			json_end(j);
		}
		json_end(j);
		json_break(j, 6);
		json_array(j, "units");
		g = compliance_units(cp, (uint32_t)a, &ng);
		json_groups(j, c, g, ng, (uint32_t)a);
		json_end(j);
		json_break(j, 6);
		json_array(j, "shifts");
		g = compliance_shifts(cp, (uint32_t)a, &ng);
		json_groups(j, c, g, ng, (uint32_t)a);
		json_end(j);
		json_end(j);
	}
	json_end(j);
}

struct place *
report_plan(const struct report *r)
{
	const struct conf *c = r->conf;
	struct to_train *v;
	struct place *pl, *at;
	size_t n, i;

	if (c->classes.file == NULL)
		return NULL;
	n = schedule_build(c, r->people, r->compliance, &v);
	pl = xcalloc(n + 1, sizeof(*pl));
	schedule_plan(r->classes, c, r->people, r->compliance->today, v, n,
	    pl);
	at = xcalloc(r->people->n * c->ncerts + 1, sizeof(*at));	/* none */
	for (i = 0; i < n; i++)
		at[(size_t)v[i].person * c->ncerts + v[i].cert] = pl[i];
	free(pl);
	free(v);
	return at;
}

/* "class": where the plan puts the person for the certification. */
static void
json_place(struct json *j, const struct place *pl)
{
	static const char *const state[] = { "", "booked", "planned",
	    "not_placed" };
	char start[24];

	if (pl->state == PLACE_NONE)
		return;
	json_object(j, "class");
	json_str(j, "state", state[pl->state]);
	json_str(j, "title", pl->title);
	schedule_place_start(pl, start, sizeof(start));
	json_str(j, "start", pl->day != DAY_NONE ? start : NULL);
	json_bool(j, "after_deadline", pl->late);
	json_str(j, "why", pl->why);
	json_end(j);
}

static void
json_people(struct json *j, const struct report *r)
{
	const struct class_booking *b;
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct compliance *cp = r->compliance;
	struct place *plan = report_plan(r);
	size_t i, k;

	json_break(j, 2);
	json_array(j, "people");
	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active || !report_has_person(r, (uint32_t)i))
			continue;
		json_break(j, 4);
		json_object(j, NULL);
		json_str(j, "id", p->id);
		json_str(j, "name", p->name);
		json_str(j, "agency", pp->agency[p->agency]);
		json_bool(j, "sworn", p->sworn);
		if (notice_in_grace(c, p, cp->today))
			json_day(j, "grace_until", p->hired +
			    c->new_hire_grace_days);
		json_bool(j, "selected", p->selected);
		json_object(j, "certs");
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);

			json_object(j, c->certs[k].name);
			json_str(j, "status", status_name(status_of(e,
			    cp->today, cp->warn_days)));
			if (e != DAY_NONE && e != DAY_FOREVER) {
				json_day(j, "expires", e);
				json_int(j, "days_left", (long)e - cp->today);
			}
			if ((b = classes_booking(r->classes, (uint32_t)i,
			    k)) != NULL) {
				json_day(j, "booked", b->day);
				json_str(j, "booked_course", b->course);
				json_bool(j, "no_show", b->no_show);
			}
			if (plan != NULL)
				json_place(j, &plan[i * c->ncerts + k]);
			json_end(j);
		}
		json_end(j);
		json_end(j);
	}
	json_end(j);
	free(plan);
}

/* "to": the address, or none and "unreachable". */
static void
json_to(struct json *j, const char *to)
{
	json_array(j, "to");
	if (to != NULL)
		json_str(j, NULL, to);
	json_end(j);
	if (to == NULL)
		json_bool(j, "unreachable", true);
}

static void
json_notices(struct json *j, const struct report *r)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	const struct notice_plan *np = r->plan;
	char stage[16];
	size_t i, m;

	json_break(j, 2);
	json_array(j, "notices");
	for (i = 0; i < np->n; i++) {
		const struct notice *n = &np->v[i];

		if (!report_has_notice(r, n))
			continue;
		json_break(j, 4);
		json_object(j, NULL);
		json_str(j, "kind", notice_kind_name(n->kind));
		switch (n->kind) {
		case NOTICE_REMINDER:
		case NOTICE_EXPIRED:
		case NOTICE_MISSING:
			json_str(j, "person", pp->v[n->person].id);
			json_str(j, "cert", c->certs[n->cert].name);
			notice_stage(n, stage);
			json_str(j, "stage", stage);
			if (n->expires != DAY_NONE && n->expires != DAY_FOREVER)
				json_day(j, "expires", n->expires);
			json_to(j, n->to);
			break;
		case NOTICE_DIGEST:
			json_str(j, "supervisor",
			    people_key_id(n->digest->supervisor));
			json_to(j, n->to);
			json_array(j, "people");
			for (m = 0; m < n->digest->nmembers; m++)
				json_str(j, NULL,
				    pp->v[n->digest->members[m]].id);
			json_end(j);
			break;
		case NOTICE_SUMMARY:
			json_array(j, "to");
			for (m = 0; m < c->mail.summary_to.n; m++)
				json_str(j, NULL, c->mail.summary_to.v[m]);
			json_end(j);
			if (c->mail.summary_to.n == 0)
				json_bool(j, "unreachable", true);
			break;
		}
		json_end(j);
	}
	json_end(j);
}

static void
json_strlist(struct json *j, const char *key, const struct strlist *l)
{
	size_t i;

	json_break(j, 2);
	json_array(j, key);
	for (i = 0; i < l->n; i++)
		json_str(j, NULL, l->v[i]);
	json_end(j);
}

/* Each title with its rows: "other_titles", "unmatched_ids",
 * "not_completed". */
static void
json_counts(struct json *j, const char *key, const char *name,
    const struct other_title *v, size_t n)
{
	size_t i;

	json_break(j, 6);
	json_array(j, key);
	for (i = 0; i < n; i++) {
		json_object(j, NULL);
		json_str(j, name, v[i].title);
		json_int(j, "rows", (long long)v[i].rows);
		json_end(j);
	}
	json_end(j);
}

/* "counted_titles": each title counted toward a certification, with its
 * rows and people; "uncounted_titles": those with rows under the hours
 * minimum or of 0 hours, which count for nothing. */
static void
json_cert_titles(struct json *j, const struct report *r)
{
	const struct input_stats *t = r->training;
	const struct cert_title *ti;
	size_t i;

	json_break(j, 6);
	json_array(j, "counted_titles");
	for (i = 0; i < t->n_cert_titles; i++) {
		ti = &t->cert_titles[i];
		if (ti->rows == 0)
			continue;
		json_break(j, 8);
		json_object(j, NULL);
		json_str(j, "certification", r->conf->certs[ti->cert].name);
		json_str(j, "title", ti->title);
		json_int(j, "rows", (long long)ti->rows);
		json_int(j, "people", (long long)ti->people);
		json_bool(j, "renewal", ti->renewal);
		json_bool(j, "equivalent", ti->equivalent);
		json_end(j);
	}
	json_end(j);
	json_break(j, 6);
	json_array(j, "uncounted_titles");
	for (i = 0; i < t->n_cert_titles; i++) {
		const struct conf_cert *ct;

		ti = &t->cert_titles[i];
		ct = &r->conf->certs[ti->cert];
		if (ti->short_rows + ti->zero_rows == 0)
			continue;
		json_break(j, 8);
		json_object(j, NULL);
		json_str(j, "certification", ct->name);
		json_str(j, "title", ti->title);
		json_bool(j, "renewal", ti->renewal);
		json_int(j, "zero_hours_rows", (long long)ti->zero_rows);
		json_int(j, "under_min_hours_rows", (long long)ti->short_rows);
		json_int(j, "min_hours", ti->renewal ? ct->renewal_min_hours :
		    ct->min_hours);
		json_end(j);
	}
	json_end(j);
}

static void
json_inputs(struct json *j, const struct report *r)
{
	const struct input_stats *t = r->training;

	json_break(j, 2);
	json_object(j, "inputs");
	json_break(j, 4);
	if (r->roster_file != NULL) {
		json_object(j, "roster");
		json_str(j, "file", path_basename(r->roster_file));
		json_int(j, "rows", (long long)r->roster->rows);
		json_int(j, "rejected", (long long)r->roster->rejected);
		json_str(j, "encoding", encoding_name(r->roster->encoding));
		json_end(j);
	} else
		json_null(j, "roster");
	json_break(j, 4);
	json_object(j, "training");
	json_str(j, "file", path_basename(r->training_file));
	json_int(j, "rows", (long long)t->rows);
	json_int(j, "rejected", (long long)t->rejected);
	json_int(j, "unmatched", (long long)t->unmatched);
	json_int(j, "other_courses", (long long)t->other_courses);
	json_str(j, "encoding", encoding_name(t->encoding));
	json_counts(j, "other_titles", "title", t->other_titles,
	    t->n_other_titles);
	json_counts(j, "unmatched_ids", "id", t->unmatched_ids,
	    t->n_unmatched_ids);
	json_counts(j, "not_completed", "value", t->not_completed,
	    t->n_not_completed);
	json_cert_titles(j, r);
	json_end(j);
	json_end(j);
}

int
report_json(FILE *fp, const struct report *r)
{
	struct json j;
	size_t i;

	json_start(&j, fp);
	json_object(&j, NULL);
	json_break(&j, 2);
	json_int(&j, "schema", 1);
	json_break(&j, 2);
	json_day(&j, "today", r->compliance->today);
	json_agencies(&j, r);
	json_people(&j, r);
	json_notices(&j, r);
	json_inputs(&j, r);
	json_break(&j, 2);
	json_array(&j, "problems");
	for (i = 0; i < r->problems->n; i++) {
		const struct problem *p = &r->problems->v[i];

		if (!report_has_problem(r, p))
			continue;
		json_break(&j, 4);
		json_object(&j, NULL);
		json_str(&j, "file", p->file);
		json_int(&j, "line", (long long)p->line);
		json_str(&j, "message", p->message);
		json_end(&j);
	}
	json_end(&j);
	json_break(&j, 2);
	json_int(&j, "problems_not_listed", (long long)r->problems->dropped);
	json_strlist(&j, "warnings", r->warnings);
	json_strlist(&j, "refusals", r->refusals);
	json_strlist(&j, "brakes", r->brakes);
	json_end_break(&j, 0);
	return json_finish(&j);
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
	struct place *pl;
	char d[DATE_ISO_LEN], book[96], start[24], note[96];
	size_t n, i;

	n = schedule_build(c, pp, r->compliance, &v);
	pl = xcalloc(n + 1, sizeof(*pl));
	schedule_plan(r->classes, c, pp, r->compliance->today, v, n, pl);
	fputs("agency,id,name,certification,need,expires,train_by,book,"
	    "required,unit,supervisor,supervisor_email,email,class,"
	    "class_start,class_note\r\n", fp);
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
		putc(',', fp);
		csv_cell(fp, pl[i].title);
		schedule_place_start(&pl[i], start, sizeof(start));
		schedule_place_note(&pl[i], note, sizeof(note));
		fprintf(fp, ",%s,", start);
		csv_cell(fp, note);
		fputs("\r\n", fp);
	}
	free(pl);
	free(v);
	return ferror(fp) ? -1 : 0;
}
