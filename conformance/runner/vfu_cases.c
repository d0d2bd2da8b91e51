/* What vfio-user server cases share: building a request, calling, judging the answer. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conform.h"

void start(struct ctx *x, uint16_t command)
{
	memset(&x->req, 0, sizeof x->req);
	x->req.hdr.command = command;
}

enum recv_status call(struct ctx *x, const int *fds, unsigned nfds, bool keep_fds)
{
	enum recv_status st = vfu_call(x, &x->req, fds, nfds, &x->rep, x->rfds, &x->rnfds);

	if (!keep_fds) {
		close_fds(x->rfds, x->rnfds);
		x->rnfds = 0;
	}
	return st;
}

bool ready(struct ctx *x)
{
	return vfu_negotiate(x) == 0;
}

/* A reply that must be a success: anything else is recorded against `reqid`. */
bool succeeded(struct ctx *x, enum recv_status st, const char *reqid, const char *what)
{
	if (st != R_MSG)
		return false;
	if (x->rep.error) {
		conf_fail(x, reqid, "%s failed with errno %u", what, x->rep.hdr.error);
		return false;
	}
	return true;
}

/* For a request the server cannot honour: an error reply, or closing, are both acceptable. */
void expect_refusal(struct ctx *x, enum recv_status st, const char *reqid, bool must, const char *what)
{
	if (st == R_MSG && !x->rep.error) {
		if (must)
			conf_fail(x, reqid, "%s was accepted", what);
		else
			conf_should(x, reqid, "%s was accepted", what);
	} else if (st == R_MSG) {
		conf_note(x, "%s: error reply, errno %u", what, x->rep.hdr.error);
	} else if (st == R_CLOSED) {
		conf_info(x, "%s: the server closed the connection without an error reply", what);
	} else if (st == R_TIMEOUT) {
		conf_fail(x, "VFU-REPLY-001", "%s: no answer within the timeout", what);
	}
}

/* Sends x->req as raw bytes after encoding it and applying patch(); waits for the answer. */
enum recv_status call_patched(struct ctx *x, void (*patch)(uint8_t *buf, size_t *len), const int *fds,
				     unsigned nfds)
{
	static uint8_t buf[8192];
	struct iow_error err = { 0 };
	long n;
	size_t len;
	unsigned nf = 0;
	int got[IOW_CONN_MAX_FDS];

	x->req.hdr.msg_id = x->t->next_id++;
	n = iow_vfu_msg_encode(&x->t->opts->cfg, &x->req, nfds, buf, sizeof buf, &err);
	if (n < 0)
		return R_GARBAGE;
	len = (size_t)n;
	patch(buf, &len);
	if (vfu_send_raw(x, buf, len, fds, nfds, 0))
		return R_CLOSED;
	enum recv_status st = vfu_recv(x, &x->rep, got, &nf, &err);

	close_fds(got, nf);
	return st;
}
