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
