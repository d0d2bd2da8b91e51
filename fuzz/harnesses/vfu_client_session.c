/* vfu_client_session: the reference vfio-user client's dispatch loop
 * (conformance/reference/vfu-client) against a server whose bytes and fds are the fuzzer's
 * input, the record stream of iowf_session.h: replies to the client's commands, and the server's
 * own commands (DMA_READ, DMA_WRITE).
 *
 *   sel: bits 0-3 the profile (modulo the count), bit 4 host byte order, bit 5 no twin socket
 *        proposed, bit 6 no REGION_WRITE_MULTI proposed, bit 7 no migration
 *   ctl: bits 0-4 as in iowf_session.h, and
 *        bit 5  reply to the client's latest command: the record's msg_id and command (bytes 0-3,
 *               in the session's byte order) become those of the last command the client sent
 *               that awaits a reply, so that a reply still matches when mutations before it
 *               changed what the client sends
 *        bit 6  msg_size (bytes 4-7) becomes the record's length
 *        bit 7  unsolicited: the record may come while the client has no command in flight
 *               (the server's DMA commands); without it, a record waits for the client's next
 *               command
 * The seeds are recorded sessions with the reference server (fuzz/sessions/record.py): bit 6 on
 * every whole message, bit 5 on replies, bit 7 on commands.
 *
 * The client runs in the harness's thread and calls the harness (struct client_peer) whenever it
 * is about to wait for its sockets. The harness then sends the next record, once the client has
 * read everything sent before. When the client waits with no command in flight and the next
 * record is not unsolicited, nothing comes: the wait ends at once and the client's virtual clock
 * moves on by its length, and every eventfd the client gave the server is signalled (a device
 * interrupts, eventually). At the end of the input the harness shuts its ends of the sockets, so
 * the client sees the end of the stream at once. The client's clock is the virtual one alone: a
 * run depends only on the input and never waits for a timeout.
 *
 * A thread (one for the process, idle between sessions) reads everything the client sends on
 * both sockets, so that its sends never block; the harness reads too, under the same lock, before
 * it sends a record, so the client's latest command (bit 5) is known exactly. Fds the client sends are closed, except eventfds (the first
 * KEEP_EFDS), kept until the session ends. The twin socket: the first socket-kind fd the harness
 * sends is one end of a pair whose other end the harness keeps; records with IOWF_REC_TWIN go
 * there when the client holds that socket as its twin, else on the main socket. Every other
 * socket-kind fd has its peer closed (iowf_session.h).
 *
 * The client's buffers (1 MiB each) are allocated once, not per input.
 *
 * Oracle: no crash and no sanitizer report; the client returns; every fd the session opened is
 * closed once it has (iowf_open_fds() agrees before and after). An input counts as accepted
 * when the client got past negotiation. IOWF_VERBOSE=1 (or 2) shows what the client says (and
 * every message, field by field). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "fd_kind.h"
#include "iowf_session.h"

#define SEL_NO_TWIN 0x20u
#define SEL_NO_WRITE_MULTI 0x40u
#define SEL_NO_MIGRATION 0x80u

#define REC_PATCH_ID 0x20u
#define REC_FIX_SIZE 0x40u
#define REC_UNSOLICITED 0x80u

#define KEEP_EFDS 64
/* The client's buffers: the largest message it sends (a DMA_READ reply of CL_MAX_XFER) or takes
 * in (a REGION_READ reply, at most as large) and headers. */
#define BUFCAP (CL_MAX_XFER + 4096)
/* Virtual: how long the client waits for a reply or an interrupt (few rounds of serve_for). */
#define TIMEOUT_MS 100

/* What the client sent on one socket, read header by header. */
struct rx {
	uint8_t hdr[IOW_VFU_HEADER_SIZE];
	size_t have;   /* header bytes of the current message */
	uint64_t skip; /* its payload bytes still to come */
};

