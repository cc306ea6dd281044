#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alloc.h"
#include "figures.h"
#include "html.h"
#include "letter.h"
#include "strbuf.h"
#include "text.h"

#define WIDTH	72

/* A course counted for a certification, and how many people it covers. */
struct course {
	size_t		 cert;
	uint32_t	 title;
	int		 people;
	bool		 renewal;	/* a refresher renewed it */
	bool		 equivalent;	/* accepted in the course's place */
};

/* What the letter tells of one agency beyond the compliance figures. */
struct agency_records {
	struct course	*courses;
	size_t		 ncourses;
	day_t		 first;		/* earliest completion counted */
	day_t		 last;
};

/* "June 1, 2026", or ISO when the mail is written so. */
static const char *
long_date(const struct conf *c, day_t d, char buf[DATE_WORDS_LEN])
{
	const char *comma;

	if (c->date_style_iso)
		return date_iso(d, buf);
	date_words(d, buf);		/* "Monday, June 1, 2026" */
	comma = strchr(buf, ',');
	return comma ? comma + 2 : buf;
}

/*
 * Writes text with each line longer than WIDTH columns wrapped at its
 * spaces; the lines a long "- " item continues on are indented.  The
 * parts of the letter are written a paragraph to a line, so that a
 * template can place them anywhere.
 */
static void
wrap_lines(FILE *fp, const char *text)
{
	const char *line = text, *end, *p, *q;
	size_t col, w, indent;

	for (; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		indent = strncmp(line, "- ", 2) == 0 ? 4 : 0;
		col = 0;
		for (p = line; p < end; p = q) {
			const char *sp = p;

			while (p < end && *p == ' ' && col > 0)
				p++;
			for (q = p; q < end && (*q != ' ' || q == p); q++)
				;
			/* "100 %" stays on one line */
			while (q + 1 < end && q[0] == ' ' && q[1] == '%')
				for (q += 2; q < end && *q != ' '; q++)
					;
			for (w = 0, sp = p; sp < q; sp++)
				w += ((unsigned char)*sp & 0xc0) != 0x80;
			if (col > indent && col + 1 + w > WIDTH) {
				fprintf(fp, "\n%*s", (int)indent, "");
				col = indent;
			} else if (col > 0) {
				putc(' ', fp);
				col++;
			}
			fwrite(p, 1, (size_t)(q - p), fp);
			col += w;
		}
		if (*end == '\n')
			putc('\n', fp);
	}
}

static int
by_people(const void *a, const void *b)
{
	const struct course *x = a, *y = b;

	if (x->cert != y->cert)
		return x->cert < y->cert ? -1 : 1;
	if (x->people != y->people)
		return x->people > y->people ? -1 : 1;
	return x->title < y->title ? -1 : x->title > y->title;
}

/* Whether the training reader found title an equivalent of
 * certification k (the pledge FAQ's reading: ICAT for MHFA). */
static bool
equivalent(const struct report *r, size_t k, const char *title)
{
	size_t i;

	for (i = 0; i < r->training->n_cert_titles; i++) {
		const struct cert_title *ti = &r->training->cert_titles[i];

		if (ti->cert == (int)k && ti->equivalent &&
		    strcmp(ti->title, title) == 0)
			return true;
	}
	return false;
}

/* The courses behind the agency's counted certifications, and the days
 * they were completed. */
