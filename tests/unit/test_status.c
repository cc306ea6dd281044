/*
 * status: each module's status turned into the exit code cron and
 * systemd see, as certminder(1) lists them.
 */
#include <sysexits.h>

#include "status.h"
#include "unit.h"

static void
test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(input_exit(INPUT_OK), 0);
	assert_int_equal(input_exit(INPUT_UNREADABLE), 66);
	assert_int_equal(input_exit(INPUT_UNUSABLE), 65);
	assert_int_equal(input_exit(INPUT_NOMEM), 70);
	assert_int_equal(ledger_exit(LEDGER_OK), 0);
	assert_int_equal(ledger_exit(LEDGER_BUSY), 75);
	assert_int_equal(ledger_exit(LEDGER_UNUSABLE), 73);
	assert_int_equal(deliver_exit(DELIVER_DONE), 0);
	assert_int_equal(deliver_exit(DELIVER_DEFERRED), 75);
	assert_int_equal(deliver_exit(DELIVER_SERVER_DOWN), 75);
	assert_int_equal(deliver_exit(DELIVER_REFUSED), 69);
	assert_int_equal(deliver_exit(DELIVER_LEDGER_FAILED), 73);
	/* the numbers are sysexits' */
	assert_int_equal(EX_CANTCREAT, 73);
	assert_int_equal(EX_TEMPFAIL, 75);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
