#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "alloc.h"
#include "conf.h"
#include "unit.h"

static struct conf conf;
static struct classifier cl;

static int
setup(void **state)
{
	(void)state;
	conf_defaults(&conf);
	classifier_init(&cl, &conf);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	classifier_free(&cl);
	conf_free(&conf);
	return 0;
}

static const char *
cls(const char *title)
{
	struct cert_title *ct;
	bool renewal;
	int k = classify_title(&cl, title, strlen(title), &ct, &renewal);

	return k < 0 ? "other" : conf.certs[k].name;
}

/* "MHFA", "MHFA renewal", "MHFA equivalent", or "other". */
static const char *
kind(const char *title)
{
	static char buf[64];
	struct cert_title *ct;
	bool renewal;
	int k = classify_title(&cl, title, strlen(title), &ct, &renewal);

	if (k < 0)
		return "other";
	assert_non_null(ct);
	assert_int_equal(renewal, ct->renewal);
	snprintf(buf, sizeof(buf), "%s%s%s", conf.certs[k].name,
	    renewal ? " renewal" : "", ct->equivalent ? " equivalent" : "");
	return buf;
}

static const char *
words(const char *s, bool pattern)
{
	static struct strbuf sb;

	classify_normalize(s, strlen(s), pattern, &sb);
	return sb_str(&sb);
}

static void
test_normalize(void **state)
{
	(void)state;
	assert_string_equal(words("MHFA-PS", false), " mhfa ps ");
	assert_string_equal(words("  MHFA: Public  Safety ", false),
	    " mhfa public safety ");
	assert_string_equal(words("I.C.A.T.", false), " icat ");
	assert_string_equal(words("Officers' (CIT) course", false),
	    " officers cit course ");
	assert_string_equal(words("Jos\xc3\xa9's class", false),
	    " jos\xc3\xa9s class ");
	assert_string_equal(words("", false), " ");
	/* a no-break space (0xA0 of Windows-1252) parts words */
	assert_string_equal(words("MHFA\xc2\xa0", false), " mhfa ");
	assert_string_equal(words("CIT\xc2\xa0Refresher", false),
	    " cit refresher ");
	assert_string_equal(words("\xe2\x80\xafICAT\xc2", false),
	    " icat\xc2 ");
	assert_string_equal(words("* MHFA *", true), "* mhfa *");
	assert_string_equal(words("*(MHFA)*", true), "* mhfa *");
	assert_string_equal(words("MHFA", true), " mhfa ");
	assert_string_equal(words("CIT *", true), " cit *");
	assert_string_equal(words("*Question, Persuade*", true),
	    "*question persuade*");
	assert_string_equal(words("*", true), "*");
	assert_string_equal(words("a?c [xy]", true), " a?c [xy] ");
}

/* Titles as training systems write them, counted or not. */
static void
test_punctuated_titles(void **state)
{
	static const char *const mhfa[] = { "MHFA-PS", "MHFA: Public Safety",
	    "MHFA/Public Safety", "I.C.A.T.",
	    "ICAT-Integrating Communications Assessment and Tactics",
	    "ICAT: De-escalation" };
	static const char *const cit[] = { "CIT: 40 Hour", "CIT-40 Hour Basic",
	    "CIT/Crisis Intervention" };
	static const char *const neither[] = {
	    "Crisis Intervention Team (CIT) Awareness 4hr",
	    "Introduction to Mental Health First Aid", "CIT Intro",
	    "Citizen Academy", "Mental Health Awareness" };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(mhfa); i++)
		assert_string_equal(cls(mhfa[i]), "MHFA");
	for (i = 0; i < NELEM(cit); i++)
		assert_string_equal(cls(cit[i]), "CIT");
	for (i = 0; i < NELEM(neither); i++)
		if (strcmp(cls(neither[i]), "other") != 0)
			fail_msg("'%s' counted as %s", neither[i],
			    cls(neither[i]));
}

static void
test_mhfa(void **state)
{
	(void)state;
	assert_string_equal(cls("Mental Health First Aid for Public Safety"),
	    "MHFA");
	assert_string_equal(cls("  youth mental health first aid  "), "MHFA");
	assert_string_equal(cls("MHFA"), "MHFA");
	assert_string_equal(cls("mhfa refresher"), "MHFA");
	assert_string_equal(cls("Online MHFA"), "MHFA");
	assert_string_equal(cls("Police (MHFA) 8hr"), "MHFA");
	assert_string_equal(cls("ICAT"), "MHFA");
	assert_string_equal(cls("ICAT Training"), "MHFA");
	assert_string_equal(cls("PERF ICAT"), "MHFA");
	assert_string_equal(cls("Integrating Communications, Assessment, and "
	    "Tactics"), "MHFA");
	assert_string_equal(cls("MHFAX"), "other");
}

static void
test_cit(void **state)
{
	(void)state;
	assert_string_equal(cls("Crisis Intervention Team 40-hour"), "CIT");
	assert_string_equal(cls("CIT"), "CIT");
	assert_string_equal(cls("CIT Basic"), "CIT");
	assert_string_equal(cls("Advanced CIT"), "CIT");
	assert_string_equal(cls("Memphis Model (CIT) Course"), "CIT");
	assert_string_equal(cls("Crisis Intervention Training"), "CIT");
	assert_string_equal(cls("Explicit Bias Training"), "other");
	assert_string_equal(cls("Explicit training"), "other");
	assert_string_equal(cls("CITIZEN academy"), "other");
	assert_string_equal(cls("Solicitation law"), "other");
}

