#include <sysexits.h>

#include "status.h"

int
input_exit(enum input_status st)
{
	switch (st) {
	case INPUT_OK:
		return EX_OK;
	case INPUT_UNREADABLE:
		return EX_NOINPUT;
	case INPUT_UNUSABLE:
		return EX_DATAERR;
	case INPUT_NOMEM:
		break;
	}
	return EX_SOFTWARE;
}

int
ledger_exit(enum ledger_status st)
{
	switch (st) {
	case LEDGER_OK:
		return EX_OK;
	case LEDGER_BUSY:	/* another run: the next one picks up */
		return EX_TEMPFAIL;
	case LEDGER_UNUSABLE:
		break;
	}
	return EX_CANTCREAT;
}

int
deliver_exit(enum deliver_outcome o)
{
	switch (o) {
	case DELIVER_DONE:
		return EX_OK;
	case DELIVER_DEFERRED:
	case DELIVER_SERVER_DOWN:
		return EX_TEMPFAIL;
	case DELIVER_REFUSED:	/* will not mend by itself */
		return EX_UNAVAILABLE;
	case DELIVER_LEDGER_FAILED:
		break;
	}
	return EX_CANTCREAT;
}
