#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "mail.h"
#include "strbuf.h"
#include "unit.h"

/* Decoders, to check the encoders by their round trip. */
static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ?
	    c - 'A' + 10 : -1;
}

static char *
qp_decode(const char *s)
{
	struct strbuf sb = { 0 };

	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n')
			s += 3;
		else if (s[0] == '=') {
			assert_true(hexval(s[1]) >= 0 && hexval(s[2]) >= 0);
			sb_addc(&sb, (char)(hexval(s[1]) * 16 + hexval(s[2])));
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			sb_addc(&sb, '\n');
			s += 2;
		} else
			sb_addc(&sb, *s++);
	}
	return sb_steal(&sb);
}

static void
b64_decode(const char *s, size_t n, struct strbuf *out)
{
	static const char tbl[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		const char *p = strchr(tbl, s[i]);

		assert_non_null(p);
		v = (v << 6) | (unsigned)(p - tbl);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sb_addc(out, (char)((v >> bits) & 0xff));
		}
	}
}

/* Decodes "Name: =?UTF-8?B?..?=\r\n =?UTF-8?B?..?=" back to its text,
 * checking the line lengths on the way. */
static char *
header_decode(const char *h)
{
	struct strbuf sb = { 0 };
	const char *p = strchr(h, ':') + 2, *line = h;

	for (const char *q = h; *q; q++)
		if (q[0] == '\r' && q[1] == '\n') {
			assert_true(q - line <= 76);
			line = q + 2;
		}
	while (*p) {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			const char *end = strstr(p + 10, "?=");

			assert_non_null(end);
			assert_true(end - p + 2 <= 75);
			b64_decode(p + 10, (size_t)(end - p - 10), &sb);
			p = end + 2;
		} else if (strncmp(p, "\r\n ", 3) == 0) {
			/* unfolding keeps the space, but between two encoded
			 * words, which it joins (RFC 2047 section 6.2) */
			p += 2;
			if (strncmp(p + 1, "=?UTF-8?B?", 10) == 0)
				p++;
		}
		else if (strcmp(p, "\r\n") == 0)
			break;
		else
			sb_addc(&sb, *p++);
	}
	return sb_steal(&sb);
}

static void
test_quoted_printable(void **state)
{
	struct strbuf sb = { 0 };
	char *back, *line;
	const char *text;
	size_t i;

	(void)state;
	mail_qp(&sb, "caf\xc3\xa9 = ok\n");
	assert_string_equal(sb_str(&sb), "caf=C3=A9 =3D ok\r\n");
	sb_reset(&sb);
	mail_qp(&sb, "trailing space \nand tab\t\n.dot line\nend");
	assert_string_equal(sb_str(&sb),
	    "trailing space=20\r\nand tab=09\r\n=2Edot line\r\nend\r\n");
	sb_reset(&sb);
	text = "Gr\xc3\xbc\xc3\x9f Gott! \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
	    "a\xcc\x81 0123456789012345678901234567890123456789012345678901234567"
	    "8901234567890123456789 trailing \n";
	mail_qp(&sb, text);
	for (line = sb.s; (line = strstr(line, "\r\n")) != NULL; line += 2)
		;
	for (i = 0, line = sb.s; i < sb.len; i++)
		if (sb.s[i] == '\r') {
			assert_true(sb.s + i - line <= 76);
			line = sb.s + i + 2;
		}
	for (i = 0; i < sb.len; i++)
		assert_true((unsigned char)sb.s[i] < 128);
	back = qp_decode(sb_str(&sb));
	assert_string_equal(back, text);
	free(back);
	sb_free(&sb);
}

static void
test_encoded_words(void **state)
{
	static const char *const subjects[] = {
		"Plain ASCII subject",
		"Votre certification MHFA expire le 15 f\xc3\xa9vrier",
		"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d",
		"A very long subject that goes on and on \xe2\x80\x94 with a dash "
		"\xe2\x80\x94 and needs more than one encoded word to hold it all, "
		"\xf0\x9f\x9a\x93 even an emoji",
		"=?UTF-8?B?looks encoded?=",
		"Your MHFA certification expires on Wednesday, December 23, 2026",
		"Training compliance on 2026-11-23: 4 of 30 agencies below a "
		"threshold, and this subject goes on past one line of mail",
	};
	struct strbuf sb = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(subjects); i++) {
		char *back;

		sb_reset(&sb);
		mail_header_text(&sb, "Subject", subjects[i]);
		back = header_decode(sb_str(&sb));
		assert_string_equal(back, subjects[i]);
		free(back);
		if (i == 0)
			assert_string_equal(sb_str(&sb),
			    "Subject: Plain ASCII subject\r\n");
		else if (i == 5)	/* long ASCII: as it is, not base64 */
			assert_string_equal(sb_str(&sb), "Subject: Your MHFA "
			    "certification expires on Wednesday, December 23, "
			    "2026\r\n");
		else if (i == 6)	/* folded at a space before column 78 */
			assert_string_equal(sb_str(&sb), "Subject: Training "
			    "compliance on 2026-11-23: 4 of 30 agencies below a"
			    "\r\n threshold, and this subject goes on past one "
			    "line of mail\r\n");
		else
			assert_non_null(strstr(sb_str(&sb), "=?UTF-8?B?"));
	}
	sb_free(&sb);
}

