/*
 * figures: the pledge figures in words, as every report and message says
 * them -- the coverage percent and the forecast sentence.
 */
#ifndef CERTMINDER_FIGURES_H
#define CERTMINDER_FIGURES_H

#include "compliance.h"
#include "conf.h"
#include "strbuf.h"

/* "28.5 %": valid of sworn cut to one decimal, never rounded up; "-"
 * without sworn people. */
const char *coverage_pct(char buf[24], int valid, int sworn);
/* The forecast in plain words, without a trailing newline. */
void	 forecast_words(struct strbuf *, const struct compliance *,
	    const struct conf_cert *, const struct cert_tally *);

#endif
