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

#include "conf.h"
#include "util.h"

struct classifier {
	const struct conf	*conf;
	struct strmap		 cache;	/* title -> certification + 1, 0 other */
	struct arena		 keys;
};

bool	 glob_match(const char *pattern, const char *s, size_t len);
void	 classifier_init(struct classifier *, const struct conf *);
/* Returns the certification index, or -1 for another course. */
int	 classify_title(struct classifier *, const char *title, size_t len);
void	 classifier_free(struct classifier *);

#endif
