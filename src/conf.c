#include <errno.h>
#include <curl/curl.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include "addr.h"
#include "alloc.h"
#include "conf.h"
#include "mail.h"
#include "strbuf.h"
#include "strlist.h"
#include "text.h"

const char *const column_keys[COL_MAX] = {
	[COL_ID] = "id",
	[COL_NAME] = "name",
	[COL_FIRST_NAME] = "first_name",
	[COL_LAST_NAME] = "last_name",
	[COL_EMAIL] = "email",
	[COL_SWORN] = "sworn",
	[COL_SELECTED] = "selected",
	[COL_STATUS] = "status",
	[COL_SUPERVISOR_ID] = "supervisor_id",
	[COL_SUPERVISOR_EMAIL] = "supervisor_email",
	[COL_AGENCY] = "agency",
	[COL_UNIT] = "unit",
	[COL_COURSE] = "course",
	[COL_COMPLETED] = "completed",
	[COL_EXPIRES] = "expires",
	[COL_CODE] = "code",
	[COL_HOURS] = "hours",
	[COL_HIRED] = "hired",
	[COL_RANK] = "rank",
	[COL_PROVIDER] = "provider",
	[COL_CERTIFICATE] = "certificate",
	[COL_SHIFT] = "shift",
	[COL_SUPERVISOR_MATCH] = "supervisor_match",
};

static const char *const default_roster_columns[COL_MAX] = {
	[COL_ID] = "Employee ID",
	[COL_FIRST_NAME] = "First Name",
	[COL_LAST_NAME] = "Last Name",
	[COL_EMAIL] = "Email",
	[COL_SWORN] = "Employee Type",
	[COL_SELECTED] = "MHFA Selected",
	[COL_STATUS] = "Status",
	[COL_SUPERVISOR_ID] = "Supervisor ID",
	[COL_AGENCY] = "Agency",
	[COL_UNIT] = "Unit",
};

static const char *const default_training_columns[COL_MAX] = {
	[COL_ID] = "Employee ID",
	[COL_COURSE] = "Course Title",
	[COL_COMPLETED] = "Completion Date",
	[COL_EXPIRES] = "Expiration Date",
};

/* The words of the roster's deciding columns, compared case-insensitively
 * with runs of spaces as one; a value in no list is refused loudly. */
static const char *const default_sworn[] = { "sworn", "sworn officer",
    "yes", "y", "true", "1" };
static const char *const default_non_sworn[] = { "non-sworn", "nonsworn",
    "non sworn", "civilian", "civilian staff", "professional staff", "no",
    "n", "false", "0" };
static const char *const default_inactive[] = { "inactive", "separated",
    "retired", "terminated", "resigned", "deceased" };
static const char *const default_active[] = { "active", "a", "leave",
    "on leave", "light duty", "probation", "probationary" };
/* A training system's status words: done (counted with its dates), and
 * not done or not to count (skipped quietly, counted by value). */
static const char *const default_completed[] = { "Completed", "Complete",
    "Completed Equivalent", "Certified", "Passed", "Achieved", "Active",
    "Expired" };
static const char *const default_not_completed[] = { "In Progress",
    "Not Started", "Started", "Registered", "Enrolled", "Scheduled",
    "Pending", "Incomplete", "Not Complete", "Not Completed", "Past Due",
    "Overdue", "Failed", "Withdrawn", "Cancelled", "No Show", "Inactive",
    "Waived", "Exempt", "Exemption" };
static const char *const default_selected[] = { "yes", "y", "true", "1",
    "x" };
static const char *const default_not_selected[] = { "no", "n", "false",
    "0", "-" };
/* Patterns match normalised titles (classify.h): "* MHFA *" is the word
 * MHFA anywhere in a title, however it is punctuated. */
static const char *const mhfa_match[] = { "*Mental Health First Aid*",
    "* MHFA *" };
/* what the IACP's FAQ accepts in MHFA's place */
static const char *const mhfa_equivalents[] = { "* ICAT *",
    "*Integrating Communications, Assessment*",
    "* Youth Mental Health First Aid*", "* Youth MHFA *", "* YMHFA *" };
static const char *const cit_match[] = { "*Crisis Intervention Team*",
    "* CIT *", "*Crisis Intervention Training*" };
/* Not the course: suicide-prevention and awareness classes, and titles
 * that say so ("MHFAX Pilot (not MHFA)", CPI's Nonviolent Crisis
 * Intervention). */
static const char *const mhfa_exclude[] = { "*QPR*",
    "*Question, Persuade*", "* awareness *", "* introduction *",
    "* intro *", "* introductory *", "* not MHFA *", "* non MHFA *",
    "* not Mental Health First Aid*", "* non Mental Health First Aid*",
    "* does not *", "* no credit *" };
static const char *const cit_exclude[] = { "*QPR*",
    "*Question, Persuade*", "* awareness *", "* introduction *",
    "* intro *", "* introductory *", "* not CIT *", "* non CIT *",
    "* not Crisis Intervention*", "* non Crisis Intervention*",
    "*nonviolent crisis*", "*non violent crisis*", "* does not *",
    "* no credit *" };
/* A course of the certification that says it renews one. */
static const char *const default_renewed_by[] = { "* refresher *",
    "* refreshers *", "* recertification *", "* recert *", "* renewal *",
    "* in-service *", "* inservice *" };
static const int default_stages[] = { 7, 14, 30, 60, 90 };
/* Expiry cells that mean "no date in the export: use the validity". */
static const char *const default_no_expiry[] = { "", "N/A", "NA", "None",
    "Never", "0", "-" };

/* The class calendar's and the bookings' column names. */
static const char *const class_columns[CLASS_COL_MAX] = { "course",
    "start", "end", "location", "seats", "signup", "start_time",
    "end_time" };
static const char *const default_class_columns[CLASS_COL_MAX] = {
    "Course", "Start", "End", "Location", "Seats", "Sign-up", "Start Time",
    "End Time" };
static const char *const enroll_columns[ENROLL_COL_MAX] = { "id", "course",
    "start", "agency" };
static const char *const default_enroll_columns[ENROLL_COL_MAX] = {
    "Employee ID", "Course", "Start", "Agency" };

static void
conf_input_defaults(struct conf_input *in, const char *const cols[COL_MAX],
    const char *file)
{
	int i;

	memset(in, 0, sizeof(*in));
	in->file = file ? xstrdup(file) : NULL;
	in->date_format = DATE_AUTO;
	in->encoding = ENC_AUTO;
	for (i = 0; i < COL_MAX; i++)
		in->column[i] = cols[i] ? xstrdup(cols[i]) : NULL;
}

/* The built-in certification a configured one of the same name starts from. */
static void pledge_defaults(struct conf_pledge *);
static void pledge_free(struct conf_pledge *);
static void keys_default(struct conf *);
static void keys_free(struct conf *);

#define LIST(v)	v, NELEM(v)

/*
 * The certifications certminder knows by name: their pledge rules, the
 * titles that are and are not the course, and the words of their
 * notices.  Any other configured certification starts from the plain
 * entry (name NULL).
 */
static const struct builtin_cert {
	const char		*name;
	const char		*title;
	int			 threshold_pct;
	bool			 required, required_for_selected;
	bool			 renew_before_expiry_only;
	int			 min_hours, renewal_min_hours;
	const char *const	*match;
	size_t			 nmatch;
	const char *const	*equivalents;
	size_t			 nequivalents;
	const char *const	*exclude;
	size_t			 nexclude;
	struct cert_advice	 advice;
} builtin_certs[] = {
	{ "MHFA", "Mental Health First Aid (MHFA)", 100, true, true,
	    /* MHFA's recertification is open only while current */
	    true, 0, 0, LIST(mhfa_match), LIST(mhfa_equivalents),
	    LIST(mhfa_exclude), {
	    .renew = "Renew it before then: while it is still valid, the "
		"short online recertification is enough. Once it has lapsed, "
		"the full 8-hour course must be taken again.",
	    .expired = "The online recertification is open only before "
		"expiry, so please sign up for the full 8-hour course.",
	    .voluntary = "It is voluntary: renew it if you want to keep it.",
	    .missing = "Please sign up for a Mental Health First Aid class "
		"(one day, 8 hours)." } },
	/* the 40-hour course, not awareness; the states' 8-hour refresher */
	{ "CIT", "Crisis Intervention Team (CIT)", 20, false, false, false,
	    40, 8, LIST(cit_match), NULL, 0, LIST(cit_exclude), {
	    .renew = "Plan a CIT refresher (in-service, 8 hours) before then.",
	    .expired = "Please sign up for a CIT refresher (8 hours), or for "
		"the 40-hour course if your agency asks for it.",
	    .voluntary = "CIT is voluntary: if you want to keep it, sign up "
		"for a CIT refresher.",
	    .missing = "Please sign up for the 40-hour CIT course." } },
	{ NULL, NULL, 0, false, false, false, 0, 0, NULL, 0, NULL, 0, NULL,
	    0, {
	    .renew = "Please renew it before then.",
	    .expired = "Please renew it.",
	    .voluntary = "It is voluntary: renew it if you want to keep it.",
	    .missing = "Please sign up for a class." } },
};

