#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "alloc.h"
#include "classes.h"
#include "classify.h"
#include "csvread.h"
#include "figures.h"
#include "strmap.h"
#include "text.h"

#define CALENDAR_MAX	(16UL << 20)	/* bytes in an .ics file */

/* A time of day after a date: "08:00", "8:00 AM", "14:30:00"; -1 none. */
static int
time_of(const char *s, size_t n)
{
	size_t i;
	int h, m;

	for (i = 0; i + 4 <= n; i++) {
		if (!isdigit((unsigned char)s[i]) || (i > 0 &&
		    isdigit((unsigned char)s[i - 1])))
			continue;
		h = s[i] - '0';
		if (isdigit((unsigned char)s[i + 1]))
			h = h * 10 + s[++i] - '0';
		if (i + 3 >= n + 1 || s[i + 1] != ':' ||
		    !isdigit((unsigned char)s[i + 2]) ||
		    i + 3 >= n || !isdigit((unsigned char)s[i + 3]))
			continue;
		m = (s[i + 2] - '0') * 10 + s[i + 3] - '0';
		for (i += 4; i < n && (s[i] == ' ' || s[i] == ':' ||
		    isdigit((unsigned char)s[i])); i++)
			;
		if (i + 1 < n && (s[i] == 'P' || s[i] == 'p') &&
		    (s[i + 1] == 'M' || s[i + 1] == 'm') && h < 12)
			h += 12;
		else if (i + 1 < n && (s[i] == 'A' || s[i] == 'a') &&
		    (s[i + 1] == 'M' || s[i + 1] == 'm') && h == 12)
			h = 0;
		return h < 24 && m < 60 ? h * 60 + m : -1;
	}
	return -1;
}

/* "2027-01-14 08:00", "1/14/2027 8:00 AM": the day and the minute. */
static bool
when_of(const char *s, size_t n, day_t *day, int *minute)
{
	size_t i = 0;

	if (date_parse(s, n, DATE_AUTO, day) != DATE_OK)
		return false;
	/* the time comes after the date's own digits and separators */
	while (i < n && s[i] != ' ' && s[i] != 'T')
		i++;
	*minute = i < n ? time_of(s + i, n - i) : -1;
	return true;
}

static void
class_free(struct class *k)
{
	free(k->title);
	free(k->location);
	free(k->signup);
	free(k->uid);
}

/* A class read: classified, kept when of a certification and to come
 * with seats; counted otherwise. */
static void
class_add(struct classes *cs, struct classifier *cl, day_t today,
    struct class *k)
{
	struct cert_title *ct;

	k->cert = classify_title(cl, k->title, strlen(k->title), &ct,
	    &k->renewal);
	if (k->cert < 0) {
		cs->unmatched++;
		if (!strlist_has(&cs->unmatched_titles, k->title))
			strlist_add(&cs->unmatched_titles, k->title);
	} else if (k->day < today)
		cs->past++;
	else if (k->seats == 0)
		cs->full++;
	else {
		if (k->uid == NULL) {	/* a CSV's: its day, time and title */
			char d[DATE_ISO_LEN];

			k->uid = xasprintf("class-%s-%04d-%016llx@certminder",
			    date_iso(k->day, d), k->minute < 0 ? 0 : k->minute,
			    (unsigned long long)hash_bytes(k->title,
			    strlen(k->title)));
		}
		cs->v = xreallocarray(cs->v, cs->n + 1, sizeof(*cs->v));
		cs->v[cs->n++] = *k;
		return;
	}
	class_free(k);
}

/*
 * A calendar's text as one line, as mail and reports print it: a line
 * break or tab (an address over two lines) and the spaces around it as
 * one space; NULL, and *bad set, for any other control character.
 */
static char *
one_line(const char *s, size_t n, bool *bad)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r' || c == '\n' || c == '\t') {
			while (sb.len > 0 && sb.s[sb.len - 1] == ' ')
				sb.s[--sb.len] = '\0';
			sb_addc(&sb, ' ');
			while (i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\r' ||
			    s[i + 1] == '\n' || s[i + 1] == '\t'))
				i++;
		} else if (c < 0x20 || c == 0x7f) {
			sb_free(&sb);
			*bad = true;
			return NULL;
		} else
			sb_addc(&sb, (char)c);
	}
	return sb_steal(&sb);
}

