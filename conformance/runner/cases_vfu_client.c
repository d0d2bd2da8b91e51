/* Cases for target vfio-user-client: the runner plays the server (vfu_fake_server.c) and the
 * client under test is launched as CMD --socket-path=PATH (or --fd=3 with --use-fd); it connects,
 * runs whatever session it runs, and exits, 0 when it is content with the session.
 *
 * Every case serves a whole session, and every message the client sends is checked against the
 * client-role rules (fs_check). What a case varies is the server: the capabilities it announces,
 * a VERSION reply the client must refuse, replies that are truncated, split, flagged or carry a
 * payload, or commands of its own (DMA_READ, DMA_WRITE, ones the client must refuse) sent between
 * a client command and its reply. A case that needs something the client does not do (a twin
 * socket, memory mapped without an fd, REGION_WRITE_MULTI, migration) is UNIMPLEMENTED. Where
 * the server keeps the spec, a client that exits non-zero fails the case's requirement. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vfu_fake_server.h"

#define TYPE_OF(flags) (((flags) & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT)

/* What a case does, for the hook. */
struct cl {
	/* The VERSION reply: changed by tweak before it goes. */
	void (*tweak)(struct fsrv *s, struct fs_vreply *v, struct cl *c);
	bool expect_close;  /* the reply is one the client must close on */
	const char *req;    /* ... naming this requirement */
	const char *what;   /* ... described so */
	bool skipped;       /* the client did not ask for what the case varies */
	/* Sees every client command after negotiation first. */
	enum fs_act (*probe)(struct fsrv *s, struct fs_msg *q, struct cl *c);
	unsigned stage, n, after;
	uint64_t a, b;
	bool done;
};

static enum fs_act hook(struct fsrv *s, struct fs_msg *q)
{
	struct cl *c = s->arg;

	if (q->ok && q->m.hdr.command == IOW_VFU_COMMAND_VERSION && !s->negotiated) {
		struct fs_vreply v;

		if (!c->tweak || q->m.u.version.major != 0)
			return FS_DEFAULT;
		fs_version_prepare(s, q, &v);
		c->tweak(s, &v, c);
		fs_version_send(s, q, &v);
		return c->expect_close && !c->skipped ? FS_STOP : FS_HANDLED;
	}
	if (c->probe && s->negotiated && q->ok && q->m.hdr.command != IOW_VFU_COMMAND_VERSION)
		return c->probe(s, q, c);
	return FS_DEFAULT;
}

static void setup(struct fsrv *s, struct ctx *x, struct cl *c)
{
	fs_init(s, x);
	memset(c, 0, sizeof *c);
	s->hook = hook;
	s->arg = c;
}

static bool wants_reply(const struct fs_msg *q)
{
	return !(q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY);
}

/* A command before whose reply the server may reach into the client's mappings: one that wants
 * a reply and neither maps nor unmaps memory. */
static bool dma_window(const struct fs_msg *q)
{
	return wants_reply(q) && q->m.hdr.command != IOW_VFU_COMMAND_DMA_MAP &&
	       q->m.hdr.command != IOW_VFU_COMMAND_DMA_UNMAP;
}

/* What the client sent, by command. */
static void summary(struct fsrv *s)
{
	char text[400];
	size_t k = 0;

	for (unsigned i = 0; i < sizeof s->ncmd / sizeof s->ncmd[0] && k < sizeof text; i++)
		if (s->ncmd[i]) {
			const char *name = iow_vfu_command_name(i);
			int n = snprintf(text + k, sizeof text - k, "%s%s %u", k ? ", " : "", name ? name : "?", s->ncmd[i]);

			if (n > 0)
				k += (size_t)n;
		}
	if (k)
		conf_note(s->x, "the client sent %s", text);
}

/* Serves the session to its end and judges how the client left (see fs_finish). */
static int run(struct fsrv *s, const char *req)
{
	return fs_finish(s, fs_serve(s), req);
}

/* After a VERSION reply the client must refuse: it closes, sending nothing more. */
static void expect_close(struct fsrv *s, struct cl *c)
{
	enum fs_end why;
	struct fs_msg *q = fs_recv(s, s->t->opts->timeout_ms, &why);

	if (q) {
		conf_fail(s->x, c->req, "after %s the client sent %s instead of closing", c->what,
			  q->ok ? iow_vfu_msg_name(q->m.hdr.command, q->m.reply) : "a message");
		if (!s->x->actual[0] && q->ok)
			vfu_describe(s->cfg, &q->m, s->x->actual, sizeof s->x->actual);
		fs_free(q);
		return;
	}
	if (why == FS_TIMEOUT) {
		conf_fail(s->x, c->req, "the connection was still open %u ms after %s", s->t->opts->timeout_ms, c->what);
		return;
	}
	conf_note(s->x, "the client closed the connection after %s", c->what);
	fs_finish(s, FS_CLOSED, FS_ANY_STATUS);
}

/* ---- the server's own commands ---- */

static struct fs_msg *dma_read(struct fsrv *s, uint64_t addr, uint64_t count, const char *req)
{
	struct iow_vfu_msg m;

	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DMA_READ;
	m.u.dma_access.address = addr;
	m.u.dma_access.count = count;
	return fs_command(s, &m, req);
}

static void dma_write_msg(struct iow_vfu_msg *m, uint64_t addr, const uint8_t *data, uint64_t count)
{
	memset(m, 0, sizeof *m);
	m->hdr.command = IOW_VFU_COMMAND_DMA_WRITE;
	m->u.dma_access_data.access.address = addr;
	m->u.dma_access_data.access.count = count;
	m->u.dma_access_data.data.ptr = data;
	m->u.dma_access_data.data.len = (size_t)count;
}

static bool judge_dma_read_reply(struct fsrv *s, const struct fs_msg *r, uint64_t addr, uint64_t len,
				 const uint8_t *want, const char *what);

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 37 + i * 11 + (i >> 7));
}

/* A DMA command outside the client's mappings: an error reply (VFU-DMA-RW-002), EFAULT
 * (VFU-DMA-RW-007). r NULL: fs_await has recorded that nothing came. */
static void judge_refusal(struct fsrv *s, const char *what, struct fs_msg *r)
{
	if (!r)
		return;
	if (!r->m.error)
		conf_fail(s->x, "VFU-DMA-RW-002", "%s was answered with success", what);
	else if (r->m.hdr.error != EFAULT)
		conf_should(s->x, "VFU-DMA-RW-007", "%s was refused with errno %u, not EFAULT", what, r->m.hdr.error);
	else
		conf_note(s->x, "%s: refused with EFAULT", what);
	fs_free(r);
}

