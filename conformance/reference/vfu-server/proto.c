/* vfio-user messages: decode, check, handle, reply. Every message in and out goes through
 * libiowire's codecs (iow_vfu_msg_decode/encode, iow_vfu_header_encode for error replies) and
 * its transport (iow_conn_send). */
#include "server.h"

#include "fd_kind.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#define TYPE_OF(flags) (((flags) & IOW_VFU_HEADER_FLAGS_TYPE) >> IOW_VFU_HEADER_FLAGS_TYPE_SHIFT)

/* What a handler answers: the reply payload in m.u (and m.truncated), fds to pass with it. */
struct reply {
	struct iow_vfu_msg m;
	int fds[2];
	unsigned nfds;
	bool close_fds; /* ours to close once sent (the client end of the twin socket) */
};

void client_init(struct client *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->twin_fd = -1;
	c->ioeventfd = -1;
	c->peer_max_xfer = IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT;
	c->peer_max_fds = IOW_VFU_CAPS_MAX_MSG_FDS_DEFAULT;
	c->next_id = 1;
	for (unsigned i = 0; i < NUM_IRQ_INDEXES; i++)
		for (unsigned v = 0; v < MAX_VECTORS; v++)
			c->irq_fds[i][v] = -1;
}

/* ---- -v: every message, field by field ---- */

static void dump_line(void *ctx, const char *path, const char *value)
{
	(void)ctx;
	fprintf(stderr, "    %-40s %s\n", path, value);
}

static void log_msg(const struct server *s, const char *dir, const uint8_t *buf, size_t len, unsigned nfds)
{
	static struct iow_vfu_msg m;
	struct iow_error err = { 0 };
	struct iow_dump d = { dump_line, NULL, 0, "" };
	const char *name;

	if (!s->opt.verbose)
		return;
	if (iow_vfu_msg_decode(&s->cfg, buf, len, nfds, &m, &err)) {
		struct iow_vfu_header h;
		char text[320];

		iow_error_format(&err, text, sizeof text);
		fprintf(stderr, "iowire-ref-server: %s %zu bytes, %u fds: %s at byte %zu\n", dir, len, nfds, text,
			err.offset);
		/* what the header alone says, if it says anything */
		if (len >= IOW_VFU_HEADER_SIZE && !iow_vfu_header_decode(&s->cfg, buf, IOW_VFU_HEADER_SIZE, &h, NULL)) {
			size_t old = iow_dump_push(&d, "header", -1);

			iow_vfu_header_dump(&s->cfg, &h, &d);
			iow_dump_pop(&d, old);
		}
		return;
	}
	name = iow_vfu_msg_name(m.hdr.command, m.reply);
	fprintf(stderr, "iowire-ref-server: %s %s%s (msg_id %u, %zu bytes, %u fds)\n", dir, name ? name : "?",
		m.error ? " ERROR" : "", m.hdr.msg_id, len, nfds);
	iow_vfu_msg_dump(&s->cfg, &m, &d);
}

/* ---- sending ---- */

static int sock_of(struct server *s, bool on_twin)
{
	return on_twin ? s->cl.twin_fd : s->cl.fd;
}

/* A send failed: the main socket ends the client; a dead twin socket is just closed. */
static void send_failed(struct server *s, bool on_twin, int err)
{
	logf_(s, "send on the %s socket: %s", on_twin ? "twin" : "main", strerror(err));
	if (on_twin) {
		iow_conn_release(&s->cl.twin);
		close(s->cl.twin_fd);
		s->cl.twin_fd = -1;
	} else {
		s->cl.closing = true;
	}
}

