/*
 * csvread: a CSV export, record by record, through libcsv's public API,
 * but for lines without a quote, which csvsplit splits the same way.
 *
 * The file is read a line at a time (getline), and each line is cut after
 * every CR and LF before it goes to libcsv.  A piece then ends where a
 * record may end, so libcsv's row callback, if it comes, comes at the last
 * byte of the piece: a piece that leaves a record open ended inside quotes.
 * That is all this module needs to know to count lines, to tell where a
 * record starts and to find a quote that is never closed; it never looks
 * inside libcsv's parser.  Pieces of spaces and line ends between records
 * are blank lines and are not fed at all, and a piece that starts a record
 * and holds no quote is a whole record, which csvsplit splits.
 */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "alloc.h"
#include "csvread.h"
#include "csvsplit.h"
#include "strbuf.h"
#include "text.h"

#define BLOCK	(64 * 1024)	/* read at once */
#define NONE	SIZE_MAX	/* a column the record does not have */

struct reader {
	struct csv_parser	 p;
	const struct csvread_handler *h;
	char			 delimiter;	/* 0 until the header is seen */
	bool			 delimiter_given;
	iconv_t			 cp1252;	/* (iconv_t)-1: UTF-8 input */
	bool			 undecided;	/* auto, and only ASCII so far */
	struct strbuf		 utf8;		/* a converted piece */
	bool			 in_header;
	bool			 stopped;
	bool			 open;		/* a record is being read */
	bool			 ended;		/* ... and the last piece ended it */
	bool			 nonblank;	/* the record has a value */
	size_t			 longest;	/* the record's longest value */
	size_t			 record_bytes;	/* fed to libcsv for it */
	bool			 skipping;	/* the rest of a too long line */
	unsigned long		 line;		/* of the next piece */
	unsigned long		 record_start;
	size_t			 col;		/* the field being read */
	size_t			 ncols;		/* the header's */
	size_t			 cap;		/* of the arrays below */
	bool			*want;
	size_t			*off;		/* of each value in text, or NONE */
	size_t			*flen;
	char			**field;	/* for the handler */
	size_t			*len;
	struct strbuf		 text;		/* the record's wanted values */
	char			**names;	/* the header, to spot it again */
	size_t			*name_len;
	bool			 same;		/* the record so far is the header */
	struct csvsplit_field	*split;		/* a plain line's fields */
	size_t			 nsplit;	/* room in split */
	struct csvread_result	 res;
};

static void
grow_columns(struct reader *r, size_t need)
{
	size_t i, old = r->cap;

	if (need <= r->cap)
		return;
	r->cap = r->cap ? r->cap * 2 : 16;
	if (r->cap < need)
		r->cap = need;
	r->want = xreallocarray(r->want, r->cap, sizeof(*r->want));
	r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
	r->flen = xreallocarray(r->flen, r->cap, sizeof(*r->flen));
	r->field = xreallocarray(r->field, r->cap, sizeof(*r->field));
	r->len = xreallocarray(r->len, r->cap, sizeof(*r->len));
	for (i = old; i < r->cap; i++) {
		r->want[i] = false;
		r->off[i] = NONE;
	}
}

/* Whether s[0..len) is the header's name of column col. */
static bool
is_name(const struct reader *r, size_t col, const char *s, size_t len)
{
	const char *t;

	t = str_trim_ascii(s, &len);
	return r->name_len[col] == len && memcmp(r->names[col], t, len) == 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	size_t col = r->col++, tlen = len;

	if (r->stopped)
		return;
	if (!r->nonblank && len > 0 && (str_trim_ascii(s, &tlen), tlen > 0))
		r->nonblank = true;
	if (len > r->longest)
		r->longest = len;
	if (!r->in_header && r->same)
		r->same = col < r->ncols && is_name(r, col, s, len);
	if (r->in_header)
		grow_columns(r, col + 1);
	else if (col >= r->ncols || !r->want[col])
		return;
	r->off[col] = r->text.len;
	r->flen[col] = len;
	sb_addn(&r->text, s, len);
	r->text.len++;		/* past the NUL: the value keeps it */
}

