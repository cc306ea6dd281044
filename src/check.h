/*
 * check: the --check line for Nagios, Icinga and their kin -- the worst
 * state first, the items worst first, the performance data, and the exit
 * code the state is.
 */
#ifndef CERTMINDER_CHECK_H
#define CERTMINDER_CHECK_H

#include <stdio.h>

#include "report.h"

/* The plugin states, which are the exit codes. */
enum check_state {
	CHECK_OK = 0,		/* every threshold met, nothing to say */
	CHECK_WARNING = 1,	/* a threshold breaks within warn_days, a
				 * brake, an input not fully checked */
	CHECK_CRITICAL = 2,	/* a threshold not met, or the runs stopped */
	CHECK_UNKNOWN = 3	/* cannot compute, or values not understood */
};

/* Prints the line (and the long text past it); returns its state. */
enum check_state check_write(FILE *, const struct report *);
/* The line of a night that could not compute, which exited rc. */
void	 check_unknown(FILE *, int rc);

#endif