static void
test_mailboxes(void **state)
{
	static const struct {
		const char *name, *want;
	} cases[] = {
		{ "Jane Doe", "Jane Doe <jane@x.example>" },
		{ "O'Brien-Smith", "O'Brien-Smith <jane@x.example>" },
		{ NULL, "<jane@x.example>" },
	};
	static const char *const encoded[] = { "Doe, Jane", "Jane \"JD\" Doe",
	    "Jos\xc3\xa9", "\xd7\x93\xd7\x95\xd7\x93 Cohen",	/* RTL */
	    "Zo\xc3\xab\xcc\x88", "Dr. Who", "a <b@c>" };
	struct strbuf sb = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		struct mail_addr a = { cases[i].name, "jane@x.example" };

		sb_reset(&sb);
		mail_mailbox(&sb, &a, 4);
		assert_string_equal(sb_str(&sb), cases[i].want);
	}
	for (i = 0; i < NELEM(encoded); i++) {
		struct mail_addr a = { encoded[i], "jane@x.example" };
		struct strbuf h = { 0 };
		char *back;

		sb_reset(&sb);
		mail_mailbox(&sb, &a, 4);
		assert_true(strncmp(sb_str(&sb), "=?UTF-8?B?", 10) == 0);
		assert_non_null(strstr(sb_str(&sb), "\r\n <jane@x.example>"));
		sb_printf(&h, "To: %.*s\r\n", (int)(strstr(sb_str(&sb),
		    "\r\n <") - sb.s), sb.s);
		back = header_decode(sb_str(&h));
		assert_string_equal(back, encoded[i]);
		free(back);
		sb_free(&h);
	}
	sb_free(&sb);
}

static void
test_parse_address(void **state)
{
	struct mail_addr a;
	char *buf;

	(void)state;
	assert_int_equal(mail_parse_address("Training Unit <training@x.example>",
	    &a, &buf), 0);
	assert_string_equal(a.name, "Training Unit");
	assert_string_equal(a.addr, "training@x.example");
	free(buf);
	assert_int_equal(mail_parse_address("\"Doe, Jane\" <j@x.example>", &a,
	    &buf), 0);
	assert_string_equal(a.name, "Doe, Jane");
	free(buf);
	assert_int_equal(mail_parse_address(" training@x.example ", &a, &buf), 0);
	assert_null(a.name);
	assert_string_equal(a.addr, "training@x.example");
	free(buf);
	assert_int_equal(mail_parse_address("Jane <not an address>", &a, &buf), -1);
	free(buf);
	assert_int_equal(mail_parse_address("a@x.example\r\nBcc: b@x.example",
	    &a, &buf), -1);
	free(buf);
	assert_int_equal(mail_parse_address("Jane <j@x.example> extra", &a, &buf),
	    -1);
	free(buf);
}

