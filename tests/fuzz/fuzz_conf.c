/* Fuzzes the config loader: any text is a configuration or a clear error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "../common/fuzzput.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct conf c;
	char *err = NULL;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz-conf-%d", (int)getpid());
	fuzz_put(path, data, size);
	conf_defaults(&c);
	if (conf_load(&c, path, &err) < 0) {
		if (err == NULL || strncmp(err, path, strlen(path)) != 0)
			abort();	/* every error names the file */
		free(err);
	} else if (c.ncerts == 0 || c.nstages == 0)
		abort();
	conf_free(&c);
	return 0;
}
