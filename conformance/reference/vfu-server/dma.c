/* DMA: the client's mappings (fd mode: mmap()ed; message mode: reached through DMA_READ and
 * DMA_WRITE), the device's copy engine between BAR1 and guest memory, and dirty logging of the
 * guest pages the server writes. */
#include "server.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- guest memory accesses that survive a client truncating its file under us ---- */

static sigjmp_buf bus_jmp;
static volatile sig_atomic_t bus_armed;
static struct sigaction bus_before; /* whoever handled SIGBUS before us: a sanitizer, a fuzzer */

static void on_sigbus(int sig)
{
	if (bus_armed)
		siglongjmp(bus_jmp, 1);
	/* Not ours: the faulting access runs again and meets the previous handler. */
	(void)sig;
	sigaction(SIGBUS, &bus_before, NULL);
}

int guarded_copy(void *dst, const void *src, size_t n)
{
	static bool installed;

	if (!installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sigbus;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &bus_before);
		installed = true;
	}
	if (sigsetjmp(bus_jmp, 1)) {
		bus_armed = 0;
		return EFAULT;
	}
	bus_armed = 1;
	memcpy(dst, src, n);
	bus_armed = 0;
	return 0;
}

/* ---- mappings ---- */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int dma_map_add(struct server *s, const struct iow_vfu_dma_map *req, int fd)
{
	struct client *c = &s->cl;
	uint32_t flags = req->flags;
	bool want_mmap = (flags & IOW_VFU_DMA_MAP_FLAGS_MMAP) != 0;
	bool want_file = (flags & IOW_VFU_DMA_MAP_FLAGS_FILE_IO) != 0;
	struct dma_map m;

	if (req->size == 0 || req->address + req->size < req->address)
		return EINVAL;
	if (req->address % REF_PGSIZE || req->size % REF_PGSIZE)
		return EINVAL;
	if ((want_mmap || want_file) && fd < 0)
		return EINVAL;
	if (want_mmap && want_file)
		return EINVAL;
	if (fd < 0 && req->offset != 0)
		return EINVAL;
	for (unsigned i = 0; i < c->nmaps; i++)
		if (overlaps(req->address, req->size, c->maps[i].addr, c->maps[i].size))
			return EEXIST;
	if (c->nmaps >= c->max_maps)
		return ENOSPC;
	if (c->nmaps == c->maps_cap) {
		unsigned cap = c->maps_cap ? c->maps_cap * 2 : 16;
		struct dma_map *grown = realloc(c->maps, cap * sizeof *grown);

		if (!grown)
			return ENOMEM;
		c->maps = grown;
		c->maps_cap = cap;
	}

	memset(&m, 0, sizeof m);
	m.addr = req->address;
	m.size = req->size;
	m.offset = req->offset;
	m.flags = flags;
	m.fd = -1;
	if (fd >= 0) {
		struct stat st;

		if (req->offset % REF_PGSIZE || req->offset + req->size < req->offset)
			return EINVAL;
		if (fstat(fd, &st) < 0)
			return errno;
		/* Past the end of a file an access would fault: refuse it up front. */
		if (S_ISREG(st.st_mode) && req->offset + req->size > (uint64_t)st.st_size)
			return EINVAL;
		if (want_file) {
			m.fd = dup(fd);
			if (m.fd < 0)
				return errno;
		} else {
			int prot = 0;
			void *p;

			if (flags & IOW_VFU_DMA_MAP_FLAGS_READ)
				prot |= PROT_READ;
			if (flags & IOW_VFU_DMA_MAP_FLAGS_WRITE)
				prot |= PROT_WRITE;
			if (req->size > SIZE_MAX)
				return ENOMEM;
			p = mmap(NULL, (size_t)req->size, prot ? prot : PROT_NONE, MAP_SHARED, fd, (off_t)req->offset);
			if (p == MAP_FAILED)
				return errno;
			m.mem = p;
		}
	}
	c->maps[c->nmaps++] = m;
	return 0;
}

