/* addr: which e-mail addresses certminder hands to the SMTP server. */
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "unit.h"

static void
test_addresses(void **state)
{
	static const char *const good[] = { "jane.doe@example.org",
	    "a@b", "o'brien+mhfa@pd.la-crosse.wi.us", "x_y@sub.example.com" };
	static const char *const bad[] = { "", "jane", "@example.org",
	    "jane@", "jane@@example.org", "jane doe@example.org",
	    "jane@example.org\r\nRCPT TO:<x@evil>", "<jane@example.org>",
	    "Jane <jane@example.org>", "jane.@example.org", ".jane@example.org",
	    "ja..ne@example.org", "jane@-example.org", "jane@example..org",
	    "jane@example.org.", "jane@exa_mple.org", "jane@ex ample.org",
	    "\"jane\"@example.org", "jane@example.org,bob@example.org",
	    "j\xc3\xa4ne@example.org" };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(good); i++)
		if (!addr_valid(good[i], strlen(good[i])))
			fail_msg("rejected '%s'", good[i]);
	for (i = 0; i < NELEM(bad); i++)
		if (addr_valid(bad[i], strlen(bad[i])))
			fail_msg("accepted '%s'", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
