/*
 * Fuzzes CSV ingestion with its header mapping: the input is a roster and a
 * training file separated by a form feed, read with the default columns,
 * then everything downstream (compliance, the notice plan, every report,
 * the HTML page and the letter; the evidence's second reading must find
 * each counted record again).
 * First the whole input is read as CSV by csvread and by the reference
 * reading (libcsv alone over the whole text): where libcsv's strict mode
 * takes the text, the two must agree row for row (an abort otherwise).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"
#include "conf.h"
#include "evidence.h"
#include "csvread.h"
#include "html.h"
#include "input.h"
#include "letter.h"
#include "notice.h"
#include "people.h"
#include "report.h"
#include "roster.h"
#include "strbuf.h"
#include "strlist.h"
#include "template.h"
#include "training.h"
#include "../common/csvref.h"
#include "../common/fuzzput.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
all_columns(void *ctx, char *const *names, size_t n, bool *want)
{
	struct strbuf *sb = ctx;
	size_t i;

	sb_add(sb, "H");
	for (i = 0; i < n; i++) {
		want[i] = true;
		sb_printf(sb, "|%s", names[i]);
	}
	sb_addc(sb, '\n');
	return 0;
}

static void
each_row(void *ctx, unsigned long line, char *const *field, const size_t *len,
    size_t n)
{
	struct strbuf *sb = ctx;
	size_t i;

	(void)line;
	sb_add(sb, "L");
	for (i = 0; i < n; i++) {
		sb_addc(sb, '|');
		sb_addn(sb, field[i], len[i]);
	}
	sb_addc(sb, '\n');
}

/* csvread's reading of data against libcsv's, or an abort. */
static void
split_alike(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, ',', ';', '\t', '|' };
	char d = delims[size % 5];
	enum encoding enc = size & 2 ? ENC_CP1252 : ENC_UTF8;
	struct strbuf a = { 0 }, b = { 0 };
	struct csvread_handler h = { &a, all_columns, each_row };
	struct csvread_result res;
	int rc;

	csvread_buffer((const char *)data, size, d, enc, &h, &res);
	rc = csvref_read((const char *)data, size, res.delimiter, enc, &b);
	if (rc >= 0 && (rc != (int)res.status || a.len != b.len ||
	    memcmp(sb_str(&a), sb_str(&b), a.len) != 0))
		abort();
	sb_free(&a);
	sb_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char roster[64], training[64];
	const uint8_t *rest;
	size_t nrest, rn = fuzz_split(data, size, &rest, &nrest);
	struct conf c;
	struct people pp;
	struct problems ps = { 0 };
	struct input_stats rs = { 0 }, ts = { 0 };
	struct compliance cp;
	struct notice_plan np;
	struct strlist none = { 0 };
	char *err = NULL;
	day_t today = date_from_civil(2026, 11, 23);

	split_alike(data, size);
	if (roster[0] == '\0') {
		snprintf(roster, sizeof(roster), "/tmp/fuzz-roster-%d.csv",
		    (int)getpid());
		snprintf(training, sizeof(training), "/tmp/fuzz-training-%d.csv",
		    (int)getpid());
	}
	fuzz_put(roster, data, rn);
	fuzz_put(training, rest, nrest);
	conf_defaults(&c);
	c.id_ignore_leading_zeros = size & 1;
	c.roster.encoding = size & 2 ? ENC_CP1252 : ENC_UTF8;
	people_init(&pp, c.ncerts, c.id_ignore_leading_zeros);
	pp.keep_source = size & 4;
	if (roster_load(&c, roster, &pp, &ps, &rs, &err) == 0 &&
	    training_load(&c, training, today, false, &pp, &ps, &ts, &err) == 0) {
		struct report r = { .conf = &c, .people = &pp,
		    .compliance = &cp, .plan = &np, .roster_file = roster,
		    .training_file = training, .roster = &rs, .training = &ts,
		    .problems = &ps, .brakes = &none, .refusals = &none,
		    .last_delivery = DAY_NONE,
		    .warnings = &none };
		FILE *out = fopen("/dev/null", "w");
		char *why = NULL;

		compliance_compute(&c, &pp, today, &cp);
		notice_plan_build(&c, &pp, &cp, NULL, &np);
		report_json(out, &r);
		report_text(out, &r);
		report_csv(out, &r);
		report_schedule(out, &r);
		report_html(out, &r);
		/* the same file read again must hold every counted record */
		if (pp.keep_source && evidence_write(out, &r, &why) < 0 &&
		    why != NULL)
			abort();
		if (pp.keep_source) {
			struct templates t;
			char *terr = NULL;

			if (templates_load(&t, NULL, &terr) < 0)
				abort();
			letter_write(out, &r, &t);
			templates_free(&t);
		}
		fclose(out);
		notice_plan_free(&np);
		compliance_free(&cp);
	}
	free(err);
	input_stats_free(&ts);
	input_stats_free(&rs);
	problems_free(&ps);
	people_free(&pp);
	conf_free(&c);
	return 0;
}
