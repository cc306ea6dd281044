#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "history.h"
#include "json.h"
#include "people.h"
#include "csvcell.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"

struct out {
	FILE			*fp;
	struct json		 j;		/* HISTORY_JSON's writer */
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

/* The ids of a digest's people (keys separated by LEDGER_ABOUT_SEP),
 * each without its agency: to the JSON array, or to sb separated by sep. */
static void
about(struct json *j, struct strbuf *sb, const char *sep, const char *keys)
{
	char agency[256], *copy = xstrdup(keys), *k, *next;
	const char *id;

	for (k = copy; k != NULL && *k; k = next) {
		next = strchr(k, LEDGER_ABOUT_SEP);
		if (next != NULL)
			*next++ = '\0';
		id = key_id(k, agency, sizeof(agency));
		if (j != NULL)
			json_str(j, NULL, id);
		else
			sb_printf(sb, "%s%s", sb->len ? sep : "", id);
	}
	free(copy);
}

/* A ledger's text, null for none. */
static const char *
or_null(const char *s)
{
	return *s ? s : NULL;
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
		struct strbuf ids = { 0 };

		about(NULL, &ids, ", ", f[LN_ABOUT]);
		fprintf(fp, "    about: %s\n", sb_str(&ids));
		sb_free(&ids);
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
	struct json *j = &o->j;

	o->n++;
	json_break(j, 4);
	json_object_tight(j, NULL);
	json_str(j, "night", f[LN_DAY]);
	json_str(j, "at", f[LN_AT]);
	json_str(j, "kind", f[LN_KIND]);
	json_str(j, "agency", or_null(agency));
	json_str(j, "id", or_null(id));
	json_str(j, "name", name_of(o, f[LN_PERSON]));
	json_str(j, "certification", or_null(f[LN_CERT]));
	json_str(j, "stage", or_null(f[LN_STAGE]));
	json_str(j, "expires", or_null(f[LN_EXPIRES]));
	json_str(j, "to", or_null(f[LN_TO]));
	json_str(j, "outcome", f[LN_OUTCOME]);
	json_str(j, "answer", or_null(f[LN_ANSWER]));
	json_str(j, "message_id", or_null(f[LN_MESSAGE_ID]));
	if (strcmp(f[LN_KIND], "digest") != 0)
		json_null(j, "about");
	else {
		json_array(j, "about");
		about(j, NULL, NULL, f[LN_ABOUT]);
		json_end(j);
	}
	json_end(j);
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

	struct strbuf ids = { 0 };

	fputs("notice", o->fp);
	csv_cells(o->fp, v, sizeof(v) / sizeof(v[0]));
	/* the ids a digest was about, space-separated, as one cell */
	about(NULL, &ids, " ", f[LN_ABOUT]);
	putc(',', o->fp);
	csv_cell(o->fp, sb_str(&ids));
	sb_free(&ids);
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
		o->n++;
		json_break(&o->j, 4);
		json_object_tight(&o->j, NULL);
		json_str(&o->j, "night", f[LR_DAY]);
		json_str(&o->j, "finished_at", f[LR_AT]);
		json_digits(&o->j, "exit", f[LR_EXIT]);
		json_str(&o->j, "outcome", f[LR_OUTCOME]);
		json_digits(&o->j, "active", f[LR_ACTIVE]);
		json_digits(&o->j, "sent", f[LR_SENT]);
		json_digits(&o->j, "deferred", f[LR_DEFERRED]);
		json_digits(&o->j, "failed", f[LR_FAILED]);
		json_str(&o->j, "message", or_null(f[LR_MESSAGE]));
		json_end(&o->j);
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

/* The notices' or the runs' array closed: on a line of its own after
 * its elements. */
static void
end_list(struct out *o)
{
	if (o->n > 0)
		json_end_break(&o->j, 2);
	else
		json_end(&o->j);
}

int
history_write(FILE *fp, struct ledger *l, const char *path, const char *id,
    bool zeros, const struct people *names, enum history_format format)
{
	struct out o = { .fp = fp, .format = format, .all = id == NULL,
	    .names = names };
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
		json_start(&o.j, fp);
		json_object(&o.j, NULL);
		json_break(&o.j, 2);
		json_int(&o.j, "schema", 1);
		json_break(&o.j, 2);
		json_str(&o.j, "ledger", path);
		json_break(&o.j, 2);
		json_str(&o.j, "person", id);
		json_break(&o.j, 2);
		json_str(&o.j, "name", name);
		json_break(&o.j, 2);
		json_array(&o.j, "notices");
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
	if (format == HISTORY_JSON) {
		end_list(&o);
		json_break(&o.j, 2);
		json_array(&o.j, "runs");
	}
	else if (format == HISTORY_TEXT)
		fprintf(fp, "%s\nRuns\n\n", o.n ? "" : id != NULL ? "  none: "
		    "nobody was told anything about this person\n" :
		    "  none\n");
	o.n = 0;
	if (ledger_each_run(l, one_run, &o) < 0)
		return -1;
	if (format == HISTORY_JSON) {
		end_list(&o);
		json_end_break(&o.j, 0);
		return json_finish(&o.j);
	}
	if (format == HISTORY_TEXT && o.n == 0)
		fputs("  none recorded\n", fp);
	return ferror(fp) ? -1 : 0;
}
