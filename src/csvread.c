#include <csv.h>
#include <errno.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "util.h"

#define BLOCK		(256 * 1024)
#define BATCH_TEXT	(64 * 1024)	/* a batch is handed over at this size */
#define BATCH_ROWS	1024		/* or at this many rows */
#define BATCHES		4		/* in use at once, at most */
#define MISSING		UINT32_MAX	/* a value the row does not have */
#define SPINS		256		/* waits before sleeping */
#define ROW_NOT_BEGUN	0		/* libcsv's parser states */
#define FIELD_BEGUN	2
#define MIN(a, b)	((a) < (b) ? (a) : (b))

enum { ORDINARY, SPACE, STOP };		/* bytes, for feed_plain */

/*
 * A file is read in two threads: the reader splits its lines (feed_plain,
 * or libcsv for a value feed_plain leaves to it) and puts the values of the
 * wanted columns, row after row, into batches; the caller's thread
 * takes the batches in order and calls the handler for each row.  Every
 * handler call happens on the caller's thread, in file order, so a handler
 * needs no locking.  A buffer is read in one thread through the same
 * batches, each handed over as soon as it is full.
 */
struct batch {
	struct batch	*next;
	struct strbuf	 text;		/* the values, row after row, each
					 * NUL-terminated */
	uint32_t	*lens;		/* nrows x width: the length of each
					 * wanted value, or MISSING */
	unsigned long	*lines;		/* where each record starts */
	size_t		 width;		/* the header batch: its columns */
	size_t		 nrows;
	size_t		 cap;		/* rows */
	size_t		 nlens;		/* room in lens */
	bool		 header;	/* its one row is the header */
	bool		 last;		/* nothing follows */
};

struct reader {
	/* the reader's own */
	struct csv_parser	 p;
	FILE			*fp;
	enum encoding		 enc;
	char			 delimiter;	/* 0: find from the header */
	bool			 in_header;
	bool			 stopped;
	bool			 nonblank;
	unsigned char		 cls[256];	/* ORDINARY, SPACE or STOP */
	unsigned long		 line;		/* line being parsed */
	unsigned long		 record_start;
	size_t			 ncols;
	size_t			 col;
	size_t			 cap;		/* of want, have, flen */
	bool			*want;		/* set by the header callback,
						 * while the reader waits */
	bool			*have;
	size_t			*flen;
	struct batch		*cur;		/* being filled */
	size_t			 row_text;	/* cur's text length at row start */
	struct csvread_result	 res;		/* read by the caller at the end */

	/* the caller's own, on cache lines of their own: the two threads
	 * writing one line would pass it back and forth at every field */
	_Alignas(64) const struct csvread_handler *h;
	char			**field;	/* "" but in wanted columns */
	size_t			*len;
	size_t			 width;		/* the header's columns */

	/* shared: under mu when threaded */
	_Alignas(64) bool	 threaded;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct batch		*full;		/* handed over, oldest first */
	struct batch		*free;
	size_t			 nbatches;
	bool			 answered;	/* the header callback has run */
	bool			 stop;		/* ... and said stop */
	size_t			*wcol;		/* ... and wanted these columns */
	size_t			 nw;
	_Atomic unsigned long	 handed;	/* batches handed over so far */
	_Atomic unsigned long	 returned;	/* ... and given back */
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
	r->flen = xreallocarray(r->flen, r->cap, sizeof(*r->flen));
}

/*
 * Spins while *counter is still seen, a few microseconds: when the other
 * thread is about to hand over or give back a batch, that is less than it
 * costs to put this one to sleep and wake it again.  Longer spins bought
 * no time and cost CPU.  The caller then locks and checks.
 */
static void
spin_while(_Atomic unsigned long *counter, unsigned long seen)
{
	int i;

	for (i = 0; i < SPINS &&
	    atomic_load_explicit(counter, memory_order_relaxed) == seen; i++) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
}

static void
lock(struct reader *r)
{
	if (r->threaded)
		pthread_mutex_lock(&r->mu);
}

static void
unlock(struct reader *r)
{
	if (r->threaded)
		pthread_mutex_unlock(&r->mu);
}

/* Reader: an empty batch to fill, once the caller has given one back if
 * BATCHES are out already. */
