#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "alloc.h"
#include "brake.h"
#include "check.h"
#include "evidence.h"
#include "history.h"
#include "html.h"
#include "letter.h"
#include "log.h"
#include "night.h"
#include "outfile.h"
#include "report.h"
#include "roster.h"
#include "status.h"
#include "strbuf.h"
#include "text.h"
#include "training.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

/* A file named on the command line replaces the configured one. */
static void
override(char **file, const char *given)
{
	if (given != NULL) {
		free(*file);
		*file = xstrdup(given);
	}
}

int
night_config(struct night *n)
{
	char *err;

	conf_defaults(&n->conf);
	if (conf_load(&n->conf, n->opt.config, &err) < 0)
		goto bad;
	log_to_syslog(n->opt.syslog || n->conf.log_syslog);
	if (n->conf.nsources > 0 && (n->opt.roster || n->opt.training ||
	    n->opt.format == FORMAT_EVIDENCE)) {
		warnx("%s: with sources, each agency's files are its own: "
		    "--roster, --training and --format evidence do not apply",
		    n->opt.config ? n->opt.config : SYSCONFDIR "/certminder.conf");
		return EX_USAGE;
	}
	override(&n->conf.roster.file, n->opt.roster);
	override(&n->conf.training.file, n->opt.training);
	if (conf_check(&n->conf, n->live, &err) < 0 ||
	    templates_load(&n->templates, n->conf.mail.templates, &err) < 0)
		goto bad;
	return EX_OK;
bad:
	warnx("%s", err);
	free(err);
	return EX_CONFIG;
}

int
night_ledger(struct night *n)
{
	enum ledger_status st;
	char *err;

	st = ledger_open(&n->ledger, n->conf.state_file, n->live, &err);
	if (st != LEDGER_OK) {
		warnx("%s", err);
		free(err);
	}
	return ledger_exit(st);
}

/*
 * The system clock's day: CERTMINDER_CLOCK (YYYY-MM-DD) stands for it in
 * a rehearsal of nights ahead, against a scratch ledger and a test server.
 */
