/*
 * classify: which configured certification a course title is.  A title
 * belongs to the first certification whose match patterns hit it and whose
 * exclude patterns do not.  Patterns are fnmatch(3) globs over the whole
 * title, compared after both are normalised: case folded, '.' and '\''
 * dropped, every other run of punctuation and spaces one space, so that
 * "MHFA-PS", "MHFA: Public Safety" and "mhfa ps" read alike and the word
 * "CIT" never matches "Citizen Academy".
 */
#ifndef CERTMINDER_CLASSIFY_H
#define CERTMINDER_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "alloc.h"
#include "conf.h"
#include "strbuf.h"
#include "strlist.h"
#include "strmap.h"

/* A course title that is none of the certifications, and its rows. */
struct other_title {
	const char	*title;
	unsigned long	 rows;
};

struct classifier {
	const struct conf	*conf;
	struct strmap		 cache;	/* title -> certification + 1, or
					 * OTHER_TITLE | index in others */
	struct arena		 keys;
	struct strlist		*match;		/* normalised, per certification */
	struct strlist		*exclude;
	struct other_title	*others;	/* printable titles, first seen
						 * first */
	size_t			 nothers;
};

/*
 * The words of s[0..n) as the matching sees them: lower case, separated by
 * single spaces, with a space before the first and after the last.  A
 * pattern keeps * ? [ ] and gets no space where it starts or ends with '*'.
 */
void	 classify_normalize(const char *s, size_t n, bool pattern,
	    struct strbuf *out);
void	 classifier_init(struct classifier *, const struct conf *);
/* Returns the certification index, or -1 for another course, which it
 * counts in others. */
int	 classify_title(struct classifier *, const char *title, size_t len);
void	 classifier_free(struct classifier *);

#endif
