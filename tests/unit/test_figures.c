/*
 * figures: a percent never rounded up, and the forecast in words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "figures.h"
#include "unit.h"

#define T	D("2026-11-23")

static void
test_coverage(void **state)
{
	char buf[24];

	(void)state;
	assert_string_equal(coverage_pct(buf, 2, 7), "28.5 %");
	assert_string_equal(coverage_pct(buf, 2000, 2001), "99.9 %");
	assert_string_equal(coverage_pct(buf, 400, 2001), "19.9 %");
	assert_string_equal(coverage_pct(buf, 7, 7), "100.0 %");
	assert_string_equal(coverage_pct(buf, 0, 7), "0.0 %");
	assert_string_equal(coverage_pct(buf, 0, 0), "-");
	assert_string_equal(coverage_pct(buf, 999999, 1000000), "99.9 %");
}

static void
forecast_is(const struct compliance *cp, const struct conf_cert *ct,
    const struct cert_tally *t, const char *want)
{
	struct strbuf sb = { 0 };

	forecast_words(&sb, cp, ct, t);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

/* The forecast's four cases, as the summary and the reports say them. */
static void
test_forecast(void **state)
{
	struct conf c;
	struct compliance cp = { .today = T, .forecast_days = 90 };
	struct cert_tally t = { .required = 18, .valid = 18, .met = true };

	(void)state;
	conf_defaults(&c);
	t.forecast.breaks_on = DAY_NONE;
	forecast_is(&cp, &c.certs[1], &t, "CIT holds at 20 % through "
	    "2027-02-21.");
	t.forecast = (struct forecast){ T + 33, 1, 1 };
	forecast_is(&cp, &c.certs[1], &t, "CIT falls below 20 % on "
	    "2026-12-26 unless 1 more officer renews or trains by then.");
	t.forecast = (struct forecast){ T + 33, 2, 6 };
	forecast_is(&cp, &c.certs[1], &t, "CIT falls below 20 % on "
	    "2026-12-26 unless 2 more officers renew or train by then; 6 to "
	    "hold it through 2027-02-21.");
	t = (struct cert_tally){ .required = 90, .valid = 68 };
	t.forecast = (struct forecast){ T, 22, 46 };
	forecast_is(&cp, &c.certs[0], &t, "MHFA is below 100 % today: 22 more "
	    "officers must renew or train now; 46 to hold it through "
	    "2027-02-21.");
	t = (struct cert_tally){ 0 };
	forecast_is(&cp, &c.certs[0], &t, "MHFA: no sworn officers, so no "
	    "pledge figure.");
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_forecast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
