/* The runner's vfio-user server for target vfio-user-client: see vfu_fake_server.h. Every
 * byte goes through libiowire: iow_vfu_msg_decode/encode, iow_vfu_header_encode (error replies,
 * commands the schema does not know), iow_vfu_caps_parse/emit, and iow_conn_* on the sockets. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vfu_fake_server.h"

#define BUFFER ((1u << 20) + 4096)
#define TYPE_OF(flags) (((flags) & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT)
#define HEADER_FLAGS_DEFINED (IOW_VFU_HEADER_FLAGS_TYPE | IOW_VFU_HEADER_FLAGS_NO_REPLY | IOW_VFU_HEADER_FLAGS_ERROR)
#define NUM_REGIONS IOW_VFU_PCI_NUM_REGIONS
#define NUM_IRQS IOW_VFU_PCI_NUM_IRQS

/* The device's PCI ids: a test device of no vendor's, so that a client does not take it for a
 * device it knows (iowire-ref-client drives iowire-ref-server's 1b36:0005 further). */
#define FS_VENDOR_ID 0x1b36
#define FS_DEVICE_ID 0x00fe

static const char *name_of(uint16_t command)
{
	const char *n = iow_vfu_msg_name(command, false);

	return n ? n : "an unknown command";
}

static void *frame_arg(const struct fsrv *s)
{
	return s->cfg->order == IOW_ORDER_HOST ? (void *)1 : NULL;
}

/* ---- the device ---- */

static uint64_t region_size(uint32_t index)
{
	switch (index) {
	case IOW_VFU_REGION_INDEX_BAR0: return FS_BAR0_SIZE;
	case IOW_VFU_REGION_INDEX_BAR1: return FS_BAR1_SIZE;
	case IOW_VFU_REGION_INDEX_CONFIG: return FS_CFG_SIZE;
	default: return 0;
	}
}

static uint8_t *region_mem(struct fsrv *s, uint32_t index)
{
	switch (index) {
	case IOW_VFU_REGION_INDEX_BAR0: return s->bar0;
	case IOW_VFU_REGION_INDEX_BAR1: return s->bar1;
	case IOW_VFU_REGION_INDEX_CONFIG: return s->config;
	default: return NULL;
	}
}

static uint32_t irq_count(uint32_t index)
{
	return index == IOW_VFU_IRQ_INDEX_MSIX ? 4 : index < NUM_IRQS ? 1 : 0;
}

static void device_reset(struct fsrv *s)
{
	memset(s->config, 0, sizeof s->config);
	iow_st_le16(s->config, FS_VENDOR_ID, IOW_ORDER_LE);
	iow_st_le16(s->config + 2, FS_DEVICE_ID, IOW_ORDER_LE);
	s->config[0x08] = 0x01;
	s->config[0x0b] = 0xff;
	memset(s->bar0, 0, sizeof s->bar0);
	if (s->bar1)
		memset(s->bar1, 0, FS_BAR1_SIZE);
	if (s->mig_state == IOW_VFU_MIG_STATE_ERROR)
		s->mig_state = IOW_VFU_MIG_STATE_RUNNING;
}

void fs_init(struct fsrv *s, struct ctx *x)
{
	memset(s, 0, sizeof *s);
	s->x = x;
	s->t = x->t;
	s->cfg = &x->t->opts->cfg;
	iow_vfu_caps_defaults(&s->ours);
	s->ours.max_msg_fds = 8;
	s->ours.max_data_xfer_size = 1u << 20;
	s->ours.max_dma_maps = 64;
	s->ours.pgsizes = 4096;
	s->ours.write_multiple = true;
	s->grant_twin = true;
	s->mig_flags = IOW_VFU_MIGRATION_FLAGS_STOP_COPY;
	iow_vfu_caps_defaults(&s->proposed);
	iow_vfu_caps_defaults(&s->eff);
	s->twin_fd = -1;
	s->next_id = 1;
	s->txbuf = malloc(BUFFER);
	s->twin_buf = malloc(BUFFER);
	s->bar1_fd = memfd_create("iowire-conform-bar1", MFD_CLOEXEC);
	if (s->bar1_fd >= 0 && ftruncate(s->bar1_fd, FS_BAR1_SIZE) == 0) {
		s->bar1 = mmap(NULL, FS_BAR1_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, s->bar1_fd, 0);
		if (s->bar1 == MAP_FAILED)
			s->bar1 = NULL;
	}
	if (!s->txbuf || !s->twin_buf || !s->bar1) {
		fprintf(stderr, "iowire-conform: out of memory\n");
		abort();
	}
	s->mig_state = IOW_VFU_MIG_STATE_RUNNING;
	device_reset(s);
}

void fs_free(struct fs_msg *q)
{
	if (!q)
		return;
	close_fds(q->fds, q->nfds);
	free(q);
}

static void twin_close(struct fsrv *s)
{
	if (s->twin_fd < 0)
		return;
	iow_conn_release(&s->twin);
	close(s->twin_fd);
	s->twin_fd = -1;
}

void fs_release(struct fsrv *s)
{
	for (unsigned i = 0; i < s->ndeferred; i++)
		fs_free(s->deferred[i]);
	for (unsigned i = 0; i < s->nstash; i++)
		fs_free(s->stash[i]);
	s->ndeferred = s->nstash = 0;
	twin_close(s);
	if (s->bar1)
		munmap(s->bar1, FS_BAR1_SIZE);
	if (s->bar1_fd >= 0)
		close(s->bar1_fd);
	free(s->txbuf);
	free(s->twin_buf);
	s->bar1 = NULL;
	s->bar1_fd = -1;
	s->txbuf = s->twin_buf = NULL;
}

/* ---- findings ---- */

static void record_actual(struct fsrv *s, const struct fs_msg *q)
{
	struct ctx *x = s->x;

	if (x->actual[0])
		return;
	if (q->ok) {
		vfu_describe(s->cfg, &q->m, x->actual, sizeof x->actual);
	} else {
		snprintf(x->actual, sizeof x->actual,
			 "header.msg_id = %u\nheader.command = %u\nheader.msg_size = %u\nheader.flags = %#x\nheader.error = %u\n"
			 "(%zu bytes, %u fds, does not decode)\n", q->m.hdr.msg_id, q->m.hdr.command, q->m.hdr.msg_size,
			 q->m.hdr.flags, q->m.hdr.error, q->len, q->nfds);
	}
}

void fs_client_log(const struct fsrv *s, char *buf, size_t size)
{
	char path[128], all[4096];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	if (!s->t->tmpdir[0])
		return;
	snprintf(path, sizeof path, "%s/log", s->t->tmpdir);
	f = fopen(path, "r");
	if (!f)
		return;
	/* the end of the file, whole lines */
	if (fseek(f, -(long)(sizeof all - 1), SEEK_END) != 0)
		rewind(f);
	n = fread(all, 1, sizeof all - 1, f);
	fclose(f);
	all[n] = '\0';
	while (n && (all[n - 1] == '\n' || all[n - 1] == ' '))
		all[--n] = '\0';
	/* the last two lines */
	char *p = all + n;
	unsigned lines = 0;

	while (p > all && lines < 2) {
		p--;
		if (*p == '\n')
			lines++;
	}
	if (*p == '\n')
		p++;
	for (char *c = p; *c; c++)
		if (*c == '\n')
			*c = ' ';
	snprintf(buf, size, "%s", p);
}

/* ---- sending ---- */

