/*
 * mailhtml: the summary's HTML part, for Outlook and other mail readers.
 * Figures counted by hand on two agencies; the template's text escaped;
 * nothing a mail reader would block or fetch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "mailhtml.h"
#include "unit.h"

#define T	D("2026-11-23")

/* Riverton PD: 10 sworn, MHFA 8 (two missing), CIT 3; six in Patrol,
 * four in no unit.  "Lake <SO>": 5 sworn, all certified. */
static void
agencies(struct conf *c, struct people *pp, struct compliance *cp)
{
	char id[16];
	bool existed;
	uint32_t i, v;

	conf_defaults(c);
	people_init(pp, c->ncerts, false);
	for (i = 0; i < 15; i++) {
		snprintf(id, sizeof(id), "%u", i);
		v = people_add(pp, id, strlen(id), &existed);
		pp->v[v].agency = people_agency(pp, i < 10 ? "Riverton PD" :
		    "Lake <SO>");
		pp->v[v].unit = i < 6 ? "Patrol" : NULL;
		*people_expires(pp, v, 0) = i == 8 || i == 9 ? DAY_NONE :
		    T + 400;
		*people_expires(pp, v, 1) = i < 3 || i >= 10 ? T + 400 :
		    DAY_NONE;
	}
	compliance_compute(c, pp, T, cp);
}

static void
test_summary(void **state)
{
	struct conf c;
	struct people pp;
	struct compliance cp;
	char *html;

	(void)state;
	agencies(&c, &pp, &cp);
	html = mailhtml_summary(&c, &cp, NULL, NULL, "Dear Chief & <team>,"
	    "\n\nthe figures:", "-- certminder");
	assert_non_null(strstr(html, "Dear Chief &amp; &lt;team&gt;,\n\nthe "
	    "figures:</pre>"));
	assert_non_null(strstr(html, ">-- certminder</pre>"));
	assert_non_null(strstr(html, "Riverton PD: 10 sworn (10 active)</p>"));
	assert_non_null(strstr(html, "Lake &lt;SO&gt;: 5 sworn (5 active)"));
	assert_null(strstr(html, "<SO>"));
	/* MHFA 8 of 10: 80.0 %, two short, a red bar of 160 of 200 pixels,
	 * the 100 % mark at its end; CIT 3 of 10 (2 required): 30.0 %, met,
	 * a green bar of 60 cut by its 20 % mark at pixel 39 */
	assert_non_null(strstr(html, "80.0 %"));
	assert_non_null(strstr(html, "NO (2 short)"));
	assert_non_null(strstr(html, "<td width=\"160\" bgcolor=\"#c62828\""));
	assert_non_null(strstr(html, "<td width=\"38\" bgcolor=\"#dddddd\""));
	assert_non_null(strstr(html, "30.0 %"));
	assert_non_null(strstr(html, "<td width=\"39\" bgcolor=\"#2e7d32\""
	    " style=\"width:39px;height:12px;background:#2e7d32;font-size:1px;"
	    "line-height:1px\">&nbsp;</td><td width=\"2\" bgcolor=\"#222222\""));
	assert_non_null(strstr(html, "<td width=\"19\" bgcolor=\"#2e7d32\""));
	/* Lake's two, and Patrol's MHFA (6 of 6; CIT 3 of 6) */
	assert_int_equal(occurrences(html, "100.0 %"), 3);
	assert_non_null(strstr(html, "3 50.0 %"));
	/* Riverton's units; Lake names none, so has no unit table */
	assert_int_equal(occurrences(html, "By unit:"), 1);
	assert_non_null(strstr(html, ">Patrol</td>"));
	assert_non_null(strstr(html, ">(none given)</td>"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<style"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<svg"));
	free(html);
	/* one agency's summary holds that agency alone */
	html = mailhtml_summary(&c, &cp, NULL, "Riverton PD", "", "");
	assert_int_equal(occurrences(html, " sworn ("), 1);
	assert_null(strstr(html, "<pre"));	/* no text, no block */
	free(html);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
