#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "people.h"
#include "strmap.h"
#include "text.h"

void
people_init(struct people *pp, size_t ncerts, bool ignore_leading_zeros)
{
	memset(pp, 0, sizeof(*pp));
	pp->ncerts = ncerts;
	pp->ignore_leading_zeros = ignore_leading_zeros;
}

void
people_free(struct people *pp)
{
	free(pp->v);
	free(pp->expires);
	free(pp->booked);
	free(pp->source);
	free(pp->titles);
	free(pp->agency);
	free(pp->shared);
	strmap_free(&pp->shared_ids);
	strmap_free(&pp->title_ids);
	strmap_free(&pp->ids);
	strmap_free(&pp->agency_ids);
	arena_free(&pp->strings);
	memset(pp, 0, sizeof(*pp));
}

const char *
people_key(const struct people *pp, const char *s, size_t *len)
{
	s = str_trim(s, len);
	if (pp->ignore_leading_zeros)
		while (*len > 1 && *s == '0') {
			s++;
			(*len)--;
		}
	return s;
}

/*
 * The map's key of an id: people_key()'s, after the agency's name and a
 * unit separator when ids are per agency.  In buf when it fits, else in
 * *heap (to be freed).
 */
static const char *
map_key(const struct people *pp, const char *agency, size_t alen,
    const char *id, size_t *len, char *buf, size_t size, char **heap)
{
	char *k;

	id = people_key(pp, id, len);
	*heap = NULL;
	if (!pp->agency_scope)
		return id;
	agency = str_trim(agency ? agency : "", &alen);
	k = alen + *len + 2 <= size ? buf : (*heap = xmalloc(alen + *len + 2));
	people_join_key(k, agency, alen, id, *len);
	*len += alen + 1;
	return k;
}

char *
people_join_key(char *k, const char *agency, size_t alen, const char *id,
    size_t len)
{
	memcpy(k, agency, alen);
	k[alen] = PEOPLE_KEY_SEP;
	memcpy(k + alen + 1, id, len);
	k[alen + 1 + len] = '\0';
	return k;
}

const char *
people_keep_key(struct people *pp, const char *agency, size_t alen,
    const char *id, size_t len)
{
	return people_join_key(arena_alloc(&pp->strings, alen + len + 2),
	    agency, alen, id, len);
}

uint32_t
people_find_in(const struct people *pp, const char *agency, size_t alen,
    const char *id, size_t len)
{
	char buf[128], *heap;
	const char *k = map_key(pp, agency, alen, id, &len, buf, sizeof(buf),
	    &heap);
	uint32_t v;

	if (!strmap_get(&pp->ids, k, len, &v))
		v = NO_PERSON;
	free(heap);
	return v;
}

uint32_t
people_find(const struct people *pp, const char *id, size_t len)
{
	return people_find_in(pp, NULL, 0, id, len);
}

uint32_t
people_find_key(const struct people *pp, const char *key)
{
	const char *sep = pp->agency_scope ? strchr(key, PEOPLE_KEY_SEP) : NULL;

	if (sep == NULL)
		return people_find_in(pp, NULL, 0, key, strlen(key));
	return people_find_in(pp, key, (size_t)(sep - key), sep + 1,
	    strlen(sep + 1));
}

const char *
people_key_id(const char *key)
{
	const char *sep = strchr(key, PEOPLE_KEY_SEP);

	return sep ? sep + 1 : key;
}

char *
people_strdup(struct people *pp, const char *s, size_t n)
{
	return arena_strndup(&pp->strings, s, n);
}

/*
 * The number of s[0..n) among the texts v[0..*nv), kept once in pp's
 * strings and found through ids; a new one is added, unless there are max
 * already: NOT_KEPT then.  v has room for a power of two.
 */
#define NOT_KEPT	UINT32_MAX

static uint32_t
kept_once(struct people *pp, struct strmap *ids, const char ***v, size_t *nv,
    const char *s, size_t n, size_t max)
{
	struct strmap_spot spot;
	uint32_t i;

	if (strmap_find(ids, s, n, &i, &spot))
		return i;
	if (*nv >= max)
		return NOT_KEPT;
	if ((*nv & (*nv - 1)) == 0)	/* 0, 1, 2, 4, ...: full */
		*v = xreallocarray(*v, *nv ? *nv * 2 : 1, sizeof(**v));
	(*v)[*nv] = people_strdup(pp, s, n);
	strmap_add(ids, &spot, (*v)[*nv], (uint32_t)*nv);
	return (uint32_t)(*nv)++;
}