size_t fs_encode(struct fsrv *s, const struct iow_vfu_msg *m, uint8_t *buf, size_t cap)
{
	struct iow_error err = { 0 };
	long n = iow_vfu_msg_encode(s->cfg, m, 0, buf, cap, &err);

	if (n < 0) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fprintf(stderr, "iowire-conform: cannot encode our own message: %s\n", text);
		abort();
	}
	return (size_t)n;
}

/* A whole message on a socket: in two writes when split_ms says so (fds with the first). */
static int send_bytes(struct fsrv *s, int fd, uint8_t *buf, size_t len, const int *fds, unsigned nfds)
{
	if (s->split_ms && len > 1) {
		size_t first = len / 2;

		if (iow_conn_send(fd, buf, first, fds, nfds))
			return -1;
		usleep(s->split_ms * 1000);
		return iow_conn_send(fd, buf + first, len - first, NULL, 0);
	}
	return iow_conn_send(fd, buf, len, fds, nfds);
}

void fs_answered(struct fsrv *s, const struct fs_msg *q)
{
	for (unsigned i = 0; i < s->nopen; i++)
		if (s->open_ids[i] == q->m.hdr.msg_id && s->open_cmds[i] == q->m.hdr.command) {
			memmove(&s->open_ids[i], &s->open_ids[i + 1], (s->nopen - i - 1) * sizeof s->open_ids[0]);
			memmove(&s->open_cmds[i], &s->open_cmds[i + 1], (s->nopen - i - 1) * sizeof s->open_cmds[0]);
			s->nopen--;
			return;
		}
}

static void patch_and_send(struct fsrv *s, struct fs_msg *q, uint8_t *buf, size_t n, const int *fds, unsigned nfds)
{
	if (s->patch_reply && q->m.hdr.command != IOW_VFU_COMMAND_VERSION)
		s->patch_reply(s, buf, n);
	if (send_bytes(s, s->t->fd, buf, n, fds, nfds))
		s->closed = true;
	fs_answered(s, q);
}

int fs_reply(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r, const int *fds, unsigned nfds)
{
	struct iow_error err = { 0 };
	long n;

	r->hdr.msg_id = q->m.hdr.msg_id;
	r->hdr.command = q->m.hdr.command;
	r->hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	r->hdr.error = 0;
	r->reply = true;
	r->error = false;
	n = iow_vfu_msg_encode(s->cfg, r, nfds, s->txbuf, BUFFER, &err);
	if (n < 0) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fprintf(stderr, "iowire-conform: cannot encode our reply: %s\n", text);
		abort();
	}
	patch_and_send(s, q, s->txbuf, (size_t)n, fds, nfds);
	return s->closed ? -1 : 0;
}

int fs_error(struct fsrv *s, struct fs_msg *q, uint32_t errnum, const uint8_t *payload, size_t plen)
{
	struct iow_vfu_header h = { q->m.hdr.msg_id, q->m.hdr.command, (uint32_t)(IOW_VFU_HEADER_SIZE + plen),
				    IOW_VFU_MSG_TYPE_REPLY | IOW_VFU_HEADER_FLAGS_ERROR, errnum };
	struct iow_error err = { 0 };

	if (iow_vfu_header_encode(s->cfg, &h, s->txbuf, BUFFER, &err) != IOW_VFU_HEADER_SIZE)
		abort();
	if (plen)
		memcpy(s->txbuf + IOW_VFU_HEADER_SIZE, payload, plen);
	patch_and_send(s, q, s->txbuf, IOW_VFU_HEADER_SIZE + plen, NULL, 0);
	return s->closed ? -1 : 0;
}

void fs_expect_reply(struct fsrv *s, uint16_t id, uint16_t command, bool twin)
{
	if (s->npend == FS_MAX_PENDING) {
		memmove(&s->pend[0], &s->pend[1], (FS_MAX_PENDING - 1) * sizeof s->pend[0]);
		s->npend--;
	}
	s->pend[s->npend].id = id;
	s->pend[s->npend].command = command;
	s->pend[s->npend].twin = twin;
	s->pend[s->npend].late = false;
	s->npend++;
}

uint16_t fs_send_command(struct fsrv *s, struct iow_vfu_msg *m, bool no_reply, bool twin)
{
	size_t n;

	twin = twin && s->twin_fd >= 0;
	m->hdr.msg_id = s->next_id++;
	m->hdr.flags = IOW_VFU_MSG_TYPE_COMMAND | (no_reply ? IOW_VFU_HEADER_FLAGS_NO_REPLY : 0);
	m->hdr.error = 0;
	m->reply = false;
	m->error = false;
	n = fs_encode(s, m, s->txbuf, BUFFER);
	if (iow_conn_send(twin ? s->twin_fd : s->t->fd, s->txbuf, n, NULL, 0))
		s->closed = true;
	if (no_reply) {
		s->noreply_ids[s->nnoreply++ % FS_MAX_PENDING] = m->hdr.msg_id;
	} else {
		fs_expect_reply(s, m->hdr.msg_id, m->hdr.command, twin);
	}
	return m->hdr.msg_id;
}

/* ---- receiving ---- */

static bool is_reply(const struct fs_msg *q)
{
	return TYPE_OF(q->m.hdr.flags) == IOW_VFU_MSG_TYPE_REPLY;
}

static struct fs_msg *take(struct fsrv *s, const struct iow_frame *f, bool twin)
{
	struct fs_msg *q = malloc(sizeof *q + f->len);

	if (!q)
		abort();
	memcpy(q->raw, f->data, f->len);
	q->len = f->len;
	q->twin = twin;
	memcpy(q->fds, f->fds, f->nfds * sizeof(int));
	q->nfds = f->nfds;
	memset(&q->err, 0, sizeof q->err);
	q->ok = iow_vfu_msg_decode(s->cfg, q->raw, q->len, q->nfds, &q->m, &q->err) == 0;
	s->nmsgs++;
	if (q->nfds > s->fds_max)
		s->fds_max = q->nfds;
	/* In flight from the client's side until we answer it. */
	if (!is_reply(q) && !(q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY) && q->len >= IOW_VFU_HEADER_SIZE) {
		for (unsigned i = 0; i < s->nopen; i++)
			if (s->open_ids[i] == q->m.hdr.msg_id) {
				conf_should(s->x, "VFU-HDR-012", "%s reuses msg_id %u of %s, which is still in flight",
					    name_of(q->m.hdr.command), q->m.hdr.msg_id, name_of(s->open_cmds[i]));
				break;
			}
		if (s->nopen < FS_MAX_PENDING) {
			s->open_ids[s->nopen] = q->m.hdr.msg_id;
			s->open_cmds[s->nopen] = q->m.hdr.command;
			s->nopen++;
		}
		if (s->nopen > s->depth_max)
			s->depth_max = s->nopen;
	}
	return q;
}

static bool framing_error(struct fsrv *s, bool twin, int err)
{
	const char *sock = twin ? "twin" : "main";

	if (err == ECONNRESET)
		conf_fail(s->x, "VFU-TRANS-002", "the client's %s socket ended inside a message", sock);
	else if (err == EMSGSIZE)
		conf_fail(s->x, "VFU-SIZE-009", "a message on the %s socket is larger than %u bytes, more than the "
			  "max_data_xfer_size announced allows", sock, BUFFER);
	else if (err == ENOBUFS)
		conf_fail(s->x, "VFU-FD-002", "a message on the %s socket carried more fds than the kernel passes", sock);
	else if (err == EPROTO)
		conf_fail(s->x, "VFU-HDR-001", "a message on the %s socket has a msg_size below 16", sock);
	else
		return false;
	return true;
}

