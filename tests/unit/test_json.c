/*
 * json: strings escaped once; the writer's commas, nesting and layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

static void
json_is(const char *s, const char *want)
{
	struct out o;

	json_string(out_open(&o), s);
	assert_string_equal(out_text(&o), want);
	out_close(&o);
}

static void
test_json_string(void **state)
{
	(void)state;
	json_is("Ana Diaz", "\"Ana Diaz\"");
	json_is("Jos\xc3\xa9", "\"Jos\xc3\xa9\"");	/* UTF-8 as it is */
	json_is("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"");
	json_is("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
	json_is("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	json_is("", "\"\"");
	json_is(NULL, "null");
}

/* Every byte: as it is, or escaped as the rule says. */
static void
test_every_byte(void **state)
{
	char in[2] = { 0, 0 }, want[16];
	int c;

	(void)state;
	for (c = 1; c < 256; c++) {
		in[0] = (char)c;
		if (c == '"' || c == '\\')
			snprintf(want, sizeof(want), "\"\\%c\"", c);
		else if (c == '\n' || c == '\r' || c == '\t')
			snprintf(want, sizeof(want), "\"\\%c\"", c == '\n' ?
			    'n' : c == '\r' ? 'r' : 't');
		else if (c < 0x20 || c == 0x7f)
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		else
			snprintf(want, sizeof(want), "\"%c\"", c);
		json_is(in, want);
	}
}

/* The writer: commas and nesting kept, the layout the caller's. */
static void
test_writer(void **state)
{
	struct json j;
	struct out o;

	(void)state;
	json_start(&j, out_open(&o));
	json_object(&j, NULL);
	json_break(&j, 2);
	json_int(&j, "schema", 1);
	json_break(&j, 2);
	json_day(&j, "today", D("2026-11-23"));
	json_break(&j, 2);
	json_array(&j, "people");
	json_break(&j, 4);
	json_object(&j, NULL);
	json_str(&j, "id", "7");
	json_int(&j, "days_left", -147);
	json_bool(&j, "sworn", true);
	json_day(&j, "expires", DAY_NONE);
	json_object(&j, "certs");
	json_object(&j, "MHFA");
	json_str(&j, "status", "current");
	json_end(&j);
	json_end(&j);
	json_array(&j, "to");
	json_end(&j);
	json_array(&j, "ids");
	json_str(&j, NULL, "a\"b");
	json_str(&j, NULL, NULL);
	json_end(&j);
	json_end(&j);
	json_break(&j, 4);
	json_object_tight(&j, NULL);
	json_digits(&j, "exit", "75");
	json_digits(&j, "sent", "");
	json_end(&j);
	json_end(&j);
	json_break(&j, 2);
	json_array(&j, "runs");
	json_break(&j, 4);
	json_int(&j, NULL, 1);
	json_end_break(&j, 2);
	json_break(&j, 2);
	json_null(&j, "brakes");
	json_end_break(&j, 0);
	assert_int_equal(json_finish(&j), 0);
	assert_string_equal(out_text(&o), "{\n"
	    "  \"schema\": 1,\n"
	    "  \"today\": \"2026-11-23\",\n"
	    "  \"people\": [\n"
	    "    { \"id\": \"7\", \"days_left\": -147, \"sworn\": true, "
	    "\"expires\": null, \"certs\": { \"MHFA\": { \"status\": "
	    "\"current\" } }, \"to\": [], \"ids\": [\"a\\\"b\", null] },\n"
	    "    {\"exit\": 75, \"sent\": null} ],\n"
	    "  \"runs\": [\n"
	    "    1\n"
	    "  ],\n"
	    "  \"brakes\": null\n"
	    "}\n");
	out_close(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_every_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
