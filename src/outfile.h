/*
 * outfile: a report file (-o) written whole or not at all, and never over
 * what it must not be.  The report goes to a temporary file beside the
 * target, renamed over it once complete: a link planted where the report
 * goes is replaced, never followed, and a failure leaves the old report.
 */
#ifndef CERTMINDER_OUTFILE_H
#define CERTMINDER_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outfile {
	char	*path;		/* the target */
	char	*tmp;		/* the temporary file; NULL: none (a device) */
	FILE	*fp;
};

/*
 * Opens path for writing, mode 0600 less the umask.  Refused, with the
 * reason in *err (to be freed): a FIFO, socket, directory or block device
 * (a character device such as /dev/null is written in place); a symbolic
 * link; and any of avoid[0..navoid) (the ledger, its lock, the
 * configuration, the exports), by name or by being the same file.
 */
FILE	*outfile_open(struct outfile *, const char *path,
	    const char *const *avoid, size_t navoid, char **err);
/* Closes the file: with ok, renames it over the target (0, or -1 with
 * errno); without, removes the temporary file and returns -1. */
int	 outfile_close(struct outfile *, bool ok);

/*
 * A report's stream: stdout for path NULL, else outfile_open()'s file;
 * written by one thread, in 64 KiB blocks unless to a terminal.  NULL:
 * refused, the reason in *err.
 */
FILE	*outfile_start(struct outfile *, const char *path,
	    const char *const *avoid, size_t navoid, char **err);
/* The report written (ok) or not: flushed, and a file renamed over its
 * target, or removed.  0, or -1 with errno. */
int	 outfile_finish(struct outfile *, FILE *, bool ok);

#endif
