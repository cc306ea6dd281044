#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "unit.h"

static char path[64];

/* Loads text as a config file; returns the error message or NULL. */
static char *
load(const char *text, struct conf *c)
{
	FILE *fp;
	char *err = NULL;
	int fd;

	strcpy(path, "/tmp/certminder-conf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	conf_defaults(c);
	if (conf_load(c, path, &err) == 0)
		assert_null(err);
	else
		assert_non_null(err);
	unlink(path);
	return err;
}

/* The load fails with a message holding want (and the file and line). */
static void
load_fails(const char *text, const char *want, int line)
{
	struct conf c;
	char *err = load(text, &c), prefix[96];

	if (err == NULL)
		fail_msg("accepted: %s", text);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, want))
		fail_msg("got '%s', want '%s...%s'", err, prefix, want);
	free(err);
	conf_free(&c);
}

static void
test_defaults(void **state)
{
	struct conf c;

	(void)state;
	conf_defaults(&c);
	assert_int_equal(c.ncerts, 2);
	assert_string_equal(c.certs[0].name, "MHFA");
	assert_int_equal(c.certs[0].threshold_pct, 100);
	assert_int_equal(c.certs[0].validity_months, 36);
	assert_true(c.certs[0].required);
	assert_true(c.certs[0].required_for_selected);
	assert_int_equal(c.certs[0].match.n, 2);
	assert_int_equal(c.certs[0].equivalents.n, 5);
	assert_true(c.certs[0].renew_before_expiry_only);
	assert_int_equal(c.certs[0].renewal_min_hours, 0);
	assert_int_equal(c.certs[0].renewed_by.n, 7);
	assert_string_equal(c.certs[1].name, "CIT");
	assert_int_equal(c.certs[1].threshold_pct, 20);
	assert_false(c.certs[1].required);
	assert_int_equal(c.certs[1].exclude.n, 14);
	assert_int_equal(c.certs[1].min_hours, 40);
	assert_int_equal(c.certs[1].renewal_min_hours, 8);
	assert_false(c.certs[1].renew_before_expiry_only);
	assert_int_equal(conf_warn_days(&c), 90);
	assert_int_equal(c.overdue_every_days, 30);
	assert_int_equal(c.forecast_days, 365);
	assert_int_equal(c.keep_months, 36);
	assert_int_equal(c.max_bad_rows_pct, 5);
	assert_int_equal(c.max_roster_drop_pct, 20);
	assert_int_equal(c.smtp.tls, TLS_STARTTLS);
	assert_true(c.smtp.tls_verify);
	assert_null(c.roster.file);
	conf_free(&c);
}

