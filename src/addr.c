#include <string.h>

#include "addr.h"

static bool
atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool
host_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

bool
addr_valid(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t i, local, label = 0;

	if (n == 0 || n > 254 || at == NULL)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (i = 0; i < local; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!atext((unsigned char)s[i]))
			return false;
	}
	if (local + 1 >= n)
		return false;
	for (i = local + 1; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
		} else if (host_char((unsigned char)s[i])) {
			if (label == 0 && s[i] == '-')
				return false;
			if (++label > 63)
				return false;
		} else
			return false;
	}
	return label > 0 && s[n - 1] != '-';
}
