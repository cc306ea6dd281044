/*
 * compose: the text of each message certminder sends, from the templates.
 */
#ifndef CERTMINDER_COMPOSE_H
#define CERTMINDER_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classes.h"
#include "compliance.h"
#include "conf.h"
#include "notice.h"
#include "people.h"
#include "schedule.h"
#include "strlist.h"
#include "template.h"

/* What the messages are made of. */
struct compose {
	const struct conf	*conf;
	const struct templates	*templates;
	const struct people	*people;
	const struct compliance	*compliance;
	const struct notice_plan *plan;
	size_t			 problems;	/* in the inputs, for the summary */
	const struct strlist	*new_titles;	/* counted the first time */
	const struct strlist	*deferred;	/* tonight's 4xx, or NULL */
	const char		*last_state;	/* compose_state() of the last
						 * summary sent, or NULL */
	const struct to_train	*schedule;	/* schedule_build()'s list, */
	size_t			 nschedule;	/* for every summary */
	const struct place	*places;	/* its schedule_plan(), or NULL */
	const struct classes	*classes;	/* NULL: none */
};

/* What the summary tells against the next one: the day, each agency's
 * met thresholds, each active person's expiries (allocated). */
char	*compose_state(const struct compose *);

/* Whether the summary (of agency, or all: NULL) has something to say
 * since the last one sent: a threshold, a renewal, a first training, an
 * expiry, someone joined or left; or none was ever sent. */
bool	 compose_summary_news(const struct compose *, const char *agency);

/* Each returns the body (to be freed) and sets *subject (to be freed). */

/* To one officer: the plan entries notices[0..n) of person; with ics not
 * NULL, *ics is the calendar file of the classes listed and the expiries
 * to come (to be freed), or NULL when there is neither. */
char	*compose_officer(const struct compose *, uint32_t person,
	    const size_t *notices, size_t n, char **subject, char **ics);
/* To a supervisor: the digest notice's people, each with what is due;
 * forwarded, to the coordinator for a supervisor without an address. */
char	*compose_digest(const struct compose *, const struct notice *,
	    bool forwarded, char **subject);
/* To the coordinator: every agency's table and forecast (or one agency's,
 * for its own coordinator), tonight's notices, and those refused for good
 * or without an address; with html not NULL, *html is the same as an HTML
 * document (mailhtml.h). */
char	*compose_summary(const struct compose *, const struct strlist *failed,
	    const char *agency, char **subject, char **html);

#endif
