/* iowire-bench-codec: nanoseconds and instructions per message of each codec case.
 *
 * Every case (message x operation x implementation, see bench.h) is first run once and checked
 * against the floor. Then, by default, each is timed: a tight loop calls it through a function
 * pointer n times, n doubled until one loop takes --min-time-ms; the best of --reps loops gives
 * ns per message. The loop with a case that does nothing ("empty") is timed the same way, for
 * bench/run to subtract. With --callgrind N (under valgrind --tool=callgrind) each case instead
 * runs N times between CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT(case id), so that each
 * dump holds the instructions of exactly N calls. --once only runs the checks.
 *
 * Output, one line per case, tab-separated:
 *   case  MSG  OP  IMPL  WIRE_BYTES  NS_PER_MSG  ITERATIONS  FIXED
 * (NS_PER_MSG is "-" without timing; FIXED is 1 for a fixed-size message). */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include) && __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else /* no valgrind headers: --callgrind is refused */
#define RUNNING_ON_VALGRIND 0
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(id) ((void)(id))
#endif

#include "bench.h"

static const struct bench_case empty_case = { MSG_HEADER, OP_DECODE, "empty", NULL, bench_empty };

static BENCH_NOINLINE long run_loop(int (*fn)(void), long n)
{
	long bad = 0;

	for (long i = 0; i < n; i++)
		bad += fn();
	return bad;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Best ns per call over reps loops of n calls, n grown until a loop takes min_ns. */
static double time_case(const struct bench_case *c, double min_ns, int reps, long *iters)
{
	long n = 16;
	double best = 0;

	for (;;) {
		double t0 = now_ns();

		if (run_loop(c->run, n))
			return -1;
		if (now_ns() - t0 >= min_ns || n >= (1L << 40))
			break;
		n *= 2;
	}
	for (int r = 0; r < reps; r++) {
		double t0 = now_ns(), t;

		run_loop(c->run, n);
		t = (now_ns() - t0) / (double)n;
		if (r == 0 || t < best)
			best = t;
	}
	*iters = n;
	return best;
}

static const char *op_name(enum bench_op op)
{
	return op == OP_DECODE ? "decode" : "encode";
}

static void case_id(const struct bench_case *c, char *buf, size_t size)
{
	if (c->setup)
		snprintf(buf, size, "%s/%s/%s", msg_name(c->msg), op_name(c->op), c->impl);
	else
		snprintf(buf, size, "empty");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-bench-codec [OPTIONS]\n"
		"\n"
		"Times the codec cases: the floor (unchecked memcpy and byte swaps), libiowire, and\n"
		"protobuf-c and nanopb on the .proto mirror, decoding and encoding the same messages.\n"
		"\n"
		"      --once             check every case once and print it, no timing\n"
		"      --min-time-ms T    grow each timed loop until it takes T ms (default 20)\n"
		"      --reps R           timed loops per case; the best counts (default 5)\n"
		"      --callgrind N      under valgrind --tool=callgrind: run each case N times between\n"
		"                         a zeroing and a dump of the counters, named after the case\n"
		"      --only SUBSTRING   only the cases whose id (MSG/OP/IMPL) contains SUBSTRING\n"
		"      --list             print the case ids\n"
		"  -h, --help             this help\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },         { "min-time-ms", required_argument, NULL, 't' },
		{ "reps", required_argument, NULL, 'r' },   { "callgrind", required_argument, NULL, 'c' },
		{ "only", required_argument, NULL, 's' },   { "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	const struct bench_case *all[64];
	size_t n = 0;
	double min_ms = 20;
	int reps = 5, once = 0, list = 0, opt;
	long cg_iters = 0;
	const char *only = NULL;
	int failed = 0;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': once = 1; break;
		case 't': min_ms = atof(optarg); break;
		case 'r': reps = atoi(optarg); break;
		case 'c': cg_iters = atol(optarg); break;
		case 's': only = optarg; break;
		case 'l': list = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || reps < 1 || min_ms <= 0 || cg_iters < 0) {
		usage(stderr);
		return 2;
	}
	if (cg_iters && !RUNNING_ON_VALGRIND) {
		fprintf(stderr, "iowire-bench-codec: --callgrind wants valgrind --tool=callgrind\n");
		return 2;
	}
	if (messages_init())
		return 1;
	for (size_t i = 0; i < floor_ncases; i++)
		all[n++] = &floor_cases[i];
	for (size_t i = 0; i < iowire_ncases; i++)
		all[n++] = &iowire_cases[i];
	for (size_t i = 0; i < pb_ncases && n < sizeof all / sizeof all[0] - 1; i++)
		all[n++] = &pb_cases[i];
	all[n++] = &empty_case;

	for (size_t i = 0; i < n; i++) {
		const struct bench_case *c = all[i];
		char id[96];
		size_t bytes = 0;
		double ns = -1;
		long iters = 0;

		case_id(c, id, sizeof id);
		if (only && c->setup && !strstr(id, only))
			continue;
		if (list) {
			printf("%s\n", id);
			continue;
		}
		if (c->setup) {
			bytes = c->setup(c);
			if (!bytes) {
				fprintf(stderr, "iowire-bench-codec: %s: the check failed\n", id);
				failed = 1;
				continue;
			}
		}
		if (cg_iters) {
			run_loop(c->run, 8); /* warm: lazy binding, caches */
			CALLGRIND_ZERO_STATS;
			run_loop(c->run, cg_iters);
			CALLGRIND_DUMP_STATS_AT(id);
			iters = cg_iters;
		} else if (!once) {
			ns = time_case(c, min_ms * 1e6, reps, &iters);
			if (ns < 0) {
				fprintf(stderr, "iowire-bench-codec: %s failed while timed\n", id);
				failed = 1;
				continue;
			}
		}
		if (c->setup)
			printf("case\t%s\t%s\t%s\t%zu\t", msg_name(c->msg), op_name(c->op), c->impl, bytes);
		else
			printf("case\t-\t-\tempty\t0\t");
		if (ns >= 0)
			printf("%.3f", ns);
		else
			printf("-");
		printf("\t%ld\t%d\n", iters, c->setup ? msg_fixed(c->msg) : 0);
		fflush(stdout);
	}
	return failed;
}
