/*
 * compliance: statuses, thresholds and the forecast -- the numbers of the
 * pledge letter.  Pure arithmetic over the people store; no I/O.
 */
#ifndef CERTMINDER_COMPLIANCE_H
#define CERTMINDER_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "date.h"
#include "people.h"

enum cert_status {
	ST_MISSING,
	ST_EXPIRED,	/* E < T */
	ST_EXPIRING,	/* T <= E <= T + warn_days */
	ST_CURRENT	/* E > T + warn_days */
};

struct forecast {
	day_t	 breaks_on;		/* DAY_NONE: holds through the horizon */
	int	 needed_by_break;	/* more valid on breaks_on to hold then */
	int	 needed_for_horizon;	/* more valid on T + horizon */
};

struct cert_tally {
	int		 required;
	int		 valid;
	int		 current;
	int		 expiring;
	int		 expired;
	int		 missing;
	int		 shortfall;
	bool		 met;
	int		 selected_total;
	int		 selected_valid;
	struct forecast	 forecast;
};

struct agency_tally {
	const char		*name;	/* a unit or shift: NULL for none given */
	uint32_t		 agency;	/* a unit's or shift's agency */
	int			 active;
	int			 sworn;		/* 0: no pledge figure, met false */
	struct cert_tally	*cert;	/* one per configured certification */
};

struct compliance {
	day_t			 today;
	int			 warn_days;
	int			 forecast_days;
	size_t			 ncerts;
	size_t			 nagencies;
	struct agency_tally	*agency;
	/* the same per unit and per shift within each agency (the agency
	 * field says which), in order of first appearance on the roster;
	 * their forecasts are not computed */
	size_t			 nunits;
	struct agency_tally	*unit;
	size_t			 nshifts;
	struct agency_tally	*shift;
	/* grouped by agency: agency a's are unit[unit_first[a] ..
	 * unit_first[a + 1]), and the same for shifts */
	size_t			*unit_first;
	size_t			*shift_first;
};

/* The units, or shifts, of agency a: *n of them from the one returned,
 * found without a look at any other agency's. */
const struct agency_tally *compliance_units(const struct compliance *,
	    uint32_t a, size_t *n);
const struct agency_tally *compliance_shifts(const struct compliance *,
	    uint32_t a, size_t *n);

/* One night's figures of an agency and certification, as the reports draw
 * them from the ledger's history. */
struct figure {
	day_t	 day;
	int	 sworn;
	int	 valid;
	int	 required;
	bool	 met;
};

/* The recorded nights of each agency and certification, oldest first:
 * v[agency * ncerts + cert], n[...] of them. */
struct pledge_history {
	struct figure	**v;
	size_t		 *n;
	size_t		  len;		/* agencies x certifications */
};

void		 pledge_history_free(struct pledge_history *);
/* Whether the person's certification counts towards the figures today: an
 * active sworn officer's valid one, or a selected non-sworn member's where
 * the certification is required of them. */
bool		 compliance_counts(const struct conf *, const struct people *,
		    uint32_t person, size_t cert, day_t today);
const char	*status_name(enum cert_status);
enum cert_status status_of(day_t expires, day_t today, int warn_days);
/* ceil(pct * sworn / 100), exactly. */
int		 threshold_required(int pct, int sworn);
/*
 * exp: the expiry of each sworn person (DAY_NONE without a record); the
 * array is reordered.  HACKING.md, "The numbers", gives the rule.
 */
/*
 * The coverage curve if nobody trains: of the people who[0..n), the
 * active sworn ones' valid certifications on each day from today until
 * end, as steps -- (*days)[i] is when the count becomes (*valid)[i], the
 * first today.  One expiring on day x is valid through x and gone from
 * x + 1, as the forecast counts.  Returns the steps (both arrays to be
 * freed).
 */
size_t		 compliance_curve(const struct people *, const uint32_t *who,
		    size_t n, size_t cert, day_t today, day_t end, day_t **days,
		    int **valid);
void		 forecast_compute(day_t *exp, size_t n, int required, day_t today,
		    int horizon_days, struct forecast *);
/* Days a person's certification is valid, from and to (inclusive;
 * DAY_FOREVER: no end). */
struct span {
	day_t	 from;
	day_t	 to;
};
/* The same forecast over spans, one person's never overlapping: a person
 * may lapse and hold it again (a class booked after the expiry).  Given
 * one span from today to each expiry it is forecast_compute(). */
void		 forecast_spans(const struct span *, size_t n, int required,
		    day_t today, int horizon_days, struct forecast *);
void		 compliance_compute(const struct conf *, const struct people *,
		    day_t today, struct compliance *);
void		 compliance_free(struct compliance *);
/* Whether a threshold breaks within warn_days (for --check). */
bool		 compliance_breaks_soon(const struct compliance *,
		    const struct cert_tally *);

#endif