static void
test_full_sample(void **state)
{
	struct conf c;
	char *err;

	(void)state;
	err = load(
	    "agency_name = \"La Crosse Police Department\";\n"
	    "date_format = \"us\";\n"
	    "id_ignore_leading_zeros = true;\n"
	    "roster = { file = \"/data/roster.csv\"; delimiter = \";\";\n"
	    "  encoding = \"windows-1252\";\n"
	    "  columns = { id = \"Badge\"; name = \"Name\"; };\n"
	    "  sworn_values = [ \"Officer\" ]; };\n"
	    "training = { file = \"t.csv\"; date_format = \"iso\";\n"
	    "  columns = { id = \"Badge\"; course = \"Course\"; completed = \"Done\"; }; };\n"
	    "certifications = ( { name = \"CIT\"; threshold_pct = 25; },\n"
	    "  { name = \"CPR\"; validity_months = 24; match = [ \"*CPR*\" ]; } );\n"
	    "stages = [ 30, 90, 7 ];\n"
	    "forecast_days = 180;\n"
	    "ledger = { keep_months = 12; };\n"
	    "limits = { max_bad_rows_pct = 0; max_vanished = 3; max_file_mb = 4095; };\n"
	    "mail = { from = \"Training <t@example.org>\"; summary_to = \"c@example.org\"; };\n"
	    "smtp = { url = \"smtp://127.0.0.1:2525\"; tls = \"none\"; timeout_s = 5; };\n",
	    &c);
	assert_null(err);
	assert_string_equal(c.agency_name, "La Crosse Police Department");
	assert_true(c.id_ignore_leading_zeros);
	assert_int_equal(c.max_file_mb, 4095);	/* the largest: 32-bit lines */
	assert_int_equal(c.roster.delimiter, ';');
	assert_int_equal(c.roster.encoding, ENC_CP1252);
	assert_int_equal(c.roster.date_format, DATE_US);
	assert_int_equal(c.training.date_format, DATE_ISO);
	assert_string_equal(c.roster.column[COL_ID], "Badge");
	assert_null(c.roster.column[COL_EMAIL]);	/* given columns replace */
	assert_string_equal(c.sworn_values.v[0], "Officer");
	/* a relative file is relative to the config's folder */
	assert_string_equal(c.training.file, "/tmp/t.csv");
	/* merged by name: MHFA as built in, CIT changed, CPR added */
	assert_int_equal(c.ncerts, 3);
	assert_string_equal(c.certs[0].name, "MHFA");
	assert_int_equal(c.certs[0].threshold_pct, 100);
	assert_string_equal(c.certs[1].name, "CIT");
	assert_int_equal(c.certs[1].threshold_pct, 25);
	assert_int_equal(c.certs[1].match.n, 3);	/* built-in CIT patterns */
	assert_int_equal(c.certs[1].validity_months, 36);
	assert_int_equal(c.certs[2].validity_months, 24);
	assert_int_equal(c.certs[2].threshold_pct, 0);
	assert_int_equal(c.nstages, 3);
	assert_int_equal(c.stages[0], 7);
	assert_int_equal(conf_warn_days(&c), 90);
	assert_int_equal(c.max_bad_rows_pct, 5);	/* 0 = automatic */
	assert_int_equal(c.max_vanished, 3);
	assert_int_equal(c.keep_months, 12);
	assert_int_equal(c.mail.summary_to.n, 1);
	assert_int_equal(c.smtp.tls, TLS_NONE);
	conf_free(&c);
}

static void
test_errors(void **state)
{
	(void)state;
	load_fails("agency_name = \"x\";\ncolour = \"blue\";\n",
	    "'colour': unknown key", 2);
	load_fails("roster = {\n file = \"r.csv\";\n unknown = 1; };\n",
	    "'roster.unknown': unknown key", 3);
	load_fails("training = { columns = {\n id = \"a\";\n typo = \"b\"; }; };\n",
	    "'training.columns.typo': unknown key", 3);
	load_fails("forecast_days = \"soon\";\n", "must be an integer", 1);
	load_fails("\nforecast_days = -1;\n", "out of range", 2);
	/* line numbers are kept in 32 bits: no file may pass 4095 MB */
	load_fails("limits = { max_file_mb = 4096; };\n", "out of range", 1);
	load_fails("id_ignore_leading_zeros = 1;\n", "must be true or false", 1);
	load_fails("stages = [ 90, 90 ];\n", "stage 90 is given twice", 1);
	load_fails("stages = [ ];\n", "at least one stage", 1);
	load_fails("stages = 90;\n", "must be an array", 1);
	load_fails("date_format = \"dmy\";\n", "\"auto\", \"iso\"", 1);
	load_fails("roster = { delimiter = \"::\"; file = \"r\"; };\n",
	    "must be \"auto\"", 1);
	load_fails("roster = { encoding = \"ebcdic\"; file = \"r\"; };\n",
	    "\"utf-8\"", 1);
	load_fails("roster = { delimiter = \",\"; };\n",
	    "'file' is missing", 1);
	load_fails("training = { columns = { course = \"C\"; completed = \"D\"; }; };\n",
	    "'id' is missing", 1);
	load_fails("certifications = ( { threshold_pct = 20; } );\n",
	    "'name' is missing", 1);
	load_fails("certifications = ( { name = \"CPR\"; } );\n",
	    "needs 'match'", 1);
	load_fails("certifications = (\n { name = \"CIT\"; },\n { name = \"cit\"; } );\n",
	    "named twice", 3);
	load_fails("certifications = ( { name = \"CIT\"; threshold_pct = 120; } );\n",
	    "out of range", 1);
	load_fails("certifications = ( { name = \"CIT\"; threshold_pct = 20.5; } );\n",
	    "must be an integer", 1);
	load_fails("certifications = ( { name = \"A\\nB\"; match = [\"x\"]; } );\n",
	    "certification name", 1);
	load_fails("limits = { max_notices = 5000000000L; };\n", "out of range", 1);
	load_fails("smtp = { tls = \"maybe\"; };\n", "\"starttls\"", 1);
	load_fails("mail = { summary_to = [ 1, 2 ]; };\n", "must be a string", 1);
	load_fails("agency_name = ;\n", "syntax error", 1);
	load_fails("ledger = { keep_months = 0; };\n", "out of range", 1);
	load_fails("ledger = { keep = 3; };\n", "'ledger.keep': unknown key", 1);
}

