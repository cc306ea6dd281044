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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_people_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