static struct fs_msg *recv_wire(struct fsrv *s, unsigned ms, enum fs_end *why)
{
	long long deadline = now_ms() + ms;
	struct target *t = s->t;
	struct iow_frame f;

	for (;;) {
		enum iow_conn_status st;

		if (s->twin_fd >= 0) {
			st = iow_conn_next(&s->twin, &f);
			if (st == IOW_CONN_MESSAGE)
				return take(s, &f, true);
			if (st == IOW_CONN_EOF) {
				conf_note(s->x, "the client closed the twin socket");
				s->twin_closed = true;
				twin_close(s);
			} else if (st == IOW_CONN_ERROR) {
				framing_error(s, true, errno);
				twin_close(s);
			}
		}
		st = iow_conn_next(&t->conn, &f);
		if (st == IOW_CONN_MESSAGE)
			return take(s, &f, false);
		if (st == IOW_CONN_EOF) {
			s->closed = true;
			*why = FS_CLOSED;
			return NULL;
		}
		if (st == IOW_CONN_ERROR) {
			framing_error(s, false, errno);
			s->closed = true;
			*why = FS_BROKEN;
			return NULL;
		}
		long long left = deadline - now_ms();
		struct pollfd p[2] = { { t->fd, POLLIN, 0 }, { s->twin_fd, POLLIN, 0 } };
		nfds_t n = s->twin_fd >= 0 ? 2 : 1;

		if (left <= 0) {
			*why = FS_TIMEOUT;
			return NULL;
		}
		if (poll(p, n, (int)(left < 50 ? left : 50)) < 0 && errno != EINTR) {
			*why = FS_BROKEN;
			return NULL;
		}
		/* ECONNRESET from recvmsg() is a client that closed with our messages unread, not a
		 * message cut short (that one comes from iow_conn_next()). */
		if (n == 2 && p[1].revents && iow_conn_fill(&s->twin) < 0 && errno != EAGAIN && errno != EINTR) {
			if (errno == ECONNRESET || !framing_error(s, true, errno))
				conf_note(s->x, "the twin socket failed: %s", strerror(errno));
			s->twin_closed = true;
			twin_close(s);
		}
		if (p[0].revents && iow_conn_fill(&t->conn) < 0 && errno != EAGAIN && errno != EINTR) {
			int e = errno;

			s->closed = true;
			*why = e != ECONNRESET && framing_error(s, false, e) ? FS_BROKEN : FS_CLOSED;
			return NULL;
		}
	}
}

struct fs_msg *fs_recv(struct fsrv *s, unsigned ms, enum fs_end *why)
{
	if (s->ndeferred) {
		struct fs_msg *q = s->deferred[0];

		memmove(&s->deferred[0], &s->deferred[1], (s->ndeferred - 1) * sizeof s->deferred[0]);
		s->ndeferred--;
		return q;
	}
	if (s->closed) {
		*why = FS_CLOSED;
		return NULL;
	}
	return recv_wire(s, ms, why);
}

static void defer(struct fsrv *s, struct fs_msg *q)
{
	if (s->ndeferred == FS_MAX_DEFERRED) {
		conf_info(s->x, "more than %u client commands came while a server command waited; some are dropped",
			  FS_MAX_DEFERRED);
		fs_free(q);
		return;
	}
	s->deferred[s->ndeferred++] = q;
}

bool fs_quiet(struct fsrv *s, unsigned ms)
{
	enum fs_end why;
	struct fs_msg *q;

	if (s->closed)
		return false;
	q = recv_wire(s, ms, &why);
	if (q) {
		defer(s, q);
		return false;
	}
	return why == FS_TIMEOUT;
}

/* A reply from the client to one of our commands: header, socket, error form. */
static void check_client_reply(struct fsrv *s, struct fs_msg *q, bool twin, const char *req)
{
	const char *what = name_of(q->m.hdr.command);

	if (!q->ok && iow_vfu_command_valid(s->cfg->profile, q->m.hdr.command)) {
		char text[256];

		iow_error_format(&q->err, text, sizeof text);
		conf_fail(s->x, q->m.hdr.command == IOW_VFU_COMMAND_DMA_READ ? "VFU-DMA-RW-003" : "VFU-REPLY-004",
			  "the reply to %s does not decode: %s", what, text);
		record_actual(s, q);
	} else if (!q->ok) {
		/* a reply to a command the schema does not know: only its header can be checked */
		if (!(q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR))
			conf_fail(s->x, req, "the reply to command %u is not an error reply", q->m.hdr.command);
		else if (q->len != IOW_VFU_HEADER_SIZE)
			conf_fail(s->x, "VFU-ERR-001", "the error reply to command %u has %zu payload bytes", q->m.hdr.command,
				  q->len - IOW_VFU_HEADER_SIZE);
	}
	if (q->twin != twin)
		conf_fail(s->x, "VFU-TWIN-004", "the reply to %s came on the %s socket, the command on the %s socket",
			  what, q->twin ? "twin" : "main", twin ? "twin" : "main");
	if (q->m.hdr.flags & ~(uint32_t)HEADER_FLAGS_DEFINED)
		conf_fail(s->x, "VFU-HDR-009", "the reply to %s sets undefined flag bits %#x", what,
			  q->m.hdr.flags & ~(uint32_t)HEADER_FLAGS_DEFINED);
	if (q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY)
		conf_fail(s->x, "VFU-REPLY-003", "the reply to %s has the no-reply bit set", what);
	if (q->ok && q->m.error && q->m.payload.len)
		conf_fail(s->x, "VFU-ERR-001", "the error reply to %s carries %zu payload bytes", what, q->m.payload.len);
}

static int find_pending(const struct fsrv *s, uint16_t id, uint16_t command)
{
	for (unsigned i = 0; i < s->npend; i++)
		if (s->pend[i].id == id && s->pend[i].command == command)
			return (int)i;
	return -1;
}

static void drop_pending(struct fsrv *s, int i)
{
	memmove(&s->pend[i], &s->pend[i + 1], (s->npend - (unsigned)i - 1) * sizeof s->pend[0]);
	s->npend--;
}

/* A reply nobody waits for: late, or to no command of ours. */
static void stray(struct fsrv *s, struct fs_msg *q)
{
	int i = find_pending(s, q->m.hdr.msg_id, q->m.hdr.command);

	if (i >= 0 && s->pend[i].late) {
		conf_note(s->x, "a late reply to %s (msg_id %u) came", name_of(q->m.hdr.command), q->m.hdr.msg_id);
		drop_pending(s, i);
	} else if (i >= 0 && s->nstash < FS_MAX_PENDING) {
		s->stash[s->nstash++] = q;
		return;
	} else {
		bool noreply = false;

		for (unsigned k = 0; k < FS_MAX_PENDING && k < s->nnoreply; k++)
			noreply |= s->noreply_ids[k] == q->m.hdr.msg_id;
		if (noreply)
			conf_fail(s->x, "VFU-REPLY-002", "the client replied to %s (msg_id %u), which had the no-reply bit set",
				  name_of(q->m.hdr.command), q->m.hdr.msg_id);
		else if (s->stray_req)
			conf_fail(s->x, s->stray_req, "the client sent a reply (msg_id %#x, command %u) to no command of ours%s",
				  q->m.hdr.msg_id, q->m.hdr.command, s->stray_why ? s->stray_why : "");
		else
			conf_fail(s->x, "VFU-HDR-010", "the client sent a reply (msg_id %u, command %u) to no command of ours",
				  q->m.hdr.msg_id, q->m.hdr.command);
		record_actual(s, q);
	}
	fs_free(q);
}

