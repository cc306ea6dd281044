#include <string.h>

#include "json.h"

/* Length of the start of s that a JSON string holds as it is. */
static size_t
plain(const char *s)
{
	const char *p = s;
	unsigned char c;

	while ((c = (unsigned char)*p) >= 0x20 && c != '"' && c != '\\' &&
	    c != 0x7f)
		p++;
	return (size_t)(p - s);
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
	char esc[8];
	size_t n;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	putc('"', fp);
	for (;;) {
		n = plain(s);
		fwrite(s, 1, n, fp);
		if (s[n] == '\0')
			break;
		fwrite(esc, 1, escape((unsigned char)s[n], esc), fp);
		s += n + 1;
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

/* What goes before an element: its comma, its line, its name. */
static void
element(struct json *j, const char *key)
{
	struct json_level *l = &j->level[j->depth];

	if (l->n > 0)
		putc(',', j->fp);
	if (j->brk >= 0) {
		indent(j->fp, j->brk);
		l->broken = true;
	} else {
		if (l->n > 0 || (l->close == '}' && l->padded))
			putc(' ', j->fp);
		l->broken = false;
	}
	j->brk = -1;
	l->n++;
	if (key != NULL) {
		json_string(j->fp, key);
		fputs(": ", j->fp);
	}
}

static void
begin(struct json *j, const char *key, char c, bool padded)
{
	element(j, key);
	putc(c, j->fp);
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
	element(j, key);
	json_string(j->fp, s);
}

/* A number, as printf's %lld writes it, without printf's cost: the people
 * list holds two for each person and certification. */
void
json_int(struct json *j, const char *key, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	element(j, key);
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	fputs(p, j->fp);
}

void
json_bool(struct json *j, const char *key, bool v)
{
	element(j, key);
	fputs(v ? "true" : "false", j->fp);
}

void
json_null(struct json *j, const char *key)
{
	element(j, key);
	fputs("null", j->fp);
}

void
json_day(struct json *j, const char *key, day_t d)
{
	char buf[DATE_ISO_LEN];

	element(j, key);
	if (d == DAY_NONE)
		fputs("null", j->fp);
	else {
		putc('"', j->fp);
		fputs(date_iso(d, buf), j->fp);
		putc('"', j->fp);
	}
}

void
json_digits(struct json *j, const char *key, const char *digits)
{
	element(j, key);
	fputs(*digits ? digits : "null", j->fp);
}

int
json_finish(struct json *j)
{
	putc('\n', j->fp);
	return ferror(j->fp) ? -1 : 0;
}
