/*
 * report: what a person or a program reads -- the text report of --dry-run,
 * the JSON report (schema 1), the CSV report and the schedule.
 * Reads the computed results; decides nothing.
 */
#ifndef CERTMINDER_REPORT_H
#define CERTMINDER_REPORT_H

#include <stdio.h>

#include "classes.h"
#include "compliance.h"
#include "conf.h"
#include "input.h"
#include "notice.h"
#include "people.h"
#include "schedule.h"
#include "strbuf.h"
#include "strlist.h"

struct report {
	const struct conf		*conf;
	const struct people		*people;
	const struct compliance		*compliance;
	const struct notice_plan	*plan;
	bool				 one_agency;	/* --agency: only */
	uint32_t			 agency;	/* ... this one */
	const char			*roster_file;	/* NULL: no roster */
	const char			*training_file;
	const struct input_stats	*roster;
	const struct input_stats	*training;
	const struct problems		*problems;
	const struct strlist		*brakes;	/* a live run would stop */
	const struct strlist		*refusals;	/* ... and --force too */
	/* from the ledger, for --check */
	day_t				 last_delivery;	/* DAY_NONE: never */
	bool				 last_refused;
	day_t				 last_run;	/* DAY_NONE: never */
	int				 clock_refusals;	/* in a row,
							 * refused for their day */
	const struct strlist		*warnings;
	/* from the ledger: the recorded nights, for JSON and HTML */
	const struct pledge_history	*history;	/* NULL: none */
	const struct classes		*classes;	/* NULL: none */
};

/* Whether --agency leaves the agency, or the person's, in the report. */
bool	 report_has_agency(const struct report *, uint32_t agency);
bool	 report_has_person(const struct report *, uint32_t person);
/* Whether --agency leaves a problem in the report: one of that agency's
 * rows, or of no known agency. */
bool	 report_has_problem(const struct report *, const struct problem *);

int	 report_text(FILE *, const struct report *);
int	 report_json(FILE *, const struct report *);
int	 report_csv(FILE *, const struct report *);
/* Whom to book, most urgent first, as CSV (--format schedule). */
int	 report_schedule(FILE *, const struct report *);

/* Whether agency a has any unit (or shift) named among g[0..n). */
bool	 report_groups_named(const struct agency_tally *g, size_t n,
	    uint32_t a);
/* One agency's table and forecast, as in the text report. */
void	 report_agency_text(FILE *, const struct conf *,
	    const struct compliance *, const struct agency_tally *,
	    const struct classes *);
/* What an agency's table is followed by, a line each: every
 * certification's forecast (and, with bookings, the same if the booked
 * complete their classes), then the seats against the need ("Seats:
 * ..."). */
void	 report_forecast_lines(const struct conf *, const struct compliance *,
	    const struct agency_tally *, const struct classes *,
	    struct strlist *);
/* The booking plan over everyone to train (schedule_plan()): each person
 * and certification's place, [person * ncerts + cert], PLACE_NONE where
 * none; to be freed.  NULL without a class calendar. */
struct place *report_plan(const struct report *);
/* " (renewal)", " (equivalent)" or "" after a counted title. */
const char *report_title_kind(const struct cert_title *);

#endif