/* The seats left of s[0..n): a number, or "Full", "Closed", "Waitlist" as
 * learning systems say none; false for anything else. */
static bool
seats_value(const char *s, size_t n, int *seats)
{
	static const char *const none[] = { "full", "closed", "waitlist",
	    "wait list" };
	size_t i, k = 0;
	long v = 0;

	s = str_trim(s, &n);
	for (i = 0; i < NELEM(none); i++)
		if (str_words_eq(s, n, none[i])) {
			*seats = 0;
			return true;
		}
	for (; k < n && k < 6 && isdigit((unsigned char)s[k]); k++)
		v = v * 10 + (s[k] - '0');
	if (k == 0 || k < n || v >= 100000)
		return false;
	*seats = (int)v;
	return true;
}

/* Reading a CSV calendar or bookings: the columns found in the header. */
struct reader {
	const struct conf	*conf;
	struct people		*pp;
	struct classes		*cs;
	struct classifier	*cl;
	struct problems		*problems;
	const char		*file;
	const char *const	*names;		/* configured column names */
	size_t			 ncols;
	long			 at[CLASS_COL_MAX];	/* index in the row */
	day_t			 today;
	bool			 bad;	/* a value of the row held a
					 * control character */
};

static int
map_header(void *ctx, char *const *names, size_t n, bool *want)
{
	struct reader *r = ctx;
	size_t i, k;

	for (k = 0; k < r->ncols; k++) {
		r->at[k] = -1;
		for (i = 0; i < n; i++)
			if (r->names[k] != NULL && str_ieq(names[i],
			    r->names[k])) {
				r->at[k] = (long)i;
				want[i] = true;
				break;
			}
	}
	/* the course and its start are needed; a line without them is a
	 * title line above the header */
	return r->at[0] < 0 || r->at[r->ncols == ENROLL_COL_MAX ? 2 : 1] < 0 ||
	    (r->ncols == ENROLL_COL_MAX && r->at[ENROLL_ID] < 0) ? 1 : 0;
}

/* The value of column k of the row, trimmed, on one line, as a new
 * string (NULL for an empty cell or a column not there; NULL and r->bad
 * for a control character). */
static char *
cell(struct reader *r, size_t k, char *const *field, const size_t *len)
{
	const char *s;
	size_t n;

	if (r->at[k] < 0)
		return NULL;
	n = len[r->at[k]];
	s = str_trim(field[r->at[k]], &n);
	return n > 0 ? one_line(s, n, &r->bad) : NULL;
}

static void
class_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t nf)
{
	struct reader *r = ctx;
	struct class k = { .line = line, .seats = -1, .end_day = DAY_NONE,
	    .end_minute = -1 };
	char *start = cell(r, CLASS_START, field, len);
	char *end = cell(r, CLASS_END, field, len);
	char *seats = cell(r, CLASS_SEATS, field, len);
	/* a session export may give the times in columns of their own */
	char *start_time = cell(r, CLASS_START_TIME, field, len);
	char *end_time = cell(r, CLASS_END_TIME, field, len);
	day_t d;

	(void)nf;
	k.title = cell(r, CLASS_COURSE, field, len);
	k.location = cell(r, CLASS_LOCATION, field, len);
	k.signup = cell(r, CLASS_SIGNUP, field, len);
	if (r->bad) {
		r->bad = false;
		problems_add(r->problems, r->file, line, "a value holds a "
		    "control character: the class is not listed");
		class_free(&k);
		goto done;
	}
	if (k.title == NULL || start == NULL ||
	    !when_of(start, strlen(start), &k.day, &k.minute)) {
		problems_add(r->problems, r->file, line, "a class without a "
		    "course or a readable start ('%s'): not listed",
		    start ? start : "");
		class_free(&k);
		goto done;
	}
	if (end != NULL && when_of(end, strlen(end), &d, &k.end_minute) &&
	    d >= k.day)
		k.end_day = d;
	else
		k.end_minute = -1;
	if (k.minute < 0 && start_time != NULL)
		k.minute = time_of(start_time, strlen(start_time));
	if (k.end_minute < 0 && end_time != NULL &&
	    (k.end_minute = time_of(end_time, strlen(end_time))) >= 0 &&
	    k.end_day == DAY_NONE)
		k.end_day = k.day;	/* the times of one day */
	if (seats != NULL) {
		if (!seats_value(seats, strlen(seats), &k.seats))
			problems_add(r->problems, r->file, line, "seats '%s' "
			    "is not a number: taken as not given", seats);
	}
	class_add(r->cs, r->cl, r->today, &k);
done:
	free(start);
	free(end);
	free(start_time);
	free(end_time);
	free(seats);
}