static int send_msg(struct server *s, bool on_twin, const struct iow_vfu_msg *m, const int *fds, unsigned nfds)
{
	struct iow_error err = { 0 };
	long n = iow_vfu_msg_encode(&s->cfg, m, nfds, s->txbuf, s->bufcap, &err);
	int fd = sock_of(s, on_twin);

	if (n < 0) {
		char text[320];

		iow_error_format(&err, text, sizeof text);
		logf_(s, "internal error: cannot encode %s: %s", iow_vfu_msg_name(m->hdr.command, true), text);
		return EIO;
	}
	if (fd < 0)
		return ENOTCONN;
	log_msg(s, "->", s->txbuf, (size_t)n, nfds);
	if (iow_conn_send(fd, s->txbuf, (size_t)n, fds, nfds) < 0) {
		int e = errno;

		send_failed(s, on_twin, e);
		return e;
	}
	return 0;
}

/* An error reply is the header alone; the header codec also serves commands the schema does not
 * know (iow_vfu_msg_encode refuses those). */
static void send_error(struct server *s, bool on_twin, const struct iow_vfu_header *q, int errnum)
{
	struct iow_vfu_header h = { q->msg_id, q->command, IOW_VFU_HEADER_SIZE,
				    IOW_VFU_MSG_TYPE_REPLY | IOW_VFU_HEADER_FLAGS_ERROR, (uint32_t)errnum };
	struct iow_error err = { 0 };
	long n = iow_vfu_header_encode(&s->cfg, &h, s->txbuf, s->bufcap, &err);
	int fd = sock_of(s, on_twin);

	if (n < 0 || fd < 0)
		return;
	log_msg(s, "->", s->txbuf, (size_t)n, 0);
	if (iow_conn_send(fd, s->txbuf, (size_t)n, NULL, 0) < 0)
		send_failed(s, on_twin, errno);
}

int send_request(struct server *s, bool on_twin, struct iow_vfu_msg *m)
{
	m->hdr.msg_id = s->cl.next_id++;
	m->hdr.flags = IOW_VFU_MSG_TYPE_COMMAND;
	m->reply = false;
	return send_msg(s, on_twin, m, NULL, 0);
}

/* argsz of a reply whose argsz is "the size needed": measure the full reply. */
static uint32_t needed(struct server *s, struct iow_vfu_msg *m)
{
	size_t n;

	m->hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	m->reply = true;
	n = iow_vfu_msg_size(&s->cfg, m);
	return n >= IOW_VFU_HEADER_SIZE ? (uint32_t)(n - IOW_VFU_HEADER_SIZE) : 0;
}

/* ---- VERSION ---- */