static void read_outside(struct fsrv *s, uint64_t count, const char *req)
{
	char what[96];

	snprintf(what, sizeof what, "a DMA_READ of %llu bytes outside every mapping", (unsigned long long)count);
	judge_refusal(s, what, dma_read(s, fs_unmapped(s, count), count, req));
}

/* ---- negotiation ---------------------------------------------------------------------------- */

static void cl_session(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	run(&s, NULL);
	summary(&s);
	fs_release(&s);
}

static enum fs_act version_wait(struct fsrv *s, struct fs_msg *q)
{
	/* Anything the client sends now comes before the reply (VFU-VER-001, checked when the reply
	 * goes). */
	if (q->ok && q->m.hdr.command == IOW_VFU_COMMAND_VERSION && !s->negotiated)
		fs_quiet(s, 200);
	return FS_DEFAULT;
}

static void cl_version_first(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.hook = version_wait;
	run(&s, NULL);
	if (s.version_seen)
		conf_note(x, "VERSION %u.%u %s", s.proposed_major, s.proposed_minor,
			  s.proposed_json ? "with capabilities" : "without JSON");
	fs_release(&s);
}

static void tweak_major(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	(void)c;
	v->major = (uint16_t)(s->proposed_major + 1);
	fs_version_drop_twin(s, v);
}

static void tweak_minor(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	if (s->proposed_minor == 0xffff) {
		c->skipped = true;
		return;
	}
	v->minor = (uint16_t)(s->proposed_minor + 1);
	fs_version_drop_twin(s, v);
}

static void version_refused(struct ctx *x, void (*tweak)(struct fsrv *, struct fs_vreply *, struct cl *),
			    const char *req, const char *what)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.tweak = tweak;
	c.expect_close = true;
	c.req = req;
	c.what = what;
	if (fs_serve(&s) == FS_STOPPED)
		expect_close(&s, &c);
	else if (c.skipped)
		conf_unimplemented(x, "the client proposed minor 65535: no higher minor exists");
	else
		conf_info(x, "the session ended before the VERSION reply");
	fs_release(&s);
}

static void cl_version_major(struct ctx *x)
{
	version_refused(x, tweak_major, "VFU-VER-006", "a VERSION reply with a major version one above the proposal");
}

static void cl_version_minor(struct ctx *x)
{
	version_refused(x, tweak_minor, "VFU-VER-006", "a VERSION reply with a minor version one above the proposal");
}

static void tweak_bad_caps(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	(void)c;
	fs_version_drop_twin(s, v);
	v->json = "{\"capabilities\":{\"max_msg_fds\":\"eight\",\"max_data_xfer_size\":1048576}}";
}

static void cl_version_bad_caps(struct ctx *x)
{
	version_refused(x, tweak_bad_caps, "VFU-CAPS-002", "a VERSION reply whose max_msg_fds is a string");
}

/* Once the client has memory mapped without an fd, the next command that wants a reply gets a
 * DMA_READ of it first: on the main socket, as no twin socket was agreed (VFU-TWIN-005,
 * VFU-ORDER-004). The server keeps the spec throughout. */
static enum fs_act probe_main_socket(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	const struct fs_map *mp = fs_message_map(s);
	struct fs_msg *r;

	if (c->done || !mp || !dma_window(q))
		return FS_DEFAULT;
	c->done = true;
	r = dma_read(s, mp->addr, 8, "VFU-TWIN-005");
	if (r && judge_dma_read_reply(s, r, mp->addr, 8, NULL, "a DMA_READ on the main socket"))
		conf_note(s->x, "a DMA_READ on the main socket was answered there");
	fs_free(r);
	return FS_DEFAULT;
}

static void main_socket_outcome(struct ctx *x, const struct cl *c)
{
	if (!c->done)
		conf_info(x, "the client mapped no memory without an fd: no DMA_READ was sent on the main socket");
}

static void tweak_no_json(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	(void)c;
	fs_version_drop_twin(s, v);
	v->no_json = true;
}

static void cl_version_no_json(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.tweak = tweak_no_json;
	c.probe = probe_main_socket;
	run(&s, "VFU-CAPS-001");
	main_socket_outcome(x, &c);
	conf_note(x, "with the defaults (max_msg_fds 1, no twin socket, no write_multiple) the client sent at most %u "
		  "fds in a message", s.fds_max);
	fs_release(&s);
}

/* Our capabilities with members no iowire version knows, at every depth. */
static void tweak_unknown_caps(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	static char json[1024];
	char known[512];
	size_t len = 0;

	(void)c;
	fs_version_drop_twin(s, v);
	v->caps.present |= IOW_VFU_CAPS_HAS_MAX_MSG_FDS;
	if (iow_vfu_caps_emit(&v->caps, known, sizeof known, &len) != IOW_CAPS_OK || len < 3)
		return;
	/* {"capabilities":{...}} -> {"capabilities":{...,UNKNOWN},"x-iowire-top":...} */
	len -= 3; /* the two closing braces and the NUL */
	snprintf(json, sizeof json, "%.*s%s\"x-iowire-unknown\":{\"depth\":{\"list\":[1,\"two\",null]}},"
		 "\"x-iowire-flag\":true},\"x-iowire-top\":\"ignored\"}", (int)len, known,
		 known[len - 1] == '{' ? "" : ",");
	v->json = json;
}

static void cl_version_unknown_caps(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.tweak = tweak_unknown_caps;
	run(&s, "VFU-CAPS-003");
	if (s.negotiated && s.nmsgs <= 1)
		conf_fail(x, "VFU-CAPS-003", "the client sent nothing after a VERSION reply with unknown capabilities");
	fs_release(&s);
}

/* ---- twin socket ----------------------------------------------------------------------------- */

static void tweak_twin_bad_index(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	if (!s->twin_asked || !v->nfds) {
		c->skipped = true;
		return;
	}
	v->caps.twin_socket.fd_index = 3; /* the reply carries one fd */
}

static void tweak_twin_no_fd(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	if (!s->twin_asked || !v->nfds) {
		c->skipped = true;
		return;
	}
	fs_version_drop_twin(s, v);
	v->caps.twin_socket.supported = true;
	v->caps.twin_socket.fd_index = 0;
	v->caps.present |= IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED |
			   IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX;
}

static void twin_refused_case(struct ctx *x, void (*tweak)(struct fsrv *, struct fs_vreply *, struct cl *),
			      const char *what)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.tweak = tweak;
	c.expect_close = true;
	c.req = "VFU-TWIN-003";
	c.what = what;
	if (fs_serve(&s) == FS_STOPPED) {
		expect_close(&s, &c);
	} else if (c.skipped) {
		conf_unimplemented(x, "the client did not ask for a twin socket");
		fs_finish(&s, FS_CLOSED, NULL);
	}
	fs_release(&s);
}

