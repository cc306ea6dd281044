#include <string.h>

#include "json.h"

/* The bytes a JSON string holds as they are: not a control character,
 * '"', '\\' or DEL (and not the NUL that ends the text). */
#define R4(x)	x, x, x, x
#define R16(x)	R4(x), R4(x), R4(x), R4(x)
static const unsigned char plain_byte[256] = {
	R16(0), R16(0),				/* 0x00-0x1f */
	1, 1, 0, R4(1), 1,			/* ' ' '!' '"' ... */
	R4(1), R4(1), R4(1), R4(1), R4(1), R4(1),	/* to 0x3f */
	R16(1), R4(1), R4(1), R4(1),		/* to 0x5b */
	0, 1, 1, 1,				/* '\\' to 0x5f */
	R16(1), R4(1), R4(1), R4(1), 1, 1, 1, 0,	/* to DEL */
	R16(1), R16(1), R16(1), R16(1),		/* UTF-8 */
	R16(1), R16(1), R16(1), R16(1)
};

/* Length of the start of s that a JSON string holds as it is. */
static size_t
plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (plain_byte[*p])
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

/* How c stands in a JSON string: written to esc, its length returned. */
static size_t
escape(unsigned char c, char esc[8])
{
	const char *named = c == '"' ? "\\\"" : c == '\\' ? "\\\\" :
	    c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;

	if (named != NULL) {
		memcpy(esc, named, 2);
		return 2;
	}
	snprintf(esc, 8, "\\u%04x", c);
	return 6;
}

void
json_string(FILE *fp, const char *s)
{
	char esc[8], buf[130];
	size_t n;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	n = plain(s);
	if (s[n] == '\0' && n < sizeof(buf) - 2) {	/* most: one write */
		buf[0] = '"';
		memcpy(buf + 1, s, n);
		buf[n + 1] = '"';
		fwrite(buf, 1, n + 2, fp);
		return;
	}
	putc('"', fp);
	for (;;) {
		fwrite(s, 1, n, fp);
		if (s[n] == '\0')
			break;
		fwrite(esc, 1, escape((unsigned char)s[n], esc), fp);
		s += n + 1;
		n = plain(s);
	}
	putc('"', fp);
}

void
json_start(struct json *j, FILE *fp)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
	j->brk = -1;
}

void
json_break(struct json *j, int indent)
{
	j->brk = indent;
}

static void
indent(FILE *fp, int n)
{
	putc('\n', fp);
	while (n-- > 0)
		putc(' ', fp);
}

/*
 * What goes before an element: its comma, its line, its name, put
 * together in j->buf; the value is added there too when it fits, and the
 * whole written at once (emit), as the people list has millions of them.
 * A key that would need escaping, or is long, goes through json_string().
 */
static char *
element(struct json *j, const char *key)
{
	struct json_level *l = &j->level[j->depth];
	char *p = j->buf;
	size_t n;

	if (l->n > 0)
		*p++ = ',';
	if (j->brk >= 0) {
		*p++ = '\n';
		for (n = 0; n < (size_t)j->brk && n < 64; n++)
			*p++ = ' ';
		l->broken = true;
	} else {
		if (l->n > 0 || (l->close == '}' && l->padded))
			*p++ = ' ';
		l->broken = false;
	}
	j->brk = -1;
	l->n++;
	if (key == NULL)
		return p;
	if ((n = plain(key)) < 48 && key[n] == '\0') {
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		memcpy(p, "\": ", 3);
		return p + 3;
	}
	fwrite(j->buf, 1, (size_t)(p - j->buf), j->fp);
	json_string(j->fp, key);
	fputs(": ", j->fp);
	return j->buf;
}

/* The element's text from j->buf to p, written. */
static void
emit(struct json *j, const char *p)
{
	fwrite(j->buf, 1, (size_t)(p - j->buf), j->fp);
}

/* The element's words with text added, written: text[0..n) when it fits
 * in j->buf, else after it. */
static void
emit_with(struct json *j, char *p, const char *text, size_t n)
{
	if (n <= sizeof(j->buf) - (size_t)(p - j->buf)) {
		memcpy(p, text, n);
		emit(j, p + n);
		return;
	}
	emit(j, p);
	fwrite(text, 1, n, j->fp);
}

static void
begin(struct json *j, const char *key, char c, bool padded)
{
	char *p = element(j, key);

	*p++ = c;
	emit(j, p);
	if (j->depth + 1 < JSON_DEPTH)
		j->depth++;
	memset(&j->level[j->depth], 0, sizeof(j->level[0]));
	j->level[j->depth].close = c == '{' ? '}' : ']';
	j->level[j->depth].padded = padded;
}

void
json_object(struct json *j, const char *key)
{
	begin(j, key, '{', true);
}

void
json_object_tight(struct json *j, const char *key)
{
	begin(j, key, '{', false);
}

void
json_array(struct json *j, const char *key)
{
	begin(j, key, '[', false);
}

void
json_end(struct json *j)
{
	struct json_level *l = &j->level[j->depth];

	if (l->n > 0 && ((l->close == '}' && l->padded) ||
	    (l->close == ']' && l->broken)))
		putc(' ', j->fp);
	putc(l->close, j->fp);
	if (j->depth > 0)
		j->depth--;
}

void
json_end_break(struct json *j, int n)
{
	indent(j->fp, n);
	putc(j->level[j->depth].close, j->fp);
	if (j->depth > 0)
		j->depth--;
}

void
json_str(struct json *j, const char *key, const char *s)
{
	char *p = element(j, key);
	size_t n, room = sizeof(j->buf) - (size_t)(p - j->buf);

	if (s != NULL && (n = plain(s)) + 2 <= room && s[n] == '\0') {
		*p++ = '"';		/* most: one write */
		memcpy(p, s, n);
		p[n] = '"';
		emit(j, p + n + 1);
		return;
	}
	emit(j, p);
	json_string(j->fp, s);
}

/* A number, as printf's %lld writes it, without printf's cost: the people
 * list holds two for each person and certification. */
void
json_int(struct json *j, const char *key, long long v)
{
	char digits[24], *d = digits + sizeof(digits);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--d = '-';
	emit_with(j, element(j, key), d,
	    (size_t)(digits + sizeof(digits) - d));
}

void
json_bool(struct json *j, const char *key, bool v)
{
	emit_with(j, element(j, key), v ? "true" : "false", v ? 4 : 5);
}

void
json_null(struct json *j, const char *key)
{
	emit_with(j, element(j, key), "null", 4);
}

void
json_day(struct json *j, const char *key, day_t d)
{
	char buf[DATE_ISO_LEN + 2];
	size_t n;

	if (d == DAY_NONE) {
		json_null(j, key);
		return;
	}
	buf[0] = '"';
	n = strlen(date_iso(d, buf + 1));
	buf[n + 1] = '"';
	emit_with(j, element(j, key), buf, n + 2);
}

void
json_digits(struct json *j, const char *key, const char *digits)
{
	if (*digits == '\0')
		json_null(j, key);
	else
		emit_with(j, element(j, key), digits, strlen(digits));
}

int
json_finish(struct json *j)
{
	putc('\n', j->fp);
	return ferror(j->fp) ? -1 : 0;
}
