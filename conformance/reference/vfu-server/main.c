/* iowire-ref-server: command line, sockets, and the poll loop. */
#include "server.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static struct server srv;
static char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static volatile sig_atomic_t have_sock_path;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-ref-server --socket-path=PATH [OPTIONS]\n"
		"       iowire-ref-server --fd=N [OPTIONS]\n"
		"\n"
		"The reference vfio-user server of the iowire conformance suite: a PCI device with a\n"
		"config space, a register file (BAR0), a mappable 16 KiB memory BAR (BAR1), eventfd\n"
		"interrupts, DMA, dirty logging and migration v2. It never daemonizes and exits 0 on\n"
		"SIGTERM.\n"
		"\n"
		"      --socket-path=PATH  listen on an AF_UNIX socket at PATH, serving one client at a\n"
		"                          time; the device keeps its state from one client to the next\n"
		"      --fd=N              serve the connected socket N and exit when it closes\n"
		"      --profile=NAME      0.9.2 (default) or libvfio-user\n"
		"      --host-order        fields in the host's byte order (the upstream text), not\n"
		"                          little-endian\n"
		"      --max-data-xfer=SIZE  largest READ/WRITE data in one message (default 1M; k, M\n"
		"                          suffixes; at most 64M)\n"
		"      --no-migration      no migration (DEVICE_FEATURE MIGRATION is not supported)\n"
		"  -v, --verbose           log every message, decoded field by field, to stderr\n"
		"  -h, --help              show this help\n");
}

/* SIGTERM (and SIGINT): remove the socket and leave at once, whatever the loop was doing. Both
 * calls are async-signal-safe, and there is nothing to flush. */
static void on_term(int sig)
{
	(void)sig;
	if (have_sock_path)
		unlink(sock_path);
	_exit(0);
}

static int parse_size(const char *text, uint32_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || end == text || text[0] == '-')
		return -1;
	if (*end == 'k' || *end == 'K') {
		v <<= 10;
		end++;
	} else if (*end == 'm' || *end == 'M') {
		v <<= 20;
		end++;
	}
	if (*end || v == 0 || v > REF_MAX_XFER)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "iowire-ref-server: socket path too long: %s\n", path);
		return -1;
	}
	/* A socket left by an earlier run is replaced; any other file is not touched. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "iowire-ref-server: %s exists and is not a socket\n", path);
			return -1;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "iowire-ref-server: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	memcpy(sock_path, path, strlen(path) + 1);
	have_sock_path = 1;
	return fd;
}

static int run(struct server *s, int lfd)
{
	struct client *c = &s->cl;

	for (;;) {
		struct pollfd p[3];
		int n = 0, main_i = -1, twin_i = -1, ev_i = -1;

		if (c->fd < 0) {
			int fd;

			if (lfd < 0)
				return 0; /* --fd: the one connection is over */
			fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0) {
				if (errno == EINTR || errno == ECONNABORTED)
					continue;
				fprintf(stderr, "iowire-ref-server: accept: %s\n", strerror(errno));
				return 1;
			}
			start_client(s, fd);
		}
		p[n] = (struct pollfd){ c->fd, POLLIN, 0 };
		main_i = n++;
		if (c->twin_fd >= 0) {
			p[n] = (struct pollfd){ c->twin_fd, POLLIN, 0 };
			twin_i = n++;
		}
		if (c->ioeventfd >= 0) {
			p[n] = (struct pollfd){ c->ioeventfd, POLLIN, 0 };
			ev_i = n++;
		}
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "iowire-ref-server: poll: %s\n", strerror(errno));
			return 1;
		}
		if (ev_i >= 0 && (p[ev_i].revents & POLLIN)) {
			uint64_t v;

			/* The ioeventfd the client wired to the doorbell register fired. */
			if (read(c->ioeventfd, &v, sizeof v) == (ssize_t)sizeof v && v)
				doorbell(s, v);
		}
		if (twin_i >= 0 && c->twin_fd >= 0 && (p[twin_i].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (!serve(s, true)) {
				if (c->closing)
					drop_client(s, "closing");
				else if (c->fd >= 0)
					twin_gone(s);
			}
		}
		if (c->fd >= 0 && (p[main_i].revents & (POLLIN | POLLHUP | POLLERR))) {
			if (!serve(s, false))
				drop_client(s, c->closing ? "closing" : "end of stream");
		}
		if (c->fd >= 0 && c->closing)
			drop_client(s, "closing");
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket-path", required_argument, NULL, 's' }, { "fd", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },     { "host-order", no_argument, NULL, 'H' },
		{ "max-data-xfer", required_argument, NULL, 'x' }, { "no-migration", no_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },           { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct server *s = &srv;
	struct sigaction sa;
	int c, lfd = -1, rc;

	s->opt.fd = -1;
	s->opt.profile = IOW_VFU_PROFILE_V0_9_2;
	s->opt.order = IOW_ORDER_LE;
	s->opt.max_xfer = REF_DEFAULT_XFER;
	s->opt.migration = true;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': s->opt.socket_path = optarg; break;
		case 'f': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || end == optarg || v < 0 || v > 1 << 20) {
				fprintf(stderr, "iowire-ref-server: --fd wants a file descriptor number\n");
				return 2;
			}
			s->opt.fd = (int)v;
			break;
		}
		case 'p':
			if (!strcmp(optarg, "0.9.2"))
				s->opt.profile = IOW_VFU_PROFILE_V0_9_2;
			else if (!strcmp(optarg, "libvfio-user"))
				s->opt.profile = IOW_VFU_PROFILE_LIBVFIO_USER;
			else {
				fprintf(stderr, "iowire-ref-server: --profile: 0.9.2 or libvfio-user\n");
				return 2;
			}
			break;
		case 'H': s->opt.order = IOW_ORDER_HOST; break;
		case 'x':
			if (parse_size(optarg, &s->opt.max_xfer)) {
				fprintf(stderr, "iowire-ref-server: --max-data-xfer: a size from 1 to 64M\n");
				return 2;
			}
			break;
		case 'M': s->opt.migration = false; break;
		case 'v': s->opt.verbose++; break;
		case 'h': usage(stdout); return 0;
		default: fprintf(stderr, "iowire-ref-server: see --help\n"); return 2;
		}
	}
	if (optind < argc || (!s->opt.socket_path) == (s->opt.fd < 0)) {
		fprintf(stderr, "iowire-ref-server: give --socket-path=PATH or --fd=N (see --help)\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if (server_init(s) < 0) {
		fprintf(stderr, "iowire-ref-server: cannot set up the device: %s\n", strerror(errno));
		return 1;
	}
	if (s->opt.socket_path) {
		lfd = listen_on(s->opt.socket_path);
		if (lfd < 0)
			return 1;
	} else {
		struct stat st;

		if (fstat(s->opt.fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "iowire-ref-server: --fd=%d is not a socket\n", s->opt.fd);
			return 1;
		}
		start_client(s, s->opt.fd);
	}
	rc = run(s, lfd);
	if (have_sock_path) {
		have_sock_path = 0;
		unlink(sock_path);
	}
	return rc;
}
