/*
 * csvsplit: splits a line that holds no quote character into its fields,
 * exactly as libcsv would: the same fields, each trimmed of spaces (and of
 * tabs, unless the tab is the delimiter), an empty field after a final
 * delimiter.  A pure function: a buffer in, fields out.  It is csvread's
 * shortcut for the plain lines that make up nearly every export, and the
 * unit tests and the CSV fuzzer hold it to libcsv's reading.
 */
#ifndef CERTMINDER_CSVSPLIT_H
#define CERTMINDER_CSVSPLIT_H

#include <stddef.h>

struct csvsplit_field {
	const char	*s;
	size_t		 len;
};

/*
 * Splits s[0..n), which holds no '"', CR or LF, at each delimiter.  Stores
 * at most max fields in f and returns how many the line has (which may be
 * more than max: call again with room for them all).
 */
size_t	 csvsplit(const char *s, size_t n, char delimiter,
	    struct csvsplit_field *f, size_t max);

#endif
