/*
 * schedule: whom to book into the next class, most urgent first.  The
 * coordinator's summary names the first of them; --format schedule lists
 * them all, and with a class calendar the class each is to take.
 */
#ifndef CERTMINDER_SCHEDULE_H
#define CERTMINDER_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classes.h"
#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "people.h"

enum booking_need {
	NEED_EXPIRED,		/* most urgent: expired, longest ago first */
	NEED_MISSING,		/* required and never trained */
	NEED_EXPIRING		/* soonest to expire first */
};

struct to_train {
	uint32_t		 person;
	size_t			 cert;
	enum booking_need	 need;
	day_t			 expires;	/* DAY_NONE when missing */
	day_t			 train_by;	/* today, but for one expiring
						 * (its expiry) or a new hire in
						 * grace (the grace's end) */
	bool			 required;	/* the person must hold it */
};

/* Every active person's certification that is expired, expiring, or
 * required and missing, most urgent first (what the person must hold
 * before what is voluntary); returns how many (*out to be freed). */
size_t	schedule_build(const struct conf *, const struct people *,
	    const struct compliance *, struct to_train **out);
const char *schedule_need_name(enum booking_need);

enum place_state {
	PLACE_NONE,		/* no class calendar */
	PLACE_BOOKED,		/* a booking stands: kept as it is */
	PLACE_PLANNED,		/* given a seat in a class */
	PLACE_UNPLACED		/* no seat to give: why says why */
};

/* One person's certification in the booking plan. */
struct place {
	enum place_state state;
	long		 cls;		/* in the calendar, or -1 */
	const char	*title;		/* the class's, or the booking's */
	day_t		 day;		/* DAY_NONE: none */
	int		 minute;	/* -1: not given */
	bool		 late;		/* after the day to train by */
	const char	*why;		/* unplaced: why, in words */
};

/*
 * The booking plan: each of v[0..n), in their order (most urgent first),
 * to the first class that fits them (classes_fitting()'s order) with a
 * seat not given to one before them; a class gives no more seats than the
 * calendar says are left, and one without a number gives none.  A booking
 * that stands is kept and takes no seat (the calendar's count has it).
 * Into out[0..n).
 */
void	schedule_plan(const struct classes *, const struct conf *,
	    const struct people *, day_t today, const struct to_train *v,
	    size_t n, struct place *out);
/* "booked", "planned, after the deadline", "not placed: ...", or "". */
void	schedule_place_note(const struct place *, char *buf, size_t size);
/* "2027-01-14 08:00", "2027-01-14", or "". */
void	schedule_place_start(const struct place *, char *buf, size_t size);
/* What to book, in words: the full course ("CIT 40-hour course"), or a
 * renewal while one still renews ("MHFA recertification (before
 * 2027-01-11)", "CIT 8-hour refresher"). */
void	schedule_book(const struct conf_cert *, const struct to_train *,
	    char *buf, size_t size);

#endif