static int h_version(struct server *s, const struct iow_vfu_msg *q, struct reply *r, bool no_reply)
{
	const struct iow_vfu_version *v = &q->u.version;
	struct client *c = &s->cl;
	struct iow_vfu_caps peer, ours;
	static char json[512];
	size_t jlen = 0;

	if (v->major != REF_MAJOR)
		return EINVAL;
	iow_vfu_caps_defaults(&peer);
	if (v->json.len) {
		struct iow_caps_report rep;

		/* UTF-8 JSON and one NUL, the last byte (the codec checked that one). */
		if (memchr(v->json.ptr, 0, v->json.len) != v->json.ptr + v->json.len - 1) {
			logf_(s, "VERSION: NUL inside the JSON");
			return EINVAL;
		}
		if (iow_vfu_caps_parse((const char *)v->json.ptr, v->json.len, &peer, &rep) != IOW_CAPS_OK) {
			logf_(s, "VERSION: %s", rep.message);
			return EINVAL;
		}
		for (size_t i = 0; i < rep.n_unknown && i < IOW_CAPS_MAX_UNKNOWN; i++)
			logf_(s, "VERSION: ignoring unknown key %s", rep.unknown[i]);
	}
	c->peer_max_xfer = peer.max_data_xfer_size;
	c->peer_max_fds = peer.max_msg_fds;
	c->minor = v->minor < REF_MINOR ? v->minor : REF_MINOR;

	/* The reply names only capabilities the client proposed. A key it did not propose takes
	 * the spec's default on both sides, and the server honours that default: 1 MiB transfers
	 * even below --max-data-xfer, 65535 DMA mappings. */
	iow_vfu_caps_defaults(&ours);
	ours.present = 0;
	if (peer.present & IOW_VFU_CAPS_HAS_MAX_MSG_FDS) {
		ours.max_msg_fds = REF_MAX_MSG_FDS;
		ours.present |= IOW_VFU_CAPS_HAS_MAX_MSG_FDS;
	}
	if (peer.present & IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE) {
		c->max_xfer = s->opt.max_xfer;
		ours.max_data_xfer_size = s->opt.max_xfer;
		ours.present |= IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE;
	}
	if (peer.present & IOW_VFU_CAPS_HAS_MAX_DMA_MAPS) {
		c->max_maps = REF_MAX_DMA_MAPS;
		ours.max_dma_maps = REF_MAX_DMA_MAPS;
		ours.present |= IOW_VFU_CAPS_HAS_MAX_DMA_MAPS;
	}
	if (peer.present & IOW_VFU_CAPS_HAS_PGSIZES) {
		ours.pgsizes = REF_PGSIZE;
		ours.present |= IOW_VFU_CAPS_HAS_PGSIZES;
	}
	if ((peer.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE) && peer.write_multiple) {
		ours.write_multiple = true;
		ours.present |= IOW_VFU_CAPS_HAS_WRITE_MULTIPLE;
	}
	c->write_multiple = ours.write_multiple;
	/* Twin socket: only if asked for, only if the reply can carry its fd. */
	if (peer.twin_socket.supported && peer.max_msg_fds >= 1 && !no_reply) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return errno;
		fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
		c->twin_fd = sv[0];
		iow_conn_init(&c->twin, sv[0], s->twinbuf, s->bufcap, iow_vfu_frame,
			      s->cfg.order == IOW_ORDER_HOST ? (void *)s : NULL);
		r->fds[0] = sv[1];
		r->nfds = 1;
		r->close_fds = true;
		ours.twin_socket.supported = true;
		ours.twin_socket.fd_index = 0;
		ours.present |= IOW_VFU_CAPS_HAS_TWIN_SOCKET | IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED |
				IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX;
	}
	/* No JSON came, nothing to state: no JSON goes back either. */
	if ((v->json.len || ours.present) && iow_vfu_caps_emit(&ours, json, sizeof json, &jlen) != IOW_CAPS_OK)
		return EIO;
	r->m.u.version.major = REF_MAJOR;
	r->m.u.version.minor = c->minor;
	r->m.u.version.json.ptr = (const uint8_t *)json;
	r->m.u.version.json.len = jlen;
	c->negotiated = true;
	logf_(s, "negotiated 0.%u: %s", c->minor, jlen ? json : "(no JSON)");
	return 0;
}

/* ---- DMA ---- */

static int h_dma_map(struct server *s, const struct iow_vfu_msg *q, struct iow_frame *f)
{
	return dma_map_add(s, &q->u.dma_map, f->nfds ? f->fds[0] : -1);
}

static int h_dma_unmap(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_dma_unmap *u = &q->u.dma_unmap;
	int err;

	if (u->flags & IOW_VFU_DMA_UNMAP_FLAGS_GET_DIRTY_BITMAP)
		return ENOTSUP; /* dirty pages are reported through DMA_LOGGING_REPORT */
	err = dma_map_remove(s, u->address, u->size, (u->flags & IOW_VFU_DMA_UNMAP_FLAGS_ALL) != 0);
	if (err)
		return err;
	r->m.u.dma_unmap_reply.flags = u->flags;
	r->m.u.dma_unmap_reply.address = u->address;
	r->m.u.dma_unmap_reply.size = u->size;
	r->m.u.dma_unmap_reply.argsz = needed(s, &r->m);
	return 0;
}

/* ---- device and regions ---- */