static void cl_twin_bad_index(struct ctx *x)
{
	twin_refused_case(x, tweak_twin_bad_index, "a twin_socket reply whose fd_index 3 names none of its one fd");
}

static void cl_twin_no_fd(struct ctx *x)
{
	twin_refused_case(x, tweak_twin_no_fd, "a twin_socket reply with fd_index 0 and no fd");
}

/* DMA_READs on the twin socket while the client waits on the main one (VFU-TWIN-004,
 * VFU-ORDER-005). */
static enum fs_act probe_twin(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	const struct fs_map *mp = fs_message_map(s);

	if (s->twin_fd < 0 || !dma_window(q) || c->stage >= 2)
		return FS_DEFAULT;
	if (c->stage == 0) {
		read_outside(s, 8, "VFU-ORDER-005");
		c->stage = 1;
	}
	if (c->stage == 1 && mp) {
		struct fs_msg *r = dma_read(s, mp->addr, 16, "VFU-ORDER-005");

		if (r && r->ok && !r->m.error)
			conf_note(s->x, "a DMA_READ inside the client's mapping was answered on the twin socket");
		else if (r)
			conf_info(s->x, "a DMA_READ of the first 16 bytes of the client's mapping was refused");
		fs_free(r);
		c->stage = 2;
	}
	return FS_DEFAULT;
}

static void cl_twin(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_twin;
	run(&s, FS_ANY_STATUS);
	if (!s.twin_asked)
		conf_unimplemented(x, "the client did not ask for a twin socket");
	else if (c.stage == 0 && s.twin_closed)
		conf_info(x, "the client closed the twin socket before the server could send a command on it");
	else if (c.stage == 0)
		conf_info(x, "the client sent no command after negotiation: nothing came on the twin socket");
	fs_release(&s);
}

static void tweak_twin_refused(struct fsrv *s, struct fs_vreply *v, struct cl *c)
{
	if (!s->twin_asked) {
		c->skipped = true;
		return;
	}
	fs_version_drop_twin(s, v);
	v->caps.present |= IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED;
	v->caps.twin_socket.supported = false;
}

static void cl_twin_refused(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.tweak = tweak_twin_refused;
	c.probe = probe_main_socket;
	run(&s, "VFU-TWIN-005");
	if (c.skipped)
		conf_unimplemented(x, "the client did not ask for a twin socket");
	else
		main_socket_outcome(x, &c);
	fs_release(&s);
}

/* ---- regions ------------------------------------------------------------------------------- */

/* BAR1's reply is truncated when the client's argsz is too small; right behind it, in the same
 * write, comes a DMA_READ. A client that reads past the payload it was given swallows it. */
static enum fs_act probe_truncated(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	static uint8_t buf[4096];
	struct iow_vfu_msg r, m;
	struct iow_error err = { 0 };
	struct fs_msg *r2;
	int fds[2];
	unsigned nfds = 0;
	long n1;
	size_t n2;
	uint16_t id;

	if (q->m.hdr.command != IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO ||
	    q->m.u.region_info.index != IOW_VFU_REGION_INDEX_BAR1 || !wants_reply(q))
		return FS_DEFAULT;
	if (fs_build(s, q, &r, fds, &nfds))
		return FS_DEFAULT;
	if (!r.truncated) {
		if (c->stage == 0)
			conf_info(s->x, "the client asked with argsz %u, room for the whole %u-byte reply: nothing was "
				  "truncated", q->m.u.region_info.argsz, r.u.region_info.argsz);
		else if (c->stage == 1)
			conf_note(s->x, "the client asked again with argsz %u (VFU-SIZE-008)", q->m.u.region_info.argsz);
		c->stage = 2;
		return FS_DEFAULT;
	}
	r.hdr.msg_id = q->m.hdr.msg_id;
	r.hdr.command = q->m.hdr.command;
	r.hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	r.reply = true;
	n1 = iow_vfu_msg_encode(s->cfg, &r, 0, buf, sizeof buf, &err);
	if (n1 < 0)
		return FS_DEFAULT;
	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DMA_READ;
	m.hdr.msg_id = id = s->next_id++;
	m.u.dma_access.address = fs_unmapped(s, 8);
	m.u.dma_access.count = 8;
	n2 = fs_encode(s, &m, buf + n1, sizeof buf - (size_t)n1);
	fs_answered(s, q);
	if (iow_conn_send(s->t->fd, buf, (size_t)n1 + n2, NULL, 0))
		return FS_HANDLED;
	fs_expect_reply(s, id, IOW_VFU_COMMAND_DMA_READ, false);
	conf_note(s->x, "region 1 is answered with its 32-byte fixed part and argsz %u", r.u.region_info.argsz);
	r2 = fs_await(s, id, IOW_VFU_COMMAND_DMA_READ, "VFU-SIZE-007", false);
	if (!r2)
		conf_info(s->x, "the DMA_READ came in the same write as the %u-byte reply; a client that reads the %u "
			  "bytes argsz names takes it for the rest of the reply", IOW_VFU_HEADER_SIZE + IOW_VFU_REGION_INFO_SIZE,
			  IOW_VFU_HEADER_SIZE + r.u.region_info.argsz);
	judge_refusal(s, "the DMA_READ right after the truncated reply", r2);
	c->stage = 1;
	return FS_HANDLED;
}

static void cl_region_truncated(struct ctx *x)
{
	struct fsrv s;
	struct cl c;
	int status;

	setup(&s, x, &c);
	s.grant_twin = false; /* the DMA_READ follows the reply on the same socket */
	c.probe = probe_truncated;
	status = run(&s, FS_ANY_STATUS);
	if (status >= 128)
		conf_fail(x, "VFU-SIZE-007", "the client died of signal %d after a truncated DEVICE_GET_REGION_INFO reply",
			  status - 128);
	if (c.stage == 0 && !s.ncmd[IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO])
		conf_info(x, "the client never asked DEVICE_GET_REGION_INFO");
	else if (c.stage == 1)
		conf_note(x, "the client did not ask for region 1 again");
	fs_release(&s);
}

static void cl_region_unknown_cap(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.unknown_cap = true;
	run(&s, "VFU-REGION-INFO-007");
	fs_release(&s);
}

/* ---- DMA ------------------------------------------------------------------------------------ */

