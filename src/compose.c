/*
 * compose: the words of tonight's mail -- one message per officer covering
 * all of their notices, a digest per supervisor, the summary -- filled in
 * from the templates, the plan and the figures.  It sends nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compose.h"
#include "report.h"
#include "strbuf.h"

static const char *
agency_of(const struct compose *d, const struct person *p)
{
	return d->people->agency[p->agency];
}

static const struct person *
supervisor_person(const struct compose *d, const struct person *p)
{
	uint32_t s;

	if (p->supervisor_id == NULL)
		return NULL;
	s = people_find_key(d->people, p->supervisor_key);
	return s == NO_PERSON ? NULL : &d->people->v[s];
}

static char *
fill(const struct compose *d, enum tmpl_kind k, bool subject,
    const struct tmpl_var *v, size_t n)
{
	return template_fill(subject ? d->templates->subject[k] :
	    d->templates->body[k], v, n);
}

char *
compose_officer(const struct compose *d, uint32_t person,
    const size_t *idx, size_t n, char **subject)
{
	const struct conf *c = d->conf;
	const struct person *p = &d->people->v[person];
	const struct person *sup = supervisor_person(d, p);
	struct strbuf items = { 0 }, subj = { 0 };
	char today[DATE_ISO_LEN], exp[DATE_ISO_LEN], days[16], ago[16], stage[16];
	char *body, *one_subject = NULL;
	size_t i;

	date_iso(d->compliance->today, today);
	for (i = 0; i < n; i++) {
		const struct notice *no = &d->plan->v[idx[i]];
		enum tmpl_kind k = no->kind == NOTICE_REMINDER ? TMPL_REMINDER :
		    no->kind == NOTICE_EXPIRED ? TMPL_EXPIRED : TMPL_MISSING;
		struct tmpl_var v[] = {
			{ "cert", c->certs[no->cert].name },
			{ "expires", no->expires == DAY_NONE ? "" :
			    date_iso(no->expires, exp) },
			{ "days_left", days }, { "days_ago", ago },
			{ "stage", stage }, { "name", p->name },
			{ "agency", agency_of(d, p) }, { "today", today },
		};
		char *text;

		snprintf(days, sizeof(days), "%ld", no->expires == DAY_NONE ? 0L :
		    (long)no->expires - d->compliance->today);
		snprintf(ago, sizeof(ago), "%ld", no->expires == DAY_NONE ? 0L :
		    (long)d->compliance->today - no->expires);
		notice_stage(no, stage);
		if (i)
			sb_add(&items, "\n");
		text = fill(d, k, false, v, NELEM(v));
		sb_add(&items, text);
		free(text);
		if (n == 1)
			one_subject = fill(d, k, true, v, NELEM(v));
		else {
			sb_add(&subj, i ? ", " : "Your training certifications "
			    "need attention: ");
			sb_add(&subj, c->certs[no->cert].name);
		}
	}
	sb_add(&items, "\n");
	{
		struct tmpl_var v[] = {
			{ "subject", one_subject ? one_subject : sb_str(&subj) },
			{ "name", p->name }, { "id", p->id },
			{ "items", sb_str(&items) },
			{ "refresher_info", c->mail.refresher_info ?
			    c->mail.refresher_info : "" },
			{ "supervisor", sup ? sup->name : "your supervisor" },
			{ "agency", agency_of(d, p) }, { "today", today },
		};

		*subject = fill(d, TMPL_OFFICER, true, v, NELEM(v));
		body = fill(d, TMPL_OFFICER, false, v, NELEM(v));
	}
	free(one_subject);
	sb_free(&items);
	sb_free(&subj);
	return body;
}

char *
compose_digest(const struct compose *d, const struct notice *no,
    char **subject)
{
	const struct conf *c = d->conf;
	const struct people *pp = d->people;
	const struct compliance *cp = d->compliance;
	struct strbuf people = { 0 };
	char today[DATE_ISO_LEN], exp[DATE_ISO_LEN], count[16];
	const char *name = no->supervisor;
	const char *agency = "";
	uint32_t s;
	size_t i, k;
	char *body;

	s = people_find_key(pp, no->supervisor);
	if (s != NO_PERSON)
		name = pp->v[s].name;
	for (i = 0; i < no->nmembers; i++) {
		const struct person *p = &pp->v[no->members[i]];

		agency = pp->agency[p->agency];
		sb_printf(&people, "  %s (%s)\n", p->name, p->id);
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, no->members[i], k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);

			if (st == ST_EXPIRING)
				sb_printf(&people, "    %s expires %s, in %ld "
				    "days\n", c->certs[k].name, date_iso(e, exp),
				    (long)e - cp->today);
			else if (st == ST_EXPIRED)
				sb_printf(&people, "    %s expired %s\n",
				    c->certs[k].name, date_iso(e, exp));
			else if (st == ST_MISSING && c->certs[k].required &&
			    (p->sworn || (p->selected &&
			    c->certs[k].required_for_selected)))
				sb_printf(&people, "    %s missing\n",
				    c->certs[k].name);
		}
	}
	snprintf(count, sizeof(count), "%zu", no->nmembers);
	{
		struct tmpl_var v[] = {
			{ "name", name }, { "count", count },
			{ "people", sb_str(&people) },
			{ "refresher_info", c->mail.refresher_info ?
			    c->mail.refresher_info : "" },
			{ "agency", agency },
			{ "today", date_iso(cp->today, today) },
		};

		*subject = fill(d, TMPL_DIGEST, true, v, NELEM(v));
		body = fill(d, TMPL_DIGEST, false, v, NELEM(v));
	}
	sb_free(&people);
	return body;
}

char *
compose_summary(const struct compose *d, const struct strlist *failed,
    char **subject)
{
	const struct compliance *cp = d->compliance;
	struct strbuf status = { 0 }, failures = { 0 };
	char today[DATE_ISO_LEN], *report = NULL, *body;
	size_t len = 0, a, k, i;
	FILE *fp = open_memstream(&report, &len);

	for (a = 0; a < cp->nagencies; a++) {
		report_agency_text(fp, d->conf, cp, &cp->agency[a]);
		if (cp->agency[a].sworn == 0) {
			sb_add(&status, status.len ? ", " : "");
			if (cp->nagencies > 1)
				sb_printf(&status, "%s ", cp->agency[a].name);
			sb_add(&status, "no sworn officers");
			continue;
		}
		for (k = 0; k < cp->ncerts; k++)
			if (!cp->agency[a].cert[k].met) {
				sb_add(&status, status.len ? ", " : "");
				if (cp->nagencies > 1)
					sb_printf(&status, "%s ",
					    cp->agency[a].name);
				sb_printf(&status, "%s below %d %%",
				    d->conf->certs[k].name,
				    d->conf->certs[k].threshold_pct);
			}
	}
	fclose(fp);
	if (failed->n > 0) {
		sb_add(&failures, "Notices that could not be delivered:\n");
		for (i = 0; i < failed->n; i++)
			sb_printf(&failures, "  %s\n", failed->v[i]);
	}
	{
		struct tmpl_var v[] = {
			{ "today", date_iso(cp->today, today) },
			{ "status", status.len ? sb_str(&status) :
			    "all thresholds met" },
			{ "report", report }, { "failures", sb_str(&failures) },
		};

		*subject = fill(d, TMPL_SUMMARY, true, v, NELEM(v));
		body = fill(d, TMPL_SUMMARY, false, v, NELEM(v));
	}
	free(report);
	sb_free(&status);
	sb_free(&failures);
	return body;
}
