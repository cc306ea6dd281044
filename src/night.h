/*
 * night: one run of certminder, step by step -- the configuration, the
 * ledger, the exports, the numbers, the plan, the brakes, the mail, the
 * report.  main.c parses the command line and calls the steps in order;
 * each step says what went wrong (log.h) and returns the exit code
 * (status.h), EX_OK to go on.
 */
#ifndef CERTMINDER_NIGHT_H
#define CERTMINDER_NIGHT_H

#include <stdbool.h>
#include <stdint.h>

#include "classes.h"
#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "deliver.h"
#include "input.h"
#include "ledger.h"
#include "notice.h"
#include "people.h"
#include "schedule.h"
#include "smtp.h"
#include "strlist.h"
#include "template.h"

/* What a run is asked to do: chosen once, from the options. */
enum verb {
	VERB_RUN,	/* the night: send, record, and a report if asked */
	VERB_DRY_RUN,	/* the report and the notices; nothing sent */
	VERB_CHECK,	/* one monitoring line */
	VERB_HISTORY	/* the ledger's notices and runs; no night */
};

enum format {
	FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_SCHEDULE, FORMAT_EVIDENCE,
	FORMAT_LETTER, FORMAT_HTML, FORMAT_LETTER_HTML
};

struct options {
	enum verb	 verb;
	const char	*config;
	const char	*roster;
	const char	*training;
	const char	*output;
	const char	*today;
	const char	*agency;	/* --agency: the reports show only it */
	const char	*history_id;	/* --history ID */
	enum format	 format;
	bool		 format_given;
	bool		 force;
	bool		 syslog;
	int		 verbosity;	/* -1 quiet, 0, 1 verbose */
};

/* Everything one night knows. */
struct night {
	struct options		 opt;
	struct conf		 conf;
	day_t			 today;
	bool			 live;		/* VERB_RUN: sends */
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
	struct place		*places;	/* and the class for each */
	struct pledge_history	 history;	/* recorded nights, for reports */
	struct classes		 classes;	/* the calendar, the bookings */
};

/* The system clock's day, or CERTMINDER_CLOCK's (a rehearsal). */
day_t	 night_clock(void);

/* The steps, in the order main() takes them. */
int	 night_config(struct night *);		/* the file, the templates */
int	 night_ledger(struct night *);		/* locked when live */
int	 night_history(struct night *);		/* --history: all it does */
int	 night_in_time(struct night *);		/* live: not back in time */
int	 night_mail(struct night *);		/* live: the server readied */
int	 night_read(struct night *);		/* the exports */
int	 night_agencies(struct night *);	/* --agency, agencies = () */
int	 night_plan(struct night *);		/* the numbers, the plan,
						 * the brakes */
int	 night_stop(struct night *);		/* live: refusals and brakes */
int	 night_send(struct night *);		/* record, send, record */
int	 night_report(struct night *);		/* -o or stdout */
int	 night_check(struct night *, int rc);	/* --check's line */
void	 night_free(struct night *);

/* What the messages are made of, wired from the night (also used by the
 * unit tests of delivery). */
void	 night_compose(struct night *);

#endif