day_t
night_clock(void)
{
	const char *s = getenv("CERTMINDER_CLOCK");
	time_t now = time(NULL);
	struct tm tm;
	day_t d;

	if (s != NULL && *s != '\0' &&
	    date_parse(s, strlen(s), DATE_ISO, &d) == DATE_OK)
		return d;
	localtime_r(&now, &tm);
	return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * Why a live run must not run for today, or NULL: a day before the
 * ledger's latest run (time does not go back), or more than two days
 * after the clock (a what-if --today without -n would mail for 2036 and
 * stop every night after it).  --force runs anyway; a dry run lists it
 * as a brake.
 */
static char *
clock_problem(struct night *n)
{
	day_t last = ledger_last_day(&n->ledger), clock = night_clock();
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	if (last != DAY_NONE && n->today < last)
		return xasprintf("the last run was for %s, and today is %s: a "
		    "live run does not go back in time (a wrong clock or "
		    "--today?); --force runs anyway", date_iso(last, a),
		    date_iso(n->today, b));
	if (n->today > clock + 2)
		return xasprintf("today is %s, more than 2 days after the "
		    "clock's %s: a live run is not sent ahead of its day (a "
		    "what-if --today without --dry-run?); --force runs anyway",
		    date_iso(n->today, a), date_iso(clock, b));
	return NULL;
}

/* A run that stopped is recorded with its reason, for --history and
 * --check; one that cannot be recorded is said too. */
static void
record_stop(struct night *n, const char *outcome, const char *why, int code)
{
	if (ledger_run_stopped(&n->ledger, n->today, outcome, why, code) < 0)
		warnx("%s: cannot record the %s run: %s", n->conf.state_file,
		    outcome, ledger_error(&n->ledger));
}

/* A live run for a day before the ledger's last one would send notices
 * the history says were not due yet, and a summary of the past.  Refused,
 * it is recorded, so that --check warns. */
int
night_in_time(struct night *n)
{
	char *why;

	if (n->opt.force)
		return EX_OK;
	if ((why = clock_problem(n)) == NULL)
		return EX_OK;
	warnx("%s: %s", n->conf.state_file, why);
	record_stop(n, "clock", why, EX_USAGE);
	free(why);
	return EX_USAGE;
}

/* A live run's mail: the password, and libcurl readied for the server. */
int
night_mail(struct night *n)
{
	char *err;

	if ((n->smtp = smtp_open(&n->conf, &err)) == NULL) {
		warnx("%s", err);
		free(err);
		return EX_CONFIG;
	}
	if (!n->conf.smtp.tls_verify)
		warnx("%s: smtp.tls_verify = false: the server's certificate is "
		    "not checked, so anyone on the way can read the mail",
		    n->conf.path ? n->conf.path : "configuration");
	return EX_OK;
}

/* An empty people store, ready for the exports. */
static void
people_setup(struct night *n)
{
	people_init(&n->people, n->conf.ncerts, n->conf.id_ignore_leading_zeros);
	/* an association's sources number their staff each their own */
	n->people.agency_scope = n->conf.id_scope_agency || n->conf.nsources > 0;
	/* the evidence and the letter need each record's line, course and
	 * completion; other nights save the room */
	n->people.keep_source = n->opt.format == FORMAT_EVIDENCE ||
	    n->opt.format == FORMAT_LETTER ||
	    n->opt.format == FORMAT_LETTER_HTML;
}

/* The people store, from the roster (conf.roster.file, not NULL). */
static enum input_status
load_roster(struct night *n, char **err)
{
	people_setup(n);
	return roster_load(&n->conf, n->conf.roster.file, &n->people,
	    &n->problems, &n->roster_stats, err);
}

/*
 * An association's sources: each agency's roster and training file, read
 * with its own settings into the one store of people, ids per agency.
 * Each file's bad rows are held to the brake on their own.
 */
static int
read_sources(struct night *n)
{
	struct input_stats rs, ts;
	enum input_status st;
	struct conf view;
	char *err = NULL;
	size_t i;

	people_setup(n);
	for (i = 0; i < n->conf.nsources; i++) {
		conf_source_view(&n->conf, i, &view);
		memset(&rs, 0, sizeof(rs));
		memset(&ts, 0, sizeof(ts));
		st = roster_load(&view, view.roster.file, &n->people,
		    &n->problems, &rs, &err);
		if (st == INPUT_OK) {
			roster_check_hired(&n->people, n->today, &n->problems,
			    view.roster.label);
			st = training_load(&view, view.training.file, n->today,
			    false, &n->people, &n->problems, &ts, &err);
		}
		if (st == INPUT_OK) {
			brake_bad_rows(&n->conf, view.roster.label, &rs,
			    &n->brakes);
			brake_bad_rows(&n->conf, view.training.label, &ts,
			    &n->brakes);
		}
		input_stats_merge(&n->roster_stats, &rs);
		input_stats_merge(&n->training_stats, &ts);
		if (st != INPUT_OK) {
			warnx("%s: %s", n->conf.sources[i].agency, err);
			free(err);
			return input_exit(st);
		}
	}
	return EX_OK;
}

int
night_read(struct night *n)
{
	const char *roster = n->conf.roster.file;
	enum input_status st;
	char *err;
	size_t i;

	if (n->conf.nsources > 0) {
		int rc = read_sources(n);

		if (rc != EX_OK)
			return rc;
		goto notes;
	}
	if (roster != NULL) {
		if ((st = load_roster(n, &err)) != INPUT_OK)
			goto bad;
		roster_check_hired(&n->people, n->today, &n->problems,
		    path_basename(roster));
	} else {
		people_setup(n);
		strlist_add(&n->warnings, "no roster: staff with no training "
		    "record cannot be counted, so coverage may be overstated");
	}
	st = training_load(&n->conf, n->conf.training.file, n->today,
	    roster == NULL, &n->people, &n->problems, &n->training_stats, &err);
	if (st != INPUT_OK)
		goto bad;
notes:
	if ((st = classes_load(&n->conf, &n->people, n->today, &n->problems,
	    &n->classes, &err)) != INPUT_OK)
		goto bad;
	for (i = 0; i < n->roster_stats.notes.n; i++)
		strlist_add(&n->warnings, n->roster_stats.notes.v[i]);
	for (i = 0; i < n->training_stats.notes.n; i++)
		strlist_add(&n->warnings, n->training_stats.notes.v[i]);
	return EX_OK;
bad:
	warnx("%s", err);
	free(err);
	return input_exit(st);
}

/*
 * A course title counted tonight that no earlier live night counted is
 * news for the summary, and a note in the reports: a coordinator who did
 * not mean it to count adds it to exclude.  The first night's titles are
 * the report's list, not news.
 */
static void
new_titles(struct night *n)
{
	const struct input_stats *t = &n->training_stats;
	size_t i;
	char *line;

	for (i = 0; i < t->n_cert_titles; i++) {
		const struct cert_title *ti = &t->cert_titles[i];
		const char *cert = n->conf.certs[ti->cert].name;

		if (ti->rows == 0 || ledger_title_known(&n->ledger, cert,
		    ti->title) != 0)
			continue;
		line = xasprintf("New title counted as %s tonight: '%s' (%lu %s)."
		    " If it is not %s, add it to %s's exclude.", cert,
		    ti->title, ti->people, plural((long)ti->people, "person",
		    "people"), cert, cert);
		strlist_add(&n->new_titles, line);
		strlist_add(&n->warnings, line);
		free(line);
	}
	if (n->new_titles.n > 0)
		notice_plan_news(&n->conf, &n->plan);
}

static void
plan_notices(struct night *n)
{
	struct notice_history h;

	ledger_history(&n->ledger, &h);
	ledger_read_begin(&n->ledger);
	notice_plan_build(&n->conf, &n->people, &n->compliance, &h, &n->plan);
	new_titles(n);
	ledger_read_end(&n->ledger);
}

static void
check_brakes(struct night *n)
{
	struct brake_history h = { 0 };
	char *why;

	if (n->conf.nsources == 0 && n->conf.roster.file != NULL)
		brake_bad_rows(&n->conf, path_basename(n->conf.roster.file),
		    &n->roster_stats, &n->brakes);
	if (n->conf.nsources == 0)	/* each source's were held already */
		brake_bad_rows(&n->conf, path_basename(n->conf.training.file),
		    &n->training_stats, &n->brakes);
	n->prev = xcalloc(n->people.n * n->conf.ncerts + 1, sizeof(*n->prev));
	ledger_seen(&n->ledger, &n->conf, &n->people, n->prev);
	h.prev = n->prev;
	h.last_active = ledger_has_completed_run(&n->ledger) ?
	    ledger_last_active(&n->ledger) : -1;
	h.last_sworn = h.last_active < 0 ? -1 : ledger_last_sworn(&n->ledger);
	h.due_notices = n->plan.officer_notices;
	brake_history(&n->conf, &n->people, &h, &n->brakes);
	if (!n->live && (why = clock_problem(n)) != NULL) {
		strlist_add(&n->brakes, why);
		free(why);
	}
}

/*
 * The numbers, the plan and the brakes.  What the ledger answered must be
 * what it holds: a read that failed would plan as if nothing was ever
 * sent, so the night stops there, dry or live.
 */
int
night_plan(struct night *n)
{
	compliance_compute(&n->conf, &n->people, n->today, &n->compliance);
	classes_forecast(&n->classes, &n->conf, &n->people, &n->compliance);
	plan_notices(n);
	brake_understood(&n->people, &n->roster_stats, &n->training_stats,
	    &n->refusals);
	check_brakes(n);
	if (ledger_read_failed(&n->ledger)) {
		warnx("%s: %s: restore the ledger from a backup (nothing was "
		    "sent)", n->conf.state_file, ledger_error(&n->ledger));
		return EX_CANTCREAT;
	}
	return EX_OK;
}

static int
stop_for_refusals(struct night *n)
{
	size_t i;

	for (i = 0; i < n->refusals.n; i++)
		warnx("stopped before sending anything: %s",
		    n->refusals.v[i]);
	warnx("run certminder --dry-run to look; --force does not override "
	    "this");
	record_stop(n, "stopped", n->refusals.v[0], EX_DATAERR);
	return EX_DATAERR;
}

/* A brake stops the live run: nothing is sent, the stop is recorded. */
static int
stop_for_brakes(struct night *n)
{
	struct strbuf why = { 0 };
	size_t i;

	for (i = 0; i < n->brakes.n; i++) {
		warnx("stopped before sending anything: %s", n->brakes.v[i]);
		sb_printf(&why, "%s%s", i ? "; " : "", n->brakes.v[i]);
	}
	warnx("run certminder --dry-run to look; --force sends anyway");
	record_stop(n, "stopped", sb_str(&why), EX_DATAERR);
	sb_free(&why);
	return EX_DATAERR;
}

/* A live run stops before it sends: a refusal always, a brake unless
 * --force. */
int
night_stop(struct night *n)
{
	if (n->refusals.n > 0)
		return stop_for_refusals(n);
	if (n->brakes.n > 0 && !n->opt.force)
		return stop_for_brakes(n);
	return EX_OK;
}

/* Tonight's pledge figures join the history, whatever the mail does. */
static int
record_figures(struct night *n)
{
	if (ledger_record_figures(&n->ledger, &n->conf, &n->compliance,
	    n->training_stats.cert_titles, n->training_stats.n_cert_titles) == 0)
		return EX_OK;
	if (n->ledger.busy) {	/* a reader held it past the busy timeout */
		warnx("%s: the ledger is in use by another certminder (a "
		    "--history or a report?): %s; nothing sent, run again",
		    n->conf.state_file, ledger_error(&n->ledger));
		return EX_TEMPFAIL;
	}
	warnx("%s: cannot write: %s; nothing sent", n->conf.state_file,
	    ledger_error(&n->ledger));
	return EX_CANTCREAT;
}

void
night_compose(struct night *n)
{
	struct compose *c = &n->delivery.compose;

	c->conf = &n->conf;
	c->templates = &n->templates;
	c->people = &n->people;
	c->compliance = &n->compliance;
	c->plan = &n->plan;
	c->problems = n->problems.n + n->problems.dropped;
	c->new_titles = &n->new_titles;
	n->last_state = ledger_meta(&n->ledger, "summary:state");
	c->last_state = n->last_state;
	c->nschedule = schedule_build(&n->conf, &n->people, &n->compliance,
	    &n->schedule);
	c->schedule = n->schedule;
	c->classes = &n->classes;
	n->places = xcalloc(c->nschedule + 1, sizeof(*n->places));
	schedule_plan(&n->classes, &n->conf, &n->people, n->today, n->schedule,
	    c->nschedule, n->places);
	c->places = n->places;
	n->delivery.smtp = n->smtp;
	n->delivery.ledger = &n->ledger;
}

/* What the sending came to, said, and the run recorded. */
static int
sent(struct night *n, enum deliver_outcome o)
{
	struct delivery *d = &n->delivery;
	size_t i;

	switch (o) {
	case DELIVER_LEDGER_FAILED:
		if (d->sent == 0 && d->failed == 0)
			warnx("%s: cannot write: %s; nothing sent",
			    n->conf.state_file, ledger_error(&n->ledger));
		else
			warnx("%s: cannot record a sent notice: %s; stopped "
			    "after %ld sent", n->conf.state_file,
			    ledger_error(&n->ledger), d->sent);
		return deliver_exit(o);
	case DELIVER_REFUSED:
		warnx("%s: refused: %s; %ld sent.  This will not mend by itself: "
		    "check the server's certificate (smtp.ca_file), that it "
		    "offers STARTTLS (smtp.tls), and smtp.user and its "
		    "password", conf_url_shown(&n->conf), d->server_error,
		    d->sent);
		record_stop(n, "refused", d->server_error, deliver_exit(o));
		return deliver_exit(o);
	case DELIVER_SERVER_DOWN:
		warnx("%s: cannot deliver: %s; %ld sent, the rest waits for the "
		    "next run", conf_url_shown(&n->conf), d->server_error,
		    d->sent);
		record_stop(n, "server", d->server_error, deliver_exit(o));
		return deliver_exit(o);
	case DELIVER_DONE:
	case DELIVER_DEFERRED:
		break;
	}
	if (n->opt.verbosity >= 0)
		for (i = 0; i < d->failures.n; i++)
			warnx("refused for good: %s", d->failures.v[i]);
	if (ledger_run_completed(&n->ledger, n->today, o == DELIVER_DEFERRED ?
	    "deferred" : "completed", &n->conf, &n->people, &n->compliance,
	    d->sent, d->deferred, d->failed, deliver_exit(o)) < 0) {
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
		return EX_CANTCREAT;
	}
	if (n->opt.verbosity > 0)
		printf("certminder: %s: %ld sent, %ld deferred, %ld failed, %ld "
		    "without an address\n", n->opt.today ? n->opt.today : "today",
		    d->sent, d->deferred, d->failed, d->unreachable);
	if (o == DELIVER_DEFERRED && n->opt.verbosity >= 0)
		warnx("%ld %s deferred by the server; the next run sends %s",
		    d->deferred, plural(d->deferred, "message", "messages"),
		    plural(d->deferred, "it", "them"));
	return deliver_exit(o);
}

/* Tonight's figures recorded, the notices sent, the run recorded; then
 * the report, when one was asked for. */
int
night_send(struct night *n)
{
	int rc, wrc;

	if ((rc = record_figures(n)) == EX_OK) {
		night_compose(n);
		rc = sent(n, deliver_plan(&n->delivery));
	}
	if (n->opt.output == NULL && !n->opt.format_given)
		return rc;
	wrc = night_report(n);
	return rc == EX_OK ? wrc : rc;
}

/* The roster's agencies, quoted, for a message. */
static void
agency_names(const struct night *n, struct strbuf *sb)
{
	size_t a;

	for (a = 0; a < n->people.nagencies; a++)
		sb_printf(sb, "%s\"%s\"", a ? ", " : "", n->people.agency[a]);
}

/* --agency: the agency the reports show, by its name in the roster. */
static int
pick_agency(struct night *n)
{
	const char *name = n->opt.agency;
	struct strbuf known = { 0 };

	if (name == NULL || people_agency_named(&n->people, name, &n->agency))
		return EX_OK;
	agency_names(n, &known);
	warnx("--agency: no agency \"%s\" in the roster; it has %s", name,
	    sb_str(&known));
	sb_free(&known);
	return EX_USAGE;
}

/*
 * agencies = ( { name } ): each named as the roster spells it.  One the
 * roster lacks gets no summary, never an empty "all thresholds met"; the
 * report, the whole summary and a live run's stderr say so.
 */
static void
match_agencies(struct night *n)
{
	struct conf_agency *ca;
	struct strbuf known = { 0 };
	char *why;
	uint32_t a;
	size_t i;

	for (i = 0; i < n->conf.nagencies; i++) {
		ca = &n->conf.agencies[i];
		if (people_agency_named(&n->people, ca->name, &a)) {
			free(ca->name);
			ca->name = xstrdup(n->people.agency[a]);
			continue;
		}
		ca->absent = true;
		sb_reset(&known);
		agency_names(n, &known);
		why = xasprintf("agencies: no agency \"%s\" in the roster (it "
		    "has %s): its coordinator gets no summary", ca->name,
		    sb_str(&known));
		if (n->live)
			warnx("%s", why);
		strlist_add(&n->warnings, why);
		free(why);
	}
	sb_free(&known);
}

/* --agency and agencies = ( { name } ), against the roster's names. */
int
night_agencies(struct night *n)
{
	int rc;

	if ((rc = pick_agency(n)) != EX_OK)
		return rc;
	match_agencies(n);
	return EX_OK;
}

/*
 * Where a report goes: stdout, or -o's file, private (NULL: warned).  A
 * report holds names, ids and addresses: the file is the user's alone,
 * mode 0600 (less if the umask takes more).  -o never names the ledger,
 * its lock, the configuration or an export.
 */
static FILE *
report_open(struct night *n, struct outfile *out)
{
	char *lock = xasprintf("%s.lock", n->conf.state_file), *err;
	const char *avoid[] = { n->conf.state_file, lock, n->conf.path,
	    n->conf.roster.file, n->conf.training.file };
	FILE *fp;

	fp = outfile_start(out, n->opt.output, avoid, NELEM(avoid), &err);
	free(lock);
	if (fp == NULL) {
		warnx("-o %s", err);
		free(err);
	}
	return fp;
}

/* The report complete (rc 0): -o's file takes its place now, whole. */
static int
report_close(struct night *n, struct outfile *out, FILE *fp, int rc)
{
	if (outfile_finish(out, fp, rc == 0) == 0)
		return EX_OK;
	warnx("%s: %s", n->opt.output ? n->opt.output : "stdout",
	    strerror(errno));
	return EX_CANTCREAT;
}

/* The nights the ledger recorded, back as far as the forecast looks ahead:
 * what the JSON and HTML reports show before today. */
static void
load_history(struct night *n)
{
	struct pledge_history *h = &n->history;
	const struct compliance *cp = &n->compliance;
	size_t a, k, i;

	h->len = cp->nagencies * n->conf.ncerts;
	h->v = xcalloc(h->len + 1, sizeof(*h->v));
	h->n = xcalloc(h->len + 1, sizeof(*h->n));
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < n->conf.ncerts; k++) {
			i = a * n->conf.ncerts + k;
			h->n[i] = ledger_figures(&n->ledger, cp->agency[a].name,
			    n->conf.certs[k].name, n->today -
			    n->conf.forecast_days, n->today, &h->v[i]);
		}
}