struct fs_msg *fs_await(struct fsrv *s, uint16_t id, uint16_t command, const char *req, bool should)
{
	long long deadline = now_ms() + s->t->opts->timeout_ms;
	int i = find_pending(s, id, command);
	bool twin = i >= 0 && s->pend[i].twin;
	enum fs_end why;

	for (unsigned k = 0; k < s->nstash; k++)
		if (s->stash[k]->m.hdr.msg_id == id && s->stash[k]->m.hdr.command == command) {
			struct fs_msg *q = s->stash[k];

			memmove(&s->stash[k], &s->stash[k + 1], (s->nstash - k - 1) * sizeof s->stash[0]);
			s->nstash--;
			if (i >= 0)
				drop_pending(s, i);
			check_client_reply(s, q, twin, req);
			return q;
		}
	for (;;) {
		long long left = deadline - now_ms();
		struct fs_msg *q = s->closed ? NULL : recv_wire(s, left > 0 ? (unsigned)left : 0, &why);

		if (!q) {
			i = find_pending(s, id, command);
			if (s->closed) {
				conf_fail(s->x, req, "the client closed the connection instead of answering %s (msg_id %u)",
					  name_of(command), id);
				if (i >= 0)
					drop_pending(s, i);
			} else {
				if (should)
					conf_should(s->x, req, "no reply to %s (msg_id %u) within %u ms", name_of(command), id,
						    s->t->opts->timeout_ms);
				else
					conf_fail(s->x, req, "no reply to %s (msg_id %u) within %u ms", name_of(command), id,
						  s->t->opts->timeout_ms);
				if (i >= 0)
					s->pend[i].late = true;
			}
			return NULL;
		}
		if (!is_reply(q)) {
			defer(s, q);
			continue;
		}
		if (q->m.hdr.msg_id == id && q->m.hdr.command == command) {
			i = find_pending(s, id, command);
			if (i >= 0)
				drop_pending(s, i);
			check_client_reply(s, q, twin, req);
			return q;
		}
		stray(s, q);
	}
}

struct fs_msg *fs_command(struct fsrv *s, struct iow_vfu_msg *m, const char *req)
{
	uint16_t id = fs_send_command(s, m, false, true);

	return fs_await(s, id, m->hdr.command, req, false);
}

/* ---- the client's conduct ---- */

/* The requirement a client message that does not decode breaks, by the codec's reason. */
static const char *decode_req(const struct fs_msg *q)
{
	uint16_t c = q->m.hdr.command;

	switch (q->err.code) {
	case IOW_E_MSG_SIZE: return "VFU-HDR-001";
	case IOW_E_ENUM:
		if (strstr(q->err.path, "header.command"))
			return "VFU-HDR-006";
		if (strstr(q->err.path, "header.flags"))
			return "VFU-HDR-004";
		return "IOW-CONV-002";
	case IOW_E_FDS:
		return c == IOW_VFU_COMMAND_VERSION ? "VFU-VER-011" : c == IOW_VFU_COMMAND_DEVICE_SET_IRQS ? "VFU-SET-IRQS-004"
		       : c == IOW_VFU_COMMAND_DMA_MAP ? "VFU-DMA-MAP-001" : "VFU-FD-002";
	case IOW_E_ARGSZ:
		return c == IOW_VFU_COMMAND_DMA_MAP ? "VFU-DMA-MAP-002"
		       : c == IOW_VFU_COMMAND_DEVICE_SET_IRQS || c == IOW_VFU_COMMAND_MIG_DATA_WRITE ? "VFU-SIZE-002"
												    : "VFU-SIZE-003";
	case IOW_E_VALUE: return "VFU-CMD-003";
	case IOW_E_RESERVED:
	case IOW_E_UNDEFINED_BIT: return "IOW-ENC-001";
	case IOW_E_GROUP: return c == IOW_VFU_COMMAND_DEVICE_SET_IRQS ? "VFU-SET-IRQS-001" : "IOW-ENC-006";
	case IOW_E_PROFILE: return "IOW-CONV-002";
	default: break;
	}
	switch (c) {
	case IOW_VFU_COMMAND_VERSION: return "VFU-VER-009";
	case IOW_VFU_COMMAND_REGION_WRITE: return "VFU-REGION-RW-003";
	case IOW_VFU_COMMAND_REGION_WRITE_MULTI: return "VFU-WRITE-MULTI-001";
	case IOW_VFU_COMMAND_MIG_DATA_WRITE: return "VFU-MIG-DATA-003";
	case IOW_VFU_COMMAND_DEVICE_SET_IRQS: return "VFU-SET-IRQS-003";
	case IOW_VFU_COMMAND_DEVICE_FEATURE: return "VFU-FEATURE-006";
	case IOW_VFU_COMMAND_DIRTY_PAGES: return "VFU-DIRTY-002";
	default: return "VFU-TRANS-002";
	}
}

static const struct fs_map *find_map(const struct fsrv *s, uint64_t addr, uint64_t size, unsigned *at)
{
	for (unsigned i = 0; i < s->nmaps; i++)
		if (s->maps[i].addr == addr && s->maps[i].size == size) {
			if (at)
				*at = i;
			return &s->maps[i];
		}
	return NULL;
}

static void check_feature(struct fsrv *s, const struct iow_vfu_device_feature *f)
{
	uint32_t get = f->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_GET, set = f->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	uint32_t probe = f->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_PROBE;
	uint32_t feature = f->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_FEATURE;

	if (!get && !set && !probe)
		conf_fail(s->x, "VFU-FEATURE-001", "DEVICE_FEATURE %u with none of get, set and probe", feature);
	if (get && set && !probe)
		conf_fail(s->x, "VFU-FEATURE-001", "DEVICE_FEATURE %u with both get and set, without probe", feature);
	if ((get || probe) && !set && f->data.kase != IOW_VFU_FEATURE_DATA_NONE)
		conf_fail(s->x, "VFU-FEATURE-006", "a %s of DEVICE_FEATURE %u carries feature data", probe ? "PROBE" : "GET",
			  feature);
	if (set && !probe && f->data.kase == IOW_VFU_FEATURE_DATA_NONE && feature != IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP)
		conf_fail(s->x, "VFU-FEATURE-006", "a SET of DEVICE_FEATURE %u carries no feature data", feature);
	if (set && !probe && feature == IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE &&
	    f->data.kase == IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE) {
		uint32_t st = f->data.u.feature_mig_state.device_state;
		bool pre = st == IOW_VFU_MIG_STATE_PRE_COPY || st == IOW_VFU_MIG_STATE_PRE_COPY_P2P;
		bool p2p = st == IOW_VFU_MIG_STATE_RUNNING_P2P || st == IOW_VFU_MIG_STATE_PRE_COPY_P2P;

		if ((pre && !(s->mig_flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY)) ||
		    (p2p && !(s->mig_flags & IOW_VFU_MIGRATION_FLAGS_P2P)))
			conf_fail(s->x, "VFU-MIG-002", "the client asks for %s; the MIGRATION flags are %#llx",
				  iow_vfu_mig_state_name(st), (unsigned long long)s->mig_flags);
	}
}

