#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

static _Noreturn void
nomem(void)
{
	fputs("certminder: out of memory\n", stderr);
	exit(70);
}

/*
 * Large tables (the people, their index, the notices) are touched all
 * over, and each page fault costs.  They are placed on 2 MiB boundaries
 * and marked for transparent huge pages, so that one fault brings in 2 MiB
 * instead of 4 KiB.
 */
#define HUGE_PAGE	((size_t)2 * 1024 * 1024)
#define BIG		(2 * HUGE_PAGE)

static void *
big_alloc(size_t n)
{
	size_t rounded = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p;

	if (rounded < n || posix_memalign(&p, HUGE_PAGE, rounded) != 0)
		nomem();
	madvise(p, rounded, MADV_HUGEPAGE);
	return p;
}

void *
xmalloc(size_t n)
{
	void *p;

	if (n >= BIG)
		return big_alloc(n);
	if ((p = malloc(n ? n : 1)) == NULL)
		nomem();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		nomem();
	if (n * size >= BIG)
		return memset(big_alloc(n * size), 0, n * size);
	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		nomem();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q;

	if (n >= BIG) {
		size_t old = p ? malloc_usable_size(p) : 0;

		if (old >= n)
			return p;
		q = big_alloc(n);
		if (old > 0)
			memcpy(q, p, old < n ? old : n);
		free(p);
		return q;
	}
	if ((q = realloc(p, n ? n : 1)) == NULL)
		nomem();
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		nomem();
	return xrealloc(p, n * size);
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
sb_reserve(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - sb->len - 1)
		nomem();
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap = sb->cap > SIZE_MAX / 2 ? need : sb->cap * 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void
sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void
sb_addc(struct strbuf *sb, char c)
{
	sb_reserve(sb, 1);
	sb->s[sb->len++] = c;
	sb->s[sb->len] = '\0';
}

void
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	struct strbuf sb = { 0 };

	sb_vprintf(&sb, fmt, ap);
	return sb_steal(&sb);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *
sb_steal(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");

	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}

#define ARENA_FIRST	(64 * 1024)
#define ARENA_MAX	(8 * 1024 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t	 used;
	size_t	 size;
	char	 data[];
};

static struct arena_block *
arena_block(struct arena *a, size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	return b;
}

void
arena_reserve(struct arena *a, size_t n)
{
	if (a->head == NULL || a->head->size - a->head->used < n)
		arena_block(a, n);
}

char *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	char *p;

	if (b == NULL || b->size - b->used < n) {
		/* blocks double up to 8 MiB: a large roster gets few, large
		 * blocks, which xmalloc() backs with huge pages */
		size_t size = b == NULL ? ARENA_FIRST : b->size < ARENA_MAX ?
		    b->size * 2 : ARENA_MAX;

		b = arena_block(a, size < n ? n : size);
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/* 16 bytes a slot: a table of a million ids stays in few cache lines. */
struct strmap_slot {
	const char	*key;	/* NUL-terminated, borrowed */
	uint32_t	 hash;
	uint32_t	 val;
};

uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	/* eight bytes a step: ids, titles and dates are short */
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	return h ^ (h >> 29);
}

static struct strmap_slot *
slot_find(const struct strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (s->key == NULL)
			return s;
		if (s->hash == h && memcmp(s->key, key, len) == 0 &&
		    s->key[len] == '\0')
			return s;
	}
}

bool
strmap_find(const struct strmap *m, const char *key, size_t len, uint32_t *val,
    struct strmap_spot *spot)
{
	struct strmap_slot *s;

	spot->hash = (uint32_t)hash_bytes(key, len);
	spot->cap = m->cap;
	if (m->cap == 0) {
		spot->i = SIZE_MAX;
		return false;
	}
	s = slot_find(m, key, len, spot->hash);
	spot->i = (size_t)(s - m->slots);
	if (s->key == NULL)
		return false;
	*val = s->val;
	return true;
}

bool
strmap_get(const struct strmap *m, const char *key, size_t len, uint32_t *val)
{
	struct strmap_spot spot;

	return strmap_find(m, key, len, val, &spot);
}

void
strmap_add(struct strmap *m, const struct strmap_spot *spot, const char *key,
    uint32_t val)
{
	struct strmap_slot *s;

	if ((m->len + 1) * 4 > m->cap * 3)
		strmap_reserve(m, m->cap ? m->cap : 48);
	if (m->cap != spot->cap)	/* grown since: search again */
		s = slot_find(m, key, strlen(key), spot->hash);
	else
		s = &m->slots[spot->i];
	s->key = key;
	s->hash = spot->hash;
	s->val = val;
	m->len++;
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	struct strmap old = *m;
	size_t cap = 64, i;

	while (cap * 3 < n * 4)
		cap *= 2;
	if (cap <= m->cap)
		return;
	m->cap = cap;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*slot_find(m, old.slots[i].key, strlen(old.slots[i].key),
			    old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void
strmap_put(struct strmap *m, const char *key, size_t len, uint32_t val)
{
	struct strmap_spot spot;
	uint32_t old;

	if (strmap_find(m, key, len, &old, &spot))
		m->slots[spot.i].val = val;
	else
		strmap_add(m, &spot, key, val);
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}

void
problems_vadd(struct problems *ps, const char *file, unsigned long line,
    const char *fmt, va_list ap)
{
	if (ps->n >= PROBLEMS_MAX) {
		ps->dropped++;
		return;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
	}
	ps->v[ps->n].file = file;
	ps->v[ps->n].line = line;
	ps->v[ps->n].message = xvasprintf(fmt, ap);
	ps->n++;
}

void
problems_add(struct problems *ps, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	problems_vadd(ps, file, line, fmt, ap);
	va_end(ap);
}

void
problems_free(struct problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->v[i].message);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void
strlist_set(struct strlist *l, const char *const *v, size_t n)
{
	size_t i;

	l->v = xcalloc(n, sizeof(*l->v));
	for (i = 0; i < n; i++)
		l->v[i] = xstrdup(v[i]);
	l->n = n;
}

void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool
strn_ieq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] == '\0' || lower((unsigned char)a[i]) !=
		    lower((unsigned char)b[i]))
			return false;
	return b[alen] == '\0';
}

bool
str_ieq(const char *a, const char *b)
{
	return strn_ieq(a, strlen(a), b);
}

/* Whether the eight bytes at s are all printable ASCII, 0x20..0x7e. */
static bool
plain8(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t w;

	memcpy(&w, s, 8);
	/* a byte below 0x20 borrows into its high bit; 0x7f carries into
	 * it; 0x80 and above have it already */
	return ((((w - ones * 0x20) & ~w) | w | (w + ones)) & high) == 0;
}

bool
str_has_control(const char *s, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n && plain8(s + i))
		i += 8;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
		/* C1 controls, U+0080..U+009F, encoded as C2 80..C2 9F */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool
str_is_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (i + 8 <= n && plain8(s + i)) {
			i += 8;
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(p + i, n - i)) == 0)
			return false;
		i += k;
	}
	return true;
}

void
sb_add_utf8_fixed(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq(p + i, n - i);
		if (k == 0) {
			sb_add(sb, "\xef\xbf\xbd");
			i++;
		} else {
			sb_addn(sb, s + i, k);
			i += k;
		}
	}
}

const char *
path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
