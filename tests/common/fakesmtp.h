/*
 * fakesmtp: a scripted SMTP server on loopback for the unit tests, in a
 * child process.  Each connection is greeted; each message's MAIL FROM,
 * RCPT TO and end of data get the answers the script gives, in turn; a
 * 421 ends the connection, as a server shutting down does.  With a spool
 * path, each message's text is appended to that file after a line
 * "----".
 */
#ifndef CERTMINDER_FAKESMTP_H
#define CERTMINDER_FAKESMTP_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "alloc.h"
#include "conf.h"
#include "strbuf.h"

/* A message's answers: to MAIL FROM, to RCPT TO, to the end of data. */
struct answers {
	const char	*mail;
	const char	*rcpt;
	const char	*end;
};

/* A line from the client, without its line end; 0 at the end. */
static int
read_line(FILE *in, char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, in) == NULL)
		return 0;
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return 1;
}

static void
say(FILE *out, const char *s)
{
	fprintf(out, "%s\r\n", s);
	fflush(out);
}

/* The server: each connection greeted, each message answered from the
 * script in turn; a 421 ends the connection, as a server shutting down
 * does. */
static void __attribute__((noreturn))
serve(int lfd, const struct answers *script, size_t n, const char *spool)
{
	char line[1024];
	size_t next = 0;
	int fd;

	while (next < n && (fd = accept(lfd, NULL, NULL)) >= 0) {
		FILE *in = fdopen(fd, "r"), *out = fdopen(dup(fd), "w");
		const struct answers *a = NULL;

		say(out, "220 fake.example ESMTP");
		while (read_line(in, line, sizeof(line))) {
			if (strncasecmp(line, "EHLO", 4) == 0)
				say(out, "250-fake.example\r\n250 8BITMIME");
			else if (strncasecmp(line, "MAIL", 4) == 0) {
				a = next < n ? &script[next++] : NULL;
				say(out, a ? a->mail : "421 no more");
				if (a == NULL || strncmp(a->mail, "421", 3) == 0)
					break;
			} else if (strncasecmp(line, "RCPT", 4) == 0)
				say(out, a->rcpt);
			else if (strncasecmp(line, "DATA", 4) == 0) {
				FILE *sp = spool ? fopen(spool, "a") : NULL;

				say(out, "354 go on");
				if (sp != NULL)
					fputs("----\n", sp);
				while (read_line(in, line, sizeof(line)) &&
				    strcmp(line, ".") != 0)
					if (sp != NULL)
						fprintf(sp, "%s\n", line);
				if (sp != NULL)
					fclose(sp);
				say(out, a->end);
			} else if (strncasecmp(line, "QUIT", 4) == 0) {
				say(out, "221 bye");
				break;
			} else
				say(out, "250 ok");
		}
		fclose(in);
		fclose(out);
	}
	_exit(0);
}

struct server {
	pid_t	 pid;
	int	 port;
};

static void
server_start(struct server *sv, const struct answers *script, size_t n,
    const char *spool)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	sv->port = ntohs(sa.sin_port);
	if ((sv->pid = fork()) == 0)
		serve(fd, script, n, spool);
	close(fd);
}

static void
server_stop(struct server *sv)
{
	kill(sv->pid, SIGTERM);
	waitpid(sv->pid, NULL, 0);
}

/* Points c's SMTP settings at the server: plain SMTP, a greeting name,
 * and a time-out that ends a test that hangs. */
static void
server_conf(struct conf *c, const struct server *sv)
{
	free(c->smtp.url);
	c->smtp.url = xasprintf("smtp://127.0.0.1:%d", sv->port);
	c->smtp.tls = TLS_NONE;
	free(c->smtp.helo);
	c->smtp.helo = xstrdup("certminder.pd.example");
	c->smtp.timeout_s = 5;
}

#endif