static void
test_message(void **state)
{
	struct mail_addr to = { "J\xc3\xb6rg", "jorg@x.example" };
	struct mail m = {
		.from = { "Training Unit", "training@x.example" },
		.reply_to = "training@x.example",
		.to = &to, .nto = 1,
		.subject = "Your MHFA certification expires on 2027-01-10",
		.body = "Hello J\xc3\xb6rg,\n\n.\nbye\n",
		.date = 1795419830,
		.message_id = "certminder.1@x.example",
	};
	struct strbuf sb = { 0 };
	size_t i;
	char *id1, *id2;

	(void)state;
	mail_build(&sb, &m);
	for (i = 0; i < sb.len; i++) {
		assert_true((unsigned char)sb.s[i] < 128);
		if (sb.s[i] == '\n')
			assert_true(i > 0 && sb.s[i - 1] == '\r');
	}
	assert_non_null(strstr(sb.s, "\r\nMessage-ID: <certminder.1@x.example>\r\n"));
	assert_non_null(strstr(sb.s, "\r\nFrom: Training Unit <training@x.example>\r\n"));
	assert_non_null(strstr(sb.s, "\r\nTo: =?UTF-8?B?SsO2cmc=?=\r\n <jorg@x.example>\r\n"));
	assert_non_null(strstr(sb.s, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(sb.s, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(sb.s, "\r\nAuto-Submitted: auto-generated\r\n"));
	assert_non_null(strstr(sb.s, "\r\nX-Auto-Response-Suppress: All\r\n"));
	assert_non_null(strstr(sb.s, "\r\n\r\nHello J=C3=B6rg,\r\n\r\n=2E\r\nbye\r\n"));
	assert_true(strncmp(sb.s, "Date: ", 6) == 0);
	id1 = mail_message_id("a@x.example", 1);
	id2 = mail_message_id("a@x.example", 1);
	assert_string_not_equal(id1, id2);
	assert_non_null(strstr(id1, "@x.example"));
	free(id1);
	free(id2);
	sb_free(&sb);
}

/* The summary with an HTML part: multipart/alternative, the text first,
 * both quoted-printable, under a boundary no line of either can hold. */
static void
test_alternative(void **state)
{
	struct mail_addr to = { NULL, "coordinator@x.example" };
	struct mail m = {
		.from = { "Training Unit", "training@x.example" },
		.to = &to, .nto = 1,
		.subject = "Training compliance",
		.body = "MHFA 9 of 11\n--=_certminder.7.1\n",
		.html = "<p style=\"color:#111\">MHFA 9 of 11</p>\n",
		.date = 1795419830,
		.message_id = "certminder.7.1@x.example",
	};
	struct strbuf sb = { 0 };
	const char *text, *html, *end;

	(void)state;
	mail_build(&sb, &m);
	assert_non_null(strstr(sb.s, "\r\nContent-Type: multipart/alternative;"
	    "\r\n boundary=\"=_certminder.7.1\"\r\n"));
	text = strstr(sb.s, "\r\n--=_certminder.7.1\r\nContent-Type: "
	    "text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
	    "quoted-printable\r\n\r\nMHFA 9 of 11\r\n--=3D_certminder.7.1"
	    "\r\n\r\n--=_certminder.7.1\r\n");
	assert_non_null(text);
	html = strstr(text, "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p style=3D\""
	    "color:#111\">MHFA 9 of 11</p>\r\n\r\n--=_certminder.7.1--\r\n");
	assert_non_null(html);
	end = strstr(sb.s, "--=_certminder.7.1--\r\n");
	assert_true(end[strlen("--=_certminder.7.1--\r\n")] == '\0');
	/* one text/plain header, the part's, after the multipart one */
	assert_true(strstr(sb.s, "text/plain") > text);
	assert_null(strstr(strstr(sb.s, "text/plain") + 1, "text/plain"));
	sb_free(&sb);
}

/* A file attached: multipart/mixed around the text, the file last in
 * base64 lines of 76, the two boundaries apart. */
static void
test_attachment(void **state)
{
	struct mail_addr to = { NULL, "ana@x.example" };
	char file[200];
	struct mail m = {
		.from = { "Training Unit", "training@x.example" },
		.to = &to, .nto = 1,
		.subject = "MHFA expires",
		.body = "Classes with seats:\n",
		.attach = file, .attach_name = "training.ics",
		.attach_type = "text/calendar; charset=UTF-8; method=PUBLISH",
		.date = 1795419830,
		.message_id = "certminder.7.1@x.example",
	};
	struct strbuf sb = { 0 };
	const char *part, *p, *nl;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(file); i++)	/* 200 bytes: four lines */
		file[i] = (char)('A' + i % 26);
	m.attach_len = sizeof(file);
	mail_build(&sb, &m);
	assert_non_null(strstr(sb.s, "\r\nContent-Type: multipart/mixed;\r\n"
	    " boundary=\"=_mcertminder.7.1\"\r\n"));
	assert_non_null(strstr(sb.s, "\r\n--=_mcertminder.7.1\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "Classes with seats:\r\n\r\n--=_mcertminder.7.1\r\n"));
	part = strstr(sb.s, "Content-Type: text/calendar; charset=UTF-8; "
	    "method=PUBLISH;\r\n name=\"training.ics\"\r\n"
	    "Content-Disposition: attachment; filename=\"training.ics\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZ"
	    "WkFCQ0RF\r\n");
	assert_non_null(part);
	/* 200 bytes: three lines of 57 bytes (76 columns), 29 left (40) */
	p = strstr(part, "\r\n\r\n") + 4;
	for (i = 0; i < 4; i++) {
		nl = strstr(p, "\r\n");
		assert_int_equal(nl - p, i < 3 ? 76 : 40);
		p = nl + 2;
	}
	assert_string_equal(p, "\r\n--=_mcertminder.7.1--\r\n");
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_encoded_words),
		cmocka_unit_test(test_mailboxes),
		cmocka_unit_test(test_parse_address),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_attachment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
