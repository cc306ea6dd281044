#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger.h"
#include "strbuf.h"
#include "strlist.h"
#include "text.h"

/* Schema 2's new tables: a night's pledge figures, and each person the
 * ledger holds notices about or for, with the night they left (NULL while
 * active on the roster or notified), for ledger.keep_months. */
#define FIGURES_TABLE \
    "CREATE TABLE IF NOT EXISTS figures (\n" \
    "  today TEXT NOT NULL, agency TEXT NOT NULL, cert TEXT NOT NULL,\n" \
    "  sworn INTEGER NOT NULL, valid INTEGER NOT NULL,\n" \
    "  required INTEGER NOT NULL, met INTEGER NOT NULL,\n" \
    "  selected INTEGER NOT NULL, selected_valid INTEGER NOT NULL,\n" \
    "  PRIMARY KEY (today, agency, cert));\n"
#define DIGEST_PEOPLE_TABLE \
    "CREATE TABLE IF NOT EXISTS digest_people (\n" \
    "  notice INTEGER NOT NULL, person TEXT NOT NULL);\n" \
    "CREATE INDEX IF NOT EXISTS digest_people_person\n" \
    "  ON digest_people (person);\n"
/* The course titles counted on some live night, each with its first: a
 * title counted for the first time is news for the summary.  Added to
 * schema 2 without a new number: an older certminder leaves it alone. */
#define TITLES_TABLE \
    "CREATE TABLE IF NOT EXISTS titles (\n" \
    "  cert TEXT NOT NULL, title TEXT NOT NULL, first_day TEXT NOT NULL,\n" \
    "  PRIMARY KEY (cert, title));\n"
/* The charts read an agency's nights of a certification: found by this
 * index, not a scan of every agency's nights for each. */
#define FIGURES_INDEX \
    "CREATE INDEX IF NOT EXISTS figures_agency ON figures (agency, cert, " \
    "today);\n"
#define PRESENT_TABLE \
    "CREATE TABLE IF NOT EXISTS present (\n" \
    "  person TEXT PRIMARY KEY, left_on TEXT);\n"

/*
 * From schema 1, in one transaction: the new columns and tables.  A run's
 * exit code follows from its outcome; a person is taken to have left on
 * the day of their latest notice, until the first live run finds them
 * active.
 */
/* A schema 1 run's exit code, from its outcome. */
#define EXIT_OF_OUTCOME \
    "CASE outcome WHEN 'completed' THEN 0 WHEN 'deferred' THEN 75 " \
    "WHEN 'server' THEN 75 WHEN 'refused' THEN 69 WHEN 'stopped' THEN 65 END"

static const char migrate_1_2[] =
    "ALTER TABLE notices ADD COLUMN message_id TEXT;\n"
    "ALTER TABLE runs ADD COLUMN exit INTEGER;\n"
    "UPDATE runs SET exit = " EXIT_OF_OUTCOME ";\n"
    FIGURES_TABLE PRESENT_TABLE DIGEST_PEOPLE_TABLE TITLES_TABLE
    "INSERT INTO present SELECT person, max(sent_on) FROM notices\n"
    "  WHERE person <> '' GROUP BY person;\n"
    "UPDATE meta SET value = '2' WHERE key = 'schema';\n";

/* From schema 2, which an earlier release could leave without the titles
 * table: a ledger of schema 3 has every table, and one it lacks is
 * damage, never a ledger of another release. */
static const char migrate_2_3[] =
    TITLES_TABLE FIGURES_INDEX
    "UPDATE meta SET value = '3' WHERE key = 'schema';\n";

/* Each schema's tables: one missing is refused before anything is read. */
static const char *const tables[] = { "meta", "notices", "runs",
    "thresholds", "seen", "pending",		/* schema 1 */
    "figures", "present", "digest_people",	/* 2 */
    "titles" };					/* 3 */
