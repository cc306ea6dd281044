/*
 * certminder: keeps a police agency's mental-health training current.
 * One run is one night: read the exports, compute the pledge numbers, plan
 * the notices, check the brakes, send, record, report.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "brake.h"
#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "deliver.h"
#include "evidence.h"
#include "history.h"
#include "html.h"
#include "letter.h"
#include "input.h"
#include "ledger.h"
#include "notice.h"
#include "outfile.h"
#include "people.h"
#include "report.h"
#include "roster.h"
#include "schedule.h"
#include "smtp.h"
#include "strbuf.h"
#include "strlist.h"
#include "template.h"
#include "text.h"
#include "training.h"

#ifndef VERSION
#define VERSION "0.1"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

/*
 * Exit codes, from <sysexits.h>: the modules say what went wrong in their
 * own words, and only these two functions and the steps below turn that
 * into the code cron and systemd see.
 */
static int
input_exit(enum input_status st)
{
	switch (st) {
	case INPUT_OK:
		return EX_OK;
	case INPUT_UNREADABLE:
		return EX_NOINPUT;
	case INPUT_UNUSABLE:
		return EX_DATAERR;
	case INPUT_NOMEM:
		break;
	}
	return EX_SOFTWARE;
}

static int
ledger_exit(enum ledger_status st)
{
	switch (st) {
	case LEDGER_OK:
		return EX_OK;
	case LEDGER_BUSY:	/* another run: the next one picks up */
		return EX_TEMPFAIL;
	case LEDGER_UNUSABLE:
		break;
	}
	return EX_CANTCREAT;
}

enum format {
	FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_SCHEDULE, FORMAT_EVIDENCE,
	FORMAT_LETTER, FORMAT_HTML, FORMAT_LETTER_HTML
};

struct options {
	const char	*config;
	const char	*roster;
	const char	*training;
	const char	*output;
	const char	*today;
	const char	*agency;	/* --agency: the reports show only it */
	const char	*history_id;	/* --history ID */
	bool		 history;	/* --history: the ledger's, no night */
	enum format	 format;
	bool		 format_given;
	bool		 dry_run;
	bool		 check;
	bool		 force;
	bool		 syslog;
	int		 verbosity;	/* -1 quiet, 0, 1 verbose */
};

/* Everything one night knows. */
struct night {
	struct options		 opt;
	struct conf		 conf;
	day_t			 today;
	bool			 live;		/* sends: not --dry-run, --check */
	struct people		 people;
	uint32_t		 agency;	/* --agency's index */
	struct input_stats	 roster_stats;
	struct input_stats	 training_stats;
	struct problems		 problems;
	struct compliance	 compliance;
	struct notice_plan	 plan;
	struct strlist		 brakes;
	struct strlist		 refusals;	/* stop even with --force */
	struct strlist		 warnings;
	struct strlist		 new_titles;	/* counted for the first time */
	struct templates	 templates;
	struct ledger		 ledger;
	struct smtp		*smtp;
	struct delivery		 delivery;
	day_t			*prev;		/* expiries seen last run */
	char			*last_state;	/* of the last summary sent */
	struct to_train		*schedule;	/* whom to book, for summaries */
	struct pledge_history	 history;	/* recorded nights, for reports */
	struct outfile		 out;		/* -o's file */
};

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status ? stderr : stdout;

	fputs("usage: certminder [-c FILE] [-n | --dry-run] [--today YYYY-MM-DD]\n"
	    "                  [--format text|json|csv|html|schedule|evidence|\n"
	    "                  letter]\n"
	    "                  [--agency NAME] [-o FILE] [--roster FILE]\n"
	    "                  [--training FILE] [--check] [--force] [--syslog]\n"
	    "                  [-q] [-v] [-h] [-V]\n"
	    "       certminder [-c FILE] --history [ID] [--format text|json|csv]\n"
	    "                  [-o FILE]\n", fp);
	if (status == 0)
		fputs("\n"
		    "  -c, --config FILE   configuration (default " SYSCONFDIR
		    "/certminder.conf,\n"
		    "                      or $CERTMINDER_CONF)\n"
		    "  -n, --dry-run       print the report and the notices; "
		    "send nothing\n"
		    "      --today DATE    compute as on DATE (YYYY-MM-DD)\n"
		    "      --format F      report as text, json, csv or html, or\n"
		    "                      whom to book first (schedule, CSV),\n"
		    "                      the records counted (evidence, CSV),\n"
		    "                      the pledge letter's draft (letter,\n"
		    "                      letter-html for letterhead)\n"
		    "      --agency NAME   report on this agency only\n"
		    "  -o, --output FILE   write the report to FILE\n"
		    "      --roster FILE   read this roster export\n"
		    "      --training FILE read this training export\n"
		    "      --history [ID]  print the notices the ledger holds\n"
		    "                      about ID (or everyone), and the runs\n"
		    "      --check         print one monitoring line; exit 0 OK,\n"
		    "                      1 WARNING, 2 CRITICAL, 3 UNKNOWN\n"
		    "      --force         send even when a safety brake trips\n"
		    "      --syslog        log warnings to syslog, not stderr\n"
		    "      --profiles      list the import profiles\n"
		    "  -q, --quiet         print errors only\n"
		    "  -v, --verbose       print a summary line of the run\n"
		    "  -h, --help          print this help\n"
		    "  -V, --version       print the version\n", fp);
	exit(status ? EX_USAGE : EX_OK);
}

