/*
 * brake: the safety brakes.  A broken export looks like a sudden change in
 * the data; these checks stop a live run before anything is sent.
 */
#ifndef CERTMINDER_BRAKE_H
#define CERTMINDER_BRAKE_H

#include "conf.h"
#include "input.h"
#include "util.h"

/* Adds a reason when more than max_bad_rows_pct of a file's rows were
 * rejected. */
void	 brake_bad_rows(const struct conf *, const char *file,
	    const struct input_stats *, struct strlist *reasons);

#endif
