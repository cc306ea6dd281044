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
#include "ics.h"
#include "mailhtml.h"
#include "report.h"
#include "strbuf.h"
#include "strlist.h"
#include "strmap.h"
#include "text.h"

static const char *
agency_of(const struct compose *d, const struct person *p)
{
	return d->people->agency[p->agency];
}

/* A person's supervisor on the roster, or NULL: none, or themselves (an
 * agency's head is not told to ask themselves). */
static const struct person *
supervisor_person(const struct compose *d, const struct person *p)
{
	uint32_t s;

	if (p->supervisor_id == NULL)
		return NULL;
	s = people_find_key(d->people, p->supervisor_key);
	return s == NO_PERSON || &d->people->v[s] == p ? NULL :
	    &d->people->v[s];
}

static char *
fill(const struct compose *d, enum tmpl_kind k, bool subject,
    const struct tmpl_var *v, size_t n)
{
	return template_fill(subject ? d->templates->subject[k] :
	    d->templates->body[k], v, n);
}

/* The same, with a certification's own text where a file gave one. */
static char *
fill_cert(const struct compose *d, enum tmpl_kind k, const char *cert,
    bool subject, const struct tmpl_var *v, size_t n)
{
	return template_fill(template_text(d->templates, k, cert, subject), v,
	    n);
}

/* A day as the mail writes it: "Wednesday, December 23, 2026". */
static const char *
day_words(const struct compose *d, day_t day, char buf[DATE_WORDS_LEN])
{
	if (day == DAY_NONE)
		return "";
	if (d->conf->date_style_iso)
		return date_iso(day, buf);
	return date_words(day, buf);
}

/* "today", "tomorrow", "in 30 days"; "yesterday", "3 days ago". */
static const char *
days_words(long days, char buf[32])
{
	if (days == 0)
		return "today";
	if (days == 1)
		return "tomorrow";
	if (days == -1)
		return "yesterday";
	if (days > 0)
		snprintf(buf, 32, "in %ld days", days);
	else
		snprintf(buf, 32, "%ld days ago", -days);
	return buf;
}

/* What to do about a notice, in words that fit the certification: MHFA's
 * online recertification is open only while it is valid; CIT has no such
 * thing, but in-service refreshers and the 40-hour course. */
static const char *
advice(const struct conf_cert *ct, enum tmpl_kind k)
{
	switch (k) {
	case TMPL_REMINDER:
		return ct->advice.renew;
	case TMPL_EXPIRED:
		return ct->required ? ct->advice.expired : ct->advice.voluntary;
	default:
		return ct->advice.missing;
	}
}

/* When a booking is: its class's day, time and place where the calendar
 * has it, else the day booked. */
static void
booked_when(const struct compose *d, const struct class_booking *b,
    struct strbuf *sb)
{
	char day[DATE_WORDS_LEN];

	if (b->cls >= 0)
		classes_when(&d->classes->v[b->cls], d->conf->date_style_iso,
		    sb);
	else
		sb_add(sb, day_words(d, b->day, day));
}

/* A class as an event of the officer's calendar file, once. */
static void
class_event(const struct compose *d, size_t cls, struct ics *ics,
    struct strlist *added)
{
	const struct class *k = &d->classes->v[cls];
	struct strbuf desc = { 0 };
	char today[DATE_ISO_LEN];
	struct ics_event e = { .uid = k->uid, .day = k->day,
	    .minute = k->minute, .end_day = k->end_day,
	    .end_minute = k->end_minute,
	    .summary = k->title, .location = k->location, .url = k->signup };
	if (strlist_has(added, k->uid))
		return;
	strlist_add(added, k->uid);
	if (k->seats > 0)
		sb_printf(&desc, "%d %s left on %s.", k->seats,
		    plural(k->seats, "seat", "seats"),
		    date_iso(d->compliance->today, today));
	if (k->signup != NULL)
		sb_printf(&desc, "%sSign up: %s", desc.len ? "\n" : "",
		    k->signup);
	e.description = desc.len ? desc.s : NULL;
	ics_event(ics, &e);
	sb_free(&desc);
}

/* The expiry day of a notice still to come as an all-day event; its UID
 * is the person's and certification's, so a renewal moves it. */
