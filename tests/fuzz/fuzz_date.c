/* Fuzzes the date parser: every accepted date prints and parses back;
 * slashed orders and a strptime pattern on the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum date_format f;
	char buf[DATE_ISO_LEN];

	for (f = DATE_AUTO; f <= DATE_EU; f++) {
		day_t d = DAY_NONE, back = DAY_NONE;

		if (date_parse((const char *)data, size, f, &d) != DATE_OK)
			continue;
		date_iso(d, buf);
		if (date_parse(buf, strlen(buf), DATE_ISO, &back) != DATE_OK ||
		    back != d)
			abort();
		date_iso(date_add_months(d, 36), buf);
	}
	/* the order of a slashed date, and a strptime pattern */
	(void)date_slash_order((const char *)data, size);
	{
		day_t d;

		if (date_parse_pattern((const char *)data, size, "%d.%m.%Y %H:%M",
		    &d) == DATE_OK && date_iso(d, buf) == NULL)
			abort();
	}
	return 0;
}
