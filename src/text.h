/*
 * text: comparing, trimming and checking the text of an export: case-blind
 * equality, control characters, UTF-8 validity, base names; and the word
 * that agrees with a count.
 */
#ifndef CERTMINDER_TEXT_H
#define CERTMINDER_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

bool	 str_ieq(const char *, const char *);
/* Whether v[0..n) is word, ignoring ASCII case, the spaces (str_space_len)
 * at the ends, and with every run of them inside as one: "Sworn  officer "
 * is "sworn officer". */
bool	 str_words_eq(const char *v, size_t n, const char *word);
bool	 strn_ieq(const char *, size_t, const char *);
/* The bytes of the space s[0..n) starts with: a space or a tab, or a
 * no-break space in UTF-8 (U+00A0, and U+2007 and U+202F), which a cell
 * pasted from a web page or a Windows-1252 export carries; 0 if none. */
static inline size_t
str_space_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x87 || u[2] == 0xaf))
		return 3;
	return 0;
}
/* The same for the space s[0..n) ends with. */
static inline size_t
str_space_len_end(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[n - 1] == ' ' || u[n - 1] == '\t')
		return 1;
	if (n >= 2 && u[n - 1] == 0xa0 && u[n - 2] == 0xc2)
		return 2;
	if (n >= 3 && (u[n - 1] == 0x87 || u[n - 1] == 0xaf) &&
	    u[n - 2] == 0x80 && u[n - 3] == 0xe2)
		return 3;
	return 0;
}
/* Trims the spaces (str_space_len) at both ends; returns the start and
 * sets *len. */
static inline const char *
str_trim(const char *s, size_t *len)
{
	size_t n = *len, k;

	while ((k = str_space_len(s, n)) > 0) {
		s += k;
		n -= k;
	}
	while ((k = str_space_len_end(s, n)) > 0)
		n -= k;
	*len = n;
	return s;
}
/* Trims ASCII spaces and tabs alone, as libcsv does around a value: what
 * csvread takes for a blank line or a header name. */
static inline const char *
str_trim_ascii(const char *s, size_t *len)
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
/* The longest head of s[0..n), at most max bytes, that ends where a UTF-8
 * character ends: a cut never splits one. */
size_t	 str_utf8_cut(const char *, size_t n, size_t max);
/* The length of the ASCII text s starts with: n when all of it is. */
size_t	 str_ascii_len(const char *, size_t);
/* Appends s to sb with each invalid UTF-8 byte replaced by U+FFFD. */
void	 sb_add_utf8_fixed(struct strbuf *, const char *, size_t);
const char *path_basename(const char *);
/* The columns a terminal gives s (wcwidth(3) in the current locale: main
 * sets LC_CTYPE to C.UTF-8): "José" is 4, not 5. */
size_t	 str_display_width(const char *);
/* Writes s and the spaces that fill it to width columns. */
void	 str_pad(FILE *, const char *, size_t width);
/* one when n is 1, else many: "1 person", "3 people"; "is", "are". */
const char *plural(long n, const char *one, const char *many);

#endif