/* Text of a calendar property, trimmed, on one line, or NULL (and *bad
 * for a control character). */
static char *
prop_text(icalcomponent *ev, icalproperty_kind kind, bool *bad)
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	icalvalue *v = p ? icalproperty_get_value(p) : NULL;
	const char *s;
	size_t n;

	if (v == NULL)
		return NULL;
	/* text unescaped ("Station 2, 14 Elm St"); a URL as it is */
	s = icalvalue_isa(v) == ICAL_TEXT_VALUE ? icalvalue_get_text(v) :
	    icalproperty_get_value_as_string(p);

	if (s == NULL)
		return NULL;
	n = strlen(s);
	s = str_trim(s, &n);
	return n > 0 ? one_line(s, n, bad) : NULL;
}

/* An event's start or end as the agency's clock reads it: a UTC time
 * (Google's export) in local time, a time with its zone or floating as
 * written (Outlook's, the calendar's own zone); an all-day date has no
 * minute. */
static void
ical_when(struct icaltimetype t, day_t *day, int *minute)
{
	if (icaltime_is_utc(t) && !t.is_date) {
		time_t when = icaltime_as_timet(t);
		struct tm tm;

		localtime_r(&when, &tm);
		*day = date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
		*minute = tm.tm_hour * 60 + tm.tm_min;
		return;
	}
	*day = date_valid(t.year, t.month, t.day) ?
	    date_from_civil(t.year, t.month, t.day) : DAY_NONE;
	*minute = t.is_date ? -1 : t.hour * 60 + t.minute;
}

/* "Seats left: 4" or "Seats: Full" in an event's description; -1 none. */
static int
seats_of(const char *desc)
{
	const char *p = desc;
	int seats;

	while (p != NULL && (p = strcasestr(p, "seats")) != NULL) {
		p += 5;
		while (*p == ' ' || isalpha((unsigned char)*p))
			p++;
		if (*p != ':')
			continue;	/* *p may end the text: looked at, not
					 * stepped over */
		p += 1 + strspn(p + 1, " ");
		/* a number, or words to the end of the sentence */
		return seats_value(p, isdigit((unsigned char)*p) ?
		    strspn(p, "0123456789") : strcspn(p, ".,;\r\n"), &seats) ?
		    seats : -1;
	}
	return -1;
}

