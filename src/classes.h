/*
 * classes: the class calendar (classes.file: a CSV, or an iCalendar file
 * as Outlook and Google Calendar export one) and the bookings
 * (enrollments.file), read after the roster and the training records.
 * A class belongs to a certification through the training rows' title
 * rules, as a full course or a renewal.  From them: the classes that fit
 * a person, whether a booking stands (and so holds their reminders back),
 * a no-show, and the seats before a threshold breaks.
 */
#ifndef CERTMINDER_CLASSES_H
#define CERTMINDER_CLASSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compliance.h"
#include "conf.h"
#include "date.h"
#include "input.h"
#include "people.h"
#include "strbuf.h"
#include "strlist.h"

#define CLASSES_SHOWN	3	/* classes a reminder lists */

struct class {
	char		*title;		/* as the calendar names it */
	int		 cert;		/* -1: no certification */
	bool		 renewal;	/* a refresher or recertification */
	day_t		 day;		/* its start */
	int		 minute;	/* of the day it starts; -1: not given */
	day_t		 end_day;	/* its last day; DAY_NONE: not given */
	int		 end_minute;	/* of the last day; -1: not given */
	char		*location;	/* NULL: not given */
	int		 seats;		/* left; -1: not given */
	char		*signup;	/* a URL, or NULL */
	char		*uid;		/* stable across nights */
	unsigned long	 line;		/* in a CSV; 0 in a calendar */
};

/* A person's booking for a certification. */
struct class_booking {
	uint32_t	 person;
	size_t		 cert;
	day_t		 day;
	long		 cls;		/* the class, or -1: not on the calendar */
	char		*course;	/* as the enrollment names it */
	bool		 renewal;	/* the course is a renewal */
	bool		 no_show;	/* passed, no completion on record */
	bool		 completed;	/* a completion since is on record */
};

struct classes {
	bool		 calendar;	/* classes.file given: seats are
					 * weighed, people placed */
	struct class	*v;
	size_t		 n;
	struct class_booking	*book;
	size_t		 nbook;
	long		*book_of;	/* person x certification: the booking
					 * in book, or -1; NULL without */
	size_t		 ncerts;
	/* of the calendar, for the report's inputs */
	unsigned long	 past, full, unmatched;
	struct strlist	 unmatched_titles;
	unsigned long	 enrollments, enrollments_unknown;	/* rows; of
						 * them of no person on the roster */
	/* the forecast if every booked officer completes their class, per
	 * agency and certification ([a * ncerts + k]), and the bookings it
	 * counts (0: none, no second forecast); NULL without bookings */
	struct forecast	*booked_fc;
	int		*nbooked;
};

/*
 * Reads the calendar and the bookings the configuration names (either,
 * both or none).  A row that cannot be read is a problem of the file, not
 * a refusal of the night.  Sets pp->booked for each booking that stands.
 * Returns INPUT_OK, or the status with the reason in *err.
 */
enum input_status classes_load(const struct conf *, struct people *,
	    day_t today, struct problems *, struct classes *, char **err);
void	 classes_free(struct classes *);

/* The classes that fit person p for certification k, up to max, the most
 * fitting first (into out[]): a renewal in time, a full course in time
 * (over by the deadline), each earliest first; those after the deadline
 * only when none is in time; how many.  With left not
 * NULL, only classes with left[i] > 0 (seats not yet given out). */
size_t	 classes_fitting(const struct classes *, const struct conf *,
	    const struct people *, uint32_t p, size_t k, day_t today,
	    size_t *out, size_t max, const long *left);
/* The day a class is over: its last day, or the day it is. */
day_t	 classes_done(const struct class *);
/* Whether class cls is one person p could take for certification k: of
 * it, to come, not full, and a renewal only where one renews theirs. */
bool	 classes_fits(const struct classes *, const struct conf *,
	    const struct people *, uint32_t p, size_t k, size_t cls,
	    day_t today);
/* The day a booking's class is over: its last day where the calendar
 * gives one (a 40-hour course over a week), else the day booked. */
day_t	 classes_booked_done(const struct classes *,
	    const struct class_booking *);
/* The person's booking for the certification, or NULL. */
const struct class_booking *classes_booking(const struct classes *, uint32_t p,
	    size_t k);
/* Seats left in classes of certification k from today that are over by
 * the day before `before` (a class of several days by its last). */
long	 classes_seats(const struct classes *, size_t k, day_t today,
	    day_t before);
/* The forecast if every booked officer completes their class (after
 * compliance_compute()): cs->booked_fc and cs->nbooked. */
void	 classes_forecast(struct classes *, const struct conf *,
	    const struct people *, const struct compliance *);
/* Agency a's second forecast for certification k in words ("If the 2
 * booked officers complete their classes: CIT holds at 20 % through
 * 2027-11-23."), or nothing without bookings there. */
void	 classes_forecast_words(const struct classes *,
	    const struct compliance *, const struct conf_cert *, uint32_t a,
	    size_t k, struct strbuf *);
/* "Thursday, January 14, 2027, 08:00-16:00, Station 2" (iso:
 * "2027-01-14, 08:00-16:00, Station 2"); a class of several days
 * "Monday, February 1, 2027, 08:00 to Friday, February 5, 2027, 17:00,
 * Regional Academy" */
void	 classes_when(const struct class *, bool iso, struct strbuf *);
/* The seats against the need when a threshold of agency a breaks within
 * the horizon (or is broken), counted on the forecast if the booked
 * complete their classes where there are bookings: the day (*until) the
 * seats are counted to, the seats, and the officers needed; false when it
 * holds throughout, or without a calendar. */
bool	 classes_need(const struct classes *, const struct compliance *,
	    uint32_t a, size_t k, day_t *until, long *seats, int *need);
/* The seats verdict for an agency's certification, in words, or nothing
 * when it holds through the horizon with no class needed. */
void	 classes_verdict(const struct classes *, const struct compliance *,
	    const struct conf_cert *, uint32_t a, size_t k, struct strbuf *);

#endif
