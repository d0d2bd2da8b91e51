/* Runs the golden vectors (lib/c/tests/vectors/, format in README.md there) through the
 * generated codecs: decode, field-by-field comparison with the hand-written expectations,
 * byte-exact re-encoding, and the matching error for every malformed vector.
 *
 * usage: test_vectors FILE.vec...      prints TAP, then "N passed, N failed" */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef IOWIRE_HEADER_ONLY
/* The header-only codecs, generated with the library's prefixes so this file compiles unchanged. */
#include "vfio_user_header_only.h"
#include "ioregionfd_header_only.h"
#else
#include "iowire/ioregionfd.h"
#include "iowire/vfio_user.h"
#endif

#define MAX_BYTES 8192
#define MAX_EXPECT 256
#define MAX_LINE 1024

struct expect {
	char path[160];
	char value[600];
	int seen;
};

struct vector {
	char id[128];
	char file[256];
	int line;
	char protocol[32];
	char profile[32];
	int host_order;
	char message[64];
	int reply;
	char type[64];
	unsigned fds;
	uint8_t bytes[MAX_BYTES];
	size_t len;
	uint8_t bytes_be[MAX_BYTES];
	size_t len_be;
	int has_be;
	int roundtrip;
	char error[32];
	char error_at[160];
	struct expect expect[MAX_EXPECT];
	size_t nexpect;
};

struct dump_lines {
	struct vector *v;
	char problems[2048];
	size_t nproblems;
};

static unsigned passed, failed, skipped, test_no;

