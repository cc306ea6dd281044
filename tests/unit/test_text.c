/* text: control characters, ASCII and UTF-8, checked several bytes at a
 * time; spaces, no-break ones too. */
#include <string.h>

#include "alloc.h"
#include "strbuf.h"
#include "text.h"
#include "unit.h"

static void
test_text_helpers(void **state)
{
	struct strbuf sb = { 0 };

	(void)state;
	assert_true(str_has_control("a\rb", 3));
	assert_true(str_has_control("a\0b", 3));
	assert_true(str_has_control("a\xc2\x85z", 4));	/* NEL */
	assert_false(str_has_control("Jos\xc3\xa9", 5));
	assert_true(str_is_utf8("\xd7\x90\xcc\x81", 4));
	assert_false(str_is_utf8("\xe9t\xe9", 3));
	assert_false(str_is_utf8("\xed\xa0\x80", 3));	/* a surrogate */
	assert_false(str_is_utf8("\xc0\xaf", 2));	/* overlong */
	/* long values are checked eight bytes at a time: every byte that is
	 * not printable ASCII is still found, wherever it stands */
	{
		static const char odd[] = { '\0', '\t', '\n', '\x1f', '\x7f',
		    '\x80', '\xc2', '\xff' };
		static const char name[] =
		    " ~Jos\xc3\xa9 O'Brien-Smith, Jr. (Unit 7) ~ ";
		char v[40];
		size_t pos, k;

		memset(v, 'a', sizeof(v));
		assert_false(str_has_control(v, sizeof(v)));
		assert_true(str_is_utf8(v, sizeof(v)));
		assert_false(str_has_control(name, sizeof(name) - 1));
		assert_true(str_is_utf8(name, sizeof(name) - 1));
		for (k = 0; k < NELEM(odd); k++)
			for (pos = 0; pos < sizeof(v); pos++) {
				memset(v, 'a', sizeof(v));
				v[pos] = odd[k];
				if (odd[k] == '\xc2' && pos + 1 < sizeof(v))
					v[pos + 1] = '\x85';	/* NEL */
				if (str_has_control(v, sizeof(v)) ==
				    (odd[k] == '\x80' || odd[k] == '\xff' ||
				    (odd[k] == '\xc2' && pos + 1 == sizeof(v))))
					fail_msg("byte %02x at %zu: control %d",
					    (unsigned char)odd[k], pos,
					    !str_has_control(v, sizeof(v)));
				if (str_is_utf8(v, sizeof(v)) !=
				    ((unsigned char)odd[k] < 0x80 ||
				    (odd[k] == '\xc2' && pos + 1 < sizeof(v))))
					fail_msg("byte %02x at %zu: utf-8",
					    (unsigned char)odd[k], pos);
			}
	}
	/* the ASCII an export starts with, wherever the first other byte
	 * stands against the 32-byte steps */
	{
		char v[100];
		size_t pos;

		memset(v, 'a', sizeof(v));
		assert_int_equal(str_ascii_len(v, sizeof(v)), sizeof(v));
		assert_int_equal(str_ascii_len(v, 0), 0);
		for (pos = 0; pos < sizeof(v); pos++) {
			memset(v, 'a', sizeof(v));
			v[pos] = '\x80';
			assert_int_equal(str_ascii_len(v, sizeof(v)), pos);
			v[pos] = '\x7f';	/* DEL is ASCII */
			assert_int_equal(str_ascii_len(v, sizeof(v)),
			    sizeof(v));
		}
	}
	sb_add_utf8_fixed(&sb, "a\xffz", 3);
	assert_string_equal(sb_str(&sb), "a\xef\xbf\xbdz");
	sb_free(&sb);
}

/* Spaces at the ends of a value, and inside it for words: a no-break
 * space, as a Windows-1252 export's 0xA0 reads in UTF-8, is one too. */
static void
test_spaces(void **state)
{
	const char *v;
	size_t n;

	(void)state;
	n = 11;
	v = str_trim("\xc2\xa0 1234\t\xc2\xa0 ", &n);
	assert_int_equal(n, 4);
	assert_memory_equal(v, "1234", 4);
	n = 9;				/* U+202F and U+2007 at the ends */
	v = str_trim("\xe2\x80\xaf" "abc" "\xe2\x80\x87", &n);
	assert_int_equal(n, 3);
	assert_memory_equal(v, "abc", 3);
	n = 4;				/* a lone byte of one is text */
	v = str_trim("\xa0" "ab" "\xc2", &n);
	assert_int_equal(n, 4);
	n = 6;				/* inside a value it stays */
	v = str_trim("a\xc2\xa0" "b\xc3\xa9", &n);
	assert_int_equal(n, 6);
	n = 0;
	str_trim("", &n);
	assert_int_equal(n, 0);
	assert_true(str_words_eq("Sworn\xc2\xa0", 7, "sworn"));
	assert_true(str_words_eq("Sworn\xc2\xa0\xc2\xa0Officer", 16,
	    "sworn officer"));
	assert_true(str_words_eq(" On \xe2\x80\xafLeave", 12, "on leave"));
	assert_false(str_words_eq("Sworn\xc2", 6, "sworn"));
	assert_false(str_words_eq("Swo\xc2\xa0rn", 7, "sworn"));
}

/* The word that agrees with a count: one for 1 alone. */
static void
test_plural(void **state)
{
	(void)state;
	assert_string_equal(plural(1, "person", "people"), "person");
	assert_string_equal(plural(0, "person", "people"), "people");
	assert_string_equal(plural(2, "is", "are"), "are");
	assert_string_equal(plural(-1, "day", "days"), "days");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_helpers),
		cmocka_unit_test(test_plural),
		cmocka_unit_test(test_spaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
