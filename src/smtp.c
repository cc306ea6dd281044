#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <netdb.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "smtp.h"
#include "strbuf.h"
#include "text.h"

struct smtp {
	CURL		*curl;
	const struct conf *conf;
	char		*password;
	char		 errbuf[CURL_ERROR_SIZE];
	const char	*data;		/* the message being read by curl */
	size_t		 len;
	size_t		 pos;
	struct strbuf	 reply;		/* the server's last reply, its words */
	char		*url;		/* smtp.url with the greeting's name */
	bool		 must_login;	/* smtp.user is set */
	bool		 logged_in;	/* on this connection */
	bool		 no_login;	/* a message held back for want of it */
};

/* libcurl shows each line the server says: the last reply is kept, for
 * the ledger, the summary and the messages ("550 5.1.1 User unknown"). */
static int
debug_cb(CURL *curl, curl_infotype type, char *data, size_t size, void *ctx)
{
	struct smtp *s = ctx;
	size_t n = size;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT) {
		/* a greeting starts a session (again after STARTTLS), a
		 * login ends its want of one */
		if (size >= 4 && (strncasecmp(data, "EHLO", 4) == 0 ||
		    strncasecmp(data, "HELO", 4) == 0))
			s->logged_in = false;
		else if (size >= 4 && strncasecmp(data, "AUTH", 4) == 0)
			s->logged_in = true;
		return 0;
	}
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n > 200)
		n = 200;
	/* a refusal stays the answer: "221 Bye" to the QUIT after it is not */
	if (s->reply.len > 0 && (s->reply.s[0] == '4' || s->reply.s[0] == '5') &&
	    n > 0 && (data[0] == '2' || data[0] == '3'))
		return 0;
	sb_reset(&s->reply);
	sb_add_utf8_fixed(&s->reply, data, n);
	for (n = 0; n < s->reply.len; n++)	/* never a control character */
		if ((unsigned char)s->reply.s[n] < 0x20)
			s->reply.s[n] = ' ';
	return 0;
}

/* Reads the password file; refuses one others can read, as msmtp does.
 * The password passes through one buffer, wiped after use. */
static char *
read_password(const char *path, char **err)
{
	char buf[1024], *pw = NULL;
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || (st.st_mode & 077) != 0) {
		*err = xasprintf("%s: the password file must not be readable by "
		    "group or others (chmod 600)", path);
		close(fd);
		return NULL;
	}
	while (len < sizeof(buf) &&
	    (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len == sizeof(buf))
		*err = xasprintf("%s: the password is longer than %zu bytes", path,
		    sizeof(buf) - 1);
	else if (str_has_control(buf, len))
		*err = xasprintf("%s: the password holds a control character", path);
	else
		pw = xstrndup(buf, len);
	explicit_bzero(buf, sizeof(buf));
	return pw;
}

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct smtp *s = ctx;
	size_t n = size * nmemb;

	/* smtp.user set, and the server let nobody log in: the message is
	 * not sent unauthenticated (the server offered no AUTH) */
	if (s->must_login && !s->logged_in) {
		s->no_login = true;
		return CURL_READFUNC_ABORT;
	}
	if (n > s->len - s->pos)
		n = s->len - s->pos;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return n;
}

/*
 * The name to greet the server with (EHLO), which libcurl takes from the
 * URL's path: smtp.helo, else this host's fully qualified name, else the
 * domain of mail.from.  A bare short name ("vm") is refused by strict
 * servers and scored as spam.
 */
static char *
greeting_url(const struct conf *c)
{
	char host[256], *name = NULL, *path, *v = NULL, *url = NULL;
	const char *at;
	struct addrinfo hints, *ai = NULL;
	CURLU *h;

	if (c->smtp.helo != NULL)
		name = xstrdup(c->smtp.helo);
	else if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		memset(&hints, 0, sizeof(hints));
		hints.ai_flags = AI_CANONNAME;
		if (getaddrinfo(host, NULL, &hints, &ai) == 0 &&
		    ai->ai_canonname != NULL &&
		    strchr(ai->ai_canonname, '.') != NULL)
			name = xstrdup(ai->ai_canonname);
		else if (strchr(host, '.') != NULL)
			name = xstrdup(host);
		if (ai != NULL)
			freeaddrinfo(ai);
	}
	if (name == NULL && c->mail.from != NULL &&
	    (at = strrchr(c->mail.from, '@')) != NULL)
		name = xstrndup(at + 1, strcspn(at + 1, "> "));
	/* the URL as checked (conf_check), its path the name */
	path = xasprintf("/%s", name ? name : "localhost");
	if ((h = curl_url()) != NULL &&
	    curl_url_set(h, CURLUPART_URL, c->smtp.url, 0) == CURLUE_OK &&
	    curl_url_set(h, CURLUPART_PATH, path, CURLU_URLENCODE) ==
	    CURLUE_OK && curl_url_get(h, CURLUPART_URL, &v, 0) == CURLUE_OK)
		url = xstrdup(v);
	curl_free(v);
	curl_url_cleanup(h);
	free(path);
	free(name);
	return url != NULL ? url : xstrdup(c->smtp.url);
}

