/* Shared by the unit tests: cmocka, a date, a file of given text, and
 * counting what a text holds. */
#ifndef CERTMINDER_UNIT_H
#define CERTMINDER_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"

static inline day_t
D(const char *iso)
{
	day_t d = DAY_NONE;

	assert_int_equal(date_parse(iso, __builtin_strlen(iso), DATE_ISO, &d),
	    DATE_OK);
	return d;
}

/* A new file in /tmp holding text[0..len); its path, to unlink and free. */
static inline char *
temp_file(const char *text, size_t len)
{
	char tmpl[] = "/tmp/certminder-unit-XXXXXX", *path;
	int fd = mkstemp(tmpl);
	FILE *fp;

	assert_true(fd >= 0);
	assert_non_null(fp = fdopen(fd, "wb"));
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(path = strdup(tmpl));
	return path;
}

/* What a writer put on a stream: out_open() gives the stream, out_text()
 * what is on it so far. */
struct out {
	char	*s;
	size_t	 n;
	FILE	*fp;
};

static inline FILE *
out_open(struct out *o)
{
	memset(o, 0, sizeof(*o));
	assert_non_null(o->fp = open_memstream(&o->s, &o->n));
	return o->fp;
}

static inline const char *
out_text(struct out *o)
{
	assert_int_equal(fflush(o->fp), 0);
	return o->s;
}

static inline void
out_close(struct out *o)
{
	fclose(o->fp);
	free(o->s);
}

/* How many times what stands in s (overlapping ones too). */
static inline size_t
occurrences(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s++)
		n++;
	return n;
}

#endif
