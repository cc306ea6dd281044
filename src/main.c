/*
 * certminder: keeps a police agency's mental-health training current.
 * One run is one night: read the exports, compute the pledge numbers, plan
 * the notices, check the brakes, send, record, report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "brake.h"
#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "input.h"
#include "notice.h"
#include "people.h"
#include "report.h"
#include "roster.h"
#include "training.h"
#include "util.h"

#ifndef VERSION
#define VERSION "0.1"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_SOFTWARE	70
#define EX_CANTCREAT	73
#define EX_TEMPFAIL	75
#define EX_CONFIG	78

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

struct options {
	const char	*config;
	const char	*roster;
	const char	*training;
	const char	*output;
	const char	*today;
	enum format	 format;
	bool		 format_given;
	bool		 dry_run;
	bool		 check;
	bool		 force;
	int		 verbosity;	/* -1 quiet, 0, 1 verbose */
};

/* Everything one night knows. */
struct night {
	struct options		 opt;
	struct conf		 conf;
	day_t			 today;
	const char		*roster_file;
	const char		*training_file;
	struct people		 people;
	struct input_stats	 roster_stats;
	struct input_stats	 training_stats;
	struct problems		 problems;
	struct compliance	 compliance;
	struct notice_plan	 plan;
	struct strlist		 brakes;
	struct strlist		 warnings;
};

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status ? stderr : stdout;

	fputs("usage: certminder [-c FILE] [-n | --dry-run] [--today YYYY-MM-DD]\n"
	    "                  [--format text|json|csv] [-o FILE] [--roster FILE]\n"
	    "                  [--training FILE] [--check] [--force] [-q] [-v]\n"
	    "                  [-h] [-V]\n", fp);
	if (status == 0)
		fputs("\n"
		    "  -c, --config FILE   configuration (default " SYSCONFDIR
		    "/certminder.conf,\n"
		    "                      or $CERTMINDER_CONF)\n"
		    "  -n, --dry-run       print the report and the notices; "
		    "send nothing\n"
		    "      --today DATE    compute as on DATE (YYYY-MM-DD)\n"
		    "      --format F      report as text, json or csv\n"
		    "  -o, --output FILE   write the report to FILE\n"
		    "      --roster FILE   read this roster export\n"
		    "      --training FILE read this training export\n"
		    "      --check         print one monitoring line; exit 0 OK,\n"
		    "                      1 WARNING, 2 CRITICAL, 3 UNKNOWN\n"
		    "      --force         send even when a safety brake trips\n"
		    "  -q, --quiet         print errors only\n"
		    "  -v, --verbose       print a summary line of the run\n"
		    "  -h, --help          print this help\n"
		    "  -V, --version       print the version\n", fp);
	exit(status ? EX_USAGE : EX_OK);
}

static void
warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("certminder: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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

static void
parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_TODAY = 256, OPT_FORMAT, OPT_ROSTER, OPT_TRAINING,
	    OPT_CHECK, OPT_FORCE };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "roster", required_argument, NULL, OPT_ROSTER },
		{ "training", required_argument, NULL, OPT_TRAINING },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
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
			else {
				warnx("--format: '%s' is not text, json or csv",
				    optarg);
				usage(1);
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_ROSTER:
			o->roster = optarg;
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
		default:
			usage(1);
		}
	}
	if (optind < argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage(1);
	}
}

static int
load_config(struct night *n)
{
	char *err;

	conf_defaults(&n->conf);
	if (conf_load(&n->conf, n->opt.config, &err) < 0) {
		warnx("%s", err);
		free(err);
		return EX_CONFIG;
	}
	n->roster_file = n->opt.roster ? n->opt.roster : n->conf.roster.file;
	n->training_file = n->opt.training ? n->opt.training :
	    n->conf.training.file;
	if (n->training_file == NULL) {
		warnx("%s: no training file: set training.file or give "
		    "--training", n->opt.config);
		return EX_CONFIG;
	}
	return EX_OK;
}

