/*
 * conf: the configuration, read with libconfig and checked strictly.
 * Every key has a built-in default (the One Mind Campaign values); an unknown
 * key, a wrong type or an impossible value is an error naming file and line.
 */
#ifndef CERTMINDER_CONF_H
#define CERTMINDER_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "date.h"
#include "strlist.h"

enum column {
	COL_ID,
	COL_NAME,
	COL_FIRST_NAME,
	COL_LAST_NAME,
	COL_EMAIL,
	COL_SWORN,
	COL_SELECTED,
	COL_STATUS,
	COL_SUPERVISOR_ID,
	COL_SUPERVISOR_EMAIL,
	COL_AGENCY,
	COL_UNIT,
	COL_COURSE,
	COL_COMPLETED,
	COL_EXPIRES,
	COL_CODE,
	COL_HOURS,
	COL_HIRED,
	COL_RANK,
	COL_PROVIDER,
	COL_CERTIFICATE,
	COL_SHIFT,
	COL_SUPERVISOR_MATCH,	/* the column supervisor ids refer to */
	COL_MAX
};
extern const char *const column_keys[COL_MAX];	/* config key names */

struct conf_input {
	char		*file;		/* NULL: not configured */
	char		 delimiter;	/* 0 = auto */
	enum encoding	 encoding;
	enum date_format date_format;
	char		*date_pattern;	/* DATE_PATTERN: the strptime pattern */
	char		*column[COL_MAX];	/* header names; NULL = not mapped */
	bool		 column_explicit;	/* the config gave a columns group */
	bool		 wide;		/* training.layout = "wide": a column
					 * a course, a row a person */
	char		*profile;	/* the profile read first, as named */
	char		*agency;	/* a source's: every row is of it */
	char		*label;		/* a source's file in messages:
					 * "North PD: roster.csv" */
};

/* What an officer's notice tells them to do, in words that fit the
 * certification (built in: conf.c's builtin_certs). */
struct cert_advice {
	const char	*renew;		/* before the expiry */
	const char	*expired;	/* lapsed, required */
	const char	*voluntary;	/* lapsed, voluntary */
	const char	*missing;	/* never held */
};

struct conf_cert {
	char		*name;
	char		*title;		/* spelled out, for people */
	int		 validity_months;	/* 0 = never expires */
	int		 threshold_pct;
	bool		 required;		/* missing notices for sworn */
	bool		 required_for_selected;
	struct strlist	 match;
	/* courses the pledge accepts in its place (ICAT for MHFA): counted
	 * as it, and named as equivalents */
	struct strlist	 equivalents;
	struct strlist	 exclude;
	/* a renewal: a title of it that one of these also matches; counted
	 * only after a full course, and under renewal_min_hours not at all */
	struct strlist	 renewed_by;
	struct strlist	 match_add;	/* read; appended to match, exclude */
	struct strlist	 exclude_add;
	int		 renewal_min_hours;
	bool		 renew_before_expiry_only;	/* not once lapsed */
	/* certifications that count for this one too ("CIT" for MHFA, as the
	 * IACP's pledge page words it); resolved to indexes in also */
	struct strlist	 also_met_by;
	struct strlist	 codes;		/* course codes that are this one */
	int		 min_hours;	/* fewer hours (hours column) count
					 * for nothing */
	size_t		*also;
	size_t		 nalso;
	bool		 enabled;		/* false: removed from the list */
	struct cert_advice advice;
};

/* What the chief's letter says beyond the training figures (the pledge's
 * FAQ: the partnership with a mental health provider, the crisis policy,
 * what to enclose); NULL or DAY_NONE where not configured. */
struct conf_pledge {
	char		*partner;	/* the mental health provider */
	char		*partnership;	/* what the two do together */
	day_t		 mou_signed;
	char		*policy;	/* its name */
	day_t		 policy_adopted;
	struct strlist	 policy_components;
	char		*signed_by;	/* name and title */
};

/* An agency's own settings: its coordinator's summary, its letter's. */
struct conf_agency {
	char		*name;		/* as the roster spells it, once read */
	struct strlist	 summary_to;
	struct conf_pledge pledge;	/* over the top-level one, key by key */
	bool		 absent;	/* the roster has no agency so named */
};

enum tls_mode { TLS_STARTTLS, TLS_IMPLICIT, TLS_NONE };

/* sources = ( { agency; roster; training } ): an agency of an association
 * with its own exports, read with its own columns, words and layout (the
 * roster, training and value lists of its settings; the rest unused). */
struct conf_source {
	char		*agency;
	struct conf	*settings;
};

/* The class calendar's columns, and the bookings'. */
enum class_column {
	CLASS_COURSE, CLASS_START, CLASS_END, CLASS_LOCATION, CLASS_SEATS,
	CLASS_SIGNUP, CLASS_START_TIME, CLASS_END_TIME, CLASS_COL_MAX
};
enum enroll_column { ENROLL_ID, ENROLL_COURSE, ENROLL_START, ENROLL_AGENCY,
	ENROLL_COL_MAX };