/* The built-in certification a configured one of the same name starts
 * from; another name starts from the plain entry. */
static void
cert_builtin(struct conf_cert *ct, const char *name)
{
	const struct builtin_cert *b = builtin_certs;

	while (b->name != NULL && !str_ieq(b->name, name))
		b++;
	memset(ct, 0, sizeof(*ct));
	ct->name = xstrdup(name);
	ct->title = xstrdup(b->title ? b->title : name);
	ct->validity_months = 36;
	ct->enabled = true;
	strlist_set(&ct->renewed_by, default_renewed_by,
	    NELEM(default_renewed_by));
	ct->threshold_pct = b->threshold_pct;
	ct->required = b->required;
	ct->required_for_selected = b->required_for_selected;
	ct->renew_before_expiry_only = b->renew_before_expiry_only;
	ct->min_hours = b->min_hours;
	ct->renewal_min_hours = b->renewal_min_hours;
	strlist_set(&ct->match, b->match, b->nmatch);
	strlist_set(&ct->equivalents, b->equivalents, b->nequivalents);
	strlist_set(&ct->exclude, b->exclude, b->nexclude);
	ct->advice = b->advice;
}

static void
cert_free(struct conf_cert *ct)
{
	free(ct->name);
	free(ct->title);
	strlist_free(&ct->match);
	strlist_free(&ct->equivalents);
	strlist_free(&ct->exclude);
	strlist_free(&ct->renewed_by);
	strlist_free(&ct->match_add);
	strlist_free(&ct->exclude_add);
	strlist_free(&ct->also_met_by);
	strlist_free(&ct->codes);
	free(ct->also);
}

void
conf_defaults(struct conf *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	keys_default(c);
	conf_input_defaults(&c->roster, default_roster_columns, NULL);
	conf_input_defaults(&c->training, default_training_columns,
	    "/var/lib/certminder/training.csv");
	strlist_set(&c->sworn_values, default_sworn, NELEM(default_sworn));
	c->earliest_date = date_from_civil(1980, 1, 1);
	strlist_set(&c->non_sworn_values, default_non_sworn,
	    NELEM(default_non_sworn));
	strlist_set(&c->active_values, default_active, NELEM(default_active));
	strlist_set(&c->selected_values, default_selected,
	    NELEM(default_selected));
	strlist_set(&c->not_selected_values, default_not_selected,
	    NELEM(default_not_selected));
	strlist_set(&c->inactive_values, default_inactive,
	    NELEM(default_inactive));
	strlist_set(&c->completed_values, default_completed,
	    NELEM(default_completed));
	strlist_set(&c->not_completed_values, default_not_completed,
	    NELEM(default_not_completed));
	c->ncerts = 2;
	c->certs = xcalloc(2, sizeof(*c->certs));
	cert_builtin(&c->certs[0], "MHFA");
	cert_builtin(&c->certs[1], "CIT");
	c->nstages = NELEM(default_stages);
	c->stages = xcalloc(c->nstages, sizeof(int));
	memcpy(c->stages, default_stages, sizeof(default_stages));
	c->digest_every = c->summary_every = 0;	/* Monday */
	pledge_defaults(&c->pledge);
	for (i = 0; i < CLASS_COL_MAX; i++)
		c->classes.column[i] = xstrdup(default_class_columns[i]);
	for (i = 0; i < ENROLL_COL_MAX; i++)
		c->enrollments.column[i] = xstrdup(default_enroll_columns[i]);
	c->smtp.tls = TLS_STARTTLS;
}

static void
conf_input_free(struct conf_input *in)
{
	int i;

	free(in->date_pattern);
	free(in->file);
	free(in->profile);
	free(in->agency);
	free(in->label);
	for (i = 0; i < COL_MAX; i++)
		free(in->column[i]);
}

void
conf_free(struct conf *c)
{
	size_t i;

	keys_free(c);
	pledge_free(&c->pledge);
	for (i = 0; i < CLASS_COL_MAX; i++)
		free(c->classes.column[i]);
	for (i = 0; i < ENROLL_COL_MAX; i++)
		free(c->enrollments.column[i]);
	for (i = 0; i < c->nsources; i++) {
		conf_free(c->sources[i].settings);
		free(c->sources[i].settings);
		free(c->sources[i].agency);
	}
	free(c->sources);
	free(c->path);
	conf_input_free(&c->roster);
	conf_input_free(&c->training);
	strlist_free(&c->sworn_values);
	strlist_free(&c->inactive_values);
	strlist_free(&c->completed_values);
	strlist_free(&c->not_completed_values);
	strlist_free(&c->non_sworn_values);
	strlist_free(&c->active_values);
	strlist_free(&c->selected_values);
	strlist_free(&c->not_selected_values);
	for (i = 0; i < c->ncerts; i++)
		cert_free(&c->certs[i]);
	free(c->certs);
	free(c->stages);
	free(c->smtp.url_shown);
	for (i = 0; i < c->nagencies; i++) {
		free(c->agencies[i].name);
		strlist_free(&c->agencies[i].summary_to);
		pledge_free(&c->agencies[i].pledge);
	}
	free(c->agencies);
	memset(c, 0, sizeof(*c));
}

int
conf_warn_days(const struct conf *c)
{
	return c->nstages ? c->stages[c->nstages - 1] : 0;
}

/* The walk over libconfig's tree. */

struct walk {
	const char	*path;
	char		*err;
	int		 top_date_format;	/* -1: not given */
	char		*top_date_pattern;
	bool		 roster_date_format_set;
	bool		 training_date_format_set;
	/* the training group's columns, checked once its layout is known */
	const config_setting_t *training_columns;
	bool		 pair_given;	/* a top-level roster or training */
};

static void
setting_name(struct strbuf *sb, const config_setting_t *s)
{
	const config_setting_t *parent = config_setting_parent(s);

	if (parent != NULL && !config_setting_is_root(parent)) {
		setting_name(sb, parent);
		if (config_setting_name(s) != NULL)
			sb_addc(sb, '.');
	}
	if (config_setting_name(s) != NULL)
		sb_add(sb, config_setting_name(s));
	else
		sb_printf(sb, "[%d]", config_setting_index(s));
}

static int
fail(struct walk *w, const config_setting_t *s, const char *fmt, ...)
{
	struct strbuf sb = { 0 };
	va_list ap;

	if (w->err != NULL)
		return -1;
	sb_printf(&sb, "%s:%d: ", w->path, s ? config_setting_source_line(s) : 0);
	if (s != NULL) {
		sb_add(&sb, "'");
		setting_name(&sb, s);
		sb_add(&sb, "': ");
	}
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	w->err = sb_steal(&sb);
	return -1;
}

static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a number with a fraction";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "true or false";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ]";
	case CONFIG_TYPE_LIST:
		return "a list ( )";
	default:
		return "something else";
	}
}

static int
want_type(struct walk *w, const config_setting_t *s, int type)
{
	int t = config_setting_type(s);

	if (t == type || (type == CONFIG_TYPE_INT && t == CONFIG_TYPE_INT64))
		return 0;
	return fail(w, s, "must be %s, not %s", type_name(type), type_name(t));
}

static int
get_string(struct walk *w, const config_setting_t *s, char **dst)
{
	const char *v;

	if (want_type(w, s, CONFIG_TYPE_STRING) < 0)
		return -1;
	v = config_setting_get_string(s);
	if (str_has_control(v, strlen(v)))
		return fail(w, s, "contains a control character");
	free(*dst);
	*dst = xstrdup(v);
	return 0;
}

static int
get_nonempty(struct walk *w, const config_setting_t *s, char **dst)
{
	if (get_string(w, s, dst) < 0)
		return -1;
	if (**dst == '\0')
		return fail(w, s, "must not be empty");
	return 0;
}

static int
get_int(struct walk *w, const config_setting_t *s, int min, int max, int *dst)
{
	long long v;

	if (want_type(w, s, CONFIG_TYPE_INT) < 0)
		return -1;
	v = config_setting_type(s) == CONFIG_TYPE_INT64 ?
	    config_setting_get_int64(s) : config_setting_get_int(s);
	if (v < min || v > max)
		return fail(w, s, "%lld is out of range (%d to %d)", v, min, max);
	*dst = (int)v;
	return 0;
}

