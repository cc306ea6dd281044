/*
 * csvsplit: the fields of a line without quotes, which must be libcsv's
 * fields for the same line: explicit cases, then random lines of the bytes
 * that steer a split, with every delimiter.
 */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvsplit.h"
#include "strbuf.h"
#include "unit.h"

/* "f1|f2|..." as csvsplit gives it. */
static void
split(const char *s, size_t n, char d, struct strbuf *out)
{
	struct csvsplit_field f[64];
	size_t i, nf = csvsplit(s, n, d, f, NELEM(f));

	assert_true(nf <= NELEM(f));
	for (i = 0; i < nf; i++) {
		if (i)
			sb_addc(out, '|');
		sb_addn(out, f[i].s, f[i].len);
	}
}

struct fields {
	struct strbuf	*out;
	size_t		 n;
};

static void
on_field(void *s, size_t len, void *ctx)
{
	struct fields *f = ctx;

	if (f->n++ > 0)
		sb_addc(f->out, '|');
	sb_addn(f->out, s, len);
}

static int
space_only(unsigned char c)
{
	return c == ' ';
}

/* The same line through libcsv, ended by a line feed. */
static void
libcsv_split(const char *s, size_t n, char d, struct strbuf *out)
{
	struct fields f = { out, 0 };
	struct csv_parser p;

	csv_init(&p, CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)d);
	if (d == '\t')
		csv_set_space_func(&p, space_only);
	assert_int_equal(csv_parse(&p, s, n, on_field, NULL, &f), n);
	assert_int_equal(csv_parse(&p, "\n", 1, on_field, NULL, &f), 1);
	csv_free(&p);
}

/* A line of spaces only: libcsv gives no row, and the reader never splits
 * one. */
static bool
blank(const char *s, size_t n, char d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (s[i] != '\t' || d == '\t'))
			return false;
	return true;
}

static void
expect(const char *line, char d, const char *want)
{
	struct strbuf out = { 0 };

	split(line, strlen(line), d, &out);
	assert_string_equal(sb_str(&out), want);
	sb_free(&out);
}

static void
test_cases(void **state)
{
	(void)state;
	expect("a,b,c", ',', "a|b|c");
	expect(" 7 , Ann ,x", ',', "7|Ann|x");
	expect("\t7\t,\tAnn\t", ',', "7|Ann");
	expect("a,", ',', "a|");
	expect(",", ',', "|");
	expect("a b,c  d", ',', "a b|c  d");
	expect("a\t\tb", '\t', "a||b");
	expect(" a \t b ", '\t', "a|b");
	expect("a;b,c", ';', "a|b,c");
	expect("x", ',', "x");
}

/* More fields than room: the count still comes back, nothing is written
 * past max. */
static void
test_room(void **state)
{
	struct csvsplit_field f[3] = { { NULL, 9 }, { NULL, 9 }, { NULL, 9 } };

	(void)state;
	assert_int_equal(csvsplit("a,b,c,d,e", 9, ',', f, 2), 5);
	assert_int_equal(f[1].len, 1);
	assert_null(f[2].s);
}

static void
test_random_lines_against_libcsv(void **state)
{
	static const char bytes[] = "ab ,;\t|\xe9 x";
	static const char delims[] = { ',', ';', '\t', '|' };
	struct strbuf line = { 0 }, a = { 0 }, b = { 0 };
	unsigned seed = 11, i, k, n;

	(void)state;
	for (i = 0; i < 20000; i++) {
		char d = delims[i % 4];

		sb_reset(&line);
		n = 1 + (unsigned)rand_r(&seed) % 40;
		for (k = 0; k < n; k++)
			sb_addc(&line, bytes[(unsigned)rand_r(&seed) %
			    (sizeof(bytes) - 1)]);
		if (blank(line.s, line.len, d))
			continue;
		sb_reset(&a);
		sb_reset(&b);
		split(line.s, line.len, d, &a);
		libcsv_split(line.s, line.len, d, &b);
		if (strcmp(sb_str(&a), sb_str(&b)) != 0)
			fail_msg("'%s' (delimiter %d): csvsplit '%s', libcsv "
			    "'%s'", line.s, d, sb_str(&a), sb_str(&b));
	}
	sb_free(&line);
	sb_free(&a);
	sb_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_random_lines_against_libcsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