/* What the reports and the --check line read of the night. */
static struct report
report_of(struct night *n)
{
	struct report r = {
		.conf = &n->conf, .people = &n->people,
		.compliance = &n->compliance, .plan = &n->plan,
		.one_agency = n->opt.agency != NULL, .agency = n->agency,
		.roster_file = n->conf.nsources ? "each source's roster" :
		    n->conf.roster.file,
		.training_file = n->conf.nsources ? "each source's training file" :
		    n->conf.training.file,
		.roster = &n->roster_stats, .training = &n->training_stats,
		.problems = &n->problems, .brakes = &n->brakes,
		.refusals = &n->refusals, .warnings = &n->warnings,
		.last_delivery = DAY_NONE, .last_run = DAY_NONE,
		.history = &n->history, .classes = &n->classes,
	};

	return r;
}

int
night_report(struct night *n)
{
	struct report r = report_of(n);
	struct outfile out;
	FILE *fp;
	char *why;
	int rc;

	if (n->opt.format == FORMAT_JSON || n->opt.format == FORMAT_HTML)
		load_history(n);
	if ((fp = report_open(n, &out)) == NULL)
		return EX_CANTCREAT;
	switch (n->opt.format) {
	case FORMAT_JSON:
		rc = report_json(fp, &r);
		break;
	case FORMAT_CSV:
		rc = report_csv(fp, &r);
		break;
	case FORMAT_SCHEDULE:
		rc = report_schedule(fp, &r);
		break;
	case FORMAT_LETTER:
		rc = letter_write(fp, &r, &n->templates);
		break;
	case FORMAT_LETTER_HTML:
		rc = letter_write_html(fp, &r, &n->templates);
		break;
	case FORMAT_HTML:
		rc = report_html(fp, &r);
		break;
	case FORMAT_EVIDENCE:
		if ((rc = evidence_write(fp, &r, &why)) < 0 && why != NULL) {
			warnx("%s", why);
			free(why);
			/* the old report stays */
			(void)outfile_finish(&out, fp, false);
			return EX_TEMPFAIL;
		}
		break;
	default:
		rc = report_text(fp, &r);
		break;
	}
	return report_close(n, &out, fp, rc);
}

