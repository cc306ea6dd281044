/*
 * deliver: sends tonight's plan as mail -- one message per officer, one
 * digest per supervisor, the summary to each summary_to address, as
 * compose words them -- and records what the server accepted, each
 * message in its own transaction.
 */
#ifndef CERTMINDER_DELIVER_H
#define CERTMINDER_DELIVER_H

#include <stdbool.h>

#include "compose.h"
#include "conf.h"
#include "ledger.h"
#include "notice.h"
#include "people.h"
#include "smtp.h"
#include "strlist.h"
#include "template.h"

struct delivery {
	struct compose		 compose;	/* what the messages say */
	struct smtp		*smtp;
	struct ledger		*ledger;
	/* results */
	long			 sent;		/* messages accepted */
	long			 deferred;	/* 4xx: tried again next run */
	long			 failed;	/* 5xx: recorded as failed */
	long			 unreachable;	/* no usable address */
	bool			 server_down;	/* stopped: the server's fault */
	bool			 refused;	/* ... for good: TLS, login */
	struct held		*held;		/* refused for their recipient,
						 * not booked yet */
	size_t			 nheld;
	bool			 ledger_failed;
	struct strlist		 failures;	/* for the summary and stderr */
	struct strlist		 deferrals;	/* 4xx: the next run retries */
	char			*server_error;
};

/* How the night's sending ended; status.c turns it into an exit code. */
enum deliver_outcome {
	DELIVER_DONE,		/* each message sent, or failed for good */
	DELIVER_DEFERRED,	/* some deferred (4xx): the next run sends */
	DELIVER_SERVER_DOWN,	/* stopped: no server, the rest waits */
	DELIVER_REFUSED,	/* stopped: TLS or login refused for good */
	DELIVER_LEDGER_FAILED	/* stopped: what was sent cannot be kept */
};

/* Sends the plan; the counts and words are in the delivery. */
enum deliver_outcome deliver_plan(struct delivery *);
void	 deliver_free(struct delivery *);

#endif
