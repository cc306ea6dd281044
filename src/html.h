/*
 * html: the report as one self-contained HTML page (--format html) for
 * command staff to open or print: per agency and certification a chart
 * of coverage -- the recorded nights and the forecast if nobody trains,
 * the threshold, today and the day it breaks -- as inline SVG with its
 * numbers in a table, then the tables of the text report.  No script, no
 * file or address fetched.
 */
#ifndef CERTMINDER_HTML_H
#define CERTMINDER_HTML_H

#include <stdio.h>

#include "report.h"

int	 report_html(FILE *, const struct report *);
/* Writes s with &, <, >, " and ' escaped. */
void	 html_text(FILE *, const char *);

#endif
