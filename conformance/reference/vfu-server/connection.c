/* iowire-ref-server: one client's connection: accepting it, reading and dispatching its
 * messages, and everything its departure releases. The poll loop (main.c) and the session fuzz
 * harness (fuzz/harnesses/vfu_server_session.c) both drive the server through these. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void logf_(const struct server *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->opt.verbose)
		return;
	fprintf(stderr, "iowire-ref-server: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

void start_client(struct server *s, int fd)
{
	struct client *c = &s->cl;

	client_init(c);
	c->fd = fd;
	c->max_xfer = s->opt.max_xfer > REF_DEFAULT_XFER ? s->opt.max_xfer : REF_DEFAULT_XFER;
	c->max_maps = (uint32_t)IOW_VFU_CAPS_MAX_DMA_MAPS_DEFAULT;
	set_nonblock(fd);
	iow_conn_init(&c->conn, fd, s->rxbuf, s->bufcap, iow_vfu_frame,
		      s->cfg.order == IOW_ORDER_HOST ? (void *)s : NULL);
	logf_(s, "client connected (fd %d)", fd);
}

/* Client Disconnection: DMA mappings and interrupt fds go, the device state stays. */
void drop_client(struct server *s, const char *why)
{
	struct client *c = &s->cl;

	if (c->fd < 0)
		return;
	logf_(s, "client gone: %s", why);
	dma_cancel(s, ENOTCONN);
	iow_conn_release(&c->conn);
	close(c->fd);
	if (c->twin_fd >= 0) {
		iow_conn_release(&c->twin);
		close(c->twin_fd);
	}
	if (c->ioeventfd >= 0)
		close(c->ioeventfd);
	dma_unmap_all(c);
	irq_close_all(c);
	log_stop(c);
	client_init(c);
}

bool serve(struct server *s, bool twin)
{
	struct client *c = &s->cl;
	struct iow_conn *conn = twin ? &c->twin : &c->conn;
	static struct iow_frame f; /* large: fds for IOW_CONN_MAX_FDS */
	long n = iow_conn_fill(conn);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return true;
	if (n < 0) {
		logf_(s, "%s socket: %s", twin ? "twin" : "main", strerror(errno));
		return false;
	}
	for (;;) {
		enum iow_conn_status st = iow_conn_next(conn, &f);

		if (st == IOW_CONN_AGAIN)
			return true;
		if (st == IOW_CONN_EOF)
			return false;
		if (st == IOW_CONN_ERROR) {
			/* framing: msg_size below 16, beyond the buffer, or cut by the end of stream */
			logf_(s, "%s socket: framing error: %s", twin ? "twin" : "main", strerror(errno));
			return false;
		}
		handle_frame(s, &f, twin);
		if (c->closing || c->fd < 0)
			return false;
		if (twin && c->twin_fd < 0)
			return true;
	}
}

void twin_gone(struct server *s)
{
	struct client *c = &s->cl;

	logf_(s, "twin socket closed");
	iow_conn_release(&c->twin);
	close(c->twin_fd);
	c->twin_fd = -1;
	if (c->job.active && c->job.waiting && c->job.on_twin) {
		c->job.waiting = false;
		dma_cancel(s, ENOTCONN);
	}
}


/* Buffers and the device at power-on, for the options in s->opt; no client yet. 0, or -1 with
 * errno. */
int server_init(struct server *s)
{
	s->cfg.profile = s->opt.profile;
	s->cfg.order = s->opt.order;
	/* Room for the largest READ/WRITE (1 MiB when the client does not negotiate a size) plus
	 * headers; a larger message is a framing error. */
	s->bufcap = (s->opt.max_xfer > REF_DEFAULT_XFER ? s->opt.max_xfer : REF_DEFAULT_XFER) + 4096;
	s->rxbuf = malloc(s->bufcap);
	s->twinbuf = malloc(s->bufcap);
	s->txbuf = malloc(s->bufcap);
	s->scratch = malloc(s->bufcap);
	s->bar1_fd = -1;
	s->mig.state = IOW_VFU_MIG_STATE_RUNNING;
	client_init(&s->cl);
	if (!s->rxbuf || !s->twinbuf || !s->txbuf || !s->scratch) {
		errno = ENOMEM;
		return -1;
	}
	return device_init(s);
}

/* Power-on state again, for the options in s->opt (but not a larger max_xfer than at init):
 * what server_init() gives, without making the buffers and BAR1 again. No client. */
void server_power_on(struct server *s)
{
	s->cfg.profile = s->opt.profile;
	s->cfg.order = s->opt.order;
	device_reset(s);
	memset(&s->mig, 0, sizeof s->mig);
	s->mig.state = IOW_VFU_MIG_STATE_RUNNING;
	s->in_command = s->advance_later = false;
}