static void map_release(struct dma_map *m)
{
	if (m->mem)
		munmap(m->mem, (size_t)m->size);
	if (m->fd >= 0)
		close(m->fd);
	m->mem = NULL;
	m->fd = -1;
}

int dma_map_remove(struct server *s, uint64_t addr, uint64_t size, bool all)
{
	struct client *c = &s->cl;

	if (all) {
		if (addr || size)
			return EINVAL;
		if (c->job.active)
			dma_cancel(s, ECANCELED);
		dma_unmap_all(c);
		return 0;
	}
	for (unsigned i = 0; i < c->nmaps; i++)
		if (c->maps[i].addr == addr && c->maps[i].size == size) {
			struct dma_job *j = &c->job;

			/* A copy that has yet to reach this region ends here (a reply still on its way
			 * is dropped when it comes); fd-mode copies are synchronous, so nothing else
			 * holds the mapping. */
			if (j->active && overlaps(j->addr + j->done, j->len - j->done, addr, size))
				dma_cancel(s, ECANCELED);
			map_release(&c->maps[i]);
			c->maps[i] = c->maps[--c->nmaps];
			return 0;
		}
	return ENOENT;
}

void dma_unmap_all(struct client *c)
{
	for (unsigned i = 0; i < c->nmaps; i++)
		map_release(&c->maps[i]);
	c->nmaps = 0;
	free(c->maps);
	c->maps = NULL;
	c->maps_cap = 0;
}

static struct dma_map *find_map(struct client *c, uint64_t addr)
{
	for (unsigned i = 0; i < c->nmaps; i++)
		if (addr >= c->maps[i].addr && addr - c->maps[i].addr < c->maps[i].size)
			return &c->maps[i];
	return NULL;
}

/* ---- dirty logging ---- */

static bool in_log(const struct dirty_log *l, uint64_t start, uint64_t end, struct range *clip)
{
	if (l->nranges == 0) {
		clip->start = start;
		clip->end = end;
		return true;
	}
	/* The engine writes one mapping at a time: clip to the first logged range it touches. */
	for (unsigned i = 0; i < l->nranges; i++)
		if (start < l->ranges[i].end && l->ranges[i].start < end) {
			clip->start = start > l->ranges[i].start ? start : l->ranges[i].start;
			clip->end = end < l->ranges[i].end ? end : l->ranges[i].end;
			return true;
		}
	return false;
}

static void dirty_add_range(struct dirty_log *l, uint64_t start, uint64_t end)
{
	unsigned i = 0, j;

	while (i < l->ndirty && l->dirty[i].end < start)
		i++;
	j = i;
	while (j < l->ndirty && l->dirty[j].start <= end) {
		if (l->dirty[j].start < start)
			start = l->dirty[j].start;
		if (l->dirty[j].end > end)
			end = l->dirty[j].end;
		j++;
	}
	/* dirty[i..j) merge into one */
	if (j > i) {
		l->dirty[i].start = start;
		l->dirty[i].end = end;
		memmove(&l->dirty[i + 1], &l->dirty[j], (l->ndirty - j) * sizeof l->dirty[0]);
		l->ndirty -= j - i - 1;
		return;
	}
	if (l->ndirty == MAX_DIRTY) {
		/* Full: over-report rather than lose a page, by merging the closest neighbours. */
		unsigned best = 0;
		uint64_t gap = UINT64_MAX;

		for (unsigned k = 0; k + 1 < l->ndirty; k++)
			if (l->dirty[k + 1].start - l->dirty[k].end < gap) {
				gap = l->dirty[k + 1].start - l->dirty[k].end;
				best = k;
			}
		l->dirty[best].end = l->dirty[best + 1].end;
		memmove(&l->dirty[best + 1], &l->dirty[best + 2], (l->ndirty - best - 2) * sizeof l->dirty[0]);
		l->ndirty--;
		dirty_add_range(l, start, end);
		return;
	}
	memmove(&l->dirty[i + 1], &l->dirty[i], (l->ndirty - i) * sizeof l->dirty[0]);
	l->dirty[i].start = start;
	l->dirty[i].end = end;
	l->ndirty++;
}

