/*
 * Replays fuzz inputs without libFuzzer: each argument is a file or a
 * folder of files, given to LLVMFuzzerTestOneInput() one by one.  make check
 * runs the seed corpora and every kept crasher this way, under ASan/UBSan.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
one(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, k;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	do {
		if (n == cap)
			buf = realloc(buf, cap = cap ? cap * 2 : 65536);
		k = fread(buf + n, 1, cap - n, fp);
		n += k;
	} while (k > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, count = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &st) < 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			count += one(argv[i]) == 0;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			count += one(path) == 0;
		}
		closedir(d);
	}
	printf("%d inputs replayed\n", count);
	return 0;
}