static bool use_syslog;

/* Errors and warnings: "certminder: ..." on stderr, or to syslog. */
static void
logmsg(int priority, const char *fmt, va_list ap)
{
	if (use_syslog) {
		vsyslog(priority, fmt, ap);
		return;
	}
	fputs("certminder: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void
warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	logmsg(LOG_ERR, fmt, ap);
	va_end(ap);
}

static day_t
parse_today(const char *s)
{
	day_t d;

	if (s == NULL) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
	}
	if (date_parse(s, strlen(s), DATE_ISO, &d) != DATE_OK) {
		warnx("--today: '%s' is not a date YYYY-MM-DD", s);
		usage(1);
	}
	return d;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --profiles: each import profile's name and the first line of its
 * opening comment, the public document its layout follows. */
static int
list_profiles(void)
{
	const char *dir = conf_profile_dir();
	struct strlist names = { 0 };
	struct dirent *e;
	char line[256], *path;
	size_t i, n;
	FILE *fp;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		warnx("%s: %s", dir, strerror(errno));
		return EX_NOINPUT;
	}
	while ((e = readdir(d)) != NULL)
		if ((n = strlen(e->d_name)) > 5 && e->d_name[0] != '.' &&
		    strcmp(e->d_name + n - 5, ".conf") == 0)
			strlist_add(&names, e->d_name);
	closedir(d);
	qsort(names.v, names.n, sizeof(*names.v), by_name);
	for (i = 0; i < names.n; i++) {
		path = xasprintf("%s/%s", dir, names.v[i]);
		line[0] = '\0';
		if ((fp = fopen(path, "r")) != NULL) {
			if (fgets(line, sizeof(line), fp) == NULL)
				line[0] = '\0';
			fclose(fp);
		}
		line[strcspn(line, "\n")] = '\0';
		printf("%-.*s  %s\n", (int)(strlen(names.v[i]) - 5), names.v[i],
		    line[0] == '#' ? line + 1 + (line[1] == ' ') : line);
		free(path);
	}
	strlist_free(&names);
	return EX_OK;
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_TODAY = 256, OPT_FORMAT, OPT_ROSTER, OPT_TRAINING,
	    OPT_CHECK, OPT_FORCE, OPT_SYSLOG, OPT_AGENCY, OPT_HISTORY,
	    OPT_PROFILES };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "agency", required_argument, NULL, OPT_AGENCY },
		{ "history", optional_argument, NULL, OPT_HISTORY },
		{ "output", required_argument, NULL, 'o' },
		{ "roster", required_argument, NULL, OPT_ROSTER },
		{ "training", required_argument, NULL, OPT_TRAINING },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "syslog", no_argument, NULL, OPT_SYSLOG },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "profiles", no_argument, NULL, OPT_PROFILES },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->config = getenv("CERTMINDER_CONF");
	if (o->config == NULL || *o->config == '\0')
		o->config = SYSCONFDIR "/certminder.conf";
	while ((ch = getopt_long(argc, argv, "c:no:qvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case OPT_TODAY:
			o->today = optarg;
			break;
		case OPT_FORMAT:
			o->format_given = true;
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o->format = FORMAT_CSV;
			else if (strcmp(optarg, "schedule") == 0)
				o->format = FORMAT_SCHEDULE;
			else if (strcmp(optarg, "evidence") == 0)
				o->format = FORMAT_EVIDENCE;
			else if (strcmp(optarg, "letter") == 0)
				o->format = FORMAT_LETTER;
			else if (strcmp(optarg, "letter-html") == 0)
				o->format = FORMAT_LETTER_HTML;
			else if (strcmp(optarg, "html") == 0)
				o->format = FORMAT_HTML;
			else {
				warnx("--format: '%s' is not text, json, csv, "
				    "html, schedule, evidence, letter or "
				    "letter-html", optarg);
				usage(1);
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_ROSTER:
			o->roster = optarg;
			break;
		case OPT_AGENCY:
			o->agency = optarg;
			break;
		case OPT_HISTORY:
			o->history = true;
			/* "--history ID" as well as "--history=ID" */
			if (optarg == NULL && optind < argc &&
			    argv[optind][0] != '-')
				optarg = argv[optind++];
			o->history_id = optarg;
			break;
		case OPT_TRAINING:
			o->training = optarg;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_SYSLOG:
			o->syslog = true;
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'v':
			o->verbosity = 1;
			break;
		case 'h':
			usage(0);
		case 'V':
			puts("certminder " VERSION);
			exit(EX_OK);
		case OPT_PROFILES:
			exit(list_profiles());
		default:
			usage(1);
		}
	}
	if (optind < argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage(1);
	}
	if (o->history && (o->format > FORMAT_CSV || o->agency != NULL ||
	    o->check)) {
		warnx("--history writes text, json or csv, for every agency");
		usage(1);
	}
}

/* A file named on the command line replaces the configured one. */
static void
override(char **file, const char *given)
{
	if (given != NULL) {
		free(*file);
		*file = xstrdup(given);
	}
}

static int
load_config(struct night *n)
{
	char *err;

	conf_defaults(&n->conf);
	if (conf_load(&n->conf, n->opt.config, &err) < 0)
		goto bad;
	use_syslog = n->opt.syslog || n->conf.log_syslog;
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

static int
open_ledger(struct night *n)
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

/* A live run for a day before the ledger's last one would send notices
 * the history says were not due yet, and a summary of the past. */
/*
 * The system clock's day: CERTMINDER_CLOCK (YYYY-MM-DD) stands for it in
 * a rehearsal of nights ahead, against a scratch ledger and a test server.
 */
static day_t
clock_day(void)
{
	const char *s = getenv("CERTMINDER_CLOCK");
	day_t d;

	if (s != NULL && *s != '\0' &&
	    date_parse(s, strlen(s), DATE_ISO, &d) == DATE_OK)
		return d;
	return parse_today(NULL);
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
	day_t last = ledger_last_day(&n->ledger), clock = clock_day();
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

/* A live run refused for its day is recorded, so that --check warns. */
static int
check_time(struct night *n)
{
	char *why = clock_problem(n);

	if (why == NULL)
		return EX_OK;
	warnx("%s: %s", n->conf.state_file, why);
	if (ledger_run_stopped(&n->ledger, n->today, "clock", why,
	    EX_USAGE) < 0)
		warnx("%s: cannot record the refused run: %s",
		    n->conf.state_file, ledger_error(&n->ledger));
	free(why);
	return EX_USAGE;
}

/* A live run's mail: the password, and libcurl readied for the server. */
static int
open_mail(struct night *n)
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

static int
read_inputs(struct night *n)
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
 * A value that decides who is counted and that the configuration does not
 * understand, or a roster whose ids name several people: the numbers
 * cannot be trusted, so nothing is sent, --force or not, until the
 * configuration or the export is fixed.
 */
static void
check_understood(struct night *n)
{
	unsigned long k = n->roster_stats.not_understood +
	    n->training_stats.not_understood;
	char *why;

	unsigned long ids = n->people.n, dup = n->roster_stats.repeated_ids;
	unsigned long limit = ids / 100 > 5 ? ids / 100 : 5;

	if (dup > limit) {
		why = xasprintf("%lu ids are on more than one roster row (at "
		    "most %lu may be), %lu of them in several agencies: a "
		    "roster that reuses ids would credit one person with "
		    "another's training%s", dup, limit,
		    n->roster_stats.cross_agency_ids,
		    n->roster_stats.cross_agency_ids > 0 ? "; if every agency "
		    "numbers its own, set id_scope = \"agency\"" : "");
		strlist_add(&n->refusals, why);
		free(why);
	}
	if (k == 0)
		return;
	why = xasprintf("%lu %s of the sworn, status or selected column %s "
	    "not understood (see the problems): add %s to the configuration",
	    k, plural((long)k, "value", "values"), plural((long)k, "is", "are"),
	    plural((long)k, "it", "them"));
	strlist_add(&n->refusals, why);
	free(why);
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
	if (ledger_run_stopped(&n->ledger, n->today, "stopped",
	    n->refusals.v[0], EX_DATAERR) < 0)
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
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
	if (ledger_run_stopped(&n->ledger, n->today, "stopped",
	    sb_str(&why), EX_DATAERR) < 0)
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
	sb_free(&why);
	return EX_DATAERR;
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

static int
send_notices(struct night *n)
{
	struct delivery *d = &n->delivery;
	size_t i;

	d->compose.conf = &n->conf;
	d->compose.templates = &n->templates;
	d->compose.people = &n->people;
	d->compose.compliance = &n->compliance;
	d->compose.plan = &n->plan;
	d->compose.problems = n->problems.n + n->problems.dropped;
	d->compose.new_titles = &n->new_titles;
	n->last_state = ledger_meta(&n->ledger, "summary:state");
	d->compose.last_state = n->last_state;
	d->compose.nschedule = schedule_build(&n->conf, &n->people,
	    &n->compliance, &n->schedule);
	d->compose.schedule = n->schedule;
	d->smtp = n->smtp;
	d->ledger = &n->ledger;
	deliver_plan(d);
	if (d->ledger_failed) {
		if (d->sent == 0 && d->failed == 0)
			warnx("%s: cannot write: %s; nothing sent",
			    n->conf.state_file, ledger_error(&n->ledger));
		else
			warnx("%s: cannot record a sent notice: %s; stopped "
			    "after %ld sent", n->conf.state_file,
			    ledger_error(&n->ledger), d->sent);
		return EX_CANTCREAT;
	}
	if (d->server_down && d->refused) {
		warnx("%s: refused: %s; %ld sent.  This will not mend by itself: "
		    "check the server's certificate (smtp.ca_file), that it "
		    "offers STARTTLS (smtp.tls), and smtp.user and its "
		    "password", conf_url_shown(&n->conf), d->server_error,
		    d->sent);
		ledger_run_stopped(&n->ledger, n->today, "refused",
		    d->server_error, EX_UNAVAILABLE);
		return EX_UNAVAILABLE;
	}
	if (d->server_down) {
		warnx("%s: cannot deliver: %s; %ld sent, the rest waits for the "
		    "next run", conf_url_shown(&n->conf), d->server_error,
		    d->sent);
		ledger_run_stopped(&n->ledger, n->today, "server",
		    d->server_error, EX_TEMPFAIL);
		return EX_TEMPFAIL;
	}
	if (n->opt.verbosity >= 0)
		for (i = 0; i < d->failures.n; i++)
			warnx("refused for good: %s", d->failures.v[i]);
	if (ledger_run_completed(&n->ledger, n->today, d->deferred ? "deferred" :
	    "completed", &n->conf, &n->people, &n->compliance, d->sent,
	    d->deferred, d->failed, d->deferred ? EX_TEMPFAIL : EX_OK) < 0) {
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
		return EX_CANTCREAT;
	}
	if (n->opt.verbosity > 0)
		printf("certminder: %s: %ld sent, %ld deferred, %ld failed, %ld "
		    "without an address\n", n->opt.today ? n->opt.today : "today",
		    d->sent, d->deferred, d->failed, d->unreachable);
	if (d->deferred > 0) {
		if (n->opt.verbosity >= 0)
			warnx("%ld %s deferred by the server; the next run "
			    "sends %s", d->deferred, plural(d->deferred,
			    "message", "messages"), plural(d->deferred, "it",
			    "them"));
		return EX_TEMPFAIL;
	}
	return EX_OK;
}

/*
 * A report holds names, ids and addresses: the file is the user's alone,
 * mode 0600 (less if the umask takes more), a file that was there included.
 */
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

/* Where a report goes: stdout, or -o's file, private (NULL: warned).
 * -o never names the ledger, its lock, the configuration or an export. */
static FILE *
report_open(struct night *n)
{
	static char buf[64 * 1024];	/* one report a run */
	char *lock = xasprintf("%s.lock", n->conf.state_file), *err;
	const char *avoid[] = { n->conf.state_file, lock, n->conf.path,
	    n->conf.roster.file, n->conf.training.file };
	FILE *fp = stdout;

	if (n->opt.output != NULL) {
		fp = outfile_open(&n->out, n->opt.output, avoid, NELEM(avoid),
		    &err);
		free(lock);
		if (fp == NULL) {
			warnx("-o %s", err);
			free(err);
			return NULL;
		}
	} else
		free(lock);
	/* one thread writes it: stdio need not lock the stream; a report
	 * of 100,000 people is tens of MB, written 64 KiB at a time but to
	 * a terminal */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	if (!isatty(fileno(fp)))
		setvbuf(fp, buf, _IOFBF, sizeof(buf));
	return fp;
}

/* The report complete: -o's file takes its place now, whole. */
static int
report_close(struct night *n, FILE *fp, int rc)
{
	if (fflush(fp) != 0)
		rc = -1;
	if (fp != stdout && outfile_close(&n->out, rc == 0) != 0)
		rc = -1;
	if (rc < 0) {
		warnx("%s: %s", n->opt.output ? n->opt.output : "stdout",
		    strerror(errno));
		return EX_CANTCREAT;
	}
	return EX_OK;
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
night_report(struct night *n)
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
		.history = &n->history,
	};

	return r;
}

static int
write_report(struct night *n)
{
	struct report r = night_report(n);
	FILE *fp;
	char *why;
	int rc;

	if (n->opt.format == FORMAT_JSON || n->opt.format == FORMAT_HTML)
		load_history(n);
	if ((fp = report_open(n)) == NULL)
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
			if (fp != stdout)	/* the old report stays */
				outfile_close(&n->out, false);
			return EX_TEMPFAIL;
		}
		break;
	default:
		rc = report_text(fp, &r);
		break;
	}
	return report_close(n, fp, rc);
}

/*
 * --history: what the ledger says was sent, to whom and when; no night.
 * The ledger is read whole first and the output written after, so that a
 * reader paused on a pipe (| less) holds no lock while the night runs.
 */
static int
write_history(struct night *n)
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
		return EX_SOFTWARE;
	}
	rc = history_write(mem, &n->ledger, n->conf.state_file, key,
	    n->conf.id_ignore_leading_zeros, names, formats[n->opt.format]);
	free(key);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc < 0) {
		warnx("%s: %s", n->conf.state_file, ledger_error(&n->ledger));
		free(text);
		return EX_NOINPUT;
	}
	ledger_close(&n->ledger);	/* read: nothing more is needed */
	if ((fp = report_open(n)) == NULL) {
		free(text);
		return EX_CANTCREAT;
	}
	rc = fwrite(text, 1, size, fp) == size ? 0 : -1;
	free(text);
	return report_close(n, fp, rc);
}

