/*
 * mail: RFC 5322 messages.  Header values are built only from checked
 * parts: addresses that passed addr_valid(), and display names and subjects
 * that are RFC 2047 encoded when they are not plain ASCII words.  Bodies
 * are UTF-8, quoted-printable, with CRLF line ends; a message with an HTML
 * part is multipart/alternative, the text first; one with a file attached
 * is multipart/mixed, the file last, in base64.  Knows nothing of SMTP.
 */
#ifndef CERTMINDER_MAIL_H
#define CERTMINDER_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "strbuf.h"

struct mail_addr {
	const char	*name;	/* display name, UTF-8, may be NULL */
	const char	*addr;	/* checked addr-spec */
};

struct mail {
	struct mail_addr	 from;
	const char		*reply_to;	/* may be NULL */
	const struct mail_addr	*to;
	size_t			 nto;
	const char		*subject;	/* UTF-8 */
	const char		*body;		/* UTF-8, LF line ends */
	const char		*html;		/* NULL, or the same as HTML: the
						 * message is then
						 * multipart/alternative */
	const char		*attach;	/* NULL, or a file attached: */
	size_t			 attach_len;
	const char		*attach_name;	/* "training.ics" (plain) */
	const char		*attach_type;	/* "text/calendar; ..." */
	time_t			 date;
	const char		*message_id;	/* without < > */
};

/*
 * Splits "Name <addr>" or "addr" into its parts (pointing into a copy
 * kept in *buf, to be freed).  Returns -1 when there is no valid address.
 */
int	 mail_parse_address(const char *, struct mail_addr *, char **buf);

/* Appends a header "Name: value" with value as RFC 2047 encoded words
 * when it is not plain printable ASCII, folded under 78 columns. */
void	 mail_header_text(struct strbuf *, const char *name, const char *value);
/* Appends one mailbox: the address, with its display name when given;
 * col is the column it starts at. */
void	 mail_mailbox(struct strbuf *, const struct mail_addr *, size_t col);
/* Appends text as quoted-printable (RFC 2045), CRLF line ends. */
void	 mail_qp(struct strbuf *, const char *text);
/* A new unique Message-ID for the domain of addr (without < >). */
char	*mail_message_id(const char *addr, time_t);
/* Builds the whole message, CRLF throughout. */
void	 mail_build(struct strbuf *, const struct mail *);

#endif