static int
read_inputs(struct night *n)
{
	char *err;
	int rc;

	people_init(&n->people, n->conf.ncerts, n->conf.id_ignore_leading_zeros);
	if (n->roster_file != NULL) {
		rc = roster_load(&n->conf, n->roster_file, &n->people,
		    &n->problems, &n->roster_stats, &err);
		if (rc != 0) {
			warnx("%s", err);
			free(err);
			return rc;
		}
	} else
		strlist_add(&n->warnings, "no roster: staff with no training "
		    "record cannot be counted, so coverage may be overstated");
	rc = training_load(&n->conf, n->training_file, n->today,
	    n->roster_file == NULL, &n->people, &n->problems,
	    &n->training_stats, &err);
	if (rc != 0) {
		warnx("%s", err);
		free(err);
	}
	return rc;
}

static void
check_brakes(struct night *n)
{
	if (n->roster_file != NULL)
		brake_bad_rows(&n->conf, path_basename(n->roster_file),
		    &n->roster_stats, &n->brakes);
	brake_bad_rows(&n->conf, path_basename(n->training_file),
	    &n->training_stats, &n->brakes);
}

static int
write_report(struct night *n)
{
	struct report r = {
		.conf = &n->conf, .people = &n->people,
		.compliance = &n->compliance, .plan = &n->plan,
		.roster_file = n->roster_file,
		.training_file = n->training_file,
		.roster = &n->roster_stats, .training = &n->training_stats,
		.problems = &n->problems, .brakes = &n->brakes,
		.warnings = &n->warnings,
	};
	FILE *fp = stdout;
	int rc;

	if (n->opt.output != NULL && (fp = fopen(n->opt.output, "w")) == NULL) {
		warnx("%s: %s", n->opt.output, strerror(errno));
		return EX_CANTCREAT;
	}
	switch (n->opt.format) {
	case FORMAT_JSON:
		rc = report_json(fp, &r);
		break;
	case FORMAT_CSV:
		rc = report_csv(fp, &r);
		break;
	default:
		rc = report_text(fp, &r);
		break;
	}
	if (fflush(fp) != 0)
		rc = -1;
	if (fp != stdout && fclose(fp) != 0)
		rc = -1;
	if (rc < 0) {
		warnx("%s: %s", n->opt.output ? n->opt.output : "stdout",
		    strerror(errno));
		return EX_CANTCREAT;
	}
	return EX_OK;
}

static int
monitoring_line(struct night *n, int rc)
{
	struct report r = {
		.conf = &n->conf, .people = &n->people,
		.compliance = &n->compliance, .plan = &n->plan,
		.problems = &n->problems, .brakes = &n->brakes,
		.warnings = &n->warnings,
	};

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
	notice_plan_free(&n->plan);
	compliance_free(&n->compliance);
	people_free(&n->people);
	problems_free(&n->problems);
	strlist_free(&n->brakes);
	strlist_free(&n->warnings);
	conf_free(&n->conf);
}

int
main(int argc, char **argv)
{
	struct night n = { 0 };
	int rc;

	parse_args(argc, argv, &n.opt);
	n.today = parse_today(n.opt.today);
	if ((rc = load_config(&n)) != EX_OK)
		goto done;
	if ((rc = read_inputs(&n)) != EX_OK)
		goto done;
	compliance_compute(&n.conf, &n.people, n.today, &n.compliance);
	notice_plan_build(&n.conf, &n.people, &n.compliance, NULL, &n.plan);
	check_brakes(&n);
	if (n.opt.check)
		goto done;
	if (!n.opt.dry_run) {
		warnx("sending is not built yet: use --dry-run");
		rc = EX_SOFTWARE;
		goto done;
	}
	rc = write_report(&n);
done:
	if (n.opt.check)
		rc = monitoring_line(&n, rc);
	night_free(&n);
	return rc;
}