static void
expiry_event(const struct compose *d, const struct person *p,
    const struct notice *no, struct ics *ics)
{
	const struct conf_cert *ct = &d->conf->certs[no->cert];
	char day[DATE_WORDS_LEN], *uid, *summary, *desc;
	struct ics_event e = { .day = no->expires, .minute = -1,
	    .end_minute = -1, .transparent = true };
	size_t idn = strlen(p->id), cn = strlen(ct->name);
	char *key = xmalloc(idn + cn + 2);

	if (no->expires == DAY_NONE || no->expires == DAY_FOREVER ||
	    no->expires < d->compliance->today) {
		free(key);
		return;
	}
	/* no roster text in the UID: a hash of the id and certification */
	memcpy(key, p->id, idn + 1);
	memcpy(key + idn + 1, ct->name, cn + 1);
	uid = xasprintf("expiry-%016llx@certminder", (unsigned long long)
	    hash_bytes(key, idn + cn + 1));
	summary = xasprintf("%s expires", ct->title ? ct->title : ct->name);
	desc = xasprintf("Your %s certification is valid through %s; renew "
	    "it before then.", ct->name, day_words(d, no->expires, day));
	e.uid = uid;
	e.summary = summary;
	e.description = desc;
	ics_event(ics, &e);
	free(key);
	free(uid);
	free(summary);
	free(desc);
}

/*
 * Where to train, after a notice's words: the person's booking when one
 * is on record (a class after the expiry, or one they missed), and up to
 * CLASSES_SHOWN classes that fit, each with its seats and sign-up link;
 * with ics, the same classes as events of the calendar file.
 */
static void
class_lines(const struct compose *d, uint32_t person, const struct notice *no,
    struct strbuf *sb, struct ics *ics, struct strlist *added)
{
	const struct classes *cs = d->classes;
	const struct class_booking *b = classes_booking(cs, person, no->cert);
	size_t fit[CLASSES_SHOWN], n, i;
	char day[DATE_WORDS_LEN];

	if (cs == NULL || (cs->n == 0 && b == NULL))
		return;
	while (sb->len > 0 && sb->s[sb->len - 1] == '\n')
		sb->s[--sb->len] = '\0';
	if (b != NULL && b->no_show)
		sb_printf(sb, "\nYou were booked for %s on %s, and no completion "
		    "is on record since: please book a class again.", b->course,
		    day_words(d, b->day, day));
	else if (b != NULL) {
		sb_printf(sb, "\nYou are booked for %s on ", b->course);
		booked_when(d, b, sb);
		if (no->expires != DAY_NONE &&
		    classes_booked_done(cs, b) > no->expires)
			sb_add(sb, ", after it expires: an earlier class keeps "
			    "it valid.");
		else
			sb_add(sb, ".");
		if (ics != NULL && b->cls >= 0)
			class_event(d, (size_t)b->cls, ics, added);
	}
	n = classes_fitting(cs, d->conf, d->people, person, no->cert,
	    d->compliance->today, fit, CLASSES_SHOWN, NULL);
	if (n > 0)
		sb_add(sb, "\nClasses with seats:");
	for (i = 0; i < n; i++) {
		const struct class *k = &cs->v[fit[i]];

		sb_add(sb, "\n  - ");
		classes_when(k, d->conf->date_style_iso, sb);
		sb_printf(sb, ": %s", k->title);
		if (k->seats > 0)
			sb_printf(sb, " (%d %s left)", k->seats,
			    plural(k->seats, "seat", "seats"));
		if (no->expires != DAY_NONE && no->expires >=
		    d->compliance->today && classes_done(k) > no->expires)
			sb_add(sb, ", after it expires");
		if (k->signup != NULL)
			sb_printf(sb, "\n    Sign up: %s", k->signup);
		if (ics != NULL)
			class_event(d, fit[i], ics, added);
	}
	sb_addc(sb, '\n');
}

