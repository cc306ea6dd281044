/*
 * csvbare: libcsv alone parsing files, the baseline of `make bench`.
 * Counts fields and rows with empty callbacks; prints nothing else.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long fields, rows;

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	fields++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	(void)data;
	rows++;
}

int
main(int argc, char **argv)
{
	static char buf[256 * 1024];
	struct csv_parser p;
	int i;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		size_t n;

		if (fp == NULL || csv_init(&p, CSV_APPEND_NULL) != 0) {
			perror(argv[i]);
			return 1;
		}
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
				fprintf(stderr, "%s: %s\n", argv[i],
				    csv_strerror(csv_error(&p)));
				return 1;
			}
		csv_fini(&p, on_field, on_row, NULL);
		csv_free(&p);
		fclose(fp);
	}
	printf("%lu rows, %lu fields\n", rows, fields);
	return 0;
}