static int
get_bool(struct walk *w, const config_setting_t *s, bool *dst)
{
	if (want_type(w, s, CONFIG_TYPE_BOOL) < 0)
		return -1;
	*dst = config_setting_get_bool(s) != 0;
	return 0;
}

static int
get_strlist(struct walk *w, const config_setting_t *s, bool allow_empty,
    struct strlist *dst)
{
	struct strlist l = { 0 };
	int i, n, t = config_setting_type(s);

	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return fail(w, s, "must be an array of strings [ \"...\" ], "
		    "not %s", type_name(t));
	n = config_setting_length(s);
	if (n == 0 && !allow_empty)
		return fail(w, s, "must not be empty");
	l.v = xcalloc((size_t)n, sizeof(*l.v));
	for (i = 0; i < n; i++) {
		if (get_string(w, config_setting_get_elem(s, (unsigned)i),
		    &l.v[i]) < 0) {
			l.n = (size_t)n;
			strlist_free(&l);
			return -1;
		}
	}
	l.n = (size_t)n;
	strlist_free(dst);
	*dst = l;
	return 0;
}

static int
unknown(struct walk *w, const config_setting_t *s)
{
	return fail(w, s, "unknown key");
}

/* What a group's key function returns for a name it does not know. */
#define NOKEY	1

/* Reads one setting of a group: 0, -1 (reported), or NOKEY. */
typedef int key_fn(struct walk *, config_setting_t *, const char *name,
    void *ctx);

/* Walks a group key by key; an unknown key is an error. */
static int
walk_group(struct walk *w, const config_setting_t *g, key_fn *key, void *ctx)
{
	int i, n, rc;

	if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
		return -1;
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);

		if ((rc = key(w, s, config_setting_name(s), ctx)) == NOKEY)
			rc = unknown(w, s);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* One word of a string setting's choices (any case) and its value. */
struct choice {
	const char	*word;
	int		 value;
};

/* Reads a string that must be one of choices (ended by a NULL word);
 * otherwise fails with "must be " and what.  Only a listed word is taken,
 * so a word may be a control character: delimiter = "\t". */
static int
get_choice(struct walk *w, const config_setting_t *s,
    const struct choice *choices, const char *what, int *dst)
{
	const char *v;

	if (want_type(w, s, CONFIG_TYPE_STRING) < 0)
		return -1;
	v = config_setting_get_string(s);
	for (; choices->word != NULL; choices++)
		if (str_ieq(v, choices->word)) {
			*dst = choices->value;
			return 0;
		}
	return fail(w, s, "must be %s", what);
}

/*
 * The plain keys: each read by one getter into one field of struct conf
 * (at: its offset), with its range and default.  Reading, the defaults,
 * the range checks and the freeing all come from the tables below; keys
 * that need more (a choice of words, a URL, a group of their own) are
 * read by their group's function, after its table.
 */
enum key_kind {
	KEY_TEXT,		/* a string, empty allowed */
	KEY_NONEMPTY,		/* a string */
	KEY_INT,		/* an integer in min..max */
	KEY_BOOL,
	KEY_LIST,		/* an array of strings, empty allowed */
	KEY_ONE_OR_LIST		/* a string, or an array of them */
};

struct key {
	const char		*name;
	enum key_kind		 kind;
	size_t			 at;
	int			 min, max;	/* KEY_INT */
	int			 def;		/* KEY_INT, KEY_BOOL */
	bool			 zero_is_def;	/* KEY_INT: 0 asks for def */
	const char		*text;		/* KEY_TEXT, KEY_NONEMPTY: the
						 * default, or NULL */
	const char *const	*list;		/* KEY_LIST: the default */
	size_t			 nlist;
};

#define AT(f)		offsetof(struct conf, f)
#define KINT(n, f, lo, hi, d)	{ n, KEY_INT, AT(f), lo, hi, d, false, \
				    NULL, NULL, 0 }
#define KINT0(n, f, lo, hi, d)	{ n, KEY_INT, AT(f), lo, hi, d, true, \
				    NULL, NULL, 0 }
#define KBOOL(n, f, d)		{ n, KEY_BOOL, AT(f), 0, 0, d, false, NULL, \
				    NULL, 0 }
#define KTEXT(n, f, k, d)	{ n, k, AT(f), 0, 0, 0, false, d, NULL, 0 }
#define KLIST(n, f, k, l, nl)	{ n, k, AT(f), 0, 0, 0, false, NULL, l, nl }

