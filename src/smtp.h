/*
 * smtp: delivery through libcurl, one connection reused for every message
 * of a run.  Knows nothing of certifications: it takes an envelope and the
 * bytes of a message, and says what the server answered.
 */
#ifndef CERTMINDER_SMTP_H
#define CERTMINDER_SMTP_H

#include <stddef.h>

#include "conf.h"

enum smtp_result {
	SMTP_OK,
	SMTP_TEMPORARY,		/* a 4xx to the recipient: next run */
	SMTP_PERMANENT,		/* a 5xx to the recipient: failed for good */
	SMTP_UNREACHABLE,	/* no connection, a 421, a time-out: the
				 * night stops, the next run goes on */
	SMTP_SERVER_REFUSED,	/* a 5xx to MAIL FROM: the server's fault,
				 * not a recipient's; the night stops */
	SMTP_REFUSED		/* certificate, STARTTLS or login refused:
				 * stops until someone fixes it */
};

struct smtp;

/*
 * Reads the password and readies libcurl for the server that conf_check()
 * accepted; the connection opens with the first message.  Returns NULL
 * with the reason in *err (the password cannot be had).
 */
struct smtp	*smtp_open(const struct conf *, char **err);
/*
 * Sends one message to one recipient.  *answer gets the server's last
 * reply ("550 5.1.1 <x@y>: User unknown") or curl's reason (to be freed).
 */
enum smtp_result smtp_send(struct smtp *, const char *from,
		    const char *rcpt, const char *data, size_t len,
		    char **answer);
void		 smtp_close(struct smtp *);

#endif
