/*
 * log: a line on stderr, "certminder: " first; nothing there when it goes
 * to syslog.
 */
#include <fcntl.h>
#include <unistd.h>

#include "alloc.h"
#include "log.h"
#include "unit.h"

/* What warnx wrote to stderr, through a temporary file. */
static char *
stderr_of(const char *word)
{
	char tmpl[] = "/tmp/certminder-log-XXXXXX", buf[256];
	int fd = mkstemp(tmpl), saved = dup(2);
	ssize_t k;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	warnx("%s: %d sent", word, 3);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	k = pread(fd, buf, sizeof(buf) - 1, 0);
	assert_true(k >= 0);
	buf[k] = '\0';
	close(fd);
	unlink(tmpl);
	return xstrdup(buf);
}

static void
test_lines(void **state)
{
	char *s;

	(void)state;
	s = stderr_of("today");
	assert_string_equal(s, "certminder: today: 3 sent\n");
	free(s);
	log_to_syslog(true);
	s = stderr_of("tonight");
	assert_string_equal(s, "");
	free(s);
	log_to_syslog(false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
