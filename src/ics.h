/*
 * ics: an iCalendar file to publish (RFC 5545, METHOD:PUBLISH), as an
 * officer's reminder attaches it: the classes it lists and the expiry
 * day.  Text is escaped and every content line folded at 75 octets, never
 * inside a UTF-8 character; control characters from the inputs become
 * spaces, so no value can start a line of its own.
 */
#ifndef CERTMINDER_ICS_H
#define CERTMINDER_ICS_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "strbuf.h"

struct ics_event {
	const char	*uid;		/* the same from night to night */
	day_t		 day;
	int		 minute;	/* of the day it starts; -1: all day */
	day_t		 end_day;	/* its last day, when after day */
	int		 end_minute;	/* of the last day; -1: not given */
	const char	*summary;
	const char	*location;	/* NULL: none */
	const char	*description;	/* NULL: none; may hold line ends */
	const char	*url;		/* NULL: none; left out unless a
					 * plain URI */
	bool		 transparent;	/* not busy time (an expiry day) */
};

struct ics {
	struct strbuf	 sb;
	day_t		 stamp;		/* DTSTAMP: the night's day */
	size_t		 events;
};

void	 ics_begin(struct ics *, day_t stamp);
void	 ics_event(struct ics *, const struct ics_event *);
/* Ends the calendar; the text (CRLF lines) is in ics->sb. */
void	 ics_end(struct ics *);
/* Appends one content line "NAME:value", folded. */
void	 ics_line(struct strbuf *, const char *name, const char *value,
	    bool text);

#endif
