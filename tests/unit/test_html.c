/*
 * html: the HTML report.  Text from the exports is escaped wherever it
 * stands; the page fetches nothing and runs nothing; a chart per
 * certification of each agency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "html.h"
#include "report.h"
#include "unit.h"

#define T	D("2026-11-23")

static char *
html_of(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	assert_non_null(fp);
	html_text(fp, s);
	fclose(fp);
	return out;
}

static void
test_html_text(void **state)
{
	char *s;

	(void)state;
	s = html_of("<script>alert('x') & \"y\"</script>");
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;) &amp; "
	    "&quot;y&quot;&lt;/script&gt;");
	free(s);
	s = html_of("Jos\xc3\xa9 O Brien");
	assert_string_equal(s, "Jos\xc3\xa9 O Brien");
	free(s);
	s = html_of(NULL);
	assert_string_equal(s, "");
	free(s);
}

/* An agency and a unit named by a hostile export: on the page only as
 * text.  The page names no script and no source outside itself. */
static void
test_page(void **state)
{
	static const char hostile[] = "<img src=x onerror=alert(1)>";
	struct conf c;
	struct people pp;
	struct compliance cp;
	struct strlist none = { 0 };
	struct problems problems = { 0 };
	struct input_stats stats = { 0 };
	struct notice_plan plan = { 0 };
	struct report r = { 0 };
	char *page = NULL, id[16];
	size_t n = 0, i;
	bool existed;
	FILE *fp;

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	for (i = 0; i < 6; i++) {
		uint32_t v;

		snprintf(id, sizeof(id), "%zu", i);
		v = people_add(&pp, id, strlen(id), &existed);
		pp.v[v].agency = people_agency(&pp, i < 3 ? hostile :
		    "Riverton PD");
		pp.v[v].unit = hostile;
		pp.v[v].name = "Ann <b>Lee</b>";
		*people_expires(&pp, v, 0) = i % 2 ? T - 3 : T + 30;
	}
	compliance_compute(&c, &pp, T, &cp);
	r.conf = &c;
	r.people = &pp;
	r.compliance = &cp;
	r.plan = &plan;
	r.brakes = r.refusals = r.warnings = &none;
	r.problems = &problems;
	r.roster = r.training = &stats;
	r.training_file = "training.csv";
	r.last_delivery = DAY_NONE;
	r.last_run = DAY_NONE;
	assert_non_null(fp = open_memstream(&page, &n));
	assert_int_equal(report_html(fp, &r), 0);
	fclose(fp);
	assert_null(strstr(page, hostile));
	assert_null(strstr(page, "<b>"));
	assert_non_null(strstr(page, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(page, "Ann &lt;b&gt;Lee&lt;/b&gt;"));
	assert_null(strstr(page, "<script"));
	assert_non_null(strstr(page, "Content-Security-Policy"));
	assert_int_equal(occurrences(page, "src=\"http"), 0);
	/* two agencies, two certifications: four charts */
	assert_int_equal(occurrences(page, "<svg "), 4);
	free(page);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
