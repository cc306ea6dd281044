/*
 * mailhtml: the HTML part of the coordinator's summary, written for mail
 * readers such as Outlook: tables with inline styles, coverage as bars of
 * table cells; no SVG, no image, no script, nothing fetched.  It carries
 * what the text part says: the same template, the agency tables as HTML.
 */
#ifndef CERTMINDER_MAILHTML_H
#define CERTMINDER_MAILHTML_H

#include "compliance.h"
#include "conf.h"

/*
 * The whole HTML document (to be freed): the text before and after the
 * summary's {report}, escaped, around each agency's table (only the agency
 * named, when one is).
 */
char	*mailhtml_summary(const struct conf *, const struct compliance *,
	    const char *agency, const char *before, const char *after);

#endif