/* Points field[] and len[] at the record's values, "" where it has none. */
static void
record_fields(struct reader *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (r->off[i] == NONE) {
			r->field[i] = (char *)"";
			r->len[i] = 0;
		} else {
			r->field[i] = r->text.s + r->off[i];
			r->len[i] = r->flen[i];
		}
	}
}

static void
deliver_header(struct reader *r)
{
	size_t i, n = r->col;
	int rc;

	record_fields(r, n);
	for (i = 0; i < n; i++) {
		size_t tl = r->len[i];
		const char *t = str_trim_ascii(r->field[i], &tl);

		if (r->off[i] != NONE) {
			memmove(r->field[i], t, tl);
			r->field[i][tl] = '\0';
		}
		r->len[i] = tl;
	}
	r->ncols = n;
	r->in_header = false;
	r->names = xcalloc(n, sizeof(*r->names));
	r->name_len = xcalloc(n, sizeof(*r->name_len));
	for (i = 0; i < n; i++) {
		r->names[i] = xstrndup(r->field[i], r->len[i]);
		r->name_len[i] = strlen(r->names[i]);
	}
	rc = r->h->header(r->h->ctx, r->field, n, r->want);
	if (rc > 0) {
		/* not the header: a title line above it ("Report generated
		 * on ..."); the next line may be, and its own delimiter says */
		for (i = 0; i < n; i++) {
			free(r->names[i]);
			r->want[i] = false;
		}
		free(r->names);
		free(r->name_len);
		r->names = NULL;
		r->name_len = NULL;
		r->ncols = 0;
		r->in_header = true;
		r->res.title_lines++;
		if (!r->delimiter_given && !r->res.sep_line)
			r->delimiter = 0;
		return;
	}
	r->stopped = rc < 0;
}

/* A data row refused before the handler sees it. */
static void
refuse(struct reader *r, const char *why)
{
	r->res.rows++;
	if (r->h->reject != NULL)
		r->h->reject(r->h->ctx, r->record_start, why);
}

/* Whether a row's longest value passes max_value: then it is refused. */
static bool
too_long(struct reader *r, size_t longest)
{
	char why[96];

	if (r->h->max_value == 0 || longest <= r->h->max_value)
		return false;
	snprintf(why, sizeof(why), "a value of %zu bytes, more than "
	    "max_field_bytes (%zu)", longest, r->h->max_value);
	refuse(r, why);
	return true;
}

/* A row equal to the header, as when exports are joined: skipped. */
static void
header_again(struct reader *r)
{
	if (r->res.header_again++ == 0)
		r->res.header_again_line = r->record_start;
}

static void
on_row(int c, void *data)
{
	struct reader *r = data;
	size_t i;

	(void)c;
	r->ended = true;
	if (r->stopped || !r->nonblank)
		;
	else if (!r->in_header && too_long(r, r->longest))
		;
	else if (!r->in_header && r->same && r->col == r->ncols)
		header_again(r);
	else if (r->in_header)
		deliver_header(r);
	else {
		record_fields(r, r->ncols);
		r->h->row(r->h->ctx, r->record_start, r->field, r->len,
		    r->ncols);
		r->res.rows++;
	}
	for (i = 0; i < r->col && i < r->cap; i++)
		r->off[i] = NONE;
	r->col = 0;
	r->nonblank = false;
	r->same = true;
	r->longest = 0;
	r->record_bytes = 0;
	sb_reset(&r->text);
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

static void
set_delimiter(struct reader *r, char d)
{
	r->delimiter = d;
	r->res.delimiter = d;
	csv_set_delim(&r->p, (unsigned char)d);
	/* libcsv trims spaces and tabs; a tab delimiter must not be trimmed */
	csv_set_space_func(&r->p, d == '\t' ? is_space_only : NULL);
}

/* Whether a piece holds nothing but spaces and line ends. */
static bool
blank(const struct reader *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n' &&
		    (s[i] != '\t' || r->delimiter == '\t'))
			return false;
	return true;
}

/* Windows-1252 to UTF-8; a byte the code page leaves undefined becomes
 * U+FFFD. */
