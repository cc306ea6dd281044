#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "outfile.h"
#include "strbuf.h"

/* The path with its folder made canonical: "a/../b/r.html" and "b/r.html"
 * name the same file even before it exists.  NULL when the folder is not
 * there. */
static char *
canonical(const char *path)
{
	char *d = xstrdup(path), *b = xstrdup(path), *real, *out = NULL;

	if ((real = realpath(dirname(d), NULL)) != NULL) {
		out = xasprintf("%s/%s", strcmp(real, "/") ? real : "",
		    basename(b));
		free(real);
	}
	free(d);
	free(b);
	return out;
}

/* Whether path is, or would be, the file other is. */
static bool
same_file(const char *path, const struct stat *st, bool exists,
    const char *other)
{
	struct stat ot;
	char *a, *b;
	bool same;

	if (exists && stat(other, &ot) == 0)
		return st->st_dev == ot.st_dev && st->st_ino == ot.st_ino;
	a = canonical(path);
	b = canonical(other);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

FILE *
outfile_open(struct outfile *o, const char *path, const char *const *avoid,
    size_t navoid, char **err)
{
	mode_t mask = umask(077);
	struct stat lst, st;
	bool exists;
	size_t i;
	char *dir, *copy;
	int fd;

	umask(mask);
	memset(o, 0, sizeof(*o));
	*err = NULL;
	exists = lstat(path, &lst) == 0;
	if (exists && S_ISLNK(lst.st_mode)) {
		/* /dev/stdout at a terminal: a device, written in place */
		if (stat(path, &st) == 0 && S_ISCHR(st.st_mode))
			lst = st;
		else {
			*err = xasprintf("%s: a symbolic link: refused (give the "
			    "file it names)", path);
			return NULL;
		}
	}
	if (exists && !S_ISREG(lst.st_mode) && !S_ISCHR(lst.st_mode)) {
		*err = xasprintf("%s: %s: refused; a report goes to a regular "
		    "file", path, S_ISFIFO(lst.st_mode) ? "a FIFO" :
		    S_ISDIR(lst.st_mode) ? "a directory" : S_ISSOCK(lst.st_mode) ?
		    "a socket" : "not a regular file");
		return NULL;
	}
	for (i = 0; i < navoid; i++)
		if (avoid[i] != NULL && same_file(path, &lst, exists, avoid[i])) {
			*err = xasprintf("%s: is %s: refused", path, avoid[i]);
			return NULL;
		}
	o->path = xstrdup(path);
	if (exists && S_ISCHR(lst.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0 ||
		    (o->fp = fdopen(fd, "w")) == NULL)
			goto fail;
		return o->fp;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	o->tmp = xasprintf("%s/.certminder-report.XXXXXX", dir);
	free(copy);
	if ((fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	if (fchmod(fd, 0600 & ~mask) < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	return o->fp;
fail:
	*err = xasprintf("%s: %s", path, strerror(errno));
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return NULL;
}

int
outfile_close(struct outfile *o, bool ok)
{
	int rc = 0, saved;

	if (o->fp != NULL && fclose(o->fp) != 0)
		ok = false;
	saved = errno;
	if (o->tmp != NULL) {
		if (ok && rename(o->tmp, o->path) < 0)
			ok = false;
		saved = errno;
		if (!ok)
			unlink(o->tmp);
	}
	if (!ok)
		rc = -1;
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	errno = saved;
	return rc;
}

FILE *
outfile_start(struct outfile *o, const char *path, const char *const *avoid,
    size_t navoid, char **err)
{
	static char buf[64 * 1024];	/* one report a run */
	FILE *fp = stdout;

	memset(o, 0, sizeof(*o));
	if (path != NULL &&
	    (fp = outfile_open(o, path, avoid, navoid, err)) == NULL)
		return NULL;
	/* one thread writes it: stdio need not lock the stream; a report
	 * of 100,000 people is tens of MB, written 64 KiB at a time but to
	 * a terminal */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	if (!isatty(fileno(fp)))
		setvbuf(fp, buf, _IOFBF, sizeof(buf));
	return fp;
}

int
outfile_finish(struct outfile *o, FILE *fp, bool ok)
{
	int rc = 0;

	if (ok && fflush(fp) != 0)
		ok = false, rc = -1;
	if (o->fp == NULL)		/* stdout */
		return ok ? 0 : -1;
	if (outfile_close(o, ok) != 0)
		rc = -1;
	return rc;
}
