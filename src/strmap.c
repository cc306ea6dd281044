/*
 * strmap: open addressing with linear probing; keys are borrowed.  A key
 * of up to eight bytes (a badge or employee number) is also copied into
 * its slot, so that finding it reads the slot alone: one cache miss on a
 * table far larger than the cache, where comparing with the borrowed copy
 * elsewhere in memory would be a second.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"

#define INLINE_MAX	8		/* bytes of a key kept in its slot */
#define INLINE		0x80000000u	/* in a slot's hash: so kept */

/* 16 bytes a slot: a table of a million ids stays in few cache lines. */
struct strmap_slot {
	union {
		const char *ptr;	/* NUL-terminated, borrowed */
		char	 in[INLINE_MAX];	/* a short key, zero-padded */
	} key;
	uint32_t	 hash;	/* 0: empty; INLINE: the key is in key.in */
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

/* A slot's hash of a key: 31 bits of hash_bytes(), never 0 (an empty
 * slot), with INLINE set for a key short enough to keep in the slot. */
static uint32_t
slot_hash(const char *key, size_t len)
{
	uint32_t h = (uint32_t)hash_bytes(key, len) & ~INLINE;

	if (len <= INLINE_MAX)
		return h | INLINE;
	return h ? h : 1;
}

static bool
slot_is(const struct strmap_slot *s, const char *key, size_t len, uint32_t h)
{
	if (s->hash != h)
		return false;
	if (h & INLINE)		/* the slot alone: no second cache miss */
		return memcmp(s->key.in, key, len) == 0 &&
		    (len == INLINE_MAX || s->key.in[len] == '\0');
	return memcmp(s->key.ptr, key, len) == 0 && s->key.ptr[len] == '\0';
}

static struct strmap_slot *
slot_find(const struct strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t mask = m->cap - 1, i = (h & ~INLINE) & mask;

	for (;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (s->hash == 0 || slot_is(s, key, len, h))
			return s;
	}
}

/* The slot a key known to be absent goes to. */
static struct strmap_slot *
slot_free(const struct strmap *m, uint32_t h)
{
	size_t mask = m->cap - 1, i = (h & ~INLINE) & mask;

	while (m->slots[i].hash != 0)
		i = (i + 1) & mask;
	return &m->slots[i];
}

bool
strmap_find(const struct strmap *m, const char *key, size_t len, uint32_t *val,
    struct strmap_spot *spot)
{
	struct strmap_slot *s;

	spot->hash = slot_hash(key, len);
	spot->cap = m->cap;
	if (m->cap == 0) {
		spot->i = SIZE_MAX;
		return false;
	}
	s = slot_find(m, key, len, spot->hash);
	spot->i = (size_t)(s - m->slots);
	if (s->hash == 0)
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
	if (spot->hash & INLINE) {
		memset(s->key.in, 0, INLINE_MAX);
		memcpy(s->key.in, key, strnlen(key, INLINE_MAX));
	} else
		s->key.ptr = key;
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
		if (old.slots[i].hash != 0)
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
