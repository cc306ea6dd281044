/*
 * schedule: whom to book into the next class, most urgent first.  The
 * coordinator's summary names the first of them; --format schedule lists
 * them all.
 */
#ifndef CERTMINDER_SCHEDULE_H
#define CERTMINDER_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* What to book, in words: the full course ("CIT 40-hour course"), or a
 * renewal while one still renews ("MHFA recertification (before
 * 2027-01-11)", "CIT 8-hour refresher"). */
void	schedule_book(const struct conf_cert *, const struct to_train *,
	    char *buf, size_t size);

#endif