struct session {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool reading;     /* the reader thread reads the session's sockets */
	struct client *c;
	struct iowf_input in;
	int main_end;     /* the harness's end of the main socket */
	int twin_end;     /* the harness's end of the twin socket pair */
	int twin_client;  /* the client's end, until sent */
	ino_t twin_ino;   /* its inode: is the client's twin socket this one? */
	int stop;         /* eventfd: the reader thread stops reading (lives as long as the thread) */
	bool shut;        /* the input is exhausted, the sockets shut */
	struct rx rx_main, rx_twin;
	bool have_cmd;    /* the client's latest command that awaits a reply */
	uint16_t cmd_id, cmd;
	int efds[KEEP_EFDS];
	unsigned nefds;
	uint8_t rbuf[64 * 1024]; /* receive buffer, under lock */
	uint8_t rec[65536];      /* the record being sent, patched */
};

static void take_fds(struct session *s, struct msghdr *mh)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
			if (s->nefds < KEEP_EFDS && ref_fd_is_eventfd(fd))
				s->efds[s->nefds++] = fd;
			else
				close(fd);
		}
	}
}

static void parse(struct session *s, struct rx *rx, const uint8_t *p, size_t n, bool main_socket)
{
	enum iow_order order = s->c->cfg.order;

	while (n) {
		size_t k;

		if (rx->skip) {
			k = n < rx->skip ? n : (size_t)rx->skip;
			p += k;
			n -= k;
			rx->skip -= k;
			continue;
		}
		k = sizeof rx->hdr - rx->have < n ? sizeof rx->hdr - rx->have : n;
		memcpy(rx->hdr + rx->have, p, k);
		rx->have += k;
		p += k;
		n -= k;
		if (rx->have < sizeof rx->hdr)
			continue;
		uint32_t size = iow_ld_le32(rx->hdr + 4, order);
		uint32_t flags = iow_ld_le32(rx->hdr + 8, order);

		if (main_socket && !(flags & IOW_VFU_HEADER_FLAGS_NO_REPLY) &&
		    (flags & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT == IOW_VFU_MSG_TYPE_COMMAND) {
			s->have_cmd = true;
			s->cmd_id = iow_ld_le16(rx->hdr, order);
			s->cmd = iow_ld_le16(rx->hdr + 2, order);
		}
		rx->have = 0;
		rx->skip = size > sizeof rx->hdr ? size - sizeof rx->hdr : 0;
	}
}

/* Reads what sock holds, without waiting; under the lock. false: the stream has ended. */
static bool drain(struct session *s, int sock, struct rx *rx, bool main_socket)
{
	for (;;) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * IOW_CONN_MAX_FDS)];
			struct cmsghdr align;
		} u;
		struct iovec iov = { s->rbuf, sizeof s->rbuf };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
				     .msg_controllen = sizeof u.buf };
		ssize_t n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK;
		if (n == 0)
			return false;
		take_fds(s, &mh);
		parse(s, rx, s->rbuf, (size_t)n, main_socket);
	}
}

/* The rest of the server, during one session: reads all the client sends, so that the client
 * never blocks, until the harness says stop. */
static void read_session(struct session *s)
{
	bool main_open = true, twin_open = true;
	uint64_t v;

	for (;;) {
		struct pollfd p[3] = { { s->stop, POLLIN, 0 },
				       { main_open ? s->main_end : -1, POLLIN, 0 },
				       { twin_open ? s->twin_end : -1, POLLIN, 0 } };

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			abort();
		}
		if (p[0].revents) {
			if (read(s->stop, &v, sizeof v) != sizeof v)
				abort();
			return;
		}
		pthread_mutex_lock(&s->lock);
		if (p[1].revents && !drain(s, s->main_end, &s->rx_main, true))
			main_open = false;
		if (p[2].revents && !drain(s, s->twin_end, &s->rx_twin, false))
			twin_open = false;
		pthread_mutex_unlock(&s->lock);
	}
}

/* One thread for all sessions, idle between them (creating a thread per input costs more than
 * the session under AddressSanitizer). */
