/*
 * util: the small shared pieces every module uses -- checked allocation,
 * one string builder, one string hash map, an arena for strings that live
 * as long as the run, and the list of problems found in the inputs.
 */
#ifndef CERTMINDER_UTIL_H
#define CERTMINDER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: on exhaustion it prints a message and
 * exits 70 (EX_SOFTWARE); there is nothing sensible to continue with. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* Growable NUL-terminated string.  A zeroed struct is an empty builder. */
struct strbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
/* Makes room for extra more bytes and the NUL. */
void	 sb_reserve(struct strbuf *, size_t extra);
void	 sb_addn(struct strbuf *, const char *, size_t);
void	 sb_add(struct strbuf *, const char *);
void	 sb_addc(struct strbuf *, char);
void	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vprintf(struct strbuf *, const char *, va_list);
void	 sb_reset(struct strbuf *);
void	 sb_free(struct strbuf *);
/* Returns the string (never NULL) and leaves the builder empty. */
char	*sb_steal(struct strbuf *);
/* Returns the current contents, "" for an empty builder. */
const char *sb_str(const struct strbuf *);
/* A new string from printf-style arguments; never NULL. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

/* Strings that live until arena_free(). */
struct arena {
	struct arena_block *head;
};
/* n bytes, not aligned: for strings */
char	*arena_alloc(struct arena *, size_t n);
/* Room for n more bytes in one block, which huge pages can back. */
void	 arena_reserve(struct arena *, size_t n);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
void	 arena_free(struct arena *);

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

/* A problem found in an input: file (display name), line (0 = whole file). */
struct problem {
	const char	*file;
	unsigned long	 line;
	char		*message;
};
struct problems {
	struct problem	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* past PROBLEMS_MAX, only counted */
};
#define PROBLEMS_MAX 1000
void	 problems_add(struct problems *, const char *file, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 problems_vadd(struct problems *, const char *file, unsigned long line,
	    const char *fmt, va_list);
void	 problems_free(struct problems *);

/* A list of owned strings.  A zeroed struct is an empty list. */
struct strlist {
	char	**v;
	size_t	  n;
};
void	 strlist_add(struct strlist *, const char *);
void	 strlist_set(struct strlist *, const char *const *, size_t);
void	 strlist_free(struct strlist *);

/* Text helpers. */
bool	 str_ieq(const char *, const char *);
bool	 strn_ieq(const char *, size_t, const char *);
/* Trims ASCII spaces and tabs; returns the start and sets *len. */
static inline const char *
str_trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}
bool	 str_has_control(const char *, size_t);
bool	 str_is_utf8(const char *, size_t);
/* Appends s to sb with each invalid UTF-8 byte replaced by U+FFFD. */
void	 sb_add_utf8_fixed(struct strbuf *, const char *, size_t);
const char *path_basename(const char *);

#endif
