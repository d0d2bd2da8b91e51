/* The shared part of iowire's fuzz harnesses (see iowf.h). */
#include "iowf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long iowf_accepted;

const struct iowf_proto iowf_vfu = { "vfio-user", iowf_vfu_reserved_fields, iowf_vfu_chain_fields,
				      iowf_vfu_ignored_bits };
const struct iowf_proto iowf_iorfd = { "ioregionfd", iowf_iorfd_reserved_fields, iowf_iorfd_chain_fields,
					iowf_iorfd_ignored_bits };

/* ---- input selection ---------------------------------------------------------------------- */

bool iowf_take_byte(struct iowf_input *in, uint8_t *out)
{
	if (!in->size)
		return false;
	*out = in->data[0];
	in->data++;
	in->size--;
	return true;
}

bool iowf_take_cfg(struct iowf_input *in, unsigned nprofiles, struct iow_cfg *cfg, uint8_t *sel_out)
{
	uint8_t sel;

	if (!iowf_take_byte(in, &sel))
		return false;
	if (sel_out)
		*sel_out = sel;
	cfg->profile = (sel & 0x0fu) % nprofiles;
	cfg->order = (sel & IOWF_SEL_HOST_ORDER) ? IOW_ORDER_HOST : IOW_ORDER_LE;
	return true;
}

bool iowf_cfg_at(size_t i, unsigned nprofiles, struct iow_cfg *cfg)
{
	if (i >= 2 * (size_t)nprofiles)
		return false;
	cfg->profile = (unsigned)(i / 2);
	cfg->order = (i & 1) ? IOW_ORDER_HOST : IOW_ORDER_LE;
	return true;
}

/* ---- small helpers ------------------------------------------------------------------------ */

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	fprintf(stderr, "%s (%zu bytes):", label, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", p[i]);
	fputc('\n', stderr);
}

_Noreturn void iowf_fail(const uint8_t *input, size_t size, const char *fmt, ...)
{
	va_list ap;

	fputs("iowire fuzz: property violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (input)
		print_hex("input", input, size);
	abort();
}

bool iowf_host_is_le(void)
{
	const uint16_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first == 1;
}

bool iowf_only_cleared(const uint8_t *in, const uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] & (uint8_t)~in[i])
			return false;
	return true;
}

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		abort();
	return p;
}

static void error_text(const struct iow_error *err, char *buf, size_t size)
{
	iow_error_format(err, buf, size);
}

/* ---- dumps as text ------------------------------------------------------------------------ */

static void text_put(struct iowf_text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;

		while (t->len + n + 1 > cap)
			cap *= 2;
		t->buf = realloc(t->buf, cap);
		if (!t->buf)
			abort();
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n + 1);
	t->len += n;
}

static void on_line(void *ctx, const char *path, const char *value)
{
	struct iowf_text *t = ctx;

	if (strchr(path, '\n') || strchr(path, ' ') || strchr(value, '\n'))
		iowf_fail(NULL, 0, "dump line with a space or newline in its path: '%s' = '%s'", path, value);
	text_put(t, path);
	text_put(t, " ");
	text_put(t, value);
	text_put(t, "\n");
}

void iowf_text_dump(const struct iowf_codec *codec, const void *value, struct iowf_text *out)
{
	struct iow_dump d;

	memset(&d, 0, sizeof d);
	d.fn = on_line;
	d.ctx = out;
	text_put(out, "");
	codec->dump(codec, value, &d);
	if (d.len != 0)
		iowf_fail(NULL, 0, "%s dump: path not popped back to the root ('%s')", codec->what, d.path);
}

void iowf_text_free(struct iowf_text *t)
{
	free(t->buf);
	memset(t, 0, sizeof *t);
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; list && *list; list++)
		if (strlen(*list) == n && !strncmp(*list, s, n))
			return true;
	return false;
}

/* The leaf of "payload.caps[1].sparse_mmap.reserved": "reserved" (n bytes at *leaf). */
static void path_leaf(const char *path, size_t len, const char **leaf, size_t *n)
{
	size_t start = len;

	while (start && path[start - 1] != '.')
		start--;
	*leaf = path + start;
	*n = len - start;
	if (*n && (*leaf)[*n - 1] == ']') {
		while (*n && (*leaf)[*n - 1] != '[')
			(*n)--;
		if (*n)
			(*n)--;
	}
}

