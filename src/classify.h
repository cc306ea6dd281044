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
#include <stdint.h>

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

/* A course title that is a certification, and what became of its rows:
 * the training reader counts them here. */
struct cert_title {
	const char	*title;		/* as exported, trimmed */
	int		 cert;
	bool		 renewal;	/* renewed_by hit: renews, needs a
					 * full course before it */
	bool		 equivalent;	/* equivalents hit: the pledge
					 * accepts it in the course's place */
	unsigned long	 rows;		/* counted toward the certification */
	unsigned long	 people;	/* of them, different people */
	unsigned long	 short_rows;	/* under its minimum hours */
	unsigned long	 zero_rows;	/* of 0 hours */
	unsigned char	*seen;		/* a bit a person: people counted */
	size_t		 seen_bytes;
};

struct classifier {
	const struct conf	*conf;
	struct strmap		 cache;	/* title -> certification + 1, or
					 * OTHER_TITLE | index in others */
	struct arena		 keys;
	struct strlist		*match;		/* normalised, per certification */
	struct strlist		*equivalents;
	struct strlist		*exclude;
	struct strlist		*renewed_by;
	struct cert_title	*titles;	/* certification titles, first
						 * seen first */
	size_t			 ntitles;
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
 * counts in others.  For a certification *ct is its title's entry in
 * titles, or NULL past the titles remembered; *renewal tells a renewal. */
int	 classify_title(struct classifier *, const char *title, size_t len,
	    struct cert_title **ct, bool *renewal);
/* Counts a row of the title that counted, and its person once. */
void	 classify_count_person(struct cert_title *, uint32_t person);
void	 classifier_free(struct classifier *);

#endif