static void
gather(const struct report *r, const uint32_t *members, size_t n,
    struct agency_records *ar)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	size_t i, k, j;

	memset(ar, 0, sizeof(*ar));
	ar->first = ar->last = DAY_NONE;
	for (i = 0; i < n; i++) {
		uint32_t p = members[i];

		for (k = 0; k < c->ncerts; k++) {
			const struct record_source *src;

			if (pp->source == NULL || !compliance_counts(c, pp, p, k,
			    r->compliance->today))
				continue;
			src = people_source(pp, p, k);
			for (j = 0; j < ar->ncourses; j++)
				if (ar->courses[j].cert == k &&
				    ar->courses[j].title == src->title &&
				    ar->courses[j].renewal == src->renewal)
					break;
			if (j == ar->ncourses) {
				ar->courses = xreallocarray(ar->courses,
				    ar->ncourses + 1, sizeof(*ar->courses));
				ar->courses[ar->ncourses++] = (struct course){
				    k, src->title, 0, src->renewal,
				    equivalent(r, k, pp->titles[src->title]) };
			}
			ar->courses[j].people++;
			if (src->completed == DAY_NONE)
				continue;
			if (ar->first == DAY_NONE || src->completed < ar->first)
				ar->first = src->completed;
			if (ar->last == DAY_NONE || src->completed > ar->last)
				ar->last = src->completed;
		}
	}
	if (ar->ncourses > 0)
		qsort(ar->courses, ar->ncourses, sizeof(*ar->courses),
		    by_people);
}

/* ", or an equivalent course the pledge's FAQ accepts (ICAT)" naming
 * the equivalents counted for certification k; ", or an equivalent
 * course" when another certification counts for it (also_met_by). */
static void
equivalents(struct strbuf *sb, const struct people *pp,
    const struct conf_cert *ct, const struct agency_records *ar, size_t k)
{
	size_t i, n = 0;

	for (i = 0; i < ar->ncourses; i++) {
		const struct course *co = &ar->courses[i];

		if (co->cert != k || !co->equivalent)
			continue;
		sb_printf(sb, "%s%s", n++ ? ", " : ", or an equivalent course "
		    "the pledge's FAQ accepts (", pp->titles[co->title]);
	}
	if (n > 0)
		sb_addc(sb, ')');
	else if (ct->nalso > 0)
		sb_add(sb, ", or an equivalent course");
}

/* One paragraph per certification with a threshold, or without one, its
 * equivalents named. */
static void
certifications(struct strbuf *sb, const struct report *r,
    const struct agency_tally *ag, const struct agency_records *ar)
{
	const struct conf *c = r->conf;
	char pct[24];
	size_t k;

	for (k = 0; k < c->ncerts; k++) {
		const struct conf_cert *ct = &c->certs[k];
		const struct cert_tally *t = &ag->cert[k];

		/* "Crisis Intervention Team (CIT)" names itself already */
		if (strstr(ct->title, ct->name) != NULL)
			sb_add(sb, ct->title);
		else
			sb_printf(sb, "%s (%s)", ct->title, ct->name);
		equivalents(sb, r->people, ct, ar, k);
		if (ag->sworn == 0) {
			sb_add(sb, ": the roster lists no sworn officers, so the "
			    "pledge sets no figure for it.\n\n");
			continue;
		}
		sb_printf(sb, ": %d of %d sworn %s (%s) %s a current "
		    "certification.", t->valid, ag->sworn,
		    plural(ag->sworn, "officer", "officers"),
		    coverage_pct(pct, t->valid, ag->sworn),
		    plural(t->valid, "holds", "hold"));
		if (ct->threshold_pct == 0)
			sb_add(sb, " The pledge sets no threshold for it.");
		else if (t->met)
			sb_printf(sb, " The pledge asks for %s%d %% (%d %s): "
			    "met.", ct->threshold_pct < 100 ? "at least " : "",
			    ct->threshold_pct, t->required,
			    plural(t->required, "officer", "officers"));
		else
			sb_printf(sb, " The pledge asks for %s%d %% (%d %s): "
			    "NOT MET; %d more %s must be trained.",
			    ct->threshold_pct < 100 ? "at least " : "",
			    ct->threshold_pct, t->required,
			    plural(t->required, "officer", "officers"),
			    t->shortfall, plural(t->shortfall, "officer",
			    "officers"));
		sb_add(sb, "\n\n");
	}
}

