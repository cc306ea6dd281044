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
	SMTP_TEMPORARY,		/* a 4xx answer: try again next run */
	SMTP_PERMANENT,		/* a 5xx answer: failed for good */
	SMTP_UNREACHABLE	/* no connection, TLS failure, time-out */
};

struct smtp;

/*
 * Reads the password and readies libcurl for the server that conf_check()
 * accepted; the connection opens with the first message.  Returns NULL
 * with the reason in *err (the password cannot be had).
 */
struct smtp	*smtp_open(const struct conf *, char **err);
/*
 * Sends one message to one recipient.  *answer gets the server's words or
 * curl's reason (to be freed).
 */
enum smtp_result smtp_send(struct smtp *, const char *from,
		    const char *rcpt, const char *data, size_t len,
		    char **answer);
void		 smtp_close(struct smtp *);

#endif