/*
 * --history: what the ledger says was sent, to whom and when; no night.
 * The ledger is read whole first and the output written after, so that a
 * reader paused on a pipe (| less) holds no lock while the night runs.
 */
int
night_history(struct night *n)
{
	static const enum history_format formats[] = {
		[FORMAT_TEXT] = HISTORY_TEXT, [FORMAT_JSON] = HISTORY_JSON,
		[FORMAT_CSV] = HISTORY_CSV
	};
	struct people ids = {
		.ignore_leading_zeros = n->conf.id_ignore_leading_zeros
	};
	const char *id = n->opt.history_id;
	const struct people *names = NULL;
	struct outfile out;
	char *key = NULL, *err = NULL, *text = NULL;
	size_t len, size = 0;
	FILE *fp, *mem;
	int rc;

	if (id != NULL) {	/* as the roster's ids are matched */
		len = strlen(id);
		id = people_key(&ids, id, &len);
		if (len == 0) {
			warnx("--history: an empty id names nobody; without an "
			    "id it lists everyone");
			return EX_USAGE;
		}
		key = xstrndup(id, len);
	}
	/* names, when the roster can be read: the ledger keeps ids alone */
	if (n->conf.roster.file != NULL) {
		if (load_roster(n, &err) == INPUT_OK)
			names = &n->people;
		free(err);
	}
	if ((mem = open_memstream(&text, &size)) == NULL) {
		free(key);
		warnx("--history: %s", strerror(errno));
		return EX_OSERR;
	}
	rc = history_write(mem, &n->ledger, n->conf.state_file, key,
	    n->conf.id_ignore_leading_zeros, names, formats[n->opt.format]);
	free(key);
	if (fclose(mem) != 0 && rc == 0) {
		warnx("--history: %s", strerror(errno));
		free(text);
		return EX_OSERR;
	}
	if (rc < 0) {		/* the ledger could not be read */
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
		free(text);
		return EX_CANTCREAT;
	}
	ledger_close(&n->ledger);	/* read: nothing more is needed */
	if ((fp = report_open(n, &out)) == NULL) {
		free(text);
		return EX_CANTCREAT;
	}
	rc = fwrite(text, 1, size, fp) == size ? 0 : -1;
	free(text);
	return report_close(n, &out, fp, rc);
}

