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
/*
 * A hire date after today (9999-12-31 for "not known", or a start date
 * ahead) is a problem on its row and gives no grace: it would otherwise
 * spare the person "missing" notices until a day that never comes.
 */
void	 roster_check_hired(struct people *, day_t today, struct problems *,
	    const char *label);

#endif
