/* The runner's side of a vfio-user session: every byte through libiowire's codecs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conform.h"
#include "vfu_dma.h"

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

/* ---- the server's commands: the runner's DMA service (vfu_dma.h) ---- */

#define MAX_HELD 8

struct area {
	uint64_t iova, size;
	uint8_t *mem; /* NULL: mapped with an fd */
	uint32_t flags;
};

struct held {
	uint8_t *data;
	size_t len;
	bool on_twin;
};

/* The service's state, for one case at a time: it is reset when a new case uses it. */
static struct service {
	const struct conf_case *c;
	long long started;
	struct area areas[VFU_DMA_MAX_AREAS];
	unsigned nareas;
	bool track, hold;
	unsigned write_form; /* 0: the echo */
	const char *forbid_req;
	char forbid_why[160];
	int twin_fd;
	struct iow_conn twin;
	uint8_t *twin_buf;
	struct held held[MAX_HELD];
	unsigned nheld;
	struct vfu_dma_stats stats;
} svc = { .twin_fd = -1 };

static void svc_clear(void)
{
	if (svc.twin_fd >= 0) {
		iow_conn_release(&svc.twin);
		close(svc.twin_fd);
	}
	for (unsigned i = 0; i < svc.nheld; i++)
		free(svc.held[i].data);
	uint8_t *keep = svc.twin_buf;

	memset(&svc, 0, sizeof svc);
	svc.twin_fd = -1;
	svc.twin_buf = keep;
}

static struct service *svc_of(struct ctx *x)
{
	if (svc.c != x->c || svc.started != x->started_ms) {
		svc_clear();
		svc.c = x->c;
		svc.started = x->started_ms;
	}
	return &svc;
}

int vfu_dma_add(struct ctx *x, uint64_t iova, uint64_t size, uint8_t *mem, uint32_t flags)
{
	struct service *s = svc_of(x);

	if (s->nareas == VFU_DMA_MAX_AREAS)
		return -1;
	s->areas[s->nareas++] = (struct area){ iova, size, mem, flags };
	return 0;
}

void vfu_dma_remove(struct ctx *x, uint64_t iova, uint64_t size)
{
	struct service *s = svc_of(x);

	for (unsigned i = 0; i < s->nareas; i++)
		if (s->areas[i].iova == iova && s->areas[i].size == size) {
			s->areas[i] = s->areas[--s->nareas];
			return;
		}
}

void vfu_dma_track(struct ctx *x, bool on)
{
	svc_of(x)->track = on;
}

void vfu_dma_forbid(struct ctx *x, const char *req, const char *why)
{
	struct service *s = svc_of(x);

	s->forbid_req = req;
	snprintf(s->forbid_why, sizeof s->forbid_why, "%s", why ? why : "");
}

void vfu_dma_write_form(struct ctx *x, unsigned form)
{
	svc_of(x)->write_form = form == IOW_VFU_DMA_WRITE_REPLY_ECHO ? 0 : form + 1;
}

void vfu_dma_twin(struct ctx *x, int fd)
{
	struct service *s = svc_of(x);

	if (s->twin_fd >= 0) {
		iow_conn_release(&s->twin);
		close(s->twin_fd);
	}
	if (!s->twin_buf)
		s->twin_buf = malloc(SEND_BUFFER);
	if (!s->twin_buf) {
		close(fd);
		s->twin_fd = -1;
		return;
	}
	s->twin_fd = fd;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&s->twin, fd, s->twin_buf, SEND_BUFFER, iow_vfu_frame,
		      x->t->opts->cfg.order == IOW_ORDER_HOST ? (void *)1 : NULL);
}

bool vfu_dma_has_twin(struct ctx *x)
{
	return svc_of(x)->twin_fd >= 0;
}

void vfu_dma_end(struct ctx *x)
{
	svc_of(x);
	svc_clear();
	svc.c = x->c;
	svc.started = x->started_ms;
}

const struct vfu_dma_stats *vfu_dma_stats(struct ctx *x)
{
	return &svc_of(x)->stats;
}

static int reply_fd(struct ctx *x, bool on_twin)
{
	return on_twin ? svc.twin_fd : x->t->fd;
}

