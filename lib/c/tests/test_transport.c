/* The transport against real sockets: batching, partial writes, fds on the right message,
 * end of stream inside a message, oversized and malformed framing, no fd leaks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iowire/transport.h"

static unsigned passed, failed;

#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (cond) {                                                 \
			passed++;                                           \
			printf("ok %u - ", passed + failed);                \
		} else {                                                    \
			failed++;                                           \
			printf("not ok %u - ", passed + failed);            \
		}                                                           \
		printf(__VA_ARGS__);                                        \
		printf("\n");                                               \
	} while (0)

static int open_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/* A vfio-user-framed message of `size` bytes whose id is `id`. */
static void make_msg(uint8_t *m, size_t size, uint16_t id)
{
	memset(m, 0xa5, size);
	m[0] = (uint8_t)id;
	m[1] = (uint8_t)(id >> 8);
	m[2] = 10;
	m[3] = 0;
	m[4] = (uint8_t)size;
	m[5] = (uint8_t)(size >> 8);
	m[6] = (uint8_t)(size >> 16);
	m[7] = (uint8_t)(size >> 24);
}

static ino_t inode_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

static void test_batch_and_fds(void)
{
	static uint8_t buf[1 << 16], m[64];
	struct iow_conn c;
	struct iow_frame f;
	int sv[2], pipefd[2], ok = 1, with_fd = 0;
	unsigned got = 0;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	if (pipe(pipefd))
		abort();
	for (uint16_t i = 0; i < 100; i++) {
		make_msg(m, 16 + (i % 48), i);
		/* every tenth message carries the pipe's read end */
		iow_conn_send(sv[0], m, 16 + (i % 48), pipefd, i % 10 == 3 ? 1 : 0);
	}
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_vfu_frame, NULL);
	while (got < 100 && iow_conn_recv(&c, &f) == IOW_CONN_MESSAGE) {
		unsigned id = f.data[0] | f.data[1] << 8;

		ok &= id == got && f.len == 16 + got % 48;
		if (got % 10 == 3) {
			ok &= f.nfds == 1 && inode_of(f.fds[0]) == inode_of(pipefd[0]);
			with_fd += f.nfds == 1;
		} else {
			ok &= f.nfds == 0;
		}
		for (unsigned k = 0; k < f.nfds; k++)
			close(f.fds[k]);
		got++;
	}
	CHECK(got == 100 && ok && with_fd == 10, "100 pipelined messages, fds on the right ten (%u, %d)", got, with_fd);
	CHECK(c.reads < 50, "they arrived in %lu reads, not one per message", c.reads);
	close(sv[0]);
	CHECK(iow_conn_recv(&c, &f) == IOW_CONN_EOF, "end of stream between messages is EOF");
	iow_conn_release(&c);
	close(sv[1]);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void test_partial_writes(void)
{
	static uint8_t buf[4096], m[300];
	struct iow_conn c;
	struct iow_frame f;
	int sv[2];
	pid_t pid;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	make_msg(m, sizeof m, 7);
	pid = fork();
	if (pid == 0) {
		/* byte by byte, with pauses, so the reader sees every split */
		for (size_t i = 0; i < sizeof m; i++) {
			if (write(sv[0], m + i, 1) != 1)
				_exit(1);
			if (i % 50 == 0)
				usleep(1000);
		}
		_exit(0);
	}
	close(sv[0]);
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_vfu_frame, NULL);
	CHECK(iow_conn_recv(&c, &f) == IOW_CONN_MESSAGE && f.len == sizeof m && !memcmp(f.data, m, sizeof m),
	      "a message written one byte at a time arrives whole");
	waitpid(pid, NULL, 0);
	close(sv[1]);
}

static void test_bad_streams(void)
{
	static uint8_t buf[256], m[64];
	struct iow_conn c;
	struct iow_frame f;
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	make_msg(m, 64, 1);
	iow_conn_send(sv[0], m, 40, NULL, 0);
	close(sv[0]);
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_vfu_frame, NULL);
	CHECK(iow_conn_recv(&c, &f) == IOW_CONN_ERROR && errno == ECONNRESET, "EOF inside a message: ECONNRESET");
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	make_msg(m, 64, 1);
	m[6] = 0x10; /* msg_size 1 MiB + 64, far above the 256-byte buffer */
	iow_conn_send(sv[0], m, 64, NULL, 0);
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_vfu_frame, NULL);
	CHECK(iow_conn_recv(&c, &f) == IOW_CONN_ERROR && errno == EMSGSIZE, "msg_size above the buffer: EMSGSIZE");
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	make_msg(m, 64, 1);
	m[4] = 8; /* msg_size 8: smaller than a header */
	iow_conn_send(sv[0], m, 64, NULL, 0);
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_vfu_frame, NULL);
	CHECK(iow_conn_recv(&c, &f) == IOW_CONN_ERROR && errno == EPROTO, "msg_size below 16: EPROTO");
	close(sv[0]);
	close(sv[1]);
}

static void test_ioregionfd_framing(void)
{
	static uint8_t buf[1024], m[32 * 5 + 7];
	struct iow_conn c;
	struct iow_frame f;
	int sv[2];
	unsigned n = 0;

	for (size_t i = 0; i < sizeof m; i++)
		m[i] = (uint8_t)i;
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	iow_conn_send(sv[0], m, sizeof m, NULL, 0);
	close(sv[0]);
	iow_conn_init(&c, sv[1], buf, sizeof buf, iow_iorfd_frame, NULL);
	iow_conn_no_fds(&c); /* ioregionfd carries no fds: plain reads */
	while (iow_conn_recv(&c, &f) == IOW_CONN_MESSAGE)
		n += f.len == 32 && f.data[0] == 32 * n;
	CHECK(n == 5 && errno == ECONNRESET, "ioregionfd: five 32-byte commands, then 7 stray bytes are an error");
	close(sv[1]);
}

int main(void)
{
	int before = open_fds();

	test_batch_and_fds();
	test_partial_writes();
	test_bad_streams();
	test_ioregionfd_framing();
	CHECK(open_fds() == before, "no fd leaked (%d open before, %d after)", before, open_fds());
	printf("1..%u\n%u passed, %u failed\n", passed + failed, passed, failed);
	return failed != 0;
}
