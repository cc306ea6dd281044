#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "mail.h"
#include "strbuf.h"
#include "text.h"

#define ENCODED_MAX	75	/* one encoded word, RFC 2047 section 2 */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(struct strbuf *sb, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		sb_addc(sb, b64[s[i] >> 2]);
		sb_addc(sb, b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)]);
		sb_addc(sb, b64[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)]);
		sb_addc(sb, b64[s[i + 2] & 63]);
	}
	if (n - i == 1) {
		sb_addc(sb, b64[s[i] >> 2]);
		sb_addc(sb, b64[(s[i] & 3) << 4]);
		sb_add(sb, "==");
	} else if (n - i == 2) {
		sb_addc(sb, b64[s[i] >> 2]);
		sb_addc(sb, b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)]);
		sb_addc(sb, b64[(s[i + 1] & 15) << 2]);
		sb_addc(sb, '=');
	}
}

/* Whether a display name or subject can go into a header as it is. */
static bool
plain_ascii(const char *s, bool phrase)
{
	size_t len = strlen(s);

	/* a display name must fit its line; a subject is folded at spaces */
	if (len == 0 || len > (phrase ? 60 : 900) || s[0] == ' ' ||
	    s[len - 1] == ' ' ||
	    strstr(s, "=?") != NULL || strstr(s, "  ") != NULL)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7e)
			return false;
		if (phrase && !((c >= 'A' && c <= 'Z') || (c >= 'a' &&
		    c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
		    c == '-' || c == '\'' || c == '!' || c == '#' || c == '&' ||
		    c == '+' || c == '/' || c == '?' || c == '_'))
			return false;
	}
	return true;
}

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t
utf8_len(const unsigned char *s)
{
	if (*s >= 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80)
		return 4;
	if (*s >= 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80)
		return 3;
	if (*s >= 0xc0 && (s[1] & 0xc0) == 0x80)
		return 2;
	return 1;
}

/*
 * Appends s as "=?UTF-8?B?...?=" words split on character boundaries, no
 * line over 76 columns (RFC 2047); col is the column the value starts at.
 */
static void
encoded_words(struct strbuf *sb, const char *s, size_t col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, take, k, room;

	do {
		room = col + 12 < 76 ? (76 - col - 12) / 4 * 3 : 0;
		if (room < 6) {
			sb_add(sb, "\r\n ");
			col = 1;
			continue;
		}
		for (take = 0; i + take < n &&
		    take + (k = utf8_len(p + i + take)) <= room; take += k)
			;
		sb_add(sb, "=?UTF-8?B?");
		base64(sb, p + i, take);
		sb_add(sb, "?=");
		col += 12 + (take + 2) / 3 * 4;
		i += take;
		if (i < n) {
			sb_add(sb, "\r\n ");
			col = 1;
		}
	} while (i < n);
}

void
mail_header_text(struct strbuf *sb, const char *name, const char *value)
{
	size_t col = strlen(name) + 2, w;
	const char *p, *sp;

	sb_printf(sb, "%s: ", name);
	if (!plain_ascii(value, false))
		encoded_words(sb, value, col);
	else	/* plain ASCII, folded before a word that passes column 78 */
		for (p = value; *p; p = sp) {
			sp = strchr(p + 1, ' ');
			if (sp == NULL)
				sp = p + strlen(p);
			w = (size_t)(sp - p);
			if (p != value && col + w > 78) {
				sb_add(sb, "\r\n");	/* the space starts the
							 * folded line */
				col = 0;
			}
			sb_addn(sb, p, w);
			col += w;
		}
	sb_add(sb, "\r\n");
}

void
mail_mailbox(struct strbuf *sb, const struct mail_addr *a, size_t col)
{
	if (a->name != NULL && *a->name != '\0') {
		if (plain_ascii(a->name, true))
			sb_printf(sb, "%s ", a->name);
		else {
			encoded_words(sb, a->name, col);
			sb_add(sb, "\r\n ");	/* the address on a line of its own */
		}
	}
	sb_printf(sb, "<%s>", a->addr);
}

int
mail_parse_address(const char *s, struct mail_addr *out, char **buf)
{
	char *copy = xstrdup(s), *lt, *gt, *name;
	size_t n;

	*buf = copy;
	out->name = NULL;
	lt = strrchr(copy, '<');
	if (lt == NULL) {
		n = strlen(copy);
		out->addr = str_trim(copy, &n);
		copy[(size_t)(out->addr - copy) + n] = '\0';
	} else {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0')
			return -1;
		*gt = '\0';
		out->addr = lt + 1;
		*lt = '\0';
		n = strlen(copy);
		name = (char *)str_trim(copy, &n);
		name[n] = '\0';
		if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
			name[n - 1] = '\0';
			name++;
		}
		out->name = *name ? name : NULL;
	}
	if (str_has_control(s, strlen(s)) ||
	    !addr_valid(out->addr, strlen(out->addr)))
		return -1;
	return 0;
}