static bool zero_value(const char *v, size_t n)
{
	if (n >= 2 && v[0] == '"') {
		for (size_t i = 1; i + 1 < n; i++)
			if (v[i] != '0')
				return false;
		return true;
	}
	return (n == 1 && v[0] == '0') || (n == 3 && !strncmp(v, "0x0", 3));
}

/* Is a path part of a chain (a segment "caps[" for a chain field caps)? */
static bool in_chain(const struct iowf_proto *proto, const char *path, size_t len)
{
	for (const char *const *c = proto->chains; c && *c; c++) {
		size_t n = strlen(*c);

		for (size_t i = 0; i + n < len; i++)
			if ((i == 0 || path[i - 1] == '.') && !strncmp(path + i, *c, n) && path[i + n] == '[')
				return true;
	}
	return false;
}

const char *iowf_text_diff(const struct iowf_proto *proto, const struct iowf_text *a,
			   const struct iowf_text *b, bool relayout, bool truncated, char *why, size_t whylen)
{
	const char *pa = a->buf, *pb = b->buf;

	while (*pa || *pb) {
		const char *ea = strchr(pa, '\n'), *eb = strchr(pb, '\n');
		const char *sa, *sb, *leaf;
		size_t la, lb, na, nb, nleaf;

		if (!ea || !eb) {
			snprintf(why, whylen, "%s", !ea ? "the re-decoded dump has more lines" :
							  "the re-decoded dump has fewer lines");
			return why;
		}
		la = (size_t)(ea - pa);
		lb = (size_t)(eb - pb);
		sa = memchr(pa, ' ', la);
		sb = memchr(pb, ' ', lb);
		na = (size_t)(sa - pa);
		nb = (size_t)(sb - pb);
		if (na != nb || memcmp(pa, pb, na)) {
			snprintf(why, whylen, "field '%.*s' became '%.*s'", (int)na, pa, (int)nb, pb);
			return why;
		}
		if (la != lb || memcmp(pa, pb, la)) {
			path_leaf(pa, na, &leaf, &nleaf);
			if (in_list(proto->reserved, leaf, nleaf)) {
				if (!zero_value(sb + 1, lb - nb - 1)) {
					snprintf(why, whylen, "reserved field %.*s re-encoded as non-zero %.*s", (int)na, pa,
						 (int)(lb - nb - 1), sb + 1);
					return why;
				}
			} else if (truncated && na == 15 && !strncmp(pa, "header.msg_size", 15)) {
				/* a truncated reply loses what follows its fixed part */
			} else if (!(relayout && nleaf == 4 && !strncmp(leaf, "next", 4) && in_chain(proto, pa, na))) {
				snprintf(why, whylen, "%.*s: %.*s decoded, %.*s after re-encoding", (int)na, pa,
					 (int)(la - na - 1), sa + 1, (int)(lb - nb - 1), sb + 1);
				return why;
			}
		}
		pa = ea + 1;
		pb = eb + 1;
	}
	return NULL;
}

/* ---- the oracle --------------------------------------------------------------------------- */

