/*
 * ledger: the memory of certminder, an SQLite database (state_file).  It
 * holds every notice handled (sent, failed for good, or listed as
 * unreachable) with its Message-ID, every run with its exit code, each
 * night's pledge figures, each threshold's last `met`, the expiry seen per
 * person and certification on the last completed run, and the night each
 * person it holds notices about left (for ledger.keep_months).  A live run locks
 * it (flock on state_file.lock); a dry run only reads it.
 */
#ifndef CERTMINDER_LEDGER_H
#define CERTMINDER_LEDGER_H

#include <stdbool.h>
#include <sqlite3.h>

#include "classify.h"
#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "notice.h"
#include "people.h"

#define LEDGER_SCHEMA 3

struct ledger {
	sqlite3		*db;		/* NULL: no ledger yet (dry run) */
	int		 lock_fd;
	bool		 live;
	sqlite3_stmt	*q_stage;
	sqlite3_stmt	*q_last;
	sqlite3_stmt	*q_met;
	sqlite3_stmt	*q_pending;
	sqlite3_stmt	*q_deferred;
	sqlite3_stmt	*i_notice;
	sqlite3_stmt	*i_present;
	sqlite3_stmt	*i_about;
	sqlite3_int64	 last_notice;	/* the rowid ledger_record() wrote */
	int		 version;	/* of the schema; a dry run reads 1 */
	char		 error[256];	/* of a rolled-back transaction, or
					 * of the first read that failed */
	bool		 busy;		/* ... which another process held up */
	bool		 read_failed;	/* a read met an SQL error: what it
					 * answered ("none") is not known */
};

enum ledger_status {
	LEDGER_OK,
	LEDGER_BUSY,		/* another run holds the lock */
	LEDGER_UNUSABLE		/* cannot be opened, created or used */
};

/*
 * Opens path.  A live run takes the lock first and creates the database,
 * mode 0600, when there is none.  A dry run opens it read-only, or not at
 * all when it does not exist.  Returns LEDGER_OK, or the status with the
 * reason in *err.
 */
enum ledger_status ledger_open(struct ledger *, const char *path, bool live,
	    char **err);
void	 ledger_close(struct ledger *);

/*
 * Reads answer "none" (no run, no notice, DAY_NONE) when the ledger holds
 * none, and also when SQLite fails; a failure is kept, as stdio keeps a
 * stream's error: this says whether any read since the ledger was opened
 * failed, and ledger_error() what the first said.  A night checks it
 * before it acts on what it read.
 */
bool	 ledger_read_failed(const struct ledger *);

/* Many reads as one: a single lock and view of the file for all of them
 * (the planner asks a question per person and certification). */
void	 ledger_read_begin(struct ledger *);
void	 ledger_read_end(struct ledger *);
/* The history the notice planner asks (see notice.h). */
void	 ledger_history(struct ledger *, struct notice_history *);

/* The latest day a run was recorded for, DAY_NONE when none was. */
day_t	 ledger_last_day(struct ledger *);
/* How many live runs in a row, the latest last, were refused for their
 * day (outcome "clock"). */
int	 ledger_clock_refusals(struct ledger *);
/* Whether a run ever completed (not stopped by a brake). */
bool	 ledger_has_completed_run(struct ledger *);
/* Active people on the last completed run, -1 when none. */
long	 ledger_last_active(struct ledger *);
/* Active sworn people on the last completed run, -1 when not known. */
long	 ledger_last_sworn(struct ledger *);
/* Fills prev[person * ncerts + cert] with the expiry seen on the last
 * completed run (DAY_NONE when none) for the people known now. */
void	 ledger_seen(struct ledger *, const struct conf *, const struct people *,
	    day_t *prev);

enum ledger_outcome {
	LEDGER_SENT,
	LEDGER_FAILED,		/* a 5xx answer: not tried again */
	LEDGER_UNREACHABLE,	/* no usable address: listed, never sent */
	LEDGER_DEFERRED		/* a 4xx answer: still due, a retry */
};

/* Records one handled notice.  kind is "reminder", "expired", "missing",
 * "digest" or "summary".  Outside ledger_begin() it is a transaction of its
 * own. */
int	 ledger_record(struct ledger *, day_t today, const char *kind,
	    const char *person, const char *cert, day_t expires,
	    const char *stage, const char *recipient, enum ledger_outcome,
	    const char *answer, const char *message_id);
/* Records, after a digest's ledger_record(), one person it was about. */
int	 ledger_record_about(struct ledger *, const char *person);
/* A transaction around what one message stands for: ledger_end() commits
 * when ok (returns 0), else rolls back (returns -1). */