void
mail_qp(struct strbuf *sb, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	size_t col = 0;

	for (; *p; p++) {
		unsigned char c = *p;
		bool eol = p[1] == '\n' || p[1] == '\0' ||
		    (p[1] == '\r' && p[2] == '\n');
		char enc[4];
		size_t w;

		if (c == '\r' && p[1] == '\n')
			continue;
		if (c == '\n') {
			sb_add(sb, "\r\n");
			col = 0;
			continue;
		}
		if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' &&
		    col == 0)) || ((c == ' ' || c == '\t') && !eol)) {
			enc[0] = (char)c;
			w = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			w = 3;
		}
		/* a soft break keeps lines at 76 characters with the '=' */
		if (col + w > (eol ? 76 : 75)) {
			sb_add(sb, "=\r\n");
			col = 0;
		}
		sb_addn(sb, enc, w);
		col += w;
	}
	if (col > 0)
		sb_add(sb, "\r\n");
}

char *
mail_message_id(const char *addr, time_t when)
{
	static unsigned long counter;
	const char *at = strrchr(addr, '@');
	struct strbuf sb = { 0 };
	unsigned long r;
	FILE *fp;

	r = (unsigned long)when ^ ((unsigned long)getpid() << 16);
	if ((fp = fopen("/dev/urandom", "rb")) != NULL) {
		if (fread(&r, sizeof(r), 1, fp) != 1)
			r ^= (unsigned long)clock();
		fclose(fp);
	}
	sb_printf(&sb, "certminder.%lld.%ld.%lu.%lx@%s", (long long)when,
	    (long)getpid(), ++counter, r, at ? at + 1 : "localhost");
	return sb_steal(&sb);
}

static void
mail_date(struct strbuf *sb, time_t t)
{
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	sb_printf(sb, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    day[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
}

#define QP_PART(type) \
	"Content-Type: " type "; charset=UTF-8\r\n" \
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n"

/* "=_" cannot occur in quoted-printable text or base64, so a boundary
 * starting with it cannot either; the Message-ID's local part makes it
 * the message's own, and the kind (none: alternative) keeps the two
 * boundaries of one message apart. */
static void
boundary_of(char *buf, size_t size, const char *kind, const char *msgid)
{
	size_t n = strcspn(msgid, "@");

	snprintf(buf, size, "=_%s%.*s", kind, (int)(n > 60 ? 60 : n), msgid);
}

/* The text, or the text and HTML as multipart/alternative: the
 * Content-Type with what it types. */
static void
text_part(struct strbuf *sb, const struct mail *m)
{
	char boundary[80];

	if (m->html == NULL) {
		sb_add(sb, QP_PART("text/plain"));
		mail_qp(sb, m->body);
		return;
	}
	boundary_of(boundary, sizeof(boundary), "", m->message_id);
	sb_printf(sb, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n"
	    "This is a message in text and HTML.\r\n\r\n"
	    "--%s\r\n" QP_PART("text/plain"), boundary, boundary);
	mail_qp(sb, m->body);
	sb_printf(sb, "\r\n--%s\r\n" QP_PART("text/html"), boundary);
	mail_qp(sb, m->html);
	sb_printf(sb, "\r\n--%s--\r\n", boundary);
}

void
mail_build(struct strbuf *sb, const struct mail *m)
{
	char boundary[80];
	size_t i;

	mail_date(sb, m->date);
	sb_printf(sb, "Message-ID: <%s>\r\n", m->message_id);
	sb_add(sb, "From: ");
	mail_mailbox(sb, &m->from, 6);
	sb_add(sb, "\r\n");
	if (m->reply_to != NULL)
		sb_printf(sb, "Reply-To: <%s>\r\n", m->reply_to);
	sb_add(sb, "To: ");
	for (i = 0; i < m->nto; i++) {
		if (i)
			sb_add(sb, ",\r\n ");
		mail_mailbox(sb, &m->to[i], i ? 1 : 4);
	}
	sb_add(sb, "\r\n");
	mail_header_text(sb, "Subject", m->subject);
	sb_add(sb, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: All\r\n"
	    "Precedence: bulk\r\n");
	if (m->attach == NULL) {
		text_part(sb, m);
		return;
	}
	boundary_of(boundary, sizeof(boundary), "m", m->message_id);
	sb_printf(sb, "Content-Type: multipart/mixed;\r\n"
	    " boundary=\"%s\"\r\n\r\n"
	    "This is a message with a file attached.\r\n\r\n"
	    "--%s\r\n", boundary, boundary);
	text_part(sb, m);
	sb_printf(sb, "\r\n--%s\r\n"
	    "Content-Type: %s;\r\n name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary,
	    m->attach_type, m->attach_name, m->attach_name);
	/* 57 bytes make a line of 76 */
	for (i = 0; i < m->attach_len; i += 57) {
		base64(sb, (const unsigned char *)m->attach + i,
		    m->attach_len - i < 57 ? m->attach_len - i : 57);
		sb_add(sb, "\r\n");
	}
	sb_printf(sb, "\r\n--%s--\r\n", boundary);
}