static void dirty_mark(struct client *c, uint64_t addr, uint64_t len)
{
	struct range r;

	if (!c->log.active || len == 0)
		return;
	if (in_log(&c->log, addr, addr + len, &r))
		dirty_add_range(&c->log, r.start, r.end);
}

static void dirty_clear(struct dirty_log *l, uint64_t start, uint64_t end)
{
	struct range keep[MAX_DIRTY];
	unsigned n = 0;

	for (unsigned i = 0; i < l->ndirty; i++) {
		struct range d = l->dirty[i];

		if (d.end <= start || d.start >= end) {
			keep[n++] = d;
			continue;
		}
		if (d.start < start && n < MAX_DIRTY)
			keep[n++] = (struct range){ d.start, start };
		if (d.end > end && n < MAX_DIRTY)
			keep[n++] = (struct range){ end, d.end };
	}
	memcpy(l->dirty, keep, n * sizeof keep[0]);
	l->ndirty = n;
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

int log_start(struct server *s, const struct iow_vfu_feature_dma_logging_control *ctl)
{
	struct dirty_log *l = &s->cl.log;
	struct range r[MAX_LOG_RANGES];

	if (l->active)
		return EBUSY;
	if (!pow2(ctl->page_size))
		return EINVAL;
	if (ctl->num_ranges > MAX_LOG_RANGES)
		return E2BIG;
	for (uint32_t i = 0; i < ctl->num_ranges; i++) {
		struct iow_vfu_dma_logging_range one;

		if (iow_vfu_feature_dma_logging_control_ranges_at(&s->cfg, ctl, i, &one))
			return EINVAL;
		if (one.length == 0 || one.iova + one.length < one.iova)
			return EINVAL;
		r[i].start = one.iova;
		r[i].end = one.iova + one.length;
		for (uint32_t k = 0; k < i; k++)
			if (r[k].start < r[i].end && r[i].start < r[k].end)
				return EINVAL;
	}
	memset(l, 0, sizeof *l);
	memcpy(l->ranges, r, ctl->num_ranges * sizeof r[0]);
	l->nranges = ctl->num_ranges;
	l->page_size = ctl->page_size;
	l->active = true;
	return 0;
}

void log_stop(struct client *c)
{
	memset(&c->log, 0, sizeof c->log);
}

/* Fills the bitmap (bitmap_len bytes, already checked to be the right size) and clears what it
 * reported. Bit n stands for the page at iova + n * page_size: word n / 64, bit n % 64. */
int log_report(struct server *s, uint64_t iova, uint64_t length, uint64_t page_size, uint8_t *bitmap,
	       size_t bitmap_len)
{
	struct dirty_log *l = &s->cl.log;
	uint64_t end = iova + length, pages = (length - 1) / page_size + 1;

	memset(bitmap, 0, bitmap_len);
	for (unsigned i = 0; i < l->ndirty; i++) {
		uint64_t a = l->dirty[i].start, b = l->dirty[i].end;

		if (b <= iova || a >= end)
			continue;
		if (a < iova)
			a = iova;
		if (b > end)
			b = end;
		for (uint64_t p = (a - iova) / page_size; p <= (b - 1 - iova) / page_size && p < pages; p++) {
			uint8_t *w = bitmap + (p / 64) * 8;

			iow_st_le64(w, iow_ld_le64(w, s->cfg.order) | UINT64_C(1) << (p % 64), s->cfg.order);
		}
	}
	dirty_clear(l, iova, end);
	return 0;
}

/* ---- the copy engine ---- */

static void dma_finish(struct server *s, int err)
{
	struct dma_job *j = &s->cl.job;

	j->active = false;
	j->waiting = false;
	set_reg32(s, R_DMA_STATUS, err ? DMA_ERROR : DMA_DONE);
	if (err)
		set_reg32(s, R_DMA_ERRNO, (uint32_t)err);
	irq_signal(s, IOW_VFU_IRQ_INDEX_MSIX, MSIX_VEC_DMA_DONE);
}

/* A DMA command written to BAR0. A command while a copy runs is ignored. */
void dma_command(struct server *s, uint32_t cmd)
{
	struct dma_job *j = &s->cl.job;
	uint64_t addr = iow_ld_le64(s->bar0 + R_DMA_ADDR, IOW_ORDER_LE);
	uint64_t len = iow_ld_le64(s->bar0 + R_DMA_LEN, IOW_ORDER_LE);
	uint64_t off = iow_ld_le64(s->bar0 + R_DMA_OFF, IOW_ORDER_LE);

	if (j->active || s->dma_pending)
		return;
	if (!device_running(s)) {
		s->dma_pending = cmd;
		set_reg32(s, R_DMA_STATUS, DMA_BUSY);
		return;
	}
	set_reg32(s, R_DMA_ERRNO, 0);
	if (cmd != DMA_CMD_TO_BAR1 && cmd != DMA_CMD_FROM_BAR1) {
		dma_finish(s, EINVAL);
		return;
	}
	if (off > BAR1_SIZE || len > BAR1_SIZE - off || addr + len < addr) {
		dma_finish(s, EINVAL);
		return;
	}
	if (s->cl.fd < 0) {
		dma_finish(s, ENOTCONN);
		return;
	}
	memset(j, 0, sizeof *j);
	j->active = true;
	j->dir = cmd;
	j->addr = addr;
	j->len = len;
	j->off = off;
	set_reg32(s, R_DMA_STATUS, DMA_BUSY);
	dma_advance(s);
}

static int file_copy(struct dma_map *m, bool to_guest, uint64_t at, uint8_t *bar, uint64_t n)
{
	off_t pos = (off_t)(m->offset + at);

	while (n) {
		ssize_t k = to_guest ? pwrite(m->fd, bar, (size_t)n, pos) : pread(m->fd, bar, (size_t)n, pos);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno;
		if (k == 0)
			return EIO;
		bar += k;
		pos += k;
		n -= (uint64_t)k;
	}
	return 0;
}

/* Runs the job as far as it can without waiting: fd-mode chunks are copied at once; a
 * message-mode chunk is sent as DMA_READ/DMA_WRITE and the job waits for the reply. */
void dma_advance(struct server *s)
{
	struct client *c = &s->cl;
	struct dma_job *j = &c->job;

	while (j->active && !j->waiting && device_running(s)) {
		uint64_t cur = j->addr + j->done, n = j->len - j->done;
		uint8_t *bar = s->bar1 + j->off + j->done;
		bool to_guest = j->dir == DMA_CMD_FROM_BAR1;
		struct dma_map *m;
		int err;

		if (n == 0) {
			dma_finish(s, 0);
			return;
		}
		m = find_map(c, cur);
		if (!m) {
			dma_finish(s, EFAULT);
			return;
		}
		if (!(m->flags & (to_guest ? IOW_VFU_DMA_MAP_FLAGS_WRITE : IOW_VFU_DMA_MAP_FLAGS_READ))) {
			dma_finish(s, EPERM);
			return;
		}
		if (n > m->addr + m->size - cur)
			n = m->addr + m->size - cur;
		if (m->mem || m->fd >= 0) {
			uint64_t at = cur - m->addr;

			if (m->mem)
				err = to_guest ? guarded_copy(m->mem + at, bar, (size_t)n)
					       : guarded_copy(bar, m->mem + at, (size_t)n);
			else
				err = file_copy(m, to_guest, at, bar, n);
			if (err) {
				dma_finish(s, err);
				return;
			}
			if (to_guest)
				dirty_mark(c, cur, n);
			j->done += n;
			continue;
		}
		/* message mode: at most what both sides take in one message; not before the reply to
		 * the command being handled has gone out */
		if (s->in_command) {
			s->advance_later = true;
			return;
		}
		{
			uint64_t limit = c->peer_max_xfer < c->max_xfer ? c->peer_max_xfer : c->max_xfer;
			struct iow_vfu_msg msg;

			if (n > limit)
				n = limit;
			memset(&msg, 0, sizeof msg);
			if (to_guest) {
				msg.hdr.command = IOW_VFU_COMMAND_DMA_WRITE;
				msg.u.dma_access_data.access.address = cur;
				msg.u.dma_access_data.access.count = n;
				msg.u.dma_access_data.data.ptr = bar;
				msg.u.dma_access_data.data.len = (size_t)n;
			} else {
				msg.hdr.command = IOW_VFU_COMMAND_DMA_READ;
				msg.u.dma_access.address = cur;
				msg.u.dma_access.count = n;
			}
			j->chunk = n;
			j->command = msg.hdr.command;
			j->on_twin = c->twin_fd >= 0;
			j->waiting = true;
			err = send_request(s, j->on_twin, &msg);
			if (err) {
				dma_finish(s, err);
				return;
			}
			j->msg_id = msg.hdr.msg_id;
			return;
		}
	}
}

/* A reply from the client: true if it was the one the engine waits for. m is decoded unless
 * decoded is false (then only m->hdr is meaningful and the reply is malformed). */
bool dma_reply(struct server *s, const struct iow_vfu_msg *m, bool decoded, bool on_twin)
{
	struct dma_job *j = &s->cl.job;
	uint64_t cur = j->addr + j->done;

	if (!j->active || !j->waiting || j->on_twin != on_twin || m->hdr.msg_id != j->msg_id ||
	    m->hdr.command != j->command)
		return false;
	j->waiting = false;
	if (!decoded) {
		dma_finish(s, EPROTO);
		return true;
	}
	if (m->error) {
		dma_finish(s, m->hdr.error ? (int)m->hdr.error : EIO);
		return true;
	}
	if (j->command == IOW_VFU_COMMAND_DMA_READ) {
		const struct iow_vfu_dma_access_data *d = &m->u.dma_access_data;

		if (d->access.address != cur || d->access.count != j->chunk || d->data.len != j->chunk) {
			dma_finish(s, EPROTO);
			return true;
		}
		memcpy(s->bar1 + j->off + j->done, d->data.ptr, d->data.len);
	} else {
		const struct iow_vfu_dma_write_reply *r = &m->u.dma_write_reply;
		bool ok = true;

		/* All three forms in use: header only, the 12-byte table form, the 16-byte echo. */
		if (r->kase == IOW_VFU_DMA_WRITE_REPLY_SHORT)
			ok = r->u.dma_write_reply_short.address == cur && r->u.dma_write_reply_short.count == j->chunk;
		else if (r->kase == IOW_VFU_DMA_WRITE_REPLY_ECHO)
			ok = r->u.dma_access.address == cur && r->u.dma_access.count == j->chunk;
		else if (r->kase != IOW_VFU_DMA_WRITE_REPLY_HEADER_ONLY)
			ok = false;
		if (!ok) {
			dma_finish(s, EPROTO);
			return true;
		}
	}
	j->done += j->chunk;
	dma_advance(s);
	return true;
}

/* Drops the job (reset, disconnect). err 0: back to idle; else the job ends with err. A reply
 * still on its way is ignored when it comes. */
void dma_cancel(struct server *s, int err)
{
	struct dma_job *j = &s->cl.job;
	bool was = j->active || s->dma_pending;

	memset(j, 0, sizeof *j);
	s->dma_pending = 0;
	if (!was)
		return;
	set_reg32(s, R_DMA_STATUS, err ? DMA_ERROR : DMA_IDLE);
	set_reg32(s, R_DMA_ERRNO, (uint32_t)err);
}