static int h_get_info(struct server *s, struct reply *r)
{
	struct iow_vfu_device_info *i = &r->m.u.device_info;

	i->flags = IOW_VFU_DEVICE_INFO_FLAGS_RESET | IOW_VFU_DEVICE_INFO_FLAGS_PCI;
	i->num_regions = NUM_REGIONS;
	i->num_irqs = NUM_IRQ_INDEXES;
	i->argsz = needed(s, &r->m);
	return 0;
}

static int h_region_info(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	static struct iow_vfu_sparse_mmap_area areas[2] = { { 0x0000, 0x1000 }, { 0x2000, 0x1000 } };
	static struct iow_vfu_region_cap cap;
	struct iow_vfu_region_info *i = &r->m.u.region_info;
	uint32_t index = q->u.region_info.index;

	if (index >= NUM_REGIONS)
		return EINVAL;
	i->index = index;
	i->size = region_size(index);
	i->offset = 0;
	if (i->size)
		i->flags = IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE;
	/* BAR1 is mappable: its memfd goes with the reply, with the sparse areas as a capability,
	 * unless the client takes no fds at all. */
	if (index == IOW_VFU_REGION_INDEX_BAR1 && s->cl.peer_max_fds >= 1) {
		memset(&cap, 0, sizeof cap);
		cap.kase = IOW_VFU_REGION_CAP_SPARSE_MMAP;
		cap.u.sparse_mmap.nr_areas = 2;
		cap.u.sparse_mmap.areas.items = areas;
		i->flags |= IOW_VFU_REGION_INFO_FLAGS_MMAP | IOW_VFU_REGION_INFO_FLAGS_CAPS;
		i->cap_offset = IOW_VFU_REGION_INFO_SIZE;
		i->caps.count = 1;
		i->caps.items = &cap;
		i->argsz = needed(s, &r->m);
		if (i->argsz > q->u.region_info.argsz) {
			/* Too small for the capabilities: the fixed part alone, argsz saying how much is
			 * needed. No fd goes with it, so no MMAP; no capability, so no CAPS (its flag
			 * goes with a non-zero cap_offset). */
			r->m.truncated = true;
			i->flags &= ~(IOW_VFU_REGION_INFO_FLAGS_MMAP | IOW_VFU_REGION_INFO_FLAGS_CAPS);
			i->cap_offset = 0;
			i->caps.count = 0;
			i->caps.items = NULL;
			return 0;
		}
		r->fds[0] = s->bar1_fd;
		r->nfds = 1;
		return 0;
	}
	i->argsz = needed(s, &r->m);
	return 0;
}

static int h_io_fds(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	static struct iow_vfu_io_fd_entry entry;
	struct iow_vfu_io_fds_reply *o = &r->m.u.io_fds_reply;
	uint32_t index = q->u.io_fds_request.index;
	struct client *c = &s->cl;

	if (index >= NUM_REGIONS || region_size(index) == 0)
		return EINVAL;
	o->index = index;
	if (index != IOW_VFU_REGION_INDEX_BAR0 || c->peer_max_fds < 1) {
		o->argsz = needed(s, &r->m);
		return 0;
	}
	memset(&entry, 0, sizeof entry);
	if (s->cfg.profile == IOW_VFU_PROFILE_LIBVFIO_USER) {
		entry.kase = IOW_VFU_IO_FD_ENTRY_IOEVENTFD_IOEVENTFD_SHADOW_ENTRY;
		entry.u.ioeventfd_shadow_entry.offset = R_DOORBELL;
		entry.u.ioeventfd_shadow_entry.size = 4;
		entry.u.ioeventfd_shadow_entry.fd_index = 0;
		entry.u.ioeventfd_shadow_entry.type = IOW_VFU_IO_FD_TYPE_IOEVENTFD;
	} else {
		entry.kase = IOW_VFU_IO_FD_ENTRY_IOEVENTFD_IOEVENTFD_ENTRY;
		entry.u.ioeventfd_entry.offset = R_DOORBELL;
		entry.u.ioeventfd_entry.size = 4;
		entry.u.ioeventfd_entry.fd_index = 0;
		entry.u.ioeventfd_entry.type = IOW_VFU_IO_FD_TYPE_IOEVENTFD;
	}
	o->count = 1;
	o->entries.items = &entry;
	o->argsz = needed(s, &r->m);
	if (o->argsz > q->u.io_fds_request.argsz) {
		r->m.truncated = true;
		o->entries.items = NULL;
		return 0;
	}
	if (c->ioeventfd < 0) {
		c->ioeventfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (c->ioeventfd < 0)
			return errno;
	}
	r->fds[0] = c->ioeventfd;
	r->nfds = 1;
	return 0;
}

