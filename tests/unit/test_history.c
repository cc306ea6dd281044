/*
 * history: what the ledger says happened (--history), as text, CSV and
 * JSON, about one person or everyone, named from the roster when it is
 * given.  Three notices and a run written to a new ledger by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "ledger.h"
#include "strbuf.h"
#include "unit.h"

#define T	D("2026-11-23")

struct fixture {
	char		*dir;
	char		*path;
	struct ledger	 l;
	struct people	 names;
};

static void
fixture_open(struct fixture *f)
{
	char tmpl[] = "/tmp/certminder-history-XXXXXX", *err = NULL;
	bool existed;
	uint32_t i;

	assert_non_null(mkdtemp(tmpl));
	f->dir = xasprintf("%s", tmpl);
	f->path = xasprintf("%s/state.db", tmpl);
	assert_int_equal(ledger_open(&f->l, f->path, true, &err), LEDGER_OK);
	assert_int_equal(ledger_record(&f->l, T, "reminder", "7", "MHFA",
	    T + 58, "60", "ana@pd.example", LEDGER_SENT, "250 ok",
	    "r1@certminder"), 0);
	assert_int_equal(ledger_record(&f->l, T, "expired", "8", "MHFA",
	    T - 3, "expired", "bo@pd.example", LEDGER_FAILED,
	    "550 no such user", "e1@certminder"), 0);
	assert_int_equal(ledger_record(&f->l, T, "digest", "900", "", DAY_NONE,
	    "", "sgt@pd.example", LEDGER_SENT, "250 ok", "d1@certminder"), 0);
	assert_int_equal(ledger_record_about(&f->l, "7"), 0);
	assert_int_equal(ledger_record_about(&f->l, "8"), 0);
	assert_int_equal(ledger_run_stopped(&f->l, T, "server", "the mail "
	    "server did not answer", 75), 0);
	people_init(&f->names, 2, false);
	i = people_add(&f->names, "7", 1, &existed);
	f->names.v[i].name = "Ana Diaz";
	i = people_add(&f->names, "8", 1, &existed);
	f->names.v[i].name = "Bo Ruiz";
}

static void
fixture_close(struct fixture *f)
{
	char *lock = xasprintf("%s.lock", f->path);

	ledger_close(&f->l);
	people_free(&f->names);
	unlink(f->path);
	unlink(lock);
	rmdir(f->dir);
	free(lock);
	free(f->path);
	free(f->dir);
}

static char *
history(struct fixture *f, const char *id, bool names,
    enum history_format format)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	assert_non_null(fp);
	assert_int_equal(history_write(fp, &f->l, f->path, id, false, names ?
	    &f->names : NULL, format), 0);
	fclose(fp);
	return out;
}

/* One person: their reminder and the digest that named them, not
 * another's notice; then the runs. */
static void
test_text(void **state)
{
	struct fixture f;
	char *s, *want;

	(void)state;
	fixture_open(&f);
	s = history(&f, "7", true, HISTORY_TEXT);
	want = xasprintf("Notices about 7, Ana Diaz, in %s\n", f.path);
	assert_true(strncmp(s, want, strlen(want)) == 0);
	free(want);
	assert_non_null(strstr(s, "2026-11-23  reminder  MHFA    60 days  "
	    "2027-01-20  sent         ana@pd.example\n"));
	assert_non_null(strstr(s, "    Message-ID: <r1@certminder>, "));
	assert_non_null(strstr(s, "digest    -       -        -           "
	    "sent         sgt@pd.example\n    about: 7, 8\n"));
	assert_null(strstr(s, "bo@pd.example"));
	assert_non_null(strstr(s, "\nRuns\n"));
	assert_non_null(strstr(s, "2026-11-23    75  server"));
	assert_non_null(strstr(s, "    the mail server did not answer\n"));
	free(s);
	/* without the roster, by id alone */
	s = history(&f, "8", false, HISTORY_TEXT);
	assert_true(strncmp(s, "Notices about 8 in ", 19) == 0);
	assert_non_null(strstr(s, "    server: 550 no such user\n"));
	free(s);
	/* somebody nobody was told about */
	s = history(&f, "99", true, HISTORY_TEXT);
	assert_non_null(strstr(s, "  none: nobody was told anything about "
	    "this person\n"));
	free(s);
	fixture_close(&f);
}

static void
test_csv_and_json(void **state)
{
	struct fixture f;
	char *s;

	(void)state;
	fixture_open(&f);
	s = history(&f, NULL, true, HISTORY_CSV);
	assert_true(strncmp(s, "record,night,at,agency,id,name,kind,", 36) == 0);
	assert_int_equal(occurrences(s, "\nnotice,"), 3);
	assert_int_equal(occurrences(s, "\nrun,"), 1);
	assert_non_null(strstr(s, ",,7,Ana Diaz,reminder,MHFA,60,2027-01-20,"
	    "ana@pd.example,sent,250 ok,r1@certminder,,,,,,,\n"));
	assert_non_null(strstr(s, ",digest,,,,sgt@pd.example,sent,250 ok,"
	    "d1@certminder,7 8,,,,,,\n"));
	free(s);
	s = history(&f, "8", true, HISTORY_JSON);
	assert_non_null(strstr(s, "\"person\": \"8\",\n  \"name\": \"Bo Ruiz\""));
	assert_non_null(strstr(s, "\"kind\": \"expired\", \"agency\": null, "
	    "\"id\": \"8\", \"name\": \"Bo Ruiz\", \"certification\": \"MHFA\""));
	assert_non_null(strstr(s, "\"outcome\": \"failed\", \"answer\": \"550 "
	    "no such user\", \"message_id\": \"e1@certminder\", \"about\": "
	    "null}"));
	assert_non_null(strstr(s, "\"about\": [\"7\", \"8\"]}"));
	assert_non_null(strstr(s, "\"exit\": 75, \"outcome\": \"server\""));
	free(s);
	fixture_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_csv_and_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
