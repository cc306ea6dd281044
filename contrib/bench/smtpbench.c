/*
 * smtpbench: delivery throughput of certminder's SMTP layer.
 *
 *     smtpbench PORT COUNT reuse|new [CAFILE]
 *
 * Sends COUNT reminder-sized messages to 127.0.0.1:PORT, over one reused
 * connection or a new connection per message, and prints messages/second.
 * With CAFILE it speaks STARTTLS and trusts that certificate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "conf.h"
#include "mail.h"
#include "smtp.h"
#include "strbuf.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct conf c;
	struct smtp *s = NULL;
	struct strbuf url = { 0 }, body = { 0 }, data = { 0 };
	struct mail_addr to = { "Jane Doe", "jane.doe@pd.example" };
	struct mail m = { .from = { "Training Unit", "training@pd.example" },
	    .to = &to, .nto = 1,
	    .subject = "Your MHFA certification expires on 2027-01-10" };
	char *err, *answer;
	long count, i, ok = 0;
	int reuse, k;
	double t0, t;

	if (argc != 4 && argc != 5) {
		fputs("usage: smtpbench PORT COUNT reuse|new [CAFILE]\n", stderr);
		return 64;
	}
	count = atol(argv[2]);
	reuse = strcmp(argv[3], "reuse") == 0;
	conf_defaults(&c);
	sb_printf(&url, "smtp://127.0.0.1:%s", argv[1]);
	c.smtp.url = sb_steal(&url);
	c.smtp.tls = argc == 5 ? TLS_STARTTLS : TLS_NONE;
	if (argc == 5)
		c.smtp.ca_file = xstrdup(argv[4]);
	c.path = xstrdup("smtpbench");
	for (k = 0; k < 12; k++)
		sb_add(&body, "Your MHFA certification expires on 2027-01-10, in "
		    "48 days. Renew it before then.\n");
	m.body = body.s;
	m.date = time(NULL);
	m.message_id = "bench@pd.example";
	mail_build(&data, &m);
	t0 = now();
	for (i = 0; i < count; i++) {
		if (s == NULL && (s = smtp_open(&c, &err)) == NULL) {
			fprintf(stderr, "smtpbench: %s\n", err);
			return 78;
		}
		if (smtp_send(s, "training@pd.example", "jane.doe@pd.example",
		    data.s, data.len, &answer) == SMTP_OK)
			ok++;
		free(answer);
		if (!reuse) {
			smtp_close(s);
			s = NULL;
		}
	}
	t = now() - t0;
	smtp_close(s);
	printf("%s %ld %ld %.3f %.0f\n", argv[3], count, ok, t, ok / t);
	sb_free(&body);
	sb_free(&data);
	conf_free(&c);
	return ok == count ? 0 : 1;
}