static void
selected(struct strbuf *sb, const struct conf *c,
    const struct agency_tally *ag)
{
	size_t k;

	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &ag->cert[k];

		if (!c->certs[k].required_for_selected || t->selected_total == 0)
			continue;
		sb_printf(sb, "Selected non-sworn staff: %d of %d %s a current "
		    "%s certification.\n\n", t->selected_valid,
		    t->selected_total, plural(t->selected_valid, "holds", "hold"),
		    c->certs[k].name);
	}
}

static void
courses(struct strbuf *sb, const struct report *r,
    const struct agency_records *ar)
{
	const struct conf *c = r->conf;
	size_t i;

	if (ar->ncourses == 0)
		sb_add(sb, "  none\n");
	for (i = 0; i < ar->ncourses; i++) {
		const struct course *co = &ar->courses[i];
		const char *title = r->people->titles[co->title];

		sb_printf(sb, "- %s: \"%s\", %d %s%s\n", c->certs[co->cert].name,
		    *title ? title : "(no title)", co->people,
		    plural(co->people, "person", "people"), co->renewal ?
		    " (a renewal of an earlier full course)" : co->equivalent ?
		    " (an equivalent course, counted as the pledge's FAQ "
		    "accepts it)" : "");
	}
}

/* "(written 2026-11-30)" from the file's modification time. */
static void
file_day(struct strbuf *sb, const char *path)
{
	struct stat st;
	struct tm tm;
	char buf[16];

	if (stat(path, &st) < 0 || localtime_r(&st.st_mtime, &tm) == NULL)
		return;
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	sb_printf(sb, " (written %s)", buf);
}

/* Whether a problem's file is a training file: the night's, or a
 * source's. */
static bool
training_file(const struct report *r, const char *file)
{
	size_t i;

	for (i = 0; i < r->conf->nsources; i++)
		if (strcmp(file, r->conf->sources[i].settings->training.label) ==
		    0)
			return true;
	return strcmp(file, path_basename(r->training_file)) == 0;
}

/* The training rows not read that may be agency a's: its own, and those
 * of no known agency; with one agency, every one (the report's count). */
static unsigned long
rows_not_read(const struct report *r, uint32_t a)
{
	const char *name = r->compliance->agency[a].name;
	unsigned long n = 0;
	size_t i;

	if (r->training == NULL)
		return 0;
	if (r->compliance->nagencies < 2)
		return r->training->rejected;
	for (i = 0; i < r->problems->n; i++) {
		const struct problem *p = &r->problems->v[i];

		n += p->rejected && (p->agency == NULL ||
		    strcmp(p->agency, name) == 0) && training_file(r, p->file);
	}
	return n;
}

static void
method(struct strbuf *sb, const struct report *r, uint32_t a,
    const char *date)
{
	unsigned long rejected;

	sb_add(sb, "counted by certminder from ");
	if (r->roster_file != NULL) {
		sb_printf(sb, "the roster export %s",
		    path_basename(r->roster_file));
		file_day(sb, r->roster_file);
		sb_add(sb, " and ");
	}
	sb_printf(sb, "the training export %s", path_basename(r->training_file));
	file_day(sb, r->training_file);
	sb_printf(sb, ", as of %s. An officer counts when the roster lists "
	    "them as sworn and active and the training export holds a "
	    "certification still current on that day.", date);
	if (r->roster_file == NULL)
		sb_add(sb, " There was no roster: people came from the training "
		    "export alone, so the figures may be overstated.");
	if ((rejected = rows_not_read(r, a)) > 0)
		sb_printf(sb, " %lu training %s could not be read and %s not "
		    "counted; the report names each with its line.", rejected,
		    plural((long)rejected, "row", "rows"), plural((long)rejected,
		    "is", "are"));
	sb_add(sb, " certminder --format evidence lists the training record "
	    "behind every person counted.");
}

/* The letter breaks words on a threshold due to break within this. */
#define SOON_DAYS	90

/*
 * The verdict: met only when every threshold holds and every selected
 * non-sworn member holds what is asked of them; a threshold due to break
 * within SOON_DAYS is said, met or not today.
 */