static struct batch *
take_batch(struct reader *r)
{
	struct batch *b;

	if (r->threaded && r->nbatches == BATCHES)
		spin_while(&r->returned, atomic_load(&r->handed) - BATCHES);
	lock(r);
	while (r->free == NULL && r->nbatches == BATCHES)
		pthread_cond_wait(&r->cv, &r->mu);
	if ((b = r->free) != NULL)
		r->free = b->next;
	else {
		b = xcalloc(1, sizeof(*b));
		r->nbatches++;
	}
	unlock(r);
	/* The caller's core last read this memory: claiming it line by line
	 * at each small copy would wait on that core every time.  One pass of
	 * stores claims what a batch fills at once. */
	if (r->threaded && b->text.cap > 0)
		memset(b->text.s, 0, MIN(b->text.cap, 2 * BATCH_TEXT));
	if (r->threaded && b->cap > 0) {
		memset(b->lens, 0, MIN(b->nlens, BATCH_ROWS * r->nw) *
		    sizeof(*b->lens));
		memset(b->lines, 0, MIN(b->cap, BATCH_ROWS) *
		    sizeof(*b->lines));
	}
	b->next = NULL;
	b->nrows = 0;
	b->header = b->last = false;
	sb_reset(&b->text);
	return b;
}

/* Caller: points field[] and len[] at the values of the n columns whose
 * lengths are lens[], which start at text; returns where the next row's
 * values start. */
static char *
row_fields(char *text, const uint32_t *lens, const size_t *col, size_t n,
    char **field, size_t *len)
{
	size_t j, i;

	for (j = 0; j < n; j++) {
		i = col != NULL ? col[j] : j;
		if (lens[j] == MISSING) {
			field[i] = (char *)"";
			len[i] = 0;
		} else {
			field[i] = text;
			len[i] = lens[j];
			text += lens[j] + 1;
		}
	}
	return text;
}

/* Caller: the header callback, and which columns it wants. */
static void
deliver_header(struct reader *r, struct batch *b)
{
	size_t i, n = b->width;

	r->width = n;
	r->field = xreallocarray(r->field, n, sizeof(*r->field));
	r->len = xreallocarray(r->len, n, sizeof(*r->len));
	r->wcol = xreallocarray(r->wcol, n, sizeof(*r->wcol));
	row_fields(b->text.s, b->lens, NULL, n, r->field, r->len);
	for (i = 0; i < n; i++) {
		size_t tl = r->len[i];
		const char *t = str_trim(r->field[i], &tl);

		if (r->field[i][0] != '\0') {
			memmove(r->field[i], t, tl);
			r->field[i][tl] = '\0';
		}
		r->len[i] = tl;
		r->want[i] = false;
	}
	r->stop = r->h->header(r->h->ctx, r->field, n, r->want) < 0;
	for (i = r->nw = 0; i < n; i++) {
		if (r->want[i])
			r->wcol[r->nw++] = i;
		r->field[i] = (char *)"";
		r->len[i] = 0;
	}
}

/* Caller: the handler calls for one batch. */
static void
deliver(struct reader *r, struct batch *b)
{
	const struct csvread_handler *h = r->h;
	char *text = b->text.s;
	size_t k;

	if (b->header) {
		deliver_header(r, b);
		return;
	}
	for (k = 0; k < b->nrows; k++) {
		text = row_fields(text, &b->lens[k * r->nw], r->wcol, r->nw,
		    r->field, r->len);
		h->row(h->ctx, b->lines[k], r->field, r->len, r->width);
	}
}