static void send_error_reply(struct ctx *x, bool on_twin, const struct iow_vfu_header *q, int errnum)
{
	struct iow_vfu_header h = { q->msg_id, q->command, IOW_VFU_HEADER_SIZE,
				    IOW_VFU_MSG_TYPE_REPLY << IOW_VFU_HEADER_FLAGS_TYPE_SHIFT | IOW_VFU_HEADER_FLAGS_ERROR,
				    (uint32_t)errnum };
	uint8_t buf[IOW_VFU_HEADER_SIZE];
	struct iow_error err = { 0 };

	if (q->flags & IOW_VFU_HEADER_FLAGS_NO_REPLY)
		return;
	if (iow_vfu_header_encode(&x->t->opts->cfg, &h, buf, sizeof buf, &err) == IOW_VFU_HEADER_SIZE)
		iow_conn_send(reply_fd(x, on_twin), buf, sizeof buf, NULL, 0);
}

static void send_reply(struct ctx *x, bool on_twin, const struct iow_vfu_header *q, struct iow_vfu_msg *r)
{
	static uint8_t buf[SEND_BUFFER];
	struct iow_error err = { 0 };
	long n;

	if (q->flags & IOW_VFU_HEADER_FLAGS_NO_REPLY)
		return;
	r->hdr.msg_id = q->msg_id;
	r->hdr.command = q->command;
	r->hdr.flags = IOW_VFU_MSG_TYPE_REPLY << IOW_VFU_HEADER_FLAGS_TYPE_SHIFT;
	r->reply = true;
	n = iow_vfu_msg_encode(&x->t->opts->cfg, r, 0, buf, sizeof buf, &err);
	if (n < 0) {
		send_error_reply(x, on_twin, q, EIO);
		return;
	}
	iow_conn_send(reply_fd(x, on_twin), buf, (size_t)n, NULL, 0);
}

static const struct area *find_area(uint64_t address, uint64_t count, bool *partly)
{
	*partly = false;
	for (unsigned i = 0; i < svc.nareas; i++) {
		const struct area *a = &svc.areas[i];

		if (address < a->iova || address - a->iova >= a->size)
			continue;
		if (count <= a->size - (address - a->iova))
			return a;
		*partly = true;
	}
	return NULL;
}

/* One decoded command from the server: DMA_READ and DMA_WRITE are served, anything else gets
 * an error reply. */
static void serve(struct ctx *x, bool on_twin, const struct iow_vfu_msg *q)
{
	struct service *s = &svc;
	const char *name = iow_vfu_msg_name(q->hdr.command, false);
	bool is_read = q->hdr.command == IOW_VFU_COMMAND_DMA_READ;
	uint64_t address, count;
	const struct area *a;
	bool partly;

	if (!is_read && q->hdr.command != IOW_VFU_COMMAND_DMA_WRITE) {
		s->stats.others++;
		conf_fail(x, "VFU-CMD-001", "the server sent %s, a command that goes from client to server",
			  name ? name : "an unknown command");
		send_error_reply(x, on_twin, &q->hdr, EINVAL);
		return;
	}
	address = is_read ? q->u.dma_access.address : q->u.dma_access_data.access.address;
	count = is_read ? q->u.dma_access.count : q->u.dma_access_data.access.count;
	s->stats.last_address = address;
	s->stats.last_count = count;
	if (on_twin)
		s->stats.on_twin++;
	else
		s->stats.on_main++;
	if (!on_twin && s->twin_fd >= 0)
		conf_fail(x, "VFU-TWIN-004", "%s arrived on the main socket although a twin socket was set up", name);
	if (s->forbid_req)
		conf_fail(x, s->forbid_req, "the server sent %s (%#llx, %llu bytes) %s", name,
			  (unsigned long long)address, (unsigned long long)count, s->forbid_why);
	if (count > IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT) {
		conf_fail(x, "VFU-SIZE-009", "%s of %llu bytes, above the runner's max_data_xfer_size of %llu", name,
			  (unsigned long long)count, (unsigned long long)IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT);
		send_error_reply(x, on_twin, &q->hdr, EINVAL);
		return;
	}
	a = find_area(address, count, &partly);
	if (!a) {
		s->stats.faults++;
		if (s->track && partly)
			conf_fail(x, "VFU-DMA-RW-001", "%s of [%#llx, +%llu) runs past the end of its DMA region", name,
				  (unsigned long long)address, (unsigned long long)count);
		else if (s->track)
			conf_fail(x, "VFU-DMA-MAP-008", "%s of [%#llx, +%llu): no DMA_MAP covers that address", name,
				  (unsigned long long)address, (unsigned long long)count);
		send_error_reply(x, on_twin, &q->hdr, EFAULT);
		return;
	}
	if (!(a->flags & (is_read ? IOW_VFU_DMA_MAP_FLAGS_READ : IOW_VFU_DMA_MAP_FLAGS_WRITE))) {
		s->stats.denied++;
		conf_fail(x, "VFU-DMA-MAP-004", "%s of [%#llx, +%llu), a region mapped without the %s flag", name,
			  (unsigned long long)address, (unsigned long long)count, is_read ? "read" : "write");
		send_error_reply(x, on_twin, &q->hdr, EFAULT);
		return;
	}
	if (!a->mem) {
		s->stats.fd_mode++;
		send_error_reply(x, on_twin, &q->hdr, EFAULT);
		return;
	}
	struct iow_vfu_msg r;

	memset(&r, 0, sizeof r);
	if (is_read) {
		r.u.dma_access_data.access.address = address;
		r.u.dma_access_data.access.count = count;
		r.u.dma_access_data.data.ptr = a->mem + (address - a->iova);
		r.u.dma_access_data.data.len = (size_t)count;
		s->stats.reads++;
		s->stats.bytes_read += count;
	} else {
		memcpy(a->mem + (address - a->iova), q->u.dma_access_data.data.ptr, (size_t)count);
		/* the 16-byte echo, the form VFU-DMA-RW-005 recommends, unless the case asked for another */
		r.u.dma_write_reply.kase = s->write_form ? s->write_form - 1 : IOW_VFU_DMA_WRITE_REPLY_ECHO;
		if (r.u.dma_write_reply.kase == IOW_VFU_DMA_WRITE_REPLY_SHORT) {
			r.u.dma_write_reply.u.dma_write_reply_short.address = address;
			r.u.dma_write_reply.u.dma_write_reply_short.count = (uint32_t)count;
		} else {
			r.u.dma_write_reply.u.dma_access.address = address;
			r.u.dma_write_reply.u.dma_access.count = count;
		}
		s->stats.writes++;
		s->stats.bytes_written += count;
	}
	send_reply(x, on_twin, &q->hdr, &r);
}

