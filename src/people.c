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
	k = alen + 1 + *len <= size ? buf : (*heap = xmalloc(alen + 1 + *len));
	memcpy(k, agency, alen);
	k[alen] = PEOPLE_KEY_SEP;
	memcpy(k + alen + 1, id, *len);
	*len += alen + 1;
	return k;
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

char *
people_strdup(struct people *pp, const char *s, size_t n)
{
	return arena_strndup(&pp->strings, s, n);
}

const char *
people_shared(struct people *pp, const char *s, size_t n)
{
	struct strmap_spot spot;
	uint32_t v;

	if (strmap_find(&pp->shared_ids, s, n, &v, &spot))
		return pp->shared[v];
	if (pp->nshared >= PEOPLE_SHARED_MAX)
		return people_strdup(pp, s, n);
	if (pp->nshared == pp->shared_cap) {
		pp->shared_cap = pp->shared_cap ? pp->shared_cap * 2 : 16;
		pp->shared = xreallocarray(pp->shared, pp->shared_cap,
		    sizeof(*pp->shared));
	}
	pp->shared[pp->nshared] = people_strdup(pp, s, n);
	strmap_add(&pp->shared_ids, &spot, pp->shared[pp->nshared],
	    (uint32_t)pp->nshared);
	return pp->shared[pp->nshared++];
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
	/* the key is the shown id or, without leading zeros, its end */
	kept = !pp->agency_scope && key >= shown && key + klen == shown + slen ?
	    (char *)p->id + (key - shown) : people_strdup(pp, key, klen);
	p->key = p->id;
	if (pp->agency_scope) {
		size_t alen2 = alen;
		const char *a = str_trim(agency ? agency : "", &alen2);
		char *k = arena_alloc(&pp->strings, alen2 + 1 + slen + 1);

		memcpy(k, a, alen2);
		k[alen2] = PEOPLE_KEY_SEP;
		memcpy(k + alen2 + 1, shown, slen);
		k[alen2 + 1 + slen] = '\0';
		p->key = k;
	}
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
	uint32_t v;

	if (strmap_get(&pp->title_ids, s, n, &v))
		return v;
	pp->titles = xreallocarray(pp->titles, pp->ntitles + 1,
	    sizeof(*pp->titles));
	pp->titles[pp->ntitles] = people_strdup(pp, s, n);
	strmap_put(&pp->title_ids, pp->titles[pp->ntitles], n,
	    (uint32_t)pp->ntitles);
	return (uint32_t)pp->ntitles++;
}

uint32_t
people_agency(struct people *pp, const char *name)
{
	size_t len = strlen(name);
	uint32_t v;

	if (people_agency_find(pp, name, len, &v))
		return v;
	pp->agency = xreallocarray(pp->agency, pp->nagencies + 1,
	    sizeof(*pp->agency));
	pp->agency[pp->nagencies] = people_strdup(pp, name, len);
	strmap_put(&pp->agency_ids, pp->agency[pp->nagencies], len,
	    (uint32_t)pp->nagencies);
	return (uint32_t)pp->nagencies++;
}
