/* The runner's side of a vfio-user session: every byte through libiowire's codecs. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conform.h"

#define SEND_BUFFER ((1u << 20) + 4096)

void close_fds(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

struct describe {
	char *buf;
	size_t size, used;
};

static void describe_line(void *ctx, const char *path, const char *value)
{
	struct describe *d = ctx;
	int n;

	if (d->used >= d->size)
		return;
	n = snprintf(d->buf + d->used, d->size - d->used, "%s = %s\n", path, value);
	if (n > 0)
		d->used += (size_t)n;
}

void vfu_describe(const struct iow_cfg *cfg, const struct iow_vfu_msg *m, char *buf, size_t size)
{
	struct describe d = { buf, size, 0 };
	struct iow_dump dump = { describe_line, &d, 0, "" };

	buf[0] = '\0';
	iow_vfu_msg_dump(cfg, m, &dump);
}

int vfu_send_raw(struct ctx *x, const uint8_t *buf, size_t len, const int *fds, unsigned nfds, size_t split)
{
	if (split && split < len) {
		if (iow_conn_send(x->t->fd, buf, split, fds, nfds))
			return -1;
		usleep(20000);
		return iow_conn_send(x->t->fd, buf + split, len - split, NULL, 0);
	}
	return iow_conn_send(x->t->fd, buf, len, fds, nfds);
}

int vfu_send(struct ctx *x, struct iow_vfu_msg *m, const int *fds, unsigned nfds, uint16_t *id)
{
	static uint8_t buf[SEND_BUFFER];
	struct iow_error err = { 0 };
	long n;

	m->hdr.msg_id = id && *id ? *id : x->t->next_id++;
	if (id)
		*id = m->hdr.msg_id;
	n = iow_vfu_msg_encode(&x->t->opts->cfg, m, nfds, buf, sizeof buf, &err);
	if (n < 0) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fprintf(stderr, "iowire-conform: cannot encode our own message: %s\n", text);
		abort();
	}
	return vfu_send_raw(x, buf, (size_t)n, fds, nfds, 0);
}

static long long remaining(long long deadline)
{
	long long left = deadline - now_ms();

	return left > 0 ? left : 0;
}

enum recv_status vfu_recv(struct ctx *x, struct iow_vfu_msg *m, int *fds, unsigned *nfds, struct iow_error *err)
{
	struct target *t = x->t;
	long long deadline = now_ms() + t->opts->timeout_ms;
	struct iow_frame f;

	*nfds = 0;
	for (;;) {
		enum iow_conn_status st = iow_conn_next(&t->conn, &f);

		if (st == IOW_CONN_MESSAGE)
			break;
		if (st == IOW_CONN_EOF)
			return R_CLOSED;
		if (st == IOW_CONN_ERROR)
			return errno == ECONNRESET ? R_CLOSED : R_GARBAGE;
		struct pollfd p = { t->fd, POLLIN, 0 };
		int n = poll(&p, 1, (int)remaining(deadline));

		if (n == 0)
			return R_TIMEOUT;
		if (n < 0 && errno != EINTR)
			return R_CLOSED;
		if (n > 0 && iow_conn_fill(&t->conn) < 0) {
			if (errno == EAGAIN)
				continue;
			return errno == EMSGSIZE || errno == EPROTO ? R_GARBAGE : R_CLOSED;
		}
	}
	memcpy(fds, f.fds, f.nfds * sizeof(int));
	*nfds = f.nfds;
	memset(err, 0, sizeof *err);
	if (iow_vfu_msg_decode(&t->opts->cfg, f.data, f.len, f.nfds, m, err)) {
		/* Keep what the header said, for the report. */
		return R_GARBAGE;
	}
	return R_MSG;
}

static const char *recv_text(enum recv_status st)
{
	switch (st) {
	case R_MSG: return "a message";
	case R_TIMEOUT: return "nothing (timeout)";
	case R_CLOSED: return "the connection closed";
	case R_GARBAGE: return "bytes that do not decode";
	}
	return "?";
}

enum recv_status vfu_call(struct ctx *x, struct iow_vfu_msg *req, const int *fds, unsigned nfds,
			  struct iow_vfu_msg *reply, int *rfds, unsigned *rnfds)
{
	uint16_t id = 0, cmd = req->hdr.command;
	struct iow_error err;
	enum recv_status st;