static void judge_dma_write_reply(struct fsrv *s, const struct fs_msg *r, uint64_t addr, uint64_t len)
{
	const struct iow_vfu_dma_write_reply *w = &r->m.u.dma_write_reply;

	if (!r->ok)
		return;
	if (w->kase == IOW_VFU_DMA_WRITE_REPLY_ECHO) {
		if (w->u.dma_access.address != addr || w->u.dma_access.count != len)
			conf_should(s->x, "VFU-DMA-RW-005", "the DMA_WRITE reply echoes [%#llx, +%llu), not [%#llx, +%llu)",
				    (unsigned long long)w->u.dma_access.address, (unsigned long long)w->u.dma_access.count,
				    (unsigned long long)addr, (unsigned long long)len);
	} else {
		conf_should(s->x, "VFU-DMA-RW-005", "the DMA_WRITE reply has %zu payload bytes, not the 16-byte echo",
			    r->m.payload.len);
	}
}

/* Checks a DMA_READ reply; want (len bytes) or NULL when the data is not known. */
static bool judge_dma_read_reply(struct fsrv *s, const struct fs_msg *r, uint64_t addr, uint64_t len,
				 const uint8_t *want, const char *what)
{
	const struct iow_vfu_dma_access_data *d = &r->m.u.dma_access_data;

	if (!r->ok)
		return false;
	if (r->m.error) {
		conf_info(s->x, "%s was refused with errno %u", what, r->m.hdr.error);
		return false;
	}
	if (d->access.address != addr || d->access.count != len || d->data.len != len) {
		conf_fail(s->x, "VFU-DMA-RW-003", "%s of [%#llx, +%llu): the reply says [%#llx, +%llu) and carries %zu bytes",
			  what, (unsigned long long)addr, (unsigned long long)len, (unsigned long long)d->access.address,
			  (unsigned long long)d->access.count, d->data.len);
		return false;
	}
	if (want && memcmp(d->data.ptr, want, (size_t)len)) {
		conf_fail(s->x, "VFU-DMA-RW-003", "%s returned other bytes than the DMA_WRITE before it put there", what);
		return false;
	}
	return true;
}

/* Once the client has memory mapped without an fd: a DMA_WRITE at its end, a DMA_READ of it back,
 * a DMA_WRITE with No_reply and a read of that, and the largest DMA_READ the client takes. */
static enum fs_act probe_dma(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	static uint8_t data[4096], data2[64];
	const struct fs_map *found = fs_message_map(s);
	struct fs_map mp;
	struct iow_vfu_msg m;
	struct fs_msg *r;
	uint64_t xfer = s->proposed.max_data_xfer_size, len, addr, big;
	bool wrote = false;

	if (c->done || !found || !dma_window(q))
		return FS_DEFAULT;
	c->done = true;
	mp = *found;
	len = mp.size < sizeof data ? mp.size : sizeof data;
	len = len < xfer ? len : xfer;
	addr = mp.addr + mp.size - len; /* the last bytes of the region */
	pattern(data, (size_t)len, 1);
	dma_write_msg(&m, addr, data, len);
	r = fs_command(s, &m, "VFU-ORDER-004");
	if (r && r->m.error)
		conf_info(s->x, "a DMA_WRITE of %llu bytes inside the client's mapping was refused with errno %u",
			  (unsigned long long)len, r->m.hdr.error);
	else if (r) {
		wrote = true;
		judge_dma_write_reply(s, r, addr, len);
	}
	fs_free(r);
	r = dma_read(s, addr, len, "VFU-ORDER-004");
	if (r && judge_dma_read_reply(s, r, addr, len, wrote ? data : NULL, "a DMA_READ at the end of the mapping"))
		conf_note(s->x, "%llu bytes written with DMA_WRITE and read back with DMA_READ at [%#llx, +%llu)",
			  (unsigned long long)len, (unsigned long long)addr, (unsigned long long)len);
	fs_free(r);

	/* No_reply: no reply (VFU-REPLY-002; a reply to it is a stray one), and the write is done. */
	len = mp.size < sizeof data2 ? mp.size : sizeof data2;
	len = len < xfer ? len : xfer;
	pattern(data2, (size_t)len, 2);
	dma_write_msg(&m, mp.addr, data2, len);
	fs_send_command(s, &m, true, true);
	r = dma_read(s, mp.addr, len, "VFU-ORDER-004");
	if (r && r->ok && !r->m.error && r->m.u.dma_access_data.data.len == len &&
	    memcmp(r->m.u.dma_access_data.data.ptr, data2, (size_t)len))
		conf_info(s->x, "a DMA_READ after a DMA_WRITE with No_reply did not see the write");
	fs_free(r);

	big = mp.size < xfer ? mp.size : xfer;
	if (big > len) {
		char what[64];

		snprintf(what, sizeof what, "a DMA_READ of %llu bytes", (unsigned long long)big);
		r = dma_read(s, mp.addr, big, "VFU-ORDER-004");
		if (r)
			judge_dma_read_reply(s, r, mp.addr, big, NULL, what);
		fs_free(r);
	}
	return FS_DEFAULT;
}

static void cl_dma_rw(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_dma;
	run(&s, NULL);
	if (!c.done)
		conf_unimplemented(x, "the client mapped no memory without a file descriptor (with read and write) and "
			 "sent a command after it, so there was nothing to reach with DMA_READ and DMA_WRITE");
	fs_release(&s);
}

/* Outside every mapping: a DMA_READ and a DMA_WRITE at the first command after negotiation; a
 * DMA_READ across the end of a mapping once there is one. */
static enum fs_act probe_outside(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	static uint8_t data[8];
	struct iow_vfu_msg m;

	if (!dma_window(q))
		return FS_DEFAULT;
	if (c->stage == 0) {
		read_outside(s, 8, "VFU-DMA-RW-002");
		pattern(data, sizeof data, 3);
		dma_write_msg(&m, fs_unmapped(s, sizeof data), data, sizeof data);
		judge_refusal(s, "a DMA_WRITE of 8 bytes outside every mapping", fs_command(s, &m, "VFU-DMA-RW-002"));
		c->stage = 1;
	} else if (c->stage == 1 && s->nmaps) {
		const struct fs_map *mp = &s->maps[0];
		bool next = false;

		/* not when another mapping starts right where this one ends */
		for (unsigned i = 0; i < s->nmaps; i++)
			next |= s->maps[i].addr == mp->addr + mp->size;
		if (!next)
			judge_refusal(s, "a DMA_READ of 16 bytes across the end of a mapping",
				      dma_read(s, mp->addr + mp->size - 8, 16, "VFU-DMA-RW-002"));
		c->stage = 2;
	}
	return FS_DEFAULT;
}

