/* AFL++ driver: persistent mode with shared-memory test cases when built by afl-clang-fast
 * (__AFL_FUZZ_TESTCASE_LEN is defined), otherwise a plain program that runs the harness once on
 * a file or on standard input, so the same file builds anywhere. */
#define _POSIX_C_SOURCE 200809L /* read(), used by __AFL_FUZZ_INIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iowf.h"

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

/* Gives the harness an exact-size copy, so that reads past the end stay visible to ASan. */
static void run(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	memcpy(copy, data, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
}

int main(int argc, char **argv)
{
#ifdef __AFL_FUZZ_TESTCASE_LEN
	unsigned char *buf;

	(void)argc;
	(void)argv;
	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		int len = __AFL_FUZZ_TESTCASE_LEN;

		run(buf, (size_t)len);
	}
	return 0;
#else
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	static uint8_t buf[1 << 20];
	size_t len;

	if (!f) {
		perror(argv[1]);
		return 2;
	}
	len = fread(buf, 1, sizeof buf, f);
	if (f != stdin)
		fclose(f);
	run(buf, len);
	return 0;
#endif
}
