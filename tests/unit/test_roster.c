/*
 * roster: an HR export into the people store.  Badge numbers reused on a
 * later row or in another agency, rows without a usable id, and what the
 * columns fill in; each case a small roster file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "people.h"
#include "roster.h"
#include "strbuf.h"
#include "unit.h"

#define HEADER	"Employee ID,First Name,Last Name,Email,Employee Type," \
		"Status,Supervisor ID,Unit,Agency\r\n"

struct run {
	struct conf		 conf;
	struct people		 people;
	struct problems		 problems;
	struct input_stats	 stats;
};

static void
load(struct run *r, const char *rows, bool agency_scope)
{
	char *text = xasprintf("%s%s", HEADER, rows), *err = NULL;
	char *path = temp_file(text, strlen(text));

	free(text);
	memset(r, 0, sizeof(*r));
	conf_defaults(&r->conf);
	r->conf.id_scope_agency = agency_scope;
	people_init(&r->people, r->conf.ncerts, false);
	r->people.agency_scope = agency_scope;
	assert_int_equal(roster_load(&r->conf, path, &r->people, &r->problems,
	    &r->stats, &err), INPUT_OK);
	assert_null(err);
	unlink(path);
	free(path);
}

static void
done(struct run *r)
{
	people_free(&r->people);
	problems_free(&r->problems);
	input_stats_free(&r->stats);
	conf_free(&r->conf);
}

/* The problems as "line: message" lines. */
static void
problems_are(const struct run *r, const char *want)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < r->problems.n; i++)
		sb_printf(&sb, "%lu: %s\n", r->problems.v[i].line,
		    r->problems.v[i].message);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

/* A person as the columns fill them in. */
static void
test_columns(void **state)
{
	struct run r;
	const struct person *p;

	(void)state;
	load(&r, "0042,Ana,Diaz,ana.diaz@pd.example,Sworn Officer,Active,"
	    "0007,Patrol,Riverton PD\r\n"
	    "0007,Sam,Okafor,sam@pd.example,Civilian,Retired,,Records,"
	    "Riverton PD\r\n", false);
	assert_int_equal(r.people.n, 2);
	assert_true(r.people.cap >= 2);
	p = &r.people.v[0];
	assert_string_equal(p->id, "0042");
	assert_string_equal(p->name, "Ana Diaz");
	assert_string_equal(p->email, "ana.diaz@pd.example");
	assert_true(p->sworn);
	assert_true(p->active);
	assert_string_equal(p->supervisor_id, "0007");
	assert_string_equal(p->unit, "Patrol");
	assert_string_equal(r.people.agency[p->agency], "Riverton PD");
	assert_int_equal(p->line, 2);
	p = &r.people.v[1];
	assert_false(p->sworn);
	assert_false(p->active);
	assert_null(p->supervisor_id);
	assert_int_equal(r.people.nagencies, 1);
	assert_int_equal(r.stats.rows, 2);
	problems_are(&r, "");
	done(&r);
}

/* A badge number reused on a later row: that row wins, said once per id;
 * in another agency it is two people in one, unless ids are per agency. */
static void
test_reused_ids(void **state)
{
	static const char rows[] =
	    "7,Ann,Lee,ann@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "8,Bo,Ruiz,bo@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "7,Ann,Lee-Park,ann.park@pd.example,Sworn,Active,,Patrol,"
	    "Riverton PD\r\n"
	    "7,Ann,Park,ann.p@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "8,Bea,Stone,bea@so.example,Sworn,Active,,Jail,Lake County SO\r\n";
	struct run r;

	(void)state;
	load(&r, rows, false);
	assert_int_equal(r.people.n, 2);
	assert_string_equal(r.people.v[0].name, "Ann Park");
	assert_int_equal(r.people.v[0].line, 5);
	assert_string_equal(r.people.v[1].name, "Bea Stone");
	assert_int_equal(r.stats.repeated_ids, 2);
	assert_int_equal(r.stats.cross_agency_ids, 1);
	problems_are(&r,
	    "4: id '7' appears again (also on line 2): this row wins\n"
	    "5: id '7' appears again (also on line 4): this row wins\n"
	    "6: id '8' is also in agency \"Riverton PD\" (line 3): two people "
	    "cannot share an id; if every agency numbers its own, set id_scope "
	    "= \"agency\"\n");
	done(&r);
	load(&r, rows, true);
	assert_int_equal(r.people.n, 3);
	assert_string_equal(r.people.v[2].name, "Bea Stone");
	assert_int_equal(people_find_in(&r.people, "Lake County SO", 14, "8",
	    1), 2);
	assert_int_equal(people_find_in(&r.people, "Riverton PD", 11, "8", 1),
	    1);
	problems_are(&r,
	    "4: id '7' appears again (also on line 2): this row wins\n"
	    "5: id '7' appears again (also on line 4): this row wins\n");
	done(&r);
}

/* Rows whose id cannot be used are refused, each with its reason. */
static void
test_refused_rows(void **state)
{
	struct run r;

	(void)state;
	load(&r, ",No,Id,x@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "  ,Blank,Id,y@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "9\x01,Odd,Id,z@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n"
	    "10,Good,Row,g@pd.example,Sworn,Active,,Patrol,Riverton PD\r\n",
	    false);
	assert_int_equal(r.people.n, 1);
	assert_int_equal(r.stats.rows, 4);
	assert_int_equal(r.stats.rejected, 3);
	problems_are(&r, "2: no id\n3: no id\n"
	    "4: the id holds a control character\n");
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_reused_ids),
		cmocka_unit_test(test_refused_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