static void
test_qpr_excluded(void **state)
{
	(void)state;
	assert_string_equal(cls("QPR"), "other");
	assert_string_equal(cls("QPR Gatekeeper - Mental Health First Aid "
	    "alternative"), "other");
	assert_string_equal(cls("Question, Persuade, Refer - CIT module"),
	    "other");
	assert_string_equal(cls("Firearms qualification"), "other");
	assert_string_equal(cls(""), "other");
}

/* Titles that say they are not the course count for nothing. */
static void
test_negated_titles(void **state)
{
	(void)state;
	assert_string_equal(cls("MHFAX Pilot (not MHFA)"), "other");
	assert_string_equal(cls("Non-MHFA peer support"), "other");
	assert_string_equal(cls("Wellness hour - not Mental Health First Aid"),
	    "other");
	assert_string_equal(cls("MHFA overview (does not certify)"), "other");
	assert_string_equal(cls("MHFA module - no credit"), "other");
	assert_string_equal(cls("Nonviolent Crisis Intervention Training"),
	    "other");
	assert_string_equal(cls("CPI Non-Violent Crisis Intervention"),
	    "other");
	assert_string_equal(cls("Roll call (not CIT)"), "other");
	assert_string_equal(cls("Non CIT de-escalation"), "other");
	/* "not" elsewhere says nothing of the course */
	assert_string_equal(cls("MHFA - Notre Dame campus"), "MHFA");
	assert_string_equal(cls("CIT for nonsworn staff"), "CIT");
}

/* Renewals and equivalents, told apart from the full course. */
static void
test_renewals_and_equivalents(void **state)
{
	(void)state;
	assert_string_equal(kind("CIT Refresher"), "CIT renewal");
	assert_string_equal(kind("CIT In-Service 8hr"), "CIT renewal");
	assert_string_equal(kind("Crisis Intervention Team Recert"),
	    "CIT renewal");
	assert_string_equal(kind("MHFA Recertification (online)"),
	    "MHFA renewal");
	assert_string_equal(kind("Mental Health First Aid Renewal"),
	    "MHFA renewal");
	assert_string_equal(kind("Crisis Intervention Team (CIT) 40-hour"),
	    "CIT");
	assert_string_equal(kind("Mental Health First Aid for Public Safety"),
	    "MHFA");
	assert_string_equal(kind("ICAT"), "MHFA equivalent");
	assert_string_equal(kind("Youth Mental Health First Aid"),
	    "MHFA equivalent");
	/* a refresher of another course is no renewal of MHFA */
	assert_string_equal(kind("Taser Recertification"), "other");
	assert_string_equal(kind("Firearms Refresher"), "other");
}

static void
test_first_match_wins(void **state)
{
	(void)state;
	/* Both match; MHFA is listed first. */
	assert_string_equal(cls("MHFA and CIT combined"), "MHFA");
	/* The cache answers the same as the first time. */
	assert_string_equal(cls("MHFA and CIT combined"), "MHFA");
	assert_string_equal(cls("Explicit Bias Training"), "other");
}

static void
test_other_titles_counted(void **state)
{
	struct classifier c;
	struct cert_title *ct;
	bool renewal;
	static const char *const rows[] = { "Firearms", "  Firearms ",
	    "MHFA", "Ethics", "Firearms", "Bad\x01title", "Bad\x01title",
	    "Latin-1 \xe9", "" };
	size_t i;

	(void)state;
	classifier_init(&c, &conf);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		classify_title(&c, rows[i], strlen(rows[i]), &ct, &renewal);
	/* printable titles only, trimmed, first seen first, with their rows */
	assert_int_equal(c.nothers, 2);
	assert_string_equal(c.others[0].title, "Firearms");
	assert_int_equal(c.others[0].rows, 3);
	assert_string_equal(c.others[1].title, "Ethics");
	assert_int_equal(c.others[1].rows, 1);
	classifier_free(&c);
}

/*
 * Many titles, more than the front table holds, so that they share its
 * slots, some longer than it keeps, met again and again in another order:
 * each is still classified as on first sight and each row counted once.
 */
static void
test_many_titles_repeated(void **state)
{
	struct classifier c;
	struct cert_title *ct;
	bool renewal;
	char title[200];
	size_t i, round, n = 700;

	(void)state;
	classifier_init(&c, &conf);
	for (round = 0; round < 5; round++)
		for (i = 0; i < n; i++) {
			size_t k = round % 2 ? n - 1 - i : (i * 3) % n;
			int cert;

			if (k % 3 == 0)
				snprintf(title, sizeof(title), "Mental Health "
				    "First Aid %zu", k);
			else if (k % 3 == 1)
				snprintf(title, sizeof(title), "Course %zu", k);
			else
				snprintf(title, sizeof(title), "A course whose "
				    "title is longer than the sixty-four bytes "
				    "kept in front, number %zu", k);
			cert = classify_title(&c, title, strlen(title), &ct,
			    &renewal);
			if (k % 3 == 0)
				assert_string_equal(conf.certs[cert].name,
				    "MHFA");
			else
				assert_int_equal(cert, -1);
		}
	assert_int_equal(c.nothers, n - (n + 2) / 3);
	for (i = 0; i < c.nothers; i++)
		if (c.others[i].rows != 5)
			fail_msg("%s: %zu rows", c.others[i].title,
			    c.others[i].rows);
	classifier_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_punctuated_titles),
		cmocka_unit_test(test_mhfa),
		cmocka_unit_test(test_cit),
		cmocka_unit_test(test_qpr_excluded),
		cmocka_unit_test(test_negated_titles),
		cmocka_unit_test(test_renewals_and_equivalents),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_other_titles_counted),
		cmocka_unit_test(test_many_titles_repeated),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
