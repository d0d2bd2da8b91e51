/* iowire-ref-client: command line, connection, exit status. */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static struct client cl;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-ref-client --socket-path=PATH [OPTIONS]\n"
		"       iowire-ref-client --fd=N [OPTIONS]\n"
		"\n"
		"The reference vfio-user client of the iowire conformance suite. It connects to a server\n"
		"and drives it through one session: VERSION, DEVICE_GET_INFO, every region and interrupt\n"
		"index, DMA_MAP of a memfd and of its own memory (serving the server's DMA_READ and\n"
		"DMA_WRITE), eventfd interrupts, region accesses (posted writes, REGION_WRITE_MULTI when\n"
		"offered), the migration states and data, DMA_UNMAP, DEVICE_RESET; then it closes.\n"
		"With iowire-ref-server's device it also drives its registers, interrupts and DMA engine.\n"
		"\n"
		"Exit status: 0 when the session went as the specification says, 1 when it did not (the\n"
		"reason, with the requirement the server broke, is on stderr), 2 on a usage error.\n"
		"\n"
		"      --socket-path=PATH   connect to the server listening at PATH (retrying until the\n"
		"                           timeout while nothing listens there yet)\n"
		"      --fd=N               use the connected socket N\n"
		"      --profile=NAME       0.9.2 (default), libvfio-user or 0.9.1\n"
		"      --host-order         fields in the host's byte order (the upstream text)\n"
		"      --timeout=MS         longest wait for a reply (default 5000)\n"
		"      --no-twin-socket     do not propose a twin socket\n"
		"      --no-write-multiple  do not propose REGION_WRITE_MULTI\n"
		"      --no-migration       leave the migration states alone\n"
		"      --strict             an error reply to any command fails the session (for a server\n"
		"                           that offers everything this client uses)\n"
		"  -v, --verbose            say what happens; twice: every message, field by field\n"
		"  -h, --help               show this help\n");
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connects to path, retrying while the server is not there yet. */
static int connect_path(const char *path, unsigned timeout_ms)
{
	struct sockaddr_un sa;
	long long deadline = now_ms() + timeout_ms;

	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "iowire-ref-client: socket path too long: %s\n", path);
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return fd;
		close(fd);
		if ((errno != ENOENT && errno != ECONNREFUSED) || now_ms() >= deadline) {
			fprintf(stderr, "iowire-ref-client: cannot connect to %s: %s\n", path, strerror(errno));
			return -1;
		}
		usleep(10000);
	}
}

static int parse_profile(const char *name, unsigned *out)
{
	int p = iow_vfu_profile_by_name(name);

	if (p < 0)
		return -1;
	*out = (unsigned)p;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket-path", required_argument, NULL, 's' }, { "fd", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },     { "host-order", no_argument, NULL, 'H' },
		{ "timeout", required_argument, NULL, 't' },     { "no-twin-socket", no_argument, NULL, 'T' },
		{ "no-write-multiple", no_argument, NULL, 'W' }, { "no-migration", no_argument, NULL, 'M' },
		{ "strict", no_argument, NULL, 'S' },            { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },              { NULL, 0, NULL, 0 },
	};
	struct client *c = &cl;
	struct sigaction sa;
	struct stat st;
	int opt, rc, fd;

	client_defaults(&c->opt);
	while ((opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 's': c->opt.socket_path = optarg; break;
		case 'f': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || end == optarg || v < 0 || v > 1 << 20) {
				fprintf(stderr, "iowire-ref-client: --fd wants a file descriptor number\n");
				return 2;
			}
			c->opt.fd = (int)v;
			break;
		}
		case 'p':
			if (parse_profile(optarg, &c->opt.profile)) {
				fprintf(stderr, "iowire-ref-client: --profile: 0.9.2, libvfio-user or 0.9.1\n");
				return 2;
			}
			break;
		case 'H': c->opt.order = IOW_ORDER_HOST; break;
		case 't': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end || end == optarg || v == 0 || v > 600000) {
				fprintf(stderr, "iowire-ref-client: --timeout takes 1 to 600000 ms\n");
				return 2;
			}
			c->opt.timeout_ms = (unsigned)v;
			break;
		}
		case 'T': c->opt.twin_socket = false; break;
		case 'W': c->opt.write_multi = false; break;
		case 'M': c->opt.migration = false; break;
		case 'S': c->opt.strict = true; break;
		case 'v': c->opt.verbose++; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || (!c->opt.socket_path) == (c->opt.fd < 0)) {
		fprintf(stderr, "iowire-ref-client: give --socket-path=PATH or --fd=N\n");
		usage(stderr);
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);

	if (c->opt.socket_path) {
		fd = connect_path(c->opt.socket_path, c->opt.timeout_ms);
		if (fd < 0)
			return 1;
	} else {
		fd = c->opt.fd;
		if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "iowire-ref-client: --fd=%d is not a socket\n", fd);
			return 1;
		}
	}
	/* Room for the largest message either side may send: a READ or WRITE of our or the server's
	 * max_data_xfer_size (the server's is not known yet: up to 64 MiB is taken) and headers. */
	if (!client_init(c, fd, (64u << 20) + 4096)) {
		fprintf(stderr, "iowire-ref-client: out of memory\n");
		return 1;
	}
	rc = run_session(c);
	if (rc == 0)
		note(c, "done");
	client_release(c);
	return rc;
}
