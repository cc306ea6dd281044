#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strbuf.h"
#include "template.h"
#include "text.h"

const char *const template_names[TMPL_MAX] = {
	"officer", "reminder", "expired", "missing", "digest", "summary",
	"letter"
};

/* The placeholders each template may use. */
static const char *const allowed[TMPL_MAX] = {
	[TMPL_OFFICER] = (" subject greeting name id items refresher_info "
	    "supervisor agency today "),
	[TMPL_REMINDER] = (" cert title expires when days_left advice stage "
	    "name agency today "),
	[TMPL_EXPIRED] = (" cert title expires ago days_ago advice name agency "
	    "today "),
	[TMPL_MISSING] = " cert title why advice name agency today ",
	[TMPL_DIGEST] = (" name count people_count people refresher_info "
	    "agency today "),
	[TMPL_SUMMARY] = " today status report failures ",
	[TMPL_LETTER] = (" agency date sworn certifications selected courses "
	    "period method status partnership policy enclosures signed_by "),
};

static const char *const builtin[TMPL_MAX] = {
	[TMPL_OFFICER] =
	    "Subject: {subject}\n"
	    "\n"
	    "Hello {greeting},\n"
	    "\n"
	    "{items}\n"
	    "{refresher_info}\n"
	    "\n"
	    "Questions? Reply to this message or ask {supervisor}.\n"
	    "\n"
	    "-- \n"
	    "{agency} training records (sent by certminder)\n",
	[TMPL_REMINDER] =
	    "Subject: Your {cert} certification expires on {expires}\n"
	    "\n"
	    "Your {title} certification expires on {expires}, {when}.\n"
	    "{advice}\n",
	[TMPL_EXPIRED] =
	    "Subject: Your {cert} certification expired on {expires}\n"
	    "\n"
	    "Your {title} certification expired on {expires}, {ago}.\n"
	    "{advice}\n",
	[TMPL_MISSING] =
	    "Subject: Please sign up for {cert} training\n"
	    "\n"
	    "The training records hold no {title} certification for you.\n"
	    "{why}\n"
	    "{advice}\n",
	[TMPL_DIGEST] =
	    "Subject: Training status of your team: attention needed for "
	    "{people_count}\n"
	    "\n"
	    "Hello {name},\n"
	    "\n"
	    "Attention is needed for {people_count} on your team: a "
	    "certification\n"
	    "that is expiring or expired, or one they need and do not hold.\n"
	    "\n"
	    "{people}\n"
	    "{refresher_info}\n"
	    "\n"
	    "-- \n"
	    "{agency} training records (sent by certminder)\n",
	[TMPL_SUMMARY] =
	    "Subject: Training compliance on {today}: {status}\n"
	    "\n"
	    "{report}"
	    "{failures}"
	    "-- \n"
	    "certminder\n",
	[TMPL_LETTER] =
	    "Subject: {agency}: the training requirements of the One Mind "
	    "Campaign pledge, as of {date}\n"
	    "\n"
	    "{agency} has {sworn} on its roster as of {date}.\n"
	    "\n"
	    "{certifications}"
	    "{selected}"
	    "Courses counted, with the officers and selected staff each "
	    "covers:\n"
	    "{courses}"
	    "\n"
	    "The trainings counted were completed {period}.\n"
	    "\n"
	    "Method: {method}\n"
	    "\n"
	    "{status}\n"
	    "\n"
	    "Partnership: {partnership}\n"
	    "\n"
	    "Policy: {policy}\n"
	    "\n"
	    "Enclosed: {enclosures}\n"
	    "\n"
	    "{signed_by}\n",
};

/* Checks every {placeholder} of text against the allowed list. */
static int
check(const char *text, enum tmpl_kind k, const char *file, int line0,
    char **err)
{
	const char *p;
	int line = line0;

	for (p = text; *p; p++) {
		const char *end;
		char word[40];
		size_t n;

		if (*p == '\n')
			line++;
		if (*p != '{')
			continue;
		if (p[1] == '{') {
			p++;
			continue;
		}
		end = strchr(p, '}');
		n = end ? (size_t)(end - p - 1) : 0;
		if (end == NULL || n == 0 || n + 3 > sizeof(word) ||
		    memchr(p + 1, '\n', n) != NULL) {
			*err = xasprintf("%s:%d: '{' without a placeholder name "
			    "and '}' (write '{{' for a brace)", file, line);
			return -1;
		}
		snprintf(word, sizeof(word), " %.*s ", (int)n, p + 1);
		if (strstr(allowed[k], word) == NULL) {
			*err = xasprintf("%s:%d: unknown placeholder {%.*s}; the %s "
			    "template knows {%s}", file, line, (int)n, p + 1,
			    template_names[k], allowed[k] + 1);
			return -1;
		}
		p = end;
	}
	return 0;
}

/* Splits "Subject: ...\n\nbody" into its parts. */
static int
split_into(const char *text, enum tmpl_kind k, char **subject, char **body,
    const char *file, char **err);

static int
split(const char *text, enum tmpl_kind k, struct templates *t,
    const char *file, char **err)
{
	return split_into(text, k, &t->subject[k], &t->body[k], file, err);
}