static int h_irq_info(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	struct iow_vfu_irq_info *i = &r->m.u.irq_info;
	uint32_t index = q->u.irq_info.index;

	if (index >= NUM_IRQ_INDEXES)
		return EINVAL;
	i->flags = IOW_VFU_IRQ_INFO_FLAGS_EVENTFD;
	i->index = index;
	i->count = irq_count(index);
	i->argsz = needed(s, &r->m);
	return 0;
}

static int h_set_irqs(struct server *s, const struct iow_vfu_msg *q, struct iow_frame *f)
{
	const struct iow_vfu_irq_set *set = &q->u.irq_set;
	struct client *c = &s->cl;
	uint32_t n = irq_count(set->index);

	if (set->index >= NUM_IRQ_INDEXES)
		return EINVAL;
	/* No index is MASKABLE (GET_IRQ_INFO says EVENTFD only): triggers are all there is. */
	if (!(set->flags & IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER))
		return EINVAL;
	if (set->count == 0) {
		if (set->start != 0)
			return EINVAL;
		if (set->flags & IOW_VFU_IRQ_SET_FLAGS_DATA_NONE)
			for (uint32_t v = 0; v < n; v++) {
				if (c->irq_fds[set->index][v] >= 0)
					close(c->irq_fds[set->index][v]);
				c->irq_fds[set->index][v] = -1;
			}
		return 0;
	}
	if (set->start >= n || set->count > n - set->start)
		return EINVAL;
	if (set->flags & IOW_VFU_IRQ_SET_FLAGS_DATA_NONE) {
		for (uint32_t v = set->start; v < set->start + set->count; v++)
			irq_signal(s, set->index, v);
		return 0;
	}
	if (set->flags & IOW_VFU_IRQ_SET_FLAGS_DATA_BOOL) {
		for (uint32_t k = 0; k < set->count; k++)
			if (set->data.ptr[k] > 1)
				return EINVAL;
		for (uint32_t k = 0; k < set->count; k++)
			if (set->data.ptr[k])
				irq_signal(s, set->index, set->start + k);
		return 0;
	}
	/* DATA_EVENTFD: count fds assign, none de-assign (the codec checked the number). */
	for (unsigned k = 0; k < f->nfds; k++)
		if (!ref_fd_is_eventfd(f->fds[k]))
			return EINVAL;
	for (uint32_t k = 0; k < set->count; k++) {
		int *slot = &c->irq_fds[set->index][set->start + k];

		if (*slot >= 0)
			close(*slot);
		*slot = -1;
		if (f->nfds) {
			*slot = f->fds[k];
			f->fds[k] = -1;
		}
	}
	return 0;
}

/* The bounds every region access obeys. */
static int check_access(struct server *s, uint32_t region, uint64_t offset, uint32_t count)
{
	uint64_t size = region < NUM_REGIONS ? region_size(region) : 0;

	if (size == 0)
		return EINVAL;
	if (count > s->cl.max_xfer)
		return EINVAL;
	if (offset > size || count > size - offset)
		return EINVAL;
	return 0;
}

static int h_region_read(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_region_access *a = &q->u.region_access;
	int err = check_access(s, a->region, a->offset, a->count);

	if (err)
		return err;
	err = region_read(s, a->region, a->offset, s->scratch, a->count);
	if (err)
		return err;
	r->m.u.region_access_data.access = *a;
	r->m.u.region_access_data.data.ptr = s->scratch;
	r->m.u.region_access_data.data.len = a->count;
	return 0;
}

