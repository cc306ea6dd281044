/*
 * compose: the words of each message, read as their readers read them.
 * Jane Doe's MHFA expires in 30 days, Bob Roe never trained; both report
 * to Sergeant Smith.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "unit.h"

struct fixture {
	struct conf		 conf;
	struct templates	 templates;
	struct people		 people;
	struct compliance	 compliance;
	struct notice_plan	 plan;
	struct compose		 compose;
	struct to_train		*schedule;
};

static uint32_t
person(struct people *pp, const char *id, const char *name, const char *email,
    const char *supervisor)
{
	bool existed;
	uint32_t i = people_add(pp, id, strlen(id), &existed);

	pp->v[i].name = people_strdup(pp, name, strlen(name));
	pp->v[i].email = people_strdup(pp, email, strlen(email));
	if (supervisor != NULL)
		pp->v[i].supervisor_id = pp->v[i].supervisor_key =
		    people_strdup(pp, supervisor, strlen(supervisor));
	pp->v[i].agency = people_agency(pp, "La Crosse PD");
	return i;
}

static void
setup(struct fixture *f)
{
	char *err = NULL;
	day_t today = D("2026-11-23");
	uint32_t jane;

	memset(f, 0, sizeof(*f));
	conf_defaults(&f->conf);
	assert_int_equal(templates_load(&f->templates, NULL, &err), 0);
	people_init(&f->people, f->conf.ncerts, false);
	person(&f->people, "S1", "Sgt Pat Smith", "smith@example.org", NULL);
	jane = person(&f->people, "E1", "Jane Doe", "jane@example.org", "S1");
	person(&f->people, "E2", "Bob Roe", "bob@example.org", "S1");
	*people_expires(&f->people, 0, 0) = D("2028-01-01");
	*people_expires(&f->people, jane, 0) = D("2026-12-23");
	compliance_compute(&f->conf, &f->people, today, &f->compliance);
	notice_plan_build(&f->conf, &f->people, &f->compliance, NULL, &f->plan);
	f->compose = (struct compose){ &f->conf, &f->templates, &f->people,
	    &f->compliance, &f->plan };
	f->compose.nschedule = schedule_build(&f->conf, &f->people,
	    &f->compliance, &f->schedule);
	f->compose.schedule = f->schedule;
}

static void
teardown(struct fixture *f)
{
	free(f->schedule);
	notice_plan_free(&f->plan);
	compliance_free(&f->compliance);
	people_free(&f->people);
	templates_free(&f->templates);
	conf_free(&f->conf);
}

/* The plan entry of this kind, for this person (NO_PERSON: any). */
static const struct notice *
find(const struct fixture *f, enum notice_kind kind, uint32_t p, size_t *at)
{
	size_t i;

	for (i = 0; i < f->plan.n; i++)
		if (f->plan.v[i].kind == kind &&
		    (p == NO_PERSON || f->plan.v[i].person == p)) {
			if (at != NULL)
				*at = i;
			return &f->plan.v[i];
		}
	fail_msg("no notice of kind %d for person %u", (int)kind, p);
	return NULL;
}

static void
test_officer_reminder(void **state)
{
	struct fixture f;
	char *subject, *body;
	size_t at;

	(void)state;
	setup(&f);
	find(&f, NOTICE_REMINDER, 1, &at);
	body = compose_officer(&f.compose, 1, &at, 1, &subject, NULL);
	assert_string_equal(subject, "Your MHFA certification expires on "
	    "Wednesday, December 23, 2026");
	assert_non_null(strstr(body, "Hello Jane Doe,"));
	/* a sentence a line, never broken inside */
	assert_non_null(strstr(body, "Your Mental Health First Aid (MHFA) "
	    "certification expires on Wednesday, December 23, 2026, in 30 "
	    "days.\n"));
	assert_non_null(strstr(body, "the short online recertification is "
	    "enough"));
	/* no refresher_info set: no blank lines where it would go */
	assert_null(strstr(body, "\n\n\n"));
	assert_non_null(strstr(body, "taken again.\n\nQuestions?"));
	assert_non_null(strstr(body, "ask Sgt Pat Smith"));
	assert_non_null(strstr(body, "La Crosse PD training records"));
	free(subject);
	free(body);
	teardown(&f);
}

static void
test_digest_lists_the_team(void **state)
{
	struct fixture f;
	char *subject, *body;

	(void)state;
	setup(&f);
	body = compose_digest(&f.compose, find(&f, NOTICE_DIGEST, NO_PERSON,
	    NULL), false, &subject);
	assert_string_equal(subject,
	    "Training status of your team: attention needed for 2 people");
	assert_non_null(strstr(body, "Hello Sgt Pat Smith,"));
	assert_non_null(strstr(body, "  Jane Doe (E1)\n"
	    "    MHFA expires Wednesday, December 23, 2026 (in 30 days)\n"));
	assert_non_null(strstr(body, "  Bob Roe (E2)\n    MHFA missing\n"));
	free(subject);
	free(body);
	teardown(&f);
}

