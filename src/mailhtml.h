/*
 * mailhtml: the HTML part of the coordinator's summary, written for mail
 * readers such as Outlook: tables with inline styles, coverage as bars of
 * table cells; no SVG, no image, no script, nothing fetched.  It carries
 * what the text part says: the same template, the agency tables as HTML.
 */
#ifndef CERTMINDER_MAILHTML_H
#define CERTMINDER_MAILHTML_H

#include "classes.h"
#include "compliance.h"
#include "conf.h"

/*
 * The whole HTML document (to be freed): the text before and after the
 * summary's {report}, escaped, around each agency's table and its
 * forecast and seats lines (only the agency named, when one is).
 */
char	*mailhtml_summary(const struct conf *, const struct compliance *,
	    const struct classes *, const char *agency, const char *before,
	    const char *after);

#endif