static enum input_status
read_calendar(struct reader *r, char **err)
{
	FILE *fp = fopen(r->file, "r");
	struct strbuf text = { 0 };
	icalcomponent *cal, *ev;
	char buf[8192];
	size_t k;

	if (fp == NULL) {
		*err = xasprintf("%s: %s", r->file, strerror(errno));
		return INPUT_UNREADABLE;
	}
	while ((k = fread(buf, 1, sizeof(buf), fp)) > 0 &&
	    text.len < CALENDAR_MAX)
		sb_addn(&text, buf, k);
	fclose(fp);
	if (text.len >= CALENDAR_MAX) {
		sb_free(&text);
		*err = xasprintf("%s: larger than %lu MB: not a class calendar",
		    r->file, CALENDAR_MAX >> 20);
		return INPUT_UNUSABLE;
	}
	cal = icalparser_parse_string(sb_str(&text));
	sb_free(&text);
	if (cal == NULL || (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT &&
	    icalcomponent_isa(cal) != ICAL_VEVENT_COMPONENT)) {
		if (cal != NULL)
			icalcomponent_free(cal);
		*err = xasprintf("%s: not an iCalendar file (no VCALENDAR)",
		    r->file);
		return INPUT_UNUSABLE;
	}
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct class c = { .seats = -1, .end_day = DAY_NONE };
		struct icaltimetype dtend = icalcomponent_get_dtend(ev);
		bool bad = false, ignored = false;
		/* the description is read for its seats alone */
		char *desc = prop_text(ev, ICAL_DESCRIPTION_PROPERTY, &ignored);
		day_t end;

		c.title = prop_text(ev, ICAL_SUMMARY_PROPERTY, &bad);
		c.location = prop_text(ev, ICAL_LOCATION_PROPERTY, &bad);
		c.signup = prop_text(ev, ICAL_URL_PROPERTY, &bad);
		c.uid = prop_text(ev, ICAL_UID_PROPERTY, &bad);
		c.seats = seats_of(desc);
		free(desc);
		if (bad) {
			problems_add(r->problems, r->file, 0, "an event with a "
			    "control character in its text: not listed");
			class_free(&c);
			continue;
		}
		ical_when(icalcomponent_get_dtstart(ev), &c.day, &c.minute);
		ical_when(dtend, &end, &c.end_minute);
		/* an all-day event ends the day before its DTEND */
		if (end != DAY_NONE && dtend.is_date)
			end--;
		if (end != DAY_NONE && end >= c.day)
			c.end_day = end;
		else
			c.end_minute = -1;
		if (c.title == NULL || c.day == DAY_NONE) {
			problems_add(r->problems, r->file, 0, "an event without "
			    "a summary or a start ('%s'): not listed",
			    c.title ? c.title : "");
			class_free(&c);
			continue;
		}
		class_add(r->cs, r->cl, r->today, &c);
	}
	icalcomponent_free(cal);
	return INPUT_OK;
}

/* Earliest first, then by title. */
static int
by_start(const void *a, const void *b)
{
	const struct class *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	return strcmp(x->title, y->title);
}

day_t
classes_done(const struct class *k)
{
	return k->end_day != DAY_NONE && k->end_day > k->day ? k->end_day :
	    k->day;
}

day_t
classes_booked_done(const struct classes *cs, const struct class_booking *b)
{
	return b->cls >= 0 ? classes_done(&cs->v[b->cls]) : b->day;
}

/* Whether the person's record shows a completion on or after day: the
 * certification's expiry is as late as a course that day would give. */
static bool
completed_since(const struct conf *c, const struct people *pp, uint32_t p,
    size_t k, day_t day)
{
	day_t e = *people_expires(pp, p, k);

	if (e == DAY_NONE)
		return false;
	if (c->certs[k].validity_months == 0)
		return e == DAY_FOREVER;
	return e >= date_add_months(day, c->certs[k].validity_months);
}

/* The person a booking names: by id, and with ids per agency (id_scope
 * or sources) by id within the agency the row names, as --agency finds
 * one (case and runs of spaces aside). */
static uint32_t
booked_person(const struct reader *r, const char *id, const char *agency)
{
	uint32_t a;

	if (!r->pp->agency_scope)
		return people_find(r->pp, id, strlen(id));
	if (agency == NULL || !people_agency_named(r->pp, agency, &a))
		return NO_PERSON;
	return people_find_in(r->pp, r->pp->agency[a],
	    strlen(r->pp->agency[a]), id, strlen(id));
}

