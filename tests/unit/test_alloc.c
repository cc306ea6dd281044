/* alloc: checked allocation and the string arena. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "unit.h"

/* Large blocks come zeroed from xcalloc; growing keeps the contents. */
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
		cmocka_unit_test(test_big_allocations),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
