/* Records and simulated fds for the session harnesses (iowf_session.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include "iowf_session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

bool iowf_next_record(struct iowf_input *in, struct iowf_record *r)
{
	uint8_t lo, hi;
	size_t len;

	if (!iowf_take_byte(in, &r->ctl))
		return false;
	if (!iowf_take_byte(in, &lo) || !iowf_take_byte(in, &hi))
		return false;
	len = (size_t)lo | (size_t)hi << 8;
	r->data = in->data;
	r->len = len < in->size ? len : in->size;
	in->data += r->len;
	in->size -= r->len;
	return true;
}

static int make_fd(enum iowf_fd_kind kind)
{
	int fd, sv[2];

	switch (kind) {
	case IOWF_FD_MEMFD:
		fd = memfd_create("iowf", MFD_CLOEXEC);
		if (fd >= 0 && ftruncate(fd, IOWF_MEMFD_SIZE) < 0) {
			close(fd);
			return -1;
		}
		return fd;
	case IOWF_FD_EVENTFD:
		return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	case IOWF_FD_SOCKET:
		/* The other end closes at once: the implementation sees a peer that went away. */
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return -1;
		close(sv[1]);
		return sv[0];
	case IOWF_FD_DEVNULL:
		return open("/dev/null", O_RDWR | O_CLOEXEC);
	}
	return -1;
}

static void close_all(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		close(fds[i]);
}

int iowf_send_fds(int sock, const uint8_t *p, size_t len, const int *fds, unsigned nfds, int flags)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * IOWF_REC_NFDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)p, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds) {
		struct cmsghdr *cm;

		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL | flags);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : (int)n;
}

int iowf_send_record(int sock, const struct iowf_record *r)
{
	int fds[IOWF_REC_NFDS] = { -1, -1, -1 };
	unsigned nfds = r->ctl & IOWF_REC_NFDS;
	enum iowf_fd_kind kind = (enum iowf_fd_kind)((r->ctl & IOWF_REC_KIND) >> IOWF_REC_KIND_SHIFT);
	size_t done = 0;
	int n;

	/* Ancillary data needs at least one byte to ride on. */
	if (!r->len)
		nfds = 0;
	for (unsigned i = 0; i < nfds; i++) {
		fds[i] = make_fd(kind);
		if (fds[i] < 0) {
			close_all(fds, i);
			return -1;
		}
	}
	n = iowf_send_fds(sock, r->data, r->len, fds, nfds, 0);
	close_all(fds, nfds);
	if (n < 0)
		return -1;
	for (done = (size_t)n; done < r->len; done += (size_t)n) {
		n = iowf_send_fds(sock, r->data + done, r->len - done, NULL, 0, 0);
		if (n < 0)
			return -1;
	}
	return 0;
}

unsigned iowf_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	unsigned n = 0;

	if (!d)
		abort();
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}