char *
compose_officer(const struct compose *d, uint32_t person,
    const size_t *idx, size_t n, char **subject, char **ics)
{
	struct ics cal;
	struct strlist added = { 0 };
	const struct conf *c = d->conf;
	const struct person *p = &d->people->v[person];
	const struct person *sup = supervisor_person(d, p);
	struct strbuf items = { 0 }, subj = { 0 };
	char today[DATE_WORDS_LEN], exp[DATE_WORDS_LEN], days[16], ago[16];
	char stage[16], when[32], why[256];
	char *body, *one_subject = NULL;
	size_t i;
	bool trained = false;

	day_words(d, d->compliance->today, today);
	if (ics != NULL)
		ics_begin(&cal, d->compliance->today);
	for (i = 0; i < n; i++) {
		const struct notice *no = &d->plan->v[idx[i]];
		const struct conf_cert *ct = &c->certs[no->cert];
		enum tmpl_kind k = no->kind == NOTICE_REMINDER ? TMPL_REMINDER :
		    no->kind == NOTICE_EXPIRED ? TMPL_EXPIRED : TMPL_MISSING;
		long left = no->expires == DAY_NONE ? 0L :
		    (long)no->expires - d->compliance->today;
		struct tmpl_var v[] = {
			{ "cert", ct->name }, { "title", ct->title },
			{ "expires", day_words(d, no->expires, exp) },
			{ "when", days_words(left, when) },
			{ "ago", days_words(left, when) },
			{ "days_left", days }, { "days_ago", ago },
			{ "advice", advice(ct, k) }, { "why", why },
			{ "stage", stage }, { "name", p->name },
			{ "agency", agency_of(d, p) }, { "today", today },
		};
		char *text;

		trained |= no->kind != NOTICE_MISSING;
		snprintf(days, sizeof(days), "%ld", left);
		snprintf(ago, sizeof(ago), "%ld", -left);
		snprintf(why, sizeof(why), p->sworn ? "%s has pledged that every "
		    "sworn officer holds one." : "%s has asked that staff in "
		    "your role hold one as well.", agency_of(d, p));
		notice_stage(no, stage);
		if (i)
			sb_add(&items, "\n");
		text = fill_cert(d, k, ct->name, false, v, NELEM(v));
		sb_add(&items, text);
		free(text);
		class_lines(d, person, no, &items, ics ? &cal : NULL, &added);
		if (ics != NULL && d->classes != NULL && d->classes->n > 0)
			expiry_event(d, p, no, &cal);
		if (n == 1)
			one_subject = fill_cert(d, k, ct->name, true, v,
			    NELEM(v));
		else {
			sb_add(&subj, i ? ", " : "Your training certifications "
			    "need attention: ");
			sb_add(&subj, c->certs[no->cert].name);
		}
	}
	/* the officer's text puts the line end after the items */
	while (items.len > 0 && items.s[items.len - 1] == '\n')
		items.s[--items.len] = '\0';
	if (ics != NULL && cal.events > 0)
		sb_printf(&items, "\nThe attached training.ics puts %s in your "
		    "calendar.", added.n == 0 ? "the expiry" : cal.events >
		    added.n ? "these classes and the expiry" : "these classes");
	{
		char *greeting = p->rank != NULL ? xasprintf("%s %s", p->rank,
		    p->name) : xstrdup(p->name);
		struct tmpl_var v[] = {
			{ "subject", one_subject ? one_subject : sb_str(&subj) },
			{ "greeting", greeting },
			{ "name", p->name }, { "id", p->id },
			{ "items", sb_str(&items) },
			/* refresher words to one who trained, not to one
			 * who never did */
			{ "refresher_info", c->mail.refresher_info && trained ?
			    c->mail.refresher_info : "" },
			{ "supervisor", sup ? sup->name : "your supervisor" },
			{ "agency", agency_of(d, p) }, { "today", today },
		};

		*subject = fill(d, TMPL_OFFICER, true, v, NELEM(v));
		body = fill(d, TMPL_OFFICER, false, v, NELEM(v));
		free(greeting);
	}
	free(one_subject);
	sb_free(&items);
	sb_free(&subj);
	strlist_free(&added);
	if (ics != NULL) {
		ics_end(&cal);
		*ics = cal.events > 0 ? sb_steal(&cal.sb) : NULL;
		sb_free(&cal.sb);
	}
	return body;
}

/* Under a digest's line: the class the person is booked for, or the one
 * they missed. */
static void
booking_line(const struct compose *d, uint32_t person, size_t k,
    struct strbuf *sb)
{
	const struct class_booking *b = classes_booking(d->classes, person, k);
	char day[DATE_WORDS_LEN];

	if (b == NULL)
		return;
	if (b->no_show)
		sb_printf(sb, "      missed %s on %s: no completion on record\n",
		    b->course, day_words(d, b->day, day));
	else {
		sb_printf(sb, "      booked for %s on ", b->course);
		booked_when(d, b, sb);
		sb_addc(sb, '\n');
	}
}

/* Who left the list since the supervisor's last digest, and why: a
 * renewal is named, not only felt as a digest with nothing new in it. */
static void
digest_gone_words(const struct people *pp, const struct notice_digest *dg,
    struct strbuf *sb)
{
	static const char *const why[] = {
		[GONE_NOTHING_DUE] = "nothing due now: renewed or trained",
		[GONE_OTHER_LIST] = "now on another supervisor's list",
		[GONE_INACTIVE] = "no longer active on the roster",
		[GONE_OFF_ROSTER] = "no longer on the roster",
	};
	size_t i;

	if (dg->ngone == 0)
		return;
	sb_add(sb, "\nNo longer on your list since your last digest:\n");
	for (i = 0; i < dg->ngone; i++) {
		const struct notice_gone *g = &dg->gone[i];

		if (g->person != NO_PERSON)
			sb_printf(sb, "  %s (%s) -- %s\n",
			    pp->v[g->person].name, g->id, why[g->why]);
		else
			sb_printf(sb, "  %s -- %s\n", g->id, why[g->why]);
	}
}

