/*
 * letter: the training section of the chief's letter, on an agency built
 * by hand with the training record behind each certification: seven
 * sworn officers, MHFA held by all seven through two course titles, CIT
 * by one (two required), and one selected non-sworn member of staff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"
#include "letter.h"
#include "unit.h"

#define T	D("2026-11-23")

/* The letter with its lines joined: paragraphs are wrapped at 72. */
static char *
joined(const char *s)
{
	struct strbuf sb = { 0 };

	for (; *s; s++) {
		if (*s == '\n' && s[1] != '\n' && s[1] != '\0' &&
		    (sb.len == 0 || sb.s[sb.len - 1] != '\n')) {
			sb_addc(&sb, ' ');
			while (s[1] == ' ')
				s++;
			continue;
		}
		sb_addc(&sb, *s);
	}
	return sb_steal(&sb);
}

static void
test_letter(void **state)
{
	static const char *const title[] = { "Mental Health First Aid for "
	    "Public Safety", "MHFA Refresher", "Crisis Intervention Team 40-hour",
	    "ICAT" };
	/* what the training reader found: ICAT an equivalent of MHFA */
	struct cert_title icat = { .title = "ICAT", .cert = 0,
	    .equivalent = true, .rows = 1, .people = 1 };
	struct conf c;
	struct people pp;
	struct compliance cp;
	struct templates tp;
	struct strlist none = { 0 };
	struct problems problems = { 0 };
	struct input_stats stats = { 0 };
	struct notice_plan plan = { 0 };
	struct report r = { 0 };
	char *training = temp_file("", 0), *err = NULL;
	char *out = NULL, *text, id[16];
	size_t n = 0;
	uint32_t i, v;
	size_t k;
	bool existed;
	FILE *fp;

	(void)state;
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	pp.keep_source = true;
	for (i = 0; i < 8; i++) {
		snprintf(id, sizeof(id), "%u", i + 1);
		v = people_add(&pp, id, strlen(id), &existed);
		pp.v[v].agency = people_agency(&pp, "Riverton PD");
		*people_expires(&pp, v, 0) = T + 300;
		/* 1-4 the course, 5 ICAT, 6-8 renewed by a refresher */
		k = i < 4 ? 0 : i == 4 ? 3 : 1;
		*people_source(&pp, v, 0) = (struct record_source){ i + 2,
		    people_title(&pp, title[k], strlen(title[k])),
		    T - 100 - (day_t)i, k == 1 };
	}
	pp.v[7].sworn = false;		/* the eighth: selected staff */
	pp.v[7].selected = true;
	*people_expires(&pp, 0, 1) = T + 300;
	*people_source(&pp, 0, 1) = (struct record_source){ 20,
	    people_title(&pp, title[2], strlen(title[2])), T - 400 };
	compliance_compute(&c, &pp, T, &cp);
	assert_int_equal(templates_load(&tp, NULL, &err), 0);
	r.conf = &c;
	r.people = &pp;
	r.compliance = &cp;
	r.plan = &plan;
	r.brakes = r.refusals = r.warnings = &none;
	r.problems = &problems;
	stats.cert_titles = &icat;
	stats.n_cert_titles = 1;
	r.training = &stats;
	r.training_file = training;
	r.last_delivery = DAY_NONE;
	r.last_run = DAY_NONE;
	assert_non_null(fp = open_memstream(&out, &n));
	assert_int_equal(letter_write(fp, &r, &tp), 0);
	fclose(fp);
	text = joined(out);
	assert_non_null(strstr(text, "Riverton PD has 7 sworn officers on its "
	    "roster as of November 23, 2026."));
	assert_non_null(strstr(text, "Mental Health First Aid (MHFA), or an "
	    "equivalent course the pledge's FAQ accepts (ICAT): 7 of 7 sworn "
	    "officers (100.0 %) hold a current certification. The pledge asks "
	    "for 100 % (7 officers): met."));
	/* a refresher is no equivalent: CIT names none */
	assert_non_null(strstr(text, "Crisis Intervention Team (CIT): 1 of"));
	/* 1 of 7 is 14.28 %: cut, not rounded, to 14.2 */
	assert_non_null(strstr(text, "Crisis Intervention Team (CIT): 1 of 7 "
	    "sworn officers (14.2 %) holds a current certification. The pledge "
	    "asks for at least 20 % (2 officers): NOT MET; 1 more officer must "
	    "be trained."));
	assert_non_null(strstr(text, "Selected non-sworn staff: 1 of 1 holds a "
	    "current MHFA certification."));
	assert_non_null(strstr(text, "- MHFA: \"Mental Health First Aid for "
	    "Public Safety\", 4 people - "));
	assert_non_null(strstr(text, "- MHFA: \"MHFA Refresher\", 3 people (a "
	    "renewal of an earlier full course)"));
	assert_non_null(strstr(text, "- MHFA: \"ICAT\", 1 person (an "
	    "equivalent course, counted as the pledge's FAQ accepts it)"));
	assert_non_null(strstr(text, "- CIT: \"Crisis Intervention Team "
	    "40-hour\", 1 person"));
	assert_non_null(strstr(text, "The pledge's training requirements are "
	    "NOT MET as of November 23, 2026: CIT needs 1 more officer."));
	free(text);
	free(out);
	unlink(training);
	free(training);
	templates_free(&tp);
	compliance_free(&cp);
	people_free(&pp);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
