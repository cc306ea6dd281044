/* people: ids as the key of the join. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "unit.h"

/* People found by id, with and without leading zeros, across growth. */
static void
test_people_ids(void **state)
{
	struct people pp;
	char buf[16];
	bool existed;
	uint32_t i, idx;

	(void)state;
	people_init(&pp, 2, true);
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), " %06u ", i + 1);
		idx = people_add(&pp, buf, strlen(buf), &existed);
		assert_false(existed);
		assert_int_equal(idx, i);
	}
	assert_int_equal(people_add(&pp, "42", 2, &existed), 41);
	assert_true(existed);
	assert_int_equal(people_find(&pp, "0000042", 7), 41);
	assert_string_equal(pp.v[41].id, "000042");
	assert_int_equal(people_find(&pp, "3001", 4), NO_PERSON);
	/* an id written alike, or but for zeros, finds its person */
	assert_int_equal(people_find(&pp, " 00042 ", 7), 41);
	assert_int_equal(people_find(&pp, "420", 3), 419);
	assert_int_equal(people_find(&pp, "4", 1), 3);
	people_free(&pp);
	people_init(&pp, 2, false);
	people_add(&pp, "007", 3, &existed);
	assert_int_equal(people_find(&pp, "007", 3), 0);
	assert_int_equal(people_find(&pp, "7", 1), NO_PERSON);
	people_free(&pp);
}

/* Room made for people first: adding that many grows nothing, the
 * expiries start empty, and more than that still fit. */
static void
test_people_reserve(void **state)
{
	struct people pp;
	char buf[16];
	bool existed;
	uint32_t i;
	struct person *v;
	size_t slots;

	(void)state;
	people_init(&pp, 2, false);
	people_reserve(&pp, 1000);
	v = pp.v;
	slots = pp.ids.cap;
	assert_true(pp.cap >= 1000);
	for (i = 0; i < 1000; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		assert_int_equal(people_add(&pp, buf, strlen(buf), &existed), i);
	}
	assert_ptr_equal(pp.v, v);
	assert_int_equal(pp.ids.cap, slots);
	assert_int_equal(*people_expires(&pp, 999, 1), DAY_NONE);
	/* a smaller reservation changes nothing */
	people_reserve(&pp, 10);
	assert_ptr_equal(pp.v, v);
	for (; i < 1500; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		assert_int_equal(people_add(&pp, buf, strlen(buf), &existed), i);
	}
	for (i = 0; i < 1500; i += 7) {
		snprintf(buf, sizeof(buf), "%u", i);
		assert_int_equal(people_find(&pp, buf, strlen(buf)), i);
	}
	people_free(&pp);
}

/* The people grouped by agency keep roster order within each; course
 * titles are kept once each. */
static void
test_by_agency_and_titles(void **state)
{
	static const char *const agency[] = { "B", "A", "B", "C", "A", "B" };
	static const uint32_t want[] = { 0, 2, 5, 1, 4, 3 };
	struct people pp;
	uint32_t *order, i;
	size_t *first;
	char id[8];
	bool existed;

	(void)state;
	people_init(&pp, 1, false);
	for (i = 0; i < 6; i++) {
		uint32_t v;

		snprintf(id, sizeof(id), "%u", i);
		v = people_add(&pp, id, strlen(id), &existed);
		pp.v[v].agency = people_agency(&pp, agency[i]);
	}
	people_by_agency(&pp, &order, &first);
	assert_int_equal(pp.nagencies, 3);		/* B, A, C */
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 3);
	assert_int_equal(first[2], 5);
	assert_int_equal(first[3], 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(order[i], want[i]);
	free(order);
	free(first);
	assert_int_equal(people_title(&pp, "MHFA-PS", 7), 0);
	assert_int_equal(people_title(&pp, "CIT 40", 6), 1);
	assert_int_equal(people_title(&pp, "MHFA-PS and more", 7), 0);
	assert_int_equal(pp.ntitles, 2);
	assert_string_equal(pp.titles[1], "CIT 40");
	people_free(&pp);
}

/* A unit many people share is kept once; a column of one value a person
 * stops being shared at PEOPLE_SHARED_MAX and is copied instead. */
