/* strmap: lookups by length, a lookup then an add, growth in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"
#include "unit.h"

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

/*
 * Keys of up to eight bytes are compared within their slot, longer ones
 * through the borrowed copy: every length around the boundary, keys that
 * share their first eight bytes, the empty key, all in a table crowded
 * enough to probe, grown, and held to a plain list of the keys.
 */
static void
test_strmap_short_and_long_keys(void **state)
{
	static const char *const base[] = { "", "1", "12", "1234567",
	    "12345678", "123456789", "1234567890123456", "12345678x",
	    "00012345", "0001234", "A\x1f" "12345", "North PD\x1f" "000123" };
	struct strmap m = { 0 };
	struct arena a = { 0 };
	char buf[40], *kept;
	uint32_t v;
	size_t i, j, n = sizeof(base) / sizeof(base[0]);

	(void)state;
	for (i = 0; i < n; i++)
		strmap_put(&m, arena_strdup(&a, base[i]), strlen(base[i]),
		    (uint32_t)i);
	/* and enough more to grow the table several times */
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "k%zu%s", i, i % 3 ? "" :
		    "-a-longer-key");
		strmap_put(&m, arena_strdup(&a, buf), strlen(buf),
		    (uint32_t)(n + i));
	}
	assert_int_equal(m.len, n + 3000);
	for (i = 0; i < n; i++) {
		assert_true(strmap_get(&m, base[i], strlen(base[i]), &v));
		assert_int_equal(v, i);
		/* no key is found by a prefix or an extension of it */
		for (j = 0; j < n; j++)
			if (j != i && strmap_get(&m, base[j], strlen(base[j]),
			    &v))
				assert_int_not_equal(v, i);
	}
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "k%zu%s", i, i % 3 ? "" :
		    "-a-longer-key");
		assert_true(strmap_get(&m, buf, strlen(buf), &v));
		assert_int_equal(v, n + i);
	}
	assert_false(strmap_get(&m, "123456", 6, &v));
	assert_false(strmap_get(&m, "12345678 ", 9, &v));
	assert_false(strmap_get(&m, "1234567890", 10, &v));
	/* a short key is in its slot: the borrowed copy is not read */
	kept = arena_strdup(&a, "B-77");
	strmap_put(&m, kept, 4, 77);
	memcpy(kept, "XXXX", 4);
	assert_true(strmap_get(&m, "B-77", 4, &v));
	assert_int_equal(v, 77);
	assert_false(strmap_get(&m, "XXXX", 4, &v));
	strmap_free(&m);
	arena_free(&a);
}

/* Colliding keys in a table of 64 slots: probing finds each, short and
 * long alike, and a miss stops at the first empty slot. */
static void
test_strmap_collisions(void **state)
{
	struct strmap m = { 0 };
	struct arena a = { 0 };
	char buf[32];
	uint32_t v;
	int i;

	(void)state;
	strmap_reserve(&m, 40);
	assert_int_equal(m.cap, 64);
	for (i = 0; i < 40; i++) {
		snprintf(buf, sizeof(buf), i % 2 ? "%d" : "key-number-%d", i);
		strmap_put(&m, arena_strdup(&a, buf), strlen(buf), (uint32_t)i);
	}
	assert_int_equal(m.cap, 64);
	for (i = 0; i < 40; i++) {
		snprintf(buf, sizeof(buf), i % 2 ? "%d" : "key-number-%d", i);
		assert_true(strmap_get(&m, buf, strlen(buf), &v));
		assert_int_equal(v, i);
		strmap_put(&m, arena_strdup(&a, buf), strlen(buf),
		    (uint32_t)(100 + i));
	}
	assert_int_equal(m.len, 40);
	assert_true(strmap_get(&m, "7", 1, &v));
	assert_int_equal(v, 107);
	assert_false(strmap_get(&m, "40", 2, &v));
	strmap_free(&m);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_short_and_long_keys),
		cmocka_unit_test(test_strmap_collisions),
		cmocka_unit_test(test_strmap_find_then_add),
		cmocka_unit_test(test_strmap_grown_in_between),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
