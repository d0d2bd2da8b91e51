/* iowire-conform: a black-box conformance runner for vfio-user and ioregionfd implementations.
 *
 * Every case sends and checks bytes through libiowire's generated codecs, ends with one verdict
 * and names the requirements it checks. TAP on stdout; --json and --junit write reports. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conform.h"

#ifndef IOWIRE_REF_SERVER
#define IOWIRE_REF_SERVER "iowire-ref-server"
#endif
#ifndef IOWIRE_REF_CLIENT
#define IOWIRE_REF_CLIENT "iowire-ref-client"
#endif
#ifndef IOWIRE_REF_IORFD_DEVICE
#define IOWIRE_REF_IORFD_DEVICE "iowire-ref-iorfd-device"
#endif
#ifndef IOWIRE_REF_IORFD_KVM
#define IOWIRE_REF_IORFD_KVM "iowire-ref-iorfd-kvm"
#endif

/* A target's cases come from one or more tables, one per case file. */
struct case_table {
	const struct conf_case *cases;
	const size_t *n;
};

#define MAX_TABLES 8

/* What each target runs by default, and its cases. */
static const struct {
	const char *name;
	const char *reference;
	struct case_table tables[MAX_TABLES];
} targets[TK_COUNT] = {
	[TK_VFU_SERVER] = { "vfio-user-server", IOWIRE_REF_SERVER, { { vfu_server_cases, &vfu_server_ncases }, { vfu_behaviour_cases, &vfu_behaviour_ncases }, { vfu_malformed_cases, &vfu_malformed_ncases } } },
	[TK_VFU_CLIENT] = { "vfio-user-client", IOWIRE_REF_CLIENT, { { vfu_client_cases, &vfu_client_ncases }, { vfu_client_malformed_cases, &vfu_client_malformed_ncases } } },
	[TK_IORFD_DEVICE] = { "ioregionfd-device", IOWIRE_REF_IORFD_DEVICE, { { iorfd_device_cases, &iorfd_device_ncases }, { iorfd_malformed_cases, &iorfd_malformed_ncases } } },
	[TK_IORFD_KVM] = { "ioregionfd-kvm", IOWIRE_REF_IORFD_KVM, { { iorfd_kvm_cases, &iorfd_kvm_ncases } } },
};

/* The i-th case of target k across its tables, or NULL past the last. */
static const struct conf_case *case_at(int k, size_t i)
{
	for (int t = 0; t < MAX_TABLES && targets[k].tables[t].cases; t++) {
		if (i < *targets[k].tables[t].n)
			return &targets[k].tables[t].cases[i];
		i -= *targets[k].tables[t].n;
	}
	return NULL;
}

struct run_opts {
	struct target_opts target;
	const char *json;
	const char *junit;
	const char *patterns[64];
	unsigned npatterns;
	bool list;
	bool strict;
	char layout_arg[16];
	const char *cases_json;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-conform [TARGET] [OPTIONS] [CASE-ID-OR-GLOB...]\n"
		"\n"
		"Runs the conformance cases for TARGET against an implementation. TARGET is one of\n"
		"  vfio-user-server   (default) the runner plays the client\n"
		"  vfio-user-client   the runner plays the server; the client is launched with --socket-path=PATH\n"
		"  ioregionfd-device  the runner plays KVM; the device is launched with --fd=3 --layout=a|b\n"
		"  ioregionfd-kvm     the runner plays the device; the KVM side is launched with\n"
		"                     --fd=3 --layout=a|b --script=FILE (see conformance/README.md)\n"
		"Without --socket-path or --exec, the bundled reference implementation is tested.\n"
		"\n"
		"  -s, --socket-path PATH  connect to a running implementation (vfio-user-server)\n"
		"  -e, --exec CMD          launch CMD with --socket-path=PATH (or --fd=3 with --use-fd;\n"
		"                          always --fd=3 for ioregionfd), once per case\n"
		"      --use-fd            pass a connected socket as fd 3 instead of a socket path\n"
		"      --layout a|b        ioregionfd command layout: a (RFC v1/v2) or b (RFC v3, default)\n"
		"  -l, --list              list the cases (id, tier, requirements, title) and exit\n"
		"      --cases-json FILE   write every target's cases and the requirements they cite, and exit\n"
		"      --strict            SHOULD cases count: NON-STRICT becomes a failure\n"
		"  -P, --profile NAME      vfio-user profile to speak: 0.9.1, 0.9.2 (default), libvfio-user\n"
		"      --host-order        speak the host byte order (the upstream texts) instead of little-endian\n"
		"  -t, --timeout MS        how long to wait for each answer (default 2000)\n"
		"      --json FILE         write the results as JSON (iowire-conform-html renders it)\n"
		"      --junit FILE        write the results as JUnit XML\n"
		"  -v, --verbose           print every finding, also of cases that pass\n"
		"  -h, --help              show this help\n"
		"\n"
		"Exit status: 0 when no case FAILED (nor, with --strict, is NON-STRICT), 1 otherwise, 2 on\n"
		"a usage error or when the implementation cannot be reached.\n");
}