char *
compose_digest(const struct compose *d, const struct notice *no,
    bool forwarded, char **subject)
{
	const struct conf *c = d->conf;
	const struct people *pp = d->people;
	const struct compliance *cp = d->compliance;
	const struct notice_digest *dg = no->digest;
	struct strbuf people = { 0 };
	char today[DATE_WORDS_LEN], exp[DATE_WORDS_LEN], count[16], when[32];
	char people_count[32];
	const char *name = notice_digest_name(pp, dg);
	const char *agency = "";
	size_t i, k;
	char *body;

	for (i = 0; i < dg->nmembers; i++) {
		const struct person *p = &pp->v[dg->members[i]];

		agency = pp->agency[p->agency];
		sb_printf(&people, "  %s (%s)%s", p->name, p->id,
		    p->email == NULL ? "  -- no e-mail on file, not notified" :
		    "");
		if (dg->had_before && dg->fresh != NULL && dg->fresh[i])
			sb_add(&people, "  -- new since your last digest");
		for (k = 0; dg->renewed != NULL && k < c->ncerts && k < 32;
		    k++)
			if (dg->renewed[i] & UINT32_C(1) << k)
				sb_printf(&people, "  -- %s renewed since your "
				    "last digest", c->certs[k].name);
		if (dg->escalated != NULL && dg->escalated[i]) {
			/* a lapse that has lasted: the level above hears */
			const struct person *sup = supervisor_person(d, p);

			sb_printf(&people, "  -- escalated from %s's team",
			    sup != NULL ? sup->name : "a supervisor's");
		}
		sb_addc(&people, '\n');
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, dg->members[i], k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);

			if (st == ST_EXPIRING)
				sb_printf(&people, "    %s expires %s (%s)\n",
				    c->certs[k].name, day_words(d, e, exp),
				    days_words((long)e - cp->today, when));
			else if (st == ST_EXPIRED)
				sb_printf(&people, "    %s expired %s (%s)\n",
				    c->certs[k].name, day_words(d, e, exp),
				    days_words((long)e - cp->today, when));
			else if (st == ST_MISSING &&
			    notice_must_hold(&c->certs[k], p))
				sb_printf(&people, "    %s missing\n",
				    c->certs[k].name);
			else
				continue;
			booking_line(d, dg->members[i], k, &people);
		}
	}
	digest_gone_words(pp, dg, &people);
	snprintf(count, sizeof(count), "%zu", dg->nmembers);
	snprintf(people_count, sizeof(people_count), "%zu %s", dg->nmembers,
	    plural((long)dg->nmembers, "person", "people"));
	{
		struct tmpl_var v[] = {
			{ "name", name }, { "count", count },
			{ "people_count", people_count },
			{ "people", sb_str(&people) },
			{ "refresher_info", c->mail.refresher_info ?
			    c->mail.refresher_info : "" },
			{ "agency", agency },
			{ "today", day_words(d, cp->today, today) },
		};

		*subject = fill(d, TMPL_DIGEST, true, v, NELEM(v));
		body = fill(d, TMPL_DIGEST, false, v, NELEM(v));
	}
	if (forwarded) {
		/* the supervisor cannot be mailed: the coordinator reads it */
		char *subj = xasprintf("[for %s] %s", name, *subject);
		char *text = xasprintf("This digest cannot go to %s, so it "
		    "comes to you\ninstead: %s.\n\n%s", name,
		    notice_gap_words(notice_digest_gap(pp, dg)), body);

		free(*subject);
		free(body);
		*subject = subj;
		body = text;
	}
	sb_free(&people);
	return body;
}

/* A subject stays under 78 characters however many agencies: past 40
 * the status becomes a count. */
static void
short_status(const struct compliance *cp, const char *agency,
    struct strbuf *status)
{
	size_t a, k, below = 0, notmet = 0, counted = 0;

	if (status->len <= 40)
		return;
	for (a = 0; a < cp->nagencies; a++) {
		bool any = false;

		/* an agency without sworn officers has no pledge figure */
		if ((agency != NULL && strcmp(agency, cp->agency[a].name) != 0) ||
		    cp->agency[a].sworn == 0)
			continue;
		counted++;
		for (k = 0; k < cp->ncerts; k++)
			if (!cp->agency[a].cert[k].met) {
				any = true;
				notmet++;
			}
		below += any;
	}
	sb_reset(status);
	if (cp->nagencies > 1 && agency == NULL)
		sb_printf(status, "%zu of %zu %s below a threshold", below,
		    counted, plural((long)counted, "agency", "agencies"));
	else
		sb_printf(status, "%zu thresholds not met", notmet);
}

/* A person as the summary names them: with their agency beside the name
 * when the summary is about more than one ("Kai Jensen, North PD"). */
static const char *
shown_name(const struct compose *d, uint32_t i, const char *agency)
{
	static char buf[512];
	const struct person *p = &d->people->v[i];

	if (agency != NULL || d->compliance->nagencies < 2)
		return p->name;
	snprintf(buf, sizeof(buf), "%s, %s", p->name,
	    d->people->agency[p->agency]);
	return buf;
}