/* Caller: takes each batch the reader hands over until the last. */
static void
deliver_all(struct reader *r)
{
	struct batch *b;
	unsigned long taken = 0;
	bool last;

	do {
		spin_while(&r->handed, taken++);
		pthread_mutex_lock(&r->mu);
		while (r->full == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		b = r->full;
		r->full = b->next;
		pthread_mutex_unlock(&r->mu);
		deliver(r, b);
		last = b->last;
		pthread_mutex_lock(&r->mu);
		r->answered |= b->header;
		atomic_fetch_add(&r->returned, 1);
		b->next = r->free;
		r->free = b;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	} while (!last);
}

/* Reader: passes the current batch on: to the caller's thread or, read in
 * one thread, straight to the handler.  After the header it waits for the
 * header callback's answer: which columns to keep, and whether to go on. */
static void
hand_over(struct reader *r)
{
	struct batch *b = r->cur, **tail;

	r->cur = NULL;
	if (!r->threaded) {
		deliver(r, b);
		b->next = r->free;
		r->free = b;
	} else {
		pthread_mutex_lock(&r->mu);
		for (tail = &r->full; *tail != NULL; tail = &(*tail)->next)
			;
		*tail = b;
		atomic_fetch_add(&r->handed, 1);
		pthread_cond_broadcast(&r->cv);
		while (b->header && !r->answered)
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
	}
	if (b->header)
		r->stopped = r->stop;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	struct strbuf *t;
	size_t col = r->col++, tlen = len, start;

	if (r->stopped)
		return;
	if (!r->nonblank && len > 0 && (str_trim(s, &tlen), tlen > 0))
		r->nonblank = true;
	if (r->in_header) {
		grow_columns(r, col + 1);
		r->want[col] = true;
	} else if (col >= r->ncols || !r->want[col])
		return;
	if (r->cur == NULL) {
		r->cur = take_batch(r);
		r->row_text = 0;
	}
	t = &r->cur->text;
	r->have[col] = true;
	start = t->len;
	if (r->enc == ENC_CP1252)
		add_cp1252(t, s, len);
	else {
		if (t->cap - t->len <= len + 1)
			sb_reserve(t, len + 1);
		memcpy(t->s + t->len, s, len);
		t->len += len;
	}
	r->flen[col] = t->len - start;
	if (r->flen[col] >= MISSING) {		/* 4 GiB in one cell */
		r->res.status = CSVREAD_TOOBIG;
		r->stopped = true;
	}
	if (t->cap - t->len < 2)
		sb_reserve(t, 1);
	t->s[t->len++] = '\0';
}

/* Reader: the row's cells go into the batch: every column of the header,
 * the wanted ones of a data row. */
static void
add_row(struct reader *r, struct batch *b)
{
	size_t j, n = b->header ? r->col : r->nw;
	uint32_t *l;

	if (b->nrows == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->lines = xreallocarray(b->lines, b->cap, sizeof(*b->lines));
	}
	if ((b->nrows + 1) * n > b->nlens) {
		b->nlens = b->cap * n;
		b->lens = xreallocarray(b->lens, b->nlens, sizeof(*b->lens));
	}
	l = &b->lens[b->nrows * n];
	for (j = 0; j < n; j++) {
		size_t i = b->header ? j : r->wcol[j];

		l[j] = r->have[i] ? (uint32_t)r->flen[i] : MISSING;
	}
	b->lines[b->nrows++] = r->record_start;
}

static void
on_row(int c, void *data)
{
	struct reader *r = data;
	bool header = r->in_header;
	size_t i;

	(void)c;
	if (r->col == 0)	/* feed_plain's blank line, or LF after a CR */
		return;
	if (r->stopped || !r->nonblank) {
		if (r->cur != NULL)
			r->cur->text.len = r->row_text;
		goto reset;
	}
	if (r->cur == NULL)
		r->cur = take_batch(r);
	if (header) {
		r->cur->width = r->ncols = r->col;
		r->cur->header = true;
		r->in_header = false;
		add_row(r, r->cur);
		hand_over(r);
	} else {
		add_row(r, r->cur);
		r->res.rows++;
		if (r->cur->nrows >= BATCH_ROWS || r->cur->text.len >= BATCH_TEXT)
			hand_over(r);
	}
reset:
	if (header)
		for (i = 0; i < r->col && i < r->cap; i++)
			r->have[i] = false;
	else
		for (i = 0; i < r->nw; i++)
			r->have[r->wcol[i]] = false;
	r->col = 0;
	r->nonblank = false;
	r->row_text = r->cur != NULL ? r->cur->text.len : 0;
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
reader_init(struct reader *r, const struct csvread_handler *h, enum encoding enc,
    char delimiter)
{
	memset(r, 0, sizeof(*r));
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0) {
		r->res.status = CSVREAD_NOMEM;
		return -1;
	}
	r->h = h;
	r->enc = enc;
	r->delimiter = delimiter;
	r->in_header = true;
	r->line = 1;
	r->record_start = 1;
	return 0;
}

static void
reader_set_delimiter(struct reader *r, const char *s, size_t n)
{
	char d = r->delimiter ? r->delimiter : sniff_delimiter(s, n);

	csv_set_delim(&r->p, (unsigned char)d);
	/* libcsv trims spaces and tabs; a tab delimiter must not be trimmed.
	 * Otherwise its built-in test is faster than any callback. */
	if (d == '\t')
		csv_set_space_func(&r->p, is_space_only);
	r->res.delimiter = d;
	memset(r->cls, ORDINARY, sizeof(r->cls));
	r->cls[' '] = SPACE;
	if (d != '\t')
		r->cls['\t'] = SPACE;
	r->cls['\r'] = r->cls['\n'] = r->cls[(unsigned char)d] = STOP;
}

/* Feeds one line (or the end of the block) and counts it. */
static int
feed_line(struct reader *r, const char *s, size_t n)
{
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n)
		return -1;
	if (s[n - 1] == '\n') {
		r->line++;
		if (r->p.pstate == ROW_NOT_BEGUN)
			r->record_start = r->line;
	}
	return 0;
}