static void *reader(void *arg)
{
	struct session *s = arg;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (!s->reading)
			pthread_cond_wait(&s->changed, &s->lock);
		pthread_mutex_unlock(&s->lock);
		read_session(s);
		pthread_mutex_lock(&s->lock);
		s->reading = false;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

/* A record whose fds are sockets: the first one of the session is the client's end of the twin
 * pair, the others ends of fresh pairs whose peer is gone. true: all of it was sent. */
static bool send_sockets(struct session *s, int sock, const struct iowf_record *r)
{
	unsigned nfds = r->ctl & IOWF_REC_NFDS;
	int fds[IOWF_REC_NFDS], sv[2], n;
	size_t done;

	for (unsigned i = 0; i < nfds; i++) {
		if (s->twin_client >= 0) {
			fds[i] = s->twin_client;
			s->twin_client = -1;
		} else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
			close(sv[1]);
			fds[i] = sv[0];
		} else {
			abort();
		}
	}
	n = iowf_send_fds(sock, r->data, r->len, fds, nfds, MSG_DONTWAIT);
	for (unsigned i = 0; i < nfds; i++)
		close(fds[i]);
	for (done = n > 0 ? (size_t)n : 0; n > 0 && done < r->len; done += (size_t)n)
		n = iowf_send_fds(sock, r->data + done, r->len - done, NULL, 0, MSG_DONTWAIT);
	return n > 0 && done == r->len;
}

/* Sends r (patched as its ctl asks). true: the client has something to read. */
static bool deliver(struct session *s, const struct iowf_record *rec)
{
	struct client *c = s->c;
	struct iowf_record r = *rec;
	enum iow_order order = c->cfg.order;
	enum iowf_fd_kind kind = (enum iowf_fd_kind)((r.ctl & IOWF_REC_KIND) >> IOWF_REC_KIND_SHIFT);
	int sock = s->main_end;
	struct stat st;

	if (!r.len)
		return false;
	if (r.ctl & (REC_PATCH_ID | REC_FIX_SIZE)) {
		memcpy(s->rec, r.data, r.len);
		if ((r.ctl & REC_PATCH_ID) && r.len >= 4 && s->have_cmd) {
			iow_st_le16(s->rec, s->cmd_id, order);
			iow_st_le16(s->rec + 2, s->cmd, order);
		}
		if ((r.ctl & REC_FIX_SIZE) && r.len >= 8)
			iow_st_le32(s->rec + 4, (uint32_t)r.len, order);
		r.data = s->rec;
	}
	if ((r.ctl & IOWF_REC_TWIN) && s->twin_client < 0 && c->twin_fd >= 0 && fstat(c->twin_fd, &st) == 0 &&
	    st.st_ino == s->twin_ino)
		sock = s->twin_end;
	if (kind == IOWF_FD_SOCKET && (r.ctl & IOWF_REC_NFDS))
		return send_sockets(s, sock, &r);
	return iowf_send_record(sock, &r) == 0;
}

