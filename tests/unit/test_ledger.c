/*
 * ledger: the memory of certminder in SQLite.  Made on the first live run
 * (mode 0600), held by one live run at a time, read by a dry run; what the
 * planner asks of it; owed digests; schemas it does not know refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger.h"
#include "strbuf.h"
#include "unit.h"

#define T	D("2026-11-23")

/* A path in a new directory of its own; *dir to remove. */
static char *
ledger_path(char **dir)
{
	char tmpl[] = "/tmp/certminder-ledger-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	*dir = xasprintf("%s", tmpl);
	return xasprintf("%s/state.db", tmpl);
}

static void
remove_all(char *dir, char *path)
{
	char *lock = xasprintf("%s.lock", path);

	unlink(path);
	unlink(lock);
	rmdir(dir);
	free(lock);
	free(path);
	free(dir);
}

static void
open_ok(struct ledger *l, const char *path, bool live)
{
	char *err = NULL;

	assert_int_equal(ledger_open(l, path, live, &err), LEDGER_OK);
	assert_null(err);
}

/* A dry run before any live run finds nothing and makes nothing; the
 * first live run makes the file for its owner alone, and holds it. */
static void
test_open_and_lock(void **state)
{
	struct ledger l, other;
	struct stat st;
	char *dir, *path = ledger_path(&dir), *err = NULL;

	(void)state;
	open_ok(&l, path, false);
	assert_null(l.db);
	assert_int_equal(ledger_last_day(&l), DAY_NONE);
	ledger_close(&l);
	assert_int_equal(stat(path, &st), -1);
	open_ok(&l, path, true);
	assert_non_null(l.db);
	assert_int_equal(l.version, LEDGER_SCHEMA);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a second live run waits for no one: it is told another holds it */
	assert_int_equal(ledger_open(&other, path, true, &err), LEDGER_BUSY);
	assert_non_null(err);
	free(err);
	ledger_close(&other);
	/* a dry run may read while it is held */
	open_ok(&other, path, false);
	ledger_close(&other);
	ledger_close(&l);
	open_ok(&l, path, true);	/* released */
	ledger_close(&l);
	remove_all(dir, path);
}

/* What the planner asks: the stage sent (not a deferred one), the last
 * expired notice and how many, a notice deferred before. */
static void
test_history_questions(void **state)
{
	struct ledger l;
	struct notice_history h;
	char *dir, *path = ledger_path(&dir);
	long count;
	day_t first;

	(void)state;
	open_ok(&l, path, true);
	assert_int_equal(ledger_record(&l, T - 40, "expired", "7", "MHFA",
	    T - 50, "expired", "ana@pd.example", LEDGER_SENT, "250 ok",
	    "a1@certminder"), 0);
	assert_int_equal(ledger_record(&l, T - 10, "expired", "7", "MHFA",
	    T - 50, "expired", "ana@pd.example", LEDGER_SENT, "250 ok",
	    "a2@certminder"), 0);
	assert_int_equal(ledger_record(&l, T, "reminder", "8", "MHFA", T + 58,
	    "60", "bo@pd.example", LEDGER_SENT, "250 ok", "b1@certminder"), 0);
	assert_int_equal(ledger_record(&l, T, "reminder", "9", "MHFA", T + 29,
	    "30", "cy@pd.example", LEDGER_DEFERRED, "451 later",
	    "c1@certminder"), 0);
	ledger_history(&l, &h);
	ledger_read_begin(&l);
	assert_true(h.stage_done(h.ctx, "8", "MHFA", T + 58, 60));
	assert_false(h.stage_done(h.ctx, "8", "MHFA", T + 58, 30));
	assert_false(h.stage_done(h.ctx, "8", "MHFA", T + 700, 60));
	assert_false(h.stage_done(h.ctx, "8", "CIT", T + 58, 60));
	/* deferred: still due, and known as a retry */
	assert_false(h.stage_done(h.ctx, "9", "MHFA", T + 29, 30));
	assert_true(h.deferred(h.ctx, "reminder", "9", "MHFA", T + 29, "30"));
	assert_false(h.deferred(h.ctx, "reminder", "8", "MHFA", T + 58, "60"));
	assert_int_equal(h.last_done(h.ctx, "expired", "7", "MHFA", T - 50,
	    &count, &first), T - 10);
	assert_int_equal(count, 2);
	assert_int_equal(first, T - 40);
	assert_int_equal(h.last_done(h.ctx, "missing", "7", "MHFA", DAY_NONE,
	    &count, &first), DAY_NONE);
	assert_int_equal(count, 0);
	ledger_read_end(&l);
	ledger_close(&l);
	/* a dry run reads the same */
	open_ok(&l, path, false);
	ledger_history(&l, &h);
	assert_true(h.stage_done(h.ctx, "8", "MHFA", T + 58, 60));
	ledger_close(&l);
	remove_all(dir, path);
}

