#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"
#include "conf.h"
#include "evidence.h"
#include "people.h"
#include "training.h"
#include "unit.h"

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* What evidence_write prints for the report, or NULL with *err. */
static char *
evidence(const struct report *r, char **err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	assert_non_null(fp);
	rc = evidence_write(fp, r, err);
	fclose(fp);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	assert_null(*err);
	return buf;
}

/* The rows come from a second reading of the file: a file that no longer
 * holds the counted person on a counted line is refused, not printed. */
static void
test_second_reading(void **state)
{
	char path[] = "/tmp/certminder-evidence-XXXXXX";
	int fd = mkstemp(path);
	day_t t = D("2026-11-23");
	struct conf c;
	struct people pp;
	struct problems ps = { 0 };
	struct input_stats st = { 0 };
	struct compliance cp;
	struct report r = { .conf = &c, .people = &pp, .compliance = &cp,
	    .training_file = path };
	char *err = NULL, *out, want[512];

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	put(path, "Employee ID,Course Title,Completion Date\n"
	    "7,MHFA,2025-01-10\n"
	    "7,MHFA,2022-01-10\n"
	    "8,MHFA,2025-02-10\n");
	conf_defaults(&c);
	people_init(&pp, c.ncerts, false);
	pp.keep_source = true;
	assert_int_equal(training_load(&c, path, t, true, &pp, &ps, &st, &err),
	    INPUT_OK);
	compliance_compute(&c, &pp, t, &cp);
	out = evidence(&r, &err);
	assert_non_null(out);
	snprintf(want, sizeof(want), "agency,id,name,counted_as,certification,"
	    "course,course_kind,code,completed,expires,hours,provider,"
	    "certificate,file,line\r\n"
	    "Agency,7,7,sworn,MHFA,MHFA,course,,2025-01-10,2028-01-10,,,,%s,2\r\n"
	    "Agency,8,8,sworn,MHFA,MHFA,course,,2025-02-10,2028-02-10,,,,%s,4\r\n",
	    path + 5, path + 5);
	assert_string_equal(out, want);
	free(out);
	/* another person on line 2 */
	put(path, "Employee ID,Course Title,Completion Date\n"
	    "9,MHFA,2025-01-10\n"
	    "7,MHFA,2022-01-10\n"
	    "8,MHFA,2025-02-10\n");
	assert_null(evidence(&r, &err));
	assert_non_null(strstr(err, "changed since it was counted (line 2 "));
	free(err);
	/* line 4 gone */
	put(path, "Employee ID,Course Title,Completion Date\n"
	    "7,MHFA,2025-01-10\n");
	assert_null(evidence(&r, &err));
	assert_non_null(strstr(err, "(line 4 "));
	free(err);
	unlink(path);
	compliance_free(&cp);
	input_stats_free(&st);
	problems_free(&ps);
	people_free(&pp);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_reading),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
