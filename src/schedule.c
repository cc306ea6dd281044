/*
 * schedule: whom to book into the next class, most urgent first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "notice.h"
#include "schedule.h"

static int
by_need(const void *a, const void *b)
{
	const struct to_train *x = a, *y = b;
	day_t xw = x->need == NEED_MISSING ? x->train_by : x->expires;
	day_t yw = y->need == NEED_MISSING ? y->train_by : y->expires;

	if (x->required != y->required)
		return x->required ? -1 : 1;
	if (x->need != y->need)
		return x->need < y->need ? -1 : 1;
	if (xw != yw)
		return xw < yw ? -1 : 1;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->cert < y->cert ? -1 : x->cert > y->cert;
}

size_t
schedule_build(const struct conf *c, const struct people *pp,
    const struct compliance *cp, struct to_train **out)
{
	struct to_train *v = NULL;
	size_t n = 0, i, k;

	for (i = 0; i < pp->n; i++) {
		const struct person *p = &pp->v[i];

		if (!p->active)
			continue;
		for (k = 0; k < c->ncerts; k++) {
			day_t e = *people_expires(pp, (uint32_t)i, k);
			enum cert_status st = status_of(e, cp->today,
			    cp->warn_days);
			struct to_train *b;

			if (st == ST_CURRENT || (st == ST_MISSING &&
			    !notice_must_hold(&c->certs[k], p)))
				continue;
			v = xreallocarray(v, n + 1, sizeof(*v));
			b = &v[n++];
			b->person = (uint32_t)i;
			b->cert = k;
			b->need = st == ST_EXPIRED ? NEED_EXPIRED :
			    st == ST_MISSING ? NEED_MISSING : NEED_EXPIRING;
			b->expires = st == ST_MISSING ? DAY_NONE : e;
			b->train_by = st == ST_EXPIRING ? e : cp->today;
			b->required = notice_must_hold(&c->certs[k], p);
			if (st == ST_MISSING && notice_in_grace(c, p, cp->today))
				b->train_by = p->hired + c->new_hire_grace_days;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), by_need);
	*out = v;
	return n;
}

const char *
schedule_need_name(enum booking_need need)
{
	static const char *const name[] = { "expired", "missing", "expiring" };

	return name[need];
}

void
schedule_book(const struct conf_cert *ct, const struct to_train *t,
    char *buf, size_t size)
{
	char d[DATE_ISO_LEN], hours[24] = "";

	/* a renewal renews what is on record: while it holds, or after a
	 * lapse where the certification allows it */
	if (t->need != NEED_MISSING && ct->renewed_by.n > 0 &&
	    (t->need == NEED_EXPIRING || !ct->renew_before_expiry_only)) {
		if (ct->renew_before_expiry_only) {
			snprintf(buf, size, "%s recertification (before %s)",
			    ct->name, date_iso(t->expires, d));
			return;
		}
		if (ct->renewal_min_hours > 0)
			snprintf(hours, sizeof(hours), "%d-hour ",
			    ct->renewal_min_hours);
		snprintf(buf, size, "%s %srefresher", ct->name, hours);
		return;
	}
	if (ct->min_hours > 0)
		snprintf(hours, sizeof(hours), "%d-hour ", ct->min_hours);
	snprintf(buf, size, "%s %scourse", ct->name, hours);
}

/* Why no class could be given: none of the certification, none of the
 * kind, none with a seat count, or every seat given out. */
static const char *
why_unplaced(const struct classes *cs, const struct conf *c,
    const struct people *pp, day_t today, const struct to_train *t)
{
	size_t i, fit[1];
	bool any = false, counted = false;

	for (i = 0; i < cs->n; i++)
		if (cs->v[i].cert == (int)t->cert && cs->v[i].day >= today)
			any = true;
	if (!any)
		return "no class with seats to come";
	if (classes_fitting(cs, c, pp, t->person, t->cert, today, fit, 1,
	    NULL) == 0)
		return t->need == NEED_EXPIRING ? "no class of the kind it needs" :
		    "no full course to come";
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].cert == (int)t->cert && cs->v[i].seats > 0)
			counted = true;
	return counted ? "every fitting class is full" :
	    "the fitting classes give no seat count";
}

void
schedule_plan(const struct classes *cs, const struct conf *c,
    const struct people *pp, day_t today, const struct to_train *v,
    size_t n, struct place *out)
{
	long *left;
	size_t i, fit[1];

	for (i = 0; i < n; i++)
		out[i] = (struct place){ .state = PLACE_NONE, .cls = -1,
		    .day = DAY_NONE, .minute = -1 };
	if (cs == NULL || !cs->calendar)
		return;
	left = xcalloc(cs->n + 1, sizeof(*left));
	for (i = 0; i < cs->n; i++)
		left[i] = cs->v[i].seats;
	for (i = 0; i < n; i++) {
		const struct to_train *t = &v[i];
		const struct class_booking *b = classes_booking(cs, t->person,
		    t->cert);
		struct place *pl = &out[i];

		if (b != NULL && !b->no_show && !b->completed) {
			pl->state = PLACE_BOOKED;
			pl->cls = b->cls;
			pl->title = b->cls >= 0 ? cs->v[b->cls].title :
			    b->course;
			pl->day = b->day;
			pl->minute = b->cls >= 0 ? cs->v[b->cls].minute : -1;
		} else if (classes_fitting(cs, c, pp, t->person, t->cert,
		    today, fit, 1, left) == 1) {
			pl->state = PLACE_PLANNED;
			pl->cls = (long)fit[0];
			pl->title = cs->v[fit[0]].title;
			pl->day = cs->v[fit[0]].day;
			pl->minute = cs->v[fit[0]].minute;
			left[fit[0]]--;
		} else {
			pl->state = PLACE_UNPLACED;
			pl->why = why_unplaced(cs, c, pp, today, t);
			continue;
		}
		/* the day to train by has a meaning while it is to come; a
		 * class is in time when it is over by then */
		pl->late = (pl->cls >= 0 ? classes_done(&cs->v[pl->cls]) :
		    pl->day) > t->train_by && (t->need == NEED_EXPIRING ||
		    t->train_by > today);
	}
	free(left);
}

void
schedule_place_note(const struct place *pl, char *buf, size_t size)
{
	switch (pl->state) {
	case PLACE_NONE:
		snprintf(buf, size, "%s", "");
		break;
	case PLACE_BOOKED:
	case PLACE_PLANNED:
		snprintf(buf, size, "%s%s", pl->state == PLACE_BOOKED ?
		    "booked" : "planned", pl->late ? ", after the deadline" :
		    "");
		break;
	case PLACE_UNPLACED:
		snprintf(buf, size, "not placed: %s", pl->why);
		break;
	}
}

void
schedule_place_start(const struct place *pl, char *buf, size_t size)
{
	char d[DATE_ISO_LEN];

	if (pl->day == DAY_NONE)
		snprintf(buf, size, "%s", "");
	else if (pl->minute < 0)
		snprintf(buf, size, "%s", date_iso(pl->day, d));
	else
		snprintf(buf, size, "%s %02d:%02d", date_iso(pl->day, d),
		    pl->minute / 60, pl->minute % 60);
}
