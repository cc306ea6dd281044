/*
 * csvcell: a value as a CSV cell (RFC 4180), for the CSV report, the
 * schedule, the evidence and --history's CSV.  A value a spreadsheet
 * would run as a formula is written as text.
 */
#ifndef CERTMINDER_CSVCELL_H
#define CERTMINDER_CSVCELL_H

#include <stddef.h>
#include <stdio.h>

#include "people.h"

/* Writes s (NULL: empty) or s[0..n) as a CSV cell, quoted when it must
 * be, "=1+2" as "'=1+2". */
void	 csv_cell(FILE *, const char *);
void	 csv_cell_n(FILE *, const char *, size_t);
/* The person's agency, id and name cells. */
void	 csv_person(FILE *, const struct people *, const struct person *);

#endif