static void cl_dma_outside(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_outside;
	run(&s, FS_ANY_STATUS);
	if (c.stage == 0)
		conf_info(x, "the client sent no command after negotiation: no DMA was tried");
	else if (c.stage == 1)
		conf_note(x, "the client mapped nothing: no DMA_READ across the end of a mapping");
	fs_release(&s);
}

/* ---- ordering -------------------------------------------------------------------------------- */

/* Before the replies to the first three commands after negotiation: two DMA_READs at once (one
 * inside a message-mode mapping when there is one), then their replies, in whichever order. */
static enum fs_act probe_interleaved(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	const struct fs_map *mp = fs_message_map(s);
	struct iow_vfu_msg m1, m2;
	uint16_t id1, id2;
	struct fs_msg *r;

	if (c->n >= 3 || !dma_window(q))
		return FS_DEFAULT;
	c->n++;
	memset(&m1, 0, sizeof m1);
	m1.hdr.command = IOW_VFU_COMMAND_DMA_READ;
	m1.u.dma_access.address = fs_unmapped(s, 8);
	m1.u.dma_access.count = 8;
	m2 = m1;
	if (mp) {
		m2.u.dma_access.address = mp->addr;
		m2.u.dma_access.count = 8;
	} else {
		m2.u.dma_access.count = 16;
	}
	id1 = fs_send_command(s, &m1, false, true);
	id2 = fs_send_command(s, &m2, false, true);
	judge_refusal(s, "the first of two DMA_READs sent together", fs_await(s, id1, m1.hdr.command, "VFU-ORDER-004", false));
	r = fs_await(s, id2, m2.hdr.command, "VFU-ORDER-004", false);
	if (r && mp)
		judge_dma_read_reply(s, r, m2.u.dma_access.address, 8, NULL, "the second of two DMA_READs sent together");
	if (r && !mp)
		judge_refusal(s, "the second of two DMA_READs sent together", r);
	else
		fs_free(r);
	if (c->n == 1)
		conf_note(s->x, "server commands came before the reply to %s, on the %s socket",
			  iow_vfu_command_name(q->m.hdr.command), s->twin_fd >= 0 ? "twin" : "main");
	return FS_DEFAULT;
}

static void cl_order_interleaved(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_interleaved;
	run(&s, FS_ANY_STATUS);
	if (!c.n)
		conf_info(x, "the client sent no command after negotiation");
	fs_release(&s);
}

/* A command of the client's own direction, one the schema does not know, the same with No_reply,
 * then a DMA_READ: error replies to the first two, none to the third, and the stream in step. */
static enum fs_act probe_bad_commands(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	uint8_t buf[IOW_VFU_HEADER_SIZE + 8];
	struct iow_vfu_header h;
	struct iow_vfu_msg m;
	struct fs_msg *r;
	uint16_t id;

	if (c->done || !wants_reply(q))
		return FS_DEFAULT;
	c->done = true;
	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DEVICE_RESET;
	id = fs_send_command(s, &m, false, false);
	r = fs_await(s, id, IOW_VFU_COMMAND_DEVICE_RESET, "VFU-CMD-002", false);
	if (r && !r->m.error && !(r->m.hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR))
		conf_fail(s->x, "VFU-CMD-002", "DEVICE_RESET sent by the server was answered with success");
	else if (r)
		conf_note(s->x, "DEVICE_RESET from the server: error reply, errno %u", r->m.hdr.error);
	fs_free(r);

	for (unsigned k = 0; k < 2; k++) {
		struct iow_error err = { 0 };

		h.msg_id = id = s->next_id++;
		h.command = (uint16_t)(0x40 + k);
		h.msg_size = sizeof buf;
		h.flags = IOW_VFU_MSG_TYPE_COMMAND | (k ? IOW_VFU_HEADER_FLAGS_NO_REPLY : 0);
		h.error = 0;
		if (iow_vfu_header_encode(s->cfg, &h, buf, sizeof buf, &err) != IOW_VFU_HEADER_SIZE)
			return FS_DEFAULT;
		memset(buf + IOW_VFU_HEADER_SIZE, 0xa5, 8);
		if (iow_conn_send(s->t->fd, buf, sizeof buf, NULL, 0))
			return FS_DEFAULT;
		if (k) {
			s->noreply_ids[s->nnoreply++ % FS_MAX_PENDING] = id;
			break;
		}
		fs_expect_reply(s, id, h.command, false);
		r = fs_await(s, id, h.command, "VFU-HDR-007", false);
		if (r && !(r->m.hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR))
			conf_fail(s->x, "VFU-HDR-007", "command %#x was not answered with an error reply", h.command);
		else if (r)
			conf_note(s->x, "command %#x: error reply, errno %u", h.command, r->m.hdr.error);
		fs_free(r);
	}
	/* still in step: the next command is read as one */
	read_outside(s, 8, "VFU-HDR-007");
	return FS_DEFAULT;
}

static void cl_server_bad_command(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_bad_commands;
	run(&s, FS_ANY_STATUS);
	if (!c.done)
		conf_info(x, "the client sent no command after negotiation");
	fs_release(&s);
}

/* ---- errors ---------------------------------------------------------------------------------- */

/* The first command after DEVICE_GET_INFO fails with a payload that is itself a whole message: a
 * DEVICE_RESET command with msg_id 0x7777. A client that does not skip the payload reads that
 * command and answers it. */
static enum fs_act probe_error_payload(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	uint8_t payload[IOW_VFU_HEADER_SIZE];
	struct iow_vfu_header h = { 0x7777, IOW_VFU_COMMAND_DEVICE_RESET, IOW_VFU_HEADER_SIZE, IOW_VFU_MSG_TYPE_COMMAND, 0 };
	struct iow_error err = { 0 };

	if (c->done || !wants_reply(q) || q->m.hdr.command == IOW_VFU_COMMAND_DEVICE_GET_INFO)
		return FS_DEFAULT;
	c->done = true;
	if (iow_vfu_header_encode(s->cfg, &h, payload, sizeof payload, &err) != IOW_VFU_HEADER_SIZE)
		return FS_DEFAULT;
	s->stray_req = "VFU-ERR-004";
	s->stray_why = ": 0x7777 was the msg_id in the payload of an error reply, which the client read as a command";
	conf_note(s->x, "%s failed with EINVAL and a 16-byte payload", iow_vfu_command_name(q->m.hdr.command));
	fs_error(s, q, EINVAL, payload, sizeof payload);
	return FS_HANDLED;
}

