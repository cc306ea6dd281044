/*
 * smtp: what each answer of a server means for the message.  A scripted
 * server on loopback (tests/common/fakesmtp.h) answers each message's
 * MAIL, RCPT and end of data as the test says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/fakesmtp.h"
#include "alloc.h"
#include "smtp.h"
#include "strbuf.h"
#include "unit.h"

static const char message[] = "From: certminder@pd.example\r\n"
    "To: ana@pd.example\r\nSubject: MHFA\r\n\r\nRenew by June.\r\n";

static struct smtp *
client(struct conf *c, const struct server *sv)
{
	struct smtp *s;
	char *err = NULL;

	conf_defaults(c);
	server_conf(c, sv);
	s = smtp_open(c, &err);
	assert_null(err);
	assert_non_null(s);
	return s;
}

/* Sends the message; what it meant, and the answer kept. */
static enum smtp_result
send_one(struct smtp *s, const char *rcpt, char **answer)
{
	return smtp_send(s, "certminder@pd.example", rcpt, message,
	    sizeof(message) - 1, answer);
}

static void
test_answers(void **state)
{
	static const struct answers script[] = {
		{ "250 ok", "250 ok", "250 2.0.0 queued as A1" },
		{ "250 ok", "550 5.1.1 <gone@pd.example>: User unknown",
		    "250 x" },
		{ "250 ok", "451 4.3.0 try again later", "250 x" },
		{ "250 ok", "250 ok", "554 5.6.0 message refused" },
		{ "553 5.7.1 sender not allowed", "250 x", "250 x" },
		{ "250 ok", "250 ok", "250 2.0.0 queued as A2" },
		{ "421 4.3.2 shutting down", "250 x", "250 x" },
	};
	struct server sv;
	struct conf c;
	struct smtp *s;
	char *answer;

	(void)state;
	server_start(&sv, script, NELEM(script), NULL);
	s = client(&c, &sv);
	assert_int_equal(send_one(s, "ana@pd.example", &answer), SMTP_OK);
	assert_string_equal(answer, "250 2.0.0 queued as A1");
	free(answer);
	/* a recipient's refusal is that recipient's */
	assert_int_equal(send_one(s, "gone@pd.example", &answer),
	    SMTP_PERMANENT);
	assert_string_equal(answer, "550 5.1.1 <gone@pd.example>: User "
	    "unknown");
	free(answer);
	assert_int_equal(send_one(s, "bo@pd.example", &answer),
	    SMTP_TEMPORARY);
	assert_string_equal(answer, "451 4.3.0 try again later");
	free(answer);
	assert_int_equal(send_one(s, "cy@pd.example", &answer),
	    SMTP_PERMANENT);
	assert_string_equal(answer, "554 5.6.0 message refused");
	free(answer);
	/* the sender refused: the server's fault, not the recipient's */
	assert_int_equal(send_one(s, "di@pd.example", &answer),
	    SMTP_SERVER_REFUSED);
	assert_string_equal(answer, "553 5.7.1 sender not allowed");
	free(answer);
	assert_int_equal(send_one(s, "ed@pd.example", &answer), SMTP_OK);
	free(answer);
	/* a server going away: the night stops, the next run goes on */
	assert_int_equal(send_one(s, "fa@pd.example", &answer),
	    SMTP_UNREACHABLE);
	assert_non_null(strstr(answer, "421"));
	free(answer);
	/* an address curl would pass on unchecked never reaches it */
	assert_int_equal(send_one(s, "x@pd.example>\r\nRCPT TO:<y@evil.example",
	    &answer), SMTP_PERMANENT);
	assert_string_equal(answer, "refused by certminder: not an address");
	free(answer);
	smtp_close(s);
	server_stop(&sv);
	conf_free(&c);
}

/* No server: unreachable, with curl's reason. */
static void
test_no_server(void **state)
{
	struct server sv;
	struct conf c;
	struct smtp *s;
	char *answer;

	(void)state;
	server_start(&sv, NULL, 0, NULL);	/* listens, and is gone at once */
	server_stop(&sv);
	s = client(&c, &sv);
	assert_int_equal(send_one(s, "ana@pd.example", &answer),
	    SMTP_UNREACHABLE);
	assert_non_null(strstr(answer, "(curl 7)"));
	free(answer);
	smtp_close(s);
	conf_free(&c);
}

/* A password file others can read is refused before any connection. */
static void
test_password_file(void **state)
{
	char path[] = "/tmp/certminder-password-XXXXXX", *err = NULL;
	int fd = mkstemp(path);
	struct conf c;

	(void)state;
	assert_int_equal(write(fd, "s3cret\n", 7), 7);
	close(fd);
	conf_defaults(&c);
	free(c.smtp.url);
	c.smtp.url = xstrdup("smtp://127.0.0.1:1");
	c.smtp.user = xstrdup("certminder");
	c.smtp.password_file = xstrdup(path);
	assert_int_equal(chmod(path, 0644), 0);
	assert_null(smtp_open(&c, &err));
	assert_non_null(strstr(err, "must not be readable by group or "
	    "others (chmod 600)"));
	free(err);
	err = NULL;
	assert_int_equal(chmod(path, 0600), 0);
	smtp_close(smtp_open(&c, &err));
	assert_null(err);
	unlink(path);
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_no_server),
		cmocka_unit_test(test_password_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
