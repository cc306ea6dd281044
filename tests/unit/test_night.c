/*
 * night: the steps main() takes, on a small agency written to files.
 * Five sworn officers and a dispatcher: MHFA current for 1, 2 and 3,
 * expired for 4 (2023-01-10 + 36 months), missing for 5; CIT for 1 only,
 * which is 20 % of 5.  A dry run's steps give those figures and a report;
 * each failure gives its exit code.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "alloc.h"
#include "night.h"
#include "unit.h"

#define T	D("2026-11-23")

struct scene {
	char		*dir;
	char		*conf;
	struct night	 n;
};

static char *
put(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
scene_open(struct scene *s, const char *extra)
{
	char tmpl[] = "/tmp/certminder-night-XXXXXX";
	char *text;

	memset(s, 0, sizeof(*s));
	assert_non_null(mkdtemp(tmpl));
	s->dir = xstrdup(tmpl);
	free(put(s->dir, "roster.csv", "Employee ID,Name,Email,Sworn\n"
	    "1,Ana Diaz,ana@pd.example,yes\n2,Bo Ruiz,bo@pd.example,yes\n"
	    "3,Cy Lee,cy@pd.example,yes\n4,Di Fox,di@pd.example,yes\n"
	    "5,Ed Hill,ed@pd.example,yes\n6,Flo Ito,flo@pd.example,no\n"));
	free(put(s->dir, "training.csv", "Employee ID,Course Title,"
	    "Completion Date\n1,Mental Health First Aid,2025-01-10\n"
	    "1,Crisis Intervention Team (CIT),2025-02-01\n"
	    "2,MHFA,2024-06-01\n3,MHFA,2026-03-01\n4,MHFA,2023-01-10\n"));
	text = xasprintf("agency_name = \"Riverton PD\";\n"
	    "roster = { file = \"%s/roster.csv\"; columns = { id = "
	    "\"Employee ID\"; name = \"Name\"; email = \"Email\"; sworn = "
	    "\"Sworn\"; }; };\ntraining = { file = \"%s/training.csv\"; };\n"
	    "state_file = \"%s/state.db\";\n%s", s->dir, s->dir, s->dir,
	    extra);
	s->conf = put(s->dir, "certminder.conf", text);
	free(text);
	s->n.opt.verb = VERB_DRY_RUN;
	s->n.opt.config = s->conf;
	s->n.today = T;
}

static void
scene_close(struct scene *s)
{
	char *cmd = xasprintf("rm -rf '%s'", s->dir);

	night_free(&s->n);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(s->conf);
	free(s->dir);
}

/* A dry run's steps, and the figures counted by hand. */
static void
test_dry_run(void **state)
{
	struct scene s;
	const struct cert_tally *mhfa, *cit;
	char *out;
	struct stat st;

	(void)state;
	scene_open(&s, "");
	out = xasprintf("%s/report.txt", s.dir);
	s.n.opt.output = out;
	assert_int_equal(night_config(&s.n), EX_OK);
	assert_int_equal(night_ledger(&s.n), EX_OK);
	assert_int_equal(night_read(&s.n), EX_OK);
	assert_int_equal(night_agencies(&s.n), EX_OK);
	assert_int_equal(night_plan(&s.n), EX_OK);
	assert_int_equal(s.n.compliance.nagencies, 1);
	assert_int_equal(s.n.compliance.agency[0].sworn, 5);
	mhfa = &s.n.compliance.agency[0].cert[0];
	cit = &s.n.compliance.agency[0].cert[1];
	assert_int_equal(mhfa->valid, 3);
	assert_int_equal(mhfa->expired, 1);
	assert_int_equal(mhfa->missing, 1);
	assert_false(mhfa->met);
	assert_int_equal(cit->valid, 1);
	assert_int_equal(cit->required, 1);
	assert_true(cit->met);
	assert_int_equal(s.n.refusals.n, 0);
	assert_int_equal(night_report(&s.n), EX_OK);
	assert_int_equal(stat(out, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* no ledger was made by a dry run */
	free(out);
	out = xasprintf("%s/state.db", s.dir);
	assert_int_equal(stat(out, &st), -1);
	free(out);
	scene_close(&s);
}

/* Each failing step gives its exit code. */
static void
test_exit_codes(void **state)
{
	struct scene s;
	char *path;

	(void)state;
	scene_open(&s, "frobnicate = 1;\n");
	assert_int_equal(night_config(&s.n), EX_CONFIG);
	scene_close(&s);

	scene_open(&s, "");
	path = xasprintf("%s/roster.csv", s.dir);
	unlink(path);
	free(path);
	assert_int_equal(night_config(&s.n), EX_OK);
	assert_int_equal(night_ledger(&s.n), EX_OK);
	assert_int_equal(night_read(&s.n), EX_NOINPUT);
	scene_close(&s);

	scene_open(&s, "");
	s.n.opt.agency = "Northfield PD";
	assert_int_equal(night_config(&s.n), EX_OK);
	assert_int_equal(night_ledger(&s.n), EX_OK);
	assert_int_equal(night_read(&s.n), EX_OK);
	assert_int_equal(night_agencies(&s.n), EX_USAGE);
	scene_close(&s);

	/* a ledger that is not one */
	scene_open(&s, "");
	free(put(s.dir, "state.db", "not a database, but a note\n"));
	path = xasprintf("%s/state.db", s.dir);
	assert_int_equal(chmod(path, 0600), 0);
	free(path);
	assert_int_equal(night_config(&s.n), EX_OK);
	assert_int_equal(night_ledger(&s.n), EX_CANTCREAT);
	scene_close(&s);
}

/* The clock's day: CERTMINDER_CLOCK in a rehearsal. */
static void
test_clock(void **state)
{
	(void)state;
	assert_int_equal(setenv("CERTMINDER_CLOCK", "2031-02-03", 1), 0);
	assert_int_equal(night_clock(), D("2031-02-03"));
	assert_int_equal(unsetenv("CERTMINDER_CLOCK"), 0);
	assert_true(night_clock() > D("2026-01-01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