/*
 * Reader: a bit for each of the (at most 64) bytes from p to end that ends
 * a field: the delimiter, a CR or a LF.  SSE2 (every x86-64 has it) looks
 * at 16 bytes at once; elsewhere, and for the last bytes of a run, the
 * byte table does.
 */
static uint64_t
field_ends(const struct reader *r, const unsigned char *p,
    const unsigned char *end)
{
	uint64_t m = 0;
	size_t i, n = MIN((size_t)(end - p), 64);

#ifdef __SSE2__
	if (n == 64) {
		const __m128i d = _mm_set1_epi8(r->res.delimiter);
		const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

		for (i = 0; i < 64; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
			__m128i e = _mm_or_si128(_mm_cmpeq_epi8(v, d),
			    _mm_or_si128(_mm_cmpeq_epi8(v, cr),
			    _mm_cmpeq_epi8(v, lf)));

			m |= (uint64_t)(unsigned)_mm_movemask_epi8(e) << i;
		}
		return m;
	}
#endif
	for (i = 0; i < n; i++)
		m |= (uint64_t)(r->cls[p[i]] == STOP) << i;
	return m;
}

/*
 * Reader: the field ends up to stop, which the split has reached by
 * another way (they were inside quotes), are past: drops them from *ends,
 * or starts again from stop when it lies beyond the 64 bytes at *base.
 */
static void
skip_ends(const struct reader *r, const unsigned char **base, uint64_t *ends,
    const unsigned char *stop, const unsigned char *end)
{
	size_t off = (size_t)(stop - *base);

	if (off < 63)
		*ends &= ~(uint64_t)0 << (off + 1);
	else if (off == 63)
		*ends = 0;
	else {
		*base = stop;
		*ends = field_ends(r, stop, end) & ~(uint64_t)1;
	}
}

/*
 * Reader: where a value in quotes that starts at p ends, the byte after its
 * closing quote and any spaces: a field end (delimiter, CR or LF).  NULL
 * when the value is one libcsv must read: it holds a line break, or a
 * doubled quote or other text follows the first quote after the opening
 * one, or the run ends first.
 */
static const unsigned char *
quoted_end(const struct reader *r, const unsigned char *p,
    const unsigned char *end, const unsigned char **close)
{
	const unsigned char *q;

	for (q = p + 1; q < end && *q != '"'; q++)
		if (*q == '\n' || *q == '\r')
			return NULL;
	if (q == end)		/* else q + 1 < end: the run ends with LF */
		return NULL;
	*close = q;
	for (q++; r->cls[*q] == SPACE; q++)
		;
	return r->cls[*q] == STOP ? q : NULL;
}

/*
 * Reader: whole lines from the start of a row, split here as libcsv splits
 * them: the same fields, unquoted ones with spaces (and tabs, but for a tab
 * delimiter) trimmed, quoted ones as they are between the quotes, the same
 * row ends, a blank line or the LF of a CRLF reported as a row of no
 * fields.  It costs a fraction of libcsv's work a byte.  A quoted value
 * with a doubled quote or a line break in it is left to libcsv: the
 * return is where that field starts, or n when the whole run is done.
 * libcsv, which has seen no byte of the row, reads the opening quote as it
 * would after a delimiter, and the row goes on.  The unit tests read every
 * input this way and through libcsv alone and compare.
 */
static size_t
feed_plain(struct reader *r, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *cls = r->cls, *base = p, *stop, *last;
	unsigned char d = (unsigned char)r->res.delimiter;
	uint64_t ends = field_ends(r, base, end);
	bool begun = false;	/* after a delimiter: a field is due */

	/* s[n - 1] is a line feed: the last field ends there */
	while (!r->stopped) {
		while (ends == 0) {
			if ((base += 64) >= end)
				return n;
			ends = field_ends(r, base, end);
		}
		stop = base + __builtin_ctzll(ends);
		ends &= ends - 1;
		while (p < stop && cls[*p] == SPACE)
			p++;
		if (*p == '"') {
			if ((stop = quoted_end(r, p, end, &last)) == NULL)
				return (size_t)(p - (const unsigned char *)s);
			on_field((void *)(p + 1), (size_t)(last - p - 1), r);
			skip_ends(r, &base, &ends, stop, end);
		} else {
			for (last = stop; last > p && cls[last[-1]] == SPACE;
			    last--)
				;
			if (last > p || *stop == d || begun)
				on_field((void *)p, (size_t)(last - p), r);
		}
		begun = *stop == d;
		if (!begun) {
			on_row(*stop, r);
			if (*stop == '\n')
				r->record_start = ++r->line;
		}
		p = stop + 1;
	}
	return n;
}

