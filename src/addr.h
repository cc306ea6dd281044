/*
 * addr: e-mail address checks.  An address from a CSV reaches the SMTP
 * envelope and the To header only after addr_valid() said yes.
 */
#ifndef CERTMINDER_ADDR_H
#define CERTMINDER_ADDR_H

#include <stdbool.h>
#include <stddef.h>

/* A plain addr-spec: dot-atom local part, '@', a host name of letters,
 * digits and hyphens.  No display name, no quoted local part, no spaces,
 * no control characters; at most 254 octets. */
bool	 addr_valid(const char *, size_t);

#endif