static void
status(struct strbuf *sb, const struct report *r, const struct agency_tally *ag,
    const char *date)
{
	const struct conf *c = r->conf;
	const struct compliance *cp = r->compliance;
	struct strbuf needs = { 0 }, soon = { 0 };
	char d[DATE_WORDS_LEN];
	size_t k, unmet = 0;
	int staff;

	for (k = 0; k < c->ncerts; k++) {
		const struct cert_tally *t = &ag->cert[k];

		if (ag->sworn > 0 && c->certs[k].threshold_pct > 0 && !t->met)
			sb_printf(&needs, "%s%s needs %d more %s", unmet++ ?
			    "; " : "", c->certs[k].name, t->shortfall,
			    plural(t->shortfall, "officer", "officers"));
		staff = t->selected_total - t->selected_valid;
		if (c->certs[k].required_for_selected && staff > 0)
			sb_printf(&needs, "%s%s for %d selected non-sworn %s",
			    unmet++ ? "; " : "", c->certs[k].name, staff,
			    plural(staff, "member", "members"));
		if (ag->sworn > 0 && t->met &&
		    t->forecast.breaks_on != DAY_NONE &&
		    t->forecast.breaks_on <= cp->today + SOON_DAYS)
			sb_printf(&soon, " %s falls below %d %% on %s unless %d "
			    "more %s by then.", c->certs[k].name,
			    c->certs[k].threshold_pct, long_date(c,
			    t->forecast.breaks_on, d), t->forecast.needed_by_break,
			    plural(t->forecast.needed_by_break,
			    "officer renews or trains",
			    "officers renew or train"));
	}
	if (ag->sworn == 0 && unmet == 0)
		sb_printf(sb, "The roster lists no sworn officers: there is no "
		    "pledge figure to state as of %s.", date);
	else if (unmet > 0)
		sb_printf(sb, "The pledge's training requirements are NOT MET "
		    "as of %s: %s. This is a draft for the chief to check, not "
		    "a certificate.", date, sb_str(&needs));
	else
		sb_printf(sb, "Every training requirement of the pledge is met "
		    "as of %s.", date);
	sb_add(sb, sb_str(&soon));
	sb_free(&needs);
	sb_free(&soon);
}

/* A part of the letter the configuration does not give: marked, so that
 * no draft reads as finished. */
#define TO_COMPLETE(what)	"[to complete: " what "]"

/* The partnership with a mental health provider, as the FAQ asks. */
static void
partnership(struct strbuf *sb, const struct conf *c,
    const struct conf_pledge *p, const char *agency)
{
	char d[DATE_WORDS_LEN];

	sb_printf(sb, "%s works with %s", agency, p->partner ? p->partner :
	    TO_COMPLETE("the mental health partner (pledge.partner)"));
	sb_printf(sb, " in %s", p->partnership ? p->partnership :
	    TO_COMPLETE("what the partnership does (pledge.partnership)"));
	if (p->mou_signed != DAY_NONE)
		sb_printf(sb, ", under a memorandum of understanding signed on "
		    "%s.", long_date(c, p->mou_signed, d));
	else
		sb_add(sb, ", under a memorandum of understanding signed on "
		    TO_COMPLETE("its date (pledge.mou_signed)") ".");
}

/* The policy on the response to people in crisis, and its main parts. */
static void
policy(struct strbuf *sb, const struct conf *c, const struct conf_pledge *p)
{
	char d[DATE_WORDS_LEN];
	size_t i;

	sb_add(sb, p->policy ? p->policy :
	    TO_COMPLETE("the policy's name (pledge.policy)"));
	if (p->policy_adopted != DAY_NONE)
		sb_printf(sb, ", adopted on %s,", long_date(c,
		    p->policy_adopted, d));
	else
		sb_add(sb, ", adopted on " TO_COMPLETE("its date "
		    "(pledge.policy_adopted)") ",");
	sb_add(sb, " sets the agency's response to individuals experiencing a "
	    "crisis");
	if (p->policy_components.n == 0) {
		sb_add(sb, ": " TO_COMPLETE("its main components "
		    "(pledge.policy_components)") ".");
		return;
	}
	sb_add(sb, ". Its main components:");
	for (i = 0; i < p->policy_components.n; i++)
		sb_printf(sb, "\n- %s", p->policy_components.v[i]);
}

