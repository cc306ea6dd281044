/*
 * status: the error contract, and the one place a failure becomes an exit
 * code.
 *
 * A module never prints, and never exits (alloc.c's exit 70 when memory
 * runs out aside).  A function that can fail says so in one of two ways:
 *
 *  - its module's status (enum input_status, ledger_status,
 *    deliver_outcome) where the caller must tell the failures apart, with
 *    the words in *err (allocated, the caller frees) or in the module's
 *    struct (struct delivery's counts and server_error);
 *  - 0, or -1 with the words in *err, or kept for ledger_error() (as
 *    errno is kept).  Ledger reads answer "none" and keep the failure,
 *    sticky as a stdio stream's error: ledger_read_failed().
 *
 * Every return value is used.  The night's steps (night.c) say the words
 * (log.h) and turn the status into the exit code with the functions
 * below, from <sysexits.h>: 0 done, 64 usage, 65 an export or a value not
 * understood, a brake, 66 an export or folder missing, 69 the server
 * refused for good, 70 a fault of certminder's, 73 the ledger or a report
 * file cannot be written or is damaged, 75 try again (busy, the server
 * down or deferring), 78 the configuration.
 */
#ifndef CERTMINDER_STATUS_H
#define CERTMINDER_STATUS_H

#include "deliver.h"
#include "input.h"
#include "ledger.h"

int	 input_exit(enum input_status);
int	 ledger_exit(enum ledger_status);
int	 deliver_exit(enum deliver_outcome);

#endif
