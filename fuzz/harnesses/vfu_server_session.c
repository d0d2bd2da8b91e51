/* vfu_server_session: the reference vfio-user server's dispatch loop
 * (conformance/reference/vfu-server) fed by a client whose bytes and fds are the fuzzer's input,
 * the record stream of iowf_session.h.
 *
 *   sel: bit 0 the profile (0.9.2, libvfio-user), bit 1 no migration, bit 4 host byte order
 *
 * Each record reaches the server as one sendmsg(), and the server serves everything it has
 * before the next one, so a run is deterministic. A thread plays the rest of the client: it
 * reads all the server sends on both sockets and closes the fds that come with it, except the
 * twin socket's client end, on which records with IOWF_REC_TWIN go.
 *
 * Oracle: no crash, no hang (the session ends when the input does), and every fd the session
 * opened is closed once the server has dropped the client. An input counts as accepted when
 * the server negotiated. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "iowf_session.h"
#include "server.h"

#define SEL_LIBVFIO_USER 0x01u
#define SEL_NO_MIGRATION 0x02u

/* The rest of the client: one thread for all sessions (a thread per input would cost more than
 * the session), reading the client end `sock` of the current session until the server closes
 * it. It keeps the twin socket's client end that the server passes. */
struct peer {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int sock; /* -1 between sessions */
	int twin; /* -1 until the server passes one */
	bool done; /* the server has closed sock */
};

static struct peer peer = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, -1, -1, true };

static void keep_or_close(struct peer *p, int fd)
{
	struct stat st;

	/* The server passes two kinds of fd: BAR1's memfd and the twin socket. */
	if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
		pthread_mutex_lock(&p->lock);
		if (p->twin >= 0)
			close(p->twin);
		p->twin = fd;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		return;
	}
	close(fd);
}

/* One read; false at the end of the stream. */
static bool drain_one(struct peer *p, int sock)
{
	static uint8_t buf[64 * 1024]; /* only the reader thread reads */
	union {
		char buf[CMSG_SPACE(sizeof(int) * IOW_CONN_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
			keep_or_close(p, fd);
		}
	}
	return n > 0;
}

/* Reads both sockets of one session until the server closes the main one. */
static void read_session(struct peer *p, int sock)
{
	bool twin_open = true;

	for (;;) {
		struct pollfd fds[2] = { { sock, POLLIN, 0 }, { -1, POLLIN, 0 } };

		pthread_mutex_lock(&p->lock);
		if (twin_open)
			fds[1].fd = p->twin;
		pthread_mutex_unlock(&p->lock);
		/* A twin may arrive on sock while we wait: look again every few ms until it has. */
		if (poll(fds, 2, fds[1].fd < 0 ? 5 : -1) < 0 && errno != EINTR)
			abort();
		if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !drain_one(p, sock))
			return;
		if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && !drain_one(p, fds[1].fd))
			twin_open = false; /* stays open (the harness sends on it) until the session ends */
	}
}

static void *client_reader(void *arg)
{
	struct peer *p = arg;

	for (;;) {
		int sock;

		pthread_mutex_lock(&p->lock);
		while (p->done)
			pthread_cond_wait(&p->changed, &p->lock);
		sock = p->sock;
		pthread_mutex_unlock(&p->lock);
		read_session(p, sock);
		pthread_mutex_lock(&p->lock);
		p->done = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

static void start_reader(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, client_reader, &peer) || pthread_detach(t))
		abort();
}

static void session_begin(struct peer *p, int sock)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, start_reader);
	pthread_mutex_lock(&p->lock);
	p->sock = sock;
	p->twin = -1;
	p->done = false;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

/* After the server let go of the client: waits for the reader, closes the client's ends. */
static void session_end(struct peer *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->done)
		pthread_cond_wait(&p->changed, &p->lock);
	close(p->sock);
	if (p->twin >= 0)
		close(p->twin);
	p->sock = p->twin = -1;
	pthread_mutex_unlock(&p->lock);
}

