/*
 * letter: the training section of the chief's One Mind Campaign completion
 * letter (--format letter), one per agency, from the letter template: the
 * sworn officers, each certification's holders against its threshold, the
 * selected non-sworn staff, the courses counted, the period they span and
 * the method.  Figures are the report's; a percent is never rounded up.
 */
#ifndef CERTMINDER_LETTER_H
#define CERTMINDER_LETTER_H

#include <stdio.h>

#include "report.h"
#include "template.h"

/* Needs the people's record sources (people.keep_source). */
int	 letter_write(FILE *, const struct report *, const struct templates *);

#endif