/* Whether person i belongs to the agency a summary is for (NULL: all). */
static bool
of_agency(const struct compose *d, uint32_t i, const char *agency)
{
	return agency == NULL || strcmp(agency_of(d, &d->people->v[i]),
	    agency) == 0;
}

#define CHANGES_SHOWN	10	/* names in each line of "Since the last summary" */

char *
compose_state(const struct compose *d)
{
	const struct people *pp = d->people;
	const struct compliance *cp = d->compliance;
	struct strbuf sb = { 0 };
	size_t i, a, k;

	sb_printf(&sb, "@%ld\n", (long)cp->today);
	/* the certifications the expiries below are of, in their order */
	sb_addc(&sb, '!');
	for (k = 0; k < cp->ncerts; k++)
		sb_printf(&sb, "%s%s", k ? "\t" : "", d->conf->certs[k].name);
	sb_addc(&sb, '\n');
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < cp->ncerts; k++)
			sb_printf(&sb, "#%s\t%s\t%d\n", cp->agency[a].name,
			    d->conf->certs[k].name, cp->agency[a].cert[k].met);
	for (i = 0; i < pp->n; i++) {
		if (!pp->v[i].active)
			continue;
		/* "=" first: an id may itself start with "@" or "#" */
		sb_addc(&sb, '=');
		sb_add(&sb, pp->v[i].key);
		for (k = 0; k < pp->ncerts; k++)
			sb_printf(&sb, "\t%ld",
			    (long)*people_expires(pp, (uint32_t)i, k));
		sb_addc(&sb, '\n');
	}
	return sb_steal(&sb);
}

/* Names, a line of them: the first CHANGES_SHOWN, then how many more. */
static void
name_line(struct strbuf *sb, const char *what, const struct strlist *names)
{
	size_t i;

	if (names->n == 0)
		return;
	sb_printf(sb, "  %s: ", what);
	for (i = 0; i < names->n && i < CHANGES_SHOWN; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", names->v[i]);
	if (names->n > CHANGES_SHOWN)
		sb_printf(sb, " and %zu more", names->n - CHANGES_SHOWN);
	sb_addc(sb, '\n');
}

/* A person as the last summary saw them. */
struct then_person {
	const char	*key;
	const char	*expiries;	/* "<day>\t<day>...", of then_certs */
	bool		 here;		/* still active */
};

/*
 * The certifications the last summary's expiries are of ("!MHFA\tCIT"):
 * then[j] is the configured certification the j-th expiry is of, or -1
 * for one no longer configured.  A memory written before it named them
 * is in the configured order.  Returns how many.
 */
static size_t
then_certs(const struct compose *d, const char *line, long *then,
    size_t max)
{
	const char *p = line;
	size_t j, k, n;

	if (line == NULL) {
		for (j = 0; j < d->conf->ncerts && j < max; j++)
			then[j] = (long)j;
		return j;
	}
	for (j = 0; *p != '\0' && j < max; j++) {
		n = strcspn(p, "\t");
		then[j] = -1;
		for (k = 0; k < d->conf->ncerts; k++)
			if (strlen(d->conf->certs[k].name) == n &&
			    strncmp(d->conf->certs[k].name, p, n) == 0)
				then[j] = (long)k;
		p += n + (p[n] == '\t');
	}
	return j;
}

/* The expiry the last summary saw of certification k into *was, from
 * its line's expiries of the certifications then[0..nthen); false when it
 * did not know the certification (configured since): nothing to compare. */
static bool
then_expiry(const char *expiries, const long *then, size_t nthen, size_t k,
    long *was)
{
	const char *e = expiries;
	size_t j;

	for (j = 0; j < nthen && e != NULL; j++) {
		if (then[j] == (long)k) {
			*was = atol(e);
			return true;
		}
		if ((e = strchr(e, '\t')) != NULL)
			e++;
	}
	return false;
}

/* A line of "changes": "Ana Alvarez (MHFA)". */
static void
add_named(struct strlist *l, const char *name, const char *cert)
{
	char *s = cert ? xasprintf("%s (%s)", name, cert) : xstrdup(name);

	strlist_add(l, s);
	free(s);
}

/* One who left the roster, named by their key: "100", or with ids per
 * agency "100 (North PD)". */
static void
add_left(struct strlist *l, const char *key)
{
	const char *id = people_key_id(key);
	char *agency;

	if (id == key) {
		add_named(l, key, NULL);
		return;
	}
	agency = xstrndup(key, (size_t)(id - 1 - key));
	add_named(l, id, agency);
	free(agency);
}

/* Threshold lines "#agency\tcert\tmet" of the last state against now. */
static void
flipped(const struct compose *d, const char *agency, const char *line,
    struct strlist *flips)
{
	const struct compliance *cp = d->compliance;
	struct strbuf want = { 0 };
	size_t a, k;

	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < cp->ncerts; k++) {
			sb_reset(&want);
			sb_printf(&want, "#%s\t%s\t", cp->agency[a].name,
			    d->conf->certs[k].name);
			if (strncmp(line, want.s, want.len) != 0 ||
			    (agency != NULL && strcmp(agency,
			    cp->agency[a].name) != 0) ||
			    atoi(line + want.len) == cp->agency[a].cert[k].met)
				continue;
			sb_reset(&want);
			sb_printf(&want, "%s%s%s %s", cp->nagencies > 1 ?
			    cp->agency[a].name : "", cp->nagencies > 1 ? " " :
			    "", d->conf->certs[k].name,
			    cp->agency[a].cert[k].met ? "is met again" :
			    "fell below its threshold");
			strlist_add(flips, sb_str(&want));
		}
	sb_free(&want);
}

