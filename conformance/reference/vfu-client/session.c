/* The session: each step sends commands through call() and checks the replies against the
 * server-role rules of spec/. A step returns 0, or CALL_FATAL when the connection cannot go on;
 * an error reply to an optional step is counted (a failure with --strict) and the session goes
 * on without what the step would have set up. */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void refused(struct client *c, const char *what, int err)
{
	c->refused++;
	fprintf(c->log, "iowire-ref-client: %s failed: %s%s\n", what, strerror(err),
		c->opt.strict ? " (a failure with --strict)" : "");
}

static void start(struct iow_vfu_msg *m, uint16_t command)
{
	memset(m, 0, sizeof *m);
	m->hdr.command = command;
}

/* VFU-SIZE-005: a reply with the needed rule is never larger than the request's argsz. */
static void check_fits(struct client *c, const struct reply *r, uint32_t argsz)
{
	if (r->m.payload.len > argsz)
		violation(c, "VFU-SIZE-005", "the reply to %s has %zu payload bytes; the request's argsz was %u",
			  cmd_name(r->m.hdr.command), r->m.payload.len, argsz);
}

/* The command carries no fds; a reply that brings some has them closed (VFU-FD-004). */
static int call_simple(struct client *c, struct iow_vfu_msg *m, struct reply *r)
{
	int rc = call(c, m, NULL, 0, r);

	if (rc == 0 && r->nfds) {
		violation(c, "VFU-FD-002", "the reply to %s carries %u fds", cmd_name(m->hdr.command), r->nfds);
		reply_release(r);
	}
	return rc;
}

/* ---- region accesses ---- */

static uint64_t xfer_limit(const struct client *c)
{
	return c->srv.max_data_xfer_size < CL_MAX_XFER ? c->srv.max_data_xfer_size : CL_MAX_XFER;
}

int region_read(struct client *c, uint32_t region, uint64_t offset, void *buf, uint64_t count)
{
	uint64_t done = 0, chunk = xfer_limit(c);

	do {
		uint64_t n = count - done < chunk ? count - done : chunk;
		const struct iow_vfu_region_access_data *d;
		struct iow_vfu_msg m;
		struct reply r;
		int rc;

		/* VFU-SIZE-009: no more than the server's max_data_xfer_size at once. */
		start(&m, IOW_VFU_COMMAND_REGION_READ);
		m.u.region_access.offset = offset + done;
		m.u.region_access.region = region;
		m.u.region_access.count = (uint32_t)n;
		rc = call_simple(c, &m, &r);
		if (rc)
			return rc;
		d = &r.m.u.region_access_data;
		if (d->access.offset != offset + done || d->access.region != region || d->access.count != n ||
		    d->data.len != n) {
			violation(c, "VFU-REGION-RW-002", "REGION_READ of %llu bytes at %#llx of region %u: the reply says %u "
				  "bytes at %#llx of region %u and carries %zu", (unsigned long long)n,
				  (unsigned long long)(offset + done), region, d->access.count,
				  (unsigned long long)d->access.offset, d->access.region, d->data.len);
			return EPROTO;
		}
		memcpy((uint8_t *)buf + done, d->data.ptr, (size_t)n);
		done += n;
	} while (done < count);
	return 0;
}

int region_write(struct client *c, uint32_t region, uint64_t offset, const void *buf, uint64_t count)
{
	uint64_t done = 0, chunk = xfer_limit(c);

	do {
		uint64_t n = count - done < chunk ? count - done : chunk;
		const struct iow_vfu_region_access *a;
		struct iow_vfu_msg m;
		struct reply r;
		int rc;

		start(&m, IOW_VFU_COMMAND_REGION_WRITE);
		m.u.region_access_data.access.offset = offset + done;
		m.u.region_access_data.access.region = region;
		m.u.region_access_data.access.count = (uint32_t)n;
		/* VFU-REGION-RW-003: exactly count bytes. */
		m.u.region_access_data.data.ptr = (const uint8_t *)buf + done;
		m.u.region_access_data.data.len = (size_t)n;
		rc = call_simple(c, &m, &r);
		if (rc)
			return rc;
		a = &r.m.u.region_access;
		if (a->offset != offset + done || a->region != region || a->count != n) {
			violation(c, "VFU-REGION-RW-004", "REGION_WRITE of %llu bytes at %#llx of region %u: the reply says "
				  "%u bytes at %#llx of region %u", (unsigned long long)n, (unsigned long long)(offset + done),
				  region, a->count, (unsigned long long)a->offset, a->region);
			return EPROTO;
		}
		done += n;
	} while (done < count);
	return 0;
}

uint32_t rd32(struct client *c, uint32_t region, uint64_t offset, int *rc)
{
	uint8_t b[4] = { 0 };

	*rc = region_read(c, region, offset, b, 4);
	return iow_ld_le32(b, IOW_ORDER_LE); /* PCI registers are little-endian */
}

int wr32(struct client *c, uint32_t region, uint64_t offset, uint32_t v)
{
	uint8_t b[4];

	iow_st_le32(b, v, IOW_ORDER_LE);
	return region_write(c, region, offset, b, 4);
}