/* Word settings: each word in any case, and the list on a wrong one. */
static void
test_choices(void **state)
{
	static const struct {
		const char *text;
		size_t off;	/* of the int or char field checked */
		size_t size;
		int want;
	} ok[] = {
#define F(field) offsetof(struct conf, field), sizeof(((struct conf *)0)->field)
		{ "roster = { file = \"r\"; delimiter = \"AUTO\"; };", F(roster.delimiter), 0 },
		{ "roster = { file = \"r\"; delimiter = \";\"; };", F(roster.delimiter), ';' },
		{ "roster = { file = \"r\"; delimiter = \"|\"; };", F(roster.delimiter), '|' },
		{ "roster = { file = \"r\"; delimiter = \"\\t\"; };", F(roster.delimiter), '\t' },
		{ "training = { delimiter = \"Tab\"; };", F(training.delimiter), '\t' },
		{ "training = { delimiter = \",\"; };", F(training.delimiter), ',' },
		{ "training = { encoding = \"UTF8\"; };", F(training.encoding), ENC_UTF8 },
		{ "training = { encoding = \"Auto\"; };", F(training.encoding), ENC_AUTO },
		{ "training = { encoding = \"Latin1\"; };", F(training.encoding), ENC_CP1252 },
		{ "training = { encoding = \"cp1252\"; };", F(training.encoding), ENC_CP1252 },
		{ "training = { encoding = \"ISO-8859-1\"; };", F(training.encoding), ENC_CP1252 },
		{ "smtp = { tls = \"Implicit\"; };", F(smtp.tls), TLS_IMPLICIT },
		{ "smtp = { tls = \"STARTTLS\"; };", F(smtp.tls), TLS_STARTTLS },
		{ "smtp = { tls = \"none\"; };", F(smtp.tls), TLS_NONE },
		{ "log = \"SysLog\";", F(log_syslog), 1 },
		{ "log = \"stderr\";", F(log_syslog), 0 },
#undef F
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct conf c;
		char *err = load(ok[i].text, &c);
		const char *field = (const char *)&c + ok[i].off;
		int got = ok[i].size == 1 ? *(const char *)field :
		    *(const int *)field;

		if (err != NULL)
			fail_msg("%s: %s", ok[i].text, err);
		if (got != ok[i].want)
			fail_msg("%s: got %d, want %d", ok[i].text, got, ok[i].want);
		conf_free(&c);
	}
	load_fails("training = { delimiter = \"tabs\"; };\n",
	    "'training.delimiter': must be \"auto\", \",\", \";\", \"|\" or "
	    "\"\\t\"", 1);
	load_fails("training = { encoding = 8; };\n",
	    "'training.encoding': must be a string", 1);
	load_fails("training = { encoding = \"ucs-2\"; };\n",
	    "must be \"auto\", \"utf-8\" or \"windows-1252\"", 1);
	load_fails("smtp = { tls = \"\"; };\n",
	    "'smtp.tls': must be \"starttls\", \"implicit\" or \"none\"", 1);
	load_fails("\nlog = \"file\";\n", "'log': must be \"stderr\" or \"syslog\"",
	    2);
}

static void
test_missing_file(void **state)
{
	struct conf c;
	char *err = NULL;

	(void)state;
	conf_defaults(&c);
	assert_int_equal(conf_load(&c, "/nonexistent/certminder.conf", &err),
	    -1);
	assert_string_equal(err, "/nonexistent/certminder.conf: No such file "
	    "or directory");
	free(err);
	conf_free(&c);
}