void fs_check(struct fsrv *s, struct fs_msg *q)
{
	const struct iow_vfu_header *h = &q->m.hdr;
	uint64_t xfer = s->eff.max_data_xfer_size;
	const char *name = name_of(h->command);

	if (!s->version_seen) {
		s->version_seen = true;
		if (h->command != IOW_VFU_COMMAND_VERSION) {
			conf_fail(s->x, "VFU-VER-001", "the first message is %s, not VERSION", name);
			record_actual(s, q);
		}
	}
	if (!q->ok) {
		char text[256];

		iow_error_format(&q->err, text, sizeof text);
		conf_fail(s->x, decode_req(q), "%s: %s", name, text);
		record_actual(s, q);
		return;
	}
	if (h->command < sizeof s->ncmd / sizeof s->ncmd[0])
		s->ncmd[h->command]++;
	if (h->flags & ~(uint32_t)HEADER_FLAGS_DEFINED)
		conf_fail(s->x, "VFU-HDR-009", "%s sets undefined flag bits %#x", name, h->flags & ~(uint32_t)HEADER_FLAGS_DEFINED);
	if ((h->flags & IOW_VFU_HEADER_FLAGS_ERROR) || h->error)
		conf_fail(s->x, "VFU-HDR-008", "%s has the error bit or an errno (%u) set", name, h->error);
	if (q->twin)
		conf_fail(s->x, "VFU-TWIN-004", "%s came on the twin socket", name);
	if (h->command == IOW_VFU_COMMAND_DMA_READ || h->command == IOW_VFU_COMMAND_DMA_WRITE)
		conf_fail(s->x, "VFU-CMD-001", "the client sent %s, a command of the server", name);
	if (q->nfds > s->eff.max_msg_fds)
		conf_fail(s->x, "VFU-CAPS-006", "%s carries %u fds; the server announced max_msg_fds %llu", name, q->nfds,
			  (unsigned long long)s->eff.max_msg_fds);

	switch (h->command) {
	case IOW_VFU_COMMAND_VERSION:
		if (s->negotiated)
			conf_info(s->x, "the client sent VERSION again on a negotiated connection");
		break;
	case IOW_VFU_COMMAND_REGION_READ:
	case IOW_VFU_COMMAND_REGION_WRITE: {
		uint32_t count = h->command == IOW_VFU_COMMAND_REGION_READ ? q->m.u.region_access.count
									  : q->m.u.region_access_data.access.count;

		if (count > xfer)
			conf_fail(s->x, "VFU-SIZE-009", "%s of %u bytes; the server announced max_data_xfer_size %llu", name,
				  count, (unsigned long long)xfer);
		if (count > s->xfer_max)
			s->xfer_max = count;
		break;
	}
	case IOW_VFU_COMMAND_REGION_WRITE_MULTI: {
		const struct iow_vfu_write_multi *w = &q->m.u.write_multi;

		if (!s->eff.write_multiple)
			conf_fail(s->x, "VFU-CAPS-008", "REGION_WRITE_MULTI, though the server did not announce write_multiple");
		for (uint64_t i = 0; i < w->wr_cnt; i++) {
			struct iow_vfu_write_multi_entry e;

			if (iow_vfu_write_multi_wrs_at(s->cfg, w, (size_t)i, &e))
				break;
			if (e.count > IOW_VFU_MAX_WRITE_MULTI_DATA) {
				conf_fail(s->x, "VFU-WRITE-MULTI-001", "REGION_WRITE_MULTI entry %llu has count %u",
					  (unsigned long long)i, e.count);
				break;
			}
			if (!iow_all_zero(e.data + e.count, IOW_VFU_MAX_WRITE_MULTI_DATA - e.count)) {
				conf_should(s->x, "VFU-WRITE-MULTI-004", "REGION_WRITE_MULTI entry %llu has non-zero data past "
					    "its %u bytes", (unsigned long long)i, e.count);
				break;
			}
		}
		break;
	}
	case IOW_VFU_COMMAND_DMA_MAP: {
		const struct iow_vfu_dma_map *m = &q->m.u.dma_map;
		uint64_t page = s->eff.pgsizes & -s->eff.pgsizes;

		if (!q->nfds && m->offset)
			conf_fail(s->x, "VFU-DMA-MAP-001", "DMA_MAP without an fd has offset %#llx", (unsigned long long)m->offset);
		if (s->nmaps >= s->eff.max_dma_maps)
			conf_fail(s->x, "VFU-CAPS-007", "a DMA_MAP with %u region%s mapped already; max_dma_maps is %llu",
				  s->nmaps, s->nmaps == 1 ? "" : "s", (unsigned long long)s->eff.max_dma_maps);
		if (page && (m->address % page || m->size % page))
			conf_should(s->x, "VFU-CAPS-010", "DMA_MAP of [%#llx, +%#llx): not in pages of %#llx (pgsizes %#llx)",
				    (unsigned long long)m->address, (unsigned long long)m->size, (unsigned long long)page,
				    (unsigned long long)s->eff.pgsizes);
		break;
	}
	case IOW_VFU_COMMAND_DMA_UNMAP: {
		const struct iow_vfu_dma_unmap *u = &q->m.u.dma_unmap;

		if (u->flags && s->cfg->profile == IOW_VFU_PROFILE_V0_9_2)
			conf_fail(s->x, "VFU-DMA-UNMAP-005", "DMA_UNMAP with flags %#x", u->flags);
		if (!(u->flags & IOW_VFU_DMA_UNMAP_FLAGS_ALL) && !find_map(s, u->address, u->size, NULL))
			conf_fail(s->x, "VFU-DMA-UNMAP-001", "DMA_UNMAP of [%#llx, +%#llx), which no DMA_MAP mapped",
				  (unsigned long long)u->address, (unsigned long long)u->size);
		break;
	}
	case IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO:
		if (q->m.u.region_info.index >= NUM_REGIONS)
			conf_should(s->x, "VFU-DEV-INFO-004", "DEVICE_GET_REGION_INFO %u; the device has %u regions",
				    q->m.u.region_info.index, NUM_REGIONS);
		break;
	case IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO:
		if (q->m.u.irq_info.index >= NUM_IRQS)
			conf_should(s->x, "VFU-DEV-INFO-004", "DEVICE_GET_IRQ_INFO %u; the device has %u interrupt indexes",
				    q->m.u.irq_info.index, NUM_IRQS);
		break;
	case IOW_VFU_COMMAND_DEVICE_FEATURE:
		check_feature(s, &q->m.u.device_feature);
		break;
	case IOW_VFU_COMMAND_MIG_DATA_READ:
	case IOW_VFU_COMMAND_MIG_DATA_WRITE: {
		uint32_t size = h->command == IOW_VFU_COMMAND_MIG_DATA_READ ? q->m.u.mig_data.size : q->m.u.mig_data_data.mig.size;
		uint64_t both = xfer < s->proposed.max_data_xfer_size ? xfer : s->proposed.max_data_xfer_size;

		if (size > both)
			conf_fail(s->x, "VFU-MIG-DATA-004", "%s of %u bytes; the smaller max_data_xfer_size is %llu", name, size,
				  (unsigned long long)both);
		break;
	}
	default:
		break;
	}
}

/* ---- VERSION ---- */

