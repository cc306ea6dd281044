#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "history.h"
#include "people.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"

struct out {
	FILE			*fp;
	enum history_format	 format;
	bool			 all;		/* no id given: a person column */
	const struct people	*names;		/* NULL: none known */
	long			 n;		/* rows written so far */
};

/* The name of the person with this ledger key, or NULL. */
static const char *
name_of(const struct out *o, const char *key)
{
	uint32_t p;

	if (o->names == NULL || *key == '\0' ||
	    (p = people_find_key(o->names, key)) == NO_PERSON)
		return NULL;
	return o->names->v[p].name;
}

/* A key's agency part ("" when ids are not per agency) and its id. */
static const char *
key_id(const char *key, char *agency, size_t size)
{
	const char *id = people_key_id(key);
	size_t n = id == key ? 0 : (size_t)(id - key - 1);

	snprintf(agency, size, "%.*s", (int)str_utf8_cut(key, n, size - 1),
	    key);
	return id;
}

/* The ids of a digest's people (keys separated by LEDGER_ABOUT_SEP), each
 * without its agency, separated by sep; as JSON strings when json. */
static void
about(FILE *fp, const char *keys, const char *sep, bool json)
{
	char agency[256], *copy = xstrdup(keys), *k, *next;
	bool first = true;

	for (k = copy; k != NULL && *k; k = next) {
		next = strchr(k, LEDGER_ABOUT_SEP);
		if (next != NULL)
			*next++ = '\0';
		if (!first)
			fputs(sep, fp);
		first = false;
		if (json)
			json_string(fp, key_id(k, agency, sizeof(agency)));
		else
			fputs(key_id(k, agency, sizeof(agency)), fp);
	}
	free(copy);
}

static void
json_key(FILE *fp, const char *name, const char *v, bool comma)
{
	fprintf(fp, "\"%s\": ", name);
	json_string(fp, v);
	if (comma)
		fputs(", ", fp);
}

/* A number as JSON, null when the ledger holds none. */
static void
json_number(FILE *fp, const char *name, const char *v, bool comma)
{
	fprintf(fp, "\"%s\": %s%s", name, *v ? v : "null", comma ? ", " : "");
}

/* A reminder's stage, its days before the expiry, as "60 days". */
static const char *
stage_words(const char *stage, char *buf, size_t size)
{
	if (*stage == '\0')
		return "-";
	if (stage[strspn(stage, "0123456789")] != '\0')
		return stage;
	snprintf(buf, size, "%s days", stage);
	return buf;
}

static int
text_notice(struct out *o, const char *const *f)
{
	char agency[256], stage[32];
	const char *id = key_id(f[LN_PERSON], agency, sizeof(agency));
	FILE *fp = o->fp;

	if (o->n++ == 0) {
		fputs("NIGHT       ", fp);
		if (o->all)
			fputs("PERSON                      ", fp);
		fputs("KIND      CERT    STAGE    EXPIRES     OUTCOME      TO\n",
		    fp);
	}
	str_pad(fp, f[LN_DAY], 12);
	if (o->all) {
		struct strbuf who = { 0 };
		const char *name = name_of(o, f[LN_PERSON]);

		sb_printf(&who, "%s%s%s", *id ? id : "-", name ? " " : "",
		    name ? name : "");
		str_pad(fp, sb_str(&who), 27);
		putc(' ', fp);
		sb_free(&who);
	}
	str_pad(fp, f[LN_KIND], 10);
	str_pad(fp, *f[LN_CERT] ? f[LN_CERT] : "-", 8);
	str_pad(fp, stage_words(f[LN_STAGE], stage, sizeof(stage)), 9);
	str_pad(fp, *f[LN_EXPIRES] ? f[LN_EXPIRES] : "-", 12);
	str_pad(fp, f[LN_OUTCOME], 13);
	fprintf(fp, "%s\n", *f[LN_TO] ? f[LN_TO] : "(no address)");
	if (*agency)
		fprintf(fp, "    agency: %s\n", agency);
	if (strcmp(f[LN_OUTCOME], "sent") != 0 && *f[LN_ANSWER])
		fprintf(fp, "    server: %s\n", f[LN_ANSWER]);
	if (*f[LN_ABOUT]) {
		fputs("    about: ", fp);
		about(fp, f[LN_ABOUT], ", ", false);
		putc('\n', fp);
	}
	if (*f[LN_MESSAGE_ID])
		fprintf(fp, "    Message-ID: <%s>, %s\n", f[LN_MESSAGE_ID],
		    f[LN_AT]);
	else if (*f[LN_AT])
		fprintf(fp, "    at %s\n", f[LN_AT]);
	return 0;
}

