/* Shared by the unit tests: cmocka and a date helper. */
#ifndef CERTMINDER_UNIT_H
#define CERTMINDER_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"

static inline day_t
D(const char *iso)
{
	day_t d = DAY_NONE;

	assert_int_equal(date_parse(iso, __builtin_strlen(iso), DATE_ISO, &d),
	    DATE_OK);
	return d;
}

#endif