static bool queued(int fd)
{
	int n = 0;

	return fd >= 0 && ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

/* struct client_peer: the client is about to wait. */
static bool peer_wait(struct client *c, bool in_flight, void *arg)
{
	struct session *s = arg;
	bool more = true;

	pthread_mutex_lock(&s->lock);
	drain(s, s->main_end, &s->rx_main, true);
	drain(s, s->twin_end, &s->rx_twin, false);
	if (queued(c->fd) || queued(c->twin_fd) || s->shut)
		goto out;
	for (;;) {
		struct iowf_input before = s->in;
		struct iowf_record r;

		if (!iowf_next_record(&s->in, &r)) {
			/* the server has nothing more to say: the end of both streams */
			shutdown(s->main_end, SHUT_WR);
			shutdown(s->twin_end, SHUT_WR);
			s->shut = true;
			break;
		}
		if (!in_flight && !(r.ctl & REC_UNSOLICITED)) {
			/* it waits for a command: nothing comes, and time passes */
			s->in = before;
			for (unsigned i = 0; i < s->nefds; i++) {
				uint64_t one = 1;

				if (write(s->efds[i], &one, sizeof one) < 0) {
					/* the counter is full: it is signalled already */
				}
			}
			more = false;
			break;
		}
		if (deliver(s, &r))
			break;
	}
out:
	pthread_mutex_unlock(&s->lock);
	return more;
}

/* Discards what the client says, unless IOWF_VERBOSE is set. */
static FILE *quiet_log(int *verbose)
{
	static FILE *log;
	static int level;

	if (!log) {
		const char *v = getenv("IOWF_VERBOSE");

		if (v && *v) {
			log = stderr;
			level = atoi(v) > 1 ? 2 : 1;
		} else {
			log = fopencookie(NULL, "w", (cookie_io_functions_t){ 0 });
			if (!log)
				abort();
		}
	}
	*verbose = level;
	return log;
}

static void configure(struct client *c, uint8_t sel)
{
	memset(c, 0, sizeof *c);
	client_defaults(&c->opt);
	c->opt.profile = (sel & 0x0fu) % IOW_VFU_PROFILE_COUNT;
	c->opt.order = (sel & IOWF_SEL_HOST_ORDER) ? IOW_ORDER_HOST : IOW_ORDER_LE;
	c->opt.twin_socket = !(sel & SEL_NO_TWIN);
	c->opt.write_multi = !(sel & SEL_NO_WRITE_MULTI);
	c->opt.migration = !(sel & SEL_NO_MIGRATION);
	c->opt.timeout_ms = TIMEOUT_MS;
	c->log = quiet_log(&c->opt.verbose);
}

static void nonblocking(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static struct session ss = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER, .stop = -1 };

static void start_reader(void)
{
	pthread_t thread;
	pthread_attr_t attr;

	ss.stop = eventfd(0, EFD_CLOEXEC);
	/* a small stack: under AddressSanitizer a thread's start clears the shadow of all of it */
	if (ss.stop < 0 || pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, 256 * 1024) ||
	    pthread_create(&thread, &attr, reader, &ss) || pthread_attr_destroy(&attr) || pthread_detach(thread))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	static struct client cl;
	static uint8_t *bufs[3];
	struct client_peer peer = { peer_wait, &ss, 0 };
	struct iowf_input in = { data, size };
	struct session *s = &ss;
	unsigned fds_before, fds_after;
	struct stat st;
	int sv[2], tv[2];
	uint8_t sel;

	if (!iowf_take_byte(&in, &sel))
		return 0;
	signal(SIGPIPE, SIG_IGN);
	pthread_once(&once, start_reader);
	configure(&cl, sel); /* opens the quiet log once, before the fds are counted */
	fds_before = iowf_open_fds();

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tv) < 0 || fstat(tv[0], &st) < 0)
		abort();
	s->c = &cl;
	s->in = in;
	s->main_end = sv[1];
	s->twin_end = tv[1];
	s->twin_client = tv[0];
	s->twin_ino = st.st_ino;
	s->shut = false;
	memset(&s->rx_main, 0, sizeof s->rx_main);
	memset(&s->rx_twin, 0, sizeof s->rx_twin);
	s->have_cmd = false;
	s->nefds = 0;
	nonblocking(s->main_end);
	nonblocking(s->twin_end);
	/* The client's buffers live as long as the process: under AddressSanitizer, allocating and
	 * freeing 3 MiB for every input would cost more than the session. */
	if (!bufs[0])
		for (unsigned i = 0; i < 3; i++)
			if (!(bufs[i] = malloc(BUFCAP)))
				abort();
	cl.rxbuf = bufs[0];
	cl.twinbuf = bufs[1];
	cl.txbuf = bufs[2];
	if (!client_init(&cl, sv[0], BUFCAP))
		abort();
	cl.peer = &peer;
	pthread_mutex_lock(&s->lock);
	s->reading = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);

	run_session(&cl);

	client_release(&cl);
	{
		uint64_t one = 1;

		if (write(s->stop, &one, sizeof one) != sizeof one)
			abort();
	}
	pthread_mutex_lock(&s->lock);
	while (s->reading)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
	close(s->main_end);
	close(s->twin_end);
	if (s->twin_client >= 0)
		close(s->twin_client);
	for (unsigned i = 0; i < s->nefds; i++)
		close(s->efds[i]);

	fds_after = iowf_open_fds();
	if (fds_after != fds_before)
		iowf_fail(data, size, "vfu_client_session: %u fds open before the session, %u after", fds_before,
			  fds_after);
	if (cl.negotiated)
		iowf_accepted++;
	return 0;
}