/* A whole message from the server that is a command (or claims to be one in its header). */
static void serve_frame(struct ctx *x, bool on_twin, const uint8_t *data, size_t len, unsigned nfds)
{
	static struct iow_vfu_msg q;
	struct iow_error err = { 0 };

	if (iow_vfu_msg_decode(&x->t->opts->cfg, data, len, nfds, &q, &err)) {
		struct iow_vfu_header h = { 0 };
		char text[256];

		iow_error_format(&err, text, sizeof text);
		iow_vfu_header_decode(&x->t->opts->cfg, data, IOW_VFU_HEADER_SIZE, &h, NULL);
		conf_fail(x,
			  !iow_vfu_command_valid(x->t->opts->cfg.profile, h.command) ? "VFU-HDR-006"
			  : h.command == IOW_VFU_COMMAND_DMA_WRITE			 ? "VFU-DMA-RW-006"
											 : "VFU-TRANS-002",
			  "a command from the server (command %u) does not decode: %s", h.command, text);
		send_error_reply(x, on_twin, &h, EINVAL);
		return;
	}
	if (q.reply) {
		/* The runner sends no commands on the twin socket: a reply there answers nothing. */
		conf_fail(x, "VFU-TWIN-004", "a %s reply arrived on the twin socket",
			  iow_vfu_msg_name(q.hdr.command, true) ? iow_vfu_msg_name(q.hdr.command, false) : "?");
		return;
	}
	serve(x, on_twin, &q);
}

static void hold_frame(const uint8_t *data, size_t len, bool on_twin)
{
	if (svc.nheld == MAX_HELD)
		return;
	svc.held[svc.nheld].data = malloc(len);
	if (!svc.held[svc.nheld].data)
		return;
	memcpy(svc.held[svc.nheld].data, data, len);
	svc.held[svc.nheld].len = len;
	svc.held[svc.nheld].on_twin = on_twin;
	svc.nheld++;
	svc.stats.held++;
}

void vfu_dma_hold(struct ctx *x, bool hold)
{
	struct service *s = svc_of(x);

	s->hold = hold;
	if (hold)
		return;
	for (unsigned i = 0; i < s->nheld; i++) {
		serve_frame(x, s->held[i].on_twin, s->held[i].data, s->held[i].len, 0);
		free(s->held[i].data);
	}
	s->nheld = 0;
}