static void report(const struct vector *v, const char *fmt, ...)
{
	char why[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	test_no++;
	if (why[0]) {
		failed++;
		printf("not ok %u - %s (%s:%d)\n# %s\n", test_no, v->id, v->file, v->line, why);
	} else {
		passed++;
		printf("ok %u - %s\n", test_no, v->id);
	}
}

static int host_is_be(void)
{
	const uint16_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first == 0;
}

/* ---- parsing the .vec format ------------------------------------------------------------ */

static int parse_hex(const char *s, uint8_t *out, size_t *len, size_t cap)
{
	while (*s) {
		unsigned v;
		int used;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (sscanf(s, "%2x%n", &v, &used) != 1 || used != 2 || *len >= cap)
			return -1;
		out[(*len)++] = (uint8_t)v;
		s += used;
	}
	return 0;
}

static void strip_comment(char *line)
{
	int quoted = 0;

	for (char *p = line; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (*p == '#' && !quoted) {
			*p = '\0';
			break;
		}
	}
	for (size_t n = strlen(line); n && isspace((unsigned char)line[n - 1]); n--)
		line[n - 1] = '\0';
}

static int vector_line(struct vector *v, const char *key, const char *rest)
{
	char a[160], b[600];

	if (!strcmp(key, "protocol"))
		return sscanf(rest, "%31s", v->protocol) == 1 ? 0 : -1;
	if (!strcmp(key, "profile"))
		return sscanf(rest, "%31s", v->profile) == 1 ? 0 : -1;
	if (!strcmp(key, "order")) {
		v->host_order = !strncmp(rest, "host", 4);
		return 0;
	}
	if (!strcmp(key, "message")) {
		if (sscanf(rest, "%63s %159s", v->message, a) != 2)
			return -1;
		v->reply = !strcmp(a, "reply");
		return 0;
	}
	if (!strcmp(key, "struct"))
		return sscanf(rest, "%63s", v->type) == 1 ? 0 : -1;
	if (!strcmp(key, "fds"))
		return sscanf(rest, "%u", &v->fds) == 1 ? 0 : -1;
	if (!strcmp(key, "source"))
		return 0;
	if (!strcmp(key, "hex"))
		return parse_hex(rest, v->bytes, &v->len, sizeof v->bytes);
	if (!strcmp(key, "hex-be")) {
		v->has_be = 1;
		return parse_hex(rest, v->bytes_be, &v->len_be, sizeof v->bytes_be);
	}
	if (!strcmp(key, "roundtrip")) {
		v->roundtrip = strcmp(rest, "no") != 0;
		return 0;
	}
	if (!strcmp(key, "error")) {
		int n = sscanf(rest, "%31s at %159s", v->error, v->error_at);
		return n >= 1 ? 0 : -1;
	}
	if (!strcmp(key, "expect")) {
		struct expect *e;

		if (v->nexpect >= MAX_EXPECT || sscanf(rest, "%159s %599[^\n]", a, b) != 2)
			return -1;
		e = &v->expect[v->nexpect++];
		snprintf(e->path, sizeof e->path, "%s", a);
		snprintf(e->value, sizeof e->value, "%s", b);
		return 0;
	}
	return -1;
}

/* ---- comparing a dump with the expectations ---------------------------------------------- */

static int same_value(const char *want, const char *got)
{
	char *end1, *end2;

	if (want[0] == '"' || got[0] == '"')
		return strcmp(want, got) == 0;
	if (want[0] == '-' || got[0] == '-') {
		long long a = strtoll(want, &end1, 0), b = strtoll(got, &end2, 0);

		return !*end1 && !*end2 && a == b;
	}
	errno = 0;
	unsigned long long a = strtoull(want, &end1, 0), b = strtoull(got, &end2, 0);

	return !errno && !*end1 && !*end2 && a == b;
}

static void on_dump(void *ctx, const char *path, const char *value)
{
	struct dump_lines *dl = ctx;
	struct vector *v = dl->v;
	size_t used = strlen(dl->problems);

	for (size_t i = 0; i < v->nexpect; i++) {
		if (strcmp(v->expect[i].path, path))
			continue;
		v->expect[i].seen = 1;
		if (!same_value(v->expect[i].value, value)) {
			snprintf(dl->problems + used, sizeof dl->problems - used, "%s: want %s, decoded %s; ", path,
				 v->expect[i].value, value);
			dl->nproblems++;
		}
		return;
	}
	snprintf(dl->problems + used, sizeof dl->problems - used, "%s = %s decoded but not expected; ", path,
		 value);
	dl->nproblems++;
}

/* ---- running one vector ------------------------------------------------------------------- */

union any_value {
	struct iow_vfu_msg msg;
	uint8_t storage[4096];
	max_align_t align;
};

/* A header-only codec built for one profile (FIXED_VFU, FIXED_IORFD) skips the others' vectors. */
#ifndef FIXED_VFU
#define FIXED_VFU NULL
#endif
#ifndef FIXED_IORFD
#define FIXED_IORFD NULL
#endif

struct codec {
	int (*profile)(const char *);
	const struct iow_type_info *(*type)(const char *);
	const char *default_profile;
	const char *fixed_profile;
};

static const struct codec *codec_of(const char *protocol)
{
	static const struct codec vfu = { iow_vfu_profile_by_name, iow_vfu_type_by_name, "0.9.2", FIXED_VFU };
	static const struct codec iorfd = { iow_iorfd_profile_by_name, iow_iorfd_type_by_name, "rfc-v3",
					    FIXED_IORFD };

	if (!strcmp(protocol, "vfio-user"))
		return &vfu;
	if (!strcmp(protocol, "ioregionfd"))
		return &iorfd;
	return NULL;
}

static int decode(const struct vector *v, const struct iow_cfg *cfg, const struct iow_type_info *t,
		  const uint8_t *buf, size_t len, union any_value *out, struct iow_error *err)
{
	if (t)
		return t->decode(cfg, buf, len, out, err);
	return iow_vfu_msg_decode(cfg, buf, len, v->fds, &out->msg, err);
}

static long encode(const struct vector *v, const struct iow_cfg *cfg, const struct iow_type_info *t,
		   const union any_value *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	if (t)
		return t->encode(cfg, in, buf, cap, err);
	return iow_vfu_msg_encode(cfg, &in->msg, v->fds, buf, cap, err);
}

static void dump(const struct vector *v, const struct iow_cfg *cfg, const struct iow_type_info *t,
		 const union any_value *in, struct iow_dump *d)
{
	(void)v;
	if (t)
		t->dump(cfg, in, d);
	else
		iow_vfu_msg_dump(cfg, &in->msg, d);
}

static void check_good(struct vector *v, const struct iow_cfg *cfg, const struct iow_type_info *t,
		       const uint8_t *bytes, size_t len, union any_value *val)
{
	struct dump_lines dl = { v, "", 0 };
	struct iow_dump d = { on_dump, &dl, 0, "" };
	static uint8_t again[MAX_BYTES];
	struct iow_error err;
	long n;

	dump(v, cfg, t, val, &d);
	for (size_t i = 0; i < v->nexpect; i++)
		if (!v->expect[i].seen) {
			report(v, "expected %s = %s, not decoded", v->expect[i].path, v->expect[i].value);
			return;
		}
	if (dl.nproblems) {
		report(v, "%s", dl.problems);
		return;
	}
	memset(&err, 0, sizeof err);
	n = encode(v, cfg, t, val, again, sizeof again, &err);
	if (n < 0 && v->roundtrip) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		report(v, "re-encoding failed: %s", text);
		return;
	}
	if (v->roundtrip && ((size_t)n != len || memcmp(again, bytes, len))) {
		report(v, "re-encoding gave %ld different bytes", n);
		return;
	}
	if (n > 0 && encode(v, cfg, t, val, again, (size_t)n - 1, &err) != -IOW_E_NO_SPACE) {
		report(v, "encoding into %ld bytes did not fail with no-space", n - 1);
		return;
	}
	report(v, "");
}