static void cl_error_payload(struct ctx *x)
{
	struct fsrv s;
	struct cl c;
	int status;

	setup(&s, x, &c);
	c.probe = probe_error_payload;
	status = run(&s, FS_ANY_STATUS);
	if (status >= 128)
		conf_fail(x, "VFU-ERR-004", "the client died of signal %d after an error reply with a payload", status - 128);
	if (!c.done)
		conf_info(x, "the client sent nothing after DEVICE_GET_INFO");
	fs_release(&s);
}

/* The first DMA_MAP fails with errno 0: the client must take it as failed and never unmap it. */
static enum fs_act probe_error_zero(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	uint16_t cmd = q->m.hdr.command;

	if (cmd == IOW_VFU_COMMAND_DMA_MAP && c->stage == 0 && wants_reply(q)) {
		c->a = q->m.u.dma_map.address;
		c->b = q->m.u.dma_map.size;
		c->stage = 1;
		conf_note(s->x, "DMA_MAP of [%#llx, +%#llx) failed with errno 0", (unsigned long long)c->a,
			  (unsigned long long)c->b);
		fs_error(s, q, 0, NULL, 0);
		return FS_HANDLED;
	}
	if (cmd == IOW_VFU_COMMAND_DMA_MAP && c->stage == 1 && q->m.u.dma_map.address == c->a && q->m.u.dma_map.size == c->b)
		c->stage = 2; /* mapped again: from now on an unmap is fine */
	if (cmd == IOW_VFU_COMMAND_DMA_UNMAP && c->stage == 1 && q->m.u.dma_unmap.address == c->a &&
	    q->m.u.dma_unmap.size == c->b)
		conf_fail(s->x, "VFU-ERR-003", "the client unmaps [%#llx, +%#llx), whose DMA_MAP failed with errno 0",
			  (unsigned long long)c->a, (unsigned long long)c->b);
	return FS_DEFAULT;
}

static void cl_error_zero(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_error_zero;
	run(&s, NULL);
	if (c.stage == 0)
		conf_info(x, "the client sent no DMA_MAP that could fail");
	fs_release(&s);
}

/* Every reply after VERSION's sets the no-reply bit and bits 6-31 of flags, which a receiver of
 * a reply ignores. */
static void set_flag_bits(struct fsrv *s, uint8_t *buf, size_t len)
{
	uint32_t flags;

	if (len < IOW_VFU_HEADER_SIZE)
		return;
	flags = iow_ld_le32(buf + 8, s->cfg->order);
	iow_st_le32(buf + 8, flags | 0xffffffc0u | IOW_VFU_HEADER_FLAGS_NO_REPLY, s->cfg->order);
}

static enum fs_act count_commands(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	(void)s;
	(void)q;
	c->n++;
	return FS_DEFAULT;
}

static void cl_reply_flags(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	s.patch_reply = set_flag_bits;
	c.probe = count_commands;
	run(&s, FS_ANY_STATUS);
	if (c.n == 1)
		conf_fail(x, "VFU-HDR-009", "the client sent nothing after the first reply with undefined flag bits and the "
			  "no-reply bit set (VFU-HDR-009 and VFU-REPLY-003 have a receiver ignore them)");
	else if (c.n > 1)
		conf_note(x, "the client went on for %u commands with those bits set in every reply", c.n - 1);
	fs_release(&s);
}

static void cl_split_replies(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.split_ms = 5;
	run(&s, "VFU-TRANS-003");
	fs_release(&s);
}

/* ---- limits ---------------------------------------------------------------------------------- */

static void cl_fds_none(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.force |= IOW_VFU_CAPS_HAS_MAX_MSG_FDS;
	s.ours.max_msg_fds = 0;
	run(&s, NULL);
	conf_note(x, "max_msg_fds 0: the client sent at most %u fds in a message", s.fds_max);
	fs_release(&s);
}

static void cl_fds_default(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.suppress |= IOW_VFU_CAPS_HAS_MAX_MSG_FDS;
	run(&s, NULL);
	conf_note(x, "max_msg_fds not announced (1): the client sent at most %u fds in a message", s.fds_max);
	fs_release(&s);
}

static void cl_write_multi(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	run(&s, NULL);
	if (!s.proposed.write_multiple)
		conf_unimplemented(x, "the client did not propose write_multiple");
	else if (!s.ncmd[IOW_VFU_COMMAND_REGION_WRITE_MULTI])
		conf_unimplemented(x, "write_multiple was announced, but the client sent no REGION_WRITE_MULTI");
	else
		conf_note(x, "%u REGION_WRITE_MULTI", s.ncmd[IOW_VFU_COMMAND_REGION_WRITE_MULTI]);
	fs_release(&s);
}

static void cl_write_multi_not_offered(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.suppress |= IOW_VFU_CAPS_HAS_WRITE_MULTIPLE;
	run(&s, NULL);
	conf_note(x, "write_multiple not announced%s: %u REGION_WRITE and no REGION_WRITE_MULTI",
		  s.proposed.write_multiple ? " though proposed" : "", s.ncmd[IOW_VFU_COMMAND_REGION_WRITE]);
	fs_release(&s);
}

static void cl_max_data_xfer(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.force |= IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE;
	s.ours.max_data_xfer_size = 32;
	run(&s, NULL);
	conf_note(x, "max_data_xfer_size 32: the largest REGION_READ or REGION_WRITE had %llu bytes",
		  (unsigned long long)s.xfer_max);
	fs_release(&s);
}

static void cl_max_dma_maps(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.force |= IOW_VFU_CAPS_HAS_MAX_DMA_MAPS;
	s.ours.max_dma_maps = 1;
	run(&s, NULL);
	conf_note(x, "max_dma_maps 1: %u DMA_MAP, %u DMA_UNMAP", s.ncmd[IOW_VFU_COMMAND_DMA_MAP],
		  s.ncmd[IOW_VFU_COMMAND_DMA_UNMAP]);
	fs_release(&s);
}

static void cl_pgsizes(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.force |= IOW_VFU_CAPS_HAS_PGSIZES;
	s.ours.pgsizes = 0x10000;
	run(&s, NULL);
	if (!s.ncmd[IOW_VFU_COMMAND_DMA_MAP])
		conf_info(x, "the client mapped nothing");
	fs_release(&s);
}

/* ---- migration ------------------------------------------------------------------------------- */

static void cl_migration(struct ctx *x)
{
	struct fsrv s;

	fs_init(&s, x);
	s.mig_flags = IOW_VFU_MIGRATION_FLAGS_STOP_COPY; /* no pre_copy, no p2p */
	run(&s, NULL);
	if (!s.mig_stop_copy)
		conf_unimplemented(x, "the client never took the device to STOP_COPY");
	else
		conf_note(x, "the client read %llu bytes of migration data", (unsigned long long)s.mig_read);
	fs_release(&s);
}