static int
json_notice(struct out *o, const char *const *f)
{
	char agency[256];
	const char *id = key_id(f[LN_PERSON], agency, sizeof(agency));
	FILE *fp = o->fp;

	fputs(o->n++ ? ",\n    {" : "\n    {", fp);
	json_key(fp, "night", f[LN_DAY], true);
	json_key(fp, "at", f[LN_AT], true);
	json_key(fp, "kind", f[LN_KIND], true);
	json_key(fp, "agency", *agency ? agency : NULL, true);
	json_key(fp, "id", *id ? id : NULL, true);
	json_key(fp, "name", name_of(o, f[LN_PERSON]), true);
	json_key(fp, "certification", *f[LN_CERT] ? f[LN_CERT] : NULL, true);
	json_key(fp, "stage", *f[LN_STAGE] ? f[LN_STAGE] : NULL, true);
	json_key(fp, "expires", *f[LN_EXPIRES] ? f[LN_EXPIRES] : NULL, true);
	json_key(fp, "to", *f[LN_TO] ? f[LN_TO] : NULL, true);
	json_key(fp, "outcome", f[LN_OUTCOME], true);
	json_key(fp, "answer", *f[LN_ANSWER] ? f[LN_ANSWER] : NULL, true);
	json_key(fp, "message_id", *f[LN_MESSAGE_ID] ? f[LN_MESSAGE_ID] :
	    NULL, true);
	fputs("\"about\": ", fp);
	if (strcmp(f[LN_KIND], "digest") != 0)
		fputs("null", fp);
	else {
		putc('[', fp);
		about(fp, f[LN_ABOUT], ", ", true);
		putc(']', fp);
	}
	putc('}', fp);
	return 0;
}

/* The CSV's columns: a notice fills the first ones, a run the last. */
static const char csv_header[] = "record,night,at,agency,id,name,kind,"
    "certification,stage,expires,to,outcome,answer,message_id,about,exit,"
    "active,sent,deferred,failed,message\n";

static void
csv_cells(FILE *fp, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		putc(',', fp);
		csv_cell(fp, v[i]);
	}
}

static int
csv_notice(struct out *o, const char *const *f)
{
	char agency[256];
	const char *id = key_id(f[LN_PERSON], agency, sizeof(agency));
	const char *name = name_of(o, f[LN_PERSON]);
	const char *v[] = { f[LN_DAY], f[LN_AT], agency, id, name, f[LN_KIND],
	    f[LN_CERT], f[LN_STAGE], f[LN_EXPIRES], f[LN_TO], f[LN_OUTCOME],
	    f[LN_ANSWER], f[LN_MESSAGE_ID] };

	FILE *mem;
	char *ids = NULL;
	size_t len = 0;

	fputs("notice", o->fp);
	csv_cells(o->fp, v, sizeof(v) / sizeof(v[0]));
	/* the ids a digest was about, space-separated, as one cell */
	mem = open_memstream(&ids, &len);
	about(mem, f[LN_ABOUT], " ", false);
	fclose(mem);
	putc(',', o->fp);
	csv_cell(o->fp, ids);
	free(ids);
	fputs(",,,,,,\n", o->fp);	/* exit .. message: a run's */
	o->n++;
	return 0;
}

static int
one_notice(void *ctx, const char *const *f)
{
	struct out *o = ctx;

	switch (o->format) {
	case HISTORY_JSON:
		return json_notice(o, f);
	case HISTORY_CSV:
		return csv_notice(o, f);
	default:
		return text_notice(o, f);
	}
}

