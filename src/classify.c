/*
 * classify: a course title against the certifications' patterns.  Both are
 * normalised first (classify_normalize) and compared with fnmatch(3); each
 * title met is remembered, as an export repeats a few dozen titles.
 */
#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "classify.h"
#include "strbuf.h"
#include "strlist.h"
#include "strmap.h"
#include "text.h"

#define OTHER_TITLE 0x80000000u
#define CERT_TITLE 0x40000000u	/* | index in titles */
#define RENEWAL 0x20000000u	/* with a certification + 1 past the cache */
#define CACHE_MAX 4096	/* distinct titles remembered; a real export has dozens */

/* Dropped from a word: "I.C.A.T." reads ICAT, "Officers'" Officers. */
static bool
dropped(unsigned char c)
{
	return c == '.' || c == '\'';
}

/* Part of a word: letters, digits, any non-ASCII byte but those of a
 * no-break space (classify_normalize skips those first); in a pattern the
 * fnmatch(3) wildcards too. */
static bool
word_byte(unsigned char c, bool pattern)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80 ||
	    (pattern && (c == '*' || c == '?' || c == '[' || c == ']'));
}

void
classify_normalize(const char *s, size_t n, bool pattern, struct strbuf *out)
{
	size_t i;
	bool sep;

	sb_reset(out);
	/* a title, and a pattern that does not start with a star, begins
	 * at a word boundary: one space before and after the words */
	sep = !pattern || n == 0 || s[0] != '*';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k = str_space_len(s + i, n - i);

		if (k > 0) {		/* "MHFA\u00a0" is the word MHFA */
			sep = true;
			i += k - 1;
			continue;
		}
		if (dropped(c))
			continue;
		if (!word_byte(c, pattern)) {
			sep = true;
			continue;
		}
		if (sep)
			sb_addc(out, ' ');
		sep = false;
		sb_addc(out, c >= 'A' && c <= 'Z' ? (char)(c + 32) : (char)c);
	}
	if (!pattern || n == 0 || s[n - 1] != '*' || out->len == 0)
		sb_addc(out, ' ');
}

static bool
any_match(const struct strlist *l, const char *title)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (fnmatch(l->v[i], title, 0) == 0)
			return true;
	return false;
}

static void
normalize_all(const struct strlist *in, struct strlist *out)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < in->n; i++) {
		classify_normalize(in->v[i], strlen(in->v[i]), true, &sb);
		strlist_add(out, sb_str(&sb));
	}
	sb_free(&sb);
}

void
classifier_init(struct classifier *cl, const struct conf *c)
{
	size_t i;

	memset(cl, 0, sizeof(*cl));
	cl->conf = c;
	cl->match = xcalloc(c->ncerts, sizeof(*cl->match));
	cl->equivalents = xcalloc(c->ncerts, sizeof(*cl->equivalents));
	cl->exclude = xcalloc(c->ncerts, sizeof(*cl->exclude));
	cl->renewed_by = xcalloc(c->ncerts, sizeof(*cl->renewed_by));
	for (i = 0; i < c->ncerts; i++) {
		normalize_all(&c->certs[i].match, &cl->match[i]);
		normalize_all(&c->certs[i].equivalents, &cl->equivalents[i]);
		normalize_all(&c->certs[i].exclude, &cl->exclude[i]);
		normalize_all(&c->certs[i].renewed_by, &cl->renewed_by[i]);
	}
}

/* A title not seen before: matched against the patterns, and kept. */
static uint32_t
classify_new(struct classifier *cl, const char *title, size_t len)
{
	struct strbuf words = { 0 };
	const char *key;
	uint32_t v;
	size_t i;
	int cert = -1;
	bool equivalent = false, renewal = false;

	classify_normalize(title, len, false, &words);
	for (i = 0; i < cl->conf->ncerts; i++) {
		equivalent = any_match(&cl->equivalents[i], sb_str(&words));
		if ((equivalent || any_match(&cl->match[i], sb_str(&words))) &&
		    !any_match(&cl->exclude[i], sb_str(&words))) {
			cert = (int)i;
			renewal = any_match(&cl->renewed_by[i], sb_str(&words));
			break;
		}
	}
	sb_free(&words);
	v = (uint32_t)(cert + 1) | (renewal ? RENEWAL : 0);
	if (cl->cache.len >= CACHE_MAX)
		return v;
	key = arena_strndup(&cl->keys, title, len);
	if (cert >= 0) {
		cl->titles = xreallocarray(cl->titles, cl->ntitles + 1,
		    sizeof(*cl->titles));
		cl->titles[cl->ntitles] = (struct cert_title){ .title = key,
		    .cert = cert, .renewal = renewal, .equivalent = equivalent };
		v = CERT_TITLE | (uint32_t)cl->ntitles++;
	} else if (len > 0 && !str_has_control(title, len) &&
	    str_is_utf8(title, len)) {
		cl->others = xreallocarray(cl->others, cl->nothers + 1,
		    sizeof(*cl->others));
		cl->others[cl->nothers].title = key;
		cl->others[cl->nothers].rows = 0;
		v = OTHER_TITLE | (uint32_t)cl->nothers++;
	}
	strmap_put(&cl->cache, key, len, v);
	return v;
}

int
classify_title(struct classifier *cl, const char *title, size_t len,
    struct cert_title **ct, bool *renewal)
{
	uint32_t v;

	*ct = NULL;
	*renewal = false;
	title = str_trim(title, &len);
	if (!strmap_get(&cl->cache, title, len, &v))
		v = classify_new(cl, title, len);
	if (v & OTHER_TITLE) {
		cl->others[v & ~OTHER_TITLE].rows++;
		return -1;
	}
	if (v & CERT_TITLE) {
		*ct = &cl->titles[v & ~CERT_TITLE];
		*renewal = (*ct)->renewal;
		return (*ct)->cert;
	}
	*renewal = (v & RENEWAL) != 0;
	return (int)(v & ~RENEWAL) - 1;
}

void
classify_count_person(struct cert_title *ct, uint32_t person)
{
	size_t byte = person / 8;

	if (byte >= ct->seen_bytes) {
		size_t n = ct->seen_bytes ? ct->seen_bytes : 64;

		while (n <= byte)
			n *= 2;
		ct->seen = xrealloc(ct->seen, n);
		memset(ct->seen + ct->seen_bytes, 0, n - ct->seen_bytes);
		ct->seen_bytes = n;
	}
	if (!(ct->seen[byte] & (1u << (person % 8)))) {
		ct->seen[byte] |= (unsigned char)(1u << (person % 8));
		ct->people++;
	}
	ct->rows++;
}

void
classifier_free(struct classifier *cl)
{
	size_t i;

	for (i = 0; i < cl->conf->ncerts; i++) {
		strlist_free(&cl->match[i]);
		strlist_free(&cl->equivalents[i]);
		strlist_free(&cl->exclude[i]);
		strlist_free(&cl->renewed_by[i]);
	}
	for (i = 0; i < cl->ntitles; i++)
		free(cl->titles[i].seen);
	free(cl->titles);
	free(cl->match);
	free(cl->equivalents);
	free(cl->exclude);
	free(cl->renewed_by);
	strmap_free(&cl->cache);
	arena_free(&cl->keys);
	free(cl->others);
}
