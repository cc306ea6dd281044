/*
 * csvread: reads a CSV export one record at a time, on the caller's thread.
 * libcsv splits the records through its public API; this module strips a
 * UTF-8 byte-order mark and refuses a UTF-16 one, takes the delimiter from
 * Excel's "sep=;" line or finds it in the header line, tells UTF-8 from
 * Windows-1252 and converts the latter (iconv), skips blank lines and rows
 * that repeat the header, and knows the line each record starts on.
 * Memory is one line and one record, not the file.
 */
#ifndef CERTMINDER_CSVREAD_H
#define CERTMINDER_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

/* The text encoding of an export; auto: UTF-8 when the whole file is
 * valid UTF-8, else Windows-1252. */
enum encoding { ENC_AUTO, ENC_UTF8, ENC_CP1252 };

struct csvread_handler {
	void	*ctx;
	/*
	 * The header row: names in UTF-8 with surrounding spaces removed.
	 * Set want[i] for each column the row callback needs.  Return 0 to go
	 * on, -1 to stop reading (csvread_file then returns CSVREAD_STOPPED),
	 * 1 when the line is not the header but a title line above it: the
	 * next line is offered as the header (and its delimiter found anew).
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
	/*
	 * A data row refused before the row callback (optional): a value
	 * longer than max_value, a line longer than max_line, NUL bytes
	 * (with refuse_nul).
	 */
	void	(*reject)(void *ctx, unsigned long line, const char *why);
	size_t	  max_value;	/* bytes in a value; 0: no bound */
	bool	  refuse_nul;	/* a line with NUL bytes is refused */
	size_t	  max_line;	/* bytes in a record; 0: no bound */
	unsigned long long max_file;	/* bytes in a file; 0: no bound */
};

enum csvread_status {
	CSVREAD_OK,
	CSVREAD_OPEN,		/* cannot open (errno in err) */
	CSVREAD_IO,		/* read error (errno in err) */
	CSVREAD_EMPTY,		/* no header line */
	CSVREAD_UNCLOSED,	/* a quote opened on `line` is never closed */
	CSVREAD_STOPPED,	/* the header callback said stop */
	CSVREAD_UTF16,		/* a UTF-16 byte-order mark */
	CSVREAD_TOOBIG,		/* the file is larger than max_file */
	CSVREAD_TOOLONG,	/* a quoted record from `line` passes max_line */
	CSVREAD_NOMEM
};

struct csvread_result {
	enum csvread_status status;
	int		 err;
	unsigned long	 line;		/* for CSVREAD_UNCLOSED, _TOOLONG */
	unsigned long long size;	/* for CSVREAD_TOOBIG */
	unsigned long	 rows;		/* data rows delivered */
	char		 delimiter;	/* the one used */
	bool		 sep_line;	/* Excel's "sep=;" line gave it */
	enum encoding	 encoding;	/* the one used: UTF-8 or Windows-1252 */
	unsigned long	 header_again;	/* data rows equal to the header, */
	unsigned long	 header_again_line;	/* skipped; the first */
	unsigned long	 title_lines;	/* lines above the header the header
					 * callback passed over */
};

/* Reads path (or standard input for "-"). */
int	 csvread_file(const char *path, char delimiter, enum encoding,
	    const struct csvread_handler *, struct csvread_result *);
/* Reads a buffer: the same, for tests and fuzzing. */
int	 csvread_buffer(const char *buf, size_t len, char delimiter,
	    enum encoding, const struct csvread_handler *,
	    struct csvread_result *);
/* The lines of a file (its line feeds, and a last line without one), to
 * size what its rows will fill; 0 for standard input, anything but a
 * regular file, one larger than max_file (0: no bound) or one that
 * cannot be read. */
unsigned long csvread_lines(const char *path, unsigned long long max_file);
/* Whether the text starts with Excel's "sep=;" line; *len gets the length
 * of its first line. */
bool	 csvread_sep_line(const char *s, size_t n, size_t *len);
/* Describes a failed result ("quote opened on line 17 is never closed"). */
const char *csvread_strerror(const struct csvread_result *);

#endif
