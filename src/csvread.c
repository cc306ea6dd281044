#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "util.h"

#define BLOCK		(256 * 1024)
#define ROW_NOT_BEGUN	0	/* libcsv's parser states */
#define FIELD_BEGUN	2

struct reader {
	struct csv_parser	 p;
	const struct csvread_handler *h;
	enum encoding		 enc;
	bool			 in_header;
	bool			 stopped;
	bool			 nonblank;
	unsigned long		 line;		/* line being fed */
	unsigned long		 record_start;
	unsigned long		 rows;
	size_t			 ncols;
	size_t			 col;
	bool			*want;
	bool			*have;
	size_t			*off;
	size_t			*len;
	char			**field;
	size_t			 cap;		/* of the arrays while in header */
	struct strbuf		 buf;
};

/* Windows-1252 0x80..0x9F; 0 where the code page has no character. */
static const unsigned short cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static void
add_cp1252(struct strbuf *sb, const unsigned char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		unsigned cp;
		char u[3];

		if (s[i] < 0x80)
			continue;
		sb_addn(sb, (const char *)s + start, i - start);
		start = i + 1;
		cp = s[i] < 0xa0 ? cp1252[s[i] - 0x80] : s[i];
		if (cp == 0)
			cp = 0xfffd;
		if (cp < 0x800) {
			u[0] = (char)(0xc0 | (cp >> 6));
			u[1] = (char)(0x80 | (cp & 0x3f));
			sb_addn(sb, u, 2);
		} else {
			u[0] = (char)(0xe0 | (cp >> 12));
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
			u[2] = (char)(0x80 | (cp & 0x3f));
			sb_addn(sb, u, 3);
		}
	}
	sb_addn(sb, (const char *)s + start, n - start);
}

static void
grow_columns(struct reader *r, size_t need)
{
	if (need <= r->cap)
		return;
	r->cap = r->cap ? r->cap * 2 : 16;
	if (r->cap < need)
		r->cap = need;
	r->want = xreallocarray(r->want, r->cap, sizeof(*r->want));
	r->have = xreallocarray(r->have, r->cap, sizeof(*r->have));
	r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
	r->len = xreallocarray(r->len, r->cap, sizeof(*r->len));
	r->field = xreallocarray(r->field, r->cap, sizeof(*r->field));
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	size_t col = r->col++, tlen = len;

	if (r->stopped)
		return;
	if (!r->nonblank && len > 0 && (str_trim(s, &tlen), tlen > 0))
		r->nonblank = true;
	if (r->in_header) {
		grow_columns(r, col + 1);
		r->want[col] = true;
	} else if (col >= r->ncols || !r->want[col])
		return;
	r->have[col] = true;
	r->off[col] = r->buf.len;
	if (r->enc == ENC_CP1252)
		add_cp1252(&r->buf, s, len);
	else {
		if (r->buf.cap - r->buf.len <= len + 1)
			sb_reserve(&r->buf, len + 1);
		memcpy(r->buf.s + r->buf.len, s, len);
		r->buf.len += len;
	}
	r->len[col] = r->buf.len - r->off[col];
	if (r->buf.cap - r->buf.len < 2)
		sb_reserve(&r->buf, 1);
	r->buf.s[r->buf.len++] = '\0';
}

static void
on_row(int c, void *data)
{
	struct reader *r = data;
	size_t i, n = r->in_header ? r->col : r->ncols;

	(void)c;
	if (r->stopped || !r->nonblank)
		goto reset;
	for (i = 0; i < n; i++) {
		if (r->have[i])
			r->field[i] = r->buf.s + r->off[i];
		else {
			r->field[i] = (char *)"";
			r->len[i] = 0;
		}
	}
	if (r->in_header) {
		for (i = 0; i < n; i++) {
			size_t tl = r->len[i];
			const char *t = str_trim(r->field[i], &tl);

			memmove(r->field[i], t, tl);
			r->field[i][tl] = '\0';
			r->want[i] = false;
		}
		r->ncols = n;
		r->in_header = false;
		if (r->h->header(r->h->ctx, r->field, n, r->want) < 0)
			r->stopped = true;
	} else {
		r->rows++;
		r->h->row(r->h->ctx, r->record_start, r->field, r->len, n);
	}
reset:
	for (i = 0; i < n && i < r->cap; i++)
		r->have[i] = false;
	r->col = 0;
	r->nonblank = false;
	sb_reset(&r->buf);
}

static int
is_space_only(unsigned char c)
{
	return c == ' ';
}

/* Picks the delimiter that occurs most often in the header line. */
static char
sniff_delimiter(const char *s, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0, pipe = 0, i;
	bool quoted = false;

	for (i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted) {
			comma += s[i] == ',';
			semi += s[i] == ';';
			tab += s[i] == '\t';
			pipe += s[i] == '|';
		}
	}
	if (semi > comma && semi >= tab && semi >= pipe)
		return ';';
	if (tab > comma && tab > semi && tab >= pipe)
		return '\t';
	if (pipe > comma && pipe > semi && pipe > tab)
		return '|';
	return ',';
}

