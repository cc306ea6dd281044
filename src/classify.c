#include <stdlib.h>
#include <string.h>

#include "classify.h"

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

int
classify_title(struct classifier *cl, const char *title, size_t len)
{
	const char *key;
	uint32_t v;
	size_t i;
	int cert = -1;

	title = str_trim(title, &len);
	if (strmap_get(&cl->cache, title, len, &v)) {
		if (v & OTHER_TITLE) {
			cl->others[v & ~OTHER_TITLE].rows++;
			return -1;
		}
		return (int)v - 1;
	}
	for (i = 0; i < cl->conf->ncerts; i++) {
		const struct conf_cert *ct = &cl->conf->certs[i];

		if (any_match(&ct->match, title, len) &&
		    !any_match(&ct->exclude, title, len)) {
			cert = (int)i;
			break;
		}
	}
	if (cl->cache.len >= CACHE_MAX)
		return cert;
	key = arena_strndup(&cl->keys, title, len);
	v = (uint32_t)(cert + 1);
	if (cert < 0 && len > 0 && !str_has_control(title, len) &&
	    str_is_utf8(title, len)) {
		cl->others = xreallocarray(cl->others, cl->nothers + 1,
		    sizeof(*cl->others));
		cl->others[cl->nothers].title = key;
		cl->others[cl->nothers].rows = 1;
		v = OTHER_TITLE | (uint32_t)cl->nothers++;
	}
	strmap_put(&cl->cache, key, len, v);
	return cert;
}

void
classifier_free(struct classifier *cl)
{
	strmap_free(&cl->cache);
	arena_free(&cl->keys);
	free(cl->others);
}