/* Type bits of a message's header say command. */
static bool is_command(const struct ctx *x, const uint8_t *data, size_t len)
{
	struct iow_vfu_header h;

	if (len < IOW_VFU_HEADER_SIZE ||
	    iow_vfu_header_decode(&x->t->opts->cfg, data, IOW_VFU_HEADER_SIZE, &h, NULL))
		return false;
	return ((h.flags & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT) == IOW_VFU_MSG_TYPE_COMMAND;
}

/* The next whole message on the main socket or the twin socket, until deadline. */
static enum recv_status next_frame(struct ctx *x, long long deadline, struct iow_frame *f, bool *on_twin)
{
	struct target *t = x->t;

	for (;;) {
		enum iow_conn_status st = iow_conn_next(&t->conn, f);
		struct pollfd p[2] = { { t->fd, POLLIN, 0 }, { -1, POLLIN, 0 } };

		if (st == IOW_CONN_MESSAGE) {
			*on_twin = false;
			return R_MSG;
		}
		if (st == IOW_CONN_EOF)
			return R_CLOSED;
		if (st == IOW_CONN_ERROR)
			return errno == ECONNRESET ? R_CLOSED : R_GARBAGE;
		if (svc.twin_fd >= 0 && !svc.hold) {
			st = iow_conn_next(&svc.twin, f);
			if (st == IOW_CONN_MESSAGE) {
				*on_twin = true;
				return R_MSG;
			}
			if (st == IOW_CONN_EOF || st == IOW_CONN_ERROR) {
				conf_info(x, "the server closed the twin socket");
				iow_conn_release(&svc.twin);
				close(svc.twin_fd);
				svc.twin_fd = -1;
			} else {
				p[1].fd = svc.twin_fd;
			}
		}
		int n = poll(p, 2, (int)remaining(deadline));

		if (n == 0)
			return R_TIMEOUT;
		if (n < 0 && errno != EINTR)
			return R_CLOSED;
		if (n <= 0)
			continue;
		if (p[0].revents && iow_conn_fill(&t->conn) < 0 && errno != EAGAIN)
			return errno == EMSGSIZE || errno == EPROTO ? R_GARBAGE : R_CLOSED;
		if (p[1].fd >= 0 && p[1].revents && iow_conn_fill(&svc.twin) < 0 && errno != EAGAIN)
			svc.twin.eof = 1; /* reported on the next round */
	}
}

/* Waits until deadline for a message that is not a command from the server; those are served
 * (or held) on the way. */
static enum recv_status recv_until(struct ctx *x, long long deadline, struct iow_vfu_msg *m, int *fds,
				   unsigned *nfds, struct iow_error *err)
{
	struct iow_frame f;
	bool on_twin;

	*nfds = 0;
	memset(err, 0, sizeof *err);
	svc_of(x);
	for (;;) {
		enum recv_status st = next_frame(x, deadline, &f, &on_twin);

		if (st == R_GARBAGE) {
			/* the transport could not frame the bytes: no decode error to report */
			err->code = IOW_E_MSG_SIZE;
			err->protocol = "vfio-user";
			err->message = "header";
			snprintf(err->path, sizeof err->path, "msg_size (below 16 or above the runner's buffer)");
		}
		if (st != R_MSG)
			return st;
		if (on_twin || is_command(x, f.data, f.len)) {
			close_fds(f.fds, f.nfds);
			if (svc.hold)
				hold_frame(f.data, f.len, on_twin);
			else
				serve_frame(x, on_twin, f.data, f.len, f.nfds);
			continue;
		}
		memcpy(fds, f.fds, f.nfds * sizeof(int));
		*nfds = f.nfds;
		memset(err, 0, sizeof *err);
		if (iow_vfu_msg_decode(&x->t->opts->cfg, f.data, f.len, f.nfds, m, err)) {
			/* Keep what the header said, for the report. */
			return R_GARBAGE;
		}
		return R_MSG;
	}
}

enum recv_status vfu_recv(struct ctx *x, struct iow_vfu_msg *m, int *fds, unsigned *nfds, struct iow_error *err)
{
	return recv_until(x, now_ms() + x->t->opts->timeout_ms, m, fds, nfds, err);
}

enum recv_status vfu_pump(struct ctx *x, unsigned ms, struct iow_vfu_msg *m, int *fds, unsigned *nfds)
{
	struct iow_error err;

	return recv_until(x, now_ms() + ms, m, fds, nfds, &err);
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
