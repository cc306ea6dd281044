/*
 * csvread: reads a CSV export one record at a time, on the caller's thread.
 * libcsv splits the records through its public API; this module strips a
 * UTF-8 byte-order mark, finds the delimiter from the header line when
 * asked, converts Windows-1252 to UTF-8 (iconv), skips blank lines and
 * knows the line each record starts on.  Memory is one line and one record,
 * not the file.
 */
#ifndef CERTMINDER_CSVREAD_H
#define CERTMINDER_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

/* The text encoding of an export. */
enum encoding { ENC_UTF8, ENC_CP1252 };

struct csvread_handler {
	void	*ctx;
	/*
	 * The header row: names in UTF-8 with surrounding spaces removed.
	 * Set want[i] for each column the row callback needs.  Return 0 to go
	 * on, -1 to stop reading (csvread_file then returns CSVREAD_STOPPED).
	 */
	int	(*header)(void *ctx, char *const *names, size_t n, bool *want);
	/*
	 * A data row that is not blank; line is where the record starts.
	 * field[i] (i < n, n the header's column count) is the value of a
	 * wanted column, len[i] bytes in UTF-8, or "" when the column is not
	 * wanted or the row is short.  A value is not NUL-terminated (it may
	 * point into the line) and may hold NUL bytes: use len[i].  It lives
	 * until the callback returns.
	 */
	void	(*row)(void *ctx, unsigned long line, char *const *field,
		    const size_t *len, size_t n);
};

enum csvread_status {
	CSVREAD_OK,
	CSVREAD_OPEN,		/* cannot open (errno in err) */
	CSVREAD_IO,		/* read error (errno in err) */
	CSVREAD_EMPTY,		/* no header line */
	CSVREAD_UNCLOSED,	/* a quote opened on `line` is never closed */
	CSVREAD_STOPPED,	/* the header callback said stop */
	CSVREAD_NOMEM
};

struct csvread_result {
	enum csvread_status status;
	int		 err;
	unsigned long	 line;		/* for CSVREAD_UNCLOSED */
	unsigned long	 rows;		/* data rows delivered */
	char		 delimiter;	/* the one used */
};

/* Reads path (or standard input for "-"). */
int	 csvread_file(const char *path, char delimiter, enum encoding,
	    const struct csvread_handler *, struct csvread_result *);
/* Reads a buffer: the same, for tests and fuzzing. */
int	 csvread_buffer(const char *buf, size_t len, char delimiter,
	    enum encoding, const struct csvread_handler *,
	    struct csvread_result *);
/* Describes a failed result ("quote opened on line 17 is never closed"). */
const char *csvread_strerror(const struct csvread_result *);

#endif
