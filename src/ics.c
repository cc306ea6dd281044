#include <stdio.h>
#include <string.h>

#include "ics.h"

#define LINE_MAX_OCTETS	75	/* RFC 5545, section 3.1 */

/* Length of the UTF-8 character at s, within n bytes (1 for a stray). */
static size_t
char_len(const unsigned char *s, size_t n)
{
	size_t k = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1, i;

	if (k > n)
		return 1;
	for (i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return k;
}

/* Appends s[0..n) to the line, folding before an octet that would pass
 * column 75: the next line starts with a space (*col counts octets). */
static void
fold_add(struct strbuf *sb, const char *s, size_t n, size_t *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = char_len(p + i, n - i);
		if (*col + k > LINE_MAX_OCTETS) {
			sb_add(sb, "\r\n ");
			*col = 1;
		}
		sb_addn(sb, s + i, k);
		*col += k;
	}
}

void
ics_line(struct strbuf *sb, const char *name, const char *value, bool text)
{
	size_t col = 0;
	const char *p;

	fold_add(sb, name, strlen(name), &col);
	fold_add(sb, ":", 1, &col);
	for (p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (text && (c == '\\' || c == ';' || c == ',')) {
			char esc[2] = { '\\', (char)c };

			fold_add(sb, esc, 2, &col);
		} else if (text && c == '\n')
			fold_add(sb, "\\n", 2, &col);
		else if (c < 0x20 || c == 0x7f)
			fold_add(sb, " ", 1, &col);	/* no line of its own */
		else
			fold_add(sb, p, 1, &col);
	}
	sb_add(sb, "\r\n");
}

/* A URI the URL property can carry as it is: printable ASCII, no space
 * or quote. */
static bool
plain_uri(const char *s)
{
	for (; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || *s == '"' || *s == '\\')
			return false;
	return true;
}

static void
date_value(char buf[16], day_t day)
{
	int y, m, d;

	date_to_civil(day, &y, &m, &d);
	snprintf(buf, 16, "%04d%02d%02d", y, m, d);
}

void
ics_begin(struct ics *ics, day_t stamp)
{
	memset(ics, 0, sizeof(*ics));
	ics->stamp = stamp;
	sb_add(&ics->sb, "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//certminder//certminder " VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n");
}

void
ics_event(struct ics *ics, const struct ics_event *e)
{
	struct strbuf *sb = &ics->sb;
	day_t last = e->end_day;
	char d[16];

	sb_add(sb, "BEGIN:VEVENT\r\n");
	ics_line(sb, "UID", e->uid, true);
	date_value(d, ics->stamp);
	sb_printf(sb, "DTSTAMP:%sT000000Z\r\n", d);
	date_value(d, e->day);
	/* a time of day is the agency's clock, floating: each calendar
	 * shows it as the hour the class starts where it is held */
	if (e->minute < 0) {
		/* all day: DTEND is the day after the last */
		sb_printf(sb, "DTSTART;VALUE=DATE:%s\r\n", d);
		date_value(d, (last > e->day ? last : e->day) + 1);
		sb_printf(sb, "DTEND;VALUE=DATE:%s\r\n", d);
	} else {
		sb_printf(sb, "DTSTART:%sT%02d%02d00\r\n", d, e->minute / 60,
		    e->minute % 60);
		if (e->end_minute >= 0 && (last > e->day ||
		    e->end_minute > e->minute)) {
			date_value(d, last > e->day ? last : e->day);
			sb_printf(sb, "DTEND:%sT%02d%02d00\r\n", d,
			    e->end_minute / 60, e->end_minute % 60);
		}
	}
	ics_line(sb, "SUMMARY", e->summary, true);
	if (e->location != NULL)
		ics_line(sb, "LOCATION", e->location, true);
	if (e->description != NULL)
		ics_line(sb, "DESCRIPTION", e->description, true);
	if (e->url != NULL && plain_uri(e->url))
		ics_line(sb, "URL", e->url, false);
	if (e->transparent)
		sb_add(sb, "TRANSP:TRANSPARENT\r\n");
	sb_add(sb, "END:VEVENT\r\n");
	ics->events++;
}

void
ics_end(struct ics *ics)
{
	sb_add(&ics->sb, "END:VCALENDAR\r\n");
}