static void
enroll_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t nf)
{
	struct reader *r = ctx;
	struct classes *cs = r->cs;
	char *id = cell(r, ENROLL_ID, field, len);
	char *course = cell(r, ENROLL_COURSE, field, len);
	char *start = cell(r, ENROLL_START, field, len);
	char *agency = cell(r, ENROLL_AGENCY, field, len);
	struct cert_title *ct;
	struct class_booking b = { .cls = -1 };
	bool renewal;
	int minute, cert;
	size_t i;
	long *at;

	(void)nf;
	cs->enrollments++;
	if (r->bad) {
		r->bad = false;
		problems_add(r->problems, r->file, line, "a value holds a "
		    "control character: the booking is not counted");
		goto done;
	}
	if (id == NULL || course == NULL || start == NULL ||
	    !when_of(start, strlen(start), &b.day, &minute)) {
		problems_add(r->problems, r->file, line, "a booking without "
		    "an id, a course or a readable start: not counted");
		goto done;
	}
	if ((b.person = booked_person(r, id, agency)) == NO_PERSON) {
		cs->enrollments_unknown++;
		goto done;
	}
	if ((cert = classify_title(r->cl, course, strlen(course), &ct,
	    &renewal)) < 0)
		goto done;		/* a booking for another course */
	b.cert = (size_t)cert;
	b.renewal = renewal;
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].cert == cert && cs->v[i].day == b.day) {
			b.cls = (long)i;
			break;
		}
	/* the latest booking of a person and certification stands */
	at = &cs->book_of[(size_t)b.person * cs->ncerts + b.cert];
	if (*at >= 0) {
		if (cs->book[*at].day >= b.day)
			goto done;
		free(cs->book[*at].course);
	} else {
		cs->book = xreallocarray(cs->book, cs->nbook + 1,
		    sizeof(*cs->book));
		*at = (long)cs->nbook++;
	}
	b.course = course;
	course = NULL;
	cs->book[*at] = b;
done:
	free(id);
	free(course);
	free(start);
	free(agency);
}

static enum input_status
read_csv(struct reader *r, void (*row)(void *, unsigned long, char *const *,
    const size_t *, size_t), char **err)
{
	struct csvread_handler h = { .ctx = r, .header = map_header,
	    .row = row, .max_value = 4096, .max_line = 65536,
	    .max_file = CALENDAR_MAX };
	struct csvread_result res;

	csvread_file(r->file, 0, ENC_AUTO, &h, &res);
	if (res.status == CSVREAD_OK && r->ncols == ENROLL_COL_MAX &&
	    r->pp->agency_scope && r->at[ENROLL_AGENCY] < 0) {
		/* the rows were read, and none could be placed */
		*err = xasprintf("%s: no column %s: with ids per agency "
		    "(id_scope or sources) a booking needs its agency",
		    r->file, r->names[ENROLL_AGENCY]);
		return INPUT_UNUSABLE;
	}
	if (res.status == CSVREAD_OK)
		return INPUT_OK;
	if (res.status == CSVREAD_STOPPED || res.status == CSVREAD_EMPTY)
		*err = xasprintf("%s: no header with the columns %s and %s",
		    r->file, r->names[0], r->names[r->ncols ==
		    ENROLL_COL_MAX ? 2 : 1]);
	else
		*err = xasprintf("%s: %s", r->file, csvread_strerror(&res));
	return res.status == CSVREAD_OPEN ? INPUT_UNREADABLE : INPUT_UNUSABLE;
}

enum input_status
classes_load(const struct conf *c, struct people *pp, day_t today,
    struct problems *problems, struct classes *cs, char **err)
{
	struct classifier cl;
	struct reader r = { .conf = c, .pp = pp, .cs = cs, .cl = &cl,
	    .problems = problems, .today = today };
	enum input_status st = INPUT_OK;
	size_t i, n;
	day_t e;