static int
reader_init(struct reader *r, const struct csvread_handler *h, enum encoding enc)
{
	memset(r, 0, sizeof(*r));
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0)
		return -1;
	r->h = h;
	r->enc = enc;
	r->in_header = true;
	r->line = 1;
	r->record_start = 1;
	return 0;
}

static void
reader_set_delimiter(struct reader *r, char d)
{
	csv_set_delim(&r->p, (unsigned char)d);
	/* libcsv trims spaces and tabs; a tab delimiter must not be trimmed.
	 * Otherwise its built-in test is faster than any callback. */
	if (d == '\t')
		csv_set_space_func(&r->p, is_space_only);
}

/* Feeds a block line by line so that each record knows where it began. */
static int
reader_feed(struct reader *r, const char *s, size_t n)
{
	while (n > 0 && !r->stopped) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;

		if (csv_parse(&r->p, s, k, on_field, on_row, r) != k)
			return -1;
		if (nl != NULL) {
			r->line++;
			if (r->p.pstate == ROW_NOT_BEGUN)
				r->record_start = r->line;
		}
		s += k;
		n -= k;
	}
	return 0;
}

static int
reader_finish(struct reader *r, struct csvread_result *res)
{
	if (!r->stopped && r->p.pstate == FIELD_BEGUN && r->p.quoted) {
		res->status = CSVREAD_UNCLOSED;
		res->line = r->record_start;
	} else if (!r->stopped)
		csv_fini(&r->p, on_field, on_row, r);
	res->rows = r->rows;
	res->delimiter = (char)csv_get_delim(&r->p);
	if (res->status == CSVREAD_OK && r->stopped)
		res->status = CSVREAD_STOPPED;
	if (res->status == CSVREAD_OK && r->in_header)
		res->status = CSVREAD_EMPTY;
	csv_free(&r->p);
	free(r->want);
	free(r->have);
	free(r->off);
	free(r->len);
	free(r->field);
	sb_free(&r->buf);
	return res->status == CSVREAD_OK ? 0 : -1;
}

static size_t
skip_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int
csvread_buffer(const char *buf, size_t len, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	size_t bom = skip_bom(buf, len);

	memset(res, 0, sizeof(*res));
	if (reader_init(&r, h, enc) < 0) {
		res->status = CSVREAD_NOMEM;
		return -1;
	}
	reader_set_delimiter(&r, delimiter ? delimiter :
	    sniff_delimiter(buf + bom, len - bom));
	if (reader_feed(&r, buf + bom, len - bom) < 0)
		res->status = CSVREAD_NOMEM;
	return reader_finish(&r, res);
}

int
csvread_file(const char *path, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	FILE *fp;
	char *block;
	size_t n;
	bool first = true;

	memset(res, 0, sizeof(*res));
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		res->status = CSVREAD_OPEN;
		res->err = errno;
		return -1;
	}
	if (reader_init(&r, h, enc) < 0) {
		res->status = CSVREAD_NOMEM;
		if (fp != stdin)
			fclose(fp);
		return -1;
	}
	block = xmalloc(BLOCK);
	while ((n = fread(block, 1, BLOCK, fp)) > 0) {
		size_t bom = 0;

		if (first) {
			bom = skip_bom(block, n);
			reader_set_delimiter(&r, delimiter ? delimiter :
			    sniff_delimiter(block + bom, n - bom));
			first = false;
		}
		if (reader_feed(&r, block + bom, n - bom) < 0) {
			res->status = CSVREAD_NOMEM;
			break;
		}
		if (r.stopped)
			break;
	}
	if (res->status == CSVREAD_OK && ferror(fp)) {
		res->status = CSVREAD_IO;
		res->err = errno ? errno : EIO;
	}
	if (first)
		reader_set_delimiter(&r, delimiter ? delimiter : ',');
	free(block);
	if (fp != stdin)
		fclose(fp);
	return reader_finish(&r, res);
}

const char *
csvread_strerror(const struct csvread_result *res)
{
	static char msg[128];

	switch (res->status) {
	case CSVREAD_OK:
		return "no error";
	case CSVREAD_OPEN:
	case CSVREAD_IO:
		return strerror(res->err);
	case CSVREAD_EMPTY:
		return "the file is empty: no header line";
	case CSVREAD_UNCLOSED:
		snprintf(msg, sizeof(msg), "line %lu: a quote opened here is "
		    "never closed", res->line);
		return msg;
	case CSVREAD_STOPPED:
		return "stopped";
	case CSVREAD_NOMEM:
		break;
	}
	return "out of memory";
}