static void
to_utf8(struct reader *r, const char *s, size_t n)
{
	char *in = (char *)s, *out;
	size_t inleft = n, outleft;

	sb_reset(&r->utf8);
	while (inleft > 0) {
		sb_reserve(&r->utf8, inleft * 3);
		out = r->utf8.s + r->utf8.len;
		outleft = r->utf8.cap - r->utf8.len - 1;
		if (iconv(r->cp1252, &in, &inleft, &out, &outleft) ==
		    (size_t)-1 && errno == EILSEQ) {
			in++;
			inleft--;
			r->utf8.len = (size_t)(out - r->utf8.s);
			sb_add(&r->utf8, "\xef\xbf\xbd");
			continue;
		}
		r->utf8.len = (size_t)(out - r->utf8.s);
	}
}

/* A whole record on a line without quotes: split as libcsv would.  A data
 * row's values go to the handler where they stand in the line. */
static void
feed_plain(struct reader *r, const char *s, size_t n, char last)
{
	size_t i, nf, longest = 0;
	bool nonblank = false;

	if (last == '\r' || last == '\n')
		n--;
	while ((nf = csvsplit(s, n, r->delimiter, r->split, r->nsplit)) >
	    r->nsplit) {
		r->nsplit = nf;
		r->split = xreallocarray(r->split, nf, sizeof(*r->split));
	}
	if (r->in_header) {
		for (i = 0; i < nf; i++)
			on_field((void *)r->split[i].s, r->split[i].len, r);
		on_row(last, r);
		return;
	}
	for (i = 0; i < nf; i++) {
		nonblank |= r->split[i].len > 0;
		if (r->split[i].len > longest)
			longest = r->split[i].len;
	}
	if (!nonblank || too_long(r, longest))
		return;
	for (i = 0; i < nf && i < r->ncols && is_name(r, i, r->split[i].s,
	    r->split[i].len); i++)
		;
	if (i == nf && nf == r->ncols) {
		header_again(r);
		return;
	}
	for (i = 0; i < r->ncols; i++) {
		if (i < nf && r->want[i]) {
			r->field[i] = (char *)r->split[i].s;
			r->len[i] = r->split[i].len;
		} else {
			r->field[i] = (char *)"";
			r->len[i] = 0;
		}
	}
	r->h->row(r->h->ctx, r->record_start, r->field, r->len, r->ncols);
	r->res.rows++;
}

/* One piece: up to and including a CR or LF, or the end of the file;
 * ends_line() said whether it ends a line. */
static int
feed_piece(struct reader *r, const char *s, size_t n, bool line_end)
{
	char last = s[n - 1];

	if (r->open || !blank(r, s, n)) {
		if (r->cp1252 != (iconv_t)-1) {
			to_utf8(r, s, n);
			s = r->utf8.s;
			n = r->utf8.len;
		}
		if (!r->open && memchr(s, '"', n) == NULL &&
		    (last == '\r' || last == '\n')) {
			feed_plain(r, s, n, last);
			goto counted;
		}
		r->open = true;
		r->ended = false;
		if (r->h->max_line > 0 &&
		    (r->record_bytes += n) > r->h->max_line) {
			/* a quoted value that never ends: libcsv would keep
			 * all of it */
			r->res.status = CSVREAD_TOOLONG;
			r->res.line = r->record_start;
			return -1;
		}
		if (csv_parse(&r->p, s, n, on_field, on_row, r) != n) {
			r->res.status = CSVREAD_NOMEM;
			return -1;
		}
		if (r->ended)
			r->open = false;
	}
counted:
	if (line_end)
		r->line++;
	if (!r->open && (last == '\n' || last == '\r'))
		r->record_start = r->line;
	return 0;
}

/* Whether the piece s[0..k) of a line s[0..n) ends a line as an editor
 * shows it: an LF, or a CR that no LF follows (old Mac exports). */
static bool
ends_line(const char *s, size_t k, size_t n)
{
	return s[k - 1] == '\n' || (s[k - 1] == '\r' && (k == n || s[k] != '\n'));
}

