/*
 * history: what the ledger says was done (--history [ID]) -- every notice
 * about a person, or everyone, with when, to whom, the outcome and the
 * Message-ID, then the log of runs -- as text, JSON or CSV.
 */
#ifndef CERTMINDER_HISTORY_H
#define CERTMINDER_HISTORY_H

#include <stdio.h>

#include "ledger.h"
#include "people.h"

enum history_format { HISTORY_TEXT, HISTORY_JSON, HISTORY_CSV };

/* Writes the history of the person with this key or id (NULL: everyone)
 * from the ledger at path, with each person's name from names (the
 * roster, or NULL: the ledger keeps ids only); with zeros, an id the
 * roster does not hold matches the ledger's without leading zeros.
 * Returns 0, or -1 when the ledger cannot be read (ledger_error() says
 * why) or the output cannot be written. */
int	 history_write(FILE *, struct ledger *, const char *path,
	    const char *id, bool zeros, const struct people *names,
	    enum history_format);

#endif