	memset(cs, 0, sizeof(*cs));
	*err = NULL;
	if (c->classes.file == NULL && c->enrollments.file == NULL)
		return INPUT_OK;
	classifier_init(&cl, c);
	if (c->classes.file != NULL) {
		cs->calendar = true;
		r.file = c->classes.file;
		r.names = (const char *const *)c->classes.column;
		r.ncols = CLASS_COL_MAX;
		n = strlen(r.file);
		st = n > 4 && str_ieq(r.file + n - 4, ".ics") ?
		    read_calendar(&r, err) : read_csv(&r, class_row, err);
		if (cs->n > 1)
			qsort(cs->v, cs->n, sizeof(*cs->v), by_start);
	}
	if (st == INPUT_OK && c->enrollments.file != NULL) {
		/* each person's booking per certification, kept as read */
		cs->ncerts = pp->ncerts;
		cs->book_of = xcalloc(pp->n * pp->ncerts + 1,
		    sizeof(*cs->book_of));
		for (i = 0; i < pp->n * pp->ncerts; i++)
			cs->book_of[i] = -1;
		r.file = c->enrollments.file;
		r.names = (const char *const *)c->enrollments.column;
		r.ncols = ENROLL_COL_MAX;
		st = read_csv(&r, enroll_row, err);
	}
	classifier_free(&cl);
	if (st != INPUT_OK || cs->nbook == 0)
		return st;
	/* a booking stands until its class is past by no_show_after_days
	 * with no completion on record; then it is a no-show */
	free(pp->booked);
	pp->booked = xcalloc(pp->n * pp->ncerts + 1, sizeof(*pp->booked));
	for (i = 0; i < cs->nbook; i++) {
		struct class_booking *b = &cs->book[i];

		if (completed_since(c, pp, b->person, b->cert, b->day)) {
			b->completed = true;
			continue;
		}
		e = *people_expires(pp, b->person, b->cert);
		/* counted from the class's last day */
		if ((int64_t)classes_booked_done(cs, b) +
		    c->enrollments.no_show_after_days < (int64_t)today)
			b->no_show = true;
		/* in time: it renews before the expiry, or there is none
		 * left to miss; a class after the expiry leaves the
		 * reminders going, which name it */
		else if (e == DAY_NONE || e < today ||
		    classes_booked_done(cs, b) <= e)
			pp->booked[(size_t)b->person * pp->ncerts + b->cert] =
			    true;
	}
	return INPUT_OK;
}

void
classes_free(struct classes *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		class_free(&cs->v[i]);
	for (i = 0; i < cs->nbook; i++)
		free(cs->book[i].course);
	free(cs->v);
	free(cs->book);
	free(cs->book_of);
	free(cs->booked_fc);
	free(cs->nbooked);
	strlist_free(&cs->unmatched_titles);
	memset(cs, 0, sizeof(*cs));
}

const struct class_booking *
classes_booking(const struct classes *cs, uint32_t p, size_t k)
{
	long b;

	if (cs == NULL || cs->book_of == NULL)
		return NULL;
	b = cs->book_of[(size_t)p * cs->ncerts + k];
	return b < 0 ? NULL : &cs->book[b];
}

/*
 * Whether class k fits a person whose certification expires on e
 * (DAY_NONE: never held): of the certification, to come, not full; a
 * renewal only after a full course, and, where the certification renews
 * only while valid, on or before the expiry day.
 */
static bool
fits(const struct class *k, const struct conf_cert *ct, size_t cert, day_t e,
    day_t today)
{
	if (k->cert != (int)cert || k->day < today || k->seats == 0)
		return false;
	if (!k->renewal)
		return true;
	if (e == DAY_NONE)
		return false;
	return !ct->renew_before_expiry_only || classes_done(k) <= e;
}

bool
classes_fits(const struct classes *cs, const struct conf *c,
    const struct people *pp, uint32_t p, size_t k, size_t cls, day_t today)
{
	return fits(&cs->v[cls], &c->certs[k], k, *people_expires(pp, p, k),
	    today);
}

size_t
classes_fitting(const struct classes *cs, const struct conf *c,
    const struct people *pp, uint32_t p, size_t k, day_t today,
    size_t *out, size_t max, const long *left)
{
	day_t e = *people_expires(pp, p, k);
	size_t i, n = 0;
	int pass;

	if (cs == NULL)
		return 0;
	/* before the deadline, renewals first while they are open; classes
	 * after it only when none before it fits */
	for (pass = 0; pass < 3 && n < max && (pass < 2 || n == 0); pass++)
		for (i = 0; i < cs->n && n < max; i++) {
			const struct class *cl = &cs->v[i];
			bool in_time = e == DAY_NONE || e < today ||
			    classes_done(cl) <= e;

			if (!fits(cl, &c->certs[k], k, e, today) ||
			    (left != NULL && left[i] <= 0))
				continue;
			if ((pass == 0 && (!in_time || !cl->renewal)) ||
			    (pass == 1 && (!in_time || cl->renewal)) ||
			    (pass == 2 && in_time))
				continue;
			out[n++] = i;
		}
	return n;
}

