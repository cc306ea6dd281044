#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alloc.h"
#include "date.h"
#include "text.h"

/* Excel's serial 61 is 1900-03-01; its 60 is the 1900-02-29 that never was. */
#define EXCEL_EPOCH	(-25569)	/* 1899-12-30 as a day_t */

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

bool
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(y, m);
}

/* Civil-from-days and days-from-civil after H. Hinnant's algorithms. */
day_t
date_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_civil(day_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

day_t
date_add_months(day_t day, int months)
{
	int y, m, d, total, dim;

	date_to_civil(day, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_civil(y, m, d);
}

char *
date_iso(day_t day, char buf[DATE_ISO_LEN])
{
	int y, m, d;

	date_to_civil(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = m = d = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int
date_format_from_name(const char *s)
{
	if (strchr(s, '%') != NULL)
		return DATE_PATTERN;
	if (str_ieq(s, "auto"))
		return DATE_AUTO;
	if (str_ieq(s, "iso"))
		return DATE_ISO;
	if (str_ieq(s, "us"))
		return DATE_US;
	if (str_ieq(s, "eu"))
		return DATE_EU;
	return -1;
}

/* Reads mind..maxd digits at *p; returns -1 when there are fewer or more. */
static int
digits(const char **p, const char *end, int mind, int maxd)
{
	const char *s = *p;
	int v = 0, n = 0;

	while (s < end && *s >= '0' && *s <= '9') {
		if (++n > maxd)
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	if (n < mind)
		return -1;
	*p = s;
	return v;
}

/* After the date: nothing, or a time introduced by a space or 'T'
 * ("08:00", "8:00 AM", "08:00:00.000", "08:00:00Z"). */
static bool
rest_is_time(const char *p, const char *end)
{
	if (p == end)
		return true;
	if (*p == ',' && p + 1 < end && p[1] == ' ')	/* "2023, 10:12 AM" */
		p++;
	if (*p != ' ' && *p != 'T')
		return false;
	for (p++; p < end; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ':' || *p == '.' ||
		    *p == ' ' || *p == 'Z' || *p == '+' || *p == '-' ||
		    *p == 'A' || *p == 'P' || *p == 'M' || *p == 'a' ||
		    *p == 'p' || *p == 'm'))
			return false;
	return true;
}

static enum date_status
finish(int y, int m, int d, day_t *out)
{
	if (!date_valid(y, m, d))
		return DATE_IMPOSSIBLE;
	*out = date_from_civil(y, m, d);
	return DATE_OK;
}

/* YYYY<sep>M<sep>D, sep '-' or '/'. */
static enum date_status
parse_ymd(const char *p, const char *end, char sep, day_t *out)
{
	int y, m, d;

	if ((y = digits(&p, end, 4, 4)) < 0 || p == end || *p++ != sep ||
	    (m = digits(&p, end, 1, 2)) < 0 || p == end || *p++ != sep ||
	    (d = digits(&p, end, 1, 2)) < 0 || !rest_is_time(p, end))
		return DATE_UNREADABLE;
	return finish(y, m, d, out);
}

/* a<sep>b<sep>year with sep '/', '-' with a four-digit year (03-15-2024,
 * as some systems write dates), or '.' when dots are allowed; *a and *b
 * get the first two numbers. */
static bool
split_slashed(const char *p, const char *end, bool dots, int *a, int *b,
    int *y)
{
	const char *ystart;
	char sep;

	if ((*a = digits(&p, end, 1, 2)) < 0 || p == end)
		return false;
	sep = *p++;
	if (sep != '/' && sep != '-' && !(dots && sep == '.'))
		return false;
	if ((*b = digits(&p, end, 1, 2)) < 0 || p == end || *p++ != sep)
		return false;
	ystart = p;
	if ((*y = digits(&p, end, 2, 4)) < 0 || p - ystart == 3 ||
	    (sep == '-' && p - ystart != 4) || !rest_is_time(p, end))
		return false;
	if (p - ystart == 2)
		*y += 2000;
	return true;
}

static enum date_status
parse_slashed(const char *p, const char *end, bool day_first, bool dots,
    day_t *out)
{
	int a, b, y;

	if (!split_slashed(p, end, dots, &a, &b, &y))
		return DATE_UNREADABLE;
	return day_first ? finish(y, b, a, out) : finish(y, a, b, out);
}

enum date_order
date_slash_order(const char *s, size_t len)
{
	int a, b, y;

	s = str_trim(s, &len);
	if (!split_slashed(s, s + len, false, &a, &b, &y) || a == 0 || b == 0)
		return DATE_ORDER_NONE;
	if (a <= 12 && b <= 12)
		return DATE_ORDER_EITHER;
	if (a <= 12)
		return DATE_ORDER_MONTH_FIRST;
	if (b <= 12)
		return DATE_ORDER_DAY_FIRST;
	return DATE_ORDER_NONE;
}

/* Excel's serial day numbers, as a spreadsheet saves a date cell: five
 * digits only (1927 to 2173), a fraction being the time of day.  A bare
 * year or a small number is no date. */
static enum date_status
parse_excel(const char *p, const char *end, day_t *out)
{
	long v = 0;
	int n = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		if (++n <= 5)		/* more digits are no date anyway */
			v = v * 10 + (*p - '0');
		p++;
	}
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			;
	if (n != 5 || p != end)
		return DATE_UNREADABLE;
	*out = (day_t)(EXCEL_EPOCH + v);
	return DATE_OK;
}

/* YYYYMMDD. */
static enum date_status
parse_compact(const char *p, day_t *out)
{
	int y = 0, m = 0, d = 0, i;

	for (i = 0; i < 4; i++)
		y = y * 10 + (p[i] - '0');
	m = (p[4] - '0') * 10 + (p[5] - '0');
	d = (p[6] - '0') * 10 + (p[7] - '0');
	return finish(y, m, d, out);
}

/* s[0..len) read by strptime(3) with pattern; what follows must be a time
 * of day (time_after) or nothing but spaces. */
static enum date_status
parse_with(const char *s, size_t len, const char *pattern, bool time_after,
    day_t *out)
{
	char buf[64];
	const char *e, *end;
	struct tm tm;

	if (len >= sizeof(buf))
		return DATE_UNREADABLE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	end = buf + len;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = -1;
	if ((e = strptime(buf, pattern, &tm)) == NULL)
		return DATE_UNREADABLE;
	if (time_after ? !rest_is_time(e, end) : e + strspn(e, " ") != end)
		return DATE_UNREADABLE;
	if (tm.tm_mday < 1)
		return DATE_UNREADABLE;
	return finish(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

/* The forms that spell the month: 15-Mar-2024, 15 Mar 2024, Mar 15, 2024,
 * March 15 2024 (C locale month names, any case). */
static enum date_status
parse_month_name(const char *s, size_t len, day_t *out)
{
	static const char *const forms[] = { "%d-%b-%Y", "%d %b %Y",
	    "%b %d, %Y", "%b %d %Y" };
	enum date_status st, best = DATE_UNREADABLE;
	size_t i;

	for (i = 0; i < NELEM(forms); i++) {
		if ((st = parse_with(s, len, forms[i], true, out)) == DATE_OK)
			return DATE_OK;
		if (st == DATE_IMPOSSIBLE)
			best = st;
	}
	return best;
}

enum date_status
date_parse_pattern(const char *s, size_t len, const char *pattern, day_t *out)
{
	s = str_trim(s, &len);
	if (len == 0)
		return DATE_EMPTY;
	return parse_with(s, len, pattern, false, out);
}

/* "Tuesday, 14 March 2023" as Moodle writes it: the weekday says nothing
 * the date does not. */
static void
skip_weekday(const char **s, size_t *len)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	size_t i, j, k;

	if (*len == 0 || (**s >= '0' && **s <= '9'))
		return;		/* most dates: no weekday */
	for (i = 0; i < NELEM(days); i++)
		for (j = 0; j < 2; j++) {	/* "Tuesday", then "Tue" */
			k = j == 0 ? strlen(days[i]) : 3;
			if (*len <= k + 1 || strncasecmp(*s, days[i], k) != 0 ||
			    ((*s)[k] != ',' && (*s)[k] != ' '))
				continue;
			for (*s += k, *len -= k; *len > 0 &&
			    (**s == ',' || **s == ' '); (*s)++, (*len)--)
				;
			return;
		}
}

enum date_status
date_parse(const char *s, size_t len, enum date_format fmt, day_t *out)
{
	const char *end, *q;
	size_t n;

	s = str_trim(s, &len);
	if (len == 0)
		return DATE_EMPTY;
	skip_weekday(&s, &len);
	end = s + len;
	switch (fmt) {
	case DATE_ISO:
		return parse_ymd(s, end, '-', out);
	case DATE_US:
		return parse_slashed(s, end, false, false, out);
	case DATE_EU:
		return parse_slashed(s, end, true, true, out);
	case DATE_PATTERN:		/* date_parse_pattern() reads these */
		return DATE_UNREADABLE;
	case DATE_AUTO:
	case DATE_AUTO_DAY_FIRST:
		break;
	}
	/* Auto: the leading digits and what follows them tell the form. */
	for (q = s; q < end && *q >= '0' && *q <= '9'; q++)
		;
	n = (size_t)(q - s);
	if (n == 0)
		return parse_month_name(s, len, out);
	if (q == end && n == 8)
		return parse_compact(s, out);
	if (q == end || *q == '.')
		return parse_excel(s, end, out);
	if (n == 4 && (*q == '-' || *q == '/'))
		return parse_ymd(s, end, *q, out);
	if (*q == '/')
		return parse_slashed(s, end, fmt == DATE_AUTO_DAY_FIRST, false,
		    out);
	if (n <= 2 && *q == '-' && q + 1 < end && q[1] >= '0' && q[1] <= '9')
		return parse_slashed(s, end, fmt == DATE_AUTO_DAY_FIRST, false,
		    out);
	if (n <= 2 && (*q == '-' || *q == ' '))
		return parse_month_name(s, len, out);
	return DATE_UNREADABLE;
}

char *
date_words(day_t day, char buf[DATE_WORDS_LEN])
{
	static const char *const wday[] = { "Thursday", "Friday", "Saturday",
	    "Sunday", "Monday", "Tuesday", "Wednesday" };	/* 1970-01-01 */
	static const char *const month[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	int y, m, d, w = (int)(((int64_t)day % 7 + 7) % 7);

	date_to_civil(day, &y, &m, &d);
	snprintf(buf, DATE_WORDS_LEN, "%s, %s %d, %d", wday[w], month[m - 1],
	    d, y);
	return buf;
}

const char *
date_pattern_hint(const char *s, size_t len)
{
	static const char *const tried[] = { "%d.%m.%Y", "%Y.%m.%d",
	    "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%m-%d-%y",
	    "%d-%m-%y", "%m.%d.%Y", "%Y/%m/%d %H:%M", "%d/%m/%Y %H:%M" };
	day_t d;
	size_t i;

	for (i = 0; i < sizeof(tried) / sizeof(tried[0]); i++)
		if (date_parse_pattern(s, len, tried[i], &d) == DATE_OK)
			return tried[i];
	return NULL;
}
