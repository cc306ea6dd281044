/*
 * strbuf: a growable NUL-terminated string, and printf into a new one.
 */
#ifndef CERTMINDER_STRBUF_H
#define CERTMINDER_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* Growable NUL-terminated string.  A zeroed struct is an empty builder. */
struct strbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
/* Makes room for extra more bytes and the NUL. */
void	 sb_reserve(struct strbuf *, size_t extra);
void	 sb_addn(struct strbuf *, const char *, size_t);
void	 sb_add(struct strbuf *, const char *);
void	 sb_addc(struct strbuf *, char);
void	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vprintf(struct strbuf *, const char *, va_list);
void	 sb_reset(struct strbuf *);
void	 sb_free(struct strbuf *);
/* Returns the string (never NULL) and leaves the builder empty. */
char	*sb_steal(struct strbuf *);
/* Returns the current contents, "" for an empty builder. */
const char *sb_str(const struct strbuf *);
/* A new string from printf-style arguments; never NULL. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

#endif