/* What to attach, as the FAQ recommends: the policy and the MOU. */
static void
enclosures(struct strbuf *sb, const struct conf_pledge *p)
{
	sb_printf(sb, "%s; the memorandum of understanding with %s.",
	    p->policy ? p->policy : TO_COMPLETE("the policy (pledge.policy)"),
	    p->partner ? p->partner : TO_COMPLETE("the partner "
	    "(pledge.partner)"));
}

static char *
one_letter(const struct report *r, const struct templates *tp, uint32_t a,
    const uint32_t *members, size_t n, char **subject)
{
	const struct conf *c = r->conf;
	const struct agency_tally *ag = &r->compliance->agency[a];
	struct strbuf v[8] = { { 0 } };
	struct conf_pledge pl;
	struct agency_records ar;
	char date[DATE_WORDS_LEN], d1[DATE_WORDS_LEN], d2[DATE_WORDS_LEN];
	char sworn[64], *period, *body;
	size_t i;

	gather(r, members, n, &ar);
	snprintf(date, sizeof(date), "%s", long_date(c, r->compliance->today,
	    d1));
	snprintf(sworn, sizeof(sworn), "%d sworn %s", ag->sworn,
	    plural(ag->sworn, "officer", "officers"));
	certifications(&v[0], r, ag, &ar);
	selected(&v[1], c, ag);
	courses(&v[2], r, &ar);
	method(&v[3], r, a, date);
	status(&v[4], r, ag, date);
	conf_pledge_of(c, ag->name, &pl);
	partnership(&v[5], c, &pl, ag->name);
	policy(&v[6], c, &pl);
	enclosures(&v[7], &pl);
	if (ar.first == DAY_NONE)
		period = xstrdup("on no day: none was counted");
	else if (ar.first == ar.last)
		period = xasprintf("on %s", long_date(c, ar.first, d1));
	else
		period = xasprintf("between %s and %s", long_date(c, ar.first,
		    d1), long_date(c, ar.last, d2));
	{
		const struct tmpl_var vars[] = {
			{ "agency", ag->name }, { "date", date },
			{ "sworn", sworn },
			{ "certifications", sb_str(&v[0]) },
			{ "selected", sb_str(&v[1]) },
			{ "courses", sb_str(&v[2]) }, { "period", period },
			{ "method", sb_str(&v[3]) }, { "status", sb_str(&v[4]) },
			{ "partnership", sb_str(&v[5]) },
			{ "policy", sb_str(&v[6]) },
			{ "enclosures", sb_str(&v[7]) },
			{ "signed_by", pl.signed_by ? pl.signed_by :
			    TO_COMPLETE("the chief's name and title "
			    "(pledge.signed_by)") },
		};

		*subject = template_fill(template_text(tp, TMPL_LETTER, NULL,
		    true), vars, NELEM(vars));
		body = template_fill(template_text(tp, TMPL_LETTER, NULL,
		    false), vars, NELEM(vars));
	}
	for (i = 0; i < NELEM(v); i++)
		sb_free(&v[i]);
	free(period);
	free(ar.courses);
	return body;
}

/* Calls put for each agency the report covers, in order, with its
 * letter's heading and body; n counts the letters put before. */
