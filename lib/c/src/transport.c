/* libiowire transport: see iowire/transport.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also set by builds that compile it beside _GNU_SOURCE code */
#endif
#include "iowire/transport.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VFU_HEADER_SIZE 16
#define IORFD_MESSAGE_SIZE 32

/* A frame function's answer for bytes that cannot start a message. */
#define FRAME_INVALID SIZE_MAX

void iow_conn_init(struct iow_conn *c, int fd, uint8_t *buf, size_t cap, iow_frame_fn frame, void *frame_arg)
{
	memset(c, 0, sizeof *c);
	c->fd = fd;
	c->buf = buf;
	c->cap = cap;
	c->frame = frame;
	c->frame_arg = frame_arg;
}

static void close_fds(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		close(fds[i]);
}

void iow_conn_no_fds(struct iow_conn *c)
{
	c->no_fds = 1;
}

void iow_conn_release(struct iow_conn *c)
{
	close_fds(c->fds, c->nfds);
	c->nfds = 0;
}

/* Moves the unread bytes to the front so the next read has the most room. */
static void compact(struct iow_conn *c)
{
	if (c->start == 0)
		return;
	memmove(c->buf, c->buf + c->start, c->end - c->start);
	c->end -= c->start;
	if (c->nfds)
		c->fds_at -= c->start;
	c->start = 0;
}

/* Offset of the last message that starts before `end`: the one fds read with those bytes
 * belong to, since the kernel ends a read with the data of the send that carried them. */
static size_t last_start(const struct iow_conn *c, size_t end)
{
	size_t p = c->start, last = c->start;

	while (p < end) {
		size_t len = c->frame(c->buf + p, end - p, c->frame_arg);

		last = p;
		if (len == 0 || len == FRAME_INVALID || len > end - p)
			break;
		p += len;
	}
	return last;
}

static int take_fds(struct iow_conn *c, struct msghdr *mh, size_t new_end)
{
	int got[IOW_CONN_MAX_FDS];
	unsigned n = 0;

	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t k;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k && n < IOW_CONN_MAX_FDS; i++)
			memcpy(&got[n++], CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
	}
	if (mh->msg_flags & MSG_CTRUNC) {
		close_fds(got, n);
		errno = ENOBUFS;
		return -1;
	}
	if (n == 0)
		return 0;
	if (c->nfds) {
		/* Two fd sets before the first was handed out: the caller skipped iow_conn_next(). */
		close_fds(got, n);
		errno = EPROTO;
		return -1;
	}
	memcpy(c->fds, got, n * sizeof(int));
	c->nfds = n;
	c->fds_at = last_start(c, new_end);
	return 0;
}

long iow_conn_fill(struct iow_conn *c)
{
	union {
		char space[CMSG_SPACE(IOW_CONN_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov;
	struct msghdr mh;
	ssize_t n;

	if (c->start == c->end && !c->nfds)
		c->start = c->end = 0;
	if (c->end == c->cap)
		compact(c);
	if (c->end == c->cap) {
		errno = EMSGSIZE;
		return -1;
	}
	iov.iov_base = c->buf + c->end;
	iov.iov_len = c->cap - c->end;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control.space;
	mh.msg_controllen = sizeof control.space;
	if (c->no_fds) {
		do
			n = read(c->fd, iov.iov_base, iov.iov_len);
		while (n < 0 && errno == EINTR);
	} else {
		do
			n = recvmsg(c->fd, &mh, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0 && errno == ENOTSOCK) {
		/* A pipe or FIFO (ioregionfd's other transport): bytes only, no fds. */
		do
			n = read(c->fd, iov.iov_base, iov.iov_len);
		while (n < 0 && errno == EINTR);
		mh.msg_controllen = 0;
		mh.msg_flags = 0;
	}
	if (n < 0)
		return -1;
	if (n == 0) {
		c->eof = 1;
		return 0;
	}
	if (take_fds(c, &mh, c->end + (size_t)n) < 0)
		return -1;
	c->end += (size_t)n;
	c->reads++;
	return (long)n;
}

enum iow_conn_status iow_conn_next(struct iow_conn *c, struct iow_frame *f)
{
	size_t avail = c->end - c->start, len;

	f->nfds = 0;
	if (avail == 0)
		return c->eof ? IOW_CONN_EOF : IOW_CONN_AGAIN;
	len = c->frame(c->buf + c->start, avail, c->frame_arg);
	if (len == FRAME_INVALID) {
		errno = EPROTO;
		return IOW_CONN_ERROR;
	}
	if (len > c->cap) {
		errno = EMSGSIZE;
		return IOW_CONN_ERROR;
	}
	if (len == 0 || len > avail) {
		if (!c->eof)
			return IOW_CONN_AGAIN;
		errno = ECONNRESET;
		return IOW_CONN_ERROR;
	}
	f->data = c->buf + c->start;
	f->len = len;
	if (c->nfds && c->fds_at == c->start) {
		memcpy(f->fds, c->fds, c->nfds * sizeof(int));
		f->nfds = c->nfds;
		c->nfds = 0;
	}
	c->start += len;
	return IOW_CONN_MESSAGE;
}

enum iow_conn_status iow_conn_recv(struct iow_conn *c, struct iow_frame *f)
{
	for (;;) {
		enum iow_conn_status st = iow_conn_next(c, f);

		if (st != IOW_CONN_AGAIN)
			return st;
		if (iow_conn_fill(c) < 0)
			return IOW_CONN_ERROR;
	}
}

static int wait_writable(int fd)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	int n;

	do
		n = poll(&p, 1, -1);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int iow_conn_send(int fd, const uint8_t *msg, size_t len, const int *fds, unsigned nfds)
{
	union {
		char space[CMSG_SPACE(IOW_CONN_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	size_t done = 0;

	if (nfds > IOW_CONN_MAX_FDS || (nfds && !len)) {
		errno = EINVAL;
		return -1;
	}
	while (done < len) {
		struct iovec iov = { (void *)(msg + done), len - done };
		struct msghdr mh;
		ssize_t n;

		memset(&mh, 0, sizeof mh);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if (done == 0 && nfds) {
			struct cmsghdr *cm;

			memset(control.space, 0, sizeof control.space);
			mh.msg_control = control.space;
			mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
			memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
		}
		/* without fds, send() is the cheaper call */
		n = mh.msg_controllen ? sendmsg(fd, &mh, MSG_NOSIGNAL) : send(fd, msg + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK && !mh.msg_controllen)
			n = write(fd, msg + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_writable(fd) < 0)
				return -1;
			continue;
		}
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

size_t iow_vfu_frame(const uint8_t *p, size_t avail, void *arg)
{
	uint32_t size;

	if (avail < VFU_HEADER_SIZE)
		return 0;
	if (arg) {
		memcpy(&size, p + 4, sizeof size);
	} else {
		size = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	}
	return size < VFU_HEADER_SIZE ? FRAME_INVALID : size;
}

size_t iow_iorfd_frame(const uint8_t *p, size_t avail, void *arg)
{
	(void)p;
	(void)arg;
	return avail < IORFD_MESSAGE_SIZE ? 0 : IORFD_MESSAGE_SIZE;
}
