/* iowire-ref-client: one client on a connected socket, and how it reports. The command line
 * (main.c) and the session fuzz harness (fuzz/harnesses/vfu_client_session.c) both build on
 * this. */
#include "client.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

void note(const struct client *c, const char *fmt, ...)
{
	va_list ap;

	if (c->opt.verbose < 1)
		return;
	fprintf(c->log, "iowire-ref-client: ");
	va_start(ap, fmt);
	vfprintf(c->log, fmt, ap);
	va_end(ap);
	fputc('\n', c->log);
}

void violation(struct client *c, const char *req, const char *fmt, ...)
{
	va_list ap;

	c->violations++;
	fprintf(c->log, "iowire-ref-client: the server broke %s: ", req);
	va_start(ap, fmt);
	vfprintf(c->log, fmt, ap);
	va_end(ap);
	fputc('\n', c->log);
}

long long client_now(const struct client *c)
{
	struct timespec ts;

	if (c->peer)
		return c->peer->clock_ms;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void client_defaults(struct options *o)
{
	o->socket_path = NULL;
	o->fd = -1;
	o->profile = IOW_VFU_PROFILE_V0_9_2;
	o->order = IOW_ORDER_LE;
	o->timeout_ms = 5000;
	o->twin_socket = true;
	o->write_multi = true;
	o->migration = true;
	o->strict = false;
	o->verbose = 0;
}

bool client_init(struct client *c, int fd, size_t bufcap)
{
	if (!c->log)
		c->log = stderr;
	c->cfg.profile = c->opt.profile;
	c->cfg.order = c->opt.order;
	c->bufcap = bufcap;
	c->own_buffers = !c->rxbuf;
	if (c->own_buffers) {
		c->rxbuf = malloc(bufcap);
		c->twinbuf = malloc(bufcap);
		c->txbuf = malloc(bufcap);
	}
	if (!c->rxbuf || !c->twinbuf || !c->txbuf) {
		if (c->own_buffers) {
			free(c->rxbuf);
			free(c->twinbuf);
			free(c->txbuf);
			c->rxbuf = c->twinbuf = c->txbuf = NULL;
		}
		return false;
	}
	c->twin_fd = -1;
	c->next_id = 1;
	c->fd = fd;
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&c->conn, c->fd, c->rxbuf, c->bufcap, iow_vfu_frame,
		      c->cfg.order == IOW_ORDER_HOST ? (void *)c : NULL);
	return true;
}

void client_release(struct client *c)
{
	iow_conn_release(&c->conn);
	if (c->twin_fd >= 0) {
		iow_conn_release(&c->twin);
		close(c->twin_fd);
		c->twin_fd = -1;
	}
	close(c->fd);
	c->fd = -1;
	if (c->own_buffers) {
		free(c->rxbuf);
		free(c->twinbuf);
		free(c->txbuf);
		c->rxbuf = c->twinbuf = c->txbuf = NULL;
	}
}
