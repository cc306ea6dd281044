/*
 * template: the texts of the mails, and of the pledge letter.  Each has a subject line and a body with
 * named placeholders such as {name} or {expires} ("{{" is a literal brace).
 * Built-in texts can be replaced by files NAME.txt in the configured
 * templates folder: "Subject: ..." on the first line, a blank line, the body.
 */
#ifndef CERTMINDER_TEMPLATE_H
#define CERTMINDER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

enum tmpl_kind {
	TMPL_OFFICER,	/* the message to an officer, around the items */
	TMPL_REMINDER,	/* one item: expiring */
	TMPL_EXPIRED,	/* one item: expired */
	TMPL_MISSING,	/* one item: missing */
	TMPL_DIGEST,	/* to a supervisor */
	TMPL_SUMMARY,	/* to the training coordinator */
	TMPL_LETTER,	/* --format letter: the chief's draft, not mailed */
	TMPL_MAX
};

/* A certification's own text of a notice: NAME-CERT.txt. */
struct tmpl_override {
	enum tmpl_kind	 kind;
	char		*cert;
	char		*subject;
	char		*body;
};

struct templates {
	char			*subject[TMPL_MAX];
	char			*body[TMPL_MAX];
	struct tmpl_override	*over;
	size_t			 nover;
};

struct tmpl_var {
	const char	*name;
	const char	*value;
};

extern const char *const template_names[TMPL_MAX];

/*
 * Loads the built-in texts and, when dir is not NULL, the files found
 * there.  Returns 0, or -1 with "FILE:LINE: reason" in *err (a placeholder
 * the template cannot have, a file without its Subject line).
 */
int	 templates_load(struct templates *, const char *dir, char **err);
void	 templates_free(struct templates *);
/* The subject or body of a kind of text, a certification's own (cert may
 * be NULL) when a file gave one. */
const char *template_text(const struct templates *, enum tmpl_kind,
	    const char *cert, bool subject);
/* Fills the placeholders; returns an allocated string. */
char	*template_fill(const char *text, const struct tmpl_var *, size_t n);

#endif