void fs_version_prepare(struct fsrv *s, struct fs_msg *q, struct fs_vreply *v)
{
	static const uint64_t simple[] = { IOW_VFU_CAPS_HAS_MAX_MSG_FDS, IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE,
					   IOW_VFU_CAPS_HAS_MAX_DMA_MAPS, IOW_VFU_CAPS_HAS_PGSIZES };
	const struct iow_vfu_version *ver = &q->m.u.version;
	struct iow_caps_report rep;

	memset(v, 0, sizeof *v);
	s->proposed_major = ver->major;
	s->proposed_minor = ver->minor;
	s->proposed_json = ver->json.len != 0;
	iow_vfu_caps_defaults(&s->proposed);
	if (ver->json.len) {
		/* VFU-VER-009: UTF-8 JSON and a single NUL, the last byte. */
		if (memchr(ver->json.ptr, 0, ver->json.len) != ver->json.ptr + ver->json.len - 1)
			conf_fail(s->x, "VFU-VER-009", "the VERSION JSON has a NUL before its last byte");
		else if (iow_vfu_caps_parse((const char *)ver->json.ptr, ver->json.len, &s->proposed, &rep) != IOW_CAPS_OK)
			conf_fail(s->x, "VFU-VER-009", "the client's capabilities: %s", rep.message);
		else if (rep.n_unknown)
			conf_note(s->x, "the client proposes %zu capabilities iowire does not know, first %s", rep.n_unknown,
				  rep.unknown[0]);
	}
	v->major = ver->major;
	v->minor = ver->minor < 2 ? ver->minor : 2;
	iow_vfu_caps_defaults(&v->caps);
	v->caps = s->ours;
	v->caps.present = 0;
	for (unsigned i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (((s->proposed.present | s->force) & simple[i]) && !(s->suppress & simple[i]))
			v->caps.present |= simple[i];
	if ((((s->proposed.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE) && s->proposed.write_multiple) ||
	     (s->force & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE)) &&
	    !(s->suppress & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE))
		v->caps.present |= IOW_VFU_CAPS_HAS_WRITE_MULTIPLE;
	v->caps.twin_socket.supported = false;
	v->caps.twin_socket.fd_index = 0;
	s->twin_asked = s->proposed.twin_socket.supported;
	if (s->twin_asked && s->grant_twin && !(s->suppress & IOW_VFU_CAPS_HAS_TWIN_SOCKET)) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
			fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
			s->twin_fd = sv[0];
			s->twin_granted = true;
			iow_conn_init(&s->twin, sv[0], s->twin_buf, BUFFER, iow_vfu_frame, frame_arg(s));
			v->fds[v->nfds++] = sv[1];
			v->caps.twin_socket.supported = true;
			v->caps.present |= IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED |
					   IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX;
		}
	}
}

/* Takes back a twin socket fs_version_prepare set up. */
void fs_version_drop_twin(struct fsrv *s, struct fs_vreply *v)
{
	close_fds(v->fds, v->nfds);
	v->nfds = 0;
	twin_close(s);
	v->caps.twin_socket.supported = false;
	v->caps.present &= ~(IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED |
			     IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX);
}