long
classes_seats(const struct classes *cs, size_t k, day_t today, day_t before)
{
	long seats = 0;
	size_t i;

	for (i = 0; cs != NULL && i < cs->n; i++) {
		const struct class *cl = &cs->v[i];
		/* a seat counts when its class is over before the day */
		if (cl->cert == (int)k && cl->day >= today &&
		    classes_done(cl) < before &&
		    cl->seats > 0)
			seats += cl->seats;
	}
	return seats;
}

void
classes_when(const struct class *k, bool iso, struct strbuf *sb)
{
	char d[DATE_WORDS_LEN];
	bool days = k->end_day != DAY_NONE && k->end_day > k->day;

	sb_add(sb, iso ? date_iso(k->day, d) : date_words(k->day, d));
	if (k->minute >= 0)
		sb_printf(sb, ", %02d:%02d", k->minute / 60, k->minute % 60);
	if (days) {
		sb_printf(sb, " to %s", iso ? date_iso(k->end_day, d) :
		    date_words(k->end_day, d));
		if (k->end_minute >= 0)
			sb_printf(sb, ", %02d:%02d", k->end_minute / 60,
			    k->end_minute % 60);
	} else if (k->minute >= 0 && k->end_minute >= 0)
		sb_printf(sb, "-%02d:%02d", k->end_minute / 60,
		    k->end_minute % 60);
	if (k->location != NULL)
		sb_printf(sb, ", %s", k->location);
}

/* The days person p holds certification k if their booking is kept:
 * into s[], one span or two (a lapse before the class); how many. */
static size_t
booked_spans(const struct conf_cert *ct, const struct class_booking *b,
    day_t done, day_t e, day_t today, struct span *s)
{
	day_t from = done > today ? done : today, to;
	size_t n = 0;

	if (e != DAY_NONE && e >= today)
		s[n++] = (struct span){ today, e };
	/* a renewal renews only what it may: held, and while valid where
	 * the certification says so */
	if (b->renewal && (e == DAY_NONE || (ct->renew_before_expiry_only &&
	    b->day > e)))
		return n;
	to = ct->validity_months == 0 ? DAY_FOREVER :
	    date_add_months(done, ct->validity_months);
	if (to < today || (n == 1 && to <= e))
		return n;
	if (n == 1 && (int64_t)from <= (int64_t)e + 1)
		s[0].to = to;		/* no day lapses between */
	else
		s[n++] = (struct span){ from, to };
	return n;
}

void
classes_forecast(struct classes *cs, const struct conf *c,
    const struct people *pp, const struct compliance *cp)
{
	size_t na = cp->nagencies, nk = c->ncerts, i, a, k, n;
	size_t *start, *fill;
	uint32_t *member;
	struct span *s;

	if (cs->nbook == 0)
		return;
	cs->booked_fc = xcalloc(na * nk + 1, sizeof(*cs->booked_fc));
	cs->nbooked = xcalloc(na * nk + 1, sizeof(*cs->nbooked));
	for (i = 0; i < cs->nbook; i++) {
		const struct class_booking *b = &cs->book[i];
		const struct person *p = &pp->v[b->person];

		if (!b->no_show && !b->completed && p->active && p->sworn)
			cs->nbooked[(size_t)p->agency * nk + b->cert]++;
	}
	/* each agency's active sworn officers, by a counting sort */
	start = xcalloc(na + 2, sizeof(*start));
	for (i = 0; i < pp->n; i++)
		if (pp->v[i].active && pp->v[i].sworn)
			start[pp->v[i].agency + 1]++;
	for (a = 0; a < na; a++)
		start[a + 1] += start[a];
	fill = xcalloc(na + 1, sizeof(*fill));
	memcpy(fill, start, na * sizeof(*fill));
	member = xcalloc(start[na] + 1, sizeof(*member));
	for (i = 0; i < pp->n; i++)
		if (pp->v[i].active && pp->v[i].sworn)
			member[fill[pp->v[i].agency]++] = (uint32_t)i;
	s = xcalloc(2 * start[na] + 1, sizeof(*s));
	for (a = 0; a < na; a++)
		for (k = 0; k < nk; k++) {
			if (cs->nbooked[a * nk + k] == 0)
				continue;
			for (i = start[a], n = 0; i < start[a + 1]; i++) {
				const struct class_booking *b =
				    classes_booking(cs, member[i], k);
				day_t e = *people_expires(pp, member[i], k);

				if (b != NULL && !b->no_show && !b->completed)
					n += booked_spans(&c->certs[k], b,
					    classes_booked_done(cs, b), e,
					    cp->today,
					    s + n);
				else if (e != DAY_NONE && e >= cp->today)
					s[n++] = (struct span){ cp->today, e };
			}
			forecast_spans(s, n, cp->agency[a].cert[k].required,
			    cp->today, cp->forecast_days,
			    &cs->booked_fc[a * nk + k]);
		}
	free(s);
	free(member);
	free(fill);
	free(start);
}