	if (vfu_send(x, req, fds, nfds, &id)) {
		conf_fail(x, "VFU-REPLY-001", "sending %s failed: %s", iow_vfu_msg_name(cmd, false), strerror(errno));
		return R_CLOSED;
	}
	st = vfu_recv(x, reply, rfds, rnfds, &err);
	if (st == R_GARBAGE) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		conf_fail(x, "VFU-REPLY-004", "the reply to %s does not decode: %s", iow_vfu_msg_name(cmd, false), text);
		return st;
	}
	if (st != R_MSG) {
		conf_fail(x, "VFU-REPLY-001", "%s got %s instead of a reply", iow_vfu_msg_name(cmd, false), recv_text(st));
		return st;
	}
	if (!reply->reply)
		conf_fail(x, "VFU-HDR-004", "the answer to %s has Type command, not reply", iow_vfu_msg_name(cmd, false));
	if (reply->hdr.msg_id != id)
		conf_fail(x, "VFU-HDR-010", "the reply to %s carries msg_id %u, the command had %u",
			  iow_vfu_msg_name(cmd, false), reply->hdr.msg_id, id);
	if (reply->hdr.command != cmd)
		conf_fail(x, "VFU-HDR-006", "the reply to %s carries command %u", iow_vfu_msg_name(cmd, false),
			  reply->hdr.command);
	if (reply->error && reply->payload.len)
		conf_info(x, "the error reply to %s carries %zu payload bytes (VFU-ERR-001 says header only)",
			  iow_vfu_msg_name(cmd, false), reply->payload.len);
	if (conf_failed(x) && !x->actual[0]) {
		vfu_describe(&x->t->opts->cfg, req, x->expected, sizeof x->expected);
		vfu_describe(&x->t->opts->cfg, reply, x->actual, sizeof x->actual);
	}
	return st;
}

/* The limits the server stated; absent keys keep the spec's defaults. A reply whose JSON the
 * capabilities parser rejects is a failure of its own. */
void vfu_read_caps(struct ctx *x, const struct iow_bytes *json, struct iow_vfu_caps *caps)
{
	struct iow_caps_report rep;

	iow_vfu_caps_defaults(caps);
	if (json->len && iow_vfu_caps_parse((const char *)json->ptr, json->len, caps, &rep) != IOW_CAPS_OK)
		conf_fail(x, "VFU-VER-009", "the VERSION reply's JSON: %s", rep.message);
	else if (json->len && rep.n_unknown)
		conf_info(x, "the VERSION reply has %zu capabilities iowire does not know, first %s", rep.n_unknown,
			  rep.unknown[0]);
	x->t->max_data_xfer = caps->max_data_xfer_size;
	x->t->max_msg_fds = caps->max_msg_fds;
}

int vfu_negotiate(struct ctx *x)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";
	struct iow_vfu_msg req = { 0 }, reply;
	struct iow_vfu_caps caps;
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds = 0;

	req.hdr.command = IOW_VFU_COMMAND_VERSION;
	req.u.version.major = 0;
	req.u.version.minor = 2;
	req.u.version.json.ptr = (const uint8_t *)json;
	req.u.version.json.len = sizeof json;
	if (vfu_call(x, &req, NULL, 0, &reply, fds, &nfds) != R_MSG)
		return -1;
	close_fds(fds, nfds);
	if (reply.error) {
		conf_fail(x, "VFU-VER-004", "VERSION 0.2 with a plain capabilities object was refused (errno %u)",
			  reply.hdr.error);
		return -1;
	}
	x->t->minor = reply.u.version.minor;
	vfu_read_caps(x, &reply.u.version.json, &caps);
	x->t->negotiated = true;
	return 0;
}

/* ---- verdicts ---- */

static void add(struct ctx *x, enum verdict v, const char *req, const char *fmt, va_list ap)
{
	struct finding *f;

	if (x->nfindings >= MAX_FINDINGS)
		return;
	f = &x->findings[x->nfindings++];
	f->verdict = v;
	snprintf(f->req, sizeof f->req, "%s", req ? req : "");
	vsnprintf(f->text, sizeof f->text, fmt, ap);
}

void conf_fail(struct ctx *x, const char *req, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(x, V_FAILED, req, fmt, ap);
	va_end(ap);
}

void conf_should(struct ctx *x, const char *req, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(x, V_NON_STRICT, req, fmt, ap);
	va_end(ap);
}

void conf_info(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(x, V_INFORMATIONAL, NULL, fmt, ap);
	va_end(ap);
}

void conf_note(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(x, V_OK, NULL, fmt, ap);
	va_end(ap);
}

void conf_unimplemented(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(x, V_UNIMPLEMENTED, NULL, fmt, ap);
	va_end(ap);
}

enum verdict conf_verdict(const struct ctx *x)
{
	enum verdict worst = V_OK;

	for (unsigned i = 0; i < x->nfindings; i++)
		if (x->findings[i].verdict > worst)
			worst = x->findings[i].verdict;
	return worst;
}

bool conf_failed(const struct ctx *x)
{
	return conf_verdict(x) == V_FAILED;
}
