/*
 * input: what the roster's deciding columns (status, sworn, selected) say
 * about a person, a value at a time, and the values no list holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "people.h"
#include "unit.h"

struct sheet {
	struct conf		 conf;
	struct people		 people;
	struct problems		 problems;
	struct input_stats	 stats;
	struct input		 in;
};

static char *header[] = { "Employee ID", "Employee Type", "Status",
    "MHFA Selected" };

static void
sheet_open(struct sheet *s)
{
	static const enum column required[] = { COL_ID };
	bool want[4] = { false };

	memset(s, 0, sizeof(*s));
	conf_defaults(&s->conf);
	people_init(&s->people, s->conf.ncerts, false);
	input_init(&s->in, &s->conf, &s->conf.roster, "roster.csv",
	    &s->problems, &s->stats);
	assert_int_equal(input_map_header(&s->in, header, 4, want, required,
	    1), 0);
}

/* A roster row: id, type, status, selected. */
static const struct person *
row(struct sheet *s, unsigned long line, const char *type, const char *status,
    const char *selected)
{
	char id[16];
	char *field[4];
	size_t len[4], i;
	bool existed;
	uint32_t idx;

	snprintf(id, sizeof(id), "%lu", line);
	field[0] = id;
	field[1] = (char *)type;
	field[2] = (char *)status;
	field[3] = (char *)selected;
	for (i = 0; i < 4; i++)
		len[i] = strlen(field[i]);
	idx = people_add(&s->people, id, len[0], &existed);
	assert_false(existed);
	input_fill_person(&s->in, &s->people, idx, field, len, line);
	return &s->people.v[idx];
}

static void
sheet_close(struct sheet *s)
{
	input_free(&s->in);
	people_free(&s->people);
	problems_free(&s->problems);
	input_stats_free(&s->stats);
	conf_free(&s->conf);
}

/* The not-understood value of a column, and on how many rows. */
static unsigned long
unknown_rows(const struct sheet *s, enum column col, const char *value)
{
	size_t i;

	for (i = 0; i < s->in.nunknown; i++)
		if (s->in.unknown[i].col == col &&
		    strcmp(s->in.unknown[i].value, value) == 0)
			return s->in.unknown[i].rows;
	return 0;
}

/*
 * Values repeat down a column, in several spellings: each row reads as
 * the lists say, whether its value was met before or not, and a value no
 * list holds is counted on every row that has it.  Counted by hand: of
 * 3,000 rows, a status in six (Active, ACTIVE, Retired, on leave,
 * Suspended, active) and a type in four (Sworn Officer, Civilian, sworn,
 * Contractor).
 */
static void
test_deciding_values(void **state)
{
	static const char *status[] = { "Active", "ACTIVE ", "Retired",
	    "on  leave", "Suspended", "active" };
	static const bool active[] = { true, true, false, true, true, true };
	static const char *type[] = { "Sworn Officer", "Civilian", "sworn",
	    "Contractor" };
	static const bool sworn[] = { true, false, true, true };
	static const char *selected[] = { "Yes", "", "no", "maybe" };
	struct sheet s;
	unsigned long line, suspended = 0, contractor = 0, maybe = 0;

	(void)state;
	sheet_open(&s);
	for (line = 2; line < 3002; line++) {
		size_t a = line % 6, t = line % 4, k = line / 4 % 4;
		const struct person *p = row(&s, line, type[t], status[a],
		    selected[k]);

		assert_int_equal(p->active, active[a]);
		assert_int_equal(p->sworn, sworn[t]);
		/* selected is asked of non-sworn staff only */
		assert_int_equal(p->selected, !sworn[t] && k == 0);
		suspended += a == 4;
		contractor += t == 3 && active[a];
		maybe += !sworn[t] && k == 3 && active[a];
	}
	assert_int_equal(unknown_rows(&s, COL_STATUS, "Suspended"), suspended);
	assert_int_equal(unknown_rows(&s, COL_SWORN, "Contractor"), contractor);
	assert_int_equal(unknown_rows(&s, COL_SELECTED, "maybe"), maybe);
	assert_int_equal(s.in.nunknown, 3);
	sheet_close(&s);
}

/* More distinct values than are remembered: each still reads right. */
static void
test_many_values(void **state)
{
	struct sheet s;
	unsigned long line;
	char code[32];

	(void)state;
	sheet_open(&s);
	for (line = 2; line < 5002; line++) {
		const struct person *p;

		snprintf(code, sizeof(code), "Code %lu", line % 2500);
		p = row(&s, line, line % 2 ? "Civilian" : code,
		    line % 3 ? "Retired" : "Active", "");
		assert_int_equal(p->active, line % 3 == 0);
		assert_int_equal(p->sworn, line % 2 == 0);
	}
	/* the first 100 values not understood are listed, each on the one
	 * active row that has it (lines 6, 12, ...) */
	assert_int_equal(s.in.nunknown, 100);
	assert_int_equal(unknown_rows(&s, COL_SWORN, "Code 6"), 1);
	assert_int_equal(unknown_rows(&s, COL_SWORN, "Code 600"), 1);
	sheet_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deciding_values),
		cmocka_unit_test(test_many_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
