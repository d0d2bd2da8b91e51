/* vfio-user messages of the client: negotiation, commands and their replies, and the server's
 * DMA_READ and DMA_WRITE. Every message in and out goes through libiowire's codecs
 * (iow_vfu_msg_decode/encode; iow_vfu_header_encode for error replies, which may answer a
 * command the schema does not know) and its transport (iow_conn_*). */
#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TYPE_OF(flags) (((flags) & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT)
#define HEADER_FLAGS_DEFINED (IOW_VFU_HEADER_FLAGS_TYPE | IOW_VFU_HEADER_FLAGS_NO_REPLY | IOW_VFU_HEADER_FLAGS_ERROR)

void close_fds(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

void reply_release(struct reply *r)
{
	close_fds(r->fds, r->nfds);
	r->nfds = 0;
}

const char *cmd_name(unsigned command)
{
	const char *name = iow_vfu_msg_name(command, false);

	return name ? name : "an unknown command";
}

/* ---- -v: every message, field by field ---- */

static void dump_line(void *ctx, const char *path, const char *value)
{
	fprintf(ctx, "    %-40s %s\n", path, value);
}

static void log_msg(const struct client *c, const char *dir, bool twin, const uint8_t *buf, size_t len,
		    unsigned nfds)
{
	static struct iow_vfu_msg m;
	struct iow_error err = { 0 };
	struct iow_dump d = { dump_line, c->log, 0, "" };
	const char *name;

	if (c->opt.verbose < 1)
		return;
	if (iow_vfu_msg_decode(&c->cfg, buf, len, nfds, &m, &err)) {
		char text[320];

		iow_error_format(&err, text, sizeof text);
		fprintf(c->log, "iowire-ref-client: %s%s %zu bytes, %u fds: %s\n", dir, twin ? " (twin)" : "", len,
			nfds, text);
		return;
	}
	name = iow_vfu_msg_name(m.hdr.command, m.reply);
	fprintf(c->log, "iowire-ref-client: %s%s %s%s (msg_id %u, %zu bytes, %u fds)\n", dir, twin ? " (twin)" : "",
		name ? name : "?", m.error ? " ERROR" : "", m.hdr.msg_id, len, nfds);
	if (c->opt.verbose > 1)
		iow_vfu_msg_dump(&c->cfg, &m, &d);
}

/* ---- sending ---- */

static int send_on(struct client *c, bool twin, const struct iow_vfu_msg *m, const int *fds, unsigned nfds)
{
	struct iow_error err = { 0 };
	long n = iow_vfu_msg_encode(&c->cfg, m, nfds, c->txbuf, c->bufcap, &err);
	int fd = twin ? c->twin_fd : c->fd;

	if (n < 0) {
		char text[320];

		iow_error_format(&err, text, sizeof text);
		fprintf(c->log, "iowire-ref-client: internal error: cannot encode %s: %s\n",
			iow_vfu_msg_name(m->hdr.command, m->reply), text);
		return -1;
	}
	log_msg(c, "->", twin, c->txbuf, (size_t)n, nfds);
	/* One sendmsg() per message, the fds with its first byte (VFU-FD-001, VFU-TRANS-005). */
	if (iow_conn_send(fd, c->txbuf, (size_t)n, fds, nfds) < 0) {
		fprintf(c->log, "iowire-ref-client: sending %s: %s\n", iow_vfu_msg_name(m->hdr.command, m->reply),
			strerror(errno));
		return -1;
	}
	return 0;
}

/* An error reply: the header alone (VFU-ERR-001), with a positive errno (VFU-ERR-002). */
static void send_error(struct client *c, bool twin, const struct iow_vfu_header *q, int errnum)
{
	struct iow_vfu_header h = { q->msg_id, q->command, IOW_VFU_HEADER_SIZE,
				    IOW_VFU_MSG_TYPE_REPLY | IOW_VFU_HEADER_FLAGS_ERROR, (uint32_t)errnum };
	struct iow_error err = { 0 };
	long n = iow_vfu_header_encode(&c->cfg, &h, c->txbuf, c->bufcap, &err);

	if (n < 0)
		return;
	log_msg(c, "->", twin, c->txbuf, (size_t)n, 0);
	if (iow_conn_send(twin ? c->twin_fd : c->fd, c->txbuf, (size_t)n, NULL, 0) < 0)
		fprintf(c->log, "iowire-ref-client: sending an error reply: %s\n", strerror(errno));
}

static int send_command(struct client *c, struct iow_vfu_msg *m, const int *fds, unsigned nfds, bool no_reply)
{
	m->hdr.msg_id = c->next_id++;
	m->hdr.flags = IOW_VFU_MSG_TYPE_COMMAND | (no_reply ? IOW_VFU_HEADER_FLAGS_NO_REPLY : 0);
	m->hdr.error = 0;
	m->reply = false;
	m->error = false;
	return send_on(c, false, m, fds, nfds);
}

int post(struct client *c, struct iow_vfu_msg *m)
{
	return send_command(c, m, NULL, 0, true) ? CALL_FATAL : 0;
}

/* ---- the server's commands ---- */

/* The mapped region that holds [addr, addr + count), or NULL. */
static struct map *find_map(struct client *c, uint64_t addr, uint64_t count)
{
	for (unsigned i = 0; i < 2; i++) {
		struct map *m = &c->maps[i];

		if (m->mapped && addr >= m->iova && addr - m->iova <= m->size && count <= m->size - (addr - m->iova))
			return m;
	}
	return NULL;
}

static int serve_dma(struct client *c, const struct iow_vfu_msg *q, bool twin, bool no_reply)
{
	bool is_read = q->hdr.command == IOW_VFU_COMMAND_DMA_READ;
	const struct iow_vfu_dma_access *a = is_read ? &q->u.dma_access : &q->u.dma_access_data.access;
	struct iow_vfu_msg r;
	struct map *m;
	uint64_t at;

	if (a->count > CL_MAX_XFER) {
		violation(c, "VFU-SIZE-009", "%s of %llu bytes, above our max_data_xfer_size %u", cmd_name(q->hdr.command),
			  (unsigned long long)a->count, CL_MAX_XFER);
		return EINVAL;
	}
	m = find_map(c, a->address, a->count);
	if (!m) {
		/* VFU-DMA-RW-002: an error reply; EFAULT as VFU-DMA-RW-007 asks. */
		violation(c, "VFU-DMA-RW-001", "%s of [%#llx, +%llu) is not within one mapped region",
			  cmd_name(q->hdr.command), (unsigned long long)a->address, (unsigned long long)a->count);
		return EFAULT;
	}
	if (!(m->flags & (is_read ? IOW_VFU_DMA_MAP_FLAGS_READ : IOW_VFU_DMA_MAP_FLAGS_WRITE))) {
		violation(c, "VFU-DMA-MAP-004", "%s of a region mapped without the %s flag", cmd_name(q->hdr.command),
			  is_read ? "read" : "write");
		return EPERM;
	}
	at = a->address - m->iova;
	c->dma_served++;
	memset(&r, 0, sizeof r);
	r.hdr.msg_id = q->hdr.msg_id;
	r.hdr.command = q->hdr.command;
	r.hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	r.reply = true;
	if (is_read) {
		/* VFU-DMA-RW-003: address and count repeated, count bytes of data. */
		r.u.dma_access_data.access = *a;
		r.u.dma_access_data.data.ptr = m->mem + at;
		r.u.dma_access_data.data.len = (size_t)a->count;
	} else {
		memcpy(m->mem + at, q->u.dma_access_data.data.ptr, (size_t)a->count);
		/* VFU-DMA-RW-005: the 16-byte echo of the request's fixed part. */
		r.u.dma_write_reply.kase = IOW_VFU_DMA_WRITE_REPLY_ECHO;
		r.u.dma_write_reply.u.dma_access = *a;
	}
	if (!no_reply && send_on(c, twin, &r, NULL, 0))
		return -1;
	return 0;
}

/* A command from the server: DMA_READ or DMA_WRITE, on the socket they belong on; anything else
 * is refused without acting on it (VFU-CMD-002, VFU-HDR-007). false: the connection is lost. */
static bool serve_command(struct client *c, const struct iow_vfu_msg *q, bool decoded, const struct iow_error *err,
			  bool twin)
{
	bool no_reply = (q->hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY) != 0;
	bool dma = q->hdr.command == IOW_VFU_COMMAND_DMA_READ || q->hdr.command == IOW_VFU_COMMAND_DMA_WRITE;
	int rc;

	if (!decoded) {
		char text[320];

		iow_error_format(err, text, sizeof text);
		violation(c, iow_vfu_command_valid(c->cfg.profile, q->hdr.command) ? "VFU-CMD-005" : "VFU-HDR-006",
			  "the server sent a command that does not decode: %s", text);
		rc = EINVAL;
	} else if (!dma) {
		violation(c, "VFU-CMD-001", "the server sent %s, a command that goes from client to server",
			  cmd_name(q->hdr.command));
		rc = EINVAL;
	} else if (c->twin_fd >= 0 && !twin) {
		violation(c, "VFU-TWIN-004", "%s on the main socket, though a twin socket was agreed",
			  cmd_name(q->hdr.command));
		rc = EINVAL;
	} else {
		if (q->hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR || q->hdr.error)
			/* ignored, as VFU-HDR-008 asks of a receiver */
			violation(c, "VFU-HDR-008", "%s with the error bit or an errno set", cmd_name(q->hdr.command));
		rc = serve_dma(c, q, twin, no_reply);
		if (rc < 0)
			return false;
	}
	if (rc > 0 && !no_reply)
		send_error(c, twin, &q->hdr, rc);
	return true;
}

/* ---- receiving ---- */

enum got { GOT_NOTHING, GOT_MESSAGE, GOT_LOST };

/* The next whole message on a connection, without waiting. */
static enum got next_frame(struct client *c, bool twin, struct iow_frame *f)
{
	struct iow_conn *conn = twin ? &c->twin : &c->conn;
	enum iow_conn_status st = iow_conn_next(conn, f);

	if (st == IOW_CONN_MESSAGE) {
		log_msg(c, "<-", twin, f->data, f->len, f->nfds);
		return GOT_MESSAGE;
	}
	if (st == IOW_CONN_AGAIN)
		return GOT_NOTHING;
	if (st == IOW_CONN_EOF) {
		fprintf(c->log, "iowire-ref-client: the server closed the %s socket\n", twin ? "twin" : "main");
	} else if (errno == EPROTO || errno == EMSGSIZE) {
		/* VFU-HDR-002, VFU-ERR-007: a header we cannot frame ends the connection. */
		violation(c, "VFU-HDR-001", "a message on the %s socket cannot be framed (msg_size below 16 or above "
			  "our limit)", twin ? "twin" : "main");
	} else {
		/* VFU-TRANS-004: the stream ended inside a message. */
		fprintf(c->log, "iowire-ref-client: the %s socket ended inside a message\n", twin ? "twin" : "main");
	}
	return GOT_LOST;
}

/* The twin socket is gone: DMA may no longer come; the session goes on without it. */
static void twin_lost(struct client *c)
{
	iow_conn_release(&c->twin);
	close(c->twin_fd);
	c->twin_fd = -1;
}

/* Handles whatever is buffered on the twin socket. */
static void drain_twin(struct client *c)
{
	struct iow_frame f;
	struct iow_vfu_msg q;
	struct iow_error err;

	while (c->twin_fd >= 0) {
		enum got g = next_frame(c, true, &f);

		if (g == GOT_NOTHING)
			return;
		if (g == GOT_LOST) {
			twin_lost(c);
			return;
		}
		memset(&err, 0, sizeof err);
		bool ok = iow_vfu_msg_decode(&c->cfg, f.data, f.len, f.nfds, &q, &err) == 0;

		close_fds(f.fds, f.nfds);
		if (TYPE_OF(q.hdr.flags) == IOW_VFU_MSG_TYPE_REPLY) {
			violation(c, "VFU-TWIN-004", "a reply (to %s, msg_id %u) on the twin socket", cmd_name(q.hdr.command),
				  q.hdr.msg_id);
			continue;
		}
		if (!serve_command(c, &q, ok, &err, true)) {
			twin_lost(c);
			return;
		}
	}
}

/* Reads what the sockets have; waits up to ms for something (in_flight: for the reply to a
 * command). false: the main socket is lost. */
static bool fill(struct client *c, long long ms, bool in_flight)
{
	struct pollfd p[2] = { { c->fd, POLLIN, 0 }, { c->twin_fd, POLLIN, 0 } };
	nfds_t n = c->twin_fd >= 0 ? 2 : 1;
	int k;

	if (c->peer && !c->peer->wait(c, in_flight, c->peer->arg)) {
		/* nothing comes: the wait is over at once, in the peer's time */
		c->peer->clock_ms += ms < 0 ? 0 : ms;
		ms = 0;
	}
	k = poll(p, n, ms < 0 ? 0 : (int)ms);

	if (k < 0)
		return errno == EINTR;
	if (n == 2 && p[1].revents) {
		long got = iow_conn_fill(&c->twin);

		if (got < 0 && errno != EAGAIN && errno != EINTR) {
			fprintf(c->log, "iowire-ref-client: twin socket: %s\n", strerror(errno));
			twin_lost(c);
		}
	}
	if (p[0].revents) {
		long got = iow_conn_fill(&c->conn);

		if (got < 0 && errno != EAGAIN && errno != EINTR) {
			if (errno == ENOBUFS)
				/* VFU-FD-006: truncated ancillary data lost a descriptor. */
				fprintf(c->log, "iowire-ref-client: file descriptors were lost (MSG_CTRUNC)\n");
			else
				fprintf(c->log, "iowire-ref-client: main socket: %s\n", strerror(errno));
			return false;
		}
	}
	return true;
}

/* Checks the header of a reply that matched our command. */
static void check_reply_header(struct client *c, const struct iow_vfu_msg *m)
{
	if (m->hdr.flags & ~(uint32_t)HEADER_FLAGS_DEFINED)
		/* ignored, as VFU-HDR-009 asks of a receiver */
		violation(c, "VFU-HDR-009", "the reply to %s sets undefined flag bits %#x", cmd_name(m->hdr.command),
			  m->hdr.flags & ~(uint32_t)HEADER_FLAGS_DEFINED);
	if (m->hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY)
		/* ignored, as VFU-REPLY-003 asks of a receiver */
		violation(c, "VFU-REPLY-003", "the reply to %s has the no-reply bit set", cmd_name(m->hdr.command));
	if (m->error && m->payload.len)
		/* ignored, as VFU-ERR-004 asks */
		violation(c, "VFU-ERR-001", "the error reply to %s carries %zu payload bytes", cmd_name(m->hdr.command),
			  m->payload.len);
}

/* Waits for the reply to (id, command), serving the server's commands meanwhile. */
static int wait_reply(struct client *c, uint16_t id, uint16_t command, struct reply *r, bool negotiating)
{
	long long deadline = client_now(c) + c->opt.timeout_ms;
	struct iow_frame f;
	struct iow_error err;

	for (;;) {
		enum got g;

		drain_twin(c);
		g = next_frame(c, false, &f);
		if (g == GOT_LOST) {
			/* VFU-DISC-004: the command in flight has failed. */
			fprintf(c->log, "iowire-ref-client: %s was in flight when the connection was lost\n", cmd_name(command));
			return CALL_FATAL;
		}
		if (g == GOT_MESSAGE) {
			bool ok;

			memset(&err, 0, sizeof err);
			ok = iow_vfu_msg_decode(&c->cfg, f.data, f.len, f.nfds, &r->m, &err) == 0;
			if (TYPE_OF(r->m.hdr.flags) != IOW_VFU_MSG_TYPE_REPLY) {
				close_fds(f.fds, f.nfds);
				if (TYPE_OF(r->m.hdr.flags) != IOW_VFU_MSG_TYPE_COMMAND) {
					violation(c, "VFU-HDR-005", "a message of type %u", TYPE_OF(r->m.hdr.flags));
					return CALL_FATAL;
				}
				if (negotiating) {
					violation(c, "VFU-VER-002", "the server sent %s before its VERSION reply",
						  cmd_name(r->m.hdr.command));
					return CALL_FATAL;
				}
				if (!serve_command(c, &r->m, ok, &err, false))
					return CALL_FATAL;
				continue;
			}
			if (r->m.hdr.msg_id != id || r->m.hdr.command != command) {
				/* VFU-HDR-013: a reply to nothing we sent is a protocol error. */
				close_fds(f.fds, f.nfds);
				violation(c, "VFU-HDR-010", "a reply with msg_id %u and command %u, while only %s (msg_id %u) is "
					  "in flight", r->m.hdr.msg_id, r->m.hdr.command, cmd_name(command), id);
				return CALL_FATAL;
			}
			memcpy(r->fds, f.fds, f.nfds * sizeof(int));
			r->nfds = f.nfds;
			if (!ok) {
				char text[320];

				iow_error_format(&err, text, sizeof text);
				reply_release(r);
				violation(c, err.code == IOW_E_FDS ? "VFU-FD-002" : "VFU-REPLY-004", "the reply to %s: %s",
					  cmd_name(command), text);
				return EPROTO;
			}
			check_reply_header(c, &r->m);
			if (r->m.error) {
				uint32_t e = r->m.hdr.error;

				reply_release(r);
				/* VFU-ERR-003: failed even with errno 0; 0 and values above 4095 mean EINVAL. */
				return e == 0 || e > 4095 ? EINVAL : (int)e;
			}
			return 0;
		}
		long long left = deadline - client_now(c);

		if (left <= 0) {
			violation(c, "VFU-REPLY-001", "no reply to %s (msg_id %u) within %u ms", cmd_name(command), id,
				  c->opt.timeout_ms);
			return CALL_FATAL;
		}
		if (!fill(c, left > 50 ? 50 : left, true))
			return CALL_FATAL;
	}
}

int call(struct client *c, struct iow_vfu_msg *m, const int *fds, unsigned nfds, struct reply *r)
{
	memset(r, 0, sizeof *r);
	if (send_command(c, m, fds, nfds, false))
		return CALL_FATAL;
	return wait_reply(c, m->hdr.msg_id, m->hdr.command, r, m->hdr.command == IOW_VFU_COMMAND_VERSION);
}

bool serve_for(struct client *c, unsigned ms, bool until_one)
{
	long long deadline = client_now(c) + ms;
	unsigned before = c->dma_served;
	struct iow_frame f;
	struct iow_vfu_msg q;
	struct iow_error err;

	for (;;) {
		enum got g;

		drain_twin(c);
		g = next_frame(c, false, &f);
		if (g == GOT_LOST)
			return false;
		if (g == GOT_MESSAGE) {
			bool ok;

			memset(&err, 0, sizeof err);
			ok = iow_vfu_msg_decode(&c->cfg, f.data, f.len, f.nfds, &q, &err) == 0;
			close_fds(f.fds, f.nfds);
			if (TYPE_OF(q.hdr.flags) == IOW_VFU_MSG_TYPE_REPLY) {
				violation(c, "VFU-HDR-010", "a reply (msg_id %u, command %u) while no command is in flight",
					  q.hdr.msg_id, q.hdr.command);
				return false;
			}
			if (!serve_command(c, &q, ok, &err, false))
				return false;
			continue;
		}
		if (until_one && c->dma_served != before)
			return true;
		long long left = deadline - client_now(c);

		if (left <= 0)
			return true;
		if (!fill(c, left > 20 ? 20 : left, false))
			return false;
	}
}

/* ---- VERSION ---- */

static bool take_twin(struct client *c, const struct iow_vfu_caps *caps, struct reply *r)
{
	struct stat st;
	uint64_t index = caps->twin_socket.fd_index;

	/* VFU-TWIN-003: supported without an fd_index that names one of the reply's fds: close. */
	if (!(caps->present & IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX) || index >= r->nfds) {
		if (caps->present & IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX)
			violation(c, "VFU-TWIN-002", "twin_socket.fd_index %llu names none of the %u fds of the reply",
				  (unsigned long long)index, r->nfds);
		else
			violation(c, "VFU-TWIN-002", "twin_socket.supported is true, but fd_index is absent");
		return false;
	}
	if (fstat(r->fds[index], &st) < 0 || !S_ISSOCK(st.st_mode)) {
		violation(c, "VFU-TWIN-002", "the twin socket's fd is not a socket");
		return false;
	}
	c->twin_fd = r->fds[index];
	r->fds[index] = -1;
	fcntl(c->twin_fd, F_SETFL, fcntl(c->twin_fd, F_GETFL) | O_NONBLOCK);
	if (r->nfds > 1)
		violation(c, "VFU-VER-012", "the VERSION reply carries %u fds besides the twin socket", r->nfds - 1);
	iow_conn_init(&c->twin, c->twin_fd, c->twinbuf, c->bufcap, iow_vfu_frame,
		      c->cfg.order == IOW_ORDER_HOST ? (void *)c : NULL);
	return true;
}

bool negotiate(struct client *c)
{
	struct iow_vfu_caps ours, got;
	struct iow_caps_report rep;
	struct iow_vfu_msg m;
	struct reply r;
	static char json[512];
	size_t jlen = 0;
	bool later = c->cfg.profile != IOW_VFU_PROFILE_V0_9_1; /* twin_socket, write_multiple: since 0.9.2 */
	int rc;

	/* What we take, and keys whose values we want to hear from the server. */
	iow_vfu_caps_defaults(&ours);
	ours.max_msg_fds = CL_MAX_MSG_FDS;
	ours.max_data_xfer_size = CL_MAX_XFER;
	ours.present = IOW_VFU_CAPS_HAS_MAX_MSG_FDS | IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE |
		       IOW_VFU_CAPS_HAS_MAX_DMA_MAPS | IOW_VFU_CAPS_HAS_PGSIZES;
	if (later && c->opt.twin_socket) {
		ours.twin_socket.supported = true;
		ours.present |= IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED;
	}
	if (later && c->opt.write_multi) {
		ours.write_multiple = true;
		ours.present |= IOW_VFU_CAPS_HAS_WRITE_MULTIPLE;
	}
	if (iow_vfu_caps_emit(&ours, json, sizeof json, &jlen) != IOW_CAPS_OK) {
		fprintf(c->log, "iowire-ref-client: internal error: cannot write our capabilities\n");
		return false;
	}

	/* VFU-VER-001, VFU-VER-011: first, alone, without fds. */
	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_VERSION;
	m.u.version.major = CL_MAJOR;
	m.u.version.minor = CL_MINOR;
	m.u.version.json.ptr = (const uint8_t *)json;
	m.u.version.json.len = jlen;
	rc = call(c, &m, NULL, 0, &r);
	if (rc) {
		if (rc > 0)
			fprintf(c->log, "iowire-ref-client: VERSION %u.%u was refused: %s\n", CL_MAJOR, CL_MINOR, strerror(rc));
		return false;
	}
	/* VFU-VER-006: another major, or a higher minor, than proposed: close. */
	if (r.m.u.version.major != CL_MAJOR || r.m.u.version.minor > CL_MINOR) {
		violation(c, "VFU-VER-004", "the VERSION reply says %u.%u; we proposed %u.%u", r.m.u.version.major,
			  r.m.u.version.minor, CL_MAJOR, CL_MINOR);
		reply_release(&r);
		return false;
	}
	c->minor = r.m.u.version.minor;
	/* VFU-CAPS-001: absent keys, or no JSON at all, take the defaults. */
	iow_vfu_caps_defaults(&got);
	if (r.m.u.version.json.len) {
		const struct iow_bytes *j = &r.m.u.version.json;

		/* VFU-VER-009, VFU-VER-010: one NUL, the last byte; JSON whose capabilities are an object
		 * with values of the right types and ranges (VFU-CAPS-002). */
		if (memchr(j->ptr, 0, j->len) != j->ptr + j->len - 1) {
			violation(c, "VFU-VER-009", "the VERSION reply's JSON is not followed by exactly one NUL");
			reply_release(&r);
			return false;
		}
		if (iow_vfu_caps_parse((const char *)j->ptr, j->len, &got, &rep) != IOW_CAPS_OK) {
			violation(c, "VFU-VER-010", "the VERSION reply's JSON: %s", rep.message);
			reply_release(&r);
			return false;
		}
		/* VFU-CAPS-003: unknown keys are ignored. */
		for (size_t i = 0; i < rep.n_unknown && i < IOW_CAPS_MAX_UNKNOWN; i++)
			note(c, "ignoring the unknown capability %s", rep.unknown[i]);
	}
	if (got.twin_socket.supported) {
		if (!(ours.present & IOW_VFU_CAPS_HAS_TWIN_SOCKET)) {
			violation(c, "VFU-TWIN-001", "the server set up a twin socket we did not ask for");
		} else if (!take_twin(c, &got, &r)) {
			reply_release(&r);
			return false;
		}
	} else if (r.nfds) {
		violation(c, "VFU-VER-012", "the VERSION reply carries %u fds but no twin socket", r.nfds);
	}
	/* VFU-TWIN-005: without a twin socket, DMA comes on the main socket, which we always serve. */
	reply_release(&r);
	c->srv = got;
	c->negotiated = true;
	if (!(ours.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE))
		c->srv.write_multiple = false;
	note(c, "negotiated %u.%u: max_msg_fds %llu, max_data_xfer_size %llu, max_dma_maps %llu, pgsizes %#llx, "
	     "twin socket %s, write_multiple %s", CL_MAJOR, c->minor, (unsigned long long)got.max_msg_fds,
	     (unsigned long long)got.max_data_xfer_size, (unsigned long long)got.max_dma_maps,
	     (unsigned long long)got.pgsizes, c->twin_fd >= 0 ? "yes" : "no", c->srv.write_multiple ? "yes" : "no");
	return true;
}