static bool selected(const struct run_opts *o, const struct conf_case *c)
{
	if (!o->npatterns)
		return true;
	for (unsigned i = 0; i < o->npatterns; i++)
		if (!fnmatch(o->patterns[i], c->id, 0))
			return true;
	return false;
}

static int parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "socket-path", required_argument, NULL, 's' }, { "exec", required_argument, NULL, 'e' },
		{ "use-fd", no_argument, NULL, 'F' },            { "list", no_argument, NULL, 'l' },
		{ "strict", no_argument, NULL, 'S' },            { "profile", required_argument, NULL, 'P' },
		{ "host-order", no_argument, NULL, 'H' },        { "timeout", required_argument, NULL, 't' },
		{ "json", required_argument, NULL, 'j' },        { "junit", required_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },           { "help", no_argument, NULL, 'h' },
		{ "layout", required_argument, NULL, 'L' },      { "cases-json", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	int c, profile;
	char layout = 'b';

	o->target.kind = TK_VFU_SERVER;
	o->target.timeout_ms = 2000;
	o->target.cfg.profile = IOW_VFU_PROFILE_DEFAULT;
	while ((c = getopt_long(argc, argv, "s:e:lP:t:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->target.socket_path = optarg; break;
		case 'e': o->target.exec = optarg; break;
		case 'F': o->target.use_fd = true; break;
		case 'l': o->list = true; break;
		case 'S': o->strict = true; break;
		case 'H': o->target.cfg.order = IOW_ORDER_HOST; break;
		case 'j': o->json = optarg; break;
		case 'u': o->junit = optarg; break;
		case 'v': o->target.verbose = true; break;
		case 'P':
			profile = iow_vfu_profile_by_name(optarg);
			if (profile < 0) {
				fprintf(stderr, "iowire-conform: no vfio-user profile '%s'\n", optarg);
				return -1;
			}
			o->target.cfg.profile = (unsigned)profile;
			break;
		case 't':
			o->target.timeout_ms = (unsigned)strtoul(optarg, NULL, 0);
			if (!o->target.timeout_ms || o->target.timeout_ms > 600000) {
				fprintf(stderr, "iowire-conform: --timeout takes 1 to 600000 ms\n");
				return -1;
			}
			break;
		case 'L':
			if (strcmp(optarg, "a") && strcmp(optarg, "b")) {
				fprintf(stderr, "iowire-conform: --layout takes a or b\n");
				return -1;
			}
			layout = optarg[0];
			break;
		case 'C': o->cases_json = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	for (int k = 0; optind < argc && k < TK_COUNT; k++) {
		if (strcmp(argv[optind], targets[k].name))
			continue;
		o->target.kind = (enum target_kind)k;
		optind++;
		break;
	}
	if (!targets[o->target.kind].tables[0].cases) {
		fprintf(stderr, "iowire-conform: target %s has no cases yet\n", targets[o->target.kind].name);
		return -1;
	}
	if (o->target.kind == TK_IORFD_DEVICE || o->target.kind == TK_IORFD_KVM) {
		if (o->target.socket_path) {
			fprintf(stderr, "iowire-conform: ioregionfd targets are launched with --exec\n");
			return -1;
		}
		o->target.use_fd = true;
		o->target.frame = iow_iorfd_frame;
		o->target.cfg.profile = layout == 'a' ? IOW_IORFD_PROFILE_RFC_V2 : IOW_IORFD_PROFILE_RFC_V3;
		snprintf(o->layout_arg, sizeof o->layout_arg, "--layout=%c", layout);
		o->target.args[o->target.nargs++] = o->layout_arg;
		if (o->target.cfg.order == IOW_ORDER_HOST)
			o->target.args[o->target.nargs++] = "--host-order";
	}
	for (; optind < argc; optind++) {
		if (o->npatterns == sizeof o->patterns / sizeof o->patterns[0]) {
			fprintf(stderr, "iowire-conform: too many case patterns\n");
			return -1;
		}
		o->patterns[o->npatterns++] = argv[optind];
	}
	if (o->target.socket_path && o->target.exec) {
		fprintf(stderr, "iowire-conform: give --socket-path or --exec, not both\n");
		return -1;
	}
	if (!o->target.socket_path && !o->target.exec)
		o->target.exec = targets[o->target.kind].reference;
	return 0;
}

static void list_cases(const struct run_opts *o)
{
	const struct conf_case *c;

	for (size_t i = 0; (c = case_at(o->target.kind, i)); i++) {
		if (selected(o, c))
			printf("%-28s %-8s %-40s %s\n", c->id, tier_name(c->tier), c->reqs, c->title);
	}
}

/* Every case of every target, for the spec's traceability matrix and its consistency check. */
static int report_cases(const char *path)
{
	const struct conf_case *all[256];
	size_t n = 0;

	for (int k = 0; k < TK_COUNT; k++)
		for (size_t i = 0; n < 256 && case_at(k, i); i++)
			all[n++] = case_at(k, i);
	return report_case_list(path, all, n);
}

static void print_tap(unsigned n, const struct result *r, bool strict, bool verbose)
{
	bool bad = r->verdict == V_FAILED || (strict && r->verdict == V_NON_STRICT);

	printf("%s %u - %s %s [%s]%s\n", bad ? "not ok" : "ok", n, r->c->id, r->c->title, verdict_name(r->verdict),
	       r->verdict == V_UNIMPLEMENTED ? " # SKIP optional feature absent" : "");
	for (unsigned k = 0; k < r->nfindings; k++)
		if (verbose || r->findings[k].verdict != V_OK)
			printf("# %s%s%s: %s\n", verdict_name(r->findings[k].verdict), r->findings[k].req[0] ? " " : "",
			       r->findings[k].req, r->findings[k].text);
	if (bad && r->expected[0])
		printf("# sent:\n#   %s", r->expected);
	if (bad && r->actual[0])
		printf("# received:\n#   %s", r->actual);
}

/* Runs one case, relaunching or reconnecting first when the case or the previous one needs it. */
static int run_case(const struct conf_case *c, struct target *t, const struct target_opts *to, bool *dirty,
		    struct result *r, bool strict)
{
	static struct ctx x;

	/* ioregionfd-kvm cases launch the implementation themselves, with their script. */
	if (c->target != TK_IORFD_KVM && (*dirty || c->fresh)) {
		if (target_restart(t))
			return -1;
		*dirty = false;
	}
	memset(&x, 0, sizeof x);
	x.c = c;
	x.t = t;
	x.strict = strict;
	x.started_ms = now_ms();
	c->run(&x);
	memset(r, 0, sizeof *r);
	r->c = c;
	r->verdict = conf_verdict(&x);
	r->nfindings = x.nfindings;
	memcpy(r->findings, x.findings, sizeof x.findings);
	memcpy(r->expected, x.expected, sizeof r->expected);
	memcpy(r->actual, x.actual, sizeof r->actual);
	r->ms = now_ms() - x.started_ms;
	/* Each case starts from a new connection: state from one case never leaks into the next. */
	*dirty = true;
	(void)to;
	return 0;
}

int main(int argc, char **argv)
{
	static struct run_opts o;
	static struct result results[512];
	static struct target t;
	unsigned n = 0, counts[V_COUNT] = { 0 };
	bool dirty = false, bad = false;

	if (parse(argc, argv, &o))
		return 2;
	if (o.cases_json)
		return report_cases(o.cases_json) ? 2 : 0;
	if (o.list) {
		list_cases(&o);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	if (o.target.kind == TK_IORFD_KVM) {
		t.opts = &o.target;
		t.fd = -1;
	} else if (target_start(&t, &o.target)) {
		target_stop(&t);
		return 2;
	}
	const struct conf_case *c;

	for (size_t i = 0; (c = case_at(o.target.kind, i)) && n < sizeof results / sizeof results[0]; i++) {
		if (!selected(&o, c))
			continue;
		if (run_case(c, &t, &o.target, &dirty, &results[n], o.strict)) {
			fprintf(stderr, "iowire-conform: cannot (re)start the implementation before %s\n", c->id);
			target_stop(&t);
			return 2;
		}
		print_tap(n + 1, &results[n], o.strict, o.target.verbose);
		fflush(stdout);
		counts[results[n].verdict]++;
		bad |= results[n].verdict == V_FAILED || (o.strict && results[n].verdict == V_NON_STRICT);
		n++;
	}
	target_stop(&t);
	printf("1..%u\n", n);
	printf("# %u OK, %u FAILED, %u NON-STRICT, %u UNIMPLEMENTED, %u INFORMATIONAL\n", counts[V_OK],
	       counts[V_FAILED], counts[V_NON_STRICT], counts[V_UNIMPLEMENTED], counts[V_INFORMATIONAL]);
	if (o.json && report_json(o.json, results, n, &o.target))
		fprintf(stderr, "iowire-conform: cannot write %s\n", o.json);
	if (o.junit && report_junit(o.junit, results, n))
		fprintf(stderr, "iowire-conform: cannot write %s\n", o.junit);
	return bad ? 1 : 0;
}
