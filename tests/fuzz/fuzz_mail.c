/*
 * Fuzzes the mail encoder: whatever the text, headers and body come out
 * 7-bit, with CRLF only, no line over 998 octets, and no header injection;
 * a file attached stays in its part; an iCalendar content line stays one
 * line, folded at 75 octets, and unfolds to the text escaped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ics.h"
#include "mail.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct strbuf *sb)
{
	size_t i, col = 0;

	for (i = 0; i < sb->len; i++) {
		unsigned char c = (unsigned char)sb->s[i];

		if (c >= 0x80 || c == '\0')
			abort();
		if (c == '\n' && (i == 0 || sb->s[i - 1] != '\r'))
			abort();
		if (c == '\r' && (i + 1 >= sb->len || sb->s[i + 1] != '\n'))
			abort();
		col = c == '\n' ? 0 : col + 1;
		if (col > 998)
			abort();
	}
}

/* One content line: CRLF only, at most 75 octets a line, every line
 * after the first a continuation; unfolded, the value's bytes are the
 * text's with controls as spaces and TEXT's specials escaped. */
static void
check_ics(const char *text)
{
	struct strbuf sb = { 0 }, back = { 0 }, want = { 0 };
	size_t i, col = 0;
	const char *p;

	ics_line(&sb, "X", text, true);
	for (i = 0; i < sb.len; i++) {
		unsigned char c = (unsigned char)sb.s[i];

		if (c == '\r') {
			if (i + 1 >= sb.len || sb.s[i + 1] != '\n')
				abort();
			continue;
		}
		if (c == '\n') {
			if (i + 1 < sb.len && sb.s[i + 1] != ' ')
				abort();
			col = 0;
			continue;
		}
		if (++col > 75)
			abort();
	}
	for (p = sb.s; *p; p++)
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ')
			p += 2;
		else if (*p != '\r' && *p != '\n')
			sb_addc(&back, *p);
	sb_add(&want, "X:");
	for (p = text; *p; p++)
		if (*p == '\\' || *p == ';' || *p == ',')
			sb_printf(&want, "\\%c", *p);
		else if (*p == '\n')
			sb_add(&want, "\\n");
		else
			sb_addc(&want, (unsigned char)*p < 0x20 || *p == 0x7f ?
			    ' ' : *p);
	if (strcmp(sb_str(&back), sb_str(&want)) != 0)
		abort();
	sb_free(&sb);
	sb_free(&back);
	sb_free(&want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct strbuf sb = { 0 };
	struct mail_addr a = { text, "jane@x.example" };
	size_t i;

	mail_header_text(&sb, "Subject", text);
	check(&sb);
	/* one header line: every line break is followed by folding space */
	for (i = 0; i + 2 < sb.len; i++)
		if (sb.s[i] == '\n' && sb.s[i + 1] != ' ')
			abort();
	sb_reset(&sb);
	mail_mailbox(&sb, &a, 4);
	check(&sb);
	if (sb.len < 16 || strcmp(sb.s + sb.len - 16, "<jane@x.example>") != 0)
		abort();
	sb_reset(&sb);
	mail_qp(&sb, text);
	check(&sb);
	sb_reset(&sb);
	{
		struct mail m = { .from = { NULL, "t@x.example" }, .to = &a,
		    .nto = 1, .subject = "s", .body = text, .attach = text,
		    .attach_len = strlen(text), .attach_name = "training.ics",
		    .attach_type = "text/calendar", .date = 0,
		    .message_id = "certminder.1@x.example" };

		mail_build(&sb, &m);
		check(&sb);
		/* the closing boundary ends the message, once */
		if (strstr(sb.s, "\r\n--=_mcertminder.1--\r\n") !=
		    sb.s + sb.len - strlen("\r\n--=_mcertminder.1--\r\n"))
			abort();
	}
	check_ics(text);
	sb_free(&sb);
	free(text);
	return 0;
}
