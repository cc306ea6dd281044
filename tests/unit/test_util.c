#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "unit.h"
#include "util.h"

/* Keys looked up in a row buffer, kept as copies in an arena. */
static void
test_strmap_find_then_add(void **state)
{
	struct strmap m = { 0 };
	struct strmap_spot spot;
	struct arena a = { 0 };
	char buf[32];
	uint32_t v = 0;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "id-%d", i);
		assert_false(strmap_find(&m, buf, strlen(buf), &v, &spot));
		strmap_add(&m, &spot, arena_strdup(&a, buf), (uint32_t)i);
	}
	assert_int_equal(m.len, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "id-%d,more", i);
		/* a key in the middle of a buffer, by its length */
		assert_true(strmap_find(&m, buf, strchr(buf, ',') - buf, &v,
		    &spot));
		assert_int_equal(v, i);
	}
	assert_false(strmap_find(&m, "id-5000", 7, &v, &spot));
	assert_false(strmap_find(&m, "id-1", 3, &v, &spot));
	strmap_free(&m);
	arena_free(&a);
}

/* The map grown between the search and the add searches again. */
static void
test_strmap_grown_in_between(void **state)
{
	struct strmap m = { 0 };
	struct strmap_spot spot;
	uint32_t v;

	(void)state;
	assert_false(strmap_find(&m, "late", 4, &v, &spot));
	strmap_put(&m, "early", 5, 1);
	strmap_reserve(&m, 10000);
	strmap_add(&m, &spot, "late", 2);
	assert_true(strmap_get(&m, "late", 4, &v));
	assert_int_equal(v, 2);
	assert_true(strmap_get(&m, "early", 5, &v));
	assert_int_equal(v, 1);
	assert_int_equal(m.len, 2);
	strmap_free(&m);
}

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
	/* whether person i has an id: written alike, or but for zeros */
	assert_true(people_is(&pp, 41, "42", 2));
	assert_true(people_is(&pp, 41, " 00042 ", 7));
	assert_false(people_is(&pp, 41, "420", 3));
	assert_false(people_is(&pp, 41, "4", 1));
	assert_false(people_is(&pp, 42, "42", 2));
	people_free(&pp);
	people_init(&pp, 2, false);
	people_add(&pp, "007", 3, &existed);
	assert_true(people_is(&pp, 0, "007", 3));
	assert_false(people_is(&pp, 0, "7", 1));
	people_free(&pp);
}

/* Large blocks come from the huge-page path; growing keeps the contents. */
static void
test_big_allocations(void **state)
{
	size_t big = 6 * 1024 * 1024, i;
	unsigned char *p = xcalloc(big, 1), *q;

	(void)state;
	for (i = 0; i < big; i += 4096)
		assert_int_equal(p[i], 0);
	memset(p, 0xab, big);
	q = xrealloc(p, big * 2);
	assert_int_equal(q[0], 0xab);
	assert_int_equal(q[big - 1], 0xab);
	q = xrealloc(q, big + 1);	/* room already there: kept */
	assert_int_equal(q[big - 1], 0xab);
	q = xrealloc(q, 100);
	assert_int_equal(q[99], 0xab);
	free(q);
}

static void
test_arena(void **state)
{
	struct arena a = { 0 };
	char *s, *t, *big;

	(void)state;
	arena_reserve(&a, 1000);
	s = arena_strndup(&a, "hello, world", 5);
	t = arena_alloc(&a, 3);
	memcpy(t, "ab", 3);
	assert_string_equal(s, "hello");
	assert_string_equal(t, "ab");
	big = arena_alloc(&a, 200000);	/* larger than any block */
	memset(big, 'x', 200000);
	assert_string_equal(s, "hello");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_find_then_add),
		cmocka_unit_test(test_strmap_grown_in_between),
		cmocka_unit_test(test_people_ids),
		cmocka_unit_test(test_big_allocations),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
