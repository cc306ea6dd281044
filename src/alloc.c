/*
 * alloc: allocation that never fails (it exits 70 instead) and an arena for
 * the strings that live as long as the run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alloc.h"

_Noreturn void
out_of_memory(void)
{
	fputs("certminder: out of memory\n", stderr);
	exit(EX_SOFTWARE);	/* nothing sensible to go on with */
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q;

	if ((q = realloc(p, n ? n : 1)) == NULL)
		out_of_memory();
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(p, n * size);
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

#define ARENA_FIRST	(64 * 1024)
#define ARENA_MAX	(8 * 1024 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t	 used;
	size_t	 size;
	char	 data[];
};

char *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	char *p;

	if (b == NULL || b->size - b->used < n) {
		/* blocks double up to 8 MiB: a large roster takes few */
		size_t size = b == NULL ? ARENA_FIRST : b->size < ARENA_MAX ?
		    b->size * 2 : ARENA_MAX;

		if (size < n)
			size = n;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