/* Has the client sent anything more (that we have not read, or have set aside)? */
static bool more_buffered(struct fsrv *s)
{
	char b;

	if (s->ndeferred || s->t->conn.end > s->t->conn.start)
		return true;
	return recv(s->t->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

int fs_version_send(struct fsrv *s, struct fs_msg *q, struct fs_vreply *v)
{
	static char json[2048];
	struct iow_vfu_msg r;
	struct iow_caps_report rep;
	size_t jlen = 0;
	int rc;

	/* VFU-VER-001: nothing else before the reply. */
	if (more_buffered(s))
		conf_fail(s->x, "VFU-VER-001", "the client sent another message before the VERSION reply");
	if (v->no_json) {
		jlen = 0;
	} else if (v->json) {
		snprintf(json, sizeof json, "%s", v->json);
		jlen = strlen(json) + 1;
	} else if (v->caps.present || s->proposed_json) {
		if (iow_vfu_caps_emit(&v->caps, json, sizeof json, &jlen) != IOW_CAPS_OK)
			abort();
	}
	/* What the client must keep from now on: the JSON as it reads it, defaults for the rest
	 * (VFU-CAPS-001). */
	iow_vfu_caps_defaults(&s->eff);
	if (jlen && iow_vfu_caps_parse(json, jlen, &s->eff, &rep) != IOW_CAPS_OK)
		iow_vfu_caps_defaults(&s->eff);
	memset(&r, 0, sizeof r);
	r.u.version.major = v->major;
	r.u.version.minor = v->minor;
	r.u.version.json.ptr = (const uint8_t *)json;
	r.u.version.json.len = jlen;
	rc = fs_reply(s, q, &r, v->fds, v->nfds);
	close_fds(v->fds, v->nfds);
	v->nfds = 0;
	if (rc == 0)
		s->negotiated = true;
	return rc;
}

/* ---- the device's answers ---- */

static uint32_t needed(struct fsrv *s, struct iow_vfu_msg *r, uint16_t command)
{
	size_t n;

	r->hdr.command = command;
	r->hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	r->reply = true;
	n = iow_vfu_msg_size(s->cfg, r);
	return n >= IOW_VFU_HEADER_SIZE ? (uint32_t)(n - IOW_VFU_HEADER_SIZE) : 0;
}

static int build_region_info(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r, int *fds, unsigned *nfds)
{
	static struct iow_vfu_sparse_mmap_area areas[2] = { { 0x0000, 0x1000 }, { 0x2000, 0x1000 } };
	static const uint8_t body[16] = { 0x69, 0x6f, 0x77, 0x69, 0x72, 0x65 }; /* "iowire" */
	static struct iow_vfu_region_cap caps[2];
	struct iow_vfu_region_info *ri = &r->u.region_info;
	uint32_t index = q->m.u.region_info.index;

	if (index >= NUM_REGIONS)
		return EINVAL;
	ri->index = index;
	ri->size = region_size(index);
	if (ri->size)
		ri->flags = IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE;
	/* BAR1 can be mapped: its memfd goes with the reply, its sparse areas (and, if the case
	 * wants, a capability no client knows) in the chain, unless the client takes no fds. */
	if (index == IOW_VFU_REGION_INDEX_BAR1 && s->proposed.max_msg_fds >= 1) {
		memset(caps, 0, sizeof caps);
		caps[0].kase = IOW_VFU_REGION_CAP_SPARSE_MMAP;
		caps[0].u.sparse_mmap.nr_areas = 2;
		caps[0].u.sparse_mmap.areas.items = areas;
		caps[1].kase = IOW_VFU_REGION_CAP_UNKNOWN;
		caps[1].hdr.id = 0x7f00;
		caps[1].hdr.version = 1;
		caps[1].body.ptr = body;
		caps[1].body.len = sizeof body;
		ri->flags |= IOW_VFU_REGION_INFO_FLAGS_MMAP | IOW_VFU_REGION_INFO_FLAGS_CAPS;
		ri->cap_offset = IOW_VFU_REGION_INFO_SIZE;
		ri->caps.count = s->unknown_cap ? 2 : 1;
		ri->caps.items = caps;
		ri->argsz = needed(s, r, q->m.hdr.command);
		if (ri->argsz > q->m.u.region_info.argsz) {
			/* VFU-SIZE-006: the fixed part only, argsz saying what is needed, no fd. */
			r->truncated = true;
			ri->flags &= ~(IOW_VFU_REGION_INFO_FLAGS_MMAP | IOW_VFU_REGION_INFO_FLAGS_CAPS);
			ri->cap_offset = 0;
			ri->caps.count = 0;
			ri->caps.items = NULL;
			return 0;
		}
		fds[0] = s->bar1_fd;
		*nfds = 1;
		return 0;
	}
	ri->argsz = needed(s, r, q->m.hdr.command);
	return 0;
}

static int build_set_irqs(struct fsrv *s, struct fs_msg *q)
{
	const struct iow_vfu_irq_set *set = &q->m.u.irq_set;
	uint32_t n = irq_count(set->index);

	(void)s;
	if (set->index >= NUM_IRQS || !(set->flags & IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER))
		return EINVAL; /* no index is maskable */
	if (set->count == 0)
		return set->start == 0 ? 0 : EINVAL;
	if (set->start >= n || set->count > n - set->start)
		return EINVAL;
	if (set->flags & IOW_VFU_IRQ_SET_FLAGS_DATA_BOOL)
		for (uint32_t k = 0; k < set->count; k++)
			if (set->data.ptr[k] > 1)
				return EINVAL;
	return 0; /* eventfds are closed with the message: the device never signals */
}

static int access_ok(struct fsrv *s, uint32_t region, uint64_t offset, uint32_t count)
{
	uint64_t size = region < NUM_REGIONS ? region_size(region) : 0;

	if (!size || count > s->eff.max_data_xfer_size || offset > size || count > size - offset)
		return EINVAL;
	return 0;
}

static int build_dma_map(struct fsrv *s, struct fs_msg *q)
{
	const struct iow_vfu_dma_map *m = &q->m.u.dma_map;

	if (m->size == 0 || m->address + m->size < m->address)
		return EINVAL;
	for (unsigned i = 0; i < s->nmaps; i++)
		if (m->address < s->maps[i].addr + s->maps[i].size && s->maps[i].addr < m->address + m->size)
			return EEXIST;
	if (s->nmaps >= s->eff.max_dma_maps || s->nmaps == FS_MAX_MAPS)
		return ENOSPC;
	s->maps[s->nmaps++] = (struct fs_map){ m->address, m->size, m->flags, q->nfds > 0 };
	return 0;
}

static int build_dma_unmap(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r)
{
	const struct iow_vfu_dma_unmap *u = &q->m.u.dma_unmap;
	unsigned at;

	if (u->flags & IOW_VFU_DMA_UNMAP_FLAGS_GET_DIRTY_BITMAP)
		return ENOTSUP;
	if (u->flags & IOW_VFU_DMA_UNMAP_FLAGS_ALL) {
		if (u->address || u->size)
			return EINVAL;
		s->nmaps = 0;
	} else if (find_map(s, u->address, u->size, &at)) {
		s->maps[at] = s->maps[--s->nmaps];
	} else {
		return ENOENT;
	}
	r->u.dma_unmap_reply.flags = u->flags;
	r->u.dma_unmap_reply.address = u->address;
	r->u.dma_unmap_reply.size = u->size;
	r->u.dma_unmap_reply.argsz = needed(s, r, q->m.hdr.command);
	return 0;
}

static bool saving(uint32_t st)
{
	return st == IOW_VFU_MIG_STATE_PRE_COPY || st == IOW_VFU_MIG_STATE_STOP_COPY;
}

static int set_mig_state(struct fsrv *s, uint32_t st)
{
	bool offered = st == IOW_VFU_MIG_STATE_STOP || st == IOW_VFU_MIG_STATE_RUNNING ||
		       st == IOW_VFU_MIG_STATE_STOP_COPY || st == IOW_VFU_MIG_STATE_RESUMING ||
		       (st == IOW_VFU_MIG_STATE_PRE_COPY && (s->mig_flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY));

	if (!offered || s->mig_state == IOW_VFU_MIG_STATE_ERROR)
		return EINVAL;
	if (s->mig_state == IOW_VFU_MIG_STATE_STOP_COPY && st == IOW_VFU_MIG_STATE_PRE_COPY)
		return EINVAL;
	if (s->mig_state == IOW_VFU_MIG_STATE_STOP_COPY && st != IOW_VFU_MIG_STATE_STOP_COPY && !s->mig_short)
		conf_fail(s->x, "VFU-MIG-011", "the client leaves STOP_COPY for %s before a MIG_DATA_READ came back short",
			  iow_vfu_mig_state_name(st));
	if (saving(st) && st != s->mig_state) {
		s->mig_pos = 0;
		s->mig_short = false;
	}
	if (st == IOW_VFU_MIG_STATE_STOP_COPY)
		s->mig_stop_copy = true;
	s->mig_state = st;
	return 0;
}

static int build_feature(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r)
{
	const struct iow_vfu_device_feature *in = &q->m.u.device_feature;
	struct iow_vfu_device_feature *o = &r->u.device_feature;
	uint32_t feature = in->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_FEATURE;
	uint32_t ops = in->flags & (IOW_VFU_DEVICE_FEATURE_FLAGS_GET | IOW_VFU_DEVICE_FEATURE_FLAGS_SET);
	bool probe = (in->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_PROBE) != 0;
	uint32_t supported;

	if (feature == IOW_VFU_FEATURE_INDEX_MIGRATION && s->mig_flags)
		supported = IOW_VFU_DEVICE_FEATURE_FLAGS_GET;
	else if (feature == IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE && s->mig_flags)
		supported = IOW_VFU_DEVICE_FEATURE_FLAGS_GET | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	else
		return ENOTSUP;
	if ((!probe && ops != IOW_VFU_DEVICE_FEATURE_FLAGS_GET && ops != IOW_VFU_DEVICE_FEATURE_FLAGS_SET) ||
	    (ops & ~supported))
		return EINVAL;
	if (probe || ops == IOW_VFU_DEVICE_FEATURE_FLAGS_SET) {
		/* the reply repeats the request */
		if (in->argsz < q->m.payload.len)
			return EINVAL;
		*o = *in;
		o->argsz = (uint32_t)q->m.payload.len;
		if (probe)
			return 0;
		if (in->data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE)
			return EINVAL;
		return set_mig_state(s, in->data.u.feature_mig_state.device_state);
	}
	o->flags = in->flags;
	if (feature == IOW_VFU_FEATURE_INDEX_MIGRATION) {
		o->data.kase = IOW_VFU_FEATURE_DATA_MIGRATION;
		o->data.u.feature_migration.flags = s->mig_flags;
	} else {
		o->data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
		o->data.u.feature_mig_state.device_state = s->mig_state;
	}
	o->argsz = needed(s, r, q->m.hdr.command);
	return o->argsz <= in->argsz ? 0 : EINVAL;
}

static int build_mig_read(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r)
{
	static uint8_t data[FS_MIG_SIZE];
	const struct iow_vfu_mig_data *in = &q->m.u.mig_data;
	size_t left;
	uint32_t got;

	if (!s->mig_flags)
		return ENOTSUP;
	if (!saving(s->mig_state) || in->size > s->eff.max_data_xfer_size ||
	    in->argsz < (uint64_t)IOW_VFU_MIG_DATA_SIZE + in->size)
		return EINVAL;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 13 + 7);
	left = FS_MIG_SIZE - s->mig_pos;
	got = in->size < left ? in->size : (uint32_t)left;
	if (got < in->size)
		s->mig_short = true;
	r->u.mig_data_data.mig.size = got;
	r->u.mig_data_data.data.ptr = data + s->mig_pos;
	r->u.mig_data_data.data.len = got;
	s->mig_pos += got;
	s->mig_read += got;
	r->u.mig_data_data.mig.argsz = needed(s, r, q->m.hdr.command);
	return 0;
}

int fs_build(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r, int *fds, unsigned *nfds)
{
	uint16_t c = q->m.hdr.command;

	memset(r, 0, sizeof *r);
	*nfds = 0;
	if (!q->ok || !s->negotiated)
		return EINVAL;
	switch (c) {
	case IOW_VFU_COMMAND_DMA_MAP:
		return build_dma_map(s, q);
	case IOW_VFU_COMMAND_DMA_UNMAP:
		return build_dma_unmap(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_GET_INFO:
		r->u.device_info.flags = IOW_VFU_DEVICE_INFO_FLAGS_RESET | IOW_VFU_DEVICE_INFO_FLAGS_PCI;
		r->u.device_info.num_regions = NUM_REGIONS;
		r->u.device_info.num_irqs = NUM_IRQS;
		r->u.device_info.argsz = needed(s, r, c);
		return 0;
	case IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO:
		return build_region_info(s, q, r, fds, nfds);
	case IOW_VFU_COMMAND_DEVICE_GET_REGION_IO_FDS:
		if (q->m.u.io_fds_request.index >= NUM_REGIONS)
			return EINVAL;
		r->u.io_fds_reply.index = q->m.u.io_fds_request.index;
		r->u.io_fds_reply.argsz = needed(s, r, c);
		return 0;
	case IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO:
		if (q->m.u.irq_info.index >= NUM_IRQS)
			return EINVAL;
		r->u.irq_info.flags = IOW_VFU_IRQ_INFO_FLAGS_EVENTFD;
		r->u.irq_info.index = q->m.u.irq_info.index;
		r->u.irq_info.count = irq_count(q->m.u.irq_info.index);
		r->u.irq_info.argsz = needed(s, r, c);
		return 0;
	case IOW_VFU_COMMAND_DEVICE_SET_IRQS:
		return build_set_irqs(s, q);
	case IOW_VFU_COMMAND_REGION_READ: {
		const struct iow_vfu_region_access *a = &q->m.u.region_access;
		int err = access_ok(s, a->region, a->offset, a->count);

		if (err)
			return err;
		r->u.region_access_data.access = *a;
		r->u.region_access_data.data.ptr = region_mem(s, a->region) + a->offset;
		r->u.region_access_data.data.len = a->count;
		return 0;
	}
	case IOW_VFU_COMMAND_REGION_WRITE: {
		const struct iow_vfu_region_access_data *a = &q->m.u.region_access_data;
		int err = access_ok(s, a->access.region, a->access.offset, a->access.count);

		if (err)
			return err;
		memcpy(region_mem(s, a->access.region) + a->access.offset, a->data.ptr, a->access.count);
		r->u.region_access = a->access;
		return 0;
	}
	case IOW_VFU_COMMAND_REGION_WRITE_MULTI: {
		const struct iow_vfu_write_multi *w = &q->m.u.write_multi;
		uint64_t done = 0;

		if (!s->eff.write_multiple)
			return EINVAL;
		for (uint64_t i = 0; i < w->wr_cnt; i++) {
			struct iow_vfu_write_multi_entry e;

			if (iow_vfu_write_multi_wrs_at(s->cfg, w, (size_t)i, &e) || e.count > IOW_VFU_MAX_WRITE_MULTI_DATA ||
			    access_ok(s, e.region, e.offset, e.count))
				break;
			memcpy(region_mem(s, e.region) + e.offset, e.data, e.count);
			done++;
		}
		r->u.write_multi_reply.wr_cnt = done;
		return 0;
	}
	case IOW_VFU_COMMAND_DEVICE_RESET:
		device_reset(s);
		return 0;
	case IOW_VFU_COMMAND_DEVICE_FEATURE:
		return build_feature(s, q, r);
	case IOW_VFU_COMMAND_MIG_DATA_READ:
		return build_mig_read(s, q, r);
	case IOW_VFU_COMMAND_MIG_DATA_WRITE:
		if (!s->mig_flags)
			return ENOTSUP;
		return s->mig_state == IOW_VFU_MIG_STATE_RESUMING ? 0 : EINVAL;
	default:
		return EINVAL; /* VERSION again, DMA_READ/DMA_WRITE, DIRTY_PAGES */
	}
}

void fs_answer(struct fsrv *s, struct fs_msg *q)
{
	bool no_reply = (q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY) != 0;
	struct iow_vfu_msg r;
	int fds[2];
	unsigned nfds = 0;
	int rc;

	if (q->ok && q->m.hdr.command == IOW_VFU_COMMAND_VERSION && !s->negotiated) {
		struct fs_vreply v;

		if (q->m.u.version.major != 0) {
			conf_info(s->x, "the client proposes major version %u; the server speaks 0", q->m.u.version.major);
			fs_error(s, q, EINVAL, NULL, 0);
			return;
		}
		fs_version_prepare(s, q, &v);
		fs_version_send(s, q, &v);
		return;
	}
	rc = fs_build(s, q, &r, fds, &nfds);
	if (no_reply) {
		fs_answered(s, q);
		return;
	}
	if (rc)
		fs_error(s, q, (uint32_t)rc, NULL, 0);
	else
		fs_reply(s, q, &r, fds, nfds);
}

/* ---- the session ---- */

enum fs_end fs_serve(struct fsrv *s)
{
	for (;;) {
		enum fs_end why;
		struct fs_msg *q = fs_recv(s, s->t->opts->timeout_ms, &why);
		enum fs_act act;

		if (!q)
			return why;
		if (is_reply(q)) {
			stray(s, q);
			continue;
		}
		fs_check(s, q);
		act = s->hook ? s->hook(s, q) : FS_DEFAULT;
		if (act == FS_DEFAULT)
			fs_answer(s, q);
		fs_free(q);
		if (act == FS_STOP)
			return FS_STOPPED;
		if (s->closed && !s->ndeferred)
			return FS_CLOSED;
	}
}

int fs_finish(struct fsrv *s, enum fs_end end, const char *req)
{
	unsigned ms = s->t->opts->timeout_ms;
	char log[400];
	int status;

	if (end == FS_TIMEOUT) {
		conf_info(s->x, "the client sent nothing for %u ms and kept the connection open", ms);
		return -1;
	}
	if (end == FS_STOPPED)
		return -1;
	status = target_wait(s->t, ms);
	fs_client_log(s, log, sizeof log);
	if (status < 0) {
		conf_info(s->x, "the client closed the connection but was still running %u ms later", ms);
	} else if (status == 0) {
		conf_note(s->x, "the client closed the connection and exited with status 0");
	} else if (req && !req[0]) {
		conf_note(s->x, "the client exited with status %d%s%s", status, log[0] ? ": " : "", log);
	} else if (req) {
		conf_fail(s->x, req, "the client exited with status %d against a server that kept the spec%s%s", status,
			  log[0] ? ": " : "", log);
	} else {
		conf_info(s->x, "the client exited with status %d%s%s", status, log[0] ? ": " : "", log);
	}
	return status;
}

/* ---- what the client mapped ---- */

const struct fs_map *fs_message_map(const struct fsrv *s)
{
	const uint32_t rw = IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE;

	for (unsigned i = 0; i < s->nmaps; i++)
		if (!s->maps[i].fd && (s->maps[i].flags & rw) == rw)
			return &s->maps[i];
	return NULL;
}

uint64_t fs_unmapped(const struct fsrv *s, uint64_t len)
{
	uint64_t top = 0x4000000000ull;

	for (unsigned i = 0; i < s->nmaps; i++)
		if (s->maps[i].addr + s->maps[i].size > top)
			top = s->maps[i].addr + s->maps[i].size;
	top = (top + (1ull << 24)) & ~((1ull << 20) - 1);
	return top + len < top ? 0 : top;
}