void
classes_forecast_words(const struct classes *cs, const struct compliance *cp,
    const struct conf_cert *ct, uint32_t a, size_t k, struct strbuf *sb)
{
	struct cert_tally t;
	int n;

	if (cs == NULL || cs->nbooked == NULL ||
	    (n = cs->nbooked[(size_t)a * cp->ncerts + k]) == 0)
		return;
	t = cp->agency[a].cert[k];
	if (t.required == 0)
		return;
	t.forecast = cs->booked_fc[(size_t)a * cp->ncerts + k];
	if (n == 1)
		sb_add(sb, "If the booked officer completes the class: ");
	else
		sb_printf(sb, "If the %d booked officers complete their "
		    "classes: ", n);
	forecast_words(sb, cp, ct, &t);
}

#define BOOK_AHEAD	14	/* days a class is scheduled before it is due */

/* The forecast the seats answer: the one if the booked complete their
 * classes where there are bookings (their seats are taken already),
 * else the plain one. */
static const struct forecast *
forecast_of(const struct classes *cs, const struct compliance *cp,
    uint32_t a, size_t k)
{
	size_t at = (size_t)a * cp->ncerts + k;

	if (cs != NULL && cs->nbooked != NULL && cs->nbooked[at] > 0)
		return &cs->booked_fc[at];
	return &cp->agency[a].cert[k].forecast;
}

bool
classes_need(const struct classes *cs, const struct compliance *cp,
    uint32_t a, size_t k, day_t *until, long *seats, int *need)
{
	const struct forecast *fc = forecast_of(cs, cp, a, k);

	if (cs == NULL || !cs->calendar ||
	    cp->agency[a].cert[k].required == 0 || fc->breaks_on == DAY_NONE)
		return false;
	/* broken today: the seats within the forecast's horizon, for all
	 * it needs to hold through it */
	*until = fc->breaks_on > cp->today ? fc->breaks_on :
	    cp->today + cp->forecast_days;
	*need = fc->breaks_on > cp->today ? fc->needed_by_break :
	    fc->needed_for_horizon;
	*seats = classes_seats(cs, k, cp->today, *until);
	return true;
}

void
classes_verdict(const struct classes *cs, const struct compliance *cp,
    const struct conf_cert *ct, uint32_t a, size_t k, struct strbuf *sb)
{
	const struct forecast *fc = forecast_of(cs, cp, a, k);
	char d[DATE_ISO_LEN], by[DATE_ISO_LEN];
	day_t until, book_by;
	long seats;
	int need;

	if (!classes_need(cs, cp, a, k, &until, &seats, &need))
		return;
	sb_printf(sb, "%s: %ld %s before %s, %d needed: ", ct->name, seats,
	    plural(seats, "seat", "seats"), date_iso(until, d), need);
	if (seats >= need) {
		sb_add(sb, "holds");
		return;
	}
	book_by = fc->breaks_on - BOOK_AHEAD > cp->today ?
	    fc->breaks_on - BOOK_AHEAD : cp->today;
	sb_printf(sb, "schedule a class of at least %ld %s", need - seats,
	    book_by == cp->today ? "now" : "by");
	if (book_by != cp->today)
		sb_printf(sb, " %s", date_iso(book_by, by));
}