/* --check: the monitoring line, whatever the night came to; the exit
 * code is the line's (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
int
night_check(struct night *n, int rc)
{
	struct report r = report_of(n);

	r.last_delivery = ledger_last_delivery(&n->ledger);
	r.last_refused = ledger_last_refused(&n->ledger);
	r.last_run = ledger_last_day(&n->ledger);
	r.clock_refusals = ledger_clock_refusals(&n->ledger);

	if (rc != EX_OK) {
		check_unknown(stdout, rc);
		return CHECK_UNKNOWN;
	}
	return (int)check_write(stdout, &r);
}

void
night_free(struct night *n)
{
	deliver_free(&n->delivery);
	smtp_close(n->smtp);
	ledger_close(&n->ledger);
	templates_free(&n->templates);
	free(n->prev);
	free(n->last_state);
	free(n->schedule);
	free(n->places);
	pledge_history_free(&n->history);
	notice_plan_free(&n->plan);
	classes_free(&n->classes);
	compliance_free(&n->compliance);
	people_free(&n->people);
	problems_free(&n->problems);
	input_stats_free(&n->roster_stats);
	input_stats_free(&n->training_stats);
	strlist_free(&n->brakes);
	strlist_free(&n->refusals);
	strlist_free(&n->warnings);
	strlist_free(&n->new_titles);
	conf_free(&n->conf);
}