/* Waits (briefly: the server sent it before the harness got here) for the twin socket. */
static int twin_socket(struct peer *p)
{
	struct timespec until;
	int fd;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&p->lock);
	while (p->twin < 0 && pthread_cond_timedwait(&p->changed, &p->lock, &until) == 0)
		;
	fd = p->twin;
	pthread_mutex_unlock(&p->lock);
	return fd;
}

/* Serves whatever the server's sockets hold, as its poll loop would. */
static void pump(struct server *s, bool *negotiated)
{
	struct client *c = &s->cl;

	while (c->fd >= 0) {
		struct pollfd p[2] = { { c->fd, POLLIN, 0 }, { c->twin_fd, POLLIN, 0 } };

		if (poll(p, 2, 0) <= 0)
			return;
		if (c->twin_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !serve(s, true)) {
			if (c->closing)
				drop_client(s, "closing");
			else if (c->fd >= 0)
				twin_gone(s);
		}
		if (c->fd >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !serve(s, false))
			drop_client(s, "end of stream");
		if (c->fd >= 0 && c->closing)
			drop_client(s, "closing");
		*negotiated |= c->negotiated;
	}
}

/* The session's end: the client shuts its sockets, the server drains them and lets go. */
static void finish(struct server *s, struct peer *p, bool *negotiated)
{
	int twin;

	shutdown(p->sock, SHUT_WR);
	pthread_mutex_lock(&p->lock);
	twin = p->twin;
	pthread_mutex_unlock(&p->lock);
	if (twin >= 0)
		shutdown(twin, SHUT_WR);
	while (s->cl.fd >= 0) {
		struct pollfd pf = { s->cl.fd, POLLIN, 0 };

		/* After a shutdown the socket is always readable; a timeout is a hang. */
		if (poll(&pf, 1, 10000) == 0) {
			drop_client(s, "hang");
			abort();
		}
		pump(s, negotiated);
	}
}

/* The server at power-on, set up once: buffers and BAR1 are made for the first input only. */
static void configure(struct server *s, uint8_t sel)
{
	static bool made;

	if (!made) {
		s->opt.fd = -1;
		s->opt.max_xfer = REF_DEFAULT_XFER;
		if (server_init(s) < 0)
			abort();
		made = true;
	}
	s->opt.profile = (sel & SEL_LIBVFIO_USER) ? IOW_VFU_PROFILE_LIBVFIO_USER : IOW_VFU_PROFILE_V0_9_2;
	s->opt.order = (sel & IOWF_SEL_HOST_ORDER) ? IOW_ORDER_HOST : IOW_ORDER_LE;
	s->opt.migration = !(sel & SEL_NO_MIGRATION);
	s->opt.verbose = getenv("IOWF_VERBOSE") != NULL;
	server_power_on(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct server srv;
	struct iowf_input in = { data, size };
	struct iowf_record r;
	unsigned fds_before;
	bool negotiated = false;
	int sv[2];
	uint8_t sel;

	if (!iowf_take_byte(&in, &sel))
		return 0;
	signal(SIGPIPE, SIG_IGN);
	configure(&srv, sel);
	fds_before = iowf_open_fds();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	start_client(&srv, sv[0]);
	session_begin(&peer, sv[1]);
	while (srv.cl.fd >= 0 && iowf_next_record(&in, &r)) {
		int twin = (r.ctl & IOWF_REC_TWIN) && srv.cl.twin_fd >= 0 ? twin_socket(&peer) : -1;
		int sock = twin >= 0 ? twin : sv[1];

		if (iowf_send_record(sock, &r) < 0 && sock == sv[1])
			break; /* the server hung up (a closed twin only loses the record) */
		pump(&srv, &negotiated);
	}
	finish(&srv, &peer, &negotiated);
	session_end(&peer);
	if (iowf_open_fds() != fds_before)
		iowf_fail(data, size, "vfu_server_session: %u fds open before the session, %u after", fds_before,
			  iowf_open_fds());
	if (negotiated)
		iowf_accepted++;
	return 0;
}