static const struct key root_keys[] = {
	KTEXT("agency_name", agency_name, KEY_NONEMPTY, "Agency"),
	KBOOL("id_ignore_leading_zeros", id_ignore_leading_zeros, false),
	KLIST("no_expiry_values", no_expiry_values, KEY_LIST,
	    default_no_expiry, NELEM(default_no_expiry)),
	KINT("voluntary_expired_notices", voluntary_expired_notices, 0, 1000,
	    1),
	KINT("escalate_after_days", escalate_after_days, 0, 3650, 0),
	KINT("new_hire_grace_days", new_hire_grace_days, 0, 3650, 180),
	KINT("overdue_every_days", overdue_every_days, 1, 3650, 30),
	KINT("forecast_days", forecast_days, 0, 3650, 365),
	KTEXT("state_file", state_file, KEY_NONEMPTY,
	    "/var/lib/certminder/state.db"),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key ledger_keys[] = {
	KINT("keep_months", keep_months, 1, 1200, 36),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key limits_keys[] = {
	KINT0("max_bad_rows_pct", max_bad_rows_pct, 0, 100, 5),
	KINT0("max_roster_drop_pct", max_roster_drop_pct, 0, 100, 20),
	KINT("max_field_bytes", max_field_bytes, 16, 1048576, 1024),
	KINT("max_file_mb", max_file_mb, 1, 4095, 512),
	KINT0("max_roster_growth_pct", max_roster_growth_pct, 0, 1000, 20),
	KINT0("max_sworn_change_pct", max_sworn_change_pct, 0, 100, 20),
	KINT("max_vanished", max_vanished, 0, 10000000, 0),
	KINT("max_notices", max_notices, 0, 10000000, 0),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key mail_keys[] = {
	KTEXT("from", mail.from, KEY_NONEMPTY, NULL),
	KTEXT("reply_to", mail.reply_to, KEY_NONEMPTY, NULL),
	KTEXT("envelope_from", mail.envelope_from, KEY_NONEMPTY, NULL),
	KLIST("summary_to", mail.summary_to, KEY_ONE_OR_LIST, NULL, 0),
	KTEXT("templates", mail.templates, KEY_NONEMPTY, NULL),
	KTEXT("refresher_info", mail.refresher_info, KEY_TEXT, NULL),
	KBOOL("summary_html", mail.summary_html, true),
	KBOOL("attach_ics", mail.attach_ics, true),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key smtp_keys[] = {
	KTEXT("url", smtp.url, KEY_NONEMPTY, NULL),
	KBOOL("tls_verify", smtp.tls_verify, true),
	KTEXT("ca_file", smtp.ca_file, KEY_NONEMPTY, NULL),
	KTEXT("helo", smtp.helo, KEY_NONEMPTY, NULL),
	KTEXT("user", smtp.user, KEY_NONEMPTY, NULL),
	KTEXT("password_file", smtp.password_file, KEY_NONEMPTY, NULL),
	KINT("timeout_s", smtp.timeout_s, 1, 3600, 30),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key classes_keys[] = {
	KTEXT("file", classes.file, KEY_NONEMPTY, NULL),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

static const struct key enrollments_keys[] = {
	KTEXT("file", enrollments.file, KEY_NONEMPTY, NULL),
	KINT("no_show_after_days", enrollments.no_show_after_days, 0, 365, 7),
	{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 }
};

/* Every table, by its group (NULL: the top level). */
static const struct {
	const char		*group;
	const struct key	*keys;
} key_tables[] = {
	{ NULL, root_keys }, { "ledger", ledger_keys },
	{ "limits", limits_keys }, { "mail", mail_keys },
	{ "smtp", smtp_keys }, { "classes", classes_keys },
	{ "enrollments", enrollments_keys },
};

/* Reads the key of the table named so into c: 0, -1, or NOKEY. */
static int
read_key(struct walk *w, const config_setting_t *s, const char *name,
    struct conf *c, const struct key *k)
{
	void *at;
	int rc;

	for (; k->name != NULL && strcmp(k->name, name) != 0; k++)
		;
	if (k->name == NULL)
		return NOKEY;
	at = (char *)c + k->at;
	switch (k->kind) {
	case KEY_TEXT:
		return get_string(w, s, at);
	case KEY_NONEMPTY:
		return get_nonempty(w, s, at);
	case KEY_INT:
		if ((rc = get_int(w, s, k->min, k->max, at)) == 0 &&
		    k->zero_is_def && *(int *)at == 0)
			*(int *)at = k->def;
		return rc;
	case KEY_BOOL:
		return get_bool(w, s, at);
	case KEY_ONE_OR_LIST:
		if (config_setting_type(s) == CONFIG_TYPE_STRING) {
			const char *one = config_setting_get_string(s);

			if (str_has_control(one, strlen(one)))
				return fail(w, s, "contains a control "
				    "character");
			strlist_free(at);
			strlist_set(at, &one, 1);
			return 0;
		}
		/* FALLTHROUGH */
	case KEY_LIST:
		return get_strlist(w, s, true, at);
	}
	return NOKEY;
}

/* Every plain key at its default. */
static void
keys_default(struct conf *c)
{
	const struct key *k;
	size_t t;

	for (t = 0; t < NELEM(key_tables); t++)
		for (k = key_tables[t].keys; k->name != NULL; k++) {
			void *at = (char *)c + k->at;

			if (k->kind == KEY_INT)
				*(int *)at = k->def;
			else if (k->kind == KEY_BOOL)
				*(bool *)at = k->def != 0;
			else if ((k->kind == KEY_TEXT ||
			    k->kind == KEY_NONEMPTY) && k->text != NULL)
				*(char **)at = xstrdup(k->text);
			else if (k->list != NULL)
				strlist_set(at, k->list, k->nlist);
		}
}

/* Frees every plain key's string or list. */
static void
keys_free(struct conf *c)
{
	const struct key *k;
	size_t t;

	for (t = 0; t < NELEM(key_tables); t++)
		for (k = key_tables[t].keys; k->name != NULL; k++) {
			void *at = (char *)c + k->at;

			if (k->kind == KEY_TEXT || k->kind == KEY_NONEMPTY) {
				free(*(char **)at);
				*(char **)at = NULL;
			} else if (k->kind == KEY_LIST ||
			    k->kind == KEY_ONE_OR_LIST)
				strlist_free(at);
		}
}

const char *
conf_key_name(size_t i, const char **group)
{
	const struct key *k;
	size_t t;

	for (t = 0; t < NELEM(key_tables); t++)
		for (k = key_tables[t].keys; k->name != NULL; k++)
			if (i-- == 0) {
				*group = key_tables[t].group;
				return k->name;
			}
	return NULL;
}

/* A date format by name, or a strptime(3) pattern (kept in *pattern)
 * that names a day, a month and a year. */
static int
get_date_format(struct walk *w, const config_setting_t *s, int *dst,
    char **pattern)
{
	char *v = NULL;
	int f;

	if (get_string(w, s, &v) < 0)
		return -1;
	f = date_format_from_name(v);
	if (f < 0) {
		free(v);
		return fail(w, s, "must be \"auto\", \"iso\", \"us\", \"eu\" "
		    "or a strptime pattern such as \"%%d.%%m.%%Y\"");
	}
	if (f == DATE_PATTERN && (!(strstr(v, "%d") || strstr(v, "%e")) ||
	    !(strstr(v, "%m") || strstr(v, "%b") || strstr(v, "%B")) ||
	    !(strstr(v, "%Y") || strstr(v, "%y")))) {
		free(v);
		return fail(w, s, "a date pattern needs a day (%%d), a month "
		    "(%%m or %%b) and a year (%%Y)");
	}
	free(*pattern);
	*pattern = f == DATE_PATTERN ? v : NULL;
	if (f != DATE_PATTERN)
		free(v);
	*dst = f;
	return 0;
}

struct columns_walk {
	struct conf_input	*in;
	bool			 training;
};

static int
column_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct columns_walk *cw = ctx;
	int col;

	for (col = 0; col < COL_MAX; col++)
		if (strcmp(name, column_keys[col]) == 0)
			break;
	if (col == COL_MAX || (!cw->training && (col == COL_COURSE ||
	    col == COL_COMPLETED || col == COL_EXPIRES || col == COL_CODE ||
	    col == COL_HOURS || col == COL_PROVIDER ||
	    col == COL_CERTIFICATE)))
		return NOKEY;
	return get_nonempty(w, s, &cw->in->column[col]);
}

static int
walk_columns(struct walk *w, const config_setting_t *g, struct conf_input *in,
    bool training)
{
	struct columns_walk cw = { in, training };
	int col;

	if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
		return -1;
	for (col = 0; col < COL_MAX; col++) {
		free(in->column[col]);
		in->column[col] = NULL;
	}
	in->column_explicit = true;
	if (walk_group(w, g, column_key, &cw) < 0)
		return -1;
	if (in->column[COL_ID] == NULL)
		return fail(w, g, "the required column key 'id' is missing");
	w->training_columns = training ? g : w->training_columns;
	return 0;
}

struct input_walk {
	struct conf		*c;
	struct conf_input	*in;
	bool			 training;
};

static int
delimiter_key(struct walk *w, config_setting_t *s, struct conf_input *in)
{
	static const struct choice delims[] = { { "auto", 0 }, { ",", ',' },
	    { ";", ';' }, { "\t", '\t' }, { "tab", '\t' }, { "|", '|' },
	    { NULL, 0 } };
	int v;

	if (get_choice(w, s, delims, "\"auto\", \",\", \";\", \"|\" or "
	    "\"\\t\"", &v) < 0)
		return -1;
	in->delimiter = (char)v;
	return 0;
}

static int
conf_input_key(struct walk *w, config_setting_t *s, const char *name,
    void *ctx)
{
	static const struct choice encodings[] = { { "auto", ENC_AUTO },
	    { "utf-8", ENC_UTF8 },
	    { "utf8", ENC_UTF8 }, { "windows-1252", ENC_CP1252 },
	    { "cp1252", ENC_CP1252 }, { "iso-8859-1", ENC_CP1252 },
	    { "latin1", ENC_CP1252 }, { NULL, 0 } };
	struct input_walk *iw = ctx;
	struct conf_input *in = iw->in;
	int v;

	if (strcmp(name, "file") == 0)
		return get_nonempty(w, s, &in->file);
	if (strcmp(name, "profile") == 0)
		return 0;	/* read first, by walk_profile() */
	if (strcmp(name, "delimiter") == 0)
		return delimiter_key(w, s, in);
	if (strcmp(name, "encoding") == 0) {
		if (get_choice(w, s, encodings, "\"auto\", \"utf-8\" or "
		    "\"windows-1252\"", &v) < 0)
			return -1;
		in->encoding = (enum encoding)v;
		return 0;
	}
	if (strcmp(name, "date_format") == 0) {
		if (get_date_format(w, s, &v, &in->date_pattern) < 0)
			return -1;
		in->date_format = v;
		if (iw->training)
			w->training_date_format_set = true;
		else
			w->roster_date_format_set = true;
		return 0;
	}
	if (strcmp(name, "columns") == 0)
		return walk_columns(w, s, in, iw->training);
	if (iw->training && strcmp(name, "layout") == 0) {
		static const struct choice layouts[] = { { "long", 0 },
		    { "wide", 1 }, { NULL, 0 } };

		if (get_choice(w, s, layouts, "\"long\" or \"wide\"", &v) < 0)
			return -1;
		in->wide = v == 1;
		return 0;
	}
	if (iw->training && strcmp(name, "completed_values") == 0)
		return get_strlist(w, s, true, &iw->c->completed_values);
	if (iw->training && strcmp(name, "not_completed_values") == 0)
		return get_strlist(w, s, true, &iw->c->not_completed_values);
	if (!iw->training && strcmp(name, "sworn_values") == 0)
		return get_strlist(w, s, true, &iw->c->sworn_values);
	if (!iw->training && strcmp(name, "inactive_values") == 0)
		return get_strlist(w, s, true, &iw->c->inactive_values);
	if (!iw->training && strcmp(name, "non_sworn_values") == 0)
		return get_strlist(w, s, true, &iw->c->non_sworn_values);
	if (!iw->training && strcmp(name, "active_values") == 0)
		return get_strlist(w, s, true, &iw->c->active_values);
	if (!iw->training && strcmp(name, "selected_values") == 0) {
		iw->c->selected_values_given = true;
		return get_strlist(w, s, false, &iw->c->selected_values);
	}
	return NOKEY;
}

static void resolve(char **, const char *);

const char *
conf_profile_dir(void)
{
	const char *d = getenv("CERTMINDER_PROFILES");

	return d != NULL && *d != '\0' ? d : DATADIR "/profiles";
}

/* The file a profile names: a path as it is (relative to the
 * configuration's folder), a name in conf_profile_dir(). */
static char *
profile_path(const struct walk *w, const char *name)
{
	char *path;

	if (strchr(name, '/') == NULL)
		return xasprintf("%s/%s.conf", conf_profile_dir(), name);
	path = xstrdup(name);
	resolve(&path, w->path);
	return path;
}

/*
 * roster.profile or training.profile: the group of the same name in the
 * profile's file, read first; a key given beside the profile wins.
 */
static int
walk_profile(struct walk *w, const config_setting_t *g, struct input_walk *iw)
{
	const config_setting_t *s = config_setting_get_member(g, "profile");
	const config_setting_t *pg;
	const char *name, *saved = w->path;
	config_t cfg;
	char *path;
	FILE *fp;
	int rc;

	if (s == NULL)
		return 0;
	if (want_type(w, s, CONFIG_TYPE_STRING) < 0)
		return -1;
	name = config_setting_get_string(s);
	path = profile_path(w, name);
	if ((fp = fopen(path, "r")) == NULL) {
		rc = fail(w, s, "no profile '%s' (%s: %s); certminder "
		    "--profiles lists them", name, path, strerror(errno));
		free(path);
		return rc;
	}
	config_init(&cfg);
	if (config_read(&cfg, fp) == CONFIG_FALSE) {
		rc = fail(w, s, "profile '%s': %s:%d: %s", name, path,
		    config_error_line(&cfg), config_error_text(&cfg));
		fclose(fp);
		config_destroy(&cfg);
		free(path);
		return rc;
	}
	fclose(fp);
	rc = 0;
	pg = config_setting_get_member(config_root_setting(&cfg),
	    iw->training ? "training" : "roster");
	if (pg == NULL)
		rc = fail(w, s, "profile '%s' (%s) holds no %s group", name,
		    path, iw->training ? "training" : "roster");
	else {
		w->path = path;
		rc = walk_group(w, pg, conf_input_key, iw);
		w->path = saved;
	}
	free(iw->in->profile);
	iw->in->profile = xstrdup(name);
	config_destroy(&cfg);
	free(path);
	return rc;
}

static int
walk_input(struct walk *w, const config_setting_t *g, struct conf *c,
    bool training)
{
	struct input_walk iw = { c, training ? &c->training : &c->roster,
	    training };
	const config_setting_t *cols;

	w->training_columns = NULL;
	/* a profile first, then the keys beside it, which win */
	if (walk_profile(w, g, &iw) < 0 ||
	    walk_group(w, g, conf_input_key, &iw) < 0)
		return -1;
	/* a long export needs its course and date columns; a wide sheet
	 * has a column a course */
	if ((cols = w->training_columns) == NULL || c->training.wide)
		return 0;
	if (c->training.column[COL_COURSE] == NULL)
		return fail(w, cols, "the required column key 'course' is "
		    "missing");
	if (c->training.column[COL_COMPLETED] == NULL)
		return fail(w, cols, "the required column key 'completed' is "
		    "missing");
	return 0;
}

static bool
cert_name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 40)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.' || *s == ' ' || *s == '/' || *s == '+'))
			return false;
	return true;
}

static int
cert_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct conf_cert *ct = ctx;

	if (strcmp(name, "name") == 0)
		return 0;	/* read first, by walk_cert() */
	if (strcmp(name, "validity_months") == 0)
		return get_int(w, s, 0, 1200, &ct->validity_months);
	if (strcmp(name, "threshold_pct") == 0)
		return get_int(w, s, 0, 100, &ct->threshold_pct);
	if (strcmp(name, "required") == 0)
		return get_bool(w, s, &ct->required);
	if (strcmp(name, "required_for_selected") == 0)
		return get_bool(w, s, &ct->required_for_selected);
	if (strcmp(name, "match") == 0)
		return get_strlist(w, s, false, &ct->match);
	if (strcmp(name, "exclude") == 0)
		return get_strlist(w, s, true, &ct->exclude);
	if (strcmp(name, "equivalents") == 0)
		return get_strlist(w, s, true, &ct->equivalents);
	if (strcmp(name, "match_add") == 0)
		return get_strlist(w, s, false, &ct->match_add);
	if (strcmp(name, "exclude_add") == 0)
		return get_strlist(w, s, false, &ct->exclude_add);
	if (strcmp(name, "renewed_by") == 0)
		return get_strlist(w, s, true, &ct->renewed_by);
	if (strcmp(name, "renewal_min_hours") == 0)
		return get_int(w, s, 0, 1000, &ct->renewal_min_hours);
	if (strcmp(name, "renew_before_expiry_only") == 0)
		return get_bool(w, s, &ct->renew_before_expiry_only);
	if (strcmp(name, "also_met_by") == 0)
		return get_strlist(w, s, true, &ct->also_met_by);
	if (strcmp(name, "codes") == 0)
		return get_strlist(w, s, true, &ct->codes);
	if (strcmp(name, "title") == 0)
		return get_nonempty(w, s, &ct->title);
	if (strcmp(name, "min_hours") == 0)
		return get_int(w, s, 0, 1000, &ct->min_hours);
	if (strcmp(name, "enabled") == 0)
		return get_bool(w, s, &ct->enabled);
	return NOKEY;
}

/* The name of a certification group, checked. */
static const char *
cert_name(struct walk *w, const config_setting_t *g)
{
	config_setting_t *s;

	if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
		return NULL;
	s = config_setting_get_member(g, "name");
	if (s == NULL) {
		fail(w, g, "the required key 'name' is missing");
		return NULL;
	}
	if (want_type(w, s, CONFIG_TYPE_STRING) < 0)
		return NULL;
	if (!cert_name_ok(config_setting_get_string(s))) {
		fail(w, s, "a certification name is 1 to 40 letters, digits, "
		    "spaces or - _ . / +");
		return NULL;
	}
	return config_setting_get_string(s);
}

/* Resolves each also_met_by name to the certification it names. */
static int
resolve_also(struct walk *w, const config_setting_t *l, struct conf *c)
{
	size_t k, i, j;

	for (k = 0; k < c->ncerts; k++) {
		struct conf_cert *ct = &c->certs[k];

		free(ct->also);
		ct->also = xcalloc(ct->also_met_by.n, sizeof(*ct->also));
		ct->nalso = 0;
		for (i = 0; i < ct->also_met_by.n; i++) {
			for (j = 0; j < c->ncerts; j++)
				if (str_ieq(c->certs[j].name,
				    ct->also_met_by.v[i]))
					break;
			if (j == c->ncerts || j == k)
				return fail(w, l, "certification '%s': also_met_by "
				    "names '%s', which is %s", ct->name,
				    ct->also_met_by.v[i], j == k ? "itself" :
				    "no certification in the list");
			ct->also[ct->nalso++] = j;
		}
	}
	return 0;
}

/*
 * The certifications list merges into the built-in one by name: a group
 * named like a certification already there changes it key by key, any other
 * adds one, and enabled = false removes one.
 */
static int
walk_certs(struct walk *w, const config_setting_t *l, struct conf *c)
{
	int i, j, n = config_setting_length(l);
	const char *name, *other;
	size_t k, kept;

	if (config_setting_type(l) != CONFIG_TYPE_LIST)
		return fail(w, l, "must be a list ( { ... }, ... ), not %s",
		    type_name(config_setting_type(l)));
	if (n > 32)
		return fail(w, l, "at most 32 certifications");
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, (unsigned)i);

		if ((name = cert_name(w, g)) == NULL)
			return -1;
		for (j = 0; j < i; j++) {
			other = config_setting_get_string(config_setting_get_member(
			    config_setting_get_elem(l, (unsigned)j), "name"));
			if (str_ieq(other, name))
				return fail(w, g, "certification '%s' is named "
				    "twice", name);
		}
		for (k = 0; k < c->ncerts; k++)
			if (str_ieq(c->certs[k].name, name))
				break;
		if (k == c->ncerts) {
			c->certs = xreallocarray(c->certs, c->ncerts + 1,
			    sizeof(*c->certs));
			cert_builtin(&c->certs[c->ncerts++], name);
		}
		if (walk_group(w, g, cert_key, &c->certs[k]) < 0)
			return -1;
		/* match_add, exclude_add: the built-in lists and more */
		strlist_append(&c->certs[k].match, &c->certs[k].match_add);
		strlist_append(&c->certs[k].exclude, &c->certs[k].exclude_add);
		if (c->certs[k].enabled && c->certs[k].match.n == 0)
			return fail(w, g, "certification '%s' needs 'match' "
			    "patterns", c->certs[k].name);
	}
	for (k = kept = 0; k < c->ncerts; k++) {
		if (c->certs[k].enabled)
			c->certs[kept++] = c->certs[k];
		else
			cert_free(&c->certs[k]);
	}
	c->ncerts = kept;
	if (c->ncerts == 0)
		return fail(w, l, "every certification is disabled: keep at "
		    "least one");
	return resolve_also(w, l, c);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
walk_stages(struct walk *w, const config_setting_t *s, struct conf *c)
{
	int i, n = config_setting_length(s), *v;
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return fail(w, s, "must be an array of days [ 90, 60, ... ], "
		    "not %s", type_name(t));
	if (n == 0)
		return fail(w, s, "must name at least one stage");
	v = xcalloc((size_t)n, sizeof(int));
	for (i = 0; i < n; i++)
		if (get_int(w, config_setting_get_elem(s, (unsigned)i), 1, 3650,
		    &v[i]) < 0) {
			free(v);
			return -1;
		}
	qsort(v, (size_t)n, sizeof(int), cmp_int);
	for (i = 1; i < n; i++)
		if (v[i] == v[i - 1]) {
			fail(w, s, "stage %d is given twice", v[i]);
			free(v);
			return -1;
		}
	free(c->stages);
	c->stages = v;
	c->nstages = (size_t)n;
	return 0;
}

static int
ledger_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	return read_key(w, s, name, ctx, ledger_keys);
}

