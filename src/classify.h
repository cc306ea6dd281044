/*
 * classify: which configured certification a course title is.  A title
 * belongs to the first certification whose match patterns hit it and whose
 * exclude patterns do not.  Patterns are globs over the whole trimmed
 * title: '*' any run of characters, '?' one character, case-insensitive.
 */
#ifndef CERTMINDER_CLASSIFY_H
#define CERTMINDER_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "alloc.h"
#include "conf.h"
#include "strmap.h"

/* A course title that is none of the certifications, and its rows. */
struct other_title {
	const char	*title;
	unsigned long	 rows;
};

#define FRONT_SLOTS	256	/* titles remembered in front of the cache */
#define FRONT_LEN	64	/* the longest title kept there */

struct classifier {
	const struct conf	*conf;
	/* a small table in front of the cache, looked up by a cheaper hash:
	 * a million rows carry a few dozen titles */
	struct {
		bool		 used;
		uint8_t		 len;
		uint32_t	 v;
		char		 s[FRONT_LEN];
	}			 front[FRONT_SLOTS];
	struct strmap		 cache;	/* title -> certification + 1, or
					 * OTHER_TITLE | index in others */
	struct arena		 keys;
	struct other_title	*others;	/* printable titles, first seen
						 * first */
	size_t			 nothers;
};

bool	 glob_match(const char *pattern, const char *s, size_t len);
void	 classifier_init(struct classifier *, const struct conf *);
/* Returns the certification index, or -1 for another course, which it
 * counts in others. */
int	 classify_title(struct classifier *, const char *title, size_t len);
void	 classifier_free(struct classifier *);

#endif