/* The certifications list merges into the built-in one by name. */
static void
test_certifications_merge(void **state)
{
	struct conf c;

	(void)state;
	/* only CIT, only what differs: MHFA stays */
	assert_null(load("certifications = ( { name = \"CIT\"; "
	    "validity_months = 24; } );\n", &c));
	assert_int_equal(c.ncerts, 2);
	assert_string_equal(c.certs[0].name, "MHFA");
	assert_int_equal(c.certs[0].validity_months, 36);
	assert_int_equal(c.certs[1].validity_months, 24);
	assert_int_equal(c.certs[1].threshold_pct, 20);
	conf_free(&c);
	/* a built-in one removed, a new one added */
	assert_null(load("certifications = ( { name = \"cit\"; enabled = "
	    "false; }, { name = \"CPR\"; match = [ \"*CPR*\" ]; } );\n", &c));
	assert_int_equal(c.ncerts, 2);
	assert_string_equal(c.certs[0].name, "MHFA");
	assert_string_equal(c.certs[1].name, "CPR");
	/* a new one's words are the plain ones, the built-ins their own */
	assert_string_equal(c.certs[1].advice.missing, "Please sign up for a "
	    "class.");
	assert_int_equal(c.certs[1].threshold_pct, 0);
	assert_string_equal(c.certs[1].title, "CPR");
	assert_non_null(strstr(c.certs[0].advice.renew, "online "
	    "recertification"));
	conf_free(&c);
	assert_null(load("", &c));
	assert_string_equal(c.certs[1].advice.missing, "Please sign up for "
	    "the 40-hour CIT course.");
	assert_string_equal(c.certs[1].title, "Crisis Intervention Team (CIT)");
	assert_int_equal(c.certs[1].renewal_min_hours, 8);
	conf_free(&c);
	/* the pledge page's wording: CIT counts toward MHFA */
	assert_null(load("certifications = ( { name = \"MHFA\"; also_met_by = "
	    "[ \"cit\" ]; } );\n", &c));
	assert_int_equal(c.certs[0].nalso, 1);
	assert_int_equal(c.certs[0].also[0], 1);
	conf_free(&c);
	load_fails("certifications = ( { name = \"MHFA\"; also_met_by = "
	    "[ \"ICAT\" ]; } );\n", "names 'ICAT', which is no certification",
	    1);
	load_fails("certifications = ( { name = \"MHFA\"; enabled = false; },"
	    "\n { name = \"CIT\"; enabled = false; } );\n",
	    "every certification is disabled", 1);
}

/* conf_check: the first reason a run cannot go on, or NULL. */
static char *
check(const char *text, bool live)
{
	struct conf c;
	char *err = load(text, &c);

	assert_null(err);
	if (conf_check(&c, live, &err) == 0)
		assert_null(err);
	else
		assert_non_null(err);
	conf_free(&c);
	return err;
}

static void
check_fails(const char *text, bool live, const char *want)
{
	char *err = check(text, live);

	if (err == NULL || strstr(err, want) == NULL)
		fail_msg("'%s': got '%s', want '...%s'", text, err ? err : "OK",
		    want);
	free(err);
}

/* Every check of the configuration is conf_check's: a dry run needs the
 * training file only, a live run also the server and the mail settings. */
