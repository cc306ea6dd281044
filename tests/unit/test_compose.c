/*
 * compose: the words of each message, read as their readers read them.
 * Jane Doe's MHFA expires in 30 days, Bob Roe never trained; both report
 * to Sergeant Smith.
 */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "unit.h"

struct fixture {
	struct conf		 conf;
	struct templates	 templates;
	struct people		 people;
	struct compliance	 compliance;
	struct notice_plan	 plan;
	struct compose		 compose;
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
}

static void
teardown(struct fixture *f)
{
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
	body = compose_officer(&f.compose, 1, &at, 1, &subject);
	assert_string_equal(subject,
	    "Your MHFA certification expires on 2026-12-23");
	assert_non_null(strstr(body, "Hello Jane Doe,"));
	assert_non_null(strstr(body, "expires on 2026-12-23, in 30 days"));
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
	    NULL), &subject);
	assert_string_equal(subject,
	    "Training status of your team: 2 need attention");
	assert_non_null(strstr(body, "Hello Sgt Pat Smith,"));
	assert_non_null(strstr(body, "  Jane Doe (E1)\n"
	    "    MHFA expires 2026-12-23, in 30 days\n"));
	assert_non_null(strstr(body, "  Bob Roe (E2)\n    MHFA missing\n"));
	free(subject);
	free(body);
	teardown(&f);
}

static void
test_summary_names_failures(void **state)
{
	struct fixture f;
	struct strlist failed = { 0 };
	char *subject, *body;

	(void)state;
	setup(&f);
	strlist_add(&failed, "reminder to bob@example.org: 550 User unknown");
	body = compose_summary(&f.compose, &failed, &subject);
	assert_string_equal(subject, "Training compliance on 2026-11-23: "
	    "MHFA below 100 %, CIT below 20 %");
	assert_non_null(strstr(body, "Notices that could not be delivered:\n"
	    "  reminder to bob@example.org: 550 User unknown\n"));
	free(subject);
	free(body);
	strlist_free(&failed);
	teardown(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_officer_reminder),
		cmocka_unit_test(test_digest_lists_the_team),
		cmocka_unit_test(test_summary_names_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