static int
limits_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	return read_key(w, s, name, ctx, limits_keys);
}

static int
mail_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	return read_key(w, s, name, ctx, mail_keys);
}

/* columns = { course = "Class"; ... }: names[i]'s key sets column[i]. */
static int
walk_named_columns(struct walk *w, config_setting_t *g,
    const char *const *names, size_t n, char **column)
{
	config_setting_t *s;
	unsigned i;
	size_t k;

	if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
		return -1;
	for (i = 0; (s = config_setting_get_elem(g, i)) != NULL; i++) {
		for (k = 0; k < n; k++)
			if (strcmp(config_setting_name(s), names[k]) == 0)
				break;
		if (k == n)
			return fail(w, s, "'%s': unknown column",
			    config_setting_name(s));
		free(column[k]);
		column[k] = NULL;
		if (get_nonempty(w, s, &column[k]) < 0)
			return -1;
	}
	return 0;
}

static int
classes_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct conf *c = ctx;
	int rc;

	if ((rc = read_key(w, s, name, c, classes_keys)) != NOKEY)
		return rc;
	if (strcmp(name, "columns") == 0)
		return walk_named_columns(w, s, class_columns, CLASS_COL_MAX,
		    c->classes.column);
	return NOKEY;
}

static int
enrollments_key(struct walk *w, config_setting_t *s, const char *name,
    void *ctx)
{
	struct conf *c = ctx;
	int rc;

	if ((rc = read_key(w, s, name, c, enrollments_keys)) != NOKEY)
		return rc;
	if (strcmp(name, "columns") == 0)
		return walk_named_columns(w, s, enroll_columns, ENROLL_COL_MAX,
		    c->enrollments.column);
	return NOKEY;
}