static int h_region_write(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_region_access_data *a = &q->u.region_access_data;
	int err = check_access(s, a->access.region, a->access.offset, a->access.count);

	if (err)
		return err;
	err = region_write(s, a->access.region, a->access.offset, a->data.ptr, a->access.count);
	if (err)
		return err;
	r->m.u.region_access = a->access;
	return 0;
}

static int h_write_multi(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_write_multi *w = &q->u.write_multi;
	uint64_t done = 0;

	/* Entries are applied in order up to the first that fails; wr_cnt says how many went. */
	for (uint64_t i = 0; i < w->wr_cnt; i++) {
		struct iow_vfu_write_multi_entry e;

		if (iow_vfu_write_multi_wrs_at(&s->cfg, w, (size_t)i, &e))
			break;
		if (check_access(s, e.region, e.offset, e.count))
			break;
		if (region_write(s, e.region, e.offset, e.data, e.count))
			break;
		done++;
	}
	r->m.u.write_multi_reply.wr_cnt = done;
	return 0;
}

/* ---- DEVICE_FEATURE ---- */

enum { OP_GET = IOW_VFU_DEVICE_FEATURE_FLAGS_GET, OP_SET = IOW_VFU_DEVICE_FEATURE_FLAGS_SET };

/* The operations a feature supports; 0: not a feature of this device. */
static uint32_t feature_ops(const struct server *s, uint32_t feature)
{
	switch (feature) {
	case IOW_VFU_FEATURE_INDEX_MIGRATION: return s->opt.migration ? OP_GET : 0;
	case IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE: return s->opt.migration ? OP_GET | OP_SET : 0;
	case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START: return OP_SET;
	case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP: return OP_SET;
	case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_REPORT: return OP_GET;
	default: return 0;
	}
}

/* A GET reply: the request's flags with the data appended. A DEVICE_FEATURE reply is never
 * truncated: a request whose argsz cannot hold it fails (EINVAL), before any side effect. */
static int get_fits(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	struct iow_vfu_device_feature *o = &r->m.u.device_feature;

	o->flags = q->u.device_feature.flags;
	o->argsz = needed(s, &r->m);
	return o->argsz <= q->u.device_feature.argsz ? 0 : EINVAL;
}