/*
 * Feeds a block so that each record knows the line it began on.  Whole
 * lines from the start of a row are split by feed_plain.  A value it
 * leaves to libcsv, to the end of its line, and the rest of a line begun
 * in the last block, go to libcsv a line at a time, counted here.
 */
static int
reader_feed(struct reader *r, const char *s, size_t n)
{
	const char *end = s + n, *nl;
	size_t k;

	while (s < end && !r->stopped) {
		if (r->p.pstate == ROW_NOT_BEGUN && !r->h->libcsv_only &&
		    (nl = memrchr(s, '\n', (size_t)(end - s))) != NULL) {
			k = (size_t)(nl - s) + 1;
			if ((s += feed_plain(r, s, k)) == nl + 1)
				continue;
		}
		nl = memchr(s, '\n', (size_t)(end - s));
		k = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (feed_line(r, s, k) < 0) {
			r->res.status = CSVREAD_NOMEM;
			return -1;
		}
		s += k;
	}
	return 0;
}

/* Reader: the last record, and the end for the caller. */
static void
reader_end(struct reader *r)
{
	if (r->res.status == CSVREAD_OK && !r->stopped &&
	    r->p.pstate == FIELD_BEGUN && r->p.quoted) {
		r->res.status = CSVREAD_UNCLOSED;
		r->res.line = r->record_start;
	} else if (r->res.status == CSVREAD_OK && !r->stopped)
		csv_fini(&r->p, on_field, on_row, r);
	if (r->cur == NULL)
		r->cur = take_batch(r);
	r->cur->last = true;
	hand_over(r);
}

static size_t
skip_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* Reader: the whole file. */
static void *
read_file(void *arg)
{
	struct reader *r = arg;
	char *block = xmalloc(BLOCK);
	bool first = true;
	size_t n;

	while (!r->stopped && (n = fread(block, 1, BLOCK, r->fp)) > 0) {
		size_t bom = 0;

		if (first) {
			bom = skip_bom(block, n);
			reader_set_delimiter(r, block + bom, n - bom);
			first = false;
		}
		if (reader_feed(r, block + bom, n - bom) < 0)
			break;
	}
	if (r->res.status == CSVREAD_OK && ferror(r->fp)) {
		r->res.status = CSVREAD_IO;
		r->res.err = errno ? errno : EIO;
	}
	if (first)
		reader_set_delimiter(r, "", 0);
	free(block);
	reader_end(r);
	return NULL;
}

static int
reader_finish(struct reader *r, struct csvread_result *res)
{
	struct batch *b, *next;

	*res = r->res;
	if (res->status == CSVREAD_OK && r->stopped)
		res->status = CSVREAD_STOPPED;
	if (res->status == CSVREAD_OK && r->in_header)
		res->status = CSVREAD_EMPTY;
	csv_free(&r->p);
	for (b = r->free; b != NULL; b = next) {
		next = b->next;
		sb_free(&b->text);
		free(b->lens);
		free(b->lines);
		free(b);
	}
	free(r->want);
	free(r->have);
	free(r->flen);
	free(r->field);
	free(r->len);
	free(r->wcol);
	return res->status == CSVREAD_OK ? 0 : -1;
}

int
csvread_buffer(const char *buf, size_t len, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	size_t bom = skip_bom(buf, len);

	if (reader_init(&r, h, enc, delimiter) == 0) {
		reader_set_delimiter(&r, buf + bom, len - bom);
		reader_feed(&r, buf + bom, len - bom);
		reader_end(&r);
	}
	return reader_finish(&r, res);
}

int
csvread_file(const char *path, char delimiter, enum encoding enc,
    const struct csvread_handler *h, struct csvread_result *res)
{
	struct reader r;
	pthread_t tid;

	if (reader_init(&r, h, enc, delimiter) < 0)
		return reader_finish(&r, res);
	r.fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (r.fp == NULL) {
		r.res.status = CSVREAD_OPEN;
		r.res.err = errno;
		return reader_finish(&r, res);
	}
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	r.threaded = true;	/* before the reader starts: it reads it */
	if (pthread_create(&tid, NULL, read_file, &r) != 0)
		r.threaded = false;
	if (r.threaded) {
		deliver_all(&r);
		pthread_join(tid, NULL);
	} else
		read_file(&r);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
	if (r.fp != stdin)
		fclose(r.fp);
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
	case CSVREAD_TOOBIG:
		return "a value of 4 GiB or more";
	case CSVREAD_NOMEM:
		break;
	}
	return "out of memory";
}