/* smtp.url as libcurl's own parser (curl_url()) reads it: the parts the
 * checks and the messages need, each NULL where the URL has none. */
struct smtp_url {
	char	*scheme, *host, *port, *path;
	bool	 user, password;
};

static char *
url_part(CURLU *h, CURLUPart what)
{
	char *v = NULL, *out = NULL;

	if (curl_url_get(h, what, &v, 0) == CURLUE_OK && v != NULL)
		out = xstrdup(v);
	curl_free(v);
	return out;
}

static CURLUcode
smtp_url_read(const char *url, struct smtp_url *u)
{
	CURLU *h = curl_url();
	CURLUcode rc;
	char *v;

	memset(u, 0, sizeof(*u));
	if (h == NULL)
		return CURLUE_OUT_OF_MEMORY;
	/* any scheme is read, so that the check can name a wrong one */
	if ((rc = curl_url_set(h, CURLUPART_URL, url,
	    CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK) {
		u->scheme = url_part(h, CURLUPART_SCHEME);
		u->host = url_part(h, CURLUPART_HOST);
		u->port = url_part(h, CURLUPART_PORT);
		u->path = url_part(h, CURLUPART_PATH);
		u->user = (v = url_part(h, CURLUPART_USER)) != NULL;
		free(v);
		u->password = (v = url_part(h, CURLUPART_PASSWORD)) != NULL;
		free(v);
		if (u->scheme == NULL || u->host == NULL || u->path == NULL)
			rc = CURLUE_MALFORMED_INPUT;
	}
	curl_url_cleanup(h);
	return rc;
}

static void
smtp_url_free(struct smtp_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->port);
	free(u->path);
}

static int
smtp_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	static const struct choice tls[] = { { "starttls", TLS_STARTTLS },
	    { "implicit", TLS_IMPLICIT }, { "none", TLS_NONE }, { NULL, 0 } };
	struct conf *c = ctx;
	struct smtp_url u;
	int v, rc;

	if ((rc = read_key(w, s, name, c, smtp_keys)) != NOKEY) {
		if (rc < 0 || strcmp(name, "url") != 0)
			return rc;
		/* messages show the URL without its user part */
		free(c->smtp.url_shown);
		c->smtp.url_shown = NULL;
		if (smtp_url_read(c->smtp.url, &u) == CURLUE_OK && u.user)
			c->smtp.url_shown = xasprintf("%s://%s%s%s%s", u.scheme,
			    u.host, u.port ? ":" : "", u.port ? u.port : "",
			    strcmp(u.path, "/") == 0 ? "" : u.path);
		smtp_url_free(&u);
		return 0;
	}
	if (strcmp(name, "tls") == 0) {
		if (get_choice(w, s, tls, "\"starttls\", \"implicit\" or "
		    "\"none\"", &v) < 0)
			return -1;
		c->smtp.tls = (enum tls_mode)v;
		return 0;
	}
	return NOKEY;
}

static int
get_day(struct walk *w, const config_setting_t *s, day_t *dst)
{
	char *text = NULL;
	bool ok;

	if (get_string(w, s, &text) < 0)
		return -1;
	ok = date_parse(text, strlen(text), DATE_ISO, dst) == DATE_OK;
	free(text);
	return ok ? 0 : fail(w, s, "must be a date YYYY-MM-DD");
}

static int
pledge_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct conf_pledge *p = ctx;

	if (strcmp(name, "partner") == 0)
		return get_nonempty(w, s, &p->partner);
	if (strcmp(name, "partnership") == 0)
		return get_nonempty(w, s, &p->partnership);
	if (strcmp(name, "mou_signed") == 0)
		return get_day(w, s, &p->mou_signed);
	if (strcmp(name, "policy") == 0)
		return get_nonempty(w, s, &p->policy);
	if (strcmp(name, "policy_adopted") == 0)
		return get_day(w, s, &p->policy_adopted);
	if (strcmp(name, "policy_components") == 0)
		return get_strlist(w, s, false, &p->policy_components);
	if (strcmp(name, "signed_by") == 0)
		return get_nonempty(w, s, &p->signed_by);
	return NOKEY;
}

static void
pledge_defaults(struct conf_pledge *p)
{
	memset(p, 0, sizeof(*p));
	p->mou_signed = p->policy_adopted = DAY_NONE;
}

static void
pledge_free(struct conf_pledge *p)
{
	free(p->partner);
	free(p->partnership);
	free(p->policy);
	free(p->signed_by);
	strlist_free(&p->policy_components);
}

void
conf_pledge_of(const struct conf *c, const char *agency,
    struct conf_pledge *out)
{
	const struct conf_pledge *a = NULL;
	size_t i;

	*out = c->pledge;
	for (i = 0; agency != NULL && i < c->nagencies; i++)
		if (c->agencies[i].name != NULL &&
		    strcmp(c->agencies[i].name, agency) == 0)
			a = &c->agencies[i].pledge;
	if (a == NULL)
		return;
	if (a->partner)
		out->partner = a->partner;
	if (a->partnership)
		out->partnership = a->partnership;
	if (a->mou_signed != DAY_NONE)
		out->mou_signed = a->mou_signed;
	if (a->policy)
		out->policy = a->policy;
	if (a->policy_adopted != DAY_NONE)
		out->policy_adopted = a->policy_adopted;
	if (a->policy_components.n > 0)
		out->policy_components = a->policy_components;
	if (a->signed_by)
		out->signed_by = a->signed_by;
}

static int
agency_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct conf_agency *ag = ctx;

	if (strcmp(name, "name") == 0)
		return get_nonempty(w, s, &ag->name);
	if (strcmp(name, "summary_to") == 0)
		return get_strlist(w, s, true, &ag->summary_to);
	if (strcmp(name, "pledge") == 0)
		return want_type(w, s, CONFIG_TYPE_GROUP) < 0 ? -1 :
		    walk_group(w, s, pledge_key, &ag->pledge);
	return NOKEY;
}

