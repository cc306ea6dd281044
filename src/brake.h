/*
 * brake: the safety brakes.  A broken export looks like a sudden change in
 * the data; these checks stop a live run before anything is sent.  Time
 * alone only moves certifications along their stages and never trips one.
 */
#ifndef CERTMINDER_BRAKE_H
#define CERTMINDER_BRAKE_H

#include <stdbool.h>

#include "conf.h"
#include "date.h"
#include "input.h"
#include "people.h"
#include "strlist.h"

/* Adds a reason when a file has no rows under its header, or more than
 * max_bad_rows_pct of its rows were rejected. */
void	 brake_bad_rows(const struct conf *, const char *file,
	    const struct input_stats *, struct strlist *reasons);

struct brake_history {
	const day_t	*prev;		/* expiry seen last run, per person
					 * and certification (DAY_NONE) */
	long		 last_active;	/* -1: no completed run */
	long		 last_sworn;	/* -1: not known */
	size_t		 due_notices;	/* officer notices due tonight */
};

/* The limits in force: configured, or automatic for 0. */
long	 brake_max_vanished(const struct conf *, long active);
long	 brake_max_notices(const struct conf *, long active);

/* Adds the reasons the history gives: a shrunken or swollen roster, a
 * changed sworn count, vanished certifications, expiries moved earlier, a
 * first night's backlog. */
void	 brake_history(const struct conf *, const struct people *,
	    const struct brake_history *, struct strlist *reasons);

/*
 * Adds the refusals, which stop a live run even with --force: a value
 * that decides who is counted and that the configuration does not
 * understand, or more repeated roster ids than the larger of 5 and 1 % of
 * the people (a roster that reuses ids would credit one person with
 * another's training).
 */
void	 brake_understood(const struct people *, const struct input_stats *roster,
	    const struct input_stats *training, struct strlist *refusals);

#endif
