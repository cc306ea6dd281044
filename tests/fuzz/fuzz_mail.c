/*
 * Fuzzes the mail encoder: whatever the text, headers and body come out
 * 7-bit, with CRLF only, no line over 998 octets, and no header injection.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
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
	sb_free(&sb);
	free(text);
	return 0;
}
