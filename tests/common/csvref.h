/*
 * The reference reading of a CSV text for the tests and the CSV fuzzer:
 * libcsv alone, strict, over the whole text in one call, with csvread's
 * rules on top (a header row, blank rows and rows equal to the header
 * dropped, rows cut or padded to the header's width).  csvread feeds libcsv piece by piece and splits plain
 * lines with csvsplit; both must read every text as this does.
 */
#ifndef CERTMINDER_CSVREF_H
#define CERTMINDER_CSVREF_H

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvread.h"
#include "strbuf.h"
#include "text.h"

struct csvref {
	struct strbuf	*out;	/* "H|name|..." then "L|value|..." a row */
	struct strbuf	 row;	/* the fields of the row, NUL-separated */
	size_t		*lens;
	size_t		 n;
	size_t		 cap;
	size_t		 ncols;
	bool		 header_done;
	struct strbuf	 header;	/* the names, each NUL-terminated */
};

/* Whether the row is the header again. */
static bool
csvref_is_header(const struct csvref *r)
{
	const char *p = sb_str(&r->row), *name = sb_str(&r->header);
	size_t i, off, tl;

	if (r->n != r->ncols)
		return false;
	for (i = off = 0; i < r->n; off += r->lens[i++]) {
		const char *t;

		tl = r->lens[i];
		t = str_trim_ascii(p + off, &tl);
		if (strlen(name) != tl || memcmp(name, t, tl) != 0)
			return false;
		name += tl + 1;
	}
	return true;
}

static void
csvref_field(void *s, size_t len, void *ctx)
{
	struct csvref *r = ctx;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->lens = xreallocarray(r->lens, r->cap, sizeof(*r->lens));
	}
	r->lens[r->n++] = len;
	sb_addn(&r->row, s, len);
}

static void
csvref_row(int c, void *ctx)
{
	struct csvref *r = ctx;
	const char *p = sb_str(&r->row);
	bool nonblank = false;
	size_t i, off, tl;

	(void)c;
	for (i = off = 0; i < r->n; off += r->lens[i++]) {
		tl = r->lens[i];
		str_trim_ascii(p + off, &tl);
		nonblank |= tl > 0;
	}
	if (nonblank && !r->header_done) {
		sb_add(r->out, "H");
		for (i = off = 0; i < r->n; off += r->lens[i++]) {
			const char *t;

			tl = r->lens[i];
			t = str_trim_ascii(p + off, &tl);
			sb_addc(r->out, '|');
			/* the header callback takes names as C strings */
			sb_addn(r->out, t, strnlen(t, tl));
			sb_addn(&r->header, t, strnlen(t, tl));
			r->header.len++;	/* past the NUL */
		}
		sb_addc(r->out, '\n');
		r->ncols = r->n;
		r->header_done = true;
	} else if (nonblank && !csvref_is_header(r)) {
		sb_add(r->out, "L");
		for (i = off = 0; i < r->ncols; i++) {
			sb_addc(r->out, '|');
			if (i < r->n) {
				sb_addn(r->out, p + off, r->lens[i]);
				off += r->lens[i];
			}
		}
		sb_addc(r->out, '\n');
	}
	r->n = 0;
	sb_reset(&r->row);
}

static int
csvref_space_only(unsigned char c)
{
	return c == ' ';
}

/* Windows-1252 to UTF-8 as csvread converts it. */
static void
csvref_cp1252(const char *s, size_t n, struct strbuf *out)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	char *in = (char *)s, *o;
	size_t inleft = n, outleft;

	while (inleft > 0) {
		sb_reserve(out, inleft * 3);
		o = out->s + out->len;
		outleft = out->cap - out->len - 1;
		if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 &&
		    errno == EILSEQ) {
			in++;
			inleft--;
			out->len = (size_t)(o - out->s);
			sb_add(out, "\xef\xbf\xbd");
			continue;
		}
		out->len = (size_t)(o - out->s);
	}
	iconv_close(cd);
}

/*
 * Reads text with delimiter d (not 0) into out.  Returns CSVREAD_OK,
 * CSVREAD_UNCLOSED (out then holds the rows before the open quote), or -1
 * for a text strict libcsv calls malformed (a quote inside a bare value,
 * text after a closing quote), which the tests do not compare.
 */
static int
csvref_read(const char *text, size_t len, char d, enum encoding enc,
    struct strbuf *out)
{
	struct csvref r = { .out = out };
	struct strbuf utf8 = { 0 };
	struct csv_parser p;
	int rc = CSVREAD_OK;
	size_t k;

	if (len >= 2 && (memcmp(text, "\xff\xfe", 2) == 0 ||
	    memcmp(text, "\xfe\xff", 2) == 0))
		return -1;	/* UTF-16: csvread refuses it */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (csvread_sep_line(text, len, &k)) {
		d = text[4];	/* Excel's line naming the delimiter */
		text += k;
		len -= k;
	}
	if (enc == ENC_CP1252) {
		csvref_cp1252(text, len, &utf8);
		text = sb_str(&utf8);
		len = utf8.len;
	}
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)d);
	if (d == '\t')
		csv_set_space_func(&p, csvref_space_only);
	if (csv_parse(&p, text, len, csvref_field, csvref_row, &r) != len)
		rc = -1;
	else if (csv_fini(&p, csvref_field, csvref_row, &r) != 0)
		rc = CSVREAD_UNCLOSED;
	if (rc == CSVREAD_OK && !r.header_done)
		rc = CSVREAD_EMPTY;
	csv_free(&p);
	sb_free(&r.row);
	sb_free(&r.header);
	sb_free(&utf8);
	free(r.lens);
	return rc;
}

#endif
