/*
 * csvsplit: the fields of a line without quotes.  One pass, a byte at a
 * time; libcsv's state machine and a callback per field cost some three
 * times as much on such lines (see HACKING.md, Performance).
 */
#include <stdbool.h>

#include "csvsplit.h"

static bool
is_space(char c, char delimiter)
{
	return c == ' ' || (c == '\t' && delimiter != '\t');
}

size_t
csvsplit(const char *s, size_t n, char delimiter, struct csvsplit_field *f,
    size_t max)
{
	size_t i = 0, start, end, nf = 0;

	for (;;) {
		while (i < n && is_space(s[i], delimiter))
			i++;
		start = i;
		while (i < n && s[i] != delimiter)
			i++;
		end = i;
		while (end > start && is_space(s[end - 1], delimiter))
			end--;
		if (nf < max) {
			f[nf].s = s + start;
			f[nf].len = end - start;
		}
		nf++;
		if (i == n)
			return nf;
		i++;	/* past the delimiter: another field follows */
	}
}
