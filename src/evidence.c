/*
 * evidence: each counted person and certification with the training row
 * behind it.  The training reader keeps only the row's line per person and
 * certification (people.source); the cells come from a second reading of
 * the file, which must still hold the same person on each of those lines.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvread.h"
#include "csvcell.h"
#include "evidence.h"
#include "input.h"
#include "training.h"

struct counted {
	uint32_t	 line;
	uint32_t	 person;
	size_t		 cert;
};

struct evidence {
	struct input		 in;
	const struct report	*r;
	FILE			*fp;
	struct counted		*v;
	size_t			 n;
	size_t			 at;
	unsigned long		 changed;	/* a line that no longer fits */
};

static int
by_line(const void *a, const void *b)
{
	const struct counted *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->cert < y->cert ? -1 : x->cert > y->cert;
}

/* The people and certifications that count, by training line: a sworn
 * officer's valid record, and a selected non-sworn member's where the
 * certification is required of them. */
static size_t
counted_records(const struct report *r, struct counted **out)
{
	const struct conf *c = r->conf;
	const struct people *pp = r->people;
	struct counted *v = NULL;
	size_t n = 0, i, k;

	for (i = 0; i < pp->n; i++) {
		if (!report_has_person(r, (uint32_t)i))
			continue;
		for (k = 0; k < c->ncerts; k++) {
			uint32_t line = pp->source ?
			    people_source(pp, (uint32_t)i, k)->line : 0;

			if (line == 0 || !compliance_counts(c, pp, (uint32_t)i,
			    k, r->compliance->today))
				continue;
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n++] = (struct counted){ line, (uint32_t)i, k };
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), by_line);
	*out = v;
	return n;
}

static int
evidence_header(void *ctx, char *const *names, size_t n, bool *want)
{
	struct evidence *e = ctx;

	return training_map_header(&e->in, e->r->people, names, n, want);
}

/* A cell as exported (empty when the column is absent), and a comma. */
static void
cell(struct evidence *e, enum column col, char *const *field,
    const size_t *len)
{
	const char *v;
	size_t vlen;

	if ((v = input_raw(&e->in, col, field, len, &vlen)) != NULL)
		csv_cell_n(e->fp, v, vlen);
	putc(',', e->fp);
}

static void
evidence_row(void *ctx, unsigned long line, char *const *field,
    const size_t *len, size_t nf)
{
	struct evidence *e = ctx;
	const struct people *pp = e->r->people;
	const struct conf *c = e->r->conf;
	const char *id, *agency;
	size_t idlen, alen;
	char d[DATE_ISO_LEN];

	(void)nf;
	if (e->at < e->n && e->v[e->at].line < line && e->changed == 0)
		e->changed = e->v[e->at].line;	/* the row is gone */
	while (e->at < e->n && e->v[e->at].line < line)
		e->at++;
	for (; e->at < e->n && e->v[e->at].line == line; e->at++) {
		const struct counted *k = &e->v[e->at];
		const struct person *p = &pp->v[k->person];
		day_t exp = *people_expires(pp, k->person, k->cert);
		uint32_t found;

		id = input_raw(&e->in, COL_ID, field, len, &idlen);
		agency = input_raw(&e->in, COL_AGENCY, field, len, &alen);
		found = id == NULL ? NO_PERSON : pp->agency_scope ?
		    people_find_in(pp, agency, agency ? alen : 0, id, idlen) :
		    people_find(pp, id, idlen);
		if (found != k->person) {
			if (e->changed == 0)
				e->changed = line;
			continue;
		}
		csv_person(e->fp, pp, p);
		fprintf(e->fp, ",%s,", p->sworn ? "sworn" : "selected");
		csv_cell(e->fp, c->certs[k->cert].name);
		putc(',', e->fp);
		cell(e, COL_COURSE, field, len);
		fputs(people_source(pp, k->person, k->cert)->renewal ?
		    "renewal," : "course,", e->fp);
		cell(e, COL_CODE, field, len);
		cell(e, COL_COMPLETED, field, len);
		fprintf(e->fp, "%s,", exp == DAY_FOREVER ? "none" :
		    date_iso(exp, d));
		cell(e, COL_HOURS, field, len);
		cell(e, COL_PROVIDER, field, len);
		cell(e, COL_CERTIFICATE, field, len);
		csv_cell(e->fp, e->in.label);
		fprintf(e->fp, ",%lu\r\n", line);
	}
}

int
evidence_write(FILE *fp, const struct report *r, char **err)
{
	const struct conf *c = r->conf;
	struct evidence e = { .r = r, .fp = fp };
	struct csvread_handler h = { &e, evidence_header, evidence_row };
	struct csvread_result res;
	struct problems ps = { 0 };
	struct input_stats st = { 0 };
	int rc = 0;

	*err = NULL;
	e.n = counted_records(r, &e.v);
	input_init(&e.in, c, &c->training, r->training_file, &ps, &st);
	input_csv_limits(&e.in, &h);
	fputs("agency,id,name,counted_as,certification,course,course_kind,"
	    "code,completed,expires,hours,provider,certificate,file,line\r\n", fp);
	if (csvread_file(r->training_file, c->training.delimiter,
	    c->training.encoding, &h, &res) < 0 || res.status != CSVREAD_OK)
		*err = xasprintf("%s: cannot be read again for the evidence",
		    r->training_file);
	else if (e.changed != 0 || e.at < e.n)
		*err = xasprintf("%s: changed since it was counted (line %lu "
		    "no longer holds the record); run again",
		    r->training_file, e.changed ? e.changed :
		    (unsigned long)e.v[e.at].line);
	if (*err != NULL || ferror(fp))
		rc = -1;
	input_free(&e.in);
	input_stats_free(&st);
	problems_free(&ps);
	free(e.v);
	return rc;
}
