/*
 * json: the JSON certminder writes -- the report, --history -- through one
 * writer that keeps the commas, the nesting and the escaping, so no caller
 * counts members.  The layout is the caller's: an element goes on the line
 * it is on, or, after json_break(), on a new line at an indent; an object
 * is "{ a, b }" (json_object) or "{a, b}" (json_object_tight); an array
 * "[a, b]", closed " ]" after an element on a line of its own.
 *
 *	struct json j;
 *	json_start(&j, fp);
 *	json_object(&j, NULL);
 *	json_break(&j, 2); json_int(&j, "schema", 1);
 *	json_break(&j, 2); json_array(&j, "names");
 *	json_str(&j, NULL, "Ana"); json_end(&j);
 *	json_end_break(&j, 0);
 *	return json_finish(&j);		-> {\n  "schema": 1,\n  "names": ["Ana"]\n}\n
 */
#ifndef CERTMINDER_JSON_H
#define CERTMINDER_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "date.h"

#define JSON_DEPTH	16

struct json_level {
	char	 close;		/* '}' or ']' */
	bool	 padded;	/* "{ a }" */
	bool	 broken;	/* the last element on its own line */
	size_t	 n;		/* elements so far */
};

struct json {
	FILE			*fp;
	int			 depth;
	int			 brk;	/* the next element's indent; -1 inline */
	char			 buf[160];	/* an element's words */
	struct json_level	 level[JSON_DEPTH];
};

void	 json_start(struct json *, FILE *);
/* The next element starts a new line, indented so many spaces (at most
 * 64). */
void	 json_break(struct json *, int indent);

/* Each writes an element: a member named key in an object, an item
 * (key NULL) in an array or at the top. */
void	 json_object(struct json *, const char *key);
void	 json_object_tight(struct json *, const char *key);
void	 json_array(struct json *, const char *key);
void	 json_str(struct json *, const char *key, const char *s); /* NULL: null */
void	 json_int(struct json *, const char *key, long long);
void	 json_bool(struct json *, const char *key, bool);
void	 json_null(struct json *, const char *key);
void	 json_day(struct json *, const char *key, day_t);	/* DAY_NONE: null */
/* A number given as its digits, as a ledger keeps it; "" is null. */
void	 json_digits(struct json *, const char *key, const char *digits);

/* Closes the innermost object or array; _break on a line of its own. */
void	 json_end(struct json *);
void	 json_end_break(struct json *, int indent);
/* The last newline; 0, or -1 when the stream failed. */
int	 json_finish(struct json *);

/* s as a JSON string, quoted and escaped, for a writer of its own. */
void	 json_string(FILE *, const char *s);

#endif
