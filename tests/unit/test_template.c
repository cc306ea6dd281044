/* template: placeholders, the user's files, the installed examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "template.h"
#include "unit.h"

static void
test_template_fill(void **state)
{
	struct tmpl_var v[] = { { "name", "Jane" }, { "cert", "MHFA" },
	    { "empty", NULL } };
	char *s;

	(void)state;
	s = template_fill("Hello {name}, your {cert} {{literal}} {empty}{other}",
	    v, NELEM(v));
	assert_string_equal(s, "Hello Jane, your MHFA {literal}} {other}");
	free(s);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_template_files(void **state)
{
	char dir[] = "/tmp/certminder-tmpl-XXXXXX", path[128], *err = NULL;
	struct templates t;

	(void)state;
	assert_int_equal(templates_load(&t, NULL, &err), 0);
	assert_non_null(strstr(t.subject[TMPL_REMINDER], "{expires}"));
	templates_free(&t);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/reminder.txt", dir);
	write_file(path, "Subject: {cert} ends {expires}\n\nDear {name},\n"
	    "{days_left} days left.\n");
	assert_int_equal(templates_load(&t, dir, &err), 0);
	assert_string_equal(t.subject[TMPL_REMINDER], "{cert} ends {expires}");
	assert_string_equal(t.body[TMPL_REMINDER],
	    "Dear {name},\n{days_left} days left.\n");
	templates_free(&t);
	write_file(path, "Subject: {cert}\n\nDear {name},\n\nYour {rank} is {cert}.\n");
	assert_int_equal(templates_load(&t, dir, &err), -1);
	assert_non_null(strstr(err, "reminder.txt:5: unknown placeholder {rank}"));
	free(err);
	templates_free(&t);
	write_file(path, "Dear {name}\n");
	assert_int_equal(templates_load(&t, dir, &err), -1);
	assert_non_null(strstr(err, "reminder.txt:1: the first line must be"));
	free(err);
	templates_free(&t);
	write_file(path, "Subject: x\n\nan { unclosed brace\n");
	assert_int_equal(templates_load(&t, dir, &err), -1);
	assert_non_null(strstr(err, "reminder.txt:3:"));
	free(err);
	templates_free(&t);
	unlink(path);
	rmdir(dir);
}

/* The files installed as examples are the built-in texts, word for word. */
static void
test_installed_templates_are_the_builtin_ones(void **state)
{
	struct templates builtin, files;
	char *err = NULL;
	int k;

	(void)state;
	assert_int_equal(templates_load(&builtin, NULL, &err), 0);
	assert_int_equal(templates_load(&files, "etc/templates", &err), 0);
	for (k = 0; k < TMPL_MAX; k++) {
		assert_string_equal(files.subject[k], builtin.subject[k]);
		assert_string_equal(files.body[k], builtin.body[k]);
	}
	templates_free(&builtin);
	templates_free(&files);
}

/* A line of placeholders alone, all empty, leaves no line behind; one
 * with words around an empty placeholder stays. */
static void
test_empty_placeholder_lines(void **state)
{
	const struct tmpl_var v[] = { { "items", "A.\nB." },
	    { "refresher_info", "" }, { "name", "" } };
	char *s;

	(void)state;
	s = template_fill("Hello,\n\n{items}\n{refresher_info}\n\nQ?\n", v,
	    3);
	assert_string_equal(s, "Hello,\n\nA.\nB.\n\nQ?\n");
	free(s);
	s = template_fill("Dear {name},\n{refresher_info}{name}\nend\n", v, 3);
	assert_string_equal(s, "Dear ,\nend\n");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_fill),
		cmocka_unit_test(test_template_files),
		cmocka_unit_test(test_installed_templates_are_the_builtin_ones),
		cmocka_unit_test(test_empty_placeholder_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
