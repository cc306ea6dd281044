/*
 * strlist: a list of owned strings.
 */
#ifndef CERTMINDER_STRLIST_H
#define CERTMINDER_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

/* A list of owned strings.  A zeroed struct is an empty list. */
struct strlist {
	char	**v;
	size_t	  n;
};
void	 strlist_add(struct strlist *, const char *);
/* Replaces the list with copies of v[0..n). */
void	 strlist_set(struct strlist *, const char *const *, size_t);
/* Whether the list holds s. */
bool	 strlist_has(const struct strlist *, const char *s);
/* Adds a copy of each string of from. */
void	 strlist_append(struct strlist *, const struct strlist *from);
void	 strlist_free(struct strlist *);

#endif