/*
 * What changed since the last summary sent: thresholds that flipped, who
 * renewed, who newly expired, who joined and who left -- against the state
 * that summary kept (compose_state).
 */
static void
changes(const struct compose *d, const char *agency, struct strbuf *sb)
{
	const struct people *pp = d->people;
	const struct compliance *cp = d->compliance;
	struct strlist flips = { 0 }, renewed = { 0 }, expired = { 0 },
	    joined = { 0 }, left = { 0 }, first = { 0 };
	struct then_person *tp = NULL;
	struct strmap index = { 0 };
	char *copy, *p, *nl, *tab, *names = NULL, when[DATE_WORDS_LEN];
	long certs_then[64];
	size_t ntp = 0, nthen, i, k;
	long then = -1;
	uint32_t v, s;

	if (d->last_state == NULL)
		return;
	copy = xstrdup(d->last_state);
	for (p = copy; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		if (*p == '@')
			then = atol(p + 1);
		else if (*p == '!')
			names = p + 1;
		else if (*p == '#')
			flipped(d, agency, p, &flips);
		else if ((tab = strchr(p += *p == '=', '\t')) != NULL) {
			/* "=key\t...", or "key\t..." as releases before
			 * wrote it */
			tp = xreallocarray(tp, ntp + 1, sizeof(*tp));
			tp[ntp].key = p;
			tp[ntp].expiries = tab + 1;
			tp[ntp].here = false;
			*tab = '\0';
			strmap_put(&index, p, (size_t)(tab - p),
			    (uint32_t)ntp);
			ntp++;
		}
	}
	nthen = then_certs(d, names, certs_then, NELEM(certs_then));
	for (i = 0; i < pp->n; i++) {
		const struct person *ps = &pp->v[i];

		if (!ps->active || !of_agency(d, (uint32_t)i, agency))
			continue;
		if (!strmap_get(&index, ps->key, strlen(ps->key), &v)) {
			add_named(&joined, shown_name(d, (uint32_t)i, agency),
			    NULL);
			continue;
		}
		tp[v].here = true;
		for (k = 0; k < pp->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			long was;

			if (!then_expiry(tp[v].expiries, certs_then, nthen, k,
			    &was))
				continue;

			/* a first training is no renewal */
			if (e != DAY_NONE && e >= cp->today && was == DAY_NONE)
				add_named(&first, shown_name(d, (uint32_t)i,
				    agency), d->conf->certs[k].name);
			else if (e != DAY_NONE && e >= cp->today && e > was)
				add_named(&renewed, shown_name(d, (uint32_t)i,
				    agency), d->conf->certs[k].name);
			else if (e != DAY_NONE && e == was && e < cp->today &&
			    then >= 0 && e >= then)
				add_named(&expired, shown_name(d, (uint32_t)i,
				    agency), d->conf->certs[k].name);
		}
	}
	for (i = 0; i < ntp; i++) {
		if (tp[i].here)
			continue;
		s = people_find_key(pp, tp[i].key);
		if (s != NO_PERSON && !of_agency(d, s, agency))
			continue;
		if (s == NO_PERSON && agency != NULL)
			continue;	/* gone from the roster: whose was it? */
		if (s != NO_PERSON)
			add_named(&left, shown_name(d, s, agency), NULL);
		else
			add_left(&left, tp[i].key);
	}
	if (flips.n + renewed.n + first.n + expired.n + joined.n + left.n > 0) {
		sb_printf(sb, "Since the last summary (%s):\n", then >= 0 ?
		    day_words(d, (day_t)then, when) : "earlier");
		name_line(sb, "thresholds", &flips);
		name_line(sb, "renewed", &renewed);
		name_line(sb, "trained for the first time", &first);
		name_line(sb, "newly expired", &expired);
		name_line(sb, "new on the roster", &joined);
		name_line(sb, "left", &left);
		sb_addc(sb, '\n');
	}
	strlist_free(&flips);
	strlist_free(&renewed);
	strlist_free(&first);
	strlist_free(&expired);
	strlist_free(&joined);
	strlist_free(&left);
	strmap_free(&index);
	free(tp);
	free(copy);
}