/* agencies = ( { name = "..."; summary_to = [ ... ]; }, ... ): each
 * agency's coordinator gets a summary of that agency. */
static int
walk_agencies(struct walk *w, const config_setting_t *l, struct conf *c)
{
	int i, n = config_setting_length(l);

	if (config_setting_type(l) != CONFIG_TYPE_LIST)
		return fail(w, l, "must be a list ( { name = ...; }, ... ), not "
		    "%s", type_name(config_setting_type(l)));
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		struct conf_agency *ag;

		if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
			return -1;
		c->agencies = xreallocarray(c->agencies, c->nagencies + 1,
		    sizeof(*c->agencies));
		ag = &c->agencies[c->nagencies++];
		memset(ag, 0, sizeof(*ag));
		pledge_defaults(&ag->pledge);
		if (walk_group(w, g, agency_key, ag) < 0)
			return -1;
		if (ag->name == NULL)
			return fail(w, g, "the required key 'name' is missing");
	}
	return 0;
}

static int walk_sources(struct walk *, const config_setting_t *, struct conf *);

static int
root_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	static const struct choice logs[] = { { "syslog", 1 }, { "stderr", 0 },
	    { NULL, 0 } };
	struct conf *c = ctx;
	int v, rc;

	if ((rc = read_key(w, s, name, c, root_keys)) != NOKEY)
		return rc;
	if (strcmp(name, "date_format") == 0)
		return get_date_format(w, s, &w->top_date_format,
		    &w->top_date_pattern);
	if (strcmp(name, "date_style") == 0) {
		static const struct choice styles[] = { { "long", 0 },
		    { "iso", 1 }, { NULL, 0 } };

		if (get_choice(w, s, styles, "\"long\" or \"iso\"", &v) < 0)
			return -1;
		c->date_style_iso = v == 1;
		return 0;
	}
	if (strcmp(name, "earliest_date") == 0)
		return get_day(w, s, &c->earliest_date);
	if (strcmp(name, "id_scope") == 0) {
		static const struct choice scopes[] = { { "global", 0 },
		    { "agency", 1 }, { NULL, 0 } };

		if (get_choice(w, s, scopes, "\"global\" or \"agency\"", &v) < 0)
			return -1;
		c->id_scope_agency = v == 1;
		return 0;
	}
	if (strcmp(name, "roster") == 0) {
		w->pair_given = true;
		if (walk_input(w, s, c, false) < 0)
			return -1;
		if (c->roster.file == NULL)
			return fail(w, s, "the required key 'file' is missing");
		return 0;
	}
	if (strcmp(name, "training") == 0) {
		w->pair_given = true;
		return walk_input(w, s, c, true);
	}
	if (strcmp(name, "sources") == 0)
		return walk_sources(w, s, c);
	if (strcmp(name, "pledge") == 0)
		return want_type(w, s, CONFIG_TYPE_GROUP) < 0 ? -1 :
		    walk_group(w, s, pledge_key, &c->pledge);
	if (strcmp(name, "certifications") == 0)
		return walk_certs(w, s, c);
	if (strcmp(name, "stages") == 0)
		return walk_stages(w, s, c);
	if (strcmp(name, "digest_every") == 0 ||
	    strcmp(name, "summary_every") == 0) {
		static const struct choice every[] = { { "daily", -1 },
		    { "monday", 0 }, { "tuesday", 1 }, { "wednesday", 2 },
		    { "thursday", 3 }, { "friday", 4 }, { "saturday", 5 },
		    { "sunday", 6 }, { NULL, 0 } };

		return get_choice(w, s, every, "\"daily\" or a weekday "
		    "(\"monday\")", name[0] == 'd' ? &c->digest_every :
		    &c->summary_every);
	}
	if (strcmp(name, "limits") == 0)
		return walk_group(w, s, limits_key, c);
	if (strcmp(name, "ledger") == 0)
		return walk_group(w, s, ledger_key, c);
	if (strcmp(name, "mail") == 0)
		return walk_group(w, s, mail_key, c);
	if (strcmp(name, "classes") == 0)
		return want_type(w, s, CONFIG_TYPE_GROUP) < 0 ? -1 :
		    walk_group(w, s, classes_key, c);
	if (strcmp(name, "enrollments") == 0)
		return want_type(w, s, CONFIG_TYPE_GROUP) < 0 ? -1 :
		    walk_group(w, s, enrollments_key, c);
	if (strcmp(name, "agencies") == 0)
		return walk_agencies(w, s, c);
	if (strcmp(name, "smtp") == 0)
		return walk_group(w, s, smtp_key, c);
	if (strcmp(name, "log") == 0) {
		if (get_choice(w, s, logs, "\"stderr\" or \"syslog\"", &v) < 0)
			return -1;
		c->log_syslog = v;
		return 0;
	}
	return NOKEY;
}

/* One source's keys: agency, roster and training, all required. */
static int
source_key(struct walk *w, config_setting_t *s, const char *name, void *ctx)
{
	struct conf_source *src = ctx;

	if (strcmp(name, "agency") == 0)
		return get_nonempty(w, s, &src->agency);
	if (strcmp(name, "roster") == 0)
		return walk_input(w, s, src->settings, false);
	if (strcmp(name, "training") == 0)
		return walk_input(w, s, src->settings, true);
	return NOKEY;
}

/*
 * sources = ( { agency = "North PD"; roster = { ... }; training = { ... };
 * }, ... ): each agency's own exports, each group read over the built-in
 * defaults alone, as if it were the only one.
 */
static int
walk_sources(struct walk *w, const config_setting_t *l, struct conf *c)
{
	const config_setting_t *g;
	struct conf_source *src;
	int i, n = config_setting_length(l), t = config_setting_type(l);
	size_t k;

	if (t != CONFIG_TYPE_LIST)
		return fail(w, l, "must be a list of groups ( { ... }, ... ), "
		    "not %s", type_name(t));
	if (n == 0)
		return fail(w, l, "must name at least one source");
	for (i = 0; i < n; i++) {
		g = config_setting_get_elem(l, (unsigned)i);
		if (want_type(w, g, CONFIG_TYPE_GROUP) < 0)
			return -1;
		c->sources = xreallocarray(c->sources, c->nsources + 1,
		    sizeof(*c->sources));
		src = &c->sources[c->nsources++];
		memset(src, 0, sizeof(*src));
		src->settings = xcalloc(1, sizeof(*src->settings));
		conf_defaults(src->settings);
		free(src->settings->training.file);
		src->settings->training.file = NULL;
		if (walk_group(w, g, source_key, src) < 0)
			return -1;
		if (src->agency == NULL)
			return fail(w, g, "the required key 'agency' is missing");
		if (src->settings->roster.file == NULL ||
		    src->settings->training.file == NULL)
			return fail(w, g, "source '%s' needs a roster and a "
			    "training group, each with its file", src->agency);
		for (k = 0; k + 1 < c->nsources; k++)
			if (str_words_eq(src->agency, strlen(src->agency),
			    c->sources[k].agency))
				return fail(w, g, "source '%s' is named twice",
				    src->agency);
		src->settings->roster.agency = xstrdup(src->agency);
		src->settings->training.agency = xstrdup(src->agency);
	}
	return 0;
}

static int
walk_root(struct walk *w, const config_setting_t *root, struct conf *c)
{
	if (walk_group(w, root, root_key, c) < 0)
		return -1;
	if (c->nsources > 0 && w->pair_given)
		return fail(w, root, "give either sources (an association's "
		    "agencies, each with its files) or roster and training, "
		    "not both");
	if (w->top_date_format >= 0) {
		if (!w->roster_date_format_set) {
			c->roster.date_format = w->top_date_format;
			free(c->roster.date_pattern);
			c->roster.date_pattern = w->top_date_pattern ?
			    xstrdup(w->top_date_pattern) : NULL;
		}
		if (!w->training_date_format_set) {
			c->training.date_format = w->top_date_format;
			free(c->training.date_pattern);
			c->training.date_pattern = w->top_date_pattern ?
			    xstrdup(w->top_date_pattern) : NULL;
		}
	}
	return 0;
}

/* A relative file name in the configuration is relative to its folder. */
static void
resolve(char **file, const char *conf_path)
{
	const char *slash = strrchr(conf_path, '/');
	struct strbuf sb = { 0 };

	if (*file == NULL || **file == '/' || slash == NULL)
		return;
	sb_addn(&sb, conf_path, (size_t)(slash - conf_path) + 1);
	sb_add(&sb, *file);
	free(*file);
	*file = sb_steal(&sb);
}

