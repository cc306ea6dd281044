/*
 * letter: the chief's One Mind Campaign completion letter (--format letter,
 * letter-html), one per agency, from the letter template: the sworn
 * officers, each certification's holders against its threshold, the
 * selected non-sworn staff, the courses counted, the period they span, the
 * method and the verdict; then the partnership, policy, enclosures and
 * signature from conf.pledge, each part missing marked to complete.
 * Figures are the report's; a percent is never rounded up.
 */
#ifndef CERTMINDER_LETTER_H
#define CERTMINDER_LETTER_H

#include <stdio.h>

#include "report.h"
#include "template.h"

/* Both need the people's record sources (people.keep_source). */
/* The same letters as one page of HTML for the agency's letterhead: print
 * styles for A4 and Letter, each agency's letter on a page of its own,
 * the parts to complete marked. */
int	 letter_write_html(FILE *, const struct report *,
	    const struct templates *);
int	 letter_write(FILE *, const struct report *, const struct templates *);

#endif
