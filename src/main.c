/*
 * certminder: keeps a police agency's mental-health training current.
 * One run is one night: read the exports, compute the pledge numbers, plan
 * the notices, check the brakes, send, record, report.  This file is the
 * command line; night.c has the steps.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sysexits.h>
#include <unistd.h>

#include "alloc.h"
#include "conf.h"
#include "date.h"
#include "log.h"
#include "night.h"
#include "strlist.h"

#ifndef VERSION
#define VERSION "0.1"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

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

/* --today, or the clock's day (a rehearsal's CERTMINDER_CLOCK). */
static day_t
parse_today(const char *s)
{
	day_t d;

	if (s == NULL)
		return night_clock();
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
	bool dry_run = false, check = false, history = false;
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
			dry_run = true;
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
			history = true;
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
			check = true;
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
	if (history && (o->format > FORMAT_CSV || o->agency != NULL ||
	    check)) {
		warnx("--history writes text, json or csv, for every agency");
		usage(1);
	}
	/* the verb: --history, else --check (with or without -n), else
	 * --dry-run, else the night */
	o->verb = history ? VERB_HISTORY : check ? VERB_CHECK : dry_run ?
	    VERB_DRY_RUN : VERB_RUN;
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
	n.live = n.opt.verb == VERB_RUN;
	if ((rc = night_config(&n)) != EX_OK ||
	    (rc = night_ledger(&n)) != EX_OK)
		goto done;
	switch (n.opt.verb) {
	case VERB_HISTORY:
		rc = night_history(&n);
		break;
	case VERB_RUN:
		if ((rc = night_in_time(&n)) != EX_OK ||
		    (rc = night_mail(&n)) != EX_OK ||
		    (rc = night_read(&n)) != EX_OK ||
		    (rc = night_agencies(&n)) != EX_OK ||
		    (rc = night_plan(&n)) != EX_OK ||
		    (rc = night_stop(&n)) != EX_OK)
			break;
		rc = night_send(&n);
		break;
	case VERB_DRY_RUN:
	case VERB_CHECK:
		if ((rc = night_read(&n)) != EX_OK ||
		    (rc = night_agencies(&n)) != EX_OK ||
		    (rc = night_plan(&n)) != EX_OK)
			break;
		if (n.opt.verb == VERB_DRY_RUN)
			rc = night_report(&n);
		break;
	}
done:
	if (n.opt.verb == VERB_CHECK)
		rc = night_check(&n, rc);
	night_free(&n);
	return rc;
}
