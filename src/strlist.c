/*
 * strlist: a list of owned strings.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strlist.h"

void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

bool
strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
strlist_set(struct strlist *l, const char *const *v, size_t n)
{
	size_t i;

	strlist_free(l);
	l->v = xcalloc(n, sizeof(*l->v));
	for (i = 0; i < n; i++)
		l->v[i] = xstrdup(v[i]);
	l->n = n;
}

void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
strlist_append(struct strlist *l, const struct strlist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		strlist_add(l, from->v[i]);
}
