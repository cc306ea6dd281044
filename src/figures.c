#include <stdio.h>

#include "figures.h"
#include "text.h"

/* valid of sworn as a percent to one decimal, cut, never rounded up: 99.96
 * % is "99.9 %", not a pledge met; "-" without sworn officers. */
const char *
coverage_pct(char buf[24], int valid, int sworn)
{
	int tenths;

	if (sworn <= 0)
		return "-";
	tenths = (int)((long long)valid * 1000 / sworn);
	snprintf(buf, 24, "%d.%d %%", tenths / 10, tenths % 10);
	return buf;
}

void
forecast_words(struct strbuf *sb, const struct compliance *cp,
    const struct conf_cert *ct, const struct cert_tally *t)
{
	const struct forecast *fc = &t->forecast;
	char d[DATE_ISO_LEN], h[DATE_ISO_LEN];

	if (t->required == 0 && !t->met) {
		sb_printf(sb, "%s: no sworn officers, so no pledge figure.",
		    ct->name);
		return;
	}
	date_iso(cp->today + cp->forecast_days, h);
	if (fc->breaks_on == DAY_NONE) {
		sb_printf(sb, "%s holds at %d %% through %s.", ct->name,
		    ct->threshold_pct, h);
		return;
	}
	if (fc->breaks_on == cp->today)
		sb_printf(sb, "%s is below %d %% today: %d more %s must renew "
		    "or train now", ct->name, ct->threshold_pct,
		    fc->needed_by_break, plural(fc->needed_by_break, "officer",
		    "officers"));
	else
		sb_printf(sb, "%s falls below %d %% on %s unless %d more %s "
		    "by then", ct->name, ct->threshold_pct,
		    date_iso(fc->breaks_on, d), fc->needed_by_break,
		    plural(fc->needed_by_break, "officer renews or trains",
		    "officers renew or train"));
	if (fc->needed_for_horizon > fc->needed_by_break)
		sb_printf(sb, "; %d to hold it through %s",
		    fc->needed_for_horizon, h);
	sb_add(sb, ".");
}