void
conf_source_view(const struct conf *c, size_t i, struct conf *out)
{
	const struct conf *s = c->sources[i].settings;

	*out = *c;
	out->roster = s->roster;
	out->training = s->training;
	out->sworn_values = s->sworn_values;
	out->non_sworn_values = s->non_sworn_values;
	out->active_values = s->active_values;
	out->inactive_values = s->inactive_values;
	out->selected_values = s->selected_values;
	out->not_selected_values = s->not_selected_values;
	out->selected_values_given = s->selected_values_given;
	out->completed_values = s->completed_values;
	out->not_completed_values = s->not_completed_values;
}

static void
resolve_paths(struct conf *c, const char *conf_path)
{
	size_t i;

	resolve(&c->roster.file, conf_path);
	resolve(&c->training.file, conf_path);
	for (i = 0; i < c->nsources; i++) {
		struct conf_input *r = &c->sources[i].settings->roster;
		struct conf_input *t = &c->sources[i].settings->training;

		resolve(&r->file, conf_path);
		resolve(&t->file, conf_path);
		r->label = xasprintf("%s: %s", r->agency, path_basename(r->file));
		t->label = xasprintf("%s: %s", t->agency, path_basename(t->file));
	}
	resolve(&c->state_file, conf_path);
	resolve(&c->mail.templates, conf_path);
	resolve(&c->classes.file, conf_path);
	resolve(&c->enrollments.file, conf_path);
	resolve(&c->smtp.password_file, conf_path);
	resolve(&c->smtp.ca_file, conf_path);
}

int
conf_load(struct conf *c, const char *path, char **err)
{
	struct walk w = { .path = path, .top_date_format = -1 };
	config_t cfg;
	FILE *fp;
	int rc;

	*err = NULL;
	/* libconfig names no file for a missing one: open it ourselves. */
	if ((fp = fopen(path, "r")) == NULL) {
		int e = errno;
		*err = xasprintf("%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	config_init(&cfg);
	if (config_read(&cfg, fp) == CONFIG_FALSE) {
		*err = xasprintf("%s:%d: %s", path, config_error_line(&cfg),
		    config_error_text(&cfg));
		fclose(fp);
		config_destroy(&cfg);
		errno = EINVAL;
		return -1;
	}
	fclose(fp);
	free(c->path);
	c->path = xstrdup(path);
	rc = walk_root(&w, config_root_setting(&cfg), c);
	free(w.top_date_pattern);
	config_destroy(&cfg);
	if (rc < 0) {
		*err = w.err;
		errno = EINVAL;
		return -1;
	}
	resolve_paths(c, path);
	return 0;
}

/* Whether a host is this machine's loopback: "localhost", or a literal
 * address in 127.0.0.0/8 or ::1 -- never a name that merely starts so. */
static bool
is_loopback(const char *host)
{
	unsigned char a[16];
	char buf[64];
	size_t n = strlen(host);

	if (str_ieq(host, "localhost"))
		return true;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(buf)) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		return inet_pton(AF_INET6, buf, a) == 1 &&
		    memcmp(a, in6addr_loopback.s6_addr, 16) == 0;
	}
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	return inet_pton(AF_INET6, host, a) == 1 &&
	    memcmp(a, in6addr_loopback.s6_addr, 16) == 0;
}

const char *
conf_url_shown(const struct conf *c)
{
	return c->smtp.url_shown ? c->smtp.url_shown : c->smtp.url ?
	    c->smtp.url : "smtp";
}

/* The server a live run sends through. */
static void
check_server(const struct conf *c, const char *path, struct strbuf *sb)
{
	struct stat st;
	struct smtp_url u;
	CURLUcode rc;

	if (c->smtp.user != NULL && c->path != NULL &&
	    stat(c->path, &st) == 0 && (st.st_mode & 077) != 0) {
		sb_printf(sb, "%s: smtp.user is set, so the configuration must "
		    "not be readable by group or others (chmod 600)", path);
		return;
	}
	if (c->smtp.url == NULL) {
		sb_printf(sb, "%s: smtp.url is not set", path);
		return;
	}
	if ((rc = smtp_url_read(c->smtp.url, &u)) != CURLUE_OK)
		sb_printf(sb, "%s: smtp.url is not a URL libcurl reads (%s)",
		    path, curl_url_strerror(rc));
	else if (u.password)
		sb_printf(sb, "%s: smtp.url holds a password, which would show "
		    "in logs: give the user in smtp.user and the password in "
		    "smtp.password_file", path);
	else if (strcmp(u.scheme, "smtp") != 0 &&
	    strcmp(u.scheme, "smtps") != 0)
		sb_printf(sb, "%s: smtp.url must start with smtp:// or "
		    "smtps://", path);
	else if ((c->smtp.tls == TLS_IMPLICIT) != (u.scheme[4] == 's'))
		sb_printf(sb, "%s: smtp.tls = \"%s\" needs an %s URL", path,
		    c->smtp.tls == TLS_IMPLICIT ? "implicit" : c->smtp.tls ==
		    TLS_NONE ? "none" : "starttls", c->smtp.tls ==
		    TLS_IMPLICIT ? "smtps://" : "smtp://");
	else if (c->smtp.tls == TLS_NONE && !is_loopback(u.host))
		sb_printf(sb, "%s: smtp.tls = \"none\" is allowed only for a "
		    "loopback server (127.0.0.1, ::1, localhost), not '%s'",
		    path, u.host);
	smtp_url_free(&u);
}

/* Letters, digits, '-' and '.': a name to greet a server with. */
static bool
host_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return false;
	return true;
}

/* The sender and the summary's recipients. */
static void
check_mail(const struct conf *c, const char *path, struct strbuf *sb)
{
	struct mail_addr a;
	char *buf = NULL;
	size_t i;

	if (c->mail.from == NULL)
		sb_printf(sb, "%s: mail.from is not set", path);
	else if (mail_parse_address(c->mail.from, &a, &buf) < 0)
		sb_printf(sb, "%s: mail.from '%s' is not \"Name <address>\" "
		    "or an address", path, c->mail.from);
	else if (c->mail.reply_to != NULL && !addr_valid(c->mail.reply_to,
	    strlen(c->mail.reply_to)))
		sb_printf(sb, "%s: mail.reply_to '%s' is not an address",
		    path, c->mail.reply_to);
	else if (c->mail.envelope_from != NULL &&
	    !addr_valid(c->mail.envelope_from, strlen(c->mail.envelope_from)))
		sb_printf(sb, "%s: mail.envelope_from '%s' is not an address",
		    path, c->mail.envelope_from);
	else if (c->smtp.helo != NULL && !host_name_ok(c->smtp.helo))
		sb_printf(sb, "%s: smtp.helo '%s' is not a host name", path,
		    c->smtp.helo);
	for (i = 0; sb->len == 0 && i < c->nagencies; i++) {
		size_t j;

		for (j = 0; sb->len == 0 && j < c->agencies[i].summary_to.n;
		    j++) {
			free(buf);
			buf = NULL;
			if (mail_parse_address(c->agencies[i].summary_to.v[j],
			    &a, &buf) < 0)
				sb_printf(sb, "%s: agencies \"%s\" summary_to '%s' "
				    "is not \"Name <address>\" or an address",
				    path, c->agencies[i].name,
				    c->agencies[i].summary_to.v[j]);
		}
	}
	for (i = 0; sb->len == 0 && i < c->mail.summary_to.n; i++) {
		free(buf);
		buf = NULL;
		if (mail_parse_address(c->mail.summary_to.v[i], &a, &buf) < 0)
			sb_printf(sb, "%s: mail.summary_to '%s' is not "
			    "\"Name <address>\" or an address", path,
			    c->mail.summary_to.v[i]);
	}
	free(buf);
}

int
conf_check(const struct conf *c, bool live, char **err)
{
	const char *path = c->path ? c->path : "configuration";
	struct strbuf sb = { 0 };

	*err = NULL;
	if (c->training.file == NULL)
		sb_printf(&sb, "%s: no training file: set training.file or "
		    "give --training", path);
	else if (c->id_scope_agency && (c->roster.column[COL_AGENCY] == NULL ||
	    c->training.column[COL_AGENCY] == NULL))
		sb_printf(&sb, "%s: id_scope = \"agency\" needs the agency "
		    "column of both files: set roster.columns.agency and "
		    "training.columns.agency", path);
	if (live && sb.len == 0)
		check_server(c, path, &sb);
	if (live && sb.len == 0)
		check_mail(c, path, &sb);
	if (sb.len == 0)
		return 0;
	*err = sb_steal(&sb);
	return -1;
}