static int
monitoring_line(struct night *n, int rc)
{
	struct report r = night_report(n);

	r.last_delivery = ledger_last_delivery(&n->ledger);
	r.last_refused = ledger_last_refused(&n->ledger);
	r.last_run = ledger_last_day(&n->ledger);
	r.clock_refusals = ledger_clock_refusals(&n->ledger);

	if (rc != EX_OK) {
		printf("CERTMINDER UNKNOWN - cannot compute (exit %d); run "
		    "certminder --dry-run for the reason\n", rc);
		return 3;
	}
	return report_check(stdout, &r);
}

static void
night_free(struct night *n)
{
	deliver_free(&n->delivery);
	smtp_close(n->smtp);
	ledger_close(&n->ledger);
	templates_free(&n->templates);
	free(n->prev);
	free(n->last_state);
	free(n->schedule);
	pledge_history_free(&n->history);
	notice_plan_free(&n->plan);
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

/*
 * The process holds personal data of police staff and, on a live run, the
 * SMTP password: a crash leaves no core file, and no other process of the
 * same user may attach to it or read its memory.
 */
static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	struct night n = { 0 };
	int rc;

	no_core_dumps();
	/* a file size limit (ulimit -f) is an error to report like a full
	 * disk, not a signal that kills the run halfway */
	signal(SIGXFSZ, SIG_IGN);
	/* text is UTF-8 whatever the environment: the report pads columns by
	 * what a terminal shows */
	setlocale(LC_CTYPE, "C.UTF-8");
	parse_args(argc, argv, &n.opt);
	n.today = parse_today(n.opt.today);
	n.live = !n.opt.dry_run && !n.opt.check && !n.opt.history;
	if ((rc = load_config(&n)) != EX_OK)
		goto done;
	if ((rc = open_ledger(&n)) != EX_OK)
		goto done;
	if (n.opt.history) {
		rc = write_history(&n);
		goto done;
	}
	if (n.live && !n.opt.force && (rc = check_time(&n)) != EX_OK)
		goto done;
	if (n.live && (rc = open_mail(&n)) != EX_OK)
		goto done;
	if ((rc = read_inputs(&n)) != EX_OK)
		goto done;
	if ((rc = pick_agency(&n)) != EX_OK)
		goto done;
	match_agencies(&n);
	compliance_compute(&n.conf, &n.people, n.today, &n.compliance);
	plan_notices(&n);
	check_understood(&n);
	check_brakes(&n);
	if (n.opt.check)
		goto done;
	if (n.opt.dry_run) {
		rc = write_report(&n);
		goto done;
	}
	if (n.refusals.n > 0) {
		rc = stop_for_refusals(&n);
		goto done;
	}
	if (n.brakes.n > 0 && !n.opt.force) {
		rc = stop_for_brakes(&n);
		goto done;
	}
	if ((rc = record_figures(&n)) == EX_OK)
		rc = send_notices(&n);
	if (n.opt.output != NULL || n.opt.format_given) {
		int wrc = write_report(&n);

		if (rc == EX_OK)
			rc = wrc;
	}
done:
	if (n.opt.check)
		rc = monitoring_line(&n, rc);
	night_free(&n);
	return rc;
}