int	 ledger_begin(struct ledger *);
int	 ledger_end(struct ledger *, bool ok);
/*
 * Digests (key: the supervisor) and summaries (key: the address) owed:
 * a live run marks all of tonight's before its first message and clears
 * each with the record of its sending, so one that a 4xx answer, a lost
 * server or a killed run left unsent is due on the next run.  A NULL key
 * asks about any of the kind.
 */
bool	 ledger_pending(struct ledger *, const char *kind, const char *key);
int	 ledger_set_pending(struct ledger *, const char *kind, const char *key);
int	 ledger_done_pending(struct ledger *, const char *kind, const char *key);
int	 ledger_clear_pending(struct ledger *);
/* A value of the meta table (to be freed), or NULL; and setting one. */
char	*ledger_meta(struct ledger *, const char *key);
int	 ledger_set_meta(struct ledger *, const char *key, const char *value);
/* Remembers what a supervisor's digest said (meta "digest:KEY"), so that
 * the next one goes only when something is new. */
int	 ledger_digest_said(struct ledger *, const char *supervisor,
	    const char *seen);
/* Records a run that stopped before completing: outcome "stopped" (a brake
 * or a refusal of the inputs), "server" (the server's fault: the next run
 * goes on) or "refused" (TLS or login refused: someone must act). */
int	 ledger_run_stopped(struct ledger *, day_t today, const char *outcome,
	    const char *why, int exit_code);
/* The day of the last run that delivered (completed), or DAY_NONE. */
day_t	 ledger_last_delivery(struct ledger *);
/* Whether the last run was stopped for good by a TLS or login refusal. */
bool	 ledger_last_refused(struct ledger *);
/* Records a completed run with its counts, each threshold's met and the
 * expiries seen, in one transaction. */
int	 ledger_run_completed(struct ledger *, day_t today, const char *outcome,
	    const struct conf *, const struct people *,
	    const struct compliance *, long sent, long deferred, long failed,
	    int exit_code);
/* Records tonight's figures per agency and certification (a live run whose
 * inputs passed the brakes), replacing an earlier run's of the same day,
 * and the course titles counted tonight (those with rows). */
int	 ledger_record_figures(struct ledger *, const struct conf *,
	    const struct compliance *, const struct cert_title *titles,
	    size_t ntitles);
/* Whether a title was counted for cert on an earlier live night: 1 or 0;
 * -1 when the ledger cannot tell: it has recorded no title yet (a first
 * night, or the first since titles are kept), or cannot be read. */
int	 ledger_title_known(struct ledger *, const char *cert,
	    const char *title);
/* The figures recorded for an agency and certification from since to
 * until, oldest first, in *out (to be freed); returns how many. */
size_t	 ledger_figures(struct ledger *, const char *agency, const char *cert,
	    day_t since, day_t until, struct figure **out);
/*
 * What the ledger says happened (--history), oldest first.  A notice's
 * fields, as text ("" for none): the night, the time it was handled, kind,
 * person key, certification, stage, expiry, recipient, outcome, the
 * server's answer, the Message-ID (without < >) and, for a digest, the
 * keys of the people it was about, separated by LEDGER_ABOUT_SEP.
 */
enum { LN_DAY, LN_AT, LN_KIND, LN_PERSON, LN_CERT, LN_STAGE, LN_EXPIRES,
	LN_TO, LN_OUTCOME, LN_ANSWER, LN_MESSAGE_ID, LN_ABOUT, LN_NFIELDS };
#define LEDGER_ABOUT_SEP '\x1e'
/* A run's: the night, when it finished, its exit code, outcome, active
 * people, messages sent, deferred and failed, and why it stopped. */
enum { LR_DAY, LR_AT, LR_EXIT, LR_OUTCOME, LR_ACTIVE, LR_SENT, LR_DEFERRED,
	LR_FAILED, LR_MESSAGE, LR_NFIELDS };
typedef int (*ledger_row_fn)(void *ctx, const char *const *fields);
/* Calls fn for each notice about or sent to the person whose key, or whose
 * id within any agency, is id (NULL: everyone; with zeros, compared without
 * leading zeros), a digest that listed them included, and then for each
 * run;
 * stops when fn returns nonzero and returns that, else 0; -1 when the
 * ledger cannot be read. */
int	 ledger_each_notice(struct ledger *, const char *id, bool zeros,
	    ledger_row_fn,
	    void *ctx);
int	 ledger_each_run(struct ledger *, ledger_row_fn, void *ctx);
const char *ledger_error(struct ledger *);

#endif
