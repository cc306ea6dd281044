/*
 * people: the staff of every agency, found by id, and for each person and
 * certification the latest expiry seen in the training records.
 */
#ifndef CERTMINDER_PEOPLE_H
#define CERTMINDER_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "date.h"
#include "strmap.h"

#define NO_PERSON UINT32_MAX

struct person {
	const char	*id;		/* as written, trimmed */
	const char	*key;		/* the ledger's: the id, or with ids per
					 * agency "agency" PEOPLE_KEY_SEP "id" */
	const char	*name;		/* never NULL: falls back to the id */
	const char	*email;		/* NULL: unreachable */
	const char	*supervisor_id;	/* NULL: none */
	const char	*supervisor_key; /* the supervisor's key, or email */
	const char	*supervisor_email;
	const char	*unit;
	const char	*shift;		/* NULL: none given */
	const char	*rank;		/* for the greeting; NULL: none */
	uint32_t	 agency;
	day_t		 hired;		/* DAY_NONE: not known */
	uint32_t	 line;		/* files stop at 4095 MB: it fits */
	/* one byte for the five: a million people take 96 MB, not 104 */
	bool		 sworn : 1;
	bool		 selected : 1;
	bool		 active : 1;
	bool		 repeated : 1;	/* its id is on another roster row */
	bool		 cross_agency : 1; /* ... and of another agency */
};

/* The training record behind a person's expiry for a certification, kept
 * for the evidence and the letter (keep_source). */
struct record_source {
	uint32_t	 line;		/* of the training file; 0: none */
	uint32_t	 title;		/* the course as exported: titles[title] */
	day_t		 completed;
	bool		 renewal;	/* a refresher renewed the certification */
};

struct people {
	struct person	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 ncerts;
	day_t		*expires;	/* n x ncerts; DAY_NONE = no record */
	bool		*booked;	/* n x ncerts: a booking stands, which
					 * holds reminders back; NULL: none */
	struct record_source *source;	/* n x ncerts, the record behind
					 * the expiry; NULL unless keep_source */
	const char	**titles;	/* the course titles of sources */
	size_t		 ntitles;
	struct strmap	 title_ids;
	struct strmap	 ids;		/* normalised id -> index */
	const char	**agency;	/* agency names */
	size_t		 nagencies;
	struct strmap	 agency_ids;
	const char	**shared;	/* texts kept once: people_shared() */
	size_t		 nshared;
	struct strmap	 shared_ids;
	struct arena	 strings;	/* every string above lives here */
	bool		 ignore_leading_zeros;
	bool		 agency_scope;	/* an id names a person within an agency */
	bool		 keep_source;	/* set before adding people: fill
					 * source, for the evidence and letter */
};

/* Between an agency's name and an id in a key. */
#define PEOPLE_KEY_SEP	'\x1f'


void	 people_init(struct people *, size_t ncerts, bool ignore_leading_zeros);
void	 people_free(struct people *);
/* The join key of an id: trimmed and, when configured, without leading
 * zeros.  Points into s. */
const char *people_key(const struct people *, const char *s, size_t *len);
/* Index of the person with this id, or NO_PERSON.  With agency_scope the
 * _in forms look within the agency named agency[0..alen); the others
 * within the agency "". */
uint32_t people_find(const struct people *, const char *id, size_t len);
uint32_t people_find_in(const struct people *, const char *agency,
	    size_t alen, const char *id, size_t len);
/* The person with this key (struct person's key), or NO_PERSON. */
uint32_t people_find_key(const struct people *, const char *key);
/* Writes agency[0..alen), PEOPLE_KEY_SEP, id[0..len) and a NUL to k, which
 * has room for alen + len + 2 bytes; returns k. */
char	*people_join_key(char *k, const char *agency, size_t alen,
	    const char *id, size_t len);
/* That key, kept in pp's strings. */
const char *people_keep_key(struct people *, const char *agency, size_t alen,
	    const char *id, size_t len);
/* The id in a key: what follows its agency and PEOPLE_KEY_SEP, or all of
 * it. */
const char *people_key_id(const char *key);
/* Makes room for n people, so that adding them grows nothing. */
void	 people_reserve(struct people *, size_t n);
/* Adds a person with this id (fields zeroed but id, key and name) or, when
 * the id is known, returns the existing index and sets *existed. */
uint32_t people_add(struct people *, const char *id, size_t len, bool *existed);
uint32_t people_add_in(struct people *, const char *agency, size_t alen,
	    const char *id, size_t len, bool *existed);
/* Index of the agency with this name, added when new. */
uint32_t people_agency(struct people *, const char *name);
/* Sets *idx to the agency named name[0..len) if it is known. */
bool	 people_agency_find(const struct people *, const char *name,
	    size_t len, uint32_t *idx);
/* The same for a name a person wrote (--agency, agencies = ( { name } )):
 * without regard to case or runs of spaces when no name is exactly it. */
bool	 people_agency_named(const struct people *, const char *name,
	    uint32_t *idx);
/* The people grouped by agency, in roster order within each: agency a's
 * are order[first[a] .. first[a + 1]).  Both allocated (to be freed). */
void	 people_by_agency(const struct people *, uint32_t **order,
	    size_t **first);
/* The index in titles of a course title s[0..n), added when new. */
uint32_t people_title(struct people *, const char *s, size_t n);
/* s[0..n) copied into pp's strings. */
char	*people_strdup(struct people *, const char *, size_t);
/* s[0..n) kept once for all who have it: a unit, a shift or a rank that
 * many people share.  Past PEOPLE_SHARED_MAX different texts (a column of
 * one value a person), a new one is copied as people_strdup() does. */
const char *people_shared(struct people *, const char *s, size_t n);
#define PEOPLE_SHARED_MAX	4096

static inline day_t *
people_expires(const struct people *pp, uint32_t person, size_t cert)
{
	return &pp->expires[(size_t)person * pp->ncerts + cert];
}

static inline struct record_source *
people_source(const struct people *pp, uint32_t person, size_t cert)
{
	return &pp->source[(size_t)person * pp->ncerts + cert];
}

#endif