static void
test_summary_names_failures(void **state)
{
	struct fixture f;
	struct strlist failed = { 0 }, none = { 0 };
	char *subject, *body;

	(void)state;
	setup(&f);
	strlist_add(&failed, "reminder to bob@example.org: 550 User unknown");
	body = compose_summary(&f.compose, &failed, NULL, &subject, NULL);
	assert_string_equal(subject, "Training compliance on 2026-11-23: "
	    "MHFA below 100 %, CIT below 20 %");
	assert_non_null(strstr(body, "Notices that could not be delivered:\n"
	    "  reminder to bob@example.org: 550 User unknown\n"));
	assert_non_null(strstr(body, "To schedule first:\n"
	    "  Bob Roe (E2), MHFA: never trained\n"));
	/* each section ends with one blank line, the last before the
	 * signature */
	assert_null(strstr(body, "\n\n\n"));
	assert_non_null(strstr(body, "550 User unknown\n\n-- \n"));
	free(subject);
	free(body);
	/* with nothing failed, the schedule is the last section */
	body = compose_summary(&f.compose, &none, NULL, &subject, NULL);
	assert_null(strstr(body, "\n\n\n"));
	assert_non_null(strstr(body, "2026\n\n-- \n"));
	free(subject);
	free(body);
	strlist_free(&failed);
	teardown(&f);
}

/* The words fit the certification, the reader and the day. */
static void
test_words(void **state)
{
	struct fixture f;
	char *subject, *body;
	size_t at;

	(void)state;
	setup(&f);
	/* CIT: no online recertification, the 40-hour course */
	*people_expires(&f.people, 1, 1) = D("2026-11-24");
	notice_plan_free(&f.plan);
	compliance_free(&f.compliance);
	compliance_compute(&f.conf, &f.people, D("2026-11-23"), &f.compliance);
	notice_plan_build(&f.conf, &f.people, &f.compliance, NULL, &f.plan);
	for (at = 0; at < f.plan.n; at++)
		if (f.plan.v[at].kind == NOTICE_REMINDER &&
		    f.plan.v[at].cert == 1)
			break;
	assert_true(at < f.plan.n);
	body = compose_officer(&f.compose, 1, &at, 1, &subject, NULL);
	assert_non_null(strstr(body, "Crisis Intervention Team (CIT) "
	    "certification expires on Tuesday, November 24, 2026, tomorrow."));
	assert_non_null(strstr(body, "CIT refresher (in-service, 8 hours)"));
	assert_null(strstr(body, "online"));
	assert_null(strstr(body, "in 1 days"));
	free(subject);
	free(body);
	/* Bob, sworn, has no MHFA: the agency's pledge; refresher classes
	 * are no words for one who never trained */
	f.conf.mail.refresher_info = xstrdup("Refresher classes: "
	    "https://intranet.example/training");
	find(&f, NOTICE_MISSING, 2, &at);
	body = compose_officer(&f.compose, 2, &at, 1, &subject, NULL);
	assert_non_null(strstr(body, "La Crosse PD has pledged that every sworn "
	    "officer holds one."));
	assert_null(strstr(body, "Refresher"));
	assert_null(strstr(body, "\n\n\n"));
	free(subject);
	free(body);
	/* but they are for Jane, whose CIT expires */
	find(&f, NOTICE_REMINDER, 1, &at);
	body = compose_officer(&f.compose, 1, &at, 1, &subject, NULL);
	assert_non_null(strstr(body, "\nRefresher classes: https://intranet."
	    "example/training\n\nQuestions?"));
	free(subject);
	free(body);
	/* the same for a dispatcher selected for MHFA */
	find(&f, NOTICE_MISSING, 2, &at);
	f.people.v[2].sworn = false;
	f.people.v[2].selected = true;
	body = compose_officer(&f.compose, 2, &at, 1, &subject, NULL);
	assert_non_null(strstr(body, "has asked that staff in your role hold "
	    "one as well."));
	free(subject);
	free(body);
	/* dates as ISO when asked; a rank from the roster in the greeting */
	f.conf.date_style_iso = true;
	f.people.v[1].rank = "Officer";
	find(&f, NOTICE_REMINDER, 1, &at);
	body = compose_officer(&f.compose, 1, &at, 1, &subject, NULL);
	assert_non_null(strstr(body, "Hello Officer Jane Doe,"));
	assert_string_equal(subject,
	    "Your MHFA certification expires on 2026-12-23");
	free(subject);
	free(body);
	teardown(&f);
}

/* A certification's own text: reminder-CIT.txt. */
static void
test_per_certification_text(void **state)
{
	char dir[] = "/tmp/certminder-words-XXXXXX", path[128], *err = NULL;
	struct templates t;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/reminder-CIT.txt", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("Subject: CIT refresher due {expires}\n\nBook the in-service "
	    "refresher, {name}.\n", fp);
	fclose(fp);
	assert_int_equal(templates_load(&t, dir, &err), 0);
	assert_string_equal(template_text(&t, TMPL_REMINDER, "cit", true),
	    "CIT refresher due {expires}");
	assert_string_equal(template_text(&t, TMPL_REMINDER, "MHFA", true),
	    t.subject[TMPL_REMINDER]);
	templates_free(&t);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_officer_reminder),
		cmocka_unit_test(test_digest_lists_the_team),
		cmocka_unit_test(test_summary_names_failures),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_per_certification_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