static void run(struct vector *v)
{
	static union any_value val;
	const struct codec *c = codec_of(v->protocol);
	const struct iow_type_info *t = NULL;
	struct iow_cfg cfg = { 0, v->host_order ? IOW_ORDER_HOST : IOW_ORDER_LE };
	const uint8_t *bytes = v->bytes;
	size_t len = v->len;
	struct iow_error err;
	int rc, profile;

	if (!c) {
		report(v, "unknown protocol '%s'", v->protocol);
		return;
	}
	if (!v->profile[0])
		snprintf(v->profile, sizeof v->profile, "%s", c->default_profile);
	if (c->fixed_profile && strcmp(c->fixed_profile, v->profile)) {
		test_no++;
		skipped++;
		printf("ok %u - %s # SKIP codec built for profile %s only\n", test_no, v->id, c->fixed_profile);
		return;
	}
	profile = c->profile(v->profile);
	if (profile < 0) {
		report(v, "unknown profile '%s'", v->profile);
		return;
	}
	cfg.profile = (unsigned)profile;
	if (v->type[0] && !(t = c->type(v->type))) {
		report(v, "unknown type '%s'", v->type);
		return;
	}
	if (!v->type[0] && !v->message[0]) {
		report(v, "neither message nor struct given");
		return;
	}
	if (v->host_order && host_is_be()) {
		if (!v->has_be) {
			report(v, "order host vector without hex-be");
			return;
		}
		bytes = v->bytes_be;
		len = v->len_be;
	}
	/* Every strict prefix of a message must be rejected, and none may be read past. */
	for (size_t cut = 0; cut < len; cut++) {
		memset(&err, 0, sizeof err);
		rc = decode(v, &cfg, t, bytes, cut, &val, &err);
		if (!t && rc == 0 && !v->error[0]) {
			report(v, "prefix of %zu bytes decoded", cut);
			return;
		}
	}
	memset(&err, 0, sizeof err);
	rc = decode(v, &cfg, t, bytes, len, &val, &err);
	if (v->error[0]) {
		if (rc == 0)
			report(v, "decoded, expected error %s", v->error);
		else if (strcmp(iow_status_name(err.code), v->error))
			report(v, "error %s at %s, expected %s", iow_status_name(err.code), err.path, v->error);
		else if (v->error_at[0] && strcmp(err.path, v->error_at))
			report(v, "error %s at %s, expected at %s", v->error, err.path, v->error_at);
		else
			report(v, "");
		return;
	}
	if (rc) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		report(v, "decode failed: %s", text);
		return;
	}
	if (!t) {
		const char *name = iow_vfu_msg_name(val.msg.hdr.command, val.msg.reply);
		char want[80], got[80];

		/* a command the schema does not name (an error reply may echo one) goes by its number */
		if (name)
			snprintf(got, sizeof got, "%s", name);
		else
			snprintf(got, sizeof got, "%u%s", val.msg.hdr.command, val.msg.reply ? " reply" : "");
		snprintf(want, sizeof want, "%s%s", v->message, v->reply ? " reply" : "");
		if (strcmp(got, want)) {
			report(v, "decoded as %s, vector says %s", got, want);
			return;
		}
	}
	check_good(v, &cfg, t, bytes, len, &val);
}

static int run_file(const char *path)
{
	static struct vector v;
	char line[MAX_LINE];
	int lineno = 0, open_vector = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "test_vectors: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char key[32];
		const char *rest;
		int used = 0;

		lineno++;
		strip_comment(line);
		if (sscanf(line, " %31s%n", key, &used) != 1)
			continue;
		rest = line + used;
		while (isspace((unsigned char)*rest))
			rest++;
		if (!strcmp(key, "vector")) {
			memset(&v, 0, sizeof v);
			v.roundtrip = 1;
			v.line = lineno;
			snprintf(v.file, sizeof v.file, "%s", path);
			snprintf(v.id, sizeof v.id, "%s", rest);
			open_vector = 1;
		} else if (!open_vector) {
			fprintf(stderr, "%s:%d: '%s' outside a vector\n", path, lineno, key);
			fclose(f);
			return -1;
		} else if (!strcmp(key, "end")) {
			run(&v);
			open_vector = 0;
		} else if (vector_line(&v, key, rest)) {
			fprintf(stderr, "%s:%d: cannot read '%s %s'\n", path, lineno, key, rest);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (open_vector) {
		fprintf(stderr, "%s: vector %s has no end\n", path, v.id);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int bad_file = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.vec...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		bad_file |= run_file(argv[i]) != 0;
	printf("1..%u\n%u passed, %u failed, %u skipped\n", test_no, passed, failed, skipped);
	return failed || bad_file ? 1 : 0;
}
