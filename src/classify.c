#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "classify.h"
#include "strmap.h"
#include "text.h"

#define OTHER_TITLE 0x80000000u
#define CACHE_MAX 4096	/* distinct titles remembered; a real export has dozens */

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool
glob_match(const char *pat, const char *s, size_t len)
{
	const char *star_p = NULL;
	size_t i = 0, star_i = 0;

	while (i < len) {
		if (*pat == '*') {
			star_p = ++pat;
			star_i = i;
		} else if (*pat != '\0' && (*pat == '?' ||
		    fold((unsigned char)*pat) == fold((unsigned char)s[i]))) {
			pat++;
			i++;
		} else if (star_p != NULL) {
			pat = star_p;
			i = ++star_i;
		} else
			return false;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

static bool
any_match(const struct strlist *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (glob_match(l->v[i], s, len))
			return true;
	return false;
}

void
classifier_init(struct classifier *cl, const struct conf *c)
{
	memset(cl, 0, sizeof(*cl));
	cl->conf = c;
}

/* Where a title stands in the front table: its length and three bytes. */
static size_t
front_slot(const char *s, size_t len)
{
	size_t h = len * 131;

	if (len > 0)
		h += (unsigned char)s[0] * 31u + (unsigned char)s[len / 2] * 7u +
		    (unsigned char)s[len - 1];
	return h % FRONT_SLOTS;
}

/* A title not seen before: matched against the patterns, and kept. */
static uint32_t
classify_new(struct classifier *cl, const char *title, size_t len)
{
	const char *key;
	uint32_t v;
	size_t i;
	int cert = -1;

	for (i = 0; i < cl->conf->ncerts; i++) {
		const struct conf_cert *ct = &cl->conf->certs[i];

		if (any_match(&ct->match, title, len) &&
		    !any_match(&ct->exclude, title, len)) {
			cert = (int)i;
			break;
		}
	}
	v = (uint32_t)(cert + 1);
	if (cl->cache.len >= CACHE_MAX)
		return v;
	key = arena_strndup(&cl->keys, title, len);
	if (cert < 0 && len > 0 && !str_has_control(title, len) &&
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
classify_title(struct classifier *cl, const char *title, size_t len)
{
	uint32_t v;
	size_t slot;

	title = str_trim(title, &len);
	slot = front_slot(title, len);
	if (cl->front[slot].used && cl->front[slot].len == len &&
	    memcmp(cl->front[slot].s, title, len) == 0)
		v = cl->front[slot].v;
	else {
		if (!strmap_get(&cl->cache, title, len, &v))
			v = classify_new(cl, title, len);
		if (len <= FRONT_LEN) {
			cl->front[slot].used = true;
			cl->front[slot].len = (uint8_t)len;
			cl->front[slot].v = v;
			memcpy(cl->front[slot].s, title, len);
		}
	}
	if (v & OTHER_TITLE) {
		cl->others[v & ~OTHER_TITLE].rows++;
		return -1;
	}
	return (int)v - 1;
}

void
classifier_free(struct classifier *cl)
{
	strmap_free(&cl->cache);
	arena_free(&cl->keys);
	free(cl->others);
}
