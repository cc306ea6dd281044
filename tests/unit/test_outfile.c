/* outfile: a report written whole beside its target, never through a
 * link, never over the ledger, never into a FIFO. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "strbuf.h"
#include "unit.h"

static char dir[] = "/tmp/certminder-outfile-XXXXXX";

static char *
at(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Files in the folder: no temporary one left behind. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' || strncmp(e->d_name,
		    ".certminder-report", 18) == 0;
	closedir(d);
	return n;
}

static void
test_written_whole_or_not_at_all(void **state)
{
	struct outfile o;
	char *path = at("report.html"), *err;
	struct stat st;
	FILE *fp;

	(void)state;
	put(path, "last night's report");
	chmod(path, 0644);
	assert_non_null(fp = outfile_open(&o, path, NULL, 0, &err));
	fputs("half a rep", fp);
	/* not yet there: the old report stands until the new one is whole */
	assert_string_equal(slurp(path), "last night's report");
	assert_int_equal(outfile_close(&o, false), -1);
	assert_string_equal(slurp(path), "last night's report");
	assert_int_equal(entries(), 1);
	assert_non_null(fp = outfile_open(&o, path, NULL, 0, &err));
	fputs("tonight's report", fp);
	assert_int_equal(outfile_close(&o, true), 0);
	assert_string_equal(slurp(path), "tonight's report");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(entries(), 1);
	unlink(path);
	free(path);
}

static void
test_refused_targets(void **state)
{
	struct outfile o;
	char *ledger = at("state.db"), *lock = at("state.db.lock");
	char *planted = at("report.html"), *fifo = at("fifo"), *other, *err;
	const char *avoid[] = { ledger, lock };

	(void)state;
	put(ledger, "SQLite format 3");
	/* a link planted where the report goes */
	assert_int_equal(symlink(ledger, planted), 0);
	assert_null(outfile_open(&o, planted, NULL, 0, &err));
	assert_non_null(strstr(err, "a symbolic link: refused"));
	free(err);
	assert_string_equal(slurp(ledger), "SQLite format 3");
	unlink(planted);
	/* a FIFO: at once, never blocking for a reader */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(outfile_open(&o, fifo, NULL, 0, &err));
	assert_non_null(strstr(err, "a FIFO: refused"));
	free(err);
	unlink(fifo);
	/* the ledger by name, by another name, and its lock not yet made */
	assert_null(outfile_open(&o, ledger, avoid, 2, &err));
	assert_non_null(strstr(err, "refused"));
	free(err);
	other = xasprintf("%s/../%s/state.db", dir, strrchr(dir, '/') + 1);
	assert_null(outfile_open(&o, other, avoid, 2, &err));
	free(err);
	free(other);
	other = at("hard-link");
	assert_int_equal(link(ledger, other), 0);
	assert_null(outfile_open(&o, other, avoid, 2, &err));
	free(err);
	unlink(other);
	free(other);
	assert_null(outfile_open(&o, lock, avoid, 2, &err));
	free(err);
	assert_string_equal(slurp(ledger), "SQLite format 3");
	/* a device is written in place */
	assert_non_null(outfile_open(&o, "/dev/null", avoid, 2, &err));
	assert_int_equal(outfile_close(&o, true), 0);
	unlink(ledger);
	free(ledger);
	free(lock);
	free(planted);
	free(fifo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written_whole_or_not_at_all),
		cmocka_unit_test(test_refused_targets),
	};
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
