/*
 * alloc: allocation that never returns NULL, and an arena for strings.
 */
#ifndef CERTMINDER_ALLOC_H
#define CERTMINDER_ALLOC_H

#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* On exhaustion these print a message and exit 70 (EX_SOFTWARE): there is
 * nothing sensible to continue with. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Says so and exits 70. */
_Noreturn void out_of_memory(void);

/* Strings that live until arena_free().  A zeroed struct is empty. */
struct arena {
	struct arena_block *head;
};
/* n bytes, not aligned: for strings */
char	*arena_alloc(struct arena *, size_t n);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
void	 arena_free(struct arena *);

#endif
