/*
 * input: what the roster and training readers share -- finding the
 * configured columns in a header, cleaning a text value before anything
 * keeps it, and filling a person from a row.
 */
#ifndef CERTMINDER_INPUT_H
#define CERTMINDER_INPUT_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

#include "alloc.h"
#include "classify.h"
#include "conf.h"
#include "people.h"
#include "strbuf.h"
#include "strlist.h"
#include "strmap.h"

/* A problem found in an input: file (display name), line (0 = whole file). */
struct problem {
	const char	*file;
	unsigned long	 line;
	char		*message;
	char		*agency;	/* the row's, when known; NULL: any */
	bool		 rejected;	/* a row not read */
};
struct problems {
	struct problem	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* past PROBLEMS_MAX, only counted */
};
#define PROBLEMS_MAX 1000
void	 problems_add(struct problems *, const char *file, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 problems_vadd(struct problems *, const char *file, unsigned long line,
	    const char *fmt, va_list);
void	 problems_free(struct problems *);
/* Names the agency of the problem added last (NULL or "": none). */
void	 problems_set_agency(struct problems *, size_t before,
	    const char *agency, size_t alen);


struct input_stats {
	unsigned long	 rows;
	unsigned long	 rejected;
	unsigned long	 unmatched;
	unsigned long	 other_courses;
	/* roster: ids on more than one row; of them, in several agencies */
	unsigned long	 repeated_ids;
	unsigned long	 cross_agency_ids;
	/* roster: values of the deciding columns that no list holds */
	unsigned long	 not_understood;
	/* what the report should say: default columns the file lacks */
	struct strlist	 notes;
	enum encoding	 encoding;	/* the one the file was read in */
	/* training: the titles of those other courses, most rows first, at
	 * most OTHER_TITLES_KEPT; owned (input_stats_free) */
	struct other_title *other_titles;
	size_t		 n_other_titles;
	size_t		 n_other_titles_all;	/* distinct, printable */
	/* training: ids on no roster row, most rows first, at most
	 * OTHER_TITLES_KEPT (title holds the id); owned */
	struct other_title *unmatched_ids;
	size_t		 n_unmatched_ids;
	size_t		 n_unmatched_ids_all;
	/* training: the titles read as a certification, by certification
	 * then rows (seen is NULL); owned */
	struct cert_title *cert_titles;
	size_t		 n_cert_titles;
	/* training: rows a status column says are not completed, by value
	 * (title holds the value), most rows first; owned */
	struct other_title *not_completed;
	size_t		 n_not_completed;
	/* rows that are no record (totals lines), and the first */
	unsigned long	 not_records;
	unsigned long	 not_record_line;
	/* roster: non-sworn rows without an id (staff the training system
	 * does not track), skipped */
	unsigned long	 no_id_non_sworn;
	/* notes that make --check say WARNING too (min_hours unchecked) */
	struct strlist	 cautions;
};

#define OTHER_TITLES_KEPT 1000

struct input {
	const struct conf	*conf;
	const struct conf_input	*in;
	const char		*path;	/* as given, for messages */
	const char		*label;	/* its base name, for the report */
	struct problems		*problems;
	struct input_stats	*stats;
	int			 idx[COL_MAX];	/* column index, -1 absent */
	bool			 utf8_warned;
	struct unknown_value	*unknown;	/* deciding values not understood */
	size_t			 nunknown;
	/* what each value of the deciding columns (status, sworn,
	 * selected) was found to mean, by the value as written */
	struct strmap		 meaning[3];
	struct arena		 meaning_keys;
	char			*fatal;	/* why the file cannot be used */
	/* title lines above the header: how many passed over, and the one
	 * most like a header, for the message when none is */
	unsigned long		 title_lines;
	char			**best;
	size_t			 nbest;
	int			 best_score;
	unsigned long		 best_line;
	unsigned long		 header_line;	/* for messages */
	size_t			 first_col;	/* the first column read */
	const char		*row_agency;	/* the row's, for its problems;
						 * valid while the row is read */
	size_t			 row_alen;
	const enum column	*required;	/* the loader's, kept for it */
	size_t			 nrequired;
};

#define TITLE_LINES_MAX	20	/* the header is among the first 20 lines */

/* A value of a deciding column (sworn, status, selected) that no list
 * holds, on a person it decides about. */
struct unknown_value {
	enum column	 col;
	char		*value;
	unsigned long	 rows;
	unsigned long	 line;		/* the first */
};

void	 input_init(struct input *, const struct conf *,
	    const struct conf_input *, const char *path, struct problems *,
	    struct input_stats *);
void	 input_free(struct input *);
void	 input_stats_free(struct input_stats *);
/* Adds from's counts, notes and lists to into (a title or value twice,
 * once), and empties from: the sum of an association's sources. */
void	 input_stats_merge(struct input_stats *into, struct input_stats *from);

/*
 * Finds the configured columns in the header and marks them wanted.
 * Returns -1 with in->fatal set when a required column is missing, when a
 * column the configuration names in its columns group is missing, or when
 * a name appears twice.  A default column that is absent is a note.
 * A line that lacks a needed column, among the first TITLE_LINES_MAX, is a
 * title line above the header ("Report generated on ..."): 1, and the next
 * line is tried; past them the message names the line most like a header.
 */
int	 input_map_header(struct input *, char *const *names, size_t n,
	    bool *want, const enum column *required, size_t nrequired);

/* The trimmed value of a column, or NULL when absent or empty. */
const char *input_raw(const struct input *, enum column, char *const *field,
	    const size_t *len, size_t *vlen);

/*
 * A text value fit to keep: trimmed, valid UTF-8 (bad bytes replaced and
 * reported once per file), copied into pp's strings.  A value holding a
 * control character is dropped and reported; NULL then, or when empty.
 */
const char *input_text(struct input *, struct people *, enum column,
	    char *const *field, const size_t *len, unsigned long line);

/* Fills p from a row: name, email, sworn, selected, status, supervisor,
 * agency and unit, as far as their columns are mapped.  A deciding value
 * that no configured list holds is noted (input_unknown_report): the
 * person then counts as sworn, active and not selected. */
void	 input_fill_person(struct input *, struct people *, uint32_t person,
	    char *const *field, const size_t *len, unsigned long line);

/* Whether the row's non-sworn column says non-sworn (a value understood). */
bool	 input_non_sworn(struct input *, char *const *field, const size_t *len);
/* Whether a row is no record: a totals line ("Total Records: 878",
 * "Report Total Hours"), or one with nothing in the columns read.  Counted
 * in stats->not_records, never a person, a course or a problem. */
bool	 input_not_a_record_slow(struct input *, char *const *field,
	    const size_t *len, unsigned long line);
/* A training row's status value: 1 completed (it counts), 0 not completed
 * (skipped quietly), -1 in neither list: noted as not understood, and then
 * read as completed while the night is refused. */
int	 input_training_status(struct input *, const char *, size_t,
	    unsigned long line);
/* Adds a problem for each deciding value not understood, with its rows and
 * the setting to add it to, and counts them in stats->not_understood. */
void	 input_unknown_report(struct input *);

/* Appends 'value' for a message: at most 60 bytes, control characters
 * shown as '?', invalid UTF-8 replaced. */
void	 input_quote(struct strbuf *, const char *, size_t);

/* The bounds of a loader's reading: max_field_bytes for a value, 1024
 * times that for a line, max_file_mb for the file; rows refused by them go
 * to input_csv_reject, whose ctx is the loader's, whose first member is
 * its struct input. */
struct csvread_handler;
void	 input_csv_limits(const struct input *, struct csvread_handler *);
void	 input_csv_reject(void *ctx, unsigned long line, const char *why);

/* What a read file showed: its encoding, repeated header rows. */
void	 input_read(struct input *, const struct csvread_result *);

/* Sets in->fatal: why the file cannot be used. */
void	 input_fatal(struct input *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Reports a rejected row. */
void	 input_reject(struct input *, unsigned long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Why a file could not be read; main turns it into the exit code. */
enum input_status {
	INPUT_OK,
	INPUT_UNREADABLE,	/* missing, or a read error */
	INPUT_UNUSABLE,		/* read, but no header or columns to use */
	INPUT_NOMEM
};

/* Puts a reader failure's message in in->fatal and returns its status. */
struct csvread_result;
enum input_status input_fail(struct input *, const struct csvread_result *);

/* Every row passes here: an id that starts with a digit ends it at once. */
static inline bool
input_not_a_record(struct input *ip, char *const *field, const size_t *len,
    unsigned long line)
{
	const char *v = field[ip->first_col];

	if (len[ip->first_col] > 0 && v[0] >= '0' && v[0] <= '9')
		return false;
	return input_not_a_record_slow(ip, field, len, line);
}

#endif