static int
split_into(const char *text, enum tmpl_kind k, char **subject, char **body,
    const char *file, char **err)
{
	const char *nl = strchr(text, '\n');
	size_t n;

	if (strncmp(text, "Subject:", 8) != 0 || nl == NULL) {
		*err = xasprintf("%s:1: the first line must be \"Subject: ...\"",
		    file);
		return -1;
	}
	n = (size_t)(nl - text) - 8;
	free((*subject));
	free((*body));
	(*subject) = xstrndup(text + 8, n);
	n = strlen((*subject));
	{
		const char *s = str_trim((*subject), &n);

		memmove((*subject), s, n);
		(*subject)[n] = '\0';
		if (n && (*subject)[n - 1] == '\r')
			(*subject)[n - 1] = '\0';
	}
	nl++;
	if (*nl == '\r')
		nl++;
	if (*nl == '\n')
		nl++;
	(*body) = xstrdup(nl);
	if (check((*subject), k, file, 1, err) < 0 ||
	    check((*body), k, file, 3, err) < 0)
		return -1;
	return 0;
}

static char *
slurp(FILE *fp)
{
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_addn(&sb, buf, n);
	return sb_steal(&sb);
}

static int load_per_cert(struct templates *, const char *, char **);

int
templates_load(struct templates *t, const char *dir, char **err)
{
	int k;

	memset(t, 0, sizeof(*t));
	*err = NULL;
	for (k = 0; k < TMPL_MAX; k++)
		if (split(builtin[k], k, t, "built-in", err) < 0)
			return -1;
	if (dir == NULL)
		return 0;
	for (k = 0; k < TMPL_MAX; k++) {
		struct strbuf path = { 0 };
		char *text;
		FILE *fp;
		int rc;

		sb_printf(&path, "%s/%s.txt", dir, template_names[k]);
		if ((fp = fopen(sb_str(&path), "r")) == NULL) {
			if (errno != ENOENT) {
				*err = xasprintf("%s: %s", sb_str(&path),
				    strerror(errno));
				sb_free(&path);
				return -1;
			}
			sb_free(&path);
			continue;
		}
		text = slurp(fp);
		fclose(fp);
		rc = split(text, k, t, sb_str(&path), err);
		free(text);
		sb_free(&path);
		if (rc < 0)
			return -1;
	}
	return load_per_cert(t, dir, err);
}

/* Files NAME-CERT.txt (reminder-CIT.txt) give one certification its own
 * text of a notice. */
static int
load_per_cert(struct templates *t, const char *dir, char **err)
{
	struct dirent *de;
	DIR *dp = opendir(dir);
	int k, rc = 0;

	if (dp == NULL)
		return 0;
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		for (k = TMPL_REMINDER; k <= TMPL_MISSING; k++) {
			size_t n = strlen(template_names[k]), len;
			const char *name = de->d_name;
			struct tmpl_override *o;
			struct strbuf path = { 0 };
			char *text;
			FILE *fp;

			len = strlen(name);
			if (strncmp(name, template_names[k], n) != 0 ||
			    name[n] != '-' || len <= n + 5 ||
			    strcmp(name + len - 4, ".txt") != 0)
				continue;
			sb_printf(&path, "%s/%s", dir, name);
			if ((fp = fopen(sb_str(&path), "r")) == NULL) {
				sb_free(&path);
				continue;
			}
			text = slurp(fp);
			fclose(fp);
			t->over = xreallocarray(t->over, t->nover + 1,
			    sizeof(*t->over));
			o = &t->over[t->nover++];
			memset(o, 0, sizeof(*o));
			o->kind = (enum tmpl_kind)k;
			o->cert = xstrndup(name + n + 1, len - n - 5);
			rc = split_into(text, (enum tmpl_kind)k, &o->subject,
			    &o->body, sb_str(&path), err);
			free(text);
			sb_free(&path);
		}
	}
	closedir(dp);
	return rc;
}

const char *
template_text(const struct templates *t, enum tmpl_kind k, const char *cert,
    bool subject)
{
	size_t i;

	for (i = 0; cert != NULL && i < t->nover; i++)
		if (t->over[i].kind == k && str_ieq(t->over[i].cert, cert))
			return subject ? t->over[i].subject : t->over[i].body;
	return subject ? t->subject[k] : t->body[k];
}

void
templates_free(struct templates *t)
{
	int k;

	size_t i;

	for (k = 0; k < TMPL_MAX; k++) {
		free(t->subject[k]);
		free(t->body[k]);
	}
	for (i = 0; i < t->nover; i++) {
		free(t->over[i].cert);
		free(t->over[i].subject);
		free(t->over[i].body);
	}
	free(t->over);
	memset(t, 0, sizeof(*t));
}

/*
 * A line of the text that holds placeholders and nothing else, all of them
 * empty ("{refresher_info}" unset), is left out with its line end: no
 * blank lines where a setting would go.
 */
char *
template_fill(const char *text, const struct tmpl_var *vars, size_t n)
{
	struct strbuf sb = { 0 };
	const char *p;
	size_t i, line = 0;
	bool only = true, any = false;	/* this line: placeholders only, any */

	for (p = text; *p; p++) {
		const char *end;

		if (*p == '\n') {
			if (any && only && sb.len == line) {
				any = false;	/* all empty: no line */
				continue;
			}
			sb_addc(&sb, '\n');
			line = sb.len;
			only = true;
			any = false;
			continue;
		}
		if (*p == '{' && p[1] == '{') {
			sb_addc(&sb, '{');
			p++;
			only = false;
			continue;
		}
		if (*p != '{' || (end = strchr(p, '}')) == NULL) {
			sb_addc(&sb, *p);
			only = false;
			continue;
		}
		any = true;
		for (i = 0; i < n; i++)
			if (strlen(vars[i].name) == (size_t)(end - p - 1) &&
			    strncmp(vars[i].name, p + 1, (size_t)(end - p - 1)) == 0)
				break;
		if (i < n) {
			sb_add(&sb, vars[i].value ? vars[i].value : "");
			p = end;
		} else {
			sb_addc(&sb, *p);
			only = false;
		}
	}
	return sb_steal(&sb);
}
