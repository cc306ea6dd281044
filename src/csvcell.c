#include <string.h>

#include "csvcell.h"

void
csv_cell_n(FILE *fp, const char *s, size_t n)
{
	bool formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r' || s[0] == '|');
	bool quote = formula;
	size_t i;

	for (i = 0; i < n && !quote; i++)
		quote = strchr(",\"\r\n;\t", s[i]) != NULL && s[i] != '\0';
	if (quote)
		putc('"', fp);
	if (formula)
		putc('\'', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	if (quote)
		putc('"', fp);
}

void
csv_cell(FILE *fp, const char *s)
{
	if (s != NULL)
		csv_cell_n(fp, s, strlen(s));
}

void
csv_person(FILE *fp, const struct people *pp, const struct person *p)
{
	csv_cell(fp, pp->agency[p->agency]);
	putc(',', fp);
	csv_cell(fp, p->id);
	putc(',', fp);
	csv_cell(fp, p->name);
}