/* ---- message ids ----------------------------------------------------------------------------- */

/* Holds each of the first 20 replies a little, so that pipelined commands pile up. */
static enum fs_act probe_hold(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	if (c->n < 20 && wants_reply(q)) {
		c->n++;
		fs_quiet(s, 10);
	}
	return FS_DEFAULT;
}

static void cl_msg_ids(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_hold;
	run(&s, NULL);
	if (s.depth_max > 1)
		conf_note(x, "up to %u client commands were in flight at once", s.depth_max);
	else
		conf_note(x, "the client never had more than one command in flight");
	fs_release(&s);
}

/* Before the real reply to the first command after negotiation, a reply to it with another
 * msg_id. */
static enum fs_act probe_unexpected(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	struct iow_vfu_msg r;
	struct fs_msg *other;
	int fds[2];
	unsigned nfds = 0;

	if (c->stage > 0) {
		c->n++;
		return FS_DEFAULT;
	}
	if (!wants_reply(q) || fs_build(s, q, &r, fds, &nfds))
		return FS_DEFAULT;
	other = malloc(sizeof *other);
	if (!other)
		return FS_DEFAULT;
	memcpy(other, q, sizeof *other);
	other->m.hdr.msg_id = (uint16_t)(q->m.hdr.msg_id ^ 0x5a5a);
	other->nfds = 0;
	fs_reply(s, other, &r, NULL, 0);
	free(other);
	fs_reply(s, q, &r, fds, nfds);
	c->stage = 1;
	c->a = q->m.hdr.command;
	return FS_HANDLED;
}

static void cl_unexpected_reply(struct ctx *x)
{
	struct fsrv s;
	struct cl c;

	setup(&s, x, &c);
	c.probe = probe_unexpected;
	run(&s, FS_ANY_STATUS);
	if (c.stage == 0)
		conf_info(x, "the client sent no command after negotiation");
	else if (c.n == 0 && s.closed)
		conf_note(x, "the client closed after a reply to a %s it had not sent", iow_vfu_command_name(c.a));
	else
		conf_info(x, "the client went on for %u commands after a reply to a %s it had not sent: whether it took "
			  "that reply for a protocol error cannot be seen", c.n, iow_vfu_command_name(c.a));
	fs_release(&s);
}

/* ---- disconnection --------------------------------------------------------------------------- */

/* At the third command after negotiation that wants a reply, the server shuts its side. */
static enum fs_act probe_close(struct fsrv *s, struct fs_msg *q, struct cl *c)
{
	if (!wants_reply(q) || ++c->n < 3)
		return FS_DEFAULT;
	c->a = q->m.hdr.command;
	c->done = true;
	shutdown(s->t->fd, SHUT_WR);
	if (s->twin_fd >= 0)
		shutdown(s->twin_fd, SHUT_WR);
	return FS_STOP;
}

/* A reconnection: VERSION first (VFU-DISC-005), then a session as usual. */
static enum fs_act reconnect_first(struct fsrv *s, struct fs_msg *q)
{
	if (s->nmsgs == 1 && (!q->ok || q->m.hdr.command != IOW_VFU_COMMAND_VERSION))
		conf_fail(s->x, "VFU-DISC-005", "the first message on the new connection is %s, not VERSION",
			  q->ok ? iow_vfu_command_name(q->m.hdr.command) : "one that does not decode");
	return FS_DEFAULT;
}

static void cl_server_closes(struct ctx *x)
{
	struct target *t = x->t;
	struct fsrv s;
	struct cl c;
	enum fs_end why;
	unsigned after = 0;
	int fd;

	setup(&s, x, &c);
	c.probe = probe_close;
	if (fs_serve(&s) != FS_STOPPED) {
		conf_info(x, "the session ended before the third command after negotiation");
		fs_finish(&s, FS_CLOSED, NULL);
		fs_release(&s);
		return;
	}
	for (;;) {
		struct fs_msg *q = fs_recv(&s, t->opts->timeout_ms, &why);

		if (!q)
			break;
		after++;
		fs_free(q);
	}
	if (why == FS_TIMEOUT) {
		conf_fail(x, "VFU-DISC-004", "the connection was still open %u ms after the server closed its side with "
			  "%s in flight", t->opts->timeout_ms, iow_vfu_command_name(c.a));
		fs_release(&s);
		return;
	}
	conf_note(x, "the client closed its side after the server closed with %s in flight%s", iow_vfu_command_name(c.a),
		  after ? " (sending a few messages first)" : "");
	fs_release(&s);
	fd = target_accept(t, 500);
	if (fd < 0) {
		int status = target_wait(t, t->opts->timeout_ms);

		conf_note(x, "the client did not connect again; it exited with status %d", status);
		return;
	}
	/* the new connection replaces the old one */
	iow_conn_release(&t->conn);
	close(t->fd);
	t->fd = fd;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&t->conn, fd, t->rbuf, t->rcap, t->opts->frame ? t->opts->frame : iow_vfu_frame,
		      t->opts->cfg.order == IOW_ORDER_HOST ? (void *)1 : NULL);
	conf_note(x, "the client connected again");
	fs_init(&s, x);
	s.hook = reconnect_first;
	run(&s, NULL);
	fs_release(&s);
}

