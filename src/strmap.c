/*
 * strmap: open addressing with linear probing; keys are borrowed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"

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
		h ^= w;
	}
	/* every bit of the key reaches the low bits, which pick the slot:
	 * ids that differ in their last digit alone must not collide */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
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

/* The slot a key known to be absent goes to. */
static struct strmap_slot *
slot_free(const struct strmap *m, uint32_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	while (m->slots[i].key != NULL)
		i = (i + 1) & mask;
	return &m->slots[i];
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
		s = slot_free(m, spot->hash);
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
			*slot_free(m, old.slots[i].hash) = old.slots[i];
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
