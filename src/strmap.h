/*
 * strmap: the one hash table of the program, from a string to a number.
 */
#ifndef CERTMINDER_STRMAP_H
#define CERTMINDER_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Open-addressing map from a string to a uint32_t.  Keys are borrowed and
 * NUL-terminated: the caller keeps them alive as long as the map.  Lookups
 * take a length, so a key may be looked up in the middle of a buffer. */
struct strmap {
	struct strmap_slot *slots;
	size_t	 cap;
	size_t	 len;
};
uint64_t hash_bytes(const char *, size_t);
bool	 strmap_get(const struct strmap *, const char *, size_t, uint32_t *);
/* Inserts or replaces; key[len] must be the key's NUL. */
void	 strmap_put(struct strmap *, const char *, size_t, uint32_t);
/* A lookup that remembers where the key would go, so that adding it after
 * a miss takes no second search: strmap_find() then strmap_add(). */
struct strmap_spot {
	size_t	 i;
	size_t	 cap;	/* of the map when found: a grown map searches again */
	uint32_t hash;
};
bool	 strmap_find(const struct strmap *, const char *, size_t, uint32_t *,
	    struct strmap_spot *);
/* Adds a key strmap_find() did not find, and nothing added since; key is
 * the copy to keep. */
void	 strmap_add(struct strmap *, const struct strmap_spot *,
	    const char *key, uint32_t);
/* Makes room for n keys without growing. */
void	 strmap_reserve(struct strmap *, size_t n);
void	 strmap_free(struct strmap *);

#endif