bool
compose_summary_news(const struct compose *d, const char *agency)
{
	struct strbuf sb = { 0 };
	bool news;

	if (d->last_state == NULL)
		return true;		/* the first summary is news */
	changes(d, agency, &sb);
	news = sb.len > 0;
	sb_free(&sb);
	return news;
}

#define SCHEDULE_SHOWN	10	/* people named in "To schedule first" */

/* Under a person to schedule: the class the booking plan gives them. */
static void
place_line(const struct compose *d, const struct place *pl, struct strbuf *sb)
{
	char day[DATE_WORDS_LEN];

	switch (pl->state) {
	case PLACE_NONE:
		return;
	case PLACE_BOOKED:
	case PLACE_PLANNED:
		sb_printf(sb, "    %s %s on %s", pl->state == PLACE_BOOKED ?
		    "booked for" : "a seat in", pl->title,
		    day_words(d, pl->day, day));
		if (pl->minute >= 0)
			sb_printf(sb, ", %02d:%02d", pl->minute / 60,
			    pl->minute % 60);
		sb_add(sb, pl->late ? ", after the deadline\n" : "\n");
		return;
	case PLACE_UNPLACED:
		sb_printf(sb, "    no seat: %s\n", pl->why);
		return;
	}
}

/* Whom to book first (d->schedule, of agency or all); the first
 * SCHEDULE_SHOWN, and how many more. */
static void
schedule_first(const struct compose *d, const char *agency, struct strbuf *sb)
{
	const struct conf *c = d->conf;
	const struct people *pp = d->people;
	char day[DATE_WORDS_LEN];
	size_t i, shown = 0, more = 0;

	for (i = 0; i < d->nschedule; i++) {
		const struct to_train *b = &d->schedule[i];

		if (!of_agency(d, b->person, agency))
			continue;
		if (shown == SCHEDULE_SHOWN) {
			more++;
			continue;
		}
		if (shown++ == 0)
			sb_add(sb, "To schedule first:\n");
		sb_printf(sb, "  %s (%s), %s%s: %s%s\n", shown_name(d,
		    b->person, agency), pp->v[b->person].id,
		    c->certs[b->cert].name, b->required ? "" : " (voluntary)",
		    b->need == NEED_EXPIRED ? "expired, as soon as possible" :
		    b->need == NEED_EXPIRING ? "by " :
		    b->train_by > d->compliance->today ?
		    "never trained, new hire: by " : "never trained",
		    b->need == NEED_EXPIRED || b->train_by ==
		    d->compliance->today ? "" : day_words(d, b->train_by, day));
		if (d->places != NULL)
			place_line(d, &d->places[i], sb);
	}
	if (more > 0)
		sb_printf(sb, "  and %zu more\n", more);
	if (shown > 0)
		sb_add(sb, "\n");
}

/* Tonight's notices to officers, by kind and name. */
static void
tonight(const struct compose *d, const char *agency, struct strbuf *sb)
{
	/* what the officers were told tonight, which is not what happened
	 * tonight: an expiry of September is told again in December */
	static const char *const heading[] = { "Reminded tonight",
	    "Told tonight it has expired", "Told tonight it is missing" };
	const struct notice_plan *np = d->plan;
	enum notice_kind kind;
	uint32_t last;
	size_t i, n, start = sb->len;

	for (kind = NOTICE_REMINDER; kind <= NOTICE_MISSING; kind++) {
		last = NO_PERSON;
		for (i = n = 0; i < np->n; i++) {
			const struct notice *no = &np->v[i];

			if (no->kind != kind || !of_agency(d, no->person, agency))
				continue;
			if (n++ == 0)
				sb_printf(sb, "%s:", heading[kind -
				    NOTICE_REMINDER]);
			if (no->person == last)
				sb_printf(sb, ", %s", d->conf->certs[no->cert].name);
			else
				sb_printf(sb, "%s %s (%s", last == NO_PERSON ?
				    "" : ");", shown_name(d, no->person, agency),
				    d->conf->certs[no->cert].name);
			last = no->person;
		}
		if (n > 0)
			sb_add(sb, ")\n");
	}
	if (sb->len > start)
		sb_add(sb, "\n");
}

