/* iowire-bench-transport: libiowire's transport against the reference peers, and raw AF_UNIX
 * sockets moving the same bytes, in the same run.
 *
 *   rt      a 1-byte REGION_READ (32 bytes) and its reply (33 bytes), one at a time, against
 *           iowire-ref-server --fd; raw: a forked child that reads 32 bytes and writes 33.
 *   posted  REGION_WRITE commands with 8 data bytes and NO_REPLY (40 bytes each), one send per
 *           message, ended by one REGION_READ whose reply says the server has handled them
 *           all; raw: the same bytes, one write() per message, into a child that reads them
 *           with a buffer as large as the server's and answers the final 32 bytes with 33.
 *   iorfd   an ioregionfd command (32 bytes, a 4-byte read) and its response (32 bytes)
 *           against iowire-ref-iorfd-device --fd; raw: a child that reads 32 and writes 32.
 *
 * The client side of the iowire cases is libiowire too: every message is encoded with the
 * generated encoders, sent with iow_conn_send() and received with iow_conn_recv(), and every
 * reply decoded. Raw and iowire alternate, rep after rep, so that drifts in the machine's
 * speed fall on both.
 *
 * For the diagnosis of the round trip, two more raw ping-pongs are timed: "rawpoll", the peer
 * calling poll() before each read(), which is how the reference server waits; and "rawmsg",
 * both ends using sendmsg() and recvmsg() with a control buffer, as libiowire's transport does.
 *
 * Output, one line per rep, tab-separated:  KIND  raw|iowire|rawpoll|rawmsg  REP  NS  (ns per
 * round trip, or per posted message). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "iowire/ioregionfd.h"
#include "iowire/transport.h"
#include "iowire/vfio_user.h"

#define RT_REQ 32
#define RT_REPLY 33
#define POSTED_MSG 40
#define IORFD_MSG 32
#define BAR0_STORAGE 0x40
#define SERVER_BUF ((1u << 20) + 4096) /* what iowire-ref-server reads into */
#define CLIENT_BUF (64u * 1024)

static const struct iow_cfg vfu_cfg = { IOW_VFU_PROFILE_V0_9_2, IOW_ORDER_LE };
static const struct iow_cfg iorfd_cfg = { IOW_IORFD_PROFILE_RFC_V3, IOW_ORDER_LE };

static struct options {
	const char *server, *device;
	char *wrap;
	long rt, posted, reps, warm;
	const char *only;
	int peer_stats;
	int client_cpu, peer_cpu; /* -1: not pinned */
} opt = { NULL, NULL, NULL, 20000, 200000, 5, 1000, NULL, 0, -1, -1 };

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0) {
		fprintf(stderr, "iowire-bench-transport: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
		exit(1);
	}
}

