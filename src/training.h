/*
 * training: streams the training records, classifies each course and keeps,
 * per person and certification, the latest expiry.  Memory grows with the
 * number of people and distinct titles, not with rows.
 */
#ifndef CERTMINDER_TRAINING_H
#define CERTMINDER_TRAINING_H

#include <stdbool.h>

#include "conf.h"
#include "date.h"
#include "input.h"
#include "people.h"

/* The expiry of a record completed on `completed` with no expiry column:
 * completion plus validity months (month-end clamped), or DAY_FOREVER. */
day_t	 training_expiry(const struct conf_cert *, day_t completed);

/*
 * Reads path with c->training's settings.  With create_people (no roster)
 * every id met becomes a person; otherwise records of unknown ids count as
 * unmatched.  Returns INPUT_OK or why not, with *err, as roster_load()
 * does.
 */
enum input_status training_load(const struct conf *c, const char *path,
	    day_t today, bool create_people, struct people *,
	    struct problems *, struct input_stats *, char **err);

/* Finds the training file's columns in its header (input_map_header with
 * the training file's required columns). */
int	 training_map_header(struct input *, const struct people *,
	    char *const *names, size_t n, bool *want);

#endif