static void
each_letter(FILE *fp, const struct report *r, const struct templates *tp,
    void (*put)(FILE *, const char *, const char *, size_t))
{
	uint32_t *order;
	size_t a, *first, shown = 0;

	people_by_agency(r->people, &order, &first);
	for (a = 0; a < r->compliance->nagencies; a++) {
		char *subject, *body;

		if (!report_has_agency(r, (uint32_t)a))
			continue;
		body = one_letter(r, tp, (uint32_t)a, order + first[a],
		    first[a + 1] - first[a], &subject);
		put(fp, subject, body, shown++);
		free(subject);
		free(body);
	}
	free(order);
	free(first);
}

static void
put_text(FILE *fp, const char *subject, const char *body, size_t n)
{
	if (n > 0)
		fputs("\n\f\n", fp);
	wrap_lines(fp, subject);
	fputs("\n\n", fp);
	wrap_lines(fp, body);
}

int
letter_write(FILE *fp, const struct report *r, const struct templates *tp)
{
	each_letter(fp, r, tp, put_text);
	return ferror(fp) ? -1 : 0;
}

/* A letter's text as HTML: paragraphs apart at blank lines, "- " lines a
 * list, "[to complete: ...]" marked to be seen. */
static void
html_paragraphs(FILE *fp, const char *text)
{
	const char *p = text, *end, *mark;
	bool in_list = false, in_p = false;
	char *line;

	for (; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		if (end == p) {		/* a blank line ends a paragraph */
			if (in_p)
				fputs("</p>\n", fp);
			if (in_list)
				fputs("</ul>\n", fp);
			in_p = in_list = false;
			continue;
		}
		if (strncmp(p, "- ", 2) == 0) {
			if (in_p)
				fputs("</p>\n", fp);
			in_p = false;
			fputs(in_list ? "<li>" : "<ul>\n<li>", fp);
			in_list = true;
			p += 2;
		} else if (!in_p) {
			if (in_list)
				fputs("</ul>\n", fp);
			in_list = false;
			fputs("<p>", fp);
			in_p = true;
		} else
			fputc(' ', fp);
		line = xstrndup(p, (size_t)(end - p));
		for (p = line; (mark = strstr(p, "[to complete:")) != NULL;
		    p = strchr(mark, ']') ? strchr(mark, ']') + 1 : mark +
		    strlen(mark)) {
			char *before = xstrndup(p, (size_t)(mark - p));
			const char *close = strchr(mark, ']');
			char *what = xstrndup(mark, close ?
			    (size_t)(close - mark + 1) : strlen(mark));

			html_text(fp, before);
			fputs("<mark class=\"todo\">", fp);
			html_text(fp, what);
			fputs("</mark>", fp);
			free(before);
			free(what);
		}
		html_text(fp, p);
		free(line);
		if (in_list)
			fputs("</li>\n", fp);
	}
	if (in_p)
		fputs("</p>\n", fp);
	if (in_list)
		fputs("</ul>\n", fp);
}

static void
put_html(FILE *fp, const char *subject, const char *body, size_t n)
{
	(void)n;
	fputs("<section class=\"letter\">\n<h1>", fp);
	html_text(fp, subject);
	fputs("</h1>\n", fp);
	html_paragraphs(fp, body);
	fputs("</section>\n", fp);
}

int
letter_write_html(FILE *fp, const struct report *r, const struct templates *tp)
{
	static const char style[] =
	    "@page{margin:45mm 25mm 25mm 25mm}\n"
	    "body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#000;"
	    "max-width:160mm;margin:0 auto}\n"
	    "section.letter{break-before:page}\n"
	    "section.letter:first-of-type{break-before:auto}\n"
	    "h1{font-size:12pt;margin:0 0 1.5em}\n"
	    "mark.todo{background:#ffe066;outline:1px solid #b38f00}\n"
	    "ul{margin:0 0 1em 1.2em;padding:0}\n"
	    "p{margin:0 0 1em}\n";

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'\">\n"
	    "<title>The pledge's completion letter</title>\n<style>\n%s"
	    "</style>\n</head>\n<body>\n", style);
	each_letter(fp, r, tp, put_html);
	fputs("</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