struct conf {
	char		*path;		/* the file read, or NULL for defaults */
	char		*agency_name;
	bool		 id_ignore_leading_zeros;
	bool		 id_scope_agency;	/* id_scope = "agency" */
	bool		 date_style_iso;	/* mail dates as 2026-12-13 */
	struct strlist	 no_expiry_values;	/* expiry cells meaning none */
	day_t		 earliest_date;		/* older dates are refused */
	struct conf_input roster;
	struct conf_input training;
	/* the roster's deciding columns: the words each understands */
	struct strlist	 sworn_values;
	struct strlist	 non_sworn_values;
	struct strlist	 inactive_values;
	struct strlist	 active_values;
	struct strlist	 selected_values;	/* yes-words */
	/* the training file's status column: rows that count, and rows
	 * skipped quietly (not completed, waived, exempt) */
	struct strlist	 completed_values;
	struct strlist	 not_completed_values;
	struct strlist	 not_selected_values;	/* no-words, but when given */
	bool		 selected_values_given;	/* other values: not selected */
	struct conf_cert *certs;
	size_t		 ncerts;
	struct conf_source *sources;
	size_t		 nsources;
	struct conf_pledge pledge;
	struct conf_agency *agencies;	/* agencies = ( { name; ... } ) */
	size_t		 nagencies;
	int		*stages;	/* ascending */
	size_t		 nstages;
	int		 overdue_every_days;
	int		 voluntary_expired_notices;	/* per expiry */
	int		 new_hire_grace_days;
	int		 escalate_after_days;	/* 0: never */
	int		 digest_every;		/* -1 daily, 0 Monday .. 6 */
	int		 summary_every;
	int		 forecast_days;
	int		 max_bad_rows_pct;
	int		 max_roster_drop_pct;
	int		 max_roster_growth_pct;	/* leavers coming back */
	int		 max_sworn_change_pct;
	int		 max_field_bytes;	/* a longer value rejects its row */
	int		 max_file_mb;		/* a larger file is refused */
	int		 max_vanished;	/* 0 = automatic */
	int		 max_notices;	/* 0 = automatic */
	char		*state_file;
	int		 keep_months;	/* ledger: notices of leavers kept */
	bool		 log_syslog;
	struct {
		char		*from;
		char		*reply_to;
		char		*envelope_from;	/* MAIL FROM; NULL: from's */
		struct strlist	 summary_to;
		char		*templates;
		char		*refresher_info;
		bool		 summary_html;	/* an HTML part beside the text */
		bool		 attach_ics;	/* an officer's classes as .ics */
	} mail;
	/* the class calendar (CSV or .ics) and the bookings, or no file */
	struct conf_classes {
		char		*file;
		char		*column[CLASS_COL_MAX];
	} classes;
	struct conf_enrollments {
		char		*file;
		char		*column[ENROLL_COL_MAX];
		int		 no_show_after_days;
	} enrollments;
	struct {
		char		*url;
		char		*url_shown;	/* without user@ */
		enum tls_mode	 tls;
		bool		 tls_verify;
		char		*ca_file;
		char		*helo;		/* NULL: the host's full name */
		char		*user;
		char		*password_file;
		int		 timeout_s;
	} smtp;
};

/* smtp.url as messages may show it: without the user part. */
const char *conf_url_shown(const struct conf *);

/* The largest reminder stage: how far ahead "expiring" looks. */
int	 conf_warn_days(const struct conf *);

/* Fills c with the built-in defaults. */
void	 conf_defaults(struct conf *c);
/* The configuration source i is read with: c's, with the source's roster,
 * training and words (a copy of the struct: nothing to free). */
void	 conf_source_view(const struct conf *c, size_t i, struct conf *out);
/* The letter's settings of the agency named so: its own over the
 * top-level ones, key by key (a copy: nothing to free). */
void	 conf_pledge_of(const struct conf *, const char *agency,
	    struct conf_pledge *out);
/* Where the import profiles are: $CERTMINDER_PROFILES, else
 * DATADIR/profiles. */
const char *conf_profile_dir(void);

/*
 * Reads path over the defaults.  Returns 0, or -1 with a message
 * "FILE:LINE: reason" (or "FILE: reason") in *err, to be freed by the caller.
 * A missing file is an error too: errno is left set (ENOENT).
 */
int	 conf_load(struct conf *c, const char *path, char **err);

/*
 * Checks the configuration as a run will use it, once the command line's
 * files are in: every check in one place.  A live run (one that sends)
 * also needs a usable server, sender and recipients, and a private file
 * when it names an SMTP login.  Returns 0, or -1 with the first reason in
 * *err ("FILE: smtp.url is not set").
 */
int	 conf_check(const struct conf *c, bool live, char **err);

void	 conf_free(struct conf *c);

/* The i-th plain key of the configuration (from 0; NULL past the last),
 * and its group in *group (NULL: the top level): what conf.5 documents. */
const char *conf_key_name(size_t i, const char **group);

#endif