static bool has_line(const struct iowf_text *t, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = t->buf; p && *p;) {
		const char *e = strchr(p, '\n');

		if (!strncmp(p, prefix, n))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

static bool has_chain(const struct iowf_proto *proto, const struct iowf_text *t)
{
	for (const char *p = t->buf; p && *p;) {
		const char *e = strchr(p, '\n');
		const char *s = strchr(p, ' ');

		if (s && e && s < e && in_chain(proto, p, (size_t)(s - p)))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* Encodes v into *out (which the caller frees); fails the run if it does not encode, except
 * with an argsz error when argsz_may_break (returns -1 then). */
static long encode_checked(const struct iowf_codec *c, const void *v, const uint8_t *input, size_t size,
			   uint8_t **out, const char *stage, bool argsz_may_break)
{
	struct iow_error err;
	size_t cap = 2 * size + 256;
	uint8_t *buf = xcalloc(cap);
	char text[256];
	long n;

	memset(&err, 0, sizeof err);
	n = c->encode(c, v, buf, cap, &err);
	*out = buf;
	if (n < 0 && argsz_may_break && err.code == IOW_E_ARGSZ)
		return -1;
	if (n < 0) {
		error_text(&err, text, sizeof text);
		iowf_fail(input, size, "%s (%s): %s does not encode: %s (rc %ld)", c->what,
			  iow_status_name(err.code), stage, text, n);
	}
	if (n > 0) {
		uint8_t *small = xcalloc((size_t)n - 1);
		long m = c->encode(c, v, small, (size_t)n - 1, &err);

		free(small);
		if (m != -IOW_E_NO_SPACE)
			iowf_fail(input, size, "%s: %s encodes in %ld bytes, but into %ld bytes gives %ld, not no-space",
				  c->what, stage, n, n - 1, m);
	}
	return n;
}

/* A copy of data with the undefined bits of c's `ignore` flags words cleared, or NULL when it
 * would equal data. */
static uint8_t *without_ignored_bits(const struct iowf_codec *c, const uint8_t *data, size_t size)
{
	uint8_t *copy = NULL;

	for (const struct iowf_ignored_bits *ib = c->proto->ignored; c->type && ib && ib->type; ib++) {
		bool le = c->cfg->order == IOW_ORDER_LE || iowf_host_is_le();

		if (strcmp(ib->type, c->type->name) || size < ib->offset + ib->size)
			continue;
		for (size_t i = 0; i < ib->size; i++) {
			size_t at = ib->offset + (le ? i : ib->size - 1 - i);
			uint8_t keep = (uint8_t)(ib->defined[c->cfg->profile] >> 8 * i);

			if (data[at] & ~keep) {
				if (!copy) {
					copy = xcalloc(size);
					memcpy(copy, data, size);
				}
				copy[at] &= keep;
			}
		}
	}
	return copy;
}

/* IOW-ENC-002: undefined bits under `ignore` are processed as if they were zero. */
static bool roundtrip_ignored(const struct iowf_codec *c, const uint8_t *data, size_t size, uint8_t *canon)
{
	struct iow_error e1, e2;
	void *v1 = xcalloc(c->c_size), *v2 = xcalloc(c->c_size);
	uint8_t *b1 = NULL, *b2 = NULL;
	int rc1, rc2;
	bool ok;

	memset(&e1, 0, sizeof e1);
	memset(&e2, 0, sizeof e2);
	rc1 = c->decode(c, data, size, v1, &e1);
	rc2 = c->decode(c, canon, size, v2, &e2);
	if (rc1 != rc2)
		iowf_fail(data, size, "%s: decodes with %d, but with its ignored flag bits clear with %d", c->what, rc1, rc2);
	if (rc1 == 0) {
		long n1 = encode_checked(c, v1, data, size, &b1, "the decoded value (ignored flag bits set)", true);
		long n2 = encode_checked(c, v2, data, size, &b2, "the decoded value (ignored flag bits clear)", true);

		if (n1 != n2 || (n1 > 0 && memcmp(b1, b2, (size_t)n1)))
			iowf_fail(data, size, "%s: encodes to %ld bytes, but with its ignored flag bits clear to %ld different ones",
				  c->what, n1, n2);
	}
	free(b1);
	free(b2);
	free(v1);
	free(v2);
	ok = iowf_roundtrip(c, canon, size);
	free(canon);
	return ok;
}

bool iowf_roundtrip(const struct iowf_codec *c, const uint8_t *data, size_t size)
{
	uint8_t *canon = without_ignored_bits(c, data, size);
	struct iowf_text d1 = { 0 }, d2 = { 0 };
	struct iow_error err;
	void *v1, *v2;
	uint8_t *b2 = NULL, *b3 = NULL;
	char why[512], text[256];
	bool relayout, truncated;
	long n, n3;
	int rc;

	if (canon)
		return roundtrip_ignored(c, data, size, canon);
	v1 = xcalloc(c->c_size);
	v2 = xcalloc(c->c_size);
	memset(&err, 0, sizeof err);
	rc = c->decode(c, data, size, v1, &err);
	if (rc) {
		if (rc > 0 || err.code == IOW_OK || rc != -(int)err.code)
			iowf_fail(data, size, "%s: decode returned %d with error code %d", c->what, rc, (int)err.code);
		error_text(&err, text, sizeof text);
		goto out;
	}
	if (c->keep && !c->keep(c, v1)) {
		rc = 1;
		goto out;
	}
	iowf_text_dump(c, v1, &d1);
	relayout = has_chain(c->proto, &d1);
	truncated = has_line(&d1, "truncated ");
	/* A chain with gaps re-lays shorter, while the message's argsz keeps the old length: the
	 * re-encoding would read as a truncated reply, and the encoder refuses it (IOW_E_ARGSZ). */
	n = encode_checked(c, v1, data, size, &b2, "the decoded value", relayout);
	if (n < 0)
		goto accepted;

	memset(&err, 0, sizeof err);
	if (c->decode(c, b2, (size_t)n, v2, &err)) {
		error_text(&err, text, sizeof text);
		iowf_fail(data, size, "%s: its re-encoding (%ld bytes) does not decode: %s", c->what, n, text);
	}
	iowf_text_dump(c, v2, &d2);
	if (iowf_text_diff(c->proto, &d1, &d2, relayout, truncated, why, sizeof why))
		iowf_fail(data, size, "%s: decode, encode, decode changed a field: %s", c->what, why);

	if ((size_t)n != size || memcmp(b2, data, size)) {
		/* Not byte-identical: only the documented normalisations may explain it. */
		if (truncated) {
			if ((size_t)n > size || n < 16 || !iowf_only_cleared(data, b2, 4) ||
			    !iowf_only_cleared(data + 8, b2 + 8, (size_t)n - 8))
				iowf_fail(data, size, "%s: a truncated reply re-encodes to %ld bytes that are not its fixed part",
					  c->what, n);
		} else if (!relayout && ((size_t)n != size || !iowf_only_cleared(data, b2, size))) {
			size_t at = 0;

			while (at < size && at < (size_t)n && data[at] == b2[at])
				at++;
			iowf_fail(data, size, "%s: re-encoding gives %ld bytes, different at byte %zu (%02x, was %02x)",
				  c->what, n, at, at < (size_t)n ? b2[at] : 0, at < size ? data[at] : 0);
		}
		/* The re-encoding must be canonical: encoding what it decodes to gives it back. */
		n3 = encode_checked(c, v2, data, size, &b3, "the re-decoded value", false);
		if (n3 != n || memcmp(b2, b3, (size_t)n))
			iowf_fail(data, size, "%s: encoding is not canonical: %ld bytes, then %ld different bytes",
				  c->what, n, n3);
	}
	if (c->check)
		c->check(c, v1, b2, (size_t)n);
accepted:
	iowf_accepted++;
out:
	iowf_text_free(&d1);
	iowf_text_free(&d2);
	free(b2);
	free(b3);
	free(v1);
	free(v2);
	return rc == 0;
}

/* ---- registry types ----------------------------------------------------------------------- */

static int type_decode(const struct iowf_codec *c, const uint8_t *buf, size_t len, void *out,
		       struct iow_error *err)
{
	return c->type->decode(c->cfg, buf, len, out, err);
}

static long type_encode(const struct iowf_codec *c, const void *in, uint8_t *buf, size_t cap,
			struct iow_error *err)
{
	return c->type->encode(c->cfg, in, buf, cap, err);
}

static void type_dump(const struct iowf_codec *c, const void *in, struct iow_dump *d)
{
	c->type->dump(c->cfg, in, d);
}

struct iowf_codec iowf_type_codec(const struct iowf_proto *proto, const struct iow_type_info *type,
				  const struct iow_cfg *cfg)
{
	struct iowf_codec c;

	memset(&c, 0, sizeof c);
	if (!type)
		iowf_fail(NULL, 0, "%s: a type the harness needs is missing from the registry", proto->name);
	c.proto = proto;
	c.what = type->name;
	c.cfg = cfg;
	c.c_size = type->c_size;
	c.decode = type_decode;
	c.encode = type_encode;
	c.dump = type_dump;
	c.type = type;
	return c;
}

/* ---- vfio-user messages ------------------------------------------------------------------- */

static int msg_decode(const struct iowf_codec *c, const uint8_t *buf, size_t len, void *out,
		      struct iow_error *err)
{
	struct iow_vfu_msg *m = out;
	int rc = iow_vfu_msg_decode(c->cfg, buf, len, c->nfds, m, err);

	/* Undefined header flag bits are ignored on receipt and written as zero: drop them. */
	if (rc == 0)
		m->hdr.flags &= (uint32_t)iow_vfu_header_flags_defined(c->cfg->profile);
	return rc;
}

static long msg_encode(const struct iowf_codec *c, const void *in, uint8_t *buf, size_t cap,
		       struct iow_error *err)
{
	return iow_vfu_msg_encode(c->cfg, in, c->nfds, buf, cap, err);
}

static void msg_dump(const struct iowf_codec *c, const void *in, struct iow_dump *d)
{
	iow_vfu_msg_dump(c->cfg, in, d);
}

static bool sent_by_server(const struct iow_vfu_msg *m)
{
	bool s2c = false;

	for (size_t i = 0; i < IOWF_VFU_SERVER_TO_CLIENT_COUNT; i++)
		if (m->hdr.command == iowf_vfu_server_to_client[i])
			s2c = true;
	return s2c != m->reply; /* a server-to-client command, or a reply to the client's */
}

static bool keep_server(const struct iowf_codec *c, const void *v)
{
	(void)c;
	return !sent_by_server(v);
}

static bool keep_client(const struct iowf_codec *c, const void *v)
{
	(void)c;
	return sent_by_server(v);
}

static void msg_check(const struct iowf_codec *c, const void *v, const uint8_t *enc, size_t n)
{
	const struct iow_vfu_msg *m = v;
	size_t size = iow_vfu_msg_size(c->cfg, m);

	if (size != n)
		iowf_fail(enc, n, "vfio-user message: iow_vfu_msg_size says %zu, the encoder wrote %zu", size, n);
	/* An error reply echoes the command it refuses, one the profile lacks too. */
	if (!m->error && !iow_vfu_msg_name(m->hdr.command, m->reply))
		iowf_fail(enc, n, "vfio-user message: decoded command %u has no name", (unsigned)m->hdr.command);
}

bool iowf_vfu_message(const uint8_t *data, size_t size, bool server)
{
	struct iowf_input in = { data, size };
	struct iowf_codec c;
	struct iow_cfg cfg;
	uint8_t sel, nfds, *fixed = NULL;
	bool ok;

	if (!iowf_take_cfg(&in, IOW_VFU_PROFILE_COUNT, &cfg, &sel) || !iowf_take_byte(&in, &nfds))
		return false;
	if ((sel & IOWF_SEL_FIX_SIZE) && in.size >= 8 && in.size <= UINT32_MAX) {
		uint32_t len = (uint32_t)in.size;

		fixed = malloc(in.size);
		if (!fixed)
			abort();
		memcpy(fixed, in.data, in.size);
		if (cfg.order == IOW_ORDER_HOST)
			memcpy(fixed + 4, &len, 4);
		else
			for (int i = 0; i < 4; i++)
				fixed[4 + i] = (uint8_t)(len >> (8 * i));
		in.data = fixed;
	}
	memset(&c, 0, sizeof c);
	c.proto = &iowf_vfu;
	c.what = server ? "vfio-user message to the server" : "vfio-user message to the client";
	c.cfg = &cfg;
	c.c_size = sizeof(struct iow_vfu_msg);
	c.decode = msg_decode;
	c.encode = msg_encode;
	c.dump = msg_dump;
	c.keep = server ? keep_server : keep_client;
	c.check = msg_check;
	c.nfds = nfds;
	ok = iowf_roundtrip(&c, in.data, in.size);
	free(fixed);
	return ok;
}