static int h_feature(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_device_feature *in = &q->u.device_feature;
	struct iow_vfu_device_feature *o = &r->m.u.device_feature;
	uint32_t feature = in->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_FEATURE;
	uint32_t ops = in->flags & (OP_GET | OP_SET), supported = feature_ops(s, feature);
	bool probe = (in->flags & IOW_VFU_DEVICE_FEATURE_FLAGS_PROBE) != 0;
	uint32_t plen = (uint32_t)q->payload.len;
	int err;

	if (!supported)
		return ENOTSUP;
	if (!probe && ops != OP_GET && ops != OP_SET)
		return EINVAL; /* GET and SET together only with PROBE; one of them without it */
	if (ops & ~supported)
		return EINVAL;
	if (probe || ops == OP_SET) {
		/* The reply echoes the request payload: it must fit the request's argsz. */
		if (in->argsz < plen)
			return EINVAL;
		*o = *in;
		o->argsz = plen;
	}
	if (probe)
		return 0;
	if (ops == OP_SET) {
		switch (feature) {
		case IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE:
			if (in->data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE)
				return EINVAL;
			return mig_set_state(s, in->data.u.feature_mig_state.device_state);
		case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START:
			if (in->data.kase != IOW_VFU_FEATURE_DATA_DMA_LOGGING_START)
				return EINVAL;
			return log_start(s, &in->data.u.feature_dma_logging_control);
		case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP:
			log_stop(&s->cl);
			return 0;
		}
		return EINVAL;
	}
	/* GET */
	switch (feature) {
	case IOW_VFU_FEATURE_INDEX_MIGRATION:
		o->data.kase = IOW_VFU_FEATURE_DATA_MIGRATION;
		o->data.u.feature_migration.flags = IOW_VFU_MIGRATION_FLAGS_STOP_COPY | IOW_VFU_MIGRATION_FLAGS_PRE_COPY;
		return get_fits(s, q, r);
	case IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE:
		o->data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
		o->data.u.feature_mig_state.device_state = s->mig.state;
		o->data.u.feature_mig_state.data_fd = 0;
		return get_fits(s, q, r);
	case IOW_VFU_FEATURE_INDEX_DMA_LOGGING_REPORT: {
		const struct iow_vfu_feature_dma_logging_report *rq = &in->data.u.feature_dma_logging_report;
		const struct dirty_log *l = &s->cl.log;
		uint64_t pages, bytes;
		bool inside = l->nranges == 0;

		if (in->data.kase != IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT || rq->bitmap.len)
			return EINVAL;
		if (!l->active)
			return EINVAL;
		if (!rq->page_size || (rq->page_size & (rq->page_size - 1)))
			return EINVAL;
		if (rq->length == 0 || rq->iova + rq->length < rq->iova)
			return EINVAL;
		for (unsigned i = 0; i < l->nranges; i++)
			if (rq->iova >= l->ranges[i].start && rq->iova + rq->length <= l->ranges[i].end)
				inside = true;
		if (!inside)
			return EINVAL;
		pages = (rq->length - 1) / rq->page_size + 1;
		bytes = (pages + 63) / 64 * 8;
		if (bytes > s->cl.max_xfer)
			return E2BIG;
		o->data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT;
		o->data.u.feature_dma_logging_report = *rq;
		o->data.u.feature_dma_logging_report.bitmap.ptr = s->scratch;
		o->data.u.feature_dma_logging_report.bitmap.len = (size_t)bytes;
		memset(s->scratch, 0, (size_t)bytes);
		err = get_fits(s, q, r);
		if (err)
			return err;
		return log_report(s, rq->iova, rq->length, rq->page_size, s->scratch, (size_t)bytes);
	}
	}
	return EINVAL;
}

/* ---- migration data ---- */

static int h_mig_read(struct server *s, const struct iow_vfu_msg *q, struct reply *r)
{
	const struct iow_vfu_mig_data *in = &q->u.mig_data;
	const uint8_t *data;
	uint32_t got;
	int err;

	if (!s->opt.migration)
		return ENOTSUP;
	if (in->size > s->cl.max_xfer)
		return EINVAL;
	if (in->argsz < (uint64_t)IOW_VFU_MIG_DATA_SIZE + in->size)
		return EINVAL;
	err = mig_read(s, in->size, &data, &got);
	if (err)
		return err;
	r->m.u.mig_data_data.mig.size = got;
	r->m.u.mig_data_data.data.ptr = data;
	r->m.u.mig_data_data.data.len = got;
	r->m.u.mig_data_data.mig.argsz = needed(s, &r->m);
	return 0;
}

static int h_mig_write(struct server *s, const struct iow_vfu_msg *q)
{
	const struct iow_vfu_mig_data_data *in = &q->u.mig_data_data;

	if (!s->opt.migration)
		return ENOTSUP;
	if (in->mig.size > s->cl.max_xfer)
		return EINVAL;
	return mig_write(s, in->data.ptr, in->mig.size);
}

/* ---- one message ---- */

static void close_frame_fds(struct iow_frame *f)
{
	for (unsigned i = 0; i < f->nfds; i++)
		if (f->fds[i] >= 0)
			close(f->fds[i]);
	f->nfds = 0;
}

