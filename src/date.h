/*
 * date: calendar dates as day numbers.  Every date in certminder is a day_t,
 * the number of days since 1970-01-01 in the proleptic Gregorian calendar;
 * this is the one place that converts to and from year, month and day.
 */
#ifndef CERTMINDER_DATE_H
#define CERTMINDER_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;

#define DAY_NONE	INT32_MIN	/* no date */
#define DAY_FOREVER	INT32_MAX	/* never expires */
#define DATE_ISO_LEN	11		/* "YYYY-MM-DD" and its NUL */
#define DATE_WORDS_LEN	40		/* "Wednesday, September 30, 2026" */

enum date_format {
	/* YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, M/D/YYYY, M/D/YY, 15-Mar-2024,
	 * 15 Mar 2024, Mar 15, 2024, Excel serial days (five digits); a time
	 * of day after any of them */
	DATE_AUTO,
	DATE_AUTO_DAY_FIRST,	/* the same, with D/M/YYYY for the slashed */
	DATE_ISO,	/* YYYY-MM-DD */
	DATE_US,	/* M/D/YYYY, M/D/YY */
	DATE_EU,	/* D/M/YYYY, D.M.YYYY, D/M/YY, D.M.YY */
	DATE_PATTERN	/* a strptime(3) pattern: date_parse_pattern() */
};

/* What a slashed date a/b/yyyy can be. */
enum date_order {
	DATE_ORDER_NONE,	/* not such a date, or no order fits */
	DATE_ORDER_MONTH_FIRST,	/* only month first: 1/13/2025 */
	DATE_ORDER_DAY_FIRST,	/* only day first: 13/1/2025 */
	DATE_ORDER_EITHER	/* both: 1/2/2025 */
};

enum date_status {
	DATE_OK,
	DATE_EMPTY,		/* nothing but spaces */
	DATE_UNREADABLE,	/* not in any accepted form */
	DATE_IMPOSSIBLE		/* the right form, but no such day (2/30/2024) */
};

bool	 date_valid(int y, int m, int d);
int	 date_days_in_month(int y, int m);
/* The caller checks date_valid() first. */
day_t	 date_from_civil(int y, int m, int d);
void	 date_to_civil(day_t, int *y, int *m, int *d);
/* Adds months, clamping the day to the end of the target month. */
day_t	 date_add_months(day_t, int months);
/*
 * Parses s[0..len) (surrounding spaces ignored).  A time of day after the
 * date (separated by a space or 'T') is ignored.  Years run from 1 to 9999.
 */
enum date_status date_parse(const char *s, size_t len, enum date_format,
	    day_t *);
/* The same with a strptime(3) pattern ("%d.%m.%Y"); nothing but spaces
 * may follow. */
enum date_status date_parse_pattern(const char *s, size_t len,
	    const char *pattern, day_t *);
/* A strptime(3) pattern, for date_format, that reads s[0..len) when the
 * automatic forms cannot ("15.03.2024", "March 15, 2024"); NULL when none
 * of those tried does. */
const char *date_pattern_hint(const char *s, size_t len);
/* Which orders a slashed date fits, for settling a column's order. */
enum date_order date_slash_order(const char *s, size_t len);
/* Writes "YYYY-MM-DD" into buf and returns it. */
char	*date_iso(day_t, char buf[DATE_ISO_LEN]);
/* "Tuesday, December 13, 2026" into buf, returned. */
char	*date_words(day_t, char buf[DATE_WORDS_LEN]);
/* "auto", "iso", "us", "eu", or DATE_PATTERN for a value with a '%';
 * returns -1 for anything else. */
int	 date_format_from_name(const char *);

#endif
