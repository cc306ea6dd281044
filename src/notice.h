/*
 * notice: what is due tonight.  Decides from the statuses and the history of
 * notices already sent; knows nothing of mail or SMTP.
 */
#ifndef CERTMINDER_NOTICE_H
#define CERTMINDER_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "people.h"

enum notice_kind {
	NOTICE_REMINDER,	/* expiring: the current stage */
	NOTICE_EXPIRED,
	NOTICE_MISSING,
	NOTICE_DIGEST,		/* to a supervisor */
	NOTICE_SUMMARY		/* to the training coordinator */
};

/* Someone the last digest listed and this one does not, and why. */
enum gone_why {
	GONE_NOTHING_DUE,	/* renewed or trained: nothing due now */
	GONE_OTHER_LIST,	/* still due, on another supervisor's list */
	GONE_INACTIVE,		/* not active on the roster */
	GONE_OFF_ROSTER		/* no longer on the roster */
};
struct notice_gone {
	uint32_t	 person;	/* NO_PERSON when off the roster */
	enum gone_why	 why;
	char		*key;		/* the person the last digest listed */
	const char	*id;		/* ... as the roster writes it, in key */
};

/* What only a digest holds: whose it is and the people it lists. */
struct notice_digest {
	const char	*supervisor;	/* supervisor id or address */
	uint32_t	*members;	/* the people listed */
	bool		*escalated;	/* ... each from a supervisor below */
	bool		*fresh;		/* ... each new since the last digest */
	uint32_t	*renewed;	/* ... each's certifications (bit k
					 * of certs[k], k < 32) listed last
					 * time and not now */
	size_t		 nmembers;
	size_t		 room;		/* members allocated */
	char		*seen;		/* what it says, to remember */
	bool		 had_before;	/* the supervisor had one */
	struct notice_gone *gone;	/* listed last time, not now */
	size_t		 ngone;
};

/* A notice due tonight: 40 bytes, for there may be one for each
 * certification of each officer. */
struct notice {
	enum notice_kind kind;
	uint32_t	 person;	/* officer notices; NO_PERSON otherwise */
	uint32_t	 cert;
	int		 stage;		/* reminder: days */
	day_t		 expires;	/* DAY_NONE when missing */
	bool		 retry;		/* deferred by the server before */
	const char	*to;		/* officer or supervisor; NULL: unreachable */
	struct notice_digest *digest;	/* NOTICE_DIGEST's; NULL otherwise */
};

/*
 * What the ledger remembers.  A NULL history is a first night: nothing was
 * ever sent and no threshold was seen before.
 */
struct notice_history {
	void	*ctx;
	/* A reminder at this stage was handled for (person, cert, expires). */
	bool	(*stage_done)(void *ctx, const char *person, const char *cert,
		    day_t expires, int stage);
	/* The day the last notice of this kind ("expired", "missing") was
	 * handled for (person, cert, expires), DAY_NONE if never; *count
	 * gets how many were, *first the day of the first. */
	day_t	(*last_done)(void *ctx, const char *kind, const char *person,
		    const char *cert, day_t expires, long *count, day_t *first);
	/* met on the last completed run: 1, 0, or -1 when unknown. */
	int	(*last_met)(void *ctx, const char *agency, const char *cert);
	/* Whether a temporary failure deferred this very notice before: a
	 * retry does not bring a new digest or summary. */
	bool	(*deferred)(void *ctx, const char *kind, const char *person,
		    const char *cert, day_t expires, const char *stage);
	/* A digest (key: the supervisor) or summary (key: the address; NULL:
	 * any) that an earlier run owed and did not send. */
	bool	(*pending)(void *ctx, const char *kind, const char *key);
	/* What the supervisor's last digest said (notice's seen), or NULL;
	 * to be freed. */
	char	*(*digest_seen)(void *ctx, const char *supervisor);
};

struct notice_plan {
	struct notice	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 officer_notices;	/* reminder, expired, missing */
	size_t		 retries;		/* of them, tried before */
	bool		 met_changed;
	bool		 new_titles;	/* a title counted the first time */
	bool		 summary_weekly;	/* summary_every's day: it goes
					 * with news since the last one */
	bool		*agency_news;	/* per agency (compliance's index): a
					 * new notice about its people or a
					 * threshold of its that changed */
};

/* Whether tonight has news for the summary (new notices, not retries, or a
 * threshold that changed): it then goes to every summary_to address, and
 * otherwise only to those an earlier run owed it. */
static inline bool
notice_plan_has_news(const struct notice_plan *np)
{
	return np->officer_notices > np->retries || np->met_changed ||
	    np->new_titles;
}

/* Whether tonight has news about an agency, for its own coordinator's
 * summary: a new notice about its people, a threshold of its changed. */
bool		 notice_plan_agency_news(const struct notice_plan *,
		    uint32_t agency);

const char	*notice_kind_name(enum notice_kind);
/* The supervisor of a digest as its reader knows them: the name on the
 * roster, or the id (or address) the people's rows give when no one on
 * the roster has it; never the key's agency part. */
const char	*notice_digest_name(const struct people *,
		    const struct notice_digest *);
/* Why a digest has no address. */
enum digest_gap {
	GAP_NO_ADDRESS,		/* the supervisor has no usable address */
	GAP_INACTIVE,		/* ... is not active on the roster */
	GAP_NO_ONE		/* no one on the roster has the id */
};
enum digest_gap notice_digest_gap(const struct people *,
		    const struct notice_digest *);
/* The gap in words: "no usable e-mail address on file", "not active on
 * the roster", "no one on the roster has this id". */
const char	*notice_gap_words(enum digest_gap);
/* "60" for a reminder, "expired" or "missing". */
void		 notice_stage(const struct notice *, char buf[16]);
/* The stage of an expiring certification with days_left d: the smallest
 * configured stage s with d <= s; 0 when d is beyond every stage. */
int		 notice_stage_for(const struct conf *, int days_left);
void		 notice_plan_build(const struct conf *, const struct people *,
		    const struct compliance *, const struct notice_history *,
		    struct notice_plan *);
void		 notice_plan_free(struct notice_plan *);
/* Tonight has news beyond the notices (a title counted the first time):
 * the summary goes when it goes daily. */
void		 notice_plan_news(const struct conf *, struct notice_plan *);
/* Whether the person must hold the certification: a missing one is due. */
bool		 notice_must_hold(const struct conf_cert *,
		    const struct person *);
/* Whether a person hired less than new_hire_grace_days ago is still
 * spared "missing" notices. */
bool		 notice_in_grace(const struct conf *, const struct person *,
		    day_t today);

#endif
