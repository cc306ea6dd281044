/*
 * log: what the night says to its administrator -- "certminder: ..." on
 * stderr, or to syslog with --syslog (or log.syslog in the configuration).
 * Only the night's steps (night.c) and the command line (main.c) speak;
 * every other module hands its words back (status.h).
 */
#ifndef CERTMINDER_LOG_H
#define CERTMINDER_LOG_H

#include <stdbool.h>

void	 log_to_syslog(bool);
/* One line, at LOG_ERR. */
void	 warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
