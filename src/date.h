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

enum date_format {
	DATE_AUTO,	/* ISO, US M/D/YYYY and M/D/YY, Excel serial days */
	DATE_ISO,	/* YYYY-MM-DD */
	DATE_US,	/* M/D/YYYY, M/D/YY */
	DATE_EU		/* D/M/YYYY, D.M.YYYY, D/M/YY, D.M.YY */
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
enum date_status date_parse(const char *s, size_t len, enum date_format, day_t *);
/* Writes "YYYY-MM-DD" into buf and returns it. */
char	*date_iso(day_t, char buf[DATE_ISO_LEN]);
/* "auto", "iso", "us", "eu"; returns -1 for anything else. */
int	 date_format_from_name(const char *);

#endif