const struct conf_case vfu_client_cases[] = {
	{ "vfu.cl.session", "a whole session against a server that keeps the spec", "VFU-VER-001,VFU-HDR-001,VFU-HDR-004,VFU-HDR-006,VFU-HDR-008,VFU-HDR-009,VFU-CMD-001,VFU-CMD-003,VFU-SIZE-002,VFU-SIZE-003,VFU-FD-002,VFU-TRANS-002,VFU-DEV-INFO-004", T_MUST, TK_VFU_CLIENT, false, cl_session },
	{ "vfu.cl.version-first", "VERSION first, without fds, nothing before its reply", "VFU-VER-001,VFU-VER-011,VFU-VER-009", T_MUST, TK_VFU_CLIENT, false, cl_version_first },
	{ "vfu.cl.version-major", "a reply with another major version: the client closes", "VFU-VER-006", T_MUST, TK_VFU_CLIENT, false, cl_version_major },
	{ "vfu.cl.version-minor", "a reply with a higher minor version: the client closes", "VFU-VER-006", T_MUST, TK_VFU_CLIENT, false, cl_version_minor },
	{ "vfu.cl.version-no-json", "a reply without JSON: the defaults apply", "VFU-CAPS-001,VFU-TWIN-005", T_MUST, TK_VFU_CLIENT, false, cl_version_no_json },
	{ "vfu.cl.version-unknown-caps", "unknown capabilities in the reply are ignored", "VFU-CAPS-003", T_MUST, TK_VFU_CLIENT, false, cl_version_unknown_caps },
	{ "vfu.cl.version-bad-caps", "a capability of the wrong type: the client closes", "VFU-CAPS-002,VFU-VER-010", T_MUST, TK_VFU_CLIENT, false, cl_version_bad_caps },
	{ "vfu.cl.twin", "DMA on the twin socket, replies there, commands on the main socket", "VFU-TWIN-004,VFU-ORDER-005", T_OPTIONAL, TK_VFU_CLIENT, false, cl_twin },
	{ "vfu.cl.twin-refused", "twin socket refused: server commands on the main socket", "VFU-TWIN-005,VFU-ORDER-004", T_MUST, TK_VFU_CLIENT, false, cl_twin_refused },
	{ "vfu.cl.twin-bad-index", "a twin_socket fd_index naming no fd: the client closes", "VFU-TWIN-003,VFU-FD-005", T_MUST, TK_VFU_CLIENT, false, cl_twin_bad_index },
	{ "vfu.cl.twin-no-fd", "a twin socket without its fd: the client closes", "VFU-TWIN-003", T_MUST, TK_VFU_CLIENT, false, cl_twin_no_fd },
	{ "vfu.cl.region-truncated", "a truncated REGION_INFO reply is not read past; asked again", "VFU-SIZE-007,VFU-SIZE-008,VFU-TRANS-003", T_MUST, TK_VFU_CLIENT, false, cl_region_truncated },
	{ "vfu.cl.region-unknown-cap", "an unknown region capability is skipped", "VFU-REGION-INFO-007", T_MUST, TK_VFU_CLIENT, false, cl_region_unknown_cap },
	{ "vfu.cl.dma-rw", "DMA_WRITE and DMA_READ in a message-mode mapping are served", "VFU-DMA-RW-003,VFU-DMA-RW-005,VFU-REPLY-002,VFU-ORDER-004", T_MUST, TK_VFU_CLIENT, false, cl_dma_rw },
	{ "vfu.cl.dma-outside", "DMA outside the mappings is refused with EFAULT", "VFU-DMA-RW-002,VFU-DMA-RW-007,VFU-ERR-001", T_MUST, TK_VFU_CLIENT, false, cl_dma_outside },
	{ "vfu.cl.order-interleaved", "server commands between a command and its reply are served", "VFU-ORDER-004,VFU-HDR-010", T_MUST, TK_VFU_CLIENT, false, cl_order_interleaved },
	{ "vfu.cl.server-bad-command", "a server command of the wrong direction or unknown is refused", "VFU-CMD-002,VFU-HDR-007,VFU-REPLY-002", T_MUST, TK_VFU_CLIENT, false, cl_server_bad_command },
	{ "vfu.cl.error-payload", "the payload of an error reply is skipped", "VFU-ERR-004", T_MUST, TK_VFU_CLIENT, false, cl_error_payload },
	{ "vfu.cl.error-zero", "an error reply with errno 0 fails the command", "VFU-ERR-003", T_MUST, TK_VFU_CLIENT, false, cl_error_zero },
	{ "vfu.cl.reply-flags", "undefined flag bits and No_reply in replies are ignored", "VFU-HDR-009,VFU-REPLY-003", T_MUST, TK_VFU_CLIENT, false, cl_reply_flags },
	{ "vfu.cl.split-replies", "replies that arrive in two pieces are read whole", "VFU-TRANS-003", T_MUST, TK_VFU_CLIENT, false, cl_split_replies },
	{ "vfu.cl.fds-none", "max_msg_fds 0: no fds at all", "VFU-CAPS-006,VFU-FD-002", T_MUST, TK_VFU_CLIENT, false, cl_fds_none },
	{ "vfu.cl.fds-default", "max_msg_fds absent: at most one fd per message", "VFU-CAPS-006,VFU-CAPS-001,VFU-SET-IRQS-001,VFU-SET-IRQS-004,VFU-SET-IRQS-007", T_MUST, TK_VFU_CLIENT, false, cl_fds_default },
	{ "vfu.cl.write-multi", "REGION_WRITE_MULTI when announced: entries well formed", "VFU-WRITE-MULTI-001,VFU-WRITE-MULTI-004", T_OPTIONAL, TK_VFU_CLIENT, false, cl_write_multi },
	{ "vfu.cl.write-multi-not-offered", "no REGION_WRITE_MULTI unless announced", "VFU-CAPS-008", T_MUST, TK_VFU_CLIENT, false, cl_write_multi_not_offered },
	{ "vfu.cl.max-data-xfer", "max_data_xfer_size 32: accesses and migration data in pieces", "VFU-SIZE-009,VFU-MIG-DATA-004,VFU-REGION-RW-003", T_MUST, TK_VFU_CLIENT, false, cl_max_data_xfer },
	{ "vfu.cl.max-dma-maps", "max_dma_maps 1: one region at a time", "VFU-CAPS-007,VFU-DMA-MAP-001,VFU-DMA-MAP-002,VFU-DMA-UNMAP-001,VFU-DMA-UNMAP-005", T_MUST, TK_VFU_CLIENT, false, cl_max_dma_maps },
	{ "vfu.cl.pgsizes", "pgsizes 64 KiB: regions in 64 KiB pages", "VFU-CAPS-010", T_SHOULD, TK_VFU_CLIENT, false, cl_pgsizes },
	{ "vfu.cl.migration", "migration states offered, data read to the end", "VFU-MIG-002,VFU-MIG-011,VFU-MIG-DATA-003,VFU-FEATURE-001,VFU-FEATURE-006", T_OPTIONAL, TK_VFU_CLIENT, false, cl_migration },
	{ "vfu.cl.msg-ids", "commands in flight have distinct msg_ids", "VFU-HDR-012", T_SHOULD, TK_VFU_CLIENT, false, cl_msg_ids },
	{ "vfu.cl.unexpected-reply", "a reply to no command in flight", "VFU-HDR-013", T_MUST, TK_VFU_CLIENT, false, cl_unexpected_reply },
	{ "vfu.cl.server-closes", "the server closes with a command in flight: the client closes", "VFU-DISC-004,VFU-DISC-005", T_MUST, TK_VFU_CLIENT, false, cl_server_closes },
};
const size_t vfu_client_ncases = sizeof vfu_client_cases / sizeof vfu_client_cases[0];
