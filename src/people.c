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
	free(pp->agency);
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

uint32_t
people_find(const struct people *pp, const char *id, size_t len)
{
	uint32_t v;

	id = people_key(pp, id, &len);
	return strmap_get(&pp->ids, id, len, &v) ? v : NO_PERSON;
}

char *
people_strdup(struct people *pp, const char *s, size_t n)
{
	return arena_strndup(&pp->strings, s, n);
}

/* Room for n people. */
static void
people_grow(struct people *pp, size_t n)
{
	pp->cap = n;
	pp->v = xreallocarray(pp->v, pp->cap, sizeof(*pp->v));
	pp->expires = xreallocarray(pp->expires, pp->cap * pp->ncerts,
	    sizeof(*pp->expires));
}

uint32_t
people_add(struct people *pp, const char *id, size_t len, bool *existed)
{
	const char *key, *shown;
	size_t klen = len, slen = len, i;
	struct strmap_spot spot;
	struct person *p;
	uint32_t v;

	key = people_key(pp, id, &klen);
	*existed = strmap_find(&pp->ids, key, klen, &v, &spot);
	if (*existed)
		return v;
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
	for (i = 0; i < pp->ncerts; i++)
		*people_expires(pp, v, i) = DAY_NONE;
	strmap_add(&pp->ids, &spot, key == shown && klen == slen ? p->id :
	    people_strdup(pp, key, klen), v);
	return v;
}

bool
people_agency_find(const struct people *pp, const char *name, size_t len,
    uint32_t *idx)
{
	return strmap_get(&pp->agency_ids, name, len, idx);
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