/* ---- device and regions ---- */

static int device_info(struct client *c)
{
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	start(&m, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	m.u.device_info.argsz = IOW_VFU_DEVICE_INFO_SIZE; /* VFU-SIZE-003: the fixed part of the reply */
	rc = call_simple(c, &m, &r);
	if (rc > 0)
		fprintf(c->log, "iowire-ref-client: DEVICE_GET_INFO failed: %s\n", strerror(rc));
	if (rc)
		return CALL_FATAL;
	check_fits(c, &r, IOW_VFU_DEVICE_INFO_SIZE);
	c->info = r.m.u.device_info;
	if (!(c->info.flags & IOW_VFU_DEVICE_INFO_FLAGS_PCI))
		violation(c, "VFU-DEV-INFO-001", "DEVICE_GET_INFO does not set the pci flag");
	note(c, "device: flags %#x, %u regions, %u interrupt indexes", c->info.flags, c->info.num_regions,
	     c->info.num_irqs);
	if (c->info.num_regions > CL_MAX_REGIONS)
		note(c, "looking at the first %u regions only", CL_MAX_REGIONS);
	if (c->info.num_irqs > CL_MAX_IRQS)
		note(c, "looking at the first %u interrupt indexes only", CL_MAX_IRQS);
	return 0;
}

/* Maps the parts of a region the client may map: its sparse areas, or all of it
 * (VFU-REGION-INFO-009). An area past the end of a file (a memfd) is not mapped: touching the
 * mapping there would raise SIGBUS. */
static void map_region(struct client *c, uint32_t index, struct region *g)
{
	int prot = (g->flags & IOW_VFU_REGION_INFO_FLAGS_READ ? PROT_READ : 0) |
		   (g->flags & IOW_VFU_REGION_INFO_FLAGS_WRITE ? PROT_WRITE : 0);
	long pg = sysconf(_SC_PAGESIZE);
	struct stat st;
	bool sized = fstat(g->fd, &st) == 0 && S_ISREG(st.st_mode);

	if (!g->sparse) {
		g->areas[0].offset = 0;
		g->areas[0].size = g->size;
		g->nareas = 1;
	}
	for (unsigned k = 0; k < g->nareas; k++) {
		struct area *a = &g->areas[k];
		void *p;

		if (!a->size)
			continue;
		if ((g->offset + a->offset) % (uint64_t)pg || a->size > SIZE_MAX) {
			note(c, "region %u: area at %#llx is not page-aligned in the fd; reached by message only", index,
			     (unsigned long long)a->offset);
			continue;
		}
		if (sized && (a->offset > (uint64_t)st.st_size || g->offset > (uint64_t)st.st_size - a->offset ||
			      a->size > (uint64_t)st.st_size - a->offset - g->offset)) {
			violation(c, "VFU-REGION-INFO-002", "region %u: [%#llx, +%llu) of the region goes past the end of its "
				  "fd (%lld bytes at offset %#llx); not mapped", index, (unsigned long long)a->offset,
				  (unsigned long long)a->size, (long long)st.st_size, (unsigned long long)g->offset);
			continue;
		}
		p = mmap(NULL, (size_t)a->size, prot ? prot : PROT_NONE, MAP_SHARED, g->fd, (off_t)(g->offset + a->offset));
		if (p == MAP_FAILED) {
			fprintf(c->log, "iowire-ref-client: region %u: cannot map [%#llx, +%llu): %s\n", index,
				(unsigned long long)a->offset, (unsigned long long)a->size, strerror(errno));
			c->refused++;
			continue;
		}
		a->ptr = p;
	}
}

/* The reply's capability chain: sparse areas are kept, the type is noted, unknown capabilities
 * are skipped (VFU-REGION-INFO-007). The codec has checked that the chain only goes forward and
 * stays in the payload (VFU-REGION-INFO-006). */
static void read_caps(struct client *c, uint32_t index, const struct iow_vfu_region_info *ri, struct region *g)
{
	for (size_t k = 0; k < ri->caps.count; k++) {
		struct iow_vfu_region_cap cap;

		if (iow_vfu_region_info_caps_at(&c->cfg, ri, k, &cap))
			break;
		if (cap.kase == IOW_VFU_REGION_CAP_SPARSE_MMAP) {
			g->sparse = true;
			for (uint32_t i = 0; i < cap.u.sparse_mmap.nr_areas; i++) {
				struct iow_vfu_sparse_mmap_area a;

				if (iow_vfu_cap_sparse_mmap_areas_at(&c->cfg, &cap.u.sparse_mmap, i, &a))
					break;
				if (a.offset > g->size || a.size > g->size - a.offset) {
					violation(c, "VFU-REGION-INFO-008", "region %u: sparse area [%#llx, +%llu) leaves the region",
						  index, (unsigned long long)a.offset, (unsigned long long)a.size);
					continue;
				}
				if (g->nareas < CL_MAX_AREAS)
					g->areas[g->nareas++] = (struct area){ a.offset, a.size, NULL };
			}
		} else if (cap.kase == IOW_VFU_REGION_CAP_TYPE) {
			note(c, "region %u: type %u, subtype %u", index, cap.u.type.type, cap.u.type.subtype);
		} else {
			note(c, "region %u: skipping capability %u version %u", index, cap.hdr.id, cap.hdr.version);
		}
	}
}

static int region_info(struct client *c, uint32_t index)
{
	struct region *g = &c->regions[index];
	uint32_t argsz = IOW_VFU_REGION_INFO_SIZE;

	for (unsigned tries = 0; tries < 4; tries++) {
		const struct iow_vfu_region_info *ri;
		struct iow_vfu_msg m;
		struct reply r;
		char what[48];
		int rc;

		start(&m, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
		m.u.region_info.argsz = argsz; /* VFU-SIZE-003: at least the fixed part */
		m.u.region_info.index = index;
		rc = call(c, &m, NULL, 0, &r);
		if (rc > 0) {
			snprintf(what, sizeof what, "DEVICE_GET_REGION_INFO %u", index);
			refused(c, what, rc);
			return 0;
		}
		if (rc)
			return rc;
		check_fits(c, &r, argsz);
		ri = &r.m.u.region_info;
		if (ri->index != index)
			violation(c, "VFU-REPLY-004", "DEVICE_GET_REGION_INFO %u is answered for index %u", index, ri->index);
		if (r.m.truncated) {
			/* VFU-SIZE-007: only the fixed part came; nothing past it is read, the capabilities are
			 * not looked at. VFU-SIZE-008: ask again with what the reply says it needs. */
			if (r.nfds)
				violation(c, "VFU-SIZE-006", "a truncated DEVICE_GET_REGION_INFO reply carries %u fds", r.nfds);
			reply_release(&r);
			if (ri->argsz <= argsz) {
				violation(c, "VFU-SIZE-006", "region %u: the reply is truncated though argsz %u would hold the "
					  "%u bytes it needs", index, argsz, ri->argsz);
				return 0;
			}
			note(c, "region %u: %u bytes needed, asking again", index, ri->argsz);
			argsz = ri->argsz;
			continue;
		}
		g->valid = true;
		g->flags = ri->flags;
		g->size = ri->size;
		g->offset = ri->offset;
		g->fd = -1;
		if (!(ri->flags & IOW_VFU_REGION_INFO_FLAGS_CAPS) != !ri->cap_offset)
			violation(c, "VFU-REGION-INFO-003", "region %u: the caps flag is %s but cap_offset is %u", index,
				  ri->flags & IOW_VFU_REGION_INFO_FLAGS_CAPS ? "set" : "clear", ri->cap_offset);
		read_caps(c, index, ri, g);
		if (ri->flags & IOW_VFU_REGION_INFO_FLAGS_MMAP) {
			if (r.nfds != 1)
				violation(c, "VFU-REGION-INFO-002", "region %u has the mmap flag and %u fds", index, r.nfds);
			else {
				g->fd = r.fds[0];
				r.fds[0] = -1;
			}
		} else if (r.nfds) {
			note(c, "region %u: closing %u fds that came without the mmap flag", index, r.nfds);
		}
		reply_release(&r); /* VFU-FD-004 */
		note(c, "region %u: flags %#x, size %llu, offset %#llx%s%s", index, g->flags, (unsigned long long)g->size,
		     (unsigned long long)g->offset, g->fd >= 0 ? ", mappable" : "", g->sparse ? " (sparse)" : "");
		if (g->fd >= 0 && g->size)
			map_region(c, index, g);
		return 0;
	}
	violation(c, "VFU-SIZE-005", "region %u: still truncated after 4 requests", index);
	return 0;
}

static int irq_info(struct client *c, uint32_t index)
{
	struct irq *q = &c->irqs[index];
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	for (unsigned v = 0; v < CL_MAX_VECTORS; v++)
		q->efd[v] = -1;
	start(&m, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
	m.u.irq_info.argsz = IOW_VFU_IRQ_INFO_SIZE;
	m.u.irq_info.index = index;
	rc = call_simple(c, &m, &r);
	if (rc > 0) {
		char what[48];

		snprintf(what, sizeof what, "DEVICE_GET_IRQ_INFO %u", index);
		refused(c, what, rc);
		return 0;
	}
	if (rc)
		return rc;
	check_fits(c, &r, IOW_VFU_IRQ_INFO_SIZE);
	if (r.m.u.irq_info.index != index)
		violation(c, "VFU-REPLY-004", "DEVICE_GET_IRQ_INFO %u is answered for index %u", index, r.m.u.irq_info.index);
	q->valid = true;
	q->flags = r.m.u.irq_info.flags;
	q->count = r.m.u.irq_info.count;
	note(c, "interrupt index %u: flags %#x, %u vectors", index, q->flags, q->count);
	return 0;
}

/* ---- DMA ---- */

static int dma_map(struct client *c, struct map *mp)
{
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	start(&m, IOW_VFU_COMMAND_DMA_MAP);
	m.u.dma_map.argsz = IOW_VFU_DMA_MAP_SIZE; /* VFU-DMA-MAP-002 */
	m.u.dma_map.flags = mp->flags;
	m.u.dma_map.offset = 0; /* VFU-DMA-MAP-001: the start of the memfd, or 0 without one */
	m.u.dma_map.address = mp->iova;
	m.u.dma_map.size = mp->size;
	/* Mapped from now on as far as DMA from the server goes: it may reach the region as soon as it
	 * has processed the command, before its reply arrives. */
	mp->mapped = true;
	rc = mp->fd >= 0 ? call(c, &m, &mp->fd, 1, &r) : call(c, &m, NULL, 0, &r);
	if (rc == 0 && r.nfds)
		reply_release(&r);
	if (rc) {
		/* VFU-ERR-003: failed, so not mapped. */
		mp->mapped = false;
		if (rc > 0)
			refused(c, mp->fd >= 0 ? "DMA_MAP of a memfd" : "DMA_MAP without an fd", rc);
		return rc < 0 ? rc : 0;
	}
	note(c, "mapped [%#llx, +%llu) %s", (unsigned long long)mp->iova, (unsigned long long)mp->size,
	     mp->fd >= 0 ? "with a memfd" : "in message mode");
	return 0;
}

static int dma_unmap(struct client *c, struct map *mp)
{
	const struct iow_vfu_dma_unmap_reply *u;
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	if (!mp->mapped)
		return 0;
	start(&m, IOW_VFU_COMMAND_DMA_UNMAP);
	m.u.dma_unmap.argsz = IOW_VFU_DMA_UNMAP_REPLY_SIZE; /* the reply repeats the 24-byte request */
	m.u.dma_unmap.flags = 0;                             /* VFU-DMA-UNMAP-005 */
	m.u.dma_unmap.address = mp->iova;                    /* VFU-DMA-UNMAP-001: exactly one DMA_MAP */
	m.u.dma_unmap.size = mp->size;
	rc = call_simple(c, &m, &r);
	if (rc > 0) {
		refused(c, "DMA_UNMAP", rc);
		return 0;
	}
	if (rc)
		return rc;
	mp->mapped = false;
	u = &r.m.u.dma_unmap_reply;
	if (u->flags != 0 || u->address != mp->iova || u->size != mp->size || u->argsz != r.m.payload.len)
		violation(c, "VFU-DMA-UNMAP-004", "the DMA_UNMAP reply says flags %#x, [%#llx, +%llu), argsz %u for a "
			  "%zu-byte payload", u->flags, (unsigned long long)u->address, (unsigned long long)u->size, u->argsz,
			  r.m.payload.len);
	return 0;
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

static bool prepare_maps(struct client *c)
{
	uint64_t page = c->srv.pgsizes & -c->srv.pgsizes; /* the smallest page size offered */
	uint64_t size;
	struct map *fm = &c->maps[0], *mm = &c->maps[1];

	/* VFU-CAPS-010: addresses and sizes in multiples of a page size the server takes. */
	if (!page || page > (1ull << 30)) {
		fprintf(c->log, "iowire-ref-client: no usable page size in pgsizes %#llx\n",
			(unsigned long long)c->srv.pgsizes);
		return false;
	}
	c->page = page;
	size = round_up(CL_MAP_SIZE, page);
	fm->iova = round_up(CL_IOVA_FD, page);
	mm->iova = round_up(CL_IOVA_MSG > fm->iova + size ? CL_IOVA_MSG : fm->iova + size, page);
	fm->size = mm->size = size;
	fm->flags = mm->flags = IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE;
	fm->fd = -1;
	mm->fd = -1;
	fm->mem = mm->mem = NULL;
	/* VFU-CAPS-006: a memfd goes only to a server that takes an fd. */
	if (c->srv.max_msg_fds >= 1) {
		fm->fd = memfd_create("iowire-ref-client-dma", MFD_CLOEXEC);
		if (fm->fd < 0 || ftruncate(fm->fd, (off_t)size) < 0)
			return false;
		fm->mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fm->fd, 0);
		if (fm->mem == MAP_FAILED) {
			fm->mem = NULL;
			return false;
		}
	} else {
		note(c, "the server takes no fds: no memfd mapping");
	}
	mm->mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mm->mem == MAP_FAILED) {
		mm->mem = NULL;
		return false;
	}
	return true;
}

static int map_memory(struct client *c)
{
	struct map *fm = &c->maps[0], *mm = &c->maps[1];
	int rc;

	if (!prepare_maps(c)) {
		fprintf(c->log, "iowire-ref-client: cannot set up DMA memory: %s\n", strerror(errno));
		return CALL_FATAL;
	}
	if (fm->mem) {
		rc = dma_map(c, fm);
		if (rc)
			return rc;
		/* VFU-CAPS-007: a server that holds one region at a time gets them one after the other. */
		if (c->srv.max_dma_maps < 2 && fm->mapped) {
			note(c, "max_dma_maps is %llu: unmapping the memfd region before the next",
			     (unsigned long long)c->srv.max_dma_maps);
			rc = dma_unmap(c, fm);
			if (rc)
				return rc;
		}
	}
	return dma_map(c, mm);
}

/* ---- interrupts ---- */

static int set_irqs(struct client *c, uint32_t index, uint32_t flags, uint32_t first, uint32_t count,
		    const int *fds, unsigned nfds)
{
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	start(&m, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	m.u.irq_set.argsz = IOW_VFU_IRQ_SET_SIZE; /* VFU-SIZE-002: no data with eventfds or none */
	m.u.irq_set.flags = flags;                /* VFU-SET-IRQS-001: one DATA bit, one ACTION bit */
	m.u.irq_set.index = index;
	m.u.irq_set.start = first;
	m.u.irq_set.count = count;
	rc = call(c, &m, fds, nfds, &r);
	if (rc == 0)
		reply_release(&r);
	return rc;
}

/* Eventfds for every vector of every index that takes them, no more per message than the server
 * takes (VFU-CAPS-006, VFU-FD-002), count fds for count vectors (VFU-SET-IRQS-004). */
static int assign_irqs(struct client *c)
{
	uint64_t per = c->srv.max_msg_fds < 253 ? c->srv.max_msg_fds : 253;

	for (uint32_t i = 0; i < CL_MAX_IRQS && i < c->info.num_irqs; i++) {
		struct irq *q = &c->irqs[i];
		uint32_t n = q->count < CL_MAX_VECTORS ? q->count : CL_MAX_VECTORS;

		if (!q->valid || !n || !(q->flags & IOW_VFU_IRQ_INFO_FLAGS_EVENTFD))
			continue;
		if (!per) {
			note(c, "the server takes no fds: no eventfds for index %u", i);
			continue;
		}
		for (uint32_t first = 0; first < n;) {
			uint32_t k = n - first < per ? n - first : (uint32_t)per;
			int fds[CL_MAX_VECTORS];
			int rc;

			for (uint32_t v = 0; v < k; v++) {
				fds[v] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
				if (fds[v] < 0) {
					close_fds(fds, v);
					return CALL_FATAL;
				}
			}
			rc = set_irqs(c, i, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER, first, k,
				      fds, k);
			if (rc) {
				close_fds(fds, k);
				if (rc < 0)
					return rc;
				refused(c, "DEVICE_SET_IRQS with eventfds", rc);
				break;
			}
			memcpy(&q->efd[first], fds, k * sizeof(int));
			first += k;
		}
	}
	return 0;
}

/* data_none, action_trigger, start 0, count 0: every interrupt of the index off
 * (VFU-SET-IRQS-006); then our eventfds go. */
static int release_irqs(struct client *c)
{
	for (uint32_t i = 0; i < CL_MAX_IRQS; i++) {
		struct irq *q = &c->irqs[i];
		bool any = false;

		for (unsigned v = 0; v < CL_MAX_VECTORS; v++)
			any |= q->efd[v] >= 0;
		if (!any)
			continue;
		int rc = set_irqs(c, i, IOW_VFU_IRQ_SET_FLAGS_DATA_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER, 0, 0, NULL, 0);

		if (rc < 0)
			return rc;
		if (rc)
			refused(c, "DEVICE_SET_IRQS disabling an index", rc);
		close_fds(q->efd, CL_MAX_VECTORS);
	}
	return 0;
}

/* ---- region accesses any device takes: config space ---- */

static int generic_accesses(struct client *c)
{
	const uint32_t cfgi = IOW_VFU_REGION_INDEX_CONFIG;
	struct region *g = &c->regions[cfgi];
	uint8_t hdr[64], v, back;
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	if (cfgi >= CL_MAX_REGIONS || !g->valid || g->size < sizeof hdr || !(g->flags & IOW_VFU_REGION_INFO_FLAGS_READ)) {
		note(c, "no readable config space: no region accesses");
		return 0;
	}
	rc = region_read(c, cfgi, 0, hdr, sizeof hdr);
	if (rc > 0)
		refused(c, "REGION_READ of config space", rc);
	if (rc)
		return rc < 0 ? rc : 0;
	note(c, "PCI %04x:%04x", iow_ld_le16(hdr, IOW_ORDER_LE), iow_ld_le16(hdr + 2, IOW_ORDER_LE));
	if (!(g->flags & IOW_VFU_REGION_INFO_FLAGS_WRITE))
		return 0;
	/* Writes that change nothing: the cache line size register gets its own value back, by a
	 * REGION_WRITE, a posted one (VFU-REGION-RW-006) and, when offered, REGION_WRITE_MULTI. */
	v = hdr[0x0c];
	rc = region_write(c, cfgi, 0x0c, &v, 1);
	if (rc > 0)
		refused(c, "REGION_WRITE of config space", rc);
	if (rc < 0)
		return rc;
	start(&m, IOW_VFU_COMMAND_REGION_WRITE);
	m.u.region_access_data.access.offset = 0x0c;
	m.u.region_access_data.access.region = cfgi;
	m.u.region_access_data.access.count = 1;
	m.u.region_access_data.data.ptr = &v;
	m.u.region_access_data.data.len = 1;
	if (post(c, &m))
		return CALL_FATAL;
	/* VFU-CAPS-008: only to a server that announced write_multiple. */
	if (c->srv.write_multiple) {
		struct iow_vfu_write_multi_entry e;

		memset(&e, 0, sizeof e); /* VFU-WRITE-MULTI-004: data past count is zero */
		e.offset = 0x0c;
		e.region = cfgi;
		e.count = 1;
		e.data[0] = v;
		start(&m, IOW_VFU_COMMAND_REGION_WRITE_MULTI);
		m.u.write_multi.wr_cnt = 1; /* VFU-WRITE-MULTI-001 */
		m.u.write_multi.wrs.items = &e;
		rc = call_simple(c, &m, &r);
		if (rc > 0)
			refused(c, "REGION_WRITE_MULTI", rc);
		if (rc < 0)
			return rc;
		if (rc == 0 && r.m.u.write_multi_reply.wr_cnt > 1)
			violation(c, "VFU-WRITE-MULTI-003", "REGION_WRITE_MULTI of 1 write reports %llu done",
				  (unsigned long long)r.m.u.write_multi_reply.wr_cnt);
	}
	/* The read after the posted write sees it done (VFU-ORDER-002). */
	rc = region_read(c, cfgi, 0x0c, &back, 1);
	if (rc > 0)
		refused(c, "REGION_READ of config space", rc);
	if (rc < 0)
		return rc;
	if (rc == 0 && back != v)
		note(c, "config byte 0x0c reads %#x after writing its own value %#x", back, v);
	return 0;
}

/* ---- migration ---- */

static int feature(struct client *c, uint32_t flags, uint32_t argsz, const struct iow_vfu_feature_data *data,
		   struct reply *r)
{
	struct iow_vfu_msg m;
	int rc;

	start(&m, IOW_VFU_COMMAND_DEVICE_FEATURE);
	m.u.device_feature.argsz = argsz; /* VFU-SIZE-003: room for the whole reply */
	m.u.device_feature.flags = flags; /* VFU-FEATURE-001: one of get, set, probe */
	if (data)
		m.u.device_feature.data = *data; /* VFU-FEATURE-006: data only with set */
	else
		m.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_NONE;
	rc = call_simple(c, &m, r);
	if (rc == 0 && (r->m.u.device_feature.flags != flags))
		violation(c, "VFU-FEATURE-004", "a DEVICE_FEATURE reply has flags %#x; the request had %#x",
			  r->m.u.device_feature.flags, flags);
	return rc;
}

static int get_state(struct client *c, uint32_t *state)
{
	struct reply r;
	int rc = feature(c, IOW_VFU_DEVICE_FEATURE_FLAGS_GET | IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE,
			 IOW_VFU_DEVICE_FEATURE_SIZE + IOW_VFU_FEATURE_MIG_STATE_SIZE, NULL, &r);

	if (rc)
		return rc;
	if (r.m.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE) {
		violation(c, "VFU-FEATURE-004", "GET MIG_DEVICE_STATE returns no state");
		return EPROTO;
	}
	*state = r.m.u.device_feature.data.u.feature_mig_state.device_state;
	return 0;
}

static int set_state(struct client *c, uint32_t state)
{
	struct iow_vfu_feature_data d;
	struct reply r;
	char what[64];
	int rc;

	memset(&d, 0, sizeof d);
	d.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	d.u.feature_mig_state.device_state = state;
	rc = feature(c, IOW_VFU_DEVICE_FEATURE_FLAGS_SET | IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE,
		     IOW_VFU_DEVICE_FEATURE_SIZE + IOW_VFU_FEATURE_MIG_STATE_SIZE, &d, &r);
	if (rc > 0) {
		snprintf(what, sizeof what, "SET MIG_DEVICE_STATE %s", iow_vfu_mig_state_name(state));
		refused(c, what, rc);
		return rc;
	}
	if (rc)
		return rc;
	/* VFU-FEATURE-003: the request's payload repeated. */
	if (r.m.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE ||
	    r.m.u.device_feature.data.u.feature_mig_state.device_state != state)
		violation(c, "VFU-FEATURE-003", "the reply to SET MIG_DEVICE_STATE %s does not repeat the state",
			  iow_vfu_mig_state_name(state));
	note(c, "device state %s", iow_vfu_mig_state_name(state));
	return 0;
}

struct stream {
	uint8_t *data;
	size_t len;
	bool overflow;
};

/* One MIG_DATA_READ; *got is how much came. */
static int mig_read(struct client *c, uint32_t size, struct stream *s, uint32_t *got)
{
	const struct iow_vfu_mig_data_data *d;
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	start(&m, IOW_VFU_COMMAND_MIG_DATA_READ);
	m.u.mig_data.argsz = IOW_VFU_MIG_DATA_SIZE + size; /* room for all we ask */
	m.u.mig_data.size = size;
	rc = call_simple(c, &m, &r);
	if (rc > 0)
		refused(c, "MIG_DATA_READ", rc);
	if (rc)
		return rc;
	d = &r.m.u.mig_data_data;
	if (r.m.truncated || d->mig.size > size || d->mig.argsz != IOW_VFU_MIG_DATA_SIZE + d->mig.size ||
	    d->data.len != d->mig.size) {
		violation(c, "VFU-MIG-DATA-001", "MIG_DATA_READ of %u bytes: the reply says size %u, argsz %u and carries "
			  "%zu bytes", size, d->mig.size, d->mig.argsz, d->data.len);
		return EPROTO;
	}
	if (!s->overflow && s->len + d->data.len <= CL_MIG_MAX) {
		memcpy(s->data + s->len, d->data.ptr, d->data.len);
		s->len += d->data.len;
	} else {
		s->overflow = true;
	}
	*got = d->mig.size;
	return 0;
}

static int mig_write(struct client *c, const uint8_t *p, uint32_t size)
{
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	start(&m, IOW_VFU_COMMAND_MIG_DATA_WRITE);
	m.u.mig_data_data.mig.argsz = IOW_VFU_MIG_DATA_SIZE + size; /* VFU-MIG-DATA-003 */
	m.u.mig_data_data.mig.size = size;
	m.u.mig_data_data.data.ptr = p;
	m.u.mig_data_data.data.len = size;
	rc = call_simple(c, &m, &r);
	if (rc > 0)
		refused(c, "MIG_DATA_WRITE", rc);
	return rc;
}

/* The device migrates to itself: its data is read in STOP_COPY until a short read
 * (VFU-MIG-011) and written back, in order, in RESUMING. */
static int migration(struct client *c)
{
	struct reply r;
	struct stream s = { NULL, 0, false };
	uint64_t flags;
	uint32_t state = 0, got = 0;
	/* VFU-MIG-DATA-004: within both sides' max_data_xfer_size */
	uint32_t chunk = (uint32_t)(xfer_limit(c) < 65536 ? xfer_limit(c) : 65536);
	int rc;

	if (!c->opt.migration || c->cfg.profile == IOW_VFU_PROFILE_V0_9_1)
		return 0;
	rc = feature(c, IOW_VFU_DEVICE_FEATURE_FLAGS_GET | IOW_VFU_FEATURE_INDEX_MIGRATION,
		     IOW_VFU_DEVICE_FEATURE_SIZE + IOW_VFU_FEATURE_MIGRATION_SIZE, NULL, &r);
	if (rc > 0) {
		note(c, "no migration: GET MIGRATION failed (%s)", strerror(rc));
		return 0;
	}
	if (rc)
		return rc;
	if (r.m.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIGRATION) {
		violation(c, "VFU-FEATURE-004", "GET MIGRATION returns no flags");
		return 0;
	}
	flags = r.m.u.device_feature.data.u.feature_migration.flags;
	if (!(flags & IOW_VFU_MIGRATION_FLAGS_STOP_COPY))
		violation(c, "VFU-MIG-001", "GET MIGRATION returns flags %#llx, without stop_copy", (unsigned long long)flags);
	rc = get_state(c, &state);
	if (rc > 0)
		refused(c, "GET MIG_DEVICE_STATE", rc);
	if (rc)
		return rc < 0 ? rc : 0;
	if (state != IOW_VFU_MIG_STATE_RUNNING) {
		note(c, "the device is in %s, not RUNNING: no migration", iow_vfu_mig_state_name(state));
		return 0;
	}
	s.data = malloc(CL_MIG_MAX);
	if (!s.data)
		return CALL_FATAL;
	/* VFU-MIG-002: PRE_COPY only when offered; the P2P states are not used. */
	if (flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY) {
		/* What PRE_COPY offers now, all of it, so that the stream stays whole. */
		rc = set_state(c, IOW_VFU_MIG_STATE_PRE_COPY);
		for (unsigned i = 0; rc == 0 && i < 1000000; i++) {
			rc = mig_read(c, chunk, &s, &got);
			if (rc == 0 && got < chunk)
				break;
		}
	} else {
		rc = set_state(c, IOW_VFU_MIG_STATE_STOP);
	}
	if (rc == 0)
		rc = set_state(c, IOW_VFU_MIG_STATE_STOP_COPY);
	for (unsigned i = 0; rc == 0 && i < 1000000; i++) {
		rc = mig_read(c, chunk, &s, &got);
		if (rc == 0 && got < chunk)
			break;
	}
	if (rc == 0)
		rc = set_state(c, IOW_VFU_MIG_STATE_STOP);
	if (rc == 0)
		rc = set_state(c, IOW_VFU_MIG_STATE_RESUMING);
	if (rc == 0 && s.overflow)
		note(c, "more than %u bytes of migration data: not written back", CL_MIG_MAX);
	for (size_t at = 0; rc == 0 && !s.overflow && at < s.len; at += chunk) {
		size_t n = s.len - at < chunk ? s.len - at : chunk;

		rc = mig_write(c, s.data + at, (uint32_t)n);
	}
	if (rc == 0)
		note(c, "%zu bytes of migration data read and written back", s.len);
	free(s.data);
	if (rc < 0)
		return rc;
	/* Back to RUNNING, whatever happened (RESUMING and STOP_COPY go through STOP). */
	rc = get_state(c, &state);
	if (rc == 0 && state != IOW_VFU_MIG_STATE_RUNNING && state != IOW_VFU_MIG_STATE_STOP &&
	    state != IOW_VFU_MIG_STATE_ERROR)
		rc = set_state(c, IOW_VFU_MIG_STATE_STOP);
	if (rc >= 0 && state != IOW_VFU_MIG_STATE_ERROR)
		rc = set_state(c, IOW_VFU_MIG_STATE_RUNNING);
	if (rc >= 0 && state == IOW_VFU_MIG_STATE_ERROR)
		note(c, "the device is in ERROR; DEVICE_RESET follows");
	if (rc == 0 && get_state(c, &state) == 0 && state != IOW_VFU_MIG_STATE_RUNNING)
		violation(c, "VFU-MIG-003", "SET RUNNING succeeded, but GET says %s", iow_vfu_mig_state_name(state));
	return rc < 0 ? rc : 0;
}

/* ---- reset and teardown ---- */

static int device_reset(struct client *c)
{
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	if (!(c->info.flags & IOW_VFU_DEVICE_INFO_FLAGS_RESET)) {
		note(c, "the device has no reset flag: no DEVICE_RESET");
		return 0;
	}
	start(&m, IOW_VFU_COMMAND_DEVICE_RESET);
	rc = call_simple(c, &m, &r);
	if (rc > 0)
		refused(c, "DEVICE_RESET", rc);
	if (rc == 0 && c->ref_device)
		return refdev_after_reset(c);
	return rc < 0 ? rc : 0;
}

static void teardown(struct client *c)
{
	for (unsigned i = 0; i < CL_MAX_REGIONS; i++) {
		struct region *g = &c->regions[i];

		for (unsigned k = 0; k < g->nareas; k++)
			if (g->areas[k].ptr)
				munmap(g->areas[k].ptr, (size_t)g->areas[k].size);
		if (g->valid && g->fd >= 0)
			close(g->fd);
		g->fd = -1;
	}
	for (unsigned i = 0; i < CL_MAX_IRQS; i++)
		close_fds(c->irqs[i].efd, CL_MAX_VECTORS);
	for (unsigned i = 0; i < 2; i++) {
		if (c->maps[i].mem)
			munmap(c->maps[i].mem, (size_t)c->maps[i].size);
		if (c->maps[i].fd >= 0)
			close(c->maps[i].fd);
		c->maps[i].mem = NULL;
		c->maps[i].fd = -1;
	}
}

/* The steps, in order; 0 when the session went as the spec says. */
int run_session(struct client *c)
{
	int rc = 0;

	for (unsigned i = 0; i < CL_MAX_IRQS; i++)
		for (unsigned v = 0; v < CL_MAX_VECTORS; v++)
			c->irqs[i].efd[v] = -1;
	for (unsigned i = 0; i < CL_MAX_REGIONS; i++)
		c->regions[i].fd = -1;
	c->maps[0].fd = c->maps[1].fd = -1;
	if (!negotiate(c))
		return 1;
	rc = device_info(c);
	/* VFU-DEV-INFO-004: no index at or above the counts. */
	for (uint32_t i = 0; rc == 0 && i < c->info.num_regions && i < CL_MAX_REGIONS; i++)
		rc = region_info(c, i);
	for (uint32_t i = 0; rc == 0 && i < c->info.num_irqs && i < CL_MAX_IRQS; i++)
		rc = irq_info(c, i);
	if (rc == 0)
		rc = map_memory(c);
	if (rc == 0)
		rc = assign_irqs(c);
	if (rc == 0)
		rc = generic_accesses(c);
	if (rc >= 0 && (c->ref_device = refdev_detect(c))) {
		note(c, "the iowire reference device: exercising its registers, interrupts and DMA engine");
		rc = refdev_registers(c);
		if (rc >= 0)
			rc = refdev_interrupts(c);
		if (rc >= 0)
			rc = refdev_dma(c);
	}
	if (rc >= 0)
		rc = migration(c);
	if (rc >= 0)
		rc = release_irqs(c);
	for (unsigned i = 0; rc >= 0 && i < 2; i++)
		rc = dma_unmap(c, &c->maps[i]);
	if (rc >= 0)
		rc = device_reset(c);
	teardown(c);
	if (rc < 0)
		return 1;
	if (c->violations) {
		fprintf(c->log, "iowire-ref-client: the server broke %u rule%s of the spec\n", c->violations,
			c->violations == 1 ? "" : "s");
		return 1;
	}
	if (c->device_errors) {
		fprintf(c->log, "iowire-ref-client: the reference device failed %u check%s\n", c->device_errors,
			c->device_errors == 1 ? "" : "s");
		return 1;
	}
	if (c->opt.strict && c->refused) {
		fprintf(c->log, "iowire-ref-client: %u command%s failed (--strict)\n", c->refused, c->refused == 1 ? "" : "s");
		return 1;
	}
	note(c, "session complete: %u DMA commands served, %u commands refused", c->dma_served, c->refused);
	return 0;
}