/* Who could not be told tonight for want of an address, by name. */
static void
unreachable(const struct compose *d, const char *agency, struct strbuf *sb)
{
	const struct notice_plan *np = d->plan;
	const struct people *pp = d->people;
	uint32_t last = NO_PERSON;
	size_t i;
	bool any = false;

	for (i = 0; i < np->n; i++) {
		const struct notice *no = &np->v[i];

		if (no->to != NULL || no->kind == NOTICE_SUMMARY ||
		    (no->kind == NOTICE_DIGEST ? agency != NULL &&
		    !of_agency(d, no->digest->members[0], agency) :
		    !of_agency(d, no->person, agency)))
			continue;
		if (!any)
			sb_add(sb, "Not notified, no usable e-mail address on "
			    "file:\n");
		any = true;
		if (no->kind == NOTICE_DIGEST) {
			/* the heading says the common reason */
			enum digest_gap g = notice_digest_gap(pp, no->digest);

			sb_printf(sb, "  the digest for %s (%s%ssent to you "
			    "instead)\n", notice_digest_name(pp, no->digest),
			    g == GAP_NO_ADDRESS ? "" : notice_gap_words(g),
			    g == GAP_NO_ADDRESS ? "" : "; ");
		} else if (no->person != last) {
			sb_printf(sb, "  %s (%s)\n", pp->v[no->person].name,
			    pp->v[no->person].id);
			last = no->person;
		}
	}
	if (any)
		sb_add(sb, "\n");
}

char *
compose_summary(const struct compose *d, const struct strlist *failed,
    const char *agency, char **subject, char **html)
{
	const struct compliance *cp = d->compliance;
	struct strbuf status = { 0 }, failures = { 0 };
	char today[DATE_ISO_LEN], *report = NULL, *body;
	size_t len = 0, a, k, i;
	FILE *fp = open_memstream(&report, &len);
	bool named;

	/* the whole summary names each agency in its status; an agency's
	 * own needs no name */
	named = cp->nagencies > 1 && agency == NULL;
	for (a = 0; a < cp->nagencies; a++) {
		if (agency != NULL && strcmp(agency, cp->agency[a].name) != 0)
			continue;
		report_agency_text(fp, d->conf, cp, &cp->agency[a],
		    d->classes);
		if (cp->agency[a].sworn == 0) {
			sb_add(&status, status.len ? ", " : "");
			if (named)
				sb_printf(&status, "%s ", cp->agency[a].name);
			sb_add(&status, "no sworn officers");
			continue;
		}
		for (k = 0; k < cp->ncerts; k++)
			if (!cp->agency[a].cert[k].met) {
				sb_add(&status, status.len ? ", " : "");
				if (named)
					sb_printf(&status, "%s ",
					    cp->agency[a].name);
				sb_printf(&status, "%s below %d %%",
				    d->conf->certs[k].name,
				    d->conf->certs[k].threshold_pct);
			}
	}
	fclose(fp);
	short_status(cp, agency, &status);
	for (i = 0; agency == NULL && d->new_titles != NULL &&
	    i < d->new_titles->n; i++)
		sb_printf(&failures, "%s\n\n", d->new_titles->v[i]);
	changes(d, agency, &failures);
	tonight(d, agency, &failures);
	if (d->problems > 0)
		sb_printf(&failures, "Input problems: %zu (certminder --dry-run "
		    "lists each with its file and line).\n\n", d->problems);
	schedule_first(d, agency, &failures);
	/* an agency's own summary names only its people */
	if (failed->n > 0 && agency == NULL) {
		sb_add(&failures, "Notices that could not be delivered:\n");
		for (i = 0; i < failed->n; i++)
			sb_printf(&failures, "  %s\n", failed->v[i]);
		sb_add(&failures, "\n");
	}
	if (d->deferred != NULL && d->deferred->n > 0 && agency == NULL) {
		sb_add(&failures, "Deferred by the server, sent again next "
		    "run:\n");
		for (i = 0; i < d->deferred->n; i++)
			sb_printf(&failures, "  %s\n", d->deferred->v[i]);
		sb_add(&failures, "\n");
	}
	unreachable(d, agency, &failures);
	for (i = 0; agency == NULL && i < d->conf->nagencies; i++)
		if (d->conf->agencies[i].absent)
			sb_printf(&failures, "No summary for %s: the roster has "
			    "no agency of that name (agencies in the "
			    "configuration).\n\n", d->conf->agencies[i].name);
	{
		struct tmpl_var v[] = {
			{ "today", date_iso(cp->today, today) },
			{ "status", status.len ? sb_str(&status) :
			    "all thresholds met" },
			{ "report", report }, { "failures", sb_str(&failures) },
		};

		*subject = fill(d, TMPL_SUMMARY, true, v, NELEM(v));
		body = fill(d, TMPL_SUMMARY, false, v, NELEM(v));
		if (html != NULL) {
			/* the same text around the tables, drawn in HTML */
			static const char mark[] = "\x1e{report}\x1e";
			char *text, *at;

			v[2].value = mark;
			text = fill(d, TMPL_SUMMARY, false, v, NELEM(v));
			if ((at = strstr(text, mark)) != NULL) {
				*at = '\0';
				at += sizeof(mark) - 1;
			}
			*html = mailhtml_summary(d->conf, cp, d->classes, agency,
			    text, at ? at : "");
			free(text);
		}
	}
	free(report);
	sb_free(&status);
	sb_free(&failures);
	return body;
}