static const size_t tables_of[] = { [1] = 6, [2] = 9, [3] = 10 };

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE IF NOT EXISTS notices (\n"
    "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, person TEXT NOT NULL,\n"
    "  cert TEXT NOT NULL, expires TEXT NOT NULL, stage TEXT NOT NULL,\n"
    "  recipient TEXT NOT NULL, outcome TEXT NOT NULL, answer TEXT,\n"
    "  sent_on TEXT NOT NULL, sent_at TEXT NOT NULL, message_id TEXT);\n"
    "CREATE INDEX IF NOT EXISTS notices_key\n"
    "  ON notices (person, cert, expires, kind, stage);\n"
    "CREATE TABLE IF NOT EXISTS runs (\n"
    "  id INTEGER PRIMARY KEY, today TEXT NOT NULL, finished_at TEXT NOT NULL,\n"
    "  outcome TEXT NOT NULL, active INTEGER, sent INTEGER, deferred INTEGER,\n"
    "  failed INTEGER, message TEXT, exit INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS thresholds (\n"
    "  agency TEXT NOT NULL, cert TEXT NOT NULL, met INTEGER NOT NULL,\n"
    "  PRIMARY KEY (agency, cert));\n"
    "CREATE TABLE IF NOT EXISTS seen (\n"
    "  person TEXT NOT NULL, cert TEXT NOT NULL, expires TEXT NOT NULL,\n"
    "  PRIMARY KEY (person, cert));\n"
    "CREATE TABLE IF NOT EXISTS pending (\n"
    "  kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));\n"
    FIGURES_TABLE PRESENT_TABLE DIGEST_PEOPLE_TABLE TITLES_TABLE FIGURES_INDEX;
/* Dates as text: ISO, "never" for no expiry, "" for no record. */
static const char *
day_text(day_t d, char buf[DATE_ISO_LEN])
{
	if (d == DAY_NONE)
		return "";
	if (d == DAY_FOREVER)
		return "never";
	return date_iso(d, buf);
}

static day_t
text_day(const char *s)
{
	day_t d;

	if (s == NULL || *s == '\0')
		return DAY_NONE;
	if (strcmp(s, "never") == 0)
		return DAY_FOREVER;
	if (date_parse(s, strlen(s), DATE_ISO, &d) != DATE_OK)
		return DAY_NONE;
	return d;
}

const char *
ledger_error(struct ledger *l)
{
	if (l->error[0] != '\0')
		return l->error;
	return l->db ? sqlite3_errmsg(l->db) : "no ledger";
}

static enum ledger_status
fail(char **err, enum ledger_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum ledger_status
fail(char **err, enum ledger_status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*err = xvasprintf(fmt, ap);
	va_end(ap);
	return code;
}

/*
 * A state file must be the running user's and writable by nobody else, as
 * OpenSSH wants of a key: another user who could write the ledger could
 * forge its history, and read every address in it.  A dry run, which only
 * reads, does not ask whose it is.
 */
static enum ledger_status
check_owner(struct ledger *l, int fd, const char *path, char **err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(err, LEDGER_UNUSABLE, "%s: not a regular file", path);
	if (l->live && st.st_uid != geteuid())
		return fail(err, LEDGER_UNUSABLE, "%s: owned by uid %lu, not by "
		    "the user running certminder (uid %lu): refused", path,
		    (unsigned long)st.st_uid, (unsigned long)geteuid());
	if ((st.st_mode & 022) != 0)
		return fail(err, LEDGER_UNUSABLE, "%s: writable by group or "
		    "others (mode %03o): refused; chmod 600 it if it is yours",
		    path, (unsigned)(st.st_mode & 0777));
	/* an empty file that stood there becomes a private ledger */
	if (l->live && st.st_size == 0 && (st.st_mode & 077) != 0 &&
	    fchmod(fd, 0600) < 0)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    strerror(errno));
	return LEDGER_OK;
}

static enum ledger_status
take_lock(struct ledger *l, const char *path, char **err)
{
	struct strbuf lock = { 0 };
	enum ledger_status rc = LEDGER_OK;

	sb_printf(&lock, "%s.lock", path);
	l->lock_fd = open(sb_str(&lock), O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (l->lock_fd < 0)
		rc = fail(err, LEDGER_UNUSABLE, "%s: %s", sb_str(&lock),
		    errno == ELOOP ? "a symbolic link: refused" :
		    strerror(errno));
	else if ((rc = check_owner(l, l->lock_fd, sb_str(&lock), err)) !=
	    LEDGER_OK)
		;
	else if (flock(l->lock_fd, LOCK_EX | LOCK_NB) < 0)
		rc = errno == EWOULDBLOCK ? fail(err, LEDGER_BUSY, "%s: another "
		    "certminder run holds the lock; this run stops and the "
		    "next one picks up", sb_str(&lock)) :
		    fail(err, LEDGER_UNUSABLE, "%s: %s", sb_str(&lock),
		    strerror(errno));
	sb_free(&lock);
	return rc;
}

/* A read that met an SQL error: kept, the first one's words too. */
static void
read_fail(struct ledger *l)
{
	if (!l->read_failed)
		snprintf(l->error, sizeof(l->error), "cannot read the ledger: "
		    "%s", sqlite3_errmsg(l->db));
	l->read_failed = true;
}

bool
ledger_read_failed(const struct ledger *l)
{
	return l->read_failed;
}

/* The step of a read: a row, done, or a failure kept (false). */
static bool
read_row(struct ledger *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		read_fail(l);
	return rc == SQLITE_ROW;
}

static int
prepare(struct ledger *l, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v2(l->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : -1;
}

/*
 * A database without certminder's meta table: new and empty, or left by a
 * first run cut short (only certminder's tables, and no run), both made
 * afresh; anything else is not a ledger.
 */
static enum ledger_status
unfinished(struct ledger *l, const char *path, bool meta, char **err)
{
	const char *const *ours = tables;
	sqlite3_stmt *st;
	const char *name;
	char other[64] = "";
	size_t i;

	/* by the table each entry belongs to: an index, or SQLite's own
	 * sqlite_autoindex_..., of a table of ours is ours */
	if (sqlite3_prepare_v2(l->db, "SELECT tbl_name FROM sqlite_master", -1,
	    &st, NULL) != SQLITE_OK)
		return fail(err, LEDGER_UNUSABLE, "%s: not a certminder ledger: "
		    "%s", path, sqlite3_errmsg(l->db));
	while (other[0] == '\0' && sqlite3_step(st) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		for (i = 0; name != NULL && i < NELEM(tables); i++)
			if (strcmp(name, ours[i]) == 0)
				break;
		if (name == NULL || i == NELEM(tables))
			snprintf(other, sizeof(other), "%.*s", (int)str_utf8_cut(
			    name ? name : "", name ? strlen(name) : 0, 40),
			    name ? name : "");
	}
	sqlite3_finalize(st);
	if (other[0] != '\0')
		return fail(err, LEDGER_UNUSABLE, "%s: not a certminder ledger: "
		    "it holds a table of something else (%s)", path, other);
	if (sqlite3_prepare_v2(l->db, "SELECT count(*) FROM runs", -1, &st,
	    NULL) == SQLITE_OK) {
		bool runs = sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_int(st, 0) > 0;

		sqlite3_finalize(st);
		if (runs)
			return fail(err, LEDGER_UNUSABLE, "%s: runs are recorded "
			    "but %s: restore the ledger from a backup", path,
			    meta ? "the meta table has no schema version" :
			    "the ledger lacks its meta table");
	}
	return LEDGER_OK;
}

/* Every table of the schema, or the first missing named. */
static enum ledger_status
check_tables(struct ledger *l, const char *path, int version, char **err)
{
	sqlite3_stmt *st;
	size_t i;
	bool there;

	if (sqlite3_prepare_v2(l->db, "SELECT 1 FROM sqlite_master WHERE "
	    "type = 'table' AND name = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    sqlite3_errmsg(l->db));
	for (i = 0; i < tables_of[version]; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
		there = sqlite3_step(st) == SQLITE_ROW;
		if (!there) {
			sqlite3_finalize(st);
			return fail(err, LEDGER_UNUSABLE, "%s: the ledger has "
			    "lost its %s table, so it cannot say what was "
			    "sent: restore it from a backup (nothing was "
			    "planned or sent)", path, tables[i]);
		}
	}
	sqlite3_finalize(st);
	return LEDGER_OK;
}

/* Creates the tables of a new ledger, or checks an existing one. */
static int fail_tx(struct ledger *);
static void keep_error(struct ledger *);

static enum ledger_status
check_schema(struct ledger *l, const char *path, char **err)
{
	sqlite3_stmt *st = NULL;
	int version = -1, rc;

	const char *text;
	char *end;
	bool row = false;
	long v;

	rc = sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = "
	    "'schema'", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		row = true;
		text = (const char *)sqlite3_column_text(st, 0);
		v = text ? strtol(text, &end, 10) : -1;
		/* "2abc" is no schema 2 */
		if (text == NULL || end == text || *end != '\0' || v < 0 ||
		    v > 1000) {
			sqlite3_finalize(st);
			return fail(err, LEDGER_UNUSABLE, "%s: the ledger's "
			    "schema version is not a number: restore it from a "
			    "backup", path);
		}
		version = (int)v;
	}
	sqlite3_finalize(st);
	if (!l->live && (sqlite3_extended_errcode(l->db) ==
	    SQLITE_READONLY_ROLLBACK || sqlite3_extended_errcode(l->db) ==
	    SQLITE_READONLY_RECOVERY))
		return fail(err, LEDGER_BUSY, "%s: an interrupted run left a "
		    "journal, which only a live run may roll back; the next "
		    "live run repairs it: run again after it", path);
	if (rc != SQLITE_OK || !row) {
		/* no meta table, or no schema in it: a new database, one a
		 * first run left cut short (or that a release made outside a
		 * transaction), or not ours */
		if ((rc = unfinished(l, path, row || rc == SQLITE_OK, err)) !=
		    LEDGER_OK)
			return rc;
		if (!l->live) {		/* nothing to read yet */
			sqlite3_close(l->db);
			l->db = NULL;
			return LEDGER_OK;
		}
		/* made afresh: a cut-short first run left no notice */
		if (sqlite3_exec(l->db, "BEGIN IMMEDIATE; DROP TABLE IF EXISTS "
		    "meta; DROP TABLE IF EXISTS notices; DROP TABLE IF EXISTS "
		    "runs; DROP TABLE IF EXISTS thresholds; DROP TABLE IF EXISTS "
		    "seen; DROP TABLE IF EXISTS pending; DROP TABLE IF EXISTS "
		    "figures; DROP TABLE IF EXISTS present; DROP TABLE IF EXISTS "
		    "digest_people; DROP TABLE IF EXISTS titles", NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(l->db, schema, NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(l->db, "INSERT INTO meta VALUES "
		    "('schema', '3'); COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			fail_tx(l);
			return fail(err, LEDGER_UNUSABLE, "%s: cannot create the "
			    "ledger: %s", path, l->error);
		}
		version = LEDGER_SCHEMA;
	}
	if (version < 1 || version > LEDGER_SCHEMA)
		return fail(err, LEDGER_UNUSABLE, "%s: ledger schema %d; this "
		    "certminder knows schemas 1 to %d", path, version,
		    LEDGER_SCHEMA);
	/* each table of its schema, before anything is moved or read: a
	 * ledger that lost one would read as "never sent" and mail again */
	if ((rc = check_tables(l, path, version, err)) != LEDGER_OK)
		return rc;
	/* a live run moves an older ledger forward in one transaction; a
	 * dry run reads it as it is */
	if (version < LEDGER_SCHEMA && l->live) {
		if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || (version == 1 && sqlite3_exec(l->db,
		    migrate_1_2, NULL, NULL, NULL) != SQLITE_OK) ||
		    sqlite3_exec(l->db, migrate_2_3, NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(l->db, "COMMIT", NULL, NULL,
		    NULL) != SQLITE_OK) {
			fail_tx(l);
			return fail(err, LEDGER_UNUSABLE, "%s: cannot move the "
			    "ledger from schema %d to %d: %s; it is as it was",
			    path, version, LEDGER_SCHEMA, l->error);
		}
		version = LEDGER_SCHEMA;
	}
	l->version = version;
	if (prepare(l, &l->q_stage, "SELECT 1 FROM notices WHERE person = ? "
	    "AND cert = ? AND expires = ? AND kind = 'reminder' AND stage = ? "
	    "AND outcome <> 'deferred' LIMIT 1") < 0 ||
	    prepare(l, &l->q_deferred, "SELECT 1 FROM notices WHERE person = ? "
	    "AND cert = ? AND expires = ? AND kind = ? AND stage = ? "
	    "AND outcome = 'deferred' LIMIT 1") < 0 ||
	    prepare(l, &l->q_last, "SELECT max(sent_on), count(*), "
	    "min(sent_on) FROM notices WHERE "
	    "person = ? AND cert = ? AND expires = ? AND kind = ? AND outcome <> "
	    "'deferred'") < 0 ||
	    prepare(l, &l->q_met, "SELECT met FROM thresholds WHERE agency = ? "
	    "AND cert = ?") < 0 ||
	    prepare(l, &l->q_pending, "SELECT 1 FROM pending WHERE kind = ?1 "
	    "AND (?2 IS NULL OR key = ?2)") < 0 ||
	    (l->live && (prepare(l, &l->i_notice, "INSERT INTO notices (kind, "
	    "person, cert, expires, stage, recipient, outcome, answer, "
	    "sent_on, sent_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)") < 0 || prepare(l, &l->i_present, "INSERT INTO present "
	    "VALUES (?, NULL) ON CONFLICT (person) DO UPDATE SET left_on = "
	    "NULL") < 0 || prepare(l, &l->i_about, "INSERT INTO digest_people "
	    "VALUES (?, ?)") < 0)))
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    sqlite3_errmsg(l->db));
	return LEDGER_OK;
}

enum ledger_status
ledger_open(struct ledger *l, const char *path, bool live, char **err)
{
	enum ledger_status rc;
	int fd, sqlrc;

	memset(l, 0, sizeof(*l));
	l->lock_fd = -1;
	l->live = live;
	*err = NULL;
	if (live && (rc = take_lock(l, path, err)) != LEDGER_OK)
		return rc;
	fd = open(path, (live ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (fd < 0 && !live && errno == ENOENT)
		return LEDGER_OK;	/* a first night: no history */
	if (fd < 0)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    errno == ELOOP ? "a symbolic link: refused" :
		    strerror(errno));
	rc = check_owner(l, fd, path, err);
	close(fd);
	if (rc != LEDGER_OK)
		return rc;
	if ((sqlrc = sqlite3_open_v2(path, &l->db, (live ?
	    SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
	    SQLITE_OPEN_NOFOLLOW, NULL)) != SQLITE_OK)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path, l->db ?
		    sqlite3_errmsg(l->db) : sqlite3_errstr(sqlrc));
	sqlite3_busy_timeout(l->db, 5000);
	if ((rc = check_schema(l, path, err)) != LEDGER_OK)
		return rc;
	if (live && sqlite3_exec(l->db, "PRAGMA journal_mode = DELETE; "
	    "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
		return fail(err, LEDGER_UNUSABLE, "%s: %s", path,
		    sqlite3_errmsg(l->db));
	return LEDGER_OK;
}

void
ledger_close(struct ledger *l)
{
	sqlite3_finalize(l->q_stage);
	sqlite3_finalize(l->q_last);
	sqlite3_finalize(l->q_met);
	sqlite3_finalize(l->q_pending);
	sqlite3_finalize(l->q_deferred);
	sqlite3_finalize(l->i_notice);
	sqlite3_finalize(l->i_present);
	sqlite3_finalize(l->i_about);
	if (l->db)
		sqlite3_close(l->db);
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	memset(l, 0, sizeof(*l));
	l->lock_fd = -1;
}

static void
bind_texts(sqlite3_stmt *st, const char *const *v, int n)
{
	int i;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
}

/* Whether the prepared query finds a row for the texts v. */
static bool
has_row(struct ledger *l, sqlite3_stmt *st, const char *const *v, int n)
{
	bool found;

	bind_texts(st, v, n);
	found = read_row(l, st);
	sqlite3_reset(st);
	return found;
}

static bool
hist_stage_done(void *ctx, const char *person, const char *cert,
    day_t expires, int stage)
{
	struct ledger *l = ctx;
	char d[DATE_ISO_LEN], s[16];
	const char *v[4];

	if (l->db == NULL)
		return false;
	snprintf(s, sizeof(s), "%d", stage);
	v[0] = person;
	v[1] = cert;
	v[2] = day_text(expires, d);
	v[3] = s;
	return has_row(l, l->q_stage, v, 4);
}

static day_t
hist_last_done(void *ctx, const char *kind, const char *person,
    const char *cert, day_t expires, long *count, day_t *first)
{
	struct ledger *l = ctx;
	char d[DATE_ISO_LEN];
	const char *v[4];
	day_t last = DAY_NONE;

	*count = 0;
	*first = DAY_NONE;
	if (l->db == NULL)
		return DAY_NONE;
	v[0] = person;
	v[1] = cert;
	v[2] = day_text(expires, d);
	v[3] = kind;
	bind_texts(l->q_last, v, 4);
	if (read_row(l, l->q_last)) {
		last = text_day((const char *)sqlite3_column_text(l->q_last, 0));
		*count = (long)sqlite3_column_int64(l->q_last, 1);
		*first = text_day((const char *)sqlite3_column_text(l->q_last,
		    2));
	}
	sqlite3_reset(l->q_last);
	return last;
}

static int exec_texts(struct ledger *, const char *, const char *const *,
    int);

static char *
hist_digest_seen(void *ctx, const char *supervisor)
{
	struct strbuf key = { 0 };
	char *v;

	sb_printf(&key, "digest:%s", supervisor);
	v = ledger_meta(ctx, sb_str(&key));
	sb_free(&key);
	return v;
}

/* The first column of the query's first row as text (to be freed), with
 * ?1 bound to arg when given; NULL for no row, a NULL value or no ledger. */
static char *
query_text(struct ledger *l, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (l->db == NULL)
		return NULL;
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		read_fail(l);
		return NULL;
	}
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (read_row(l, st) &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

char *
ledger_meta(struct ledger *l, const char *key)
{
	return query_text(l, "SELECT value FROM meta WHERE key = ?", key);
}

int
ledger_set_meta(struct ledger *l, const char *key, const char *value)
{
	const char *v[2] = { key, value };

	return exec_texts(l, "INSERT OR REPLACE INTO meta VALUES (?, ?)", v, 2);
}

int
ledger_digest_said(struct ledger *l, const char *supervisor,
    const char *seen)
{
	struct strbuf key = { 0 };
	int rc;

	sb_printf(&key, "digest:%s", supervisor);
	rc = ledger_set_meta(l, sb_str(&key), seen);
	sb_free(&key);
	return rc;
}

static int
hist_last_met(void *ctx, const char *agency, const char *cert)
{
	struct ledger *l = ctx;
	const char *v[2] = { agency, cert };
	int met = -1;

	if (l->db == NULL)
		return -1;
	bind_texts(l->q_met, v, 2);
	if (read_row(l, l->q_met))
		met = sqlite3_column_int(l->q_met, 0) != 0;
	sqlite3_reset(l->q_met);
	return met;
}

static bool
hist_deferred(void *ctx, const char *kind, const char *person,
    const char *cert, day_t expires, const char *stage)
{
	struct ledger *l = ctx;
	char d[DATE_ISO_LEN];
	const char *v[5];

	if (l->db == NULL)
		return false;
	v[0] = person;
	v[1] = cert;
	v[2] = day_text(expires, d);
	v[3] = kind;
	v[4] = stage;
	return has_row(l, l->q_deferred, v, 5);
}

static bool
hist_pending(void *ctx, const char *kind, const char *key)
{
	return ledger_pending(ctx, kind, key);
}

void
ledger_read_begin(struct ledger *l)
{
	if (l->db != NULL && sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK)
		read_fail(l);
}

void
ledger_read_end(struct ledger *l)
{
	if (l->db != NULL && !sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
}

void
ledger_history(struct ledger *l, struct notice_history *h)
{
	memset(h, 0, sizeof(*h));
	h->ctx = l;
	h->stage_done = hist_stage_done;
	h->last_done = hist_last_done;
	h->last_met = hist_last_met;
	h->pending = hist_pending;
	h->digest_seen = hist_digest_seen;
	h->deferred = hist_deferred;
}

static long
query_long(struct ledger *l, const char *sql, long none)
{
	sqlite3_stmt *st;
	long v = none;

	if (l->db == NULL)
		return none;
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		read_fail(l);
		return none;
	}
	if (read_row(l, st) &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A day the query gives, DAY_NONE when it gives none. */
static day_t
query_day(struct ledger *l, const char *sql)
{
	char *v = query_text(l, sql, NULL);
	day_t d = text_day(v);

	free(v);
	return d;
}

/* The day of the latest run, not the largest day run: a run for 2036 by
 * mistake, then one forced for the right day, leaves the right day.  Runs
 * refused for their day are not runs. */
day_t
ledger_last_day(struct ledger *l)
{
	return query_day(l, "SELECT today FROM runs WHERE outcome <> 'clock' "
	    "ORDER BY id DESC LIMIT 1");
}

int
ledger_clock_refusals(struct ledger *l)
{
	return (int)query_long(l, "SELECT count(*) FROM (SELECT id FROM runs "
	    "WHERE outcome = 'clock' AND id > (SELECT coalesce(max(id), 0) "
	    "FROM runs WHERE outcome <> 'clock'))", 0);
}

bool
ledger_has_completed_run(struct ledger *l)
{
	return query_long(l, "SELECT count(*) FROM runs WHERE outcome IN "
	    "('completed', 'deferred')", 0) > 0;
}

long
ledger_last_active(struct ledger *l)
{
	return query_long(l, "SELECT active FROM runs WHERE outcome IN "
	    "('completed', 'deferred') ORDER BY id DESC LIMIT 1", -1);
}

long
ledger_last_sworn(struct ledger *l)
{
	return query_long(l, "SELECT value FROM meta WHERE key = 'sworn'", -1);
}

void
ledger_seen(struct ledger *l, const struct conf *c, const struct people *pp,
    day_t *prev)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < pp->n * c->ncerts; i++)
		prev[i] = DAY_NONE;
	if (l->db == NULL)
		return;
	if (sqlite3_prepare_v2(l->db, "SELECT person, cert, expires FROM seen",
	    -1, &st, NULL) != SQLITE_OK) {
		read_fail(l);
		return;
	}
	while (read_row(l, st)) {
		const char *person = (const char *)sqlite3_column_text(st, 0);
		const char *cert = (const char *)sqlite3_column_text(st, 1);
		uint32_t p;
		size_t k;

		if (person == NULL || cert == NULL ||
		    (p = people_find_key(pp, person)) == NO_PERSON)
			continue;
		for (k = 0; k < c->ncerts; k++)
			if (strcmp(c->certs[k].name, cert) == 0)
				prev[(size_t)p * c->ncerts + k] = text_day(
				    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
}

static void
now_text(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
ledger_record(struct ledger *l, day_t today, const char *kind,
    const char *person, const char *cert, day_t expires, const char *stage,
    const char *recipient, enum ledger_outcome outcome, const char *answer,
    const char *message_id)
{
	static const char *const outcomes[] = { "sent", "failed", "unreachable",
	    "deferred" };
	char d[DATE_ISO_LEN], t[DATE_ISO_LEN], now[32];
	const char *v[11];
	int rc;

	now_text(now);
	v[0] = kind;
	v[1] = person;
	v[2] = cert;
	v[3] = day_text(expires, d);
	v[4] = stage;
	v[5] = recipient ? recipient : "";
	v[6] = outcomes[outcome];
	v[7] = answer ? answer : "";
	v[8] = date_iso(today, t);
	v[9] = now;
	v[10] = message_id;
	bind_texts(l->i_notice, v, 11);
	rc = sqlite3_step(l->i_notice);
	if (rc != SQLITE_DONE)
		keep_error(l);
	sqlite3_reset(l->i_notice);
	if (rc != SQLITE_DONE)
		return -1;
	l->last_notice = sqlite3_last_insert_rowid(l->db);
	if (*person == '\0')
		return 0;
	/* whom a notice was about (or for) is here */
	v[0] = person;
	bind_texts(l->i_present, v, 1);
	rc = sqlite3_step(l->i_present);
	if (rc != SQLITE_DONE)
		keep_error(l);
	sqlite3_reset(l->i_present);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
ledger_record_about(struct ledger *l, const char *person)
{
	int rc;

	sqlite3_reset(l->i_about);
	sqlite3_bind_int64(l->i_about, 1, l->last_notice);
	sqlite3_bind_text(l->i_about, 2, person, -1, SQLITE_STATIC);
	rc = sqlite3_step(l->i_about);
	sqlite3_reset(l->i_about);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
exec_texts(struct ledger *l, const char *sql, const char *const *v, int n)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_texts(st, v, n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

bool
ledger_pending(struct ledger *l, const char *kind, const char *key)
{
	const char *v[2] = { kind, key };

	if (l->db == NULL)
		return false;
	return has_row(l, l->q_pending, v, 2);
}

int
ledger_set_pending(struct ledger *l, const char *kind, const char *key)
{
	const char *v[2] = { kind, key };

	return exec_texts(l, "INSERT OR IGNORE INTO pending VALUES (?, ?)", v, 2);
}

int
ledger_done_pending(struct ledger *l, const char *kind, const char *key)
{
	const char *v[2] = { kind, key };

	return exec_texts(l, "DELETE FROM pending WHERE kind = ? AND key = ?",
	    v, 2);
}

int
ledger_clear_pending(struct ledger *l)
{
	return sqlite3_exec(l->db, "DELETE FROM pending", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

int
ledger_begin(struct ledger *l)
{
	l->error[0] = '\0';
	l->busy = false;
	return sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

/*
 * Keeps what went wrong, said plainly, for ledger_error(): a step that
 * failed calls it at once, before a later call (a rollback, a reset)
 * answers "not an error"; a success since leaves the kept words alone.
 */
static void
keep_error(struct ledger *l)
{
	int code = sqlite3_extended_errcode(l->db);

	if (code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW) {
		if (l->error[0] == '\0')
			snprintf(l->error, sizeof(l->error), "the ledger could "
			    "not be written");
		return;
	}
	l->busy = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
	if ((code & 0xff) == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
	    code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_SHORT_READ)
		snprintf(l->error, sizeof(l->error), "the disk is full (%s); "
		    "nothing of this step was recorded", sqlite3_errmsg(l->db));
	else
		snprintf(l->error, sizeof(l->error), "%s",
		    sqlite3_errmsg(l->db));
}

/* Keeps what went wrong and rolls back: nothing is recorded half. */
static int
fail_tx(struct ledger *l)
{
	keep_error(l);
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
ledger_end(struct ledger *l, bool ok)
{
	if (ok && sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	return fail_tx(l);
}

int
ledger_run_stopped(struct ledger *l, day_t today, const char *outcome,
    const char *why, int exit_code)
{
	char d[DATE_ISO_LEN], now[32], code[16];
	const char *v[5];

	now_text(now);
	snprintf(code, sizeof(code), "%d", exit_code);
	v[0] = date_iso(today, d);
	v[1] = now;
	v[2] = outcome;
	v[3] = why;
	v[4] = code;
	return exec_texts(l, "INSERT INTO runs (today, finished_at, outcome, "
	    "message, exit) VALUES (?, ?, ?, ?, CAST(? AS INTEGER))", v, 5);
}

int
ledger_title_known(struct ledger *l, const char *cert, const char *title)
{
	sqlite3_stmt *st;
	int rc;

	/* schema 2 may lack the table: a dry run then tells no title new */
	if (l->db == NULL || l->version < LEDGER_SCHEMA)
		return -1;
	if (sqlite3_prepare_v2(l->db, "SELECT EXISTS (SELECT 1 FROM titles "
	    "WHERE cert = ? AND title = ?), EXISTS (SELECT 1 FROM titles)",
	    -1, &st, NULL) != SQLITE_OK) {
		read_fail(l);
		return -1;
	}
	sqlite3_bind_text(st, 1, cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	rc = !read_row(l, st) ? -1 :
	    sqlite3_column_int(st, 0) ? 1 : sqlite3_column_int(st, 1) ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

/* Each title counted tonight, kept with its first night. */
static int
record_titles(struct ledger *l, const struct conf *c, const char *day,
    const struct cert_title *titles, size_t ntitles)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (sqlite3_prepare_v2(l->db, "INSERT OR IGNORE INTO titles VALUES "
	    "(?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < ntitles; i++) {
		if (titles[i].rows == 0)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, c->certs[titles[i].cert].name, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 2, titles[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int
ledger_record_figures(struct ledger *l, const struct conf *c,
    const struct compliance *cp, const struct cert_title *titles,
    size_t ntitles)
{
	sqlite3_stmt *st = NULL;
	char d[DATE_ISO_LEN];
	size_t a, k;

	if (ledger_begin(l) < 0)
		return fail_tx(l);
	if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO figures VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	date_iso(cp->today, d);
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < c->ncerts; k++) {
			const struct cert_tally *t = &cp->agency[a].cert[k];

			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, d, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, cp->agency[a].name, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 3, c->certs[k].name, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int(st, 4, cp->agency[a].sworn);
			sqlite3_bind_int(st, 5, t->valid);
			sqlite3_bind_int(st, 6, t->required);
			sqlite3_bind_int(st, 7, t->met);
			sqlite3_bind_int(st, 8, t->selected_total);
			sqlite3_bind_int(st, 9, t->selected_valid);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto bad;
		}
	if (record_titles(l, c, d, titles, ntitles) < 0)
		goto bad;
	sqlite3_finalize(st);
	return ledger_end(l, true);
bad:
	sqlite3_finalize(st);
	return fail_tx(l);
}

size_t
ledger_figures(struct ledger *l, const char *agency, const char *cert,
    day_t since, day_t until, struct figure **out)
{
	sqlite3_stmt *st;
	char d[DATE_ISO_LEN], u[DATE_ISO_LEN];
	struct figure *v = NULL;
	size_t n = 0;

	*out = NULL;
	if (l->db == NULL || l->version < 2)
		return 0;
	if (sqlite3_prepare_v2(l->db, "SELECT today, sworn, valid, required, "
	    "met FROM figures WHERE agency = ? AND cert = ? AND today >= ? AND "
	    "today <= ? ORDER BY today", -1, &st, NULL) != SQLITE_OK) {
		read_fail(l);
		return 0;
	}
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, date_iso(since, d), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date_iso(until, u), -1, SQLITE_STATIC);
	while (read_row(l, st)) {
		struct figure f;

		f.day = text_day((const char *)sqlite3_column_text(st, 0));
		if (f.day == DAY_NONE)
			continue;
		f.sworn = sqlite3_column_int(st, 1);
		f.valid = sqlite3_column_int(st, 2);
		f.required = sqlite3_column_int(st, 3);
		f.met = sqlite3_column_int(st, 4) != 0;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = f;
	}
	sqlite3_finalize(st);
	*out = v;
	return n;
}

day_t
ledger_last_delivery(struct ledger *l)
{
	return query_day(l, "SELECT today FROM runs WHERE outcome IN "
	    "('completed', 'deferred') ORDER BY id DESC LIMIT 1");
}

bool
ledger_last_refused(struct ledger *l)
{
	return query_long(l, "SELECT outcome = 'refused' FROM runs ORDER BY id "
	    "DESC LIMIT 1", 0) == 1;
}

/*
 * The privacy rule (ledger.keep_months): a person the ledger holds notices
 * about or for has left on the first night they are neither active on the
 * roster nor notified; back, they have not.  The notices of whoever left
 * more than keep_months ago are deleted, with what their digests said.
 * Only changes are written: a night's cost is a lookup per person held.
 */
static int
forget_leavers(struct ledger *l, const struct conf *c,
    const struct people *pp, day_t today)
{
	sqlite3_stmt *st;
	struct strlist back = { 0 }, left = { 0 };
	char d[DATE_ISO_LEN], cut[DATE_ISO_LEN];
	const char *v[2];
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(l->db, "SELECT person, left_on FROM present",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *person = (const char *)sqlite3_column_text(st, 0);
		bool gone = sqlite3_column_type(st, 1) != SQLITE_NULL;
		uint32_t p;
		bool here;

		if (person == NULL)
			continue;
		p = people_find_key(pp, person);
		here = p != NO_PERSON && pp->v[p].active;
		if (here && gone)
			strlist_add(&back, person);
		else if (!here && !gone)
			strlist_add(&left, person);
	}
	sqlite3_finalize(st);
	v[1] = date_iso(today, d);
	for (i = 0; rc == 0 && i < back.n; i++) {
		v[0] = back.v[i];
		rc = exec_texts(l, "UPDATE present SET left_on = NULL WHERE "
		    "person = ?", v, 1);
	}
	for (i = 0; rc == 0 && i < left.n; i++) {
		v[0] = left.v[i];
		rc = exec_texts(l, "UPDATE present SET left_on = ?2 WHERE "
		    "person = ?1", v, 2);
	}
	strlist_free(&back);
	strlist_free(&left);
	v[0] = date_iso(date_add_months(today, -c->keep_months), cut);
	if (rc < 0 || exec_texts(l, "DELETE FROM digest_people WHERE person "
	    "IN (SELECT person FROM present WHERE left_on < ?1) OR notice IN "
	    "(SELECT id FROM notices WHERE person IN (SELECT person FROM "
	    "present WHERE left_on < ?1))", v, 1) < 0 ||
	    exec_texts(l, "DELETE FROM notices WHERE person IN "
	    "(SELECT person FROM present WHERE left_on < ?)", v, 1) < 0 ||
	    exec_texts(l, "DELETE FROM meta WHERE key IN (SELECT 'digest:' || "
	    "person FROM present WHERE left_on < ?)", v, 1) < 0 ||
	    exec_texts(l, "DELETE FROM present WHERE left_on < ?", v, 1) < 0)
		return -1;
	return 0;
}

int
ledger_run_completed(struct ledger *l, day_t today, const char *outcome,
    const struct conf *c, const struct people *pp,
    const struct compliance *cp, long sent, long deferred, long failed,
    int exit_code)
{
	sqlite3_stmt *st = NULL;
	char d[DATE_ISO_LEN], now[32];
	long active = 0, sworn = 0;
	size_t i, k, a;

	for (i = 0; i < pp->n; i++) {
		active += pp->v[i].active;
		sworn += pp->v[i].active && pp->v[i].sworn;
	}
	if (ledger_begin(l) < 0)
		return fail_tx(l);
	/* the sworn count, for the brake on a changed sworn column */
	if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO meta VALUES "
	    "('sworn', ?)", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_bind_int64(st, 1, sworn);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto bad;
	sqlite3_finalize(st);
	st = NULL;
	now_text(now);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO runs (today, finished_at, "
	    "outcome, active, sent, deferred, failed, exit) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_bind_int(st, 8, exit_code);
	sqlite3_bind_text(st, 1, date_iso(today, d), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, active);
	sqlite3_bind_int64(st, 5, sent);
	sqlite3_bind_int64(st, 6, deferred);
	sqlite3_bind_int64(st, 7, failed);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto bad;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO thresholds "
	    "VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	for (a = 0; a < cp->nagencies; a++)
		for (k = 0; k < c->ncerts; k++) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, cp->agency[a].name, -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, c->certs[k].name, -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 3, cp->agency[a].cert[k].met);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto bad;
		}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(l->db, "DELETE FROM seen", NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO seen "
	    "VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		goto bad;
	for (i = 0; i < pp->n; i++) {
		if (!pp->v[i].active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);

			if (e == DAY_NONE)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, pp->v[i].key, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, c->certs[k].name, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 3, day_text(e, d), -1,
			    SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto bad;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (forget_leavers(l, c, pp, today) < 0)
		goto bad;
	return ledger_end(l, true);
bad:
	sqlite3_finalize(st);
	return fail_tx(l);
}

/* Calls fn with each row of st as text; NULL columns are "". */
static int
each_row(sqlite3_stmt *st, int ncols, ledger_row_fn fn, void *ctx)
{
	const char *v[16];
	int i, rc = 0, step;

	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			v[i] = (const char *)sqlite3_column_text(st, i);
			if (v[i] == NULL)
				v[i] = "";
		}
		rc = fn(ctx, v);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

/* The notices about or to a person, with the Message-ID column given; ?2
 * true: the ids compared without their leading zeros. */
#define ID_OF(col) "substr(" col ", instr(" col ", char(31)) + 1)"
#define IS_ID(col) \
    "(" col " = ?1 OR " ID_OF(col) " = ?1 OR " \
    "(?2 AND ltrim(?1, '0') <> '' AND " \
    "ltrim(" ID_OF(col) ", '0') = ltrim(?1, '0')))"
#define NOTICES_OF(message_id, about, or_where) \
    "SELECT sent_on, sent_at, kind, person, cert, stage, expires, " \
    "recipient, outcome, answer, " message_id ", " about " FROM notices " \
    "WHERE ?1 IS NULL OR " IS_ID("person") or_where " ORDER BY id"
/* schema 2: a digest, and the people it was about */
#define ABOUT \
    "(SELECT group_concat(person, char(30)) FROM digest_people " \
    "WHERE notice = notices.id)"
#define ABOUT_THEM \
    " OR id IN (SELECT notice FROM digest_people WHERE " IS_ID("person") ")"
#define RUNS_OF(exit) \
    "SELECT today, finished_at, " exit ", outcome, active, sent, deferred, " \
    "failed, message FROM runs ORDER BY id"

int
ledger_each_notice(struct ledger *l, const char *id, bool zeros,
    ledger_row_fn fn, void *ctx)
{
	sqlite3_stmt *st;

	if (l->db == NULL)
		return 0;
	/* a schema 1 ledger, read by a dry run, kept no Message-ID */
	if (sqlite3_prepare_v2(l->db, l->version < 2 ? NOTICES_OF("NULL",
	    "NULL", "") : NOTICES_OF("message_id", ABOUT, ABOUT_THEM), -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (id != NULL)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, zeros);
	return each_row(st, LN_NFIELDS, fn, ctx);
}

int
ledger_each_run(struct ledger *l, ledger_row_fn fn, void *ctx)
{
	sqlite3_stmt *st;

	if (l->db == NULL)
		return 0;
	if (sqlite3_prepare_v2(l->db, l->version < 2 ? RUNS_OF(EXIT_OF_OUTCOME) :
	    RUNS_OF("exit"), -1, &st, NULL) != SQLITE_OK)
		return -1;
	return each_row(st, LR_NFIELDS, fn, ctx);
}