static void
test_people_shared(void **state)
{
	struct people pp;
	const char *a, *b;
	char buf[16];
	size_t i;

	(void)state;
	people_init(&pp, 1, false);
	a = people_shared(&pp, "Patrol", 6);
	b = people_shared(&pp, "Patrol Division", 6);
	assert_ptr_equal(a, b);
	assert_string_equal(a, "Patrol");
	b = people_shared(&pp, "Traffic", 7);
	assert_ptr_not_equal(a, b);
	assert_string_equal(b, "Traffic");
	assert_int_equal(pp.nshared, 2);
	for (i = 0; i < PEOPLE_SHARED_MAX; i++) {
		snprintf(buf, sizeof(buf), "Unit %zu", i);
		b = people_shared(&pp, buf, strlen(buf));
		assert_string_equal(b, buf);
	}
	assert_int_equal(pp.nshared, PEOPLE_SHARED_MAX);
	/* past the limit: copies, each as written; the first still shared */
	b = people_shared(&pp, "Unit 99999", 10);
	assert_ptr_not_equal(b, people_shared(&pp, "Unit 99999", 10));
	assert_string_equal(b, "Unit 99999");
	assert_ptr_equal(a, people_shared(&pp, "Patrol", 6));
	people_free(&pp);
}

/* A key's id: after the agency's name and its separator, or all of it. */
static void
test_key_id(void **state)
{
	(void)state;
	assert_string_equal(people_key_id("0042"), "0042");
	assert_string_equal(people_key_id("Riverton PD" "\x1f" "0042"),
	    "0042");
	assert_string_equal(people_key_id("\x1f" "7"), "7");
}

/* One way to write an agency's key: the map's, a person's and a
 * supervisor's are the same text, so a supervisor is found by it. */
static void
test_join_key(void **state)
{
	struct people pp;
	char buf[32], agency[200];
	const char *k;
	bool existed;
	uint32_t v;

	(void)state;
	assert_string_equal(people_join_key(buf, "Riverton PD", 11, "0042", 4),
	    "Riverton PD" "\x1f" "0042");
	assert_string_equal(people_join_key(buf, "", 0, "7", 1), "\x1f" "7");
	people_init(&pp, 1, true);
	pp.agency_scope = true;
	/* a name longer than the lookup's buffer on the stack */
	memset(agency, 'A', sizeof(agency) - 1);
	agency[sizeof(agency) - 1] = '\0';
	v = people_add_in(&pp, agency, strlen(agency), " 0042 ", 6, &existed);
	assert_false(existed);
	k = people_keep_key(&pp, agency, strlen(agency), "0042", 4);
	assert_int_equal(people_find_key(&pp, k), v);
	assert_string_equal(pp.v[v].key, k);
	assert_string_equal(people_key_id(k), "0042");
	assert_int_equal(people_find_in(&pp, agency, strlen(agency), "42", 2),
	    v);
	assert_int_equal(people_find_in(&pp, "Other PD", 8, "42", 2),
	    NO_PERSON);
	people_free(&pp);
}

/* An agency named by a person: exactly, else without regard to case and
 * runs of spaces; exactly wins over a near one. */
static void
test_agency_named(void **state)
{
	struct people pp;
	uint32_t a = 99;

	(void)state;
	people_init(&pp, 1, false);
	people_agency(&pp, "North PD");
	people_agency(&pp, "NORTH  PD ");
	people_agency(&pp, "South PD");
	assert_true(people_agency_named(&pp, "NORTH  PD ", &a));
	assert_int_equal(a, 1);
	assert_true(people_agency_named(&pp, "north pd", &a));
	assert_int_equal(a, 0);
	assert_true(people_agency_named(&pp, " south\tPD", &a));
	assert_int_equal(a, 2);
	assert_false(people_agency_named(&pp, "Nowhere PD", &a));
	assert_false(people_agency_named(&pp, "North", &a));
	people_free(&pp);
}

/* A million people in 96 MB (make bench's 1,000,000 set stays under its
 * 250 MB with this). */
static void
test_person_size(void **state)
{
	(void)state;
	assert_true(sizeof(struct person) <= 96);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_people_ids),
		cmocka_unit_test(test_people_reserve),
		cmocka_unit_test(test_by_agency_and_titles),
		cmocka_unit_test(test_people_shared),
		cmocka_unit_test(test_person_size),
		cmocka_unit_test(test_key_id),
		cmocka_unit_test(test_join_key),
		cmocka_unit_test(test_agency_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
