/*
 * text: ASCII case folding, control characters and UTF-8, eight bytes at a
 * time where a value is plain printable ASCII.
 */
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool
strn_ieq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] == '\0' || lower((unsigned char)a[i]) !=
		    lower((unsigned char)b[i]))
			return false;
	return b[alen] == '\0';
}

bool
str_ieq(const char *a, const char *b)
{
	return strn_ieq(a, strlen(a), b);
}

/* Whether the eight bytes at s are all printable ASCII, 0x20..0x7e. */
static bool
plain8(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t w;

	memcpy(&w, s, 8);
	/* a byte below 0x20 borrows into its high bit; 0x7f carries into
	 * it; 0x80 and above have it already */
	return ((((w - ones * 0x20) & ~w) | w | (w + ones)) & high) == 0;
}

bool
str_has_control(const char *s, size_t n)
{
	size_t i = 0;

	while (i + 8 <= n && plain8(s + i))
		i += 8;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
		/* C1 controls, U+0080..U+009F, encoded as C2 80..C2 9F */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

size_t
str_ascii_len(const char *s, size_t n)
{
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t w[4];
	size_t i = 0;

	/* 32 bytes at a time: whole exports are looked at so */
	for (; i + 32 <= n; i += 32) {
		memcpy(w, s + i, 32);
		if (((w[0] | w[1] | w[2] | w[3]) & high) != 0)
			break;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

bool
str_is_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while ((i += str_ascii_len(s + i, n - i)) < n) {
		if ((k = utf8_seq(p + i, n - i)) == 0)
			return false;
		i += k;
	}
	return true;
}

void
sb_add_utf8_fixed(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq(p + i, n - i);
		if (k == 0) {
			sb_add(sb, "\xef\xbf\xbd");
			i++;
		} else {
			sb_addn(sb, s + i, k);
			i += k;
		}
	}
}

const char *
path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The next byte of a value read as words: spaces (str_space_len) run
 * together into one space, none at the ends; -1 at the end. */
static int
word_byte(const char *s, size_t n, size_t *i)
{
	bool space = false;
	size_t k;

	while ((k = str_space_len(s + *i, n - *i)) > 0) {
		space = true;
		*i += k;
	}
	if (*i == n)
		return -1;
	if (space)
		return ' ';
	return lower((unsigned char)s[(*i)++]);
}

bool
str_words_eq(const char *v, size_t n, const char *word)
{
	size_t i = 0, j = 0, wn = strlen(word);
	int a, b;

	v = str_trim(v, &n);
	word = str_trim(word, &wn);
	do {
		a = word_byte(v, n, &i);
		b = word_byte(word, wn, &j);
		if (a != b)
			return false;
	} while (a != -1);
	return true;
}

size_t
str_display_width(const char *s)
{
	mbstate_t st;
	size_t n = strlen(s), k, width = 0;
	wchar_t wc;
	int w;

	memset(&st, 0, sizeof(st));
	while (n > 0) {
		k = mbrtowc(&wc, s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			/* not text in this locale: a column a byte */
			memset(&st, 0, sizeof(st));
			k = 1;
			w = 1;
		} else {
			if (k == 0)
				k = 1;
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		width += (size_t)w;
		s += k;
		n -= k;
	}
	return width;
}

void
str_pad(FILE *fp, const char *s, size_t width)
{
	size_t w = str_display_width(s);

	fputs(s, fp);
	for (; w < width; w++)
		putc(' ', fp);
}

const char *
plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

size_t
str_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	/* back over continuation bytes to the start of the character that
	 * would be split */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}