static void
test_check(void **state)
{
	static const char sends[] = "training = { file = \"t.csv\"; };\n"
	    "mail = { from = \"Training <training@example.org>\"; };\n"
	    "smtp = { url = \"smtp://127.0.0.1:2525\"; tls = \"none\"; };\n";
	char text[512];

	(void)state;
	assert_null(check("training = { file = \"t.csv\"; };\n", false));
	check_fails("training = { file = \"t.csv\"; };\n", true,
	    "smtp.url is not set");
	assert_null(check(sends, true));
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"http://mail.example.org\"; };\n", true,
	    "must start with smtp://");
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"smtps://mail.example.org\"; };\n", true,
	    "needs an smtp:// URL");
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"smtp://mail.example.org\"; tls = \"none\"; };\n",
	    true, "only for a loopback server");
	snprintf(text, sizeof(text), "%s", sends);
	memcpy(strstr(text, "training@"), "training!", 9);
	check_fails(text, true, "mail.from");
	check_fails("training = { file = \"t.csv\"; };\n"
	    "mail = { from = \"training@example.org\"; summary_to = [ \"x\" ]; };\n"
	    "smtp = { url = \"smtp://127.0.0.1:2525\"; tls = \"none\"; };\n",
	    true, "mail.summary_to 'x'");
	/* the URL as libcurl reads it */
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"smtp://ann:s3cret@mail.example.org\"; };\n",
	    true, "smtp.url holds a password");
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"smtp://\"; };\n", true,
	    "smtp.url is not a URL libcurl reads");
	check_fails("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"smtp://[::2]:25\"; tls = \"none\"; };\n",
	    true, "only for a loopback server");
	assert_null(check("training = { file = \"t.csv\"; };\n"
	    "mail = { from = \"Training <training@example.org>\"; };\n"
	    "smtp = { url = \"smtp://[::1]:2525\"; tls = \"none\"; };\n",
	    true));
	/* what only a live run needs is not asked of a dry run */
	assert_null(check("training = { file = \"t.csv\"; };\n"
	    "smtp = { url = \"http://x\"; };\n", false));
}

/* Messages name the server without the URL's user part. */
static void
test_url_shown(void **state)
{
	static const struct { const char *url, *shown; } t[] = {
		{ "smtp://ann@127.0.0.1:2525", "smtp://127.0.0.1:2525" },
		{ "smtps://ann%40x@mail.example.org/", "smtps://mail.example.org" },
		{ "smtp://[::1]:25", "smtp://[::1]:25" },
		{ "smtp://mail.example.org:587", "smtp://mail.example.org:587" },
	};
	struct conf c;
	char text[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(text, sizeof(text), "smtp = { url = \"%s\"; };\n",
		    t[i].url);
		assert_null(load(text, &c));
		assert_string_equal(conf_url_shown(&c), t[i].shown);
		conf_free(&c);
	}
}

/* Every plain key the program reads is in certminder.conf(5), as ".It Ic
 * name" (or group.name), and reads back at its default. */
static void
test_keys_documented(void **state)
{
	const char *here = __FILE__, *at = strstr(here, "tests/unit/");
	char man[512], line[1024], want[2][160];
	const char *name, *group;
	struct conf c;
	size_t i, n = 0;
	FILE *fp;
	bool found;

	(void)state;
	snprintf(man, sizeof(man), "%.*ssrc/certminder.conf.5",
	    (int)(at - here), here);
	for (i = 0; (name = conf_key_name(i, &group)) != NULL; i++) {
		assert_non_null(fp = fopen(man, "r"));
		snprintf(want[0], sizeof(want[0]), ".It Ic %s ", name);
		snprintf(want[1], sizeof(want[1]), ".It Ic %s.%s ",
		    group ? group : "", name);
		found = false;
		while (!found && fgets(line, sizeof(line), fp) != NULL)
			found = strncmp(line, want[0], strlen(want[0])) == 0 ||
			    strncmp(line, want[1], strlen(want[1])) == 0;
		fclose(fp);
		if (!found)
			fail_msg("%s%s%s is not in certminder.conf(5)",
			    group ? group : "", group ? "." : "", name);
		n++;
	}
	assert_true(n >= 30);
	/* the defaults come from the same table */
	conf_defaults(&c);
	assert_string_equal(c.agency_name, "Agency");
	assert_int_equal(c.keep_months, 36);
	assert_int_equal(c.max_bad_rows_pct, 5);
	assert_int_equal(c.enrollments.no_show_after_days, 7);
	assert_true(c.mail.attach_ics && c.smtp.tls_verify);
	assert_int_equal(c.smtp.timeout_s, 30);
	assert_int_equal(c.no_expiry_values.n, 7);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_sample),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_url_shown),
		cmocka_unit_test(test_keys_documented),
		cmocka_unit_test(test_certifications_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
