/*
 * deliver: turns tonight's plan into mail -- one message per officer
 * covering all of their notices, one digest per supervisor, the summary to
 * each summary_to address -- sends it and records what the server accepted,
 * each message in its own transaction.
 */
#ifndef CERTMINDER_DELIVER_H
#define CERTMINDER_DELIVER_H

#include <stdbool.h>

#include "compliance.h"
#include "conf.h"
#include "ledger.h"
#include "notice.h"
#include "people.h"
#include "smtp.h"
#include "strlist.h"
#include "template.h"

struct delivery {
	const struct conf	*conf;
	const struct templates	*templates;
	const struct people	*people;
	const struct compliance	*compliance;
	const struct notice_plan *plan;
	struct smtp		*smtp;
	struct ledger		*ledger;
	/* results */
	long			 sent;		/* messages accepted */
	long			 deferred;	/* 4xx: tried again next run */
	long			 failed;	/* 5xx: recorded as failed */
	long			 unreachable;	/* no usable address */
	bool			 server_down;	/* stopped: no connection */
	bool			 ledger_failed;
	struct strlist		 failures;	/* for the summary and stderr */
	char			*server_error;
};

/* Sends the plan.  Returns 0 when every message was handled. */
int	 deliver_plan(struct delivery *);
void	 deliver_free(struct delivery *);

/* The message to one officer, for tests: the plan entries of person p. */
char	*deliver_compose_officer(const struct delivery *, uint32_t person,
	    const size_t *notices, size_t n, char **subject);

#endif
