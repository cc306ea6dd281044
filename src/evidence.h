/*
 * evidence: the training record behind each person and certification that
 * counts, as CSV (--format evidence): the course as exported, its dates,
 * hours, provider and certificate, and the file and line it came from.
 */
#ifndef CERTMINDER_EVIDENCE_H
#define CERTMINDER_EVIDENCE_H

#include <stdio.h>

#include "report.h"

/* Reads the training file again for the records' cells.  Returns 0, or -1
 * with *err set (allocated) when the file changed since it was counted, or
 * with *err NULL and errno set when writing fails. */
int	 evidence_write(FILE *, const struct report *, char **err);

#endif
