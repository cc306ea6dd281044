#include <stdarg.h>
#include <stdlib.h>

#include "alloc.h"
#include "brake.h"
#include "strbuf.h"
#include "strlist.h"
#include "text.h"

static void
add(struct strlist *reasons, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
add(struct strlist *reasons, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_add(reasons, s);
	free(s);
}

void
brake_bad_rows(const struct conf *c, const char *file,
    const struct input_stats *st, struct strlist *reasons)
{
	if (st->rows == 0) {
		/* a query that matched nobody, or a job that wrote the header
		 * and died: never a night's truth */
		add(reasons, "%s: no rows under the header: an export with "
		    "nobody in it is a broken one: check the export", file);
		return;
	}
	if (st->rejected * 100 <= (unsigned long)c->max_bad_rows_pct * st->rows)
		return;
	add(reasons, "%s: %lu of %lu rows rejected (%.1f %%), more than "
	    "max_bad_rows_pct = %d %%: check the export", file, st->rejected,
	    st->rows, 100.0 * st->rejected / st->rows, c->max_bad_rows_pct);
}

long
brake_max_vanished(const struct conf *c, long active)
{
	long auto_max = active * 2 / 100;

	if (c->max_vanished > 0)
		return c->max_vanished;
	return auto_max > 5 ? auto_max : 5;
}

long
brake_max_notices(const struct conf *c, long active)
{
	long auto_max = active / 10;

	if (c->max_notices > 0)
		return c->max_notices;
	return auto_max > 25 ? auto_max : 25;
}

void
brake_history(const struct conf *c, const struct people *pp,
    const struct brake_history *h, struct strlist *reasons)
{
	long active = 0, sworn = 0, vanished = 0, earlier = 0, max;
	size_t i, k;

	for (i = 0; i < pp->n; i++) {
		if (!pp->v[i].active)
			continue;
		active++;
		sworn += pp->v[i].sworn;
		for (k = 0; k < c->ncerts; k++) {
			day_t was = h->prev[i * c->ncerts + k];
			day_t now = *people_expires(pp, (uint32_t)i, k);

			if (was == DAY_NONE)
				continue;
			if (now == DAY_NONE)
				vanished++;
			else if (now < was)
				earlier++;
		}
	}
	if (h->last_active < 0) {
		max = brake_max_notices(c, active);
		if ((long)h->due_notices > max)
			add(reasons, "first run: %zu notices are due, more than "
			    "max_notices = %ld: look at them with --dry-run, "
			    "then send them once with --force", h->due_notices,
			    max);
		return;
	}
	if (h->last_active > 0 && (h->last_active - active) * 100 >
	    (long)c->max_roster_drop_pct * h->last_active)
		add(reasons, "the active roster shrank from %ld to %ld people, "
		    "more than max_roster_drop_pct = %d %%: check the roster "
		    "export", h->last_active, active, c->max_roster_drop_pct);
	if (h->last_active > 0 && (active - h->last_active) * 100 >
	    (long)c->max_roster_growth_pct * h->last_active)
		add(reasons, "the active roster grew from %ld to %ld people, "
		    "more than max_roster_growth_pct = %d %%: have leavers come "
		    "back? check the status column", h->last_active, active,
		    c->max_roster_growth_pct);
	if (h->last_sworn > 0 && labs(sworn - h->last_sworn) * 100 >
	    (long)c->max_sworn_change_pct * h->last_sworn)
		add(reasons, "sworn officers went from %ld to %ld, a change of "
		    "more than max_sworn_change_pct = %d %%: check the sworn "
		    "column and its words", h->last_sworn, sworn,
		    c->max_sworn_change_pct);
	max = brake_max_vanished(c, active);
	if (vanished > max)
		add(reasons, "%ld certifications of active people had a record "
		    "on the last run and have none now, more than max_vanished "
		    "= %ld: check the training export", vanished, max);
	if (earlier > max)
		add(reasons, "%ld expiry dates moved earlier than the last run "
		    "saw them, more than max_vanished = %ld: check the dates "
		    "(date_format) of the training export", earlier, max);
}

void
brake_understood(const struct people *pp, const struct input_stats *roster,
    const struct input_stats *training, struct strlist *refusals)
{
	unsigned long k = roster->not_understood + training->not_understood;
	unsigned long ids = pp->n, dup = roster->repeated_ids;
	unsigned long limit = ids / 100 > 5 ? ids / 100 : 5;
	char *why;

	if (dup > limit) {
		why = xasprintf("%lu ids are on more than one roster row (at "
		    "most %lu may be), %lu of them in several agencies: a "
		    "roster that reuses ids would credit one person with "
		    "another's training%s", dup, limit,
		    roster->cross_agency_ids, roster->cross_agency_ids > 0 ?
		    "; if every agency numbers its own, set id_scope = "
		    "\"agency\"" : "");
		strlist_add(refusals, why);
		free(why);
	}
	if (k == 0)
		return;
	why = xasprintf("%lu %s of the sworn, status or selected column %s "
	    "not understood (see the problems): add %s to the configuration",
	    k, plural((long)k, "value", "values"), plural((long)k, "is", "are"),
	    plural((long)k, "it", "them"));
	strlist_add(refusals, why);
	free(why);
}