/* One line as getline() gives it: cut after each CR. */
static int
feed_line(struct reader *r, const char *s, size_t n)
{
	const char *cr;
	size_t k;

	if (r->line == 1 && r->in_header && !r->open &&
	    csvread_sep_line(s, n, &k) && k == n) {
		/* Excel's first line naming the delimiter: not the header */
		set_delimiter(r, s[4]);
		r->res.sep_line = true;
		if (s[n - 1] == '\n')
			r->record_start = ++r->line;
		return 0;
	}
	if (r->delimiter == 0)
		set_delimiter(r, sniff_delimiter(s, n));
	if (r->h->refuse_nul && !r->in_header && !r->open &&
	    memchr(s, '\0', n) != NULL) {
		refuse(r, "NUL bytes in the line");
		for (k = 1; k <= n; k++)
			r->line += ends_line(s, k, n);
		r->record_start = r->line;
		return 0;
	}
	while (n > 0 && !r->stopped) {
		cr = memchr(s, '\r', n);
		k = cr ? (size_t)(cr - s) + 1 : n;
		if (feed_piece(r, s, k, ends_line(s, k, n)) < 0)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

/* Windows-1252 text, converted to UTF-8 on the way in. */
static int
use_cp1252(struct reader *r)
{
	r->res.encoding = ENC_CP1252;
	if ((r->cp1252 = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		r->res.status = CSVREAD_NOMEM;
		return -1;
	}
	return 0;
}

static int
reader_init(struct reader *r, const struct csvread_handler *h,
    enum encoding enc, char delimiter)
{
	memset(r, 0, sizeof(*r));
	r->h = h;
	r->in_header = true;
	r->line = r->record_start = 1;
	r->same = true;
	r->cp1252 = (iconv_t)-1;
	r->res.encoding = ENC_UTF8;
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0) {
		r->res.status = CSVREAD_NOMEM;
		return -1;
	}
	if (enc == ENC_CP1252 && use_cp1252(r) < 0)
		return -1;
	if (delimiter != 0) {
		set_delimiter(r, delimiter);
		r->delimiter_given = true;
	}
	return 0;
}

/* The last record, which may lack its line end: a line feed ends it as
 * csv_fini() would, unless a quote is still open. */
static void
reader_end(struct reader *r)
{
	if (r->res.status != CSVREAD_OK || r->stopped || !r->open)
		return;
	r->ended = false;
	if (csv_parse(&r->p, "\n", 1, on_field, on_row, r) != 1)
		r->res.status = CSVREAD_NOMEM;
	else if (!r->ended) {
		r->res.status = CSVREAD_UNCLOSED;
		r->res.line = r->record_start;
	}
}

static int
reader_finish(struct reader *r, struct csvread_result *res)
{
	size_t i;

	*res = r->res;
	if (res->status == CSVREAD_OK && r->stopped)
		res->status = CSVREAD_STOPPED;
	if (res->status == CSVREAD_OK && r->in_header)
		res->status = CSVREAD_EMPTY;
	csv_free(&r->p);
	if (r->cp1252 != (iconv_t)-1)
		iconv_close(r->cp1252);
	sb_free(&r->utf8);
	sb_free(&r->text);
	free(r->split);
	for (i = 0; r->names != NULL && i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	free(r->name_len);
	free(r->want);
	free(r->off);
	free(r->flen);
	free(r->field);
	free(r->len);
	return res->status == CSVREAD_OK ? 0 : -1;
}

static size_t
bom_length(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* Whether a text starts with a UTF-16 byte-order mark. */
static bool
utf16(struct reader *r, const char *s, size_t n)
{
	if (n >= 2 && (memcmp(s, "\xff\xfe", 2) == 0 ||
	    memcmp(s, "\xfe\xff", 2) == 0)) {
		r->res.status = CSVREAD_UTF16;
		return true;
	}
	return false;
}

/* How many bytes at the end of s[0..n) begin a UTF-8 sequence that the
 * next block completes. */
static size_t
incomplete_tail(const unsigned char *s, size_t n)
{
	size_t back, need;

	for (back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = s[n - back];

		if ((c & 0xc0) == 0x80)
			continue;	/* a continuation byte: look further */
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

/* Whether the text from here to the end of the stream is valid UTF-8:
 * pending[0..n), just read, then the rest of the file, after which the
 * stream is put back where it was.  A stream that cannot go back counts
 * as UTF-8. */
static bool
rest_is_utf8(FILE *fp, const char *pending, size_t n)
{
	unsigned char buf[BLOCK + 4];
	size_t carry, m;
	bool ok;
	off_t at = ftello(fp);

	if (at < 0 || fseeko(fp, at, SEEK_SET) != 0)
		return true;
	carry = incomplete_tail((const unsigned char *)pending, n);
	ok = str_is_utf8(pending, n - carry);
	memcpy(buf, pending + n - carry, carry);
	while (ok && (m = fread(buf + carry, 1, BLOCK, fp)) > 0) {
		m += carry;
		carry = incomplete_tail(buf, m);
		ok = str_is_utf8((const char *)buf, m - carry);
		memmove(buf, buf + m - carry, carry);
	}
	if (carry > 0)
		ok = false;
	clearerr(fp);
	if (fseeko(fp, at, SEEK_SET) != 0)
		return true;
	return ok;
}

/*
 * With encoding auto, the encoding is decided at the first byte that is not
 * ASCII, by whether the text from there to the end is UTF-8: the text
 * before it reads the same in UTF-8 and in Windows-1252, so the file is
 * read once unless it holds something other than ASCII.  s[0..n) is what
 * was just read.
 */
static int
decide_encoding(struct reader *r, FILE *fp, const char *s, size_t n)
{
	size_t i = str_ascii_len(s, n);

	if (i == n)
		return 0;
	r->undecided = false;
	if (rest_is_utf8(fp, s + i, n - i))
		return 0;
	return use_cp1252(r);
}

/* Whole lines (the last may lack its line end). */
static int
feed_lines(struct reader *r, const char *s, size_t n)
{
	const char *end = s + n, *nl;
	size_t k;

	while (s < end && !r->stopped) {
		nl = memchr(s, '\n', (size_t)(end - s));
		k = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (feed_line(r, s, k) < 0)
			return -1;
		s += k;
	}
	return 0;
}

int
csvread_buffer(const char *buf, size_t len, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	size_t bom = bom_length(buf, len);

	if (reader_init(&r, h, enc, delimiter) == 0 && !utf16(&r, buf, len) &&
	    (enc != ENC_AUTO || str_is_utf8(buf + bom, len - bom) ||
	    use_cp1252(&r) == 0)) {
		feed_lines(&r, buf + bom, len - bom);
		reader_end(&r);
	}
	return reader_finish(&r, res);
}

/*
 * A line past max_line: a line of plain values is refused as a row and
 * skipped to its end; one inside or starting a quoted value cannot be
 * split safely, and the file is refused.
 */
static int
long_line(struct reader *r, const char *buf, size_t len)
{
	char why[96];

	if (r->in_header || r->open || memchr(buf, '"', len) != NULL) {
		r->res.status = CSVREAD_TOOLONG;
		r->res.line = r->record_start;
		return -1;
	}
	snprintf(why, sizeof(why), "a line of more than %zu bytes",
	    r->h->max_line);
	refuse(r, why);
	r->skipping = true;
	return 0;
}

/* A file, a block at a time: the whole lines of each, and what is left
 * of the last line goes before the next block. */
static void
read_stream(struct reader *r, FILE *fp)
{
	size_t cap = BLOCK, len = 0, n, k, bom, fresh;
	char *buf = xmalloc(cap);
	const char *nl;
	bool first = true;

	while (!r->stopped && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
		fresh = len;
		len += n;
		if (first && utf16(r, buf, len))
			break;
		if (first) {
			bom = bom_length(buf, len);
			memmove(buf, buf + bom, len - bom);
			len -= bom;
			fresh = 0;
			first = false;
		}
		if (r->undecided && decide_encoding(r, fp, buf + fresh,
		    len - fresh) < 0)
			break;
		if (r->skipping) {
			/* the rest of a line too long to keep; a quote in it
			 * could open a value that goes on past its end */
			nl = memchr(buf, '\n', len);
			k = nl ? (size_t)(nl - buf) + 1 : len;
			if (memchr(buf, '"', k) != NULL) {
				r->res.status = CSVREAD_TOOLONG;
				r->res.line = r->record_start;
				break;
			}
			if (nl == NULL) {
				len = 0;
				continue;
			}
			memmove(buf, buf + k, len - k);
			len -= k;
			r->skipping = false;
			r->record_start = ++r->line;
		}
		if ((nl = memrchr(buf, '\n', len)) == NULL) {
			if (len < cap)
				continue;
			if (r->h->max_line > 0 && cap > r->h->max_line) {
				if (long_line(r, buf, len) < 0)
					break;
				len = 0;
				continue;
			}
			buf = xreallocarray(buf, cap *= 2, 1);	/* a long line */
			continue;
		}
		k = (size_t)(nl - buf) + 1;
		if (feed_lines(r, buf, k) < 0)
			break;
		memmove(buf, buf + k, len - k);
		len -= k;
	}
	if (r->res.status == CSVREAD_OK && ferror(fp)) {
		r->res.status = CSVREAD_IO;
		r->res.err = errno ? errno : EIO;
	}
	if (r->res.status == CSVREAD_OK && len > 0 && !r->skipping)
		feed_lines(r, buf, len);
	free(buf);
}

/* A file larger than max_file is refused before it is read. */
static bool
too_big(struct reader *r, FILE *fp)
{
	struct stat st;

	if (r->h->max_file == 0 || fstat(fileno(fp), &st) < 0 ||
	    !S_ISREG(st.st_mode) || (unsigned long long)st.st_size <=
	    r->h->max_file)
		return false;
	r->res.status = CSVREAD_TOOBIG;
	r->res.size = (unsigned long long)st.st_size;
	return true;
}

int
csvread_file(const char *path, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	FILE *fp;

	if (reader_init(&r, h, enc, delimiter) < 0)
		return reader_finish(&r, res);
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		r.res.status = CSVREAD_OPEN;
		r.res.err = errno;
		return reader_finish(&r, res);
	}
	if (too_big(&r, fp))
		;
	else {
		r.undecided = enc == ENC_AUTO;
		read_stream(&r, fp);
		reader_end(&r);
	}
	if (fp != stdin)
		fclose(fp);
	return reader_finish(&r, res);
}

unsigned long
csvread_lines(const char *path, unsigned long long max_file)
{
	char buf[BLOCK];
	unsigned long lines = 0;
	const char *p, *end;
	struct stat st;
	ssize_t n = 0;
	int fd;
	bool open_line = false;

	if (strcmp(path, "-") == 0 ||
	    (fd = open(path, O_RDONLY | O_NONBLOCK)) < 0)
		return 0;
	/* a pipe would give its text to the count, not to the reading */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (max_file > 0 &&
	    (unsigned long long)st.st_size > max_file)) {
		close(fd);
		return 0;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (p = buf, end = buf + n; (p = memchr(p, '\n', (size_t)(end -
		    p))) != NULL; p++)
			lines++;
		open_line = buf[n - 1] != '\n';
	}
	close(fd);
	return n < 0 ? 0 : lines + open_line;
}

bool
csvread_sep_line(const char *s, size_t n, size_t *len)
{
	const char *nl = memchr(s, '\n', n);
	size_t k = nl ? (size_t)(nl - s) + 1 : n;

	*len = k;
	/* the delimiter named must be a tab or a punctuation mark */
	if (k < 5 || memcmp(s, "sep=", 4) != 0 || s[4] == '"' ||
	    (s[4] != '\t' && !(s[4] > ' ' && s[4] < 0x7f &&
	    !isalnum((unsigned char)s[4]))))
		return false;
	return k == 5 || (k == 6 && (s[5] == '\n' || s[5] == '\r')) ||
	    (k == 7 && s[5] == '\r' && s[6] == '\n');
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
	case CSVREAD_TOOBIG:
		snprintf(msg, sizeof(msg), "the file is %llu MB, more than "
		    "limits.max_file_mb: refused before reading",
		    res->size / (1024 * 1024));
		return msg;
	case CSVREAD_TOOLONG:
		snprintf(msg, sizeof(msg), "line %lu: a quoted record longer "
		    "than the limit (limits.max_field_bytes): the file cannot "
		    "be split safely", res->line);
		return msg;
	case CSVREAD_UTF16:
		return "the file is UTF-16 (it starts with a UTF-16 byte-order "
		    "mark): export it as \"CSV UTF-8\"";
	case CSVREAD_NOMEM:
		break;
	}
	return "out of memory";
}