struct smtp *
smtp_open(const struct conf *c, char **err)
{
	struct smtp *s;
	const char *env;

	*err = NULL;
	s = xcalloc(1, sizeof(*s));
	s->conf = c;
	if (c->smtp.user != NULL) {
		if ((env = getenv("CERTMINDER_SMTP_PASSWORD")) != NULL)
			s->password = xstrdup(env);
		else if (c->smtp.password_file != NULL)
			s->password = read_password(c->smtp.password_file, err);
		else
			*err = xasprintf("%s: smtp.user is set but there is no "
			    "password: set smtp.password_file or "
			    "CERTMINDER_SMTP_PASSWORD", c->path);
		if (s->password == NULL) {
			free(s);
			return NULL;
		}
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (s->curl = curl_easy_init()) == NULL) {
		*err = xasprintf("cannot start libcurl");
		free(s->password);
		free(s);
		return NULL;
	}
	s->url = greeting_url(c);
	s->must_login = c->smtp.user != NULL;
	curl_easy_setopt(s->curl, CURLOPT_URL, s->url);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, (long)c->smtp.timeout_s);
	curl_easy_setopt(s->curl, CURLOPT_SERVER_RESPONSE_TIMEOUT,
	    (long)c->smtp.timeout_s);
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_TIME, (long)c->smtp.timeout_s);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (c->smtp.tls == TLS_STARTTLS)
		curl_easy_setopt(s->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYPEER,
	    c->smtp.tls_verify ? 1L : 0L);
	curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYHOST,
	    c->smtp.tls_verify ? 2L : 0L);
	if (c->smtp.ca_file != NULL)
		curl_easy_setopt(s->curl, CURLOPT_CAINFO, c->smtp.ca_file);
	if (c->smtp.user != NULL) {
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, c->smtp.user);
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, s->password);
	}
	curl_easy_setopt(s->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_VERBOSE, 1L);
	return s;
}

/*
 * What a transfer's end means.  A refusal of MAIL FROM, a 421 or a lost
 * connection is the server's, not a recipient's: the night stops.  A TLS
 * certificate, a missing STARTTLS or a refused login will not mend by
 * itself.  A 4xx or 5xx to RCPT or to the message is that recipient's.
 */
static enum smtp_result
classify(CURLcode rc, long code, const char *errbuf)
{
	switch (rc) {
	case CURLE_OK:
		return SMTP_OK;
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_AUTH_ERROR:
		return SMTP_REFUSED;
	case CURLE_SEND_ERROR:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_RECV_ERROR:
		break;
	default:
		return SMTP_UNREACHABLE;
	}
	if (code == 421 || code < 400 || code >= 600 ||
	    strncmp(errbuf, "MAIL failed", 11) == 0)
		return code >= 500 && code < 600 ? SMTP_SERVER_REFUSED :
		    SMTP_UNREACHABLE;
	return code < 500 ? SMTP_TEMPORARY : SMTP_PERMANENT;
}

enum smtp_result
smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const char *data, size_t len, char **answer)
{
	struct curl_slist *to = NULL;
	struct strbuf sb = { 0 };
	long code = 0;
	CURLcode rc;
	enum smtp_result r;

	/* Never hand curl an address it would pass on unchecked. */
	if (!addr_valid(from, strlen(from)) || !addr_valid(rcpt, strlen(rcpt))) {
		*answer = xstrdup("refused by certminder: not an address");
		return SMTP_PERMANENT;
	}
	to = curl_slist_append(NULL, rcpt);
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->errbuf[0] = '\0';
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	sb_reset(&s->reply);
	rc = curl_easy_perform(s->curl);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(to);
	r = s->no_login ? SMTP_REFUSED : classify(rc, code, s->errbuf);
	if (s->no_login) {
		*answer = xstrdup("the server offered no login (AUTH), and "
		    "smtp.user is set: nothing is sent unauthenticated");
		s->no_login = false;
		return r;
	}
	/* the server's own words where it said any, and curl's where the
	 * server's were not the end of it */
	if (s->reply.len > 0 && code >= 400)
		sb_add(&sb, sb_str(&s->reply));
	else if (rc != CURLE_OK) {
		sb_printf(&sb, "%s (curl %d)", s->errbuf[0] ? s->errbuf :
		    curl_easy_strerror(rc), (int)rc);
		if (s->reply.len > 0)
			sb_printf(&sb, "; the server last said \"%s\"",
			    sb_str(&s->reply));
	} else
		sb_add(&sb, s->reply.len > 0 ? sb_str(&s->reply) : "250");
	*answer = sb_steal(&sb);
	return r;
}

void
smtp_close(struct smtp *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);
	curl_global_cleanup();
	if (s->password != NULL) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	sb_free(&s->reply);
	free(s->url);
	free(s);
}