static int dispatch(struct server *s, const struct iow_vfu_msg *q, struct iow_frame *f, struct reply *r)
{
	switch (q->hdr.command) {
	case IOW_VFU_COMMAND_DMA_MAP: return h_dma_map(s, q, f);
	case IOW_VFU_COMMAND_DMA_UNMAP: return h_dma_unmap(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_GET_INFO: return h_get_info(s, r);
	case IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO: return h_region_info(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_GET_REGION_IO_FDS: return h_io_fds(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO: return h_irq_info(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_SET_IRQS: return h_set_irqs(s, q, f);
	case IOW_VFU_COMMAND_REGION_READ: return h_region_read(s, q, r);
	case IOW_VFU_COMMAND_REGION_WRITE: return h_region_write(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_RESET: device_reset(s); return 0;
	case IOW_VFU_COMMAND_REGION_WRITE_MULTI: return h_write_multi(s, q, r);
	case IOW_VFU_COMMAND_DEVICE_FEATURE: return h_feature(s, q, r);
	case IOW_VFU_COMMAND_MIG_DATA_READ: return h_mig_read(s, q, r);
	case IOW_VFU_COMMAND_MIG_DATA_WRITE: return h_mig_write(s, q);
	default:
		/* VERSION again, DMA_READ/DMA_WRITE (the server's commands), DIRTY_PAGES */
		return EINVAL;
	}
}

void handle_frame(struct server *s, struct iow_frame *f, bool on_twin)
{
	static struct iow_vfu_msg q;
	static struct reply r;
	struct client *c = &s->cl;
	struct iow_error err = { 0 };
	bool no_reply, is_reply, version;
	int rc;

	log_msg(s, "<-", f->data, f->len, f->nfds);
	rc = iow_vfu_msg_decode(&s->cfg, f->data, f->len, f->nfds, &q, &err);
	/* The transport framed the message, so the header is there: on a decode error it still
	 * gives the id, command and flags to answer with. */
	is_reply = TYPE_OF(q.hdr.flags) == IOW_VFU_MSG_TYPE_REPLY;
	no_reply = (q.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY) != 0;
	if (is_reply) {
		/* Replies answer the server's DMA requests; others are dropped (a reply to a reply
		 * could ping-pong between two peers). */
		if (!dma_reply(s, &q, rc == 0, on_twin))
			logf_(s, "dropping an unexpected reply (msg_id %u, command %u)", q.hdr.msg_id, q.hdr.command);
		close_frame_fds(f);
		return;
	}
	version = rc == 0 && q.hdr.command == IOW_VFU_COMMAND_VERSION;
	if (rc || on_twin || f->nfds > REF_MAX_MSG_FDS || (!c->negotiated && !version)) {
		if (rc) {
			char text[320];

			iow_error_format(&err, text, sizeof text);
			logf_(s, "rejecting a message: %s at byte %zu", text, err.offset);
		}
		close_frame_fds(f);
		if (!no_reply)
			send_error(s, on_twin, &q.hdr, EINVAL);
		if (!c->negotiated && !on_twin)
			c->closing = true; /* negotiation failed */
		return;
	}

	memset(&r, 0, sizeof r);
	r.m.hdr.msg_id = q.hdr.msg_id;
	r.m.hdr.command = q.hdr.command;
	s->in_command = true;
	if (version && !c->negotiated)
		rc = h_version(s, &q, &r, no_reply);
	else
		rc = dispatch(s, &q, f, &r);
	s->in_command = false;
	close_frame_fds(f);
	if (!no_reply) {
		if (rc) {
			send_error(s, false, &q.hdr, rc);
		} else {
			r.m.hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
			r.m.reply = true;
			rc = send_msg(s, false, &r.m, r.fds, r.nfds);
			if (rc == EIO)
				send_error(s, false, &q.hdr, EIO);
		}
	}
	if (r.close_fds)
		for (unsigned i = 0; i < r.nfds; i++)
			close(r.fds[i]);
	if (!c->negotiated)
		c->closing = true; /* VERSION failed */
	if (s->advance_later) {
		s->advance_later = false;
		dma_advance(s);
	}
}
