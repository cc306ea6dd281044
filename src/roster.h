/*
 * roster: reads the roster export into the people store.
 */
#ifndef CERTMINDER_ROSTER_H
#define CERTMINDER_ROSTER_H

#include "conf.h"
#include "input.h"
#include "people.h"

/*
 * Reads path with c->roster's settings.  Returns INPUT_OK, or why the file
 * cannot be used (unreadable; no header or no id column) with the reason
 * in *err ("FILE: line 1: no column ...").
 */
enum input_status roster_load(const struct conf *c, const char *path,
	    struct people *, struct problems *, struct input_stats *,
	    char **err);

#endif