const char *
people_shared(struct people *pp, const char *s, size_t n)
{
	uint32_t i = kept_once(pp, &pp->shared_ids, &pp->shared, &pp->nshared,
	    s, n, PEOPLE_SHARED_MAX);

	return i == NOT_KEPT ? people_strdup(pp, s, n) : pp->shared[i];
}

/* Room for n people. */
static void
people_grow(struct people *pp, size_t n)
{
	if (n <= pp->cap)
		return;
	pp->cap = n;
	pp->v = xreallocarray(pp->v, pp->cap, sizeof(*pp->v));
	pp->expires = xreallocarray(pp->expires, pp->cap * pp->ncerts,
	    sizeof(*pp->expires));
	if (pp->keep_source)
		pp->source = xreallocarray(pp->source, pp->cap * pp->ncerts,
		    sizeof(*pp->source));
}

void
people_reserve(struct people *pp, size_t n)
{
	people_grow(pp, n);
	strmap_reserve(&pp->ids, n);
}

uint32_t
people_add_in(struct people *pp, const char *agency, size_t alen,
    const char *id, size_t len, bool *existed)
{
	char buf[128], *heap, *kept;
	const char *key, *shown;
	size_t klen = len, slen = len, i;
	struct strmap_spot spot;
	struct person *p;
	uint32_t v;

	key = map_key(pp, agency, alen, id, &klen, buf, sizeof(buf), &heap);
	*existed = strmap_find(&pp->ids, key, klen, &v, &spot);
	if (*existed) {
		free(heap);
		return v;
	}
	if (pp->n == pp->cap)
		people_grow(pp, pp->cap ? pp->cap * 2 : 256);
	v = (uint32_t)pp->n++;
	p = &pp->v[v];
	memset(p, 0, sizeof(*p));
	shown = str_trim(id, &slen);
	p->id = people_strdup(pp, shown, slen);
	p->name = p->id;
	p->active = true;
	p->sworn = true;
	p->hired = DAY_NONE;
	for (i = 0; i < pp->ncerts; i++) {
		*people_expires(pp, v, i) = DAY_NONE;
		if (pp->source != NULL)
			*people_source(pp, v, i) = (struct record_source){
			    0, 0, DAY_NONE };
	}
	p->key = p->id;
	if (pp->agency_scope) {
		const char *a = str_trim(agency ? agency : "", &alen);

		p->key = people_keep_key(pp, a, alen, shown, slen);
	}
	/* the map's key is the shown id's end (without leading zeros), or
	 * the person's key when it is the same text; a copy otherwise */
	if (!pp->agency_scope && key >= shown && key + klen == shown + slen)
		kept = (char *)p->id + (key - shown);
	else if (strlen(p->key) == klen && memcmp(p->key, key, klen) == 0)
		kept = (char *)p->key;
	else
		kept = people_strdup(pp, key, klen);
	strmap_add(&pp->ids, &spot, kept, v);
	free(heap);
	return v;
}

uint32_t
people_add(struct people *pp, const char *id, size_t len, bool *existed)
{
	return people_add_in(pp, NULL, 0, id, len, existed);
}

bool
people_agency_find(const struct people *pp, const char *name, size_t len,
    uint32_t *idx)
{
	return strmap_get(&pp->agency_ids, name, len, idx);
}

bool
people_agency_named(const struct people *pp, const char *name, uint32_t *idx)
{
	size_t a;

	if (people_agency_find(pp, name, strlen(name), idx))
		return true;
	for (a = 0; a < pp->nagencies; a++)
		if (str_words_eq(pp->agency[a], strlen(pp->agency[a]), name)) {
			*idx = (uint32_t)a;
			return true;
		}
	return false;
}

void
people_by_agency(const struct people *pp, uint32_t **order, size_t **first)
{
	size_t *at, i, a;

	*order = xcalloc(pp->n + 1, sizeof(**order));
	*first = xcalloc(pp->nagencies + 2, sizeof(**first));
	for (i = 0; i < pp->n; i++)
		(*first)[pp->v[i].agency + 1]++;
	for (a = 0; a < pp->nagencies; a++)
		(*first)[a + 1] += (*first)[a];
	at = xcalloc(pp->nagencies + 1, sizeof(*at));
	for (i = 0; i < pp->n; i++) {
		a = pp->v[i].agency;
		(*order)[(*first)[a] + at[a]++] = (uint32_t)i;
	}
	free(at);
}

uint32_t
people_title(struct people *pp, const char *s, size_t n)
{
	return kept_once(pp, &pp->title_ids, &pp->titles, &pp->ntitles, s, n,
	    SIZE_MAX);
}

uint32_t
people_agency(struct people *pp, const char *name)
{
	return kept_once(pp, &pp->agency_ids, &pp->agency, &pp->nagencies,
	    name, strlen(name), SIZE_MAX);
}