static int
one_run(void *ctx, const char *const *f)
{
	struct out *o = ctx;
	FILE *fp = o->fp;

	switch (o->format) {
	case HISTORY_JSON:
		fputs(o->n++ ? ",\n    {" : "\n    {", fp);
		json_key(fp, "night", f[LR_DAY], true);
		json_key(fp, "finished_at", f[LR_AT], true);
		json_number(fp, "exit", f[LR_EXIT], true);
		json_key(fp, "outcome", f[LR_OUTCOME], true);
		json_number(fp, "active", f[LR_ACTIVE], true);
		json_number(fp, "sent", f[LR_SENT], true);
		json_number(fp, "deferred", f[LR_DEFERRED], true);
		json_number(fp, "failed", f[LR_FAILED], true);
		json_key(fp, "message", *f[LR_MESSAGE] ? f[LR_MESSAGE] : NULL,
		    false);
		putc('}', fp);
		break;
	case HISTORY_CSV:
		fputs("run", fp);
		csv_cells(fp, &f[LR_DAY], 2);
		fputs(",,,,,,,,", fp);		/* agency .. to */
		csv_cells(fp, &f[LR_OUTCOME], 1);
		fputs(",,,", fp);		/* answer, message_id, about */
		csv_cells(fp, &f[LR_EXIT], 1);
		csv_cells(fp, &f[LR_ACTIVE], 4);
		csv_cells(fp, &f[LR_MESSAGE], 1);
		putc('\n', fp);
		break;
	default:
		if (o->n++ == 0)
			fputs("NIGHT       EXIT  OUTCOME    ACTIVE   SENT  "
			    "DEFERRED  FAILED  FINISHED\n", fp);
		fprintf(fp, "%-10s  %4s  %-9s  %6s  %5s  %8s  %6s  %s\n",
		    f[LR_DAY], f[LR_EXIT], f[LR_OUTCOME], f[LR_ACTIVE],
		    f[LR_SENT], f[LR_DEFERRED], f[LR_FAILED], f[LR_AT]);
		if (*f[LR_MESSAGE])
			fprintf(fp, "    %s\n", f[LR_MESSAGE]);
		break;
	}
	return 0;
}

int
history_write(FILE *fp, struct ledger *l, const char *path, const char *id,
    bool zeros, const struct people *names, enum history_format format)
{
	struct out o = { fp, format, id == NULL, names, 0 };
	const char *name = NULL, *key = id;
	uint32_t p;

	/* the roster's person, found as the night finds them: the ledger
	 * holds their key as the roster writes it ("000002" for "2") */
	if (id != NULL && names != NULL &&
	    (p = people_find(names, id, strlen(id))) != NO_PERSON) {
		name = names->v[p].name;
		key = names->v[p].key;
		zeros = false;
	}

	switch (format) {
	case HISTORY_JSON:
		fputs("{\n  \"schema\": 1,\n  ", fp);
		json_key(fp, "ledger", path, false);
		fputs(",\n  ", fp);
		json_key(fp, "person", id, false);
		fputs(",\n  ", fp);
		json_key(fp, "name", name, false);
		fputs(",\n  \"notices\": [", fp);
		break;
	case HISTORY_CSV:
		fputs(csv_header, fp);
		break;
	default:
		if (id != NULL && name != NULL)
			fprintf(fp, "Notices about %s, %s, in %s\n\n", id, name,
			    path);
		else if (id != NULL)
			fprintf(fp, "Notices about %s in %s\n\n", id, path);
		else
			fprintf(fp, "Notices in %s\n\n", path);
		break;
	}
	if (ledger_each_notice(l, key, zeros, one_notice, &o) < 0)
		return -1;
	if (format == HISTORY_JSON)
		fputs(o.n ? "\n  ],\n  \"runs\": [" : "],\n  \"runs\": [", fp);
	else if (format == HISTORY_TEXT)
		fprintf(fp, "%s\nRuns\n\n", o.n ? "" : id != NULL ? "  none: "
		    "nobody was told anything about this person\n" :
		    "  none\n");
	o.n = 0;
	if (ledger_each_run(l, one_run, &o) < 0)
		return -1;
	if (format == HISTORY_JSON)
		fputs(o.n ? "\n  ]\n}\n" : "]\n}\n", fp);
	else if (format == HISTORY_TEXT && o.n == 0)
		fputs("  none recorded\n", fp);
	return ferror(fp) ? -1 : 0;
}