/* Digests and summaries owed by a run that did not send them; what a
 * supervisor's last digest said. */
static void
test_pending_and_said(void **state)
{
	struct ledger l;
	struct notice_history h;
	char *dir, *path = ledger_path(&dir), *said;

	(void)state;
	open_ok(&l, path, true);
	ledger_history(&l, &h);
	assert_false(ledger_pending(&l, "digest", NULL));
	assert_int_equal(ledger_set_pending(&l, "digest", "900"), 0);
	assert_int_equal(ledger_set_pending(&l, "summary", "chief@pd.example"),
	    0);
	assert_true(ledger_pending(&l, "digest", "900"));
	assert_false(ledger_pending(&l, "digest", "901"));
	assert_true(h.pending(h.ctx, "summary", NULL));
	assert_int_equal(ledger_done_pending(&l, "digest", "900"), 0);
	assert_false(ledger_pending(&l, "digest", NULL));
	assert_true(ledger_pending(&l, "summary", "chief@pd.example"));
	assert_int_equal(ledger_clear_pending(&l), 0);
	assert_false(ledger_pending(&l, "summary", NULL));
	assert_null(h.digest_seen(h.ctx, "900"));
	assert_int_equal(ledger_digest_said(&l, "900", "3|MHFA:missing\n"), 0);
	said = h.digest_seen(h.ctx, "900");
	assert_string_equal(said, "3|MHFA:missing\n");
	free(said);
	ledger_close(&l);
	remove_all(dir, path);
}

/* A ledger of a schema this release does not know is refused untouched,
 * and a database of something else is not taken for a ledger. */
static void
test_unknown_schema(void **state)
{
	struct ledger l;
	char *dir, *path = ledger_path(&dir), *err = NULL, *v;
	sqlite3 *db;

	(void)state;
	open_ok(&l, path, true);
	assert_int_equal(ledger_set_meta(&l, "schema", "4"), 0);
	ledger_close(&l);
	assert_int_equal(ledger_open(&l, path, true, &err), LEDGER_UNUSABLE);
	assert_non_null(strstr(err, "ledger schema 4"));
	free(err);
	ledger_close(&l);
	/* nor does a dry run read it */
	assert_int_equal(ledger_open(&l, path, false, &err), LEDGER_UNUSABLE);
	free(err);
	ledger_close(&l);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '3' WHERE "
	    "key = 'schema'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	open_ok(&l, path, true);
	v = ledger_meta(&l, "schema");
	assert_string_equal(v, "3");
	free(v);
	ledger_close(&l);
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE accounts (n)", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ledger_open(&l, path, true, &err), LEDGER_UNUSABLE);
	assert_non_null(strstr(err, "not a certminder ledger"));
	free(err);
	ledger_close(&l);
	remove_all(dir, path);
}

/* A table lost is refused when opened, named; a table that no longer
 * reads answers "none" and keeps the failure for the night to see. */
static void
test_damage(void **state)
{
	struct ledger l;
	char *dir, *path = ledger_path(&dir), *err = NULL;
	sqlite3 *db;

	(void)state;
	open_ok(&l, path, true);
	assert_int_equal(ledger_run_stopped(&l, T, "stopped", "test", 65), 0);
	ledger_close(&l);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE seen", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ledger_open(&l, path, false, &err), LEDGER_UNUSABLE);
	assert_non_null(strstr(err, "lost its seen table"));
	free(err);
	ledger_close(&l);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE seen (x); DROP TABLE "
	    "runs; CREATE TABLE runs (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	open_ok(&l, path, false);
	assert_false(ledger_read_failed(&l));
	assert_int_equal(ledger_last_day(&l), DAY_NONE);
	assert_true(ledger_read_failed(&l));
	assert_non_null(strstr(ledger_error(&l), "no such column"));
	ledger_close(&l);
	remove_all(dir, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_lock),
		cmocka_unit_test(test_history_questions),
		cmocka_unit_test(test_pending_and_said),
		cmocka_unit_test(test_unknown_schema),
		cmocka_unit_test(test_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
