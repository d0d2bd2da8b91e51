/* Standalone driver: runs a harness's LLVMFuzzerTestOneInput on files and directories, without a
 * fuzzing engine. This is how the corpora run as ordinary tests.
 *
 * usage: TARGET-replay [--seeds] PATH... [--inputs PATH...]
 *   --seeds   the following files must be accepted (the harness decoded and checked them):
 *             the generated seed corpus, where a rejected seed is a bug (of the C codec or of
 *             the Python instance builder)
 *   --inputs  the following files must only not crash (regression inputs, found inputs)
 * A directory stands for its regular files, in name order; a missing directory is skipped.
 * Prints "N passed, N failed"; exits 1 when a seed was rejected. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iowf.h"

static unsigned passed, failed;

static int run_file(const char *path, int must_accept)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	unsigned long before;

	if (!f) {
		perror(path);
		failed++;
		return -1;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			cap = cap ? 2 * cap : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + len, 1, cap - len, f);
		if (!got)
			break;
		len += got;
	}
	fclose(f);
	/* An exact-size copy, so that a read past the end is caught by the sanitizers. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact)
			abort();
		memcpy(exact, buf, len);
		free(buf);
		buf = exact;
	}
	before = iowf_accepted;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	if (must_accept && iowf_accepted == before) {
		printf("not ok - %s: seed rejected\n", path);
		failed++;
		return -1;
	}
	passed++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path, int must_accept)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (stat(path, &st)) {
		printf("# %s: not there, skipped\n", path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path, must_accept);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		perror(path);
		failed++;
		return;
	}
	while ((e = readdir(dir))) {
		char *full;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		len = strlen(path) + strlen(e->d_name) + 2;
		full = malloc(len);
		if (!full)
			abort();
		snprintf(full, len, "%s/%s", path, e->d_name);
		if (stat(full, &st) || !S_ISREG(st.st_mode) || !strcmp(e->d_name, "README.md")) {
			free(full);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[n++] = full;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i], must_accept);
		free(names[i]);
	}
	free(names);
	printf("# %s: %zu file(s)\n", path, n);
}

int main(int argc, char **argv)
{
	int must_accept = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s [--seeds] PATH... [--inputs PATH...]\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seeds"))
			must_accept = 1;
		else if (!strcmp(argv[i], "--inputs"))
			must_accept = 0;
		else
			run_path(argv[i], must_accept);
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
