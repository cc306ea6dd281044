/*
 * What the fuzz harnesses share: their input written as a file, or split
 * at its first form feed into two (a roster and a training file, a
 * calendar and its bookings).
 */
#ifndef CERTMINDER_FUZZPUT_H
#define CERTMINDER_FUZZPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void
fuzz_put(const char *path, const uint8_t *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		abort();
	fwrite(data, 1, n, fp);
	fclose(fp);
}

/* The length of the input's first part; the second in *rest, *nrest
 * (empty without a form feed). */
static inline size_t
fuzz_split(const uint8_t *data, size_t size, const uint8_t **rest,
    size_t *nrest)
{
	const uint8_t *ff = memchr(data, '\f', size);
	size_t n = ff ? (size_t)(ff - data) : size;

	*rest = ff ? ff + 1 : data;
	*nrest = ff ? size - n - 1 : 0;
	return n;
}

#endif