static void die(const char *what)
{
	fprintf(stderr, "iowire-bench-transport: %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static ssize_t recv_ctl(int fd, uint8_t *buf, size_t len);
static ssize_t send_plain(int fd, const uint8_t *buf, size_t len);

static int read_full_mode(int fd, uint8_t *buf, size_t len, int msg)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = msg ? recv_ctl(fd, buf + got, len - got) : read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static int read_full(int fd, uint8_t *buf, size_t len)
{
	return read_full_mode(fd, buf, len, 0);
}

static int write_full_mode(int fd, const uint8_t *buf, size_t len, int msg)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = msg ? send_plain(fd, buf + done, len - done) : write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len)
{
	return write_full_mode(fd, buf, len, 0);
}

/* ---- peers ---- */

/* How a raw peer waits and moves bytes: read()/write(); poll() then read()/write(), as the
 * reference server's loop does; or recvmsg() with a control buffer for fds and sendmsg(), as
 * libiowire's transport does. */
enum raw_mode { RAW_PLAIN, RAW_POLL, RAW_MSG };

static ssize_t recv_ctl(int fd, uint8_t *buf, size_t len)
{
	union {
		char space[CMSG_SPACE(IOW_CONN_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { buf, len };
	struct msghdr mh;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control.space;
	mh.msg_controllen = sizeof control.space;
	return recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
}

static ssize_t send_plain(int fd, const uint8_t *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	return sendmsg(fd, &mh, MSG_NOSIGNAL);
}

struct peer {
	pid_t pid;
	int fd;
};

/* A connected socket pair: ours (close-on-exec) and the peer's. */
static void pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair");
	fflush(stdout); /* nothing buffered for a child to print again */
}

/* Runs a reference peer on the other end of a socket pair, with --fd, under --wrap if given
 * ({kind} in it becomes rt, posted or iorfd). */
static struct peer spawn_ref(const char *path, const char *kind)
{
	struct peer p;
	int sv[2];

	pair(sv);
	p.fd = sv[0];
	p.pid = fork();
	if (p.pid < 0)
		die("fork");
	if (p.pid == 0) {
		char fdarg[32], *argv[32];
		int argc = 0;

		pin(opt.peer_cpu);
		fcntl(sv[1], F_SETFD, 0);
		snprintf(fdarg, sizeof fdarg, "--fd=%d", sv[1]);
		if (opt.wrap) {
			static char wrap[4096];
			const char *at = strstr(opt.wrap, "{kind}");

			if (at)
				snprintf(wrap, sizeof wrap, "%.*s%s%s", (int)(at - opt.wrap), opt.wrap, kind, at + 6);
			else
				snprintf(wrap, sizeof wrap, "%s", opt.wrap);
			for (char *tok = strtok(wrap, " "); tok && argc < 24; tok = strtok(NULL, " "))
				argv[argc++] = tok;
		}
		argv[argc++] = (char *)path;
		argv[argc++] = fdarg;
		argv[argc] = NULL;
		execvp(argv[0], argv);
		fprintf(stderr, "iowire-bench-transport: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(sv[1]);
	return p;
}

/* A raw peer: reads `in` bytes (in a buffer of `bufsize`), then writes `out` bytes; again until
 * end of stream, as `mode` says. With --peer-stats it prints its read() and write() calls at the end, and
 * the messages it got (msgs per round of `in` bytes). */
static struct peer spawn_raw(const char *kind, size_t in, size_t out, size_t bufsize, long msgs, enum raw_mode mode)
{
	struct peer p;
	int sv[2];

	pair(sv);
	p.fd = sv[0];
	p.pid = fork();
	if (p.pid < 0)
		die("fork");
	if (p.pid == 0) {
		uint8_t *buf = calloc(1, bufsize > out ? bufsize : out);
		unsigned long reads = 0, writes = 0, rounds = 0;

		pin(opt.peer_cpu);
		/* only our end: a copy of another peer's socket here would keep it from its EOF */
		for (int fd = 3; fd < 1024; fd++)
			if (fd != sv[1])
				close(fd);
		if (!buf)
			_exit(1);
		for (;;) {
			size_t got = 0;

			while (got < in) {
				size_t want = in - got < bufsize ? in - got : bufsize;
				struct pollfd pfd = { sv[1], POLLIN, 0 };
				ssize_t n;

				if (mode == RAW_POLL && poll(&pfd, 1, -1) < 0 && errno != EINTR)
					_exit(1);
				n = mode == RAW_MSG ? recv_ctl(sv[1], buf, want) : read(sv[1], buf, want);

				reads++;
				if (n < 0 && errno == EINTR)
					continue;
				if (n == 0 && got == 0) {
					if (opt.peer_stats)
						printf("peer\t%s\traw\tmessages\t%lu\treads\t%lu\twrites\t%lu\n", kind,
						       rounds * (unsigned long)msgs, reads, writes);
					fflush(stdout);
					_exit(0);
				}
				if (n <= 0)
					_exit(1);
				got += (size_t)n;
			}
			writes++;
			if (write_full_mode(sv[1], buf, out, mode == RAW_MSG))
				_exit(1);
			rounds++;
		}
	}
	close(sv[1]);
	return p;
}

static void finish(struct peer *p, const char *what)
{
	int status;

	fflush(stdout);
	close(p->fd);
	if (waitpid(p->pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "iowire-bench-transport: %s did not end cleanly (status %d)\n", what, status);
		exit(1);
	}
}

/* ---- vfio-user through libiowire ---- */

struct vfu_client {
	struct peer peer;
	struct iow_conn conn;
	uint8_t rx[CLIENT_BUF];
	uint8_t tx[4096];
	struct iow_vfu_msg m, r;
	uint16_t next_id;
	unsigned long sent;
};

static void vfu_send(struct vfu_client *c)
{
	struct iow_error err = { 0 };
	long n;

	c->m.hdr.msg_id = c->next_id++;
	n = iow_vfu_msg_encode(&vfu_cfg, &c->m, 0, c->tx, sizeof c->tx, &err);
	if (n < 0 || iow_conn_send(c->peer.fd, c->tx, (size_t)n, NULL, 0) < 0)
		die("sending a vfio-user message");
	c->sent++;
}

static void vfu_expect_reply(struct vfu_client *c)
{
	struct iow_frame f;
	struct iow_error err = { 0 };

	if (iow_conn_recv(&c->conn, &f) != IOW_CONN_MESSAGE)
		die("receiving a reply");
	if (iow_vfu_msg_decode(&vfu_cfg, f.data, f.len, f.nfds, &c->r, &err) || !c->r.reply || c->r.error ||
	    c->r.hdr.msg_id != c->m.hdr.msg_id || c->r.hdr.command != c->m.hdr.command) {
		errno = 0;
		die("an unexpected reply");
	}
	for (unsigned i = 0; i < f.nfds; i++)
		close(f.fds[i]);
}

static void vfu_connect(struct vfu_client *c, const char *kind)
{
	memset(c, 0, sizeof *c);
	c->next_id = 1;
	c->peer = spawn_ref(opt.server, kind);
	iow_conn_init(&c->conn, c->peer.fd, c->rx, sizeof c->rx, iow_vfu_frame, NULL);
	c->m.hdr.command = IOW_VFU_COMMAND_VERSION;
	c->m.hdr.flags = IOW_VFU_MSG_TYPE_COMMAND;
	c->m.u.version.major = 0;
	c->m.u.version.minor = 2;
	vfu_send(c);
	vfu_expect_reply(c);
}

static void set_read(struct vfu_client *c)
{
	memset(&c->m, 0, sizeof c->m);
	c->m.hdr.command = IOW_VFU_COMMAND_REGION_READ;
	c->m.hdr.flags = IOW_VFU_MSG_TYPE_COMMAND;
	c->m.u.region_access = (struct iow_vfu_region_access){ BAR0_STORAGE, IOW_VFU_REGION_INDEX_BAR0, 1 };
}

static const uint8_t write_data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void set_posted_write(struct vfu_client *c)
{
	memset(&c->m, 0, sizeof c->m);
	c->m.hdr.command = IOW_VFU_COMMAND_REGION_WRITE;
	c->m.hdr.flags = IOW_VFU_MSG_TYPE_COMMAND | IOW_VFU_HEADER_FLAGS_NO_REPLY;
	c->m.u.region_access_data.access = (struct iow_vfu_region_access){ BAR0_STORAGE, IOW_VFU_REGION_INDEX_BAR0, 8 };
	c->m.u.region_access_data.data = (struct iow_bytes){ write_data, sizeof write_data };
}

static double iowire_rt(struct vfu_client *c, long n)
{
	double t0 = now_ns();

	set_read(c);
	for (long i = 0; i < n; i++) {
		vfu_send(c);
		vfu_expect_reply(c);
	}
	return (now_ns() - t0) / (double)n;
}

static double iowire_posted(struct vfu_client *c, long n)
{
	double t0 = now_ns();

	set_posted_write(c);
	for (long i = 0; i < n; i++)
		vfu_send(c);
	set_read(c);
	vfu_send(c);
	vfu_expect_reply(c); /* in order: every write before it is done */
	return (now_ns() - t0) / (double)n;
}

/* ---- the same bytes over raw sockets ---- */

static uint8_t rt_req[RT_REQ], posted_msg[POSTED_MSG];

static double raw_pingpong_mode(int fd, const uint8_t *req, size_t in, size_t out, long n, int msg)
{
	uint8_t buf[64];
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		if (write_full_mode(fd, req, in, msg) || read_full_mode(fd, buf, out, msg))
			die("raw ping-pong");
	return (now_ns() - t0) / (double)n;
}

static double raw_pingpong(int fd, const uint8_t *req, size_t in, size_t out, long n)
{
	return raw_pingpong_mode(fd, req, in, out, n, 0);
}

static double raw_posted(int fd, long n)
{
	uint8_t buf[64];
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		if (write_full(fd, posted_msg, sizeof posted_msg))
			die("raw stream");
	if (write_full(fd, rt_req, sizeof rt_req) || read_full(fd, buf, RT_REPLY))
		die("raw stream");
	return (now_ns() - t0) / (double)n;
}

/* The wire bytes the raw cases send: what libiowire's encoder writes for the same messages. */
static void raw_bytes(void)
{
	static struct iow_vfu_msg m;
	struct iow_error err = { 0 };

	memset(&m, 0, sizeof m);
	m.hdr = (struct iow_vfu_header){ 1, IOW_VFU_COMMAND_REGION_READ, 0, IOW_VFU_MSG_TYPE_COMMAND, 0 };
	m.u.region_access = (struct iow_vfu_region_access){ BAR0_STORAGE, IOW_VFU_REGION_INDEX_BAR0, 1 };
	if (iow_vfu_msg_encode(&vfu_cfg, &m, 0, rt_req, sizeof rt_req, &err) != RT_REQ)
		die("encoding REGION_READ");
	memset(&m, 0, sizeof m);
	m.hdr = (struct iow_vfu_header){ 1, IOW_VFU_COMMAND_REGION_WRITE, 0,
					 IOW_VFU_MSG_TYPE_COMMAND | IOW_VFU_HEADER_FLAGS_NO_REPLY, 0 };
	m.u.region_access_data.access = (struct iow_vfu_region_access){ BAR0_STORAGE, IOW_VFU_REGION_INDEX_BAR0, 8 };
	m.u.region_access_data.data = (struct iow_bytes){ write_data, sizeof write_data };
	if (iow_vfu_msg_encode(&vfu_cfg, &m, 0, posted_msg, sizeof posted_msg, &err) != POSTED_MSG)
		die("encoding REGION_WRITE");
}

/* ---- ioregionfd through libiowire ---- */

struct iorfd_client {
	struct peer peer;
	struct iow_conn conn;
	uint8_t rx[64 * IORFD_MSG];
};

static double iowire_iorfd(struct iorfd_client *c, long n)
{
	const struct iow_iorfd_cmd_b cmd = { IOW_IORFD_CMD_READ,
					     IOW_IORFD_ACCESS_SIZE_SIZE_32BIT | IOW_IORFD_SIZE_RESP_RESP, { 0 }, 0,
					     BAR0_STORAGE, { 0 } };
	uint8_t tx[IORFD_MSG];
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		struct iow_error err = { 0 };
		struct iow_iorfd_resp resp;
		struct iow_frame f;

		if (iow_iorfd_cmd_b_encode(&iorfd_cfg, &cmd, tx, sizeof tx, &err) != IORFD_MSG ||
		    iow_conn_send(c->peer.fd, tx, sizeof tx, NULL, 0) < 0)
			die("sending an ioregionfd command");
		if (iow_conn_recv(&c->conn, &f) != IOW_CONN_MESSAGE ||
		    iow_iorfd_resp_decode(&iorfd_cfg, f.data, f.len, &resp, &err))
			die("receiving an ioregionfd response");
	}
	return (now_ns() - t0) / (double)n;
}

/* ---- the runs ---- */

static int wanted(const char *kind)
{
	return !opt.only || strstr(opt.only, kind);
}

static void report(const char *kind, const char *impl, long rep, double ns)
{
	printf("%s\t%s\t%ld\t%.1f\n", kind, impl, rep, ns);
	fflush(stdout);
}

/* With --peer-stats: how many messages the reference peer was sent, for per-message figures. */
static void ref_stats(const char *kind, unsigned long sent)
{
	if (opt.peer_stats)
		printf("peer\t%s\tiowire\tmessages\t%lu\n", kind, sent);
}

static void run_rt(void)
{
	static struct vfu_client c;
	struct peer raw = spawn_raw("rt", RT_REQ, RT_REPLY, RT_REQ, 1, RAW_PLAIN);
	struct peer rawpoll = spawn_raw("rt-poll", RT_REQ, RT_REPLY, RT_REQ, 1, RAW_POLL);
	struct peer rawmsg = spawn_raw("rt-msg", RT_REQ, RT_REPLY, RT_REQ, 1, RAW_MSG);

	vfu_connect(&c, "rt");
	iowire_rt(&c, opt.warm);
	raw_pingpong(raw.fd, rt_req, RT_REQ, RT_REPLY, opt.warm);
	raw_pingpong(rawpoll.fd, rt_req, RT_REQ, RT_REPLY, opt.warm);
	raw_pingpong_mode(rawmsg.fd, rt_req, RT_REQ, RT_REPLY, opt.warm, 1);
	for (long r = 0; r < opt.reps; r++) {
		report("rt", "raw", r, raw_pingpong(raw.fd, rt_req, RT_REQ, RT_REPLY, opt.rt));
		report("rt", "iowire", r, iowire_rt(&c, opt.rt));
		/* diagnosis: the raw peer with the server's poll() before each read */
		report("rt", "rawpoll", r, raw_pingpong(rawpoll.fd, rt_req, RT_REQ, RT_REPLY, opt.rt));
		/* diagnosis: both ends with libiowire's calls, sendmsg() and recvmsg() with a control buffer */
		report("rt", "rawmsg", r, raw_pingpong_mode(rawmsg.fd, rt_req, RT_REQ, RT_REPLY, opt.rt, 1));
	}
	ref_stats("rt", c.sent);
	finish(&c.peer, "iowire-ref-server");
	finish(&raw, "the raw peer");
	finish(&rawpoll, "the raw peer");
	finish(&rawmsg, "the raw peer");
}

static void run_posted(void)
{
	static struct vfu_client c;
	struct peer raw = spawn_raw("posted", (size_t)opt.posted * POSTED_MSG + RT_REQ, RT_REPLY, SERVER_BUF, opt.posted + 1, RAW_PLAIN);
	struct peer warm = spawn_raw("posted-warm", (size_t)opt.warm * POSTED_MSG + RT_REQ, RT_REPLY, SERVER_BUF,
				     opt.warm + 1, RAW_PLAIN);

	vfu_connect(&c, "posted");
	iowire_posted(&c, opt.warm);
	raw_posted(warm.fd, opt.warm);
	finish(&warm, "the raw peer");
	for (long r = 0; r < opt.reps; r++) {
		report("posted", "raw", r, raw_posted(raw.fd, opt.posted));
		report("posted", "iowire", r, iowire_posted(&c, opt.posted));
	}
	ref_stats("posted", c.sent);
	finish(&c.peer, "iowire-ref-server");
	finish(&raw, "the raw peer");
}

static void run_iorfd(void)
{
	static struct iorfd_client c;
	static const uint8_t req[IORFD_MSG];
	struct peer raw = spawn_raw("iorfd", IORFD_MSG, IORFD_MSG, IORFD_MSG, 1, RAW_PLAIN);

	c.peer = spawn_ref(opt.device, "iorfd");
	iow_conn_init(&c.conn, c.peer.fd, c.rx, sizeof c.rx, iow_iorfd_frame, NULL);
	iowire_iorfd(&c, opt.warm);
	raw_pingpong(raw.fd, req, IORFD_MSG, IORFD_MSG, opt.warm);
	for (long r = 0; r < opt.reps; r++) {
		report("iorfd", "raw", r, raw_pingpong(raw.fd, req, IORFD_MSG, IORFD_MSG, opt.rt));
		report("iorfd", "iowire", r, iowire_iorfd(&c, opt.rt));
	}
	ref_stats("iorfd", (unsigned long)(opt.warm + opt.reps * opt.rt));
	finish(&c.peer, "iowire-ref-iorfd-device");
	finish(&raw, "the raw peer");
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-bench-transport --server PATH --device PATH [OPTIONS]\n"
		"\n"
		"Round trips and posted writes through libiowire against the reference vfio-user server\n"
		"and ioregionfd device, next to raw AF_UNIX sockets moving the same bytes.\n"
		"\n"
		"      --server PATH    iowire-ref-server\n"
		"      --device PATH    iowire-ref-iorfd-device\n"
		"      --rt N           round trips per rep (default 20000)\n"
		"      --posted N       posted writes per rep (default 200000)\n"
		"      --reps R         reps of each, raw and iowire alternating (default 5)\n"
		"      --warm N         untimed round trips and writes first (default 1000)\n"
		"      --only KINDS     only these of rt, posted, iorfd (e.g. rt,iorfd)\n"
		"      --wrap CMD       run the reference peers under CMD (e.g. 'strace -f -c -o {kind}.txt';\n"
		"                       {kind} becomes rt, posted or iorfd)\n"
		"      --cpus C,P       pin this client to CPU C and every peer to CPU P\n"
		"      --peer-stats     print how many messages each peer got, and the raw peers' reads\n"
		"                       and writes\n"
		"  -h, --help           this help\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' }, { "device", required_argument, NULL, 'd' },
		{ "rt", required_argument, NULL, 'r' },     { "posted", required_argument, NULL, 'p' },
		{ "reps", required_argument, NULL, 'R' },   { "warm", required_argument, NULL, 'w' },
		{ "only", required_argument, NULL, 'o' },   { "wrap", required_argument, NULL, 'W' },
		{ "peer-stats", no_argument, NULL, 'S' },   { "cpus", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opt.server = optarg; break;
		case 'd': opt.device = optarg; break;
		case 'r': opt.rt = atol(optarg); break;
		case 'p': opt.posted = atol(optarg); break;
		case 'R': opt.reps = atol(optarg); break;
		case 'w': opt.warm = atol(optarg); break;
		case 'o': opt.only = optarg; break;
		case 'W': opt.wrap = optarg; break;
		case 'S': opt.peer_stats = 1; break;
		case 'C':
			if (sscanf(optarg, "%d,%d", &opt.client_cpu, &opt.peer_cpu) != 2 || opt.client_cpu < 0 ||
			    opt.peer_cpu < 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || opt.rt < 1 || opt.posted < 1 || opt.reps < 1 || opt.warm < 1 ||
	    ((wanted("rt") || wanted("posted")) && !opt.server) || (wanted("iorfd") && !opt.device)) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	pin(opt.client_cpu);
	raw_bytes();
	if (wanted("rt"))
		run_rt();
	if (wanted("posted"))
		run_posted();
	if (wanted("iorfd"))
		run_iorfd();
	return 0;
}
