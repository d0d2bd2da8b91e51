/* Behaviour cases for target vfio-user-server: what a server does with file descriptors,
 * pipelined and posted commands, DMA in both modes (including the DMA_READ and DMA_WRITE it
 * sends, which the runner answers as a client must: vfu_dma.h), dirty logging, region bounds,
 * interrupts, DEVICE_FEATURE, every migration arc and the migration data stream,
 * REGION_WRITE_MULTI, reset, disconnection and a second VERSION.
 *
 * Each case negotiates on a fresh connection and records findings as cases_vfu_server.c does:
 * conf_fail() only for a MUST the spec states, conf_should() for a SHOULD, conf_info() where
 * the spec leaves the behaviour open, conf_note() for what was seen where the expectation was
 * met, conf_unimplemented() for an optional feature the server does not offer.
 *
 * Nothing here assumes a device. Cases that need the server to write or read guest memory find
 * out whether the device is the reference device (BAR0 starts with the ID register "IOWR",
 * version 1.x) and use its DMA registers; for other devices they are UNIMPLEMENTED. Registers
 * and memory that read back what was written are found by trying. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "conform.h"
#include "vfu_dma.h"

/* ---- bytes, fds ----------------------------------------------------------------------------- */

static const struct iow_cfg *cfg_of(const struct ctx *x)
{
	return &x->t->opts->cfg;
}

/* A failure, with the exchange at hand (the last request and its answer) kept for the report. */
static void fail(struct ctx *x, const char *req, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(struct ctx *x, const char *req, const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	conf_fail(x, req, "%s", text);
	if (!x->actual[0]) {
		struct iow_vfu_msg sent = x->req;

		sent.hdr.msg_size = (uint32_t)iow_vfu_msg_size(cfg_of(x), &sent);
		vfu_describe(cfg_of(x), &sent, x->expected, sizeof x->expected);
		if (x->rep.hdr.msg_id == sent.hdr.msg_id && x->rep.hdr.command == sent.hdr.command)
			vfu_describe(cfg_of(x), &x->rep, x->actual, sizeof x->actual);
		else
			snprintf(x->actual, sizeof x->actual, "(no reply to it)\n");
	}
}

/* Device registers are little-endian whatever the message byte order. */
static uint32_t le32(const uint8_t *p)
{
	return iow_ld_le32(p, IOW_ORDER_LE);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	iow_st_le32(p, v, IOW_ORDER_LE);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	iow_st_le64(p, v, IOW_ORDER_LE);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* A pipe whose write end goes to the server: once every copy of that end is closed, the read
 * end we keep reports POLLHUP. That is how the runner sees whether the server closed an fd. */
static int watch_pipe(int *write_end)
{
	int p[2];

	*write_end = -1;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return -1;
	*write_end = p[1];
	return p[0];
}

static bool pipe_closed(int read_end, unsigned ms)
{
	long long end = now_ms() + ms;

	for (;;) {
		struct pollfd p = { read_end, POLLIN, 0 };
		long long left = end - now_ms();
		int n = poll(&p, 1, left > 0 ? (int)left : 0);

		if (n > 0 && (p.revents & (POLLHUP | POLLERR)))
			return true;
		if (n == 0 || left <= 0)
			return false;
	}
}

/* Was the eventfd signalled within ms? Reading it clears it. */
static bool signalled(int efd, unsigned ms)
{
	struct pollfd p = { efd, POLLIN, 0 };
	uint64_t v;

	if (poll(&p, 1, (int)ms) <= 0)
		return false;
	return read(efd, &v, sizeof v) == (ssize_t)sizeof v;
}

static int memfd(const char *name, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd >= 0 && ftruncate(fd, (off_t)size)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

/* ---- calls ---------------------------------------------------------------------------------- */

/* Encodes x->req as the codec allows it (no fds; `width` bytes at `at` then overwritten with
 * value when width is not 0), sends it with `fds` attached anyway and waits for the answer.
 * This sends what the runner's codec would refuse to build: fds a command does not take, counts
 * that do not match, values a closed enumeration does not list. */
static enum recv_status call_raw(struct ctx *x, size_t at, uint64_t value, unsigned width, const int *fds,
				 unsigned nfds)
{
	static uint8_t buf[65536];
	struct iow_error err = { 0 };
	uint16_t id = x->t->next_id++;
	enum recv_status st;
	long n;

	x->req.hdr.msg_id = id;
	n = iow_vfu_msg_encode(cfg_of(x), &x->req, 0, buf, sizeof buf, &err);
	if (n < 0) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fprintf(stderr, "iowire-conform: cannot encode our own message: %s\n", text);
		abort();
	}
	if (width == 1)
		buf[at] = (uint8_t)value;
	else if (width == 2)
		iow_st_le16(buf + at, (uint16_t)value, cfg_of(x)->order);
	else if (width == 4)
		iow_st_le32(buf + at, (uint32_t)value, cfg_of(x)->order);
	else if (width == 8)
		iow_st_le64(buf + at, value, cfg_of(x)->order);
	if (vfu_send_raw(x, buf, (size_t)n, fds, nfds, 0)) {
		fail(x, "VFU-REPLY-001", "sending %s failed: %s", iow_vfu_msg_name(x->req.hdr.command, false),
			  strerror(errno));
		return R_CLOSED;
	}
	st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err);
	close_fds(x->rfds, x->rnfds);
	x->rnfds = 0;
	if (st == R_MSG && x->rep.hdr.msg_id != id)
		fail(x, "VFU-HDR-010", "the reply carries msg_id %u, the command had %u", x->rep.hdr.msg_id, id);
	else if (st == R_TIMEOUT)
		fail(x, "VFU-REPLY-001", "%s got no answer within the timeout",
			  iow_vfu_msg_name(x->req.hdr.command, false));
	return st;
}

/* The answer to a request the server must not honour. 1: an error reply; 0: it was accepted
 * (recorded against req, as a failure when must); -1: no usable answer (the connection closed,
 * which is recorded as information; or nothing came, a failure). errnum, when not 0, is the
 * errno the spec names; another one is a SHOULD (VFU-ERR-005). */
static int refused(struct ctx *x, enum recv_status st, const char *req, bool must, int errnum, const char *what)
{
	if (st == R_CLOSED) {
		conf_info(x, "%s: the server closed the connection instead of an error reply", what);
		return -1;
	}
	if (st != R_MSG)
		return -1;
	if (!x->rep.error) {
		if (must)
			fail(x, req, "%s was accepted", what);
		else
			conf_should(x, req, "%s was accepted", what);
		return 0;
	}
	if (errnum && x->rep.hdr.error != (uint32_t)errnum)
		conf_should(x, "VFU-ERR-005", "%s failed with errno %u, not %s", what, x->rep.hdr.error,
			    errnum == EINVAL ? "EINVAL" : strerrorname_np(errnum));
	return 1;
}

/* A request that must succeed. */
static bool ok(struct ctx *x, enum recv_status st, const char *req, const char *what)
{
	return succeeded(x, st, req, what);
}

static bool dev_info(struct ctx *x, struct iow_vfu_device_info *info)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	if (!ok(x, call(x, NULL, 0, false), "VFU-DEV-INFO-003", "DEVICE_GET_INFO"))
		return false;
	*info = x->rep.u.device_info;
	return true;
}

/* The fixed part of a region's info (argsz 32: no capabilities, no fd). */
static bool reg_info(struct ctx *x, uint32_t index, struct iow_vfu_region_info *ri)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
	x->req.u.region_info.argsz = 32;
	x->req.u.region_info.index = index;
	if (call(x, NULL, 0, false) != R_MSG || x->rep.error)
		return false;
	*ri = x->rep.u.region_info;
	return true;
}

static bool irq_info(struct ctx *x, uint32_t index, struct iow_vfu_irq_info *ii)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
	x->req.u.irq_info.argsz = 16;
	x->req.u.irq_info.index = index;
	if (call(x, NULL, 0, false) != R_MSG || x->rep.error)
		return false;
	*ii = x->rep.u.irq_info;
	return true;
}

static enum recv_status rd(struct ctx *x, uint32_t region, uint64_t offset, uint32_t count)
{
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ offset, region, count };
	return call(x, NULL, 0, false);
}

static enum recv_status wr(struct ctx *x, uint32_t region, uint64_t offset, const uint8_t *data, uint32_t count)
{
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ offset, region, count };
	x->req.u.region_access_data.data.ptr = data;
	x->req.u.region_access_data.data.len = count;
	return call(x, NULL, 0, false);
}

/* The most one REGION_READ or REGION_WRITE may carry: the server's max_data_xfer_size
 * (VFU-SIZE-009). */
static uint32_t xfer_limit(const struct ctx *x)
{
	uint64_t m = x->t->max_data_xfer ? x->t->max_data_xfer : IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT;

	return m < (1u << 20) ? (uint32_t)m : 1u << 20;
}

/* REGION_READs that must succeed, count bytes in pieces the server takes; they go to out. */
static bool read_bytes(struct ctx *x, uint32_t region, uint64_t offset, uint8_t *out, uint32_t count)
{
	for (uint32_t done = 0, n; done < count || !count; done += n) {
		n = count - done < xfer_limit(x) ? count - done : xfer_limit(x);
		if (!ok(x, rd(x, region, offset + done, n), "VFU-REGION-RW-002", "REGION_READ"))
			return false;
		if (x->rep.u.region_access_data.data.len != n) {
			fail(x, "VFU-REGION-RW-002", "a REGION_READ of %u bytes returned %zu", n,
			     x->rep.u.region_access_data.data.len);
			return false;
		}
		memcpy(out + done, x->rep.u.region_access_data.data.ptr, n);
		if (!count)
			break;
	}
	return true;
}

static bool write_bytes(struct ctx *x, uint32_t region, uint64_t offset, const uint8_t *data, uint32_t count)
{
	for (uint32_t done = 0, n; done < count || !count; done += n) {
		n = count - done < xfer_limit(x) ? count - done : xfer_limit(x);
		if (!ok(x, wr(x, region, offset + done, data + done, n), "VFU-REGION-RW-004", "REGION_WRITE"))
			return false;
		if (!count)
			break;
	}
	return true;
}

/* Cases whose accesses (or replies) are 8 bytes need a server that takes them. */
static bool need_xfer(struct ctx *x, uint32_t n)
{
	if (xfer_limit(x) >= n)
		return true;
	conf_unimplemented(x, "the server's max_data_xfer_size (%u) is below the %u-byte accesses of this case",
			   xfer_limit(x), n);
	return false;
}

/* The same without judging: false on any error (for probing what the device offers). */
static bool peek(struct ctx *x, uint32_t region, uint64_t offset, uint8_t *out, uint32_t count)
{
	for (uint32_t done = 0, n; done < count; done += n) {
		n = count - done < xfer_limit(x) ? count - done : xfer_limit(x);
		if (rd(x, region, offset + done, n) != R_MSG || x->rep.error || x->rep.u.region_access_data.data.len != n)
			return false;
		memcpy(out + done, x->rep.u.region_access_data.data.ptr, n);
	}
	return true;
}

static bool poke(struct ctx *x, uint32_t region, uint64_t offset, const uint8_t *data, uint32_t count)
{
	for (uint32_t done = 0, n; done < count; done += n) {
		n = count - done < xfer_limit(x) ? count - done : xfer_limit(x);
		if (wr(x, region, offset + done, data + done, n) != R_MSG || x->rep.error)
			return false;
	}
	return true;
}

/* Nothing is in flight: serve the server's commands for ms. false when the connection ended;
 * a message that is not a command (a reply to nothing) is a failure. */
static bool quiet(struct ctx *x, unsigned ms)
{
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds = 0;
	enum recv_status st = vfu_pump(x, ms, &x->rep, fds, &nfds);

	close_fds(fds, nfds);
	if (st == R_MSG)
		fail(x, "VFU-REPLY-001", "a %s reply (msg_id %u) arrived with no command in flight",
			  iow_vfu_msg_name(x->rep.hdr.command, false) ? iow_vfu_msg_name(x->rep.hdr.command, false) : "?",
			  x->rep.hdr.msg_id);
	return st == R_TIMEOUT || st == R_MSG;
}

/* VERSION with our own JSON; the capabilities of the reply in *caps, its fds kept in x->rfds
 * when keep_fds. */
static bool negotiate(struct ctx *x, const char *json, struct iow_vfu_caps *caps, bool keep_fds)
{
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 2;
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = strlen(json) + 1;
	if (!ok(x, call(x, NULL, 0, keep_fds), "VFU-VER-004", "VERSION 0.2"))
		return false;
	x->t->minor = x->rep.u.version.minor;
	vfu_read_caps(x, &x->rep.u.version.json, caps);
	x->t->negotiated = true;
	return true;
}

/* ---- what the device offers ----------------------------------------------------------------- */

/* A place that reads back what was written: the first of a few offsets of a readable and
 * writable region (config space aside) where two different patterns both read back. */
struct store {
	uint32_t region;
	uint64_t offset;
};

static bool try_store(struct ctx *x, uint32_t region, uint64_t off)
{
	static const uint8_t p1[8] = { 0x5a, 0xa5, 0x3c, 0xc3, 0x96, 0x69, 0x0f, 0xf0 };
	static const uint8_t p2[8] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf1 };
	const uint8_t *p[2] = { p1, p2 };

	uint8_t got[8];

	for (int k = 0; k < 2; k++)
		if (!poke(x, region, off, p[k], 8) || !peek(x, region, off, got, 8) || memcmp(got, p[k], 8))
			return false;
	return true;
}

static bool find_store(struct ctx *x, struct store *s, int skip_region)
{
	struct iow_vfu_device_info info;
	uint32_t rw = IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE;

	if (!dev_info(x, &info))
		return false;
	for (uint32_t i = 0; i < info.num_regions && i < 16; i++) {
		struct iow_vfu_region_info ri;

		if (i == IOW_VFU_REGION_INDEX_CONFIG || (int)i == skip_region || !reg_info(x, i, &ri))
			continue;
		if ((ri.flags & rw) != rw || ri.size < 16)
			continue;
		uint64_t cand[3] = { (ri.size - 8) & ~7ull, (ri.size / 2) & ~7ull, 0 };

		for (int k = 0; k < 3; k++)
			if (try_store(x, i, cand[k])) {
				s->region = i;
				s->offset = cand[k];
				return true;
			}
	}
	return false;
}

/* The reference device's register file (BAR0). */
#define REF_ID_VALUE 0x52574f49u /* "IOWR" */
#define RB_DOORBELL 0x10
#define RB_DMA_ADDR 0x18         /* u64 address, u64 length, u64 BAR1 offset */
#define RB_DMA_CMD 0x30
#define RB_DMA_STATUS 0x34       /* u32 status, u32 errno */
#define DMA_TO_BAR1 1u            /* guest memory -> BAR1 */
#define DMA_FROM_BAR1 2u          /* BAR1 -> guest memory */
#define DMA_ST_BUSY 1u
#define DMA_ST_DONE 2u
#define DMA_ST_ERROR 3u
#define VEC_DOORBELL 0u           /* MSI-X vectors */
#define VEC_DMA_DONE 1u

/* Is this the reference device (the only one whose DMA engine the runner knows)? */
static bool ref_device(struct ctx *x)
{
	struct iow_vfu_region_info ri;
	uint8_t b[8];

	if (!reg_info(x, IOW_VFU_REGION_INDEX_BAR0, &ri) || ri.size < 0x40)
		return false;
	if (!peek(x, IOW_VFU_REGION_INDEX_BAR0, 0, b, 8))
		return false;
	if (le32(b) != REF_ID_VALUE || le32(b + 4) >> 16 != 1)
		return false;
	return reg_info(x, IOW_VFU_REGION_INDEX_BAR1, &ri) && ri.size >= 0x4000;
}

static bool need_ref_device(struct ctx *x)
{
	if (ref_device(x))
		return true;
	if (!conf_failed(x))
		conf_unimplemented(x, "the device has no DMA engine the runner knows (BAR0 does not start with the "
				      "reference device's ID register)");
	return false;
}

/* Starts a copy of the reference device's DMA engine. */
static bool ref_dma_start(struct ctx *x, uint64_t iova, uint64_t len, uint64_t off, uint32_t cmd)
{
	uint8_t regs[24], c[4];

	put_le64(regs, iova);
	put_le64(regs + 8, len);
	put_le64(regs + 16, off);
	put_le32(c, cmd);
	return write_bytes(x, IOW_VFU_REGION_INDEX_BAR0, RB_DMA_ADDR, regs, 24) &&
	       write_bytes(x, IOW_VFU_REGION_INDEX_BAR0, RB_DMA_CMD, c, 4);
}

/* The engine's status (and errno), polled until it is no longer busy or `ms` passed; the
 * server's DMA_READ and DMA_WRITE are answered meanwhile. 0 when it cannot be read. */
static uint32_t ref_dma_wait(struct ctx *x, unsigned ms, uint32_t *errnum)
{
	long long end = now_ms() + ms;
	uint8_t b[8];

	for (;;) {
		if (!read_bytes(x, IOW_VFU_REGION_INDEX_BAR0, RB_DMA_STATUS, b, 8))
			return 0;
		*errnum = le32(b + 4);
		if (le32(b) != DMA_ST_BUSY || now_ms() >= end)
			return le32(b);
		if (!quiet(x, 1))
			return 0;
	}
}

static uint32_t ref_dma(struct ctx *x, uint64_t iova, uint64_t len, uint64_t off, uint32_t cmd, uint32_t *errnum)
{
	*errnum = 0;
	if (!ref_dma_start(x, iova, len, off, cmd))
		return 0;
	return ref_dma_wait(x, x->t->opts->timeout_ms, errnum);
}

/* ---- DMA mappings --------------------------------------------------------------------------- */

static enum recv_status dma_map(struct ctx *x, uint64_t iova, uint64_t size, uint32_t flags, int fd)
{
	start(x, IOW_VFU_COMMAND_DMA_MAP);
	x->req.u.dma_map = (struct iow_vfu_dma_map){ 32, flags, 0, iova, size };
	return call(x, fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0, false);
}

static enum recv_status dma_unmap(struct ctx *x, uint64_t iova, uint64_t size)
{
	start(x, IOW_VFU_COMMAND_DMA_UNMAP);
	x->req.u.dma_unmap = (struct iow_vfu_dma_unmap){ 24, 0, iova, size, { 0, 0 } };
	return call(x, NULL, 0, false);
}

#define RW (IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE)

/* A mapping that must succeed, made known to the DMA service: mem serves a message-mode region
 * (fd < 0); with an fd, mem is NULL. */
static bool map_known(struct ctx *x, uint64_t iova, uint64_t size, uint32_t flags, int fd, uint8_t *mem)
{
	if (!ok(x, dma_map(x, iova, size, flags, fd), fd >= 0 ? "VFU-DMA-MAP-001" : "VFU-DMA-MAP-003",
		fd >= 0 ? "DMA_MAP with an fd" : "DMA_MAP without an fd"))
		return false;
	vfu_dma_add(x, iova, size, fd >= 0 ? NULL : mem, flags);
	return true;
}

static bool unmap_known(struct ctx *x, uint64_t iova, uint64_t size)
{
	if (!ok(x, dma_unmap(x, iova, size), "VFU-DMA-UNMAP-003", "DMA_UNMAP of a mapped region"))
		return false;
	vfu_dma_remove(x, iova, size);
	return true;
}

/* Guest memory shared with the server: a memfd and our own mapping of it. */
struct shared {
	int fd;
	uint8_t *mem;
	size_t size;
};

static bool shared_new(struct shared *s, const char *name, size_t size)
{
	s->size = size;
	s->mem = MAP_FAILED;
	s->fd = memfd(name, size);
	if (s->fd >= 0)
		s->mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
	if (s->mem == MAP_FAILED) {
		s->mem = NULL;
		close_fd(&s->fd);
		return false;
	}
	return true;
}

static void shared_free(struct shared *s)
{
	if (s->mem)
		munmap(s->mem, s->size);
	s->mem = NULL;
	close_fd(&s->fd);
}

/* ---- interrupts ----------------------------------------------------------------------------- */

static enum recv_status set_irqs(struct ctx *x, uint32_t flags, uint32_t index, uint32_t start_, uint32_t count,
				 const uint8_t *bools, const int *fds, unsigned nfds)
{
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20 + (bools ? count : 0), flags, index, start_, count,
						  { bools, bools ? count : 0 } };
	return call(x, fds, nfds, false);
}

#define TRIGGER IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER
#define D_NONE IOW_VFU_IRQ_SET_FLAGS_DATA_NONE
#define D_BOOL IOW_VFU_IRQ_SET_FLAGS_DATA_BOOL
#define D_EVENTFD IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD

/* The first interrupt index with eventfd support and at least min vectors. */
static bool find_irq(struct ctx *x, uint32_t min, uint32_t *index, struct iow_vfu_irq_info *ii)
{
	struct iow_vfu_device_info info;

	if (!dev_info(x, &info))
		return false;
	for (uint32_t i = 0; i < info.num_irqs && i < 16; i++)
		if (irq_info(x, i, ii) && ii->count >= min && (ii->flags & IOW_VFU_IRQ_INFO_FLAGS_EVENTFD)) {
			*index = i;
			return true;
		}
	return false;
}

/* Loopback: ACTION_TRIGGER with DATA_NONE fires the vectors (as VFIO does). true when the
 * server accepted it. */
static bool fire(struct ctx *x, uint32_t index, uint32_t vector)
{
	return set_irqs(x, D_NONE | TRIGGER, index, vector, 1, NULL, NULL, 0) == R_MSG && !x->rep.error;
}

/* ---- DEVICE_FEATURE and migration ----------------------------------------------------------- */

#define F_GET IOW_VFU_DEVICE_FEATURE_FLAGS_GET
#define F_SET IOW_VFU_DEVICE_FEATURE_FLAGS_SET
#define F_PROBE IOW_VFU_DEVICE_FEATURE_FLAGS_PROBE
#define FEAT_MIGRATION IOW_VFU_FEATURE_INDEX_MIGRATION
#define FEAT_STATE IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE

static enum recv_status feature(struct ctx *x, uint32_t flags, uint32_t argsz, const struct iow_vfu_feature_data *data)
{
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = argsz;
	x->req.u.device_feature.flags = flags;
	if (data)
		x->req.u.device_feature.data = *data;
	else
		x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_NONE;
	return call(x, NULL, 0, false);
}

/* GET of feature MIGRATION: the migration flags, or false without migration. */
static bool mig_flags(struct ctx *x, uint64_t *flags)
{
	if (feature(x, FEAT_MIGRATION | F_GET, 64, NULL) != R_MSG || x->rep.error ||
	    x->rep.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIGRATION)
		return false;
	*flags = x->rep.u.device_feature.data.u.feature_migration.flags;
	return true;
}

static bool need_migration(struct ctx *x, uint64_t *flags)
{
	if (mig_flags(x, flags))
		return true;
	if (!conf_failed(x))
		conf_unimplemented(x, "no migration (GET of feature MIGRATION fails)");
	return false;
}

static enum recv_status mig_set(struct ctx *x, uint32_t state, uint32_t data_fd)
{
	struct iow_vfu_feature_data d = { .kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE };

	d.u.feature_mig_state.device_state = state;
	d.u.feature_mig_state.data_fd = data_fd;
	return feature(x, FEAT_STATE | F_SET, 16, &d);
}

/* The device state (GET of MIG_DEVICE_STATE); UINT32_MAX when it cannot be read. */
static uint32_t mig_get(struct ctx *x)
{
	if (feature(x, FEAT_STATE | F_GET, 64, NULL) != R_MSG || x->rep.error ||
	    x->rep.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE)
		return UINT32_MAX;
	return x->rep.u.device_feature.data.u.feature_mig_state.device_state;
}

static const char *state_name(uint32_t s)
{
	const char *n = iow_vfu_mig_state_name(s);

	return n ? n : "?";
}

/* Requests state s; true when the SET succeeded and GET then returns s. req names the rule a
 * failure breaks. */
static bool go(struct ctx *x, uint32_t s, const char *req)
{
	uint32_t now;

	if (mig_set(x, s, 0) != R_MSG)
		return false;
	if (x->rep.error) {
		fail(x, req, "SET MIG_DEVICE_STATE %s failed with errno %u", state_name(s), x->rep.hdr.error);
		return false;
	}
	if (x->rep.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE ||
	    x->rep.u.device_feature.data.u.feature_mig_state.device_state != s)
		fail(x, "VFU-FEATURE-003", "the reply to SET MIG_DEVICE_STATE %s does not repeat the request",
			  state_name(s));
	now = mig_get(x);
	if (now != s) {
		fail(x, "VFU-MIG-003", "after SET %s succeeded, GET returns %s", state_name(s), state_name(now));
		return false;
	}
	return true;
}

/* Back to RUNNING at the end of a case (a reset first if the device is in ERROR). */
static void mig_home(struct ctx *x)
{
	if (mig_get(x) == IOW_VFU_MIG_STATE_ERROR) {
		start(x, IOW_VFU_COMMAND_DEVICE_RESET);
		call(x, NULL, 0, false);
	}
	mig_set(x, IOW_VFU_MIG_STATE_RUNNING, 0);
}

/* ==== file descriptors ======================================================================= */

static void fd_too_many(struct ctx *x)
{
	int w[2] = { -1, -1 }, r[2] = { -1, -1 }, mfd = -1;

	if (!ready(x))
		goto out;
	for (int i = 0; i < 2; i++)
		if ((r[i] = watch_pipe(&w[i])) < 0)
			goto out;
	start(x, IOW_VFU_COMMAND_DMA_MAP);
	x->req.u.dma_map = (struct iow_vfu_dma_map){ 32, RW, 0, 0x40000000, 0x1000 };
	enum recv_status st = call_raw(x, 0, 0, 0, w, 2);

	close_fd(&w[0]);
	close_fd(&w[1]);
	if (refused(x, st, "VFU-FD-003", true, EINVAL, "a DMA_MAP with two fds") < 0)
		goto out;
	for (int i = 0; i < 2; i++)
		if (!pipe_closed(r[i], 200))
			fail(x, "VFU-FD-003", "fd %d of the two sent with a refused DMA_MAP is still open in the server", i);
	/* The same range with the right number of fds: one. */
	mfd = memfd("iowire-conform-fd", 0x1000);
	if (mfd < 0)
		goto out;
	st = dma_map(x, 0x40000000, 0x1000, RW, mfd);
	if (st == R_MSG && x->rep.error && x->rep.hdr.error == EEXIST)
		fail(x, "VFU-ERR-006", "the refused DMA_MAP with two fds left a mapping behind");
	else
		ok(x, st, "VFU-FD-007", "DMA_MAP of the same range with one fd");
out:
	close_fd(&mfd);
	for (int i = 0; i < 2; i++) {
		close_fd(&w[i]);
		close_fd(&r[i]);
	}
}

static void fd_unexpected(struct ctx *x)
{
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	int w[3] = { -1, -1, -1 }, r[3] = { -1, -1, -1 };
	struct store s;
	bool have_store;
	uint8_t before[8], after[8];

	if (!ready(x))
		goto out;
	have_store = find_store(x, &s, -1);
	for (int i = 0; i < 3; i++)
		if ((r[i] = watch_pipe(&w[i])) < 0)
			goto out;
	/* REGION_READ takes no fd. */
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ 0, IOW_VFU_REGION_INDEX_CONFIG, 4 };
	enum recv_status st = call_raw(x, 0, 0, 0, &w[0], 1);

	close_fd(&w[0]);
	if (refused(x, st, "VFU-FD-003", true, EINVAL, "a REGION_READ with an fd") < 0)
		goto out;
	if (!pipe_closed(r[0], 200))
		fail(x, "VFU-FD-003", "the fd sent with a refused REGION_READ is still open in the server");
	/* Nor does REGION_WRITE; refused, it must not write. */
	if (have_store && read_bytes(x, s.region, s.offset, before, 8)) {
		start(x, IOW_VFU_COMMAND_REGION_WRITE);
		x->req.u.region_access_data.access = (struct iow_vfu_region_access){ s.offset, s.region, 8 };
		x->req.u.region_access_data.data.ptr = data;
		x->req.u.region_access_data.data.len = 8;
		st = call_raw(x, 0, 0, 0, &w[1], 1);
		close_fd(&w[1]);
		if (refused(x, st, "VFU-FD-003", true, EINVAL, "a REGION_WRITE with an fd") < 0)
			goto out;
		if (!pipe_closed(r[1], 200))
			fail(x, "VFU-FD-003", "the fd sent with a refused REGION_WRITE is still open in the server");
		if (x->rep.error && read_bytes(x, s.region, s.offset, after, 8) && memcmp(before, after, 8))
			fail(x, "VFU-ERR-006", "the refused REGION_WRITE with an fd wrote region %u", s.region);
	}
	/* DEVICE_GET_INFO with two fds, then the connection must still serve. */
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	int two[2] = { w[2], w[2] };

	st = call_raw(x, 0, 0, 0, two, 2);
	close_fd(&w[2]);
	if (refused(x, st, "VFU-FD-003", true, EINVAL, "a DEVICE_GET_INFO with two fds") < 0)
		goto out;
	if (!pipe_closed(r[2], 200))
		fail(x, "VFU-FD-003", "an fd sent with a refused DEVICE_GET_INFO is still open in the server");
	struct iow_vfu_device_info info;

	dev_info(x, &info);
out:
	for (int i = 0; i < 3; i++) {
		close_fd(&w[i]);
		close_fd(&r[i]);
	}
}

/* An fd the server cannot use: refused or not, it must not stay open for nothing. */
static void fd_unusable(struct ctx *x)
{
	int w = -1, r = -1, w2 = -1, r2 = -1;
	uint32_t index;
	struct iow_vfu_irq_info ii;

	if (!ready(x))
		goto out;
	if ((r = watch_pipe(&w)) < 0 || (r2 = watch_pipe(&w2)) < 0)
		goto out;
	/* A pipe as DMA memory: it cannot be mapped. */
	enum recv_status st = dma_map(x, 0x41000000, 0x1000, RW, w);

	close_fd(&w);
	if (st != R_MSG)
		goto out;
	if (x->rep.error) {
		if (!pipe_closed(r, 200))
			fail(x, "VFU-FD-004", "the pipe sent with a refused DMA_MAP is still open in the server");
		else
			conf_note(x, "a DMA_MAP of a pipe was refused (errno %u) and the pipe closed", x->rep.hdr.error);
	} else {
		conf_info(x, "a DMA_MAP of a pipe was accepted");
		if (ok(x, dma_unmap(x, 0x41000000, 0x1000), "VFU-DMA-UNMAP-003", "DMA_UNMAP of the pipe's region") &&
		    !pipe_closed(r, 200))
			fail(x, "VFU-DMA-UNMAP-003", "the pipe is still open in the server after its DMA_UNMAP succeeded");
	}
	/* A pipe as an interrupt eventfd. */
	if (!find_irq(x, 1, &index, &ii))
		goto out;
	st = set_irqs(x, D_EVENTFD | TRIGGER, index, 0, 1, NULL, &w2, 1);
	close_fd(&w2);
	if (st != R_MSG)
		goto out;
	if (x->rep.error) {
		if (!pipe_closed(r2, 200))
			fail(x, "VFU-FD-004", "the pipe sent with a refused SET_IRQS is still open in the server");
	} else {
		conf_info(x, "SET_IRQS accepted a pipe as the eventfd of index %u", index);
		if (ok(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0, 1, NULL, NULL, 0), "VFU-SET-IRQS-005",
		       "SET_IRQS de-assigning it") &&
		    !pipe_closed(r2, 200))
			fail(x, "VFU-SET-IRQS-005", "the pipe is still open in the server after it was de-assigned");
	}
out:
	close_fd(&w);
	close_fd(&r);
	close_fd(&w2);
	close_fd(&r2);
}

/* DMA_MAP flags that need an fd, without one (libvfio-user profile). */
static void fd_missing(struct ctx *x)
{
	static const uint32_t need_fd[] = { IOW_VFU_DMA_MAP_FLAGS_MMAP, IOW_VFU_DMA_MAP_FLAGS_FILE_IO };
	int w = -1, r = -1;

	if (cfg_of(x)->profile != IOW_VFU_PROFILE_LIBVFIO_USER) {
		conf_unimplemented(x, "the mmap and file_io flags of DMA_MAP exist only in the libvfio-user profile "
				      "(--profile libvfio-user)");
		return;
	}
	if (!ready(x))
		return;
	for (int i = 0; i < 2; i++) {
		char what[96];

		snprintf(what, sizeof what, "a DMA_MAP with the %s flag and no fd", i ? "file_io" : "mmap");
		if (refused(x, dma_map(x, 0x42000000 + (uint64_t)i * 0x100000, 0x1000, RW | need_fd[i], -1),
			    "VFU-ERR-005", false, EINVAL, what) < 0)
			return;
	}
	/* Both flags at once, with an fd: refused, and the fd closed. */
	if ((r = watch_pipe(&w)) < 0)
		goto out;
	enum recv_status st = dma_map(x, 0x42200000, 0x1000, RW | IOW_VFU_DMA_MAP_FLAGS_MMAP | IOW_VFU_DMA_MAP_FLAGS_FILE_IO, w);

	close_fd(&w);
	if (refused(x, st, "VFU-ERR-005", false, EINVAL, "a DMA_MAP with both mmap and file_io") >= 0 &&
	    x->rep.error && !pipe_closed(r, 200))
		fail(x, "VFU-FD-004", "the fd of the refused DMA_MAP is still open in the server");
out:
	close_fd(&w);
	close_fd(&r);
}

/* SET_IRQS with data_eventfd takes count fds or none; other DATA kinds take none. */
static void fd_irq_counts(struct ctx *x)
{
	int efd[2] = { -1, -1 }, w[4] = { -1, -1, -1, -1 }, r[4] = { -1, -1, -1, -1 };
	struct iow_vfu_irq_info ii;
	uint32_t index;
	bool loopback;
	enum recv_status st;

	if (!ready(x))
		goto out;
	if (!find_irq(x, 2, &index, &ii)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no interrupt index with eventfd support and two vectors");
		goto out;
	}
	for (int i = 0; i < 2; i++)
		if ((efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
			goto out;
	for (int i = 0; i < 4; i++)
		if ((r[i] = watch_pipe(&w[i])) < 0)
			goto out;
	/* The right count: two fds for two vectors. */
	if (!ok(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0, 2, NULL, efd, 2), "VFU-SET-IRQS-004",
		"SET_IRQS with two eventfds for two vectors"))
		goto out;
	loopback = fire(x, index, 1) && signalled(efd[1], 200);
	if (loopback && signalled(efd[0], 0))
		conf_info(x, "triggering vector 1 of index %u also signalled vector 0", index);
	if (!loopback)
		conf_info(x, "ACTION_TRIGGER with DATA_NONE did not signal the eventfd of vector 1 (the checks that "
			     "vectors are no longer signalled are skipped)");
	/* Count 2 with one fd. */
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, D_EVENTFD | TRIGGER, index, 0, 2, { NULL, 0 } };
	st = call_raw(x, 0, 0, 0, &w[0], 1);
	close_fd(&w[0]);
	if (refused(x, st, "VFU-ERR-005", false, EINVAL, "SET_IRQS with count 2 and one fd") < 0)
		goto out;
	if (!pipe_closed(r[0], 200))
		fail(x, "VFU-FD-004", "the fd of a SET_IRQS with count 2 and one fd is still open in the server");
	/* Count 1 with two fds: more than the table allows. */
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, D_EVENTFD | TRIGGER, index, 0, 1, { NULL, 0 } };
	st = call_raw(x, 0, 0, 0, &w[1], 2);
	close_fd(&w[1]);
	close_fd(&w[2]);
	if (refused(x, st, "VFU-FD-003", true, EINVAL, "SET_IRQS with count 1 and two fds") < 0)
		goto out;
	if (!pipe_closed(r[1], 200) || !pipe_closed(r[2], 200))
		fail(x, "VFU-FD-003", "an fd of a SET_IRQS with count 1 and two fds is still open in the server");
	/* DATA_NONE with an fd: the table allows none. */
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, D_NONE | TRIGGER, index, 0, 1, { NULL, 0 } };
	st = call_raw(x, 0, 0, 0, &w[3], 1);
	close_fd(&w[3]);
	if (refused(x, st, "VFU-FD-003", true, EINVAL, "SET_IRQS with DATA_NONE and an fd") < 0)
		goto out;
	if (!pipe_closed(r[3], 200))
		fail(x, "VFU-FD-003", "the fd of a SET_IRQS with DATA_NONE is still open in the server");
	if (x->rep.error && loopback && signalled(efd[0], 0))
		fail(x, "VFU-ERR-006", "the refused SET_IRQS with DATA_NONE and an fd triggered vector 0");
	/* The refused requests changed nothing: vector 1 still fires its eventfd. */
	if (loopback && !(fire(x, index, 1) && signalled(efd[1], 200)))
		fail(x, "VFU-ERR-006", "after refused SET_IRQS requests, vector 1 no longer signals its eventfd");
	/* None: de-assign both. */
	if (!ok(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0, 2, NULL, NULL, 0), "VFU-SET-IRQS-005",
		"SET_IRQS with data_eventfd and no fds"))
		goto out;
	if (loopback) {
		fire(x, index, 0);
		fire(x, index, 1);
		if (signalled(efd[0], 50) || signalled(efd[1], 0))
			fail(x, "VFU-SET-IRQS-005", "a de-assigned eventfd was still signalled");
	}
out:
	for (int i = 0; i < 2; i++)
		close_fd(&efd[i]);
	for (int i = 0; i < 4; i++) {
		close_fd(&w[i]);
		close_fd(&r[i]);
	}
}

/* ==== ordering ============================================================================== */

static void ord_posted_writes(struct ctx *x)
{
	enum { N = 9, BAD = 4 }; /* write BAD goes to a region the device does not have */
	struct store s;
	uint8_t v[N][8], got[8];
	uint16_t id = 0;
	struct iow_error err;

	if (!ready(x) || !need_xfer(x, 8))
		return;
	if (!find_store(x, &s, -1)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no region location reads back what was written");
		return;
	}
	/* Posted writes to the same place, then a read: it must see the last one. The one to a
	 * region the device does not have fails: it must not be answered either. */
	for (int i = 0; i < N; i++) {
		memset(v[i], 0xa0 + i, 8);
		v[i][0] = (uint8_t)i;
		start(x, IOW_VFU_COMMAND_REGION_WRITE);
		x->req.hdr.flags = IOW_VFU_HEADER_FLAGS_NO_REPLY;
		x->req.u.region_access_data.access =
			(struct iow_vfu_region_access){ s.offset, i == BAD ? 0xfffffff0u : s.region, 8 };
		x->req.u.region_access_data.data.ptr = v[i];
		x->req.u.region_access_data.data.len = 8;
		if (vfu_send(x, &x->req, NULL, 0, NULL))
			return;
	}
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ s.offset, s.region, 8 };
	if (vfu_send(x, &x->req, NULL, 0, &id))
		return;
	enum recv_status st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err);

	close_fds(x->rfds, x->rnfds);
	x->rnfds = 0;
	if (st != R_MSG) {
		fail(x, "VFU-REPLY-001", "no reply to the REGION_READ that followed %d posted REGION_WRITEs", N);
		return;
	}
	if (x->rep.hdr.msg_id != id || x->rep.hdr.command != IOW_VFU_COMMAND_REGION_READ) {
		fail(x, "VFU-REPLY-002", "%s %s reply with msg_id %u came for a posted write (No_reply)",
		     x->rep.error ? "an error" : "a",
		     iow_vfu_msg_name(x->rep.hdr.command, false) ? iow_vfu_msg_name(x->rep.hdr.command, false) : "?",
		     x->rep.hdr.msg_id);
		return;
	}
	if (x->rep.error || x->rep.u.region_access_data.data.len != 8) {
		fail(x, "VFU-REGION-RW-002", "the REGION_READ after the posted writes failed");
		return;
	}
	memcpy(got, x->rep.u.region_access_data.data.ptr, 8);
	if (memcmp(got, v[N - 1], 8)) {
		int seen = -1;

		for (int i = 0; i < N; i++)
			if (i != BAD && !memcmp(got, v[i], 8))
				seen = i;
		fail(x, "VFU-ORDER-002", "a REGION_READ sent after %d posted REGION_WRITEs saw %s", N,
		     seen >= 0 ? "an earlier write" : "none of them");
		return;
	}
	/* And nothing more comes: the posted writes have no replies. */
	if (quiet(x, 30))
		conf_note(x, "region %u offset %#llx: the read saw the last of the posted writes", s.region,
			  (unsigned long long)s.offset);
}

/* Commands in flight at once, all with the same msg_id. */
static void ord_id_reuse_inflight(struct ctx *x)
{
	static const uint8_t a[8] = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67 };
	static const uint16_t cmds[3] = { IOW_VFU_COMMAND_REGION_WRITE, IOW_VFU_COMMAND_REGION_READ,
					  IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO };
	struct store s;
	struct iow_error err;

	if (!ready(x) || !need_xfer(x, 8))
		return;
	if (!find_store(x, &s, -1)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no region location reads back what was written");
		return;
	}
	for (int i = 0; i < 3; i++) {
		uint16_t id = 0x7777;

		start(x, cmds[i]);
		if (i == 0) {
			x->req.u.region_access_data.access = (struct iow_vfu_region_access){ s.offset, s.region, 8 };
			x->req.u.region_access_data.data.ptr = a;
			x->req.u.region_access_data.data.len = 8;
		} else if (i == 1) {
			x->req.u.region_access = (struct iow_vfu_region_access){ s.offset, s.region, 8 };
		} else {
			x->req.u.irq_info.argsz = 16;
		}
		if (vfu_send(x, &x->req, NULL, 0, &id))
			return;
	}
	for (int i = 0; i < 3; i++) {
		enum recv_status st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err);

		close_fds(x->rfds, x->rnfds);
		x->rnfds = 0;
		if (st != R_MSG) {
			fail(x, "VFU-HDR-011", "three commands in flight with msg_id 0x7777: only %d replies", i);
			return;
		}
		if (x->rep.hdr.msg_id != 0x7777)
			fail(x, "VFU-HDR-010", "reply %d carries msg_id %#x", i, x->rep.hdr.msg_id);
		if (x->rep.hdr.command != cmds[i]) {
			fail(x, "VFU-ORDER-001", "reply %d is for command %u; the %d-th command was %s", i,
				  x->rep.hdr.command, i, iow_vfu_msg_name(cmds[i], false));
			return;
		}
		if (x->rep.error) {
			fail(x, "VFU-HDR-011", "%s failed (errno %u) when it shared its msg_id with other commands",
				  iow_vfu_msg_name(cmds[i], false), x->rep.hdr.error);
			continue;
		}
		if (i == 1 && (x->rep.u.region_access_data.data.len != 8 || memcmp(x->rep.u.region_access_data.data.ptr, a, 8)))
			fail(x, "VFU-ORDER-001", "the REGION_READ did not see the REGION_WRITE sent before it");
	}
}

/* The server's DMA_READ waits unanswered while the runner's own commands go on: the server
 * must keep serving them (VFU-ORDER-004 on a shared socket). */
static void ord_server_command_pending(struct ctx *x)
{
	static uint8_t mem[0x1000];
	uint8_t got[0x100];
	uint32_t status, errnum = 0;

	if (!ready(x) || !need_ref_device(x))
		return;
	fill(mem, sizeof mem, 0x31);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x50000000, sizeof mem, RW, -1, mem))
		return;
	vfu_dma_hold(x, true);
	if (!ref_dma_start(x, 0x50000000, 0x100, 0, DMA_TO_BAR1))
		goto out;
	/* The server's DMA_READ is on its way; our commands must still be answered. */
	for (int i = 0; i < 3; i++) {
		struct iow_vfu_device_info info;

		if (!dev_info(x, &info)) {
			fail(x, "VFU-ORDER-004", "the server stopped answering while its DMA_READ was unanswered");
			goto out;
		}
	}
	if (!vfu_dma_stats(x)->held) {
		quiet(x, 50);
		if (!vfu_dma_stats(x)->held) {
			conf_info(x, "no DMA_READ came for a message-mode copy (the order was not exercised)");
			goto out;
		}
	}
	vfu_dma_hold(x, false);
	status = ref_dma_wait(x, x->t->opts->timeout_ms, &errnum);
	if (status != DMA_ST_DONE) {
		conf_info(x, "the copy did not complete after its DMA_READ was answered late (status %u, errno %u)",
			  status, errnum);
		goto out;
	}
	if (read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, got, sizeof got) && memcmp(got, mem, sizeof got))
		fail(x, "VFU-DMA-MAP-003", "BAR1 does not hold the bytes the runner returned for the DMA_READ");
out:
	vfu_dma_hold(x, false);
}

/* ==== DMA ==================================================================================== */

/* The device copies through a region mapped with an fd. */
static void dma_device_fd(struct ctx *x)
{
	struct shared g = { -1, NULL, 0 };
	uint8_t got[0x1000], pat[0x800];
	uint32_t st, errnum;

	if (!ready(x) || !need_ref_device(x))
		return;
	if (!shared_new(&g, "iowire-conform-guest", 0x4000))
		return;
	fill(g.mem, g.size, 0x11);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x20000000, g.size, RW, g.fd, NULL))
		goto out;
	st = ref_dma(x, 0x20000800, 0x1000, 0, DMA_TO_BAR1, &errnum);
	if (st != DMA_ST_DONE) {
		conf_info(x, "the copy from an fd-mapped region did not complete (status %u, errno %u; %u DMA "
			     "requests for fd-mapped memory answered EFAULT)", st, errnum, vfu_dma_stats(x)->fd_mode);
		goto out;
	}
	if (read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, got, 0x1000) && memcmp(got, g.mem + 0x800, 0x1000))
		fail(x, "VFU-DMA-MAP-001", "the device copied something else than the mapped file held at the offset");
	fill(pat, sizeof pat, 0x77);
	if (!write_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0x1000, pat, sizeof pat))
		goto out;
	st = ref_dma(x, 0x20003000, sizeof pat, 0x1000, DMA_FROM_BAR1, &errnum);
	if (st != DMA_ST_DONE)
		conf_info(x, "the copy into an fd-mapped region did not complete (status %u, errno %u)", st, errnum);
	else if (memcmp(g.mem + 0x3000, pat, sizeof pat))
		fail(x, "VFU-DMA-MAP-001", "the device's write did not reach the mapped file at its offset");
	else
		conf_note(x, "the device read and wrote the fd-mapped region directly (%u DMA requests)",
			  vfu_dma_stats(x)->on_main + vfu_dma_stats(x)->on_twin);
out:
	shared_free(&g);
}

/* The device copies through a region mapped without an fd: DMA_READ and DMA_WRITE, which the
 * runner answers from its memory. */
static void dma_message_rw(struct ctx *x, bool twin)
{
	static uint8_t mem[0x4000];
	uint8_t got[0x2000], pat[0x800];
	uint32_t st, errnum;
	const struct vfu_dma_stats *ds;

	if (twin) {
		static const char json[] =
			"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576,\"twin_socket\":{\"supported\":true}}}";
		struct iow_vfu_caps caps;

		if (!negotiate(x, json, &caps, true))
			return;
		if (!(caps.present & IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED) || !caps.twin_socket.supported) {
			close_fds(x->rfds, x->rnfds);
			x->rnfds = 0;
			conf_unimplemented(x, "the server does not offer a twin socket");
			return;
		}
		if (caps.twin_socket.fd_index >= x->rnfds) {
			fail(x, "VFU-TWIN-002", "twin_socket.fd_index %llu names none of the %u fds",
				  (unsigned long long)caps.twin_socket.fd_index, x->rnfds);
			close_fds(x->rfds, x->rnfds);
			x->rnfds = 0;
			return;
		}
		for (unsigned i = 0; i < x->rnfds; i++)
			if (i != caps.twin_socket.fd_index)
				close(x->rfds[i]);
		vfu_dma_twin(x, x->rfds[caps.twin_socket.fd_index]);
		x->rnfds = 0;
	} else if (!ready(x)) {
		return;
	}
	if (!need_ref_device(x))
		goto out;
	fill(mem, sizeof mem, 0x42);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x10000000, sizeof mem, RW, -1, mem))
		goto out;
	st = ref_dma(x, 0x10001000, 0x2000, 0, DMA_TO_BAR1, &errnum);
	ds = vfu_dma_stats(x);
	if (!ds->reads) {
		fail(x, "VFU-DMA-MAP-003", "a device copy from memory mapped without an fd sent no DMA_READ "
			  "(status %u, errno %u)", st, errnum);
		goto out;
	}
	if (st != DMA_ST_DONE) {
		conf_info(x, "the copy through DMA_READ did not complete (status %u, errno %u)", st, errnum);
		goto out;
	}
	if (read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, got, 0x2000) && memcmp(got, mem + 0x1000, 0x2000))
		fail(x, "VFU-DMA-MAP-003", "BAR1 does not hold what the runner's DMA_READ replies carried");
	fill(pat, sizeof pat, 0x99);
	if (!write_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0x2000, pat, sizeof pat))
		goto out;
	st = ref_dma(x, 0x10000000, sizeof pat, 0x2000, DMA_FROM_BAR1, &errnum);
	if (!ds->writes)
		fail(x, "VFU-DMA-MAP-003", "a device copy into memory mapped without an fd sent no DMA_WRITE "
			  "(status %u, errno %u)", st, errnum);
	else if (st != DMA_ST_DONE)
		conf_info(x, "the copy through DMA_WRITE did not complete (status %u, errno %u)", st, errnum);
	else if (memcmp(mem, pat, sizeof pat))
		fail(x, "VFU-DMA-MAP-003", "the DMA_WRITEs did not carry BAR1's bytes");
	else
		conf_note(x, "%u DMA_READ (%llu bytes) and %u DMA_WRITE (%llu bytes) served, %u on the twin socket",
			  ds->reads, (unsigned long long)ds->bytes_read, ds->writes, (unsigned long long)ds->bytes_written,
			  ds->on_twin);
	/* The three DMA_WRITE reply forms, one copy each. */
	static const unsigned forms[3] = { IOW_VFU_DMA_WRITE_REPLY_HEADER_ONLY, IOW_VFU_DMA_WRITE_REPLY_SHORT,
					   IOW_VFU_DMA_WRITE_REPLY_ECHO };
	static const char *const form_names[3] = { "header-only", "12-byte", "16-byte echo" };

	for (int i = 0; i < 3 && !conf_failed(x); i++) {
		unsigned before = ds->writes;

		memset(mem + 0x3000, 0, 0x100);
		vfu_dma_write_form(x, forms[i]);
		st = ref_dma(x, 0x10003000, 0x100, 0x2000, DMA_FROM_BAR1, &errnum);
		if (!st)
			goto out;
		if (ds->writes == before)
			break; /* no DMA_WRITE: reported above */
		if (st != DMA_ST_DONE)
			fail(x, "VFU-DMA-RW-004", "the copy failed (status %u, errno %u) after the runner answered its DMA_WRITE "
			     "with the %s reply", st, errnum, form_names[i]);
		else if (memcmp(mem + 0x3000, pat, 0x100))
			fail(x, "VFU-DMA-MAP-003", "the DMA_WRITE answered with the %s reply did not carry BAR1's bytes",
			     form_names[i]);
	}
	vfu_dma_write_form(x, IOW_VFU_DMA_WRITE_REPLY_ECHO);
	/* A copy across two adjacent regions: one DMA_READ per region (the service fails one that
	 * runs past its region's end). */
	{
		static uint8_t next[0x1000];

		fill(next, sizeof next, 0x24);
		if (!conf_failed(x) && map_known(x, 0x10004000, sizeof next, RW, -1, next)) {
			st = ref_dma(x, 0x10003800, 0x1000, 0x3000, DMA_TO_BAR1, &errnum);
			if (st == DMA_ST_DONE && read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0x3000, got, 0x1000) &&
			    (memcmp(got, mem + 0x3800, 0x800) || memcmp(got + 0x800, next, 0x800)))
				fail(x, "VFU-DMA-MAP-003", "a copy across two adjacent regions did not bring their bytes");
			else if (st && st != DMA_ST_DONE)
				conf_info(x, "a copy across two adjacent regions failed (status %u, errno %u)", st, errnum);
		}
	}
	if (twin && ds->on_main)
		fail(x, "VFU-TWIN-004", "%u DMA requests came on the main socket", ds->on_main);
	if (twin) {
		/* VFU-ORDER-005: with the server's DMA_READ unanswered on the twin socket, the main
		 * socket must still be served. */
		struct iow_vfu_device_info info;

		vfu_dma_hold(x, true);
		if (ref_dma_start(x, 0x10000000, 0x100, 0, DMA_TO_BAR1) && !dev_info(x, &info))
			fail(x, "VFU-ORDER-005", "the main socket was not served while a DMA_READ on the twin socket "
				  "waited for its reply");
		vfu_dma_hold(x, false);
		ref_dma_wait(x, x->t->opts->timeout_ms, &errnum);
	}
out:
	vfu_dma_end(x);
}

static void dma_device_message(struct ctx *x)
{
	dma_message_rw(x, false);
}

static void dma_twin(struct ctx *x)
{
	dma_message_rw(x, true);
}

/* Regions mapped read-only, and addresses not mapped at all. */
static void dma_permissions(struct ctx *x)
{
	static uint8_t ro_mem[0x1000];
	struct shared g = { -1, NULL, 0 };
	uint8_t keep[0x1000], pat[0x100];
	uint32_t st, errnum;

	if (!ready(x) || !need_ref_device(x))
		return;
	if (!shared_new(&g, "iowire-conform-ro", 0x1000))
		return;
	fill(g.mem, g.size, 0x21);
	memcpy(keep, g.mem, sizeof keep);
	fill(ro_mem, sizeof ro_mem, 0x22);
	fill(pat, sizeof pat, 0xee);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x60000000, g.size, IOW_VFU_DMA_MAP_FLAGS_READ, g.fd, NULL) ||
	    !map_known(x, 0x61000000, sizeof ro_mem, IOW_VFU_DMA_MAP_FLAGS_READ, -1, ro_mem) ||
	    !write_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, pat, sizeof pat))
		goto out;
	/* Device writes into read-only regions: the fd-mapped file must not change, and no DMA_WRITE
	 * may come for the other (the service fails the case if one does). */
	st = ref_dma(x, 0x60000000, sizeof pat, 0, DMA_FROM_BAR1, &errnum);
	if (!st) /* the connection is gone */
		goto out;
	if (memcmp(g.mem, keep, sizeof keep))
		fail(x, "VFU-DMA-MAP-004", "the device wrote into a region mapped (with an fd) without the write flag");
	else if (st == DMA_ST_DONE)
		conf_info(x, "a copy into a read-only region reported success without writing");
	st = ref_dma(x, 0x61000000, sizeof pat, 0, DMA_FROM_BAR1, &errnum);
	if (!st)
		goto out;
	if (st == DMA_ST_DONE && !vfu_dma_stats(x)->denied)
		conf_info(x, "a copy into a read-only message-mode region reported success without a DMA_WRITE");
	/* Reads from an address no DMA_MAP covers: no DMA_READ may come for it. */
	st = ref_dma(x, 0x62000000, 0x100, 0, DMA_TO_BAR1, &errnum);
	if (!st)
		goto out;
	if (st == DMA_ST_DONE)
		conf_info(x, "a copy from an unmapped address reported success");
	else if (!conf_failed(x))
		conf_note(x, "copies into read-only and from unmapped memory ended with status %u, errno %u", st, errnum);
	/* A copy that starts in a region and runs past its end. */
	ref_dma(x, 0x61000000 + sizeof ro_mem - 0x80, 0x100, 0, DMA_TO_BAR1, &errnum);
out:
	shared_free(&g);
}

/* After DMA_UNMAP the server leaves the region alone. */
static void dma_after_unmap(struct ctx *x)
{
	static uint8_t mem[0x1000];
	struct shared g = { -1, NULL, 0 };
	uint8_t keep[0x1000], pat[0x100];
	uint32_t st, errnum;

	if (!ready(x) || !need_ref_device(x))
		return;
	if (!shared_new(&g, "iowire-conform-unmap", 0x1000))
		return;
	fill(g.mem, g.size, 0x51);
	memcpy(keep, g.mem, sizeof keep);
	fill(mem, sizeof mem, 0x52);
	fill(pat, sizeof pat, 0xcd);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x70000000, g.size, RW, g.fd, NULL) || !map_known(x, 0x71000000, sizeof mem, RW, -1, mem) ||
	    !write_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, pat, sizeof pat))
		goto out;
	/* Both work while mapped. */
	if (ref_dma(x, 0x71000000, 0x100, 0x100, DMA_TO_BAR1, &errnum) != DMA_ST_DONE)
		conf_info(x, "a copy from the message-mode region failed while it was mapped (errno %u)", errnum);
	if (!unmap_known(x, 0x70000000, g.size) || !unmap_known(x, 0x71000000, sizeof mem))
		goto out;
	/* The server's answer to DMA_UNMAP echoes it (VFU-DMA-UNMAP-004 is checked by vfu.dma.map-unmap-fd). */
	st = ref_dma(x, 0x70000000, sizeof pat, 0, DMA_FROM_BAR1, &errnum);
	if (!st)
		goto out;
	if (memcmp(g.mem, keep, sizeof keep))
		fail(x, "VFU-DMA-UNMAP-003", "the device wrote into a region after its DMA_UNMAP succeeded");
	else if (st == DMA_ST_DONE)
		conf_info(x, "a copy into an unmapped region reported success");
	if (!ref_dma(x, 0x71000000, 0x100, 0, DMA_TO_BAR1, &errnum)) /* the service fails a DMA_READ */
		goto out;
	if (!conf_failed(x))
		conf_note(x, "no access to either region after DMA_UNMAP (copy status %u, errno %u)", st, errnum);
	/* DMA_UNMAP while the server's DMA_READ for the region waits for its answer: the answer,
	 * when it comes, must not be used. */
	{
		static uint8_t late[0x1000];
		uint8_t bar[0x100], after[0x100];

		fill(late, sizeof late, 0x5c);
		if (conf_failed(x) || !map_known(x, 0x72000000, sizeof late, RW, -1, late) ||
		    !read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0x800, bar, sizeof bar))
			goto out;
		vfu_dma_hold(x, true);
		if (!ref_dma_start(x, 0x72000000, sizeof bar, 0x800, DMA_TO_BAR1) || !quiet(x, 20))
			goto out;
		if (!vfu_dma_stats(x)->held) {
			vfu_dma_hold(x, false);
			conf_info(x, "no DMA_READ came for a message-mode copy; DMA_UNMAP during one is not checked");
			goto out;
		}
		st = dma_unmap(x, 0x72000000, sizeof late);
		if (st != R_MSG)
			goto out;
		if (x->rep.error) {
			conf_info(x, "DMA_UNMAP of a region with a DMA_READ outstanding failed (errno %u)", x->rep.hdr.error);
			vfu_dma_hold(x, false);
			goto out;
		}
		vfu_dma_hold(x, false); /* the late answer, with the region's bytes */
		vfu_dma_remove(x, 0x72000000, sizeof late);
		st = ref_dma_wait(x, x->t->opts->timeout_ms, &errnum);
		if (!quiet(x, 20))
			goto out;
		if (read_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0x800, after, sizeof after) && memcmp(bar, after, sizeof bar))
			fail(x, "VFU-DMA-UNMAP-003", "the device used the answer to a DMA_READ that came after the region's "
			     "DMA_UNMAP succeeded");
		else
			conf_note(x, "a DMA_READ answered after its region's DMA_UNMAP was not used (copy status %u, errno %u)",
				  st, errnum);
	}
out:
	shared_free(&g);
}

/* ==== dirty logging ========================================================================== */

static enum recv_status log_report(struct ctx *x, uint64_t iova, uint64_t length, uint64_t page_size, uint32_t argsz)
{
	struct iow_vfu_feature_data d = { .kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT };

	d.u.feature_dma_logging_report.iova = iova;
	d.u.feature_dma_logging_report.length = length;
	d.u.feature_dma_logging_report.page_size = page_size;
	return feature(x, IOW_VFU_FEATURE_INDEX_DMA_LOGGING_REPORT | F_GET, argsz, &d);
}

static enum recv_status log_control(struct ctx *x, unsigned feat, unsigned kase, uint64_t page_size,
				    const struct iow_vfu_dma_logging_range *ranges, uint32_t n)
{
	struct iow_vfu_feature_data d = { .kase = kase };

	d.u.feature_dma_logging_control.page_size = page_size;
	d.u.feature_dma_logging_control.num_ranges = n;
	d.u.feature_dma_logging_control.ranges.items = ranges;
	return feature(x, feat | F_SET, 8 + 16 + 16 * n, &d);
}

/* The 64-bit bitmap word of a one-word report. */
static bool report_word(struct ctx *x, uint64_t *word)
{
	const struct iow_vfu_feature_data *d = &x->rep.u.device_feature.data;

	if (d->kase != IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT || d->u.feature_dma_logging_report.bitmap.len != 8) {
		fail(x, "VFU-LOG-004", "the DMA_LOGGING_REPORT reply does not carry a one-word bitmap (%zu bytes)",
			  d->kase == IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT ? d->u.feature_dma_logging_report.bitmap.len : 0);
		return false;
	}
	*word = iow_ld_le64(d->u.feature_dma_logging_report.bitmap.ptr, cfg_of(x)->order);
	return true;
}

static void log_dirty_bitmap(struct ctx *x)
{
	const uint64_t iova = 0x30000000, size = 0x8000, pg = 0x1000;
	const uint32_t argsz = 8 + 24 + 8; /* VFU-LOG-005: 8 pages, one word */
	struct shared g = { -1, NULL, 0 };
	struct iow_vfu_dma_logging_range range = { iova, size };
	uint8_t pat[0x100];
	uint64_t word, want = (1u << 1) | (1u << 5) | (1u << 6);
	uint32_t errnum;

	if (!ready(x) || !need_xfer(x, 8))
		return;
	if (feature(x, IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START | F_PROBE | F_SET, 16, NULL) != R_MSG)
		return;
	if (x->rep.error) {
		conf_unimplemented(x, "no dirty-page logging (PROBE of DMA_LOGGING_START with SET fails)");
		return;
	}
	if (!need_ref_device(x))
		return;
	if (!shared_new(&g, "iowire-conform-dirty", size))
		return;
	vfu_dma_track(x, true);
	if (!map_known(x, iova, size, RW, g.fd, NULL))
		goto out;
	if (refused(x, log_report(x, iova, size, pg, argsz), "VFU-LOG-003", true, 0,
		    "DMA_LOGGING_REPORT before DMA_LOGGING_START") < 0)
		goto out;
	if (log_control(x, IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START, IOW_VFU_FEATURE_DATA_DMA_LOGGING_START, pg, &range,
			1) != R_MSG)
		goto out;
	if (x->rep.error) {
		conf_info(x, "DMA_LOGGING_START of one range with 4 KiB pages failed (errno %u)", x->rep.hdr.error);
		goto out;
	}
	/* The device writes page 1, and pages 5 and 6 with one copy across their boundary; it reads
	 * page 3. */
	fill(pat, sizeof pat, 0x3d);
	if (!write_bytes(x, IOW_VFU_REGION_INDEX_BAR1, 0, pat, sizeof pat))
		goto out;
	if (ref_dma(x, iova + 0x1000, 0x100, 0, DMA_FROM_BAR1, &errnum) != DMA_ST_DONE ||
	    ref_dma(x, iova + 0x5ff0, 0x20, 0, DMA_FROM_BAR1, &errnum) != DMA_ST_DONE ||
	    ref_dma(x, iova + 0x3000, 0x100, 0x200, DMA_TO_BAR1, &errnum) != DMA_ST_DONE) {
		conf_info(x, "a device copy through the fd-mapped region failed (errno %u)", errnum);
		goto out;
	}
	if (memcmp(g.mem + 0x1000, pat, sizeof pat))
		fail(x, "VFU-DMA-MAP-001", "the device's write did not reach the mapped file");
	if (!ok(x, log_report(x, iova, size, pg, argsz), "VFU-LOG-004", "DMA_LOGGING_REPORT") || !report_word(x, &word))
		goto out;
	if ((word & want) != want)
		fail(x, "VFU-LOG-004", "pages 1, 5 and 6 were written; the bitmap is %#llx", (unsigned long long)word);
	if (word >> 8)
		fail(x, "VFU-LOG-004", "bits past the 8 pages of the range are set: %#llx", (unsigned long long)word);
	else if (word & ~want)
		conf_info(x, "the bitmap %#llx marks pages that were not written (1, 5, 6 were)", (unsigned long long)word);
	/* Reported pages start clean. */
	if (ok(x, log_report(x, iova, size, pg, argsz), "VFU-LOG-004", "a second DMA_LOGGING_REPORT") &&
	    report_word(x, &word) && word)
		conf_info(x, "a second report without writes in between still marks %#llx", (unsigned long long)word);
	if (refused(x, log_report(x, iova, size, 3000, argsz), "VFU-LOG-003", true, 0,
		    "DMA_LOGGING_REPORT with page_size 3000") < 0)
		goto out;
	if (log_control(x, IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP, IOW_VFU_FEATURE_DATA_DMA_LOGGING_STOP, pg, NULL, 0) !=
	    R_MSG)
		goto out;
	if (x->rep.error) {
		conf_info(x, "DMA_LOGGING_STOP failed (errno %u)", x->rep.hdr.error);
		goto out;
	}
	refused(x, log_report(x, iova, size, pg, argsz), "VFU-LOG-003", true, 0, "DMA_LOGGING_REPORT after DMA_LOGGING_STOP");
out:
	shared_free(&g);
}

/* ==== region accesses ======================================================================== */

static void rw_bounds(struct ctx *x)
{
	struct iow_vfu_device_info info;
	struct iow_vfu_region_info ri;
	struct store s;
	uint8_t before[8], after[8];
	static const uint8_t junk[8] = { 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8 };

	if (!ready(x) || !dev_info(x, &info))
		return;
	if (!find_store(x, &s, -1) || !reg_info(x, s.region, &ri)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no region location reads back what was written");
		return;
	}
	/* count 0 */
	enum recv_status st = rd(x, s.region, s.offset, 0);

	if (st != R_MSG)
		return;
	if (x->rep.error)
		conf_info(x, "a REGION_READ of 0 bytes failed with errno %u", x->rep.hdr.error);
	else if (x->rep.payload.len != 16 || x->rep.u.region_access_data.access.count != 0)
		fail(x, "VFU-REGION-RW-005", "the reply to a REGION_READ of 0 bytes has %zu payload bytes, count %u",
			  x->rep.payload.len, x->rep.u.region_access_data.access.count);
	st = wr(x, s.region, s.offset, NULL, 0);
	if (st != R_MSG)
		return;
	if (x->rep.error)
		conf_info(x, "a REGION_WRITE of 0 bytes failed with errno %u", x->rep.hdr.error);
	else if (x->rep.payload.len != 16 || x->rep.u.region_access.count != 0)
		fail(x, "VFU-REGION-RW-005", "the reply to a REGION_WRITE of 0 bytes has %zu payload bytes, count %u",
			  x->rep.payload.len, x->rep.u.region_access.count);
	if (!read_bytes(x, s.region, s.offset, before, 8))
		return;
	/* offset + count wraps around 2^64 */
	if (refused(x, rd(x, s.region, UINT64_MAX - 3, 8), "VFU-REGION-RW-001", true, EINVAL,
		    "a REGION_READ whose offset + count overflows") < 0)
		return;
	if (refused(x, wr(x, s.region, UINT64_MAX - 3, junk, 8), "VFU-REGION-RW-001", true, EINVAL,
		    "a REGION_WRITE whose offset + count overflows") < 0)
		return;
	if (read_bytes(x, s.region, s.offset, after, 8) && memcmp(before, after, 8))
		fail(x, "VFU-ERR-006", "the refused overflowing REGION_WRITE changed region %u at %#llx", s.region,
			  (unsigned long long)s.offset);
	/* just past the end; at the end with count 0 */
	if (refused(x, rd(x, s.region, ri.size, 1), "VFU-REGION-RW-001", true, EINVAL,
		    "a REGION_READ of 1 byte at the region's size") < 0)
		return;
	if (refused(x, rd(x, s.region, 0, (uint32_t)(ri.size > 0xfffff ? 0x100000 : ri.size + 1)), "VFU-REGION-RW-001",
		    true, EINVAL, "a REGION_READ longer than the region") < 0)
		return;
	st = rd(x, s.region, ri.size, 0);
	if (st == R_MSG)
		conf_note(x, "a REGION_READ of 0 bytes at the end of region %u: %s", s.region,
			  x->rep.error ? "refused" : "accepted");
	/* regions the device does not have */
	if (refused(x, rd(x, info.num_regions, 0, 4), "VFU-REGION-RW-001", true, EINVAL,
		    "a REGION_READ of region num_regions") < 0)
		return;
	if (refused(x, rd(x, 0xffffffffu, 0, 4), "VFU-REGION-RW-001", true, EINVAL, "a REGION_READ of region 0xffffffff") < 0)
		return;
	for (uint32_t i = 0; i < info.num_regions && i < 16; i++)
		if (reg_info(x, i, &ri) && ri.size == 0) {
			refused(x, rd(x, i, 0, 4), "VFU-REGION-RW-001", true, EINVAL, "a REGION_READ of a region of size 0");
			break;
		}
}

/* A REGION_WRITE whose count does not match its data. */
static void rw_count_mismatch(struct ctx *x)
{
	static const uint8_t data[8] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80 };
	struct store s;
	uint8_t before[8], after[8];

	if (!ready(x))
		return;
	if (!find_store(x, &s, -1)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no region location reads back what was written");
		return;
	}
	if (!read_bytes(x, s.region, s.offset, before, 8))
		return;
	/* count says 8, 4 bytes follow (count is at payload offset 12) */
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ s.offset, s.region, 4 };
	x->req.u.region_access_data.data.ptr = data;
	x->req.u.region_access_data.data.len = 4;
	if (refused(x, call_raw(x, IOW_VFU_HEADER_SIZE + 12, 8, 4, NULL, 0), "VFU-CMD-005", true, EINVAL,
		    "a REGION_WRITE with count 8 and 4 data bytes") < 0)
		return;
	/* count says 2, 8 bytes follow */
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ s.offset, s.region, 8 };
	x->req.u.region_access_data.data.ptr = data;
	x->req.u.region_access_data.data.len = 8;
	if (refused(x, call_raw(x, IOW_VFU_HEADER_SIZE + 12, 2, 4, NULL, 0), "VFU-CMD-005", true, EINVAL,
		    "a REGION_WRITE with count 2 and 8 data bytes") < 0)
		return;
	if (read_bytes(x, s.region, s.offset, after, 8) && memcmp(before, after, 8))
		fail(x, "VFU-CMD-005", "a refused REGION_WRITE whose count did not match its data wrote region %u",
			  s.region);
	/* A REGION_READ with data after it. */
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ s.offset, s.region, 4 };
	{
		static uint8_t buf[64];
		struct iow_error err = { 0 };
		uint16_t id = x->t->next_id++;
		long n;

		x->req.hdr.msg_id = id;
		n = iow_vfu_msg_encode(cfg_of(x), &x->req, 0, buf, sizeof buf, &err);
		if (n < 0)
			return;
		memset(buf + n, 0xab, 8);
		iow_st_le32(buf + 4, (uint32_t)n + 8, cfg_of(x)->order);
		if (vfu_send_raw(x, buf, (size_t)n + 8, NULL, 0, 0))
			return;
		enum recv_status st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err);

		close_fds(x->rfds, x->rnfds);
		x->rnfds = 0;
		refused(x, st, "VFU-CMD-005", true, EINVAL, "a REGION_READ with 8 bytes after its 16-byte payload");
	}
	/* The stream is still in step. */
	read_bytes(x, s.region, s.offset, after, 8);
}

static void rw_write_multi(struct ctx *x)
{
	static const char json[] =
		"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576,\"write_multiple\":true}}";
	struct iow_vfu_caps caps;
	struct iow_vfu_device_info info;
	struct store s;
	struct iow_vfu_write_multi_entry e[3];
	uint8_t got[8], before[8];
	static const uint8_t want[8] = { 0x11, 0x12, 0xa1, 0xa2, 0x15, 0x16, 0x17, 0xb1 };

	if (!negotiate(x, json, &caps, false))
		return;
	if (!(caps.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE) || !caps.write_multiple) {
		conf_unimplemented(x, "the server did not announce write_multiple");
		return;
	}
	if (!dev_info(x, &info) || !need_xfer(x, 8))
		return;
	if (!find_store(x, &s, -1)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no region location reads back what was written");
		return;
	}
	/* Three writes to the same 8 bytes, in order; the bytes of data past count are junk that
	 * must be ignored. */
	memset(e, 0, sizeof e);
	e[0] = (struct iow_vfu_write_multi_entry){ s.offset, s.region, 8, { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 } };
	e[1] = (struct iow_vfu_write_multi_entry){ s.offset + 2, s.region, 2, { 0xa1, 0xa2, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee } };
	e[2] = (struct iow_vfu_write_multi_entry){ s.offset + 7, s.region, 1, { 0xb1, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd } };
	start(x, IOW_VFU_COMMAND_REGION_WRITE_MULTI);
	x->req.u.write_multi.wr_cnt = 3;
	x->req.u.write_multi.wrs.items = e;
	if (!ok(x, call(x, NULL, 0, false), "VFU-WRITE-MULTI-002", "REGION_WRITE_MULTI of three writes"))
		return;
	if (x->rep.u.write_multi_reply.wr_cnt != 3)
		fail(x, "VFU-WRITE-MULTI-003", "three writes succeeded; the reply says wr_cnt %llu",
			  (unsigned long long)x->rep.u.write_multi_reply.wr_cnt);
	if (!read_bytes(x, s.region, s.offset, got, 8))
		return;
	if (memcmp(got, want, 8))
		fail(x, "VFU-WRITE-MULTI-002", "after writes of 8, 2 and 1 bytes in that order the bytes read "
			  "%02x%02x%02x%02x%02x%02x%02x%02x, expected 111 2a1a2151617b1", got[0], got[1], got[2], got[3], got[4],
			  got[5], got[6], got[7]);
	/* A failing write in the middle. */
	memcpy(before, got, 8);
	e[0] = (struct iow_vfu_write_multi_entry){ s.offset, s.region, 4, { 0x21, 0x22, 0x23, 0x24 } };
	e[1] = (struct iow_vfu_write_multi_entry){ 0, info.num_regions, 4, { 0 } };
	e[2] = (struct iow_vfu_write_multi_entry){ s.offset + 4, s.region, 4, { 0x31, 0x32, 0x33, 0x34 } };
	start(x, IOW_VFU_COMMAND_REGION_WRITE_MULTI);
	x->req.u.write_multi.wr_cnt = 3;
	x->req.u.write_multi.wrs.items = e;
	enum recv_status st = call(x, NULL, 0, false);

	if (st != R_MSG)
		return;
	uint64_t n = x->rep.error ? UINT64_MAX : x->rep.u.write_multi_reply.wr_cnt;

	if (!read_bytes(x, s.region, s.offset, got, 8))
		return;
	bool first = !memcmp(got, e[0].data, 4), third = !memcmp(got + 4, e[2].data, 4);

	if (!first && !memcmp(got, before, 4) && (n == UINT64_MAX || n == 0) && !third)
		conf_note(x, "a batch with a failing second write: nothing written (%s)", n ? "error reply" : "wr_cnt 0");
	else if (n == UINT64_MAX)
		conf_info(x, "a batch with a failing second write got an error reply; the first write %s, the third %s",
			  first ? "was done" : "was not", third ? "was done" : "was not");
	else if (n != (uint64_t)first + third)
		fail(x, "VFU-WRITE-MULTI-003", "wr_cnt %llu, but %d writes were done (first %s, third %s)",
			  (unsigned long long)n, first + third, first ? "done" : "not", third ? "done" : "not");
	else if (third)
		conf_info(x, "a batch went on past a failing write (wr_cnt %llu)", (unsigned long long)n);
	else if (!first)
		fail(x, "VFU-WRITE-MULTI-002", "the first write of a batch was not done");
}

/* ==== interrupts ============================================================================= */

static void irq_rules(struct ctx *x)
{
	struct iow_vfu_irq_info ii;
	uint32_t index, n;
	int efd[4] = { -1, -1, -1, -1 };
	bool loopback;
	uint8_t bools[4] = { 0, 1, 0, 0 };

	if (!ready(x))
		goto out;
	if (!find_irq(x, 2, &index, &ii)) {
		if (!conf_failed(x))
			conf_unimplemented(x, "no interrupt index with eventfd support and two vectors");
		goto out;
	}
	n = ii.count < 4 ? ii.count : 4;
	for (uint32_t i = 0; i < n; i++)
		if ((efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
			goto out;
	/* start + count bounds */
	if (refused(x, set_irqs(x, D_NONE | TRIGGER, index, ii.count, 1, NULL, NULL, 0), "VFU-SET-IRQS-002", true,
		    EINVAL, "SET_IRQS with start at the vector count") < 0 ||
	    refused(x, set_irqs(x, D_NONE | TRIGGER, index, 0, ii.count + 1, NULL, NULL, 0), "VFU-SET-IRQS-002", true,
		    EINVAL, "SET_IRQS with count one above the vector count") < 0 ||
	    refused(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0xffffffffu, 2, NULL, NULL, 0), "VFU-SET-IRQS-002", true,
		    EINVAL, "SET_IRQS whose start + count overflows") < 0)
		goto out;
	if (ii.count <= 253 && refused(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 1, ii.count, NULL, NULL, 0),
				       "VFU-SET-IRQS-002", true, EINVAL, "SET_IRQS de-assigning past the last vector") < 0)
		goto out;
	if (!ok(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0, n, NULL, efd, n), "VFU-SET-IRQS-004",
		"SET_IRQS assigning eventfds"))
		goto out;
	loopback = fire(x, index, 0) && signalled(efd[0], 200);
	/* data_bool: the vectors whose byte is 1 fire */
	if (set_irqs(x, D_BOOL | TRIGGER, index, 0, n, bools, NULL, 0) != R_MSG)
		goto out;
	if (x->rep.error) {
		conf_info(x, "SET_IRQS with data_bool {0, 1, ...} failed (errno %u)", x->rep.hdr.error);
	} else {
		bool v0 = signalled(efd[0], 0), v1 = signalled(efd[1], 100);

		if (!v1 || v0)
			conf_info(x, "data_bool {0, 1, ...} signalled vector 0: %s, vector 1: %s", v0 ? "yes" : "no",
				  v1 ? "yes" : "no");
	}
	bools[1] = 2;
	refused(x, set_irqs(x, D_BOOL | TRIGGER, index, 0, 2, bools, NULL, 0), "VFU-ERR-005", false, EINVAL,
		"SET_IRQS with a data_bool byte of 2");
	signalled(efd[1], 0);
	/* data_bool with fewer bytes than count (count at payload offset 16) */
	bools[1] = 1;
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 21, D_BOOL | TRIGGER, index, 0, 1, { bools, 1 } };
	if (refused(x, call_raw(x, IOW_VFU_HEADER_SIZE + 16, 2, 4, NULL, 0), "VFU-CMD-005", true, EINVAL,
		    "SET_IRQS with data_bool, count 2 and one byte") < 0)
		goto out;
	/* Two ACTION bits. */
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, D_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_MASK, index, 0, 1, { NULL, 0 } };
	if (refused(x,
		    call_raw(x, IOW_VFU_HEADER_SIZE + 4,
			     D_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_MASK | IOW_VFU_IRQ_SET_FLAGS_ACTION_UNMASK, 4, NULL, 0),
		    "VFU-ERR-005", false, EINVAL, "SET_IRQS with ACTION_MASK and ACTION_UNMASK") < 0)
		goto out;
	/* mask and unmask */
	enum recv_status st = set_irqs(x, D_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_MASK, index, 0, 1, NULL, NULL, 0);

	if (st != R_MSG)
		goto out;
	if (!(ii.flags & IOW_VFU_IRQ_INFO_FLAGS_MASKABLE)) {
		if (!x->rep.error)
			conf_info(x, "ACTION_MASK was accepted for index %u, which GET_IRQ_INFO does not call maskable", index);
	} else if (x->rep.error) {
		conf_info(x, "ACTION_MASK failed (errno %u) on maskable index %u", x->rep.hdr.error, index);
	} else if (loopback) {
		bool masked = fire(x, index, 0) && !signalled(efd[0], 50);

		if (set_irqs(x, D_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_UNMASK, index, 0, 1, NULL, NULL, 0) != R_MSG)
			goto out;
		if (x->rep.error)
			conf_info(x, "ACTION_UNMASK failed (errno %u) after ACTION_MASK succeeded", x->rep.hdr.error);
		conf_note(x, "a masked vector was %s; after unmasking, the pending interrupt %s", masked ? "held" : "signalled",
			  signalled(efd[0], 100) ? "came" : "did not come");
	}
	/* disable every vector of the index */
	if (!ok(x, set_irqs(x, D_NONE | TRIGGER, index, 0, 0, NULL, NULL, 0), "VFU-SET-IRQS-006",
		"SET_IRQS with DATA_NONE, start 0, count 0"))
		goto out;
	if (loopback) {
		bool any = false;

		for (uint32_t i = 0; i < n; i++) {
			signalled(efd[i], 0);
			fire(x, index, i);
			any |= signalled(efd[i], i ? 0 : 50);
		}
		if (any)
			fail(x, "VFU-SET-IRQS-006", "an eventfd of index %u was still signalled after all interrupts "
				  "of the index were disabled", index);
	} else {
		conf_info(x, "ACTION_TRIGGER with DATA_NONE did not signal an eventfd; whether the vectors stop is not checked");
	}
out:
	for (int i = 0; i < 4; i++)
		close_fd(&efd[i]);
}

/* ==== DEVICE_FEATURE ======================================================================== */

static void feature_probe(struct ctx *x)
{
	uint64_t flags;
	bool get_ok, set_ok;

	if (!ready(x))
		return;
	/* an unknown feature */
	if (refused(x, feature(x, 0x0fffu | F_PROBE | F_GET, 64, NULL), "VFU-FEATURE-002", true, 0,
		    "PROBE with GET of feature 0xfff") < 0 ||
	    refused(x, feature(x, 0x0fffu | F_GET, 64, NULL), "VFU-FEATURE-005", true, 0, "GET of feature 0xfff") < 0)
		return;
	get_ok = mig_flags(x, &flags);
	if (feature(x, FEAT_MIGRATION | F_PROBE | F_GET, 64, NULL) != R_MSG)
		return;
	if (x->rep.error == get_ok)
		fail(x, "VFU-FEATURE-002", "PROBE with GET of MIGRATION %s, but GET %s", x->rep.error ? "failed" : "succeeded",
			  get_ok ? "succeeds" : "fails");
	else if (!x->rep.error && (x->rep.u.device_feature.flags != (FEAT_MIGRATION | F_PROBE | F_GET) ||
				   x->rep.u.device_feature.argsz != x->rep.payload.len))
		fail(x, "VFU-FEATURE-002", "the PROBE reply has flags %#x and argsz %u for a %zu-byte payload",
			  x->rep.u.device_feature.flags, x->rep.u.device_feature.argsz, x->rep.payload.len);
	if (!get_ok) {
		conf_unimplemented(x, "no migration: the PROBE of MIG_DEVICE_STATE is not compared with GET and SET");
		return;
	}
	/* MIG_DEVICE_STATE: PROBE of GET and SET together against the two done for real (SET of the
	 * state the device is in) */
	uint32_t s = mig_get(x);

	get_ok = s != UINT32_MAX;
	set_ok = get_ok && mig_set(x, s, 0) == R_MSG && !x->rep.error;
	if (feature(x, FEAT_STATE | F_PROBE | F_GET | F_SET, 64, NULL) != R_MSG)
		return;
	if (x->rep.error == (get_ok && set_ok))
		fail(x, "VFU-FEATURE-002", "PROBE with GET and SET of MIG_DEVICE_STATE %s; GET %s and SET %s",
			  x->rep.error ? "failed" : "succeeded", get_ok ? "works" : "fails", set_ok ? "works" : "fails");
	/* MIGRATION has no SET */
	if (feature(x, FEAT_MIGRATION | F_PROBE | F_SET, 64, NULL) == R_MSG && !x->rep.error) {
		struct iow_vfu_feature_data d = { .kase = IOW_VFU_FEATURE_DATA_MIGRATION };

		d.u.feature_migration.flags = flags;
		if (feature(x, FEAT_MIGRATION | F_SET, 64, &d) == R_MSG && x->rep.error)
			fail(x, "VFU-FEATURE-002", "PROBE with SET of MIGRATION succeeded, a SET of it fails");
	}
}

static void feature_rules(struct ctx *x)
{
	uint64_t flags;
	uint32_t s;
	uint8_t req[16];
	long n;
	struct iow_error err = { 0 };

	if (!ready(x) || !need_migration(x, &flags))
		return;
	/* GET: flags repeated, argsz the size of the reply */
	if (feature(x, FEAT_MIGRATION | F_GET, 64, NULL) != R_MSG || x->rep.error)
		return;
	if (x->rep.u.device_feature.flags != (FEAT_MIGRATION | F_GET))
		fail(x, "VFU-FEATURE-004", "the GET reply has flags %#x", x->rep.u.device_feature.flags);
	if (x->rep.u.device_feature.argsz != x->rep.payload.len)
		fail(x, "VFU-FEATURE-004", "the GET reply's argsz is %u for a %zu-byte payload",
			  x->rep.u.device_feature.argsz, x->rep.payload.len);
	/* GET whose argsz cannot hold the reply */
	if (refused(x, feature(x, FEAT_MIGRATION | F_GET, 8, NULL), "VFU-SIZE-011", true, EINVAL,
		    "GET of MIGRATION with argsz 8") < 0)
		return;
	/* SET: the reply repeats the request */
	s = mig_get(x);
	if (s == UINT32_MAX)
		return;
	if (!ok(x, mig_set(x, s, 0), "VFU-MIG-004", "SET of MIG_DEVICE_STATE to the state it is in"))
		return;
	n = iow_vfu_device_feature_encode(cfg_of(x), &x->req.u.device_feature, req, sizeof req, &err);
	if (n == 16 && x->rep.payload.len == 16 && memcmp(x->rep.payload.ptr + 4, req + 4, 12))
		fail(x, "VFU-FEATURE-003", "the SET reply does not repeat the request's flags and data");
	else if (x->rep.payload.len != 16)
		fail(x, "VFU-FEATURE-003", "the SET reply has %zu payload bytes, the request 16", x->rep.payload.len);
	if (x->rep.u.device_feature.argsz < x->rep.payload.len)
		fail(x, "VFU-SIZE-011", "the SET reply's argsz %u is below its %zu-byte payload",
			  x->rep.u.device_feature.argsz, x->rep.payload.len);
	/* SET whose argsz cannot hold the reply (which repeats its 16 bytes) */
	{
		struct iow_vfu_feature_data d = { .kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE };

		d.u.feature_mig_state.device_state = s;
		if (refused(x, feature(x, FEAT_STATE | F_SET, 8, &d), "VFU-SIZE-011", true, EINVAL,
			    "SET of MIG_DEVICE_STATE with argsz 8") < 0)
			return;
	}
	/* No operation bit, and GET with SET without PROBE: requests a client must not send. */
	if (refused(x, feature(x, FEAT_MIGRATION, 64, NULL), "VFU-ERR-005", false, EINVAL,
		    "DEVICE_FEATURE without GET, SET or PROBE") < 0)
		return;
	refused(x, feature(x, FEAT_STATE | F_GET | F_SET, 64, NULL), "VFU-ERR-005", false, EINVAL,
		"DEVICE_FEATURE with GET and SET but no PROBE");
	mig_home(x);
}

/* ==== migration ============================================================================= */

enum { S_ERROR = IOW_VFU_MIG_STATE_ERROR, S_STOP = IOW_VFU_MIG_STATE_STOP, S_RUNNING = IOW_VFU_MIG_STATE_RUNNING,
       S_STOP_COPY = IOW_VFU_MIG_STATE_STOP_COPY, S_RESUMING = IOW_VFU_MIG_STATE_RESUMING,
       S_PRE_COPY = IOW_VFU_MIG_STATE_PRE_COPY };

/* Walks states one request at a time, checking each with GET. */
static bool walk(struct ctx *x, const uint32_t *path, size_t n, const char *req)
{
	for (size_t i = 0; i < n; i++)
		if (!go(x, path[i], req)) {
			mig_home(x);
			return false;
		}
	return true;
}

static void mig_every_arc(struct ctx *x)
{
	/* every arc of the table: R>S, S>R, R>PC, PC>R, PC>SC, SC>S, S>SC, S>RES, RES>S */
	static const uint32_t with_pre[] = { S_STOP, S_RUNNING, S_PRE_COPY, S_RUNNING, S_PRE_COPY, S_STOP_COPY,
					     S_STOP, S_STOP_COPY, S_STOP, S_RESUMING, S_STOP, S_RUNNING };
	static const uint32_t without_pre[] = { S_STOP, S_RUNNING, S_STOP, S_STOP_COPY, S_STOP, S_RESUMING, S_STOP,
						S_RUNNING };
	uint64_t flags;

	if (!ready(x) || !need_migration(x, &flags))
		return;
	if (mig_get(x) != S_RUNNING)
		conf_info(x, "the device starts in %s, not RUNNING", state_name(mig_get(x)));
	if (flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY)
		walk(x, with_pre, sizeof with_pre / sizeof with_pre[0], "VFU-MIG-003");
	else if (walk(x, without_pre, sizeof without_pre / sizeof without_pre[0], "VFU-MIG-003"))
		conf_note(x, "no pre_copy flag: the arcs through PRE_COPY are not requested (VFU-MIG-002)");
}

static void mig_paths(struct ctx *x)
{
	/* each target two or three arcs away from the state before it */
	static const uint32_t with_pre[] = { S_STOP_COPY, S_RUNNING, S_RESUMING, S_PRE_COPY, S_STOP, S_PRE_COPY,
					     S_RESUMING, S_STOP_COPY, S_RESUMING, S_RUNNING };
	static const uint32_t without_pre[] = { S_STOP_COPY, S_RUNNING, S_RESUMING, S_STOP_COPY, S_RESUMING,
						S_RUNNING };
	uint64_t flags;

	if (!ready(x) || !need_migration(x, &flags))
		return;
	if (flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY)
		walk(x, with_pre, sizeof with_pre / sizeof with_pre[0], "VFU-MIG-004");
	else
		walk(x, without_pre, sizeof without_pre / sizeof without_pre[0], "VFU-MIG-004");
}

static void mig_refused(struct ctx *x)
{
	uint64_t flags;
	uint32_t s;

	if (!ready(x) || !need_migration(x, &flags) || !go(x, S_RUNNING, "VFU-MIG-003"))
		return;
	/* ERROR, and values the enumeration does not list (device_state at payload offset 8) */
	if (refused(x, mig_set(x, S_ERROR, 0), "VFU-MIG-006", true, 0, "SET MIG_DEVICE_STATE ERROR") < 0)
		return;
	if ((s = mig_get(x)) != S_RUNNING)
		fail(x, "VFU-ERR-006", "after a refused SET of ERROR the state is %s", state_name(s));
	for (int i = 0; i < 2; i++) {
		static const uint32_t bad[2] = { 8, 0x1234 };
		char what[64];

		snprintf(what, sizeof what, "SET MIG_DEVICE_STATE %#x", bad[i]);
		start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
		x->req.u.device_feature = (struct iow_vfu_device_feature){ 16, FEAT_STATE | F_SET,
									   { .kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE } };
		x->req.u.device_feature.data.u.feature_mig_state.device_state = S_STOP;
		if (refused(x, call_raw(x, IOW_VFU_HEADER_SIZE + 8, bad[i], 4, NULL, 0), "VFU-MIG-006", true, 0, what) < 0)
			return;
	}
	if ((s = mig_get(x)) != S_RUNNING)
		fail(x, "VFU-ERR-006", "after refused SETs of unlisted states the state is %s", state_name(s));
	/* P2P states without the p2p flag: a client must not ask (VFU-MIG-002) */
	if (!(flags & IOW_VFU_MIGRATION_FLAGS_P2P) && mig_set(x, IOW_VFU_MIG_STATE_RUNNING_P2P, 0) == R_MSG &&
	    !x->rep.error) {
		conf_info(x, "RUNNING_P2P was accepted although the MIGRATION flags lack p2p");
		mig_home(x);
	}
	/* data_fd is ignored */
	if (mig_set(x, S_STOP, 0x55aa) != R_MSG)
		return;
	if (x->rep.error)
		fail(x, "VFU-MIG-012", "SET STOP with data_fd 0x55aa failed (errno %u)", x->rep.hdr.error);
	else if ((s = mig_get(x)) != S_STOP)
		fail(x, "VFU-MIG-003", "after SET STOP (with data_fd 0x55aa) GET returns %s", state_name(s));
	/* STOP_COPY -> PRE_COPY */
	if (!go(x, S_STOP_COPY, "VFU-MIG-003"))
		return;
	if (refused(x, mig_set(x, S_PRE_COPY, 0), "VFU-MIG-005", true, 0, "STOP_COPY -> PRE_COPY") < 0)
		return;
	s = mig_get(x);
	if (s != S_STOP_COPY && s != S_ERROR)
		fail(x, "VFU-ERR-006", "after a refused STOP_COPY -> PRE_COPY the state is %s", state_name(s));
	mig_home(x);
}

/* ERROR: entered when leaving RESUMING with a stream cut short (if the device fails there). */
static void mig_error_state(struct ctx *x)
{
	static const uint8_t one = 0xff;
	uint64_t flags;
	uint32_t s;

	if (!ready(x) || !need_migration(x, &flags) || !go(x, S_RESUMING, "VFU-MIG-004"))
		return;
	start(x, IOW_VFU_COMMAND_MIG_DATA_WRITE);
	x->req.u.mig_data_data = (struct iow_vfu_mig_data_data){ { 8 + 1, 1 }, { &one, 1 } };
	if (call(x, NULL, 0, false) != R_MSG)
		return;
	if (mig_set(x, S_RUNNING, 0) != R_MSG)
		return;
	if (!x->rep.error) {
		conf_info(x, "the device left RESUMING after one byte of data that is not its stream; ERROR was not reached");
		return;
	}
	s = mig_get(x);
	if (s != S_RESUMING && s != S_STOP && s != S_ERROR)
		fail(x, "VFU-MIG-007", "a failed RESUMING -> RUNNING left the device in %s", state_name(s));
	if (s != S_ERROR) {
		conf_info(x, "a stream cut short was refused without ERROR (state %s)", state_name(s));
		mig_home(x);
		return;
	}
	/* In ERROR until reset. */
	if (refused(x, mig_set(x, S_RUNNING, 0), "VFU-MIG-008", true, 0, "SET RUNNING in ERROR") < 0 ||
	    refused(x, mig_set(x, S_STOP, 0), "VFU-MIG-008", true, 0, "SET STOP in ERROR") < 0)
		return;
	if ((s = mig_get(x)) != S_ERROR)
		fail(x, "VFU-MIG-008", "the device left ERROR for %s without a reset", state_name(s));
	start(x, IOW_VFU_COMMAND_DEVICE_RESET);
	if (!ok(x, call(x, NULL, 0, false), "VFU-RESET-001", "DEVICE_RESET in ERROR"))
		return;
	s = mig_get(x);
	if (s == S_ERROR)
		conf_info(x, "DEVICE_RESET left the device in ERROR");
	else
		conf_note(x, "stream cut short -> ERROR; SET refused there; DEVICE_RESET -> %s", state_name(s));
	mig_home(x);
}

/* A MIG_DATA size every server takes: 64 bytes, or less if its max_data_xfer_size says so. */
static uint32_t small_chunk(const struct ctx *x)
{
	return xfer_limit(x) < 64 ? xfer_limit(x) : 64;
}

static enum recv_status mig_read(struct ctx *x, uint32_t size)
{
	start(x, IOW_VFU_COMMAND_MIG_DATA_READ);
	x->req.u.mig_data = (struct iow_vfu_mig_data){ 8 + size, size };
	return call(x, NULL, 0, false);
}

static enum recv_status mig_write(struct ctx *x, const uint8_t *data, uint32_t size)
{
	start(x, IOW_VFU_COMMAND_MIG_DATA_WRITE);
	x->req.u.mig_data_data = (struct iow_vfu_mig_data_data){ { 8 + size, size }, { data, size } };
	return call(x, NULL, 0, false);
}

static void mig_data_states(struct ctx *x)
{
	static const uint8_t zeros[16] = { 0 };
	uint64_t flags;

	if (!ready(x) || !need_migration(x, &flags))
		return;
	const uint8_t *data = zeros;
	const uint32_t size = xfer_limit(x) < sizeof zeros ? xfer_limit(x) : (uint32_t)sizeof zeros;

	if (refused(x, mig_write(x, data, size), "VFU-MIG-010", true, 0, "MIG_DATA_WRITE in RUNNING") < 0 ||
	    !go(x, S_STOP, "VFU-MIG-003") ||
	    refused(x, mig_read(x, small_chunk(x)), "VFU-MIG-010", true, 0, "MIG_DATA_READ in STOP") < 0 ||
	    refused(x, mig_write(x, data, size), "VFU-MIG-010", true, 0, "MIG_DATA_WRITE in STOP") < 0 ||
	    !go(x, S_RESUMING, "VFU-MIG-003") ||
	    refused(x, mig_read(x, small_chunk(x)), "VFU-MIG-010", true, 0, "MIG_DATA_READ in RESUMING") < 0 ||
	    !go(x, S_STOP, "VFU-MIG-003") || !go(x, S_STOP_COPY, "VFU-MIG-003") ||
	    refused(x, mig_write(x, data, size), "VFU-MIG-010", true, 0, "MIG_DATA_WRITE in STOP_COPY") < 0)
		goto out;
	if (mig_read(x, small_chunk(x)) == R_MSG && x->rep.error)
		conf_info(x, "MIG_DATA_READ in STOP_COPY failed (errno %u)", x->rep.hdr.error);
	if ((flags & IOW_VFU_MIGRATION_FLAGS_PRE_COPY) && go(x, S_STOP, "VFU-MIG-003") && go(x, S_RUNNING, "VFU-MIG-003") &&
	    go(x, S_PRE_COPY, "VFU-MIG-003")) {
		if (mig_read(x, small_chunk(x)) == R_MSG && x->rep.error)
			conf_info(x, "MIG_DATA_READ in PRE_COPY failed (errno %u)", x->rep.hdr.error);
		refused(x, mig_write(x, data, size), "VFU-MIG-010", true, 0, "MIG_DATA_WRITE in PRE_COPY");
	}
out:
	mig_home(x);
}

#define STREAM_MAX (8u << 20)

/* Saves the device in STOP_COPY, restores the stream into a fresh instance (or, with a running
 * server, the same one after overwriting what was saved) and compares what the regions read. */
static void mig_stream(struct ctx *x)
{
	static const uint8_t a[2][8] = { { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 },
					 { 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8 } };
	static const uint8_t b[8] = { 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13 };
	struct store st[2];
	unsigned nst = 0;
	uint8_t *stream = NULL, cfg_src[64], cfg_dst[64], got[8];
	size_t len = 0;
	uint32_t chunk;
	uint64_t flags;
	bool fresh;

	if (!ready(x) || !need_migration(x, &flags))
		return;
	if (find_store(x, &st[0], -1)) {
		nst = 1;
		if (find_store(x, &st[1], (int)st[0].region))
			nst = 2;
	}
	for (unsigned i = 0; i < nst; i++)
		if (!write_bytes(x, st[i].region, st[i].offset, a[i], 8))
			return;
	if (!read_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 0, cfg_src, sizeof cfg_src))
		return;
	stream = malloc(STREAM_MAX);
	if (!stream || !go(x, S_STOP_COPY, "VFU-MIG-004"))
		goto out;
	chunk = x->t->max_data_xfer < 4096 ? (uint32_t)x->t->max_data_xfer : 4096;
	for (;;) {
		uint32_t got_n;

		if (mig_read(x, chunk) != R_MSG)
			goto out;
		if (x->rep.error) {
			conf_info(x, "MIG_DATA_READ in STOP_COPY failed (errno %u) after %zu bytes", x->rep.hdr.error, len);
			goto out;
		}
		got_n = x->rep.u.mig_data_data.mig.size;
		if (got_n > chunk || x->rep.u.mig_data_data.data.len != got_n ||
		    x->rep.u.mig_data_data.mig.argsz != 8 + got_n) {
			fail(x, "VFU-MIG-DATA-001", "asked for %u bytes: the reply has size %u, argsz %u and %zu data bytes",
				  chunk, got_n, x->rep.u.mig_data_data.mig.argsz, x->rep.u.mig_data_data.data.len);
			goto out;
		}
		if (len + got_n > STREAM_MAX) {
			conf_info(x, "the migration data goes on past %u bytes; not restored", STREAM_MAX);
			goto out;
		}
		memcpy(stream + len, x->rep.u.mig_data_data.data.ptr, got_n);
		len += got_n;
		if (got_n < chunk)
			break;
	}
	/* The end stays the end. */
	if (mig_read(x, chunk) == R_MSG && !x->rep.error && x->rep.u.mig_data_data.mig.size)
		conf_info(x, "after a short read ended the data, another MIG_DATA_READ returned %u bytes",
			  x->rep.u.mig_data_data.mig.size);
	go(x, S_STOP, "VFU-MIG-004");
	go(x, S_RUNNING, "VFU-MIG-004");

	/* The destination. */
	fresh = x->t->opts->exec != NULL;
	vfu_dma_end(x);
	if (target_restart(x->t)) {
		conf_info(x, "cannot %s for the destination", fresh ? "launch a second instance" : "reconnect");
		goto out;
	}
	if (!ready(x))
		goto out;
	for (unsigned i = 0; i < nst; i++)
		if (!write_bytes(x, st[i].region, st[i].offset, b, 8))
			goto out;
	if (!go(x, S_RESUMING, "VFU-MIG-004"))
		goto out;
	for (size_t at = 0; at < len; at += chunk) {
		uint32_t n = len - at < chunk ? (uint32_t)(len - at) : chunk;

		if (mig_write(x, stream + at, n) != R_MSG)
			goto out;
		if (x->rep.error) {
			conf_info(x, "the destination refused the source's migration data at byte %zu (errno %u)", at,
				  x->rep.hdr.error);
			mig_home(x);
			goto out;
		}
	}
	if (mig_set(x, S_RUNNING, 0) != R_MSG)
		goto out;
	if (x->rep.error) {
		conf_info(x, "the destination failed RESUMING -> RUNNING after the whole stream (errno %u)", x->rep.hdr.error);
		mig_home(x);
		goto out;
	}
	for (unsigned i = 0; i < nst; i++) {
		if (!read_bytes(x, st[i].region, st[i].offset, got, 8))
			goto out;
		if (memcmp(got, a[i], 8))
			conf_info(x, "after the restore, region %u at %#llx does not read what the source held", st[i].region,
				  (unsigned long long)st[i].offset);
	}
	if (read_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 0, cfg_dst, sizeof cfg_dst) && memcmp(cfg_src, cfg_dst, sizeof cfg_src))
		conf_info(x, "after the restore, the first 64 bytes of config space differ from the source's");
	if (!conf_failed(x))
		conf_note(x, "%zu bytes of migration data in %u-byte reads, restored into %s; %u locations compared", len,
			  chunk, fresh ? "a fresh instance" : "the same server", nst);
out:
	free(stream);
}

/* A stopped device neither does DMA nor signals interrupts (VFU-MIG-009). */
static void mig_stopped_quiet(struct ctx *x)
{
	static uint8_t mem[0x1000];
	static const uint8_t one[4] = { 1, 0, 0, 0 };
	int efd[2] = { -1, -1 };
	uint64_t flags;
	uint32_t errnum, status;
	struct iow_vfu_irq_info ii;

	if (!ready(x) || !need_migration(x, &flags) || !need_ref_device(x))
		goto out;
	if (!irq_info(x, IOW_VFU_IRQ_INDEX_MSIX, &ii) || ii.count < 2)
		goto out;
	for (int i = 0; i < 2; i++)
		if ((efd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
			goto out;
	fill(mem, sizeof mem, 0x61);
	vfu_dma_track(x, true);
	if (!map_known(x, 0x80000000, sizeof mem, RW, -1, mem) ||
	    !ok(x, set_irqs(x, D_EVENTFD | TRIGGER, IOW_VFU_IRQ_INDEX_MSIX, 0, 2, NULL, efd, 2), "VFU-SET-IRQS-004",
		"SET_IRQS assigning MSI-X vectors 0 and 1"))
		goto out;
	static const uint32_t stopped[2] = { S_STOP, S_STOP_COPY };

	for (int k = 0; k < 2; k++) {
		uint32_t s = stopped[k];

		if (!go(x, s, "VFU-MIG-004"))
			goto out;
		vfu_dma_forbid(x, "VFU-MIG-009", s == S_STOP ? "while the device is in STOP" : "while the device is in STOP_COPY");
		/* a doorbell and a DMA command while stopped */
		if (!write_bytes(x, IOW_VFU_REGION_INDEX_BAR0, RB_DOORBELL, one, 4) ||
		    !ref_dma_start(x, 0x80000000, 0x100, 0, DMA_TO_BAR1) || !quiet(x, 60))
			goto out;
		for (int i = 0; i < 2; i++)
			if (signalled(efd[i], 0))
				fail(x, "VFU-MIG-009", "MSI-X vector %d was signalled while the device was in %s", i,
					  state_name(s));
		vfu_dma_forbid(x, NULL, NULL);
		if (s == S_STOP_COPY)
			break;
		/* running again: what was asked for happens now */
		if (!go(x, S_RUNNING, "VFU-MIG-003"))
			goto out;
		status = ref_dma_wait(x, x->t->opts->timeout_ms, &errnum);
		bool rang = signalled(efd[0], 100);

		if (status != DMA_ST_DONE || !rang)
			conf_info(x, "back in RUNNING, the copy asked for in STOP ended with status %u and the doorbell "
				     "interrupt %s", status, rang ? "came" : "did not come");
		signalled(efd[1], 50); /* the copy's completion */
		/* over to STOP_COPY through STOP */
		if (!go(x, S_STOP, "VFU-MIG-003"))
			goto out;
	}
	vfu_dma_forbid(x, NULL, NULL);
	mig_home(x);
	ref_dma_wait(x, x->t->opts->timeout_ms, &errnum);
out:
	vfu_dma_forbid(x, NULL, NULL);
	for (int i = 0; i < 2; i++)
		close_fd(&efd[i]);
}

/* ==== reset, disconnection, VERSION again =================================================== */

static void reset_state(struct ctx *x)
{
	struct iow_vfu_device_info info;
	struct store s;
	bool have_store, launched = x->t->opts->exec != NULL;
	uint8_t cmd0[2], cmd1[2], cmd2[2], st1[8];
	static const uint8_t pat[8] = { 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00 };
	int mfd = -1;

	if (!ready(x) || !dev_info(x, &info))
		return;
	if (!(info.flags & IOW_VFU_DEVICE_INFO_FLAGS_RESET))
		conf_info(x, "DEVICE_GET_INFO does not set the reset flag");
	/* power-on values, as a freshly launched server has them */
	if (!read_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 4, cmd0, 2))
		return;
	have_store = find_store(x, &s, -1);
	cmd1[0] = cmd0[0] | 0x06;
	cmd1[1] = cmd0[1];
	if (!write_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 4, cmd1, 2) || !read_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 4, cmd1, 2))
		return;
	if (have_store && !write_bytes(x, s.region, s.offset, pat, 8))
		return;
	mfd = memfd("iowire-conform-reset", 0x1000);
	if (mfd < 0 || !ok(x, dma_map(x, 0x90000000, 0x1000, RW, mfd), "VFU-DMA-MAP-001", "DMA_MAP with an fd"))
		goto out;
	start(x, IOW_VFU_COMMAND_DEVICE_RESET);
	if (!ok(x, call(x, NULL, 0, false), "VFU-RESET-001", "DEVICE_RESET"))
		goto out;
	if (!read_bytes(x, IOW_VFU_REGION_INDEX_CONFIG, 4, cmd2, 2))
		goto out;
	if (memcmp(cmd1, cmd0, 2) && launched && memcmp(cmd2, cmd0, 2))
		fail(x, "VFU-RESET-001", "the config command register reads %02x%02x after DEVICE_RESET, %02x%02x at "
			  "power-on", cmd2[1], cmd2[0], cmd0[1], cmd0[0]);
	else if (memcmp(cmd1, cmd0, 2) && !launched && !memcmp(cmd2, cmd1, 2))
		conf_info(x, "the config command register kept its value across DEVICE_RESET");
	if (have_store && read_bytes(x, s.region, s.offset, st1, 8) && !memcmp(st1, pat, 8))
		conf_info(x, "region %u at %#llx kept what was written across DEVICE_RESET", s.region,
			  (unsigned long long)s.offset);
	/* The mapping belongs to the client: it survives. */
	enum recv_status r = dma_unmap(x, 0x90000000, 0x1000);

	if (r == R_MSG && x->rep.error)
		fail(x, "VFU-RESET-002", "DMA_UNMAP of a region mapped before DEVICE_RESET failed (errno %u)",
			  x->rep.hdr.error);
out:
	close_fd(&mfd);
}

/* Drops the connection and connects again to the same server (no relaunch). */
static bool reconnect(struct ctx *x)
{
	struct target *t = x->t;
	const char *path = t->opts->socket_path ? t->opts->socket_path : t->sock_path;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long long end = now_ms() + t->opts->timeout_ms;

	if (t->opts->use_fd || !path[0] || strlen(path) >= sizeof sa.sun_path)
		return false;
	strcpy(sa.sun_path, path);
	vfu_dma_end(x);
	iow_conn_release(&t->conn);
	close(t->fd);
	t->fd = -1;
	while (t->fd < 0 && now_ms() < end) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			return false;
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			t->fd = fd;
			break;
		}
		close(fd);
		usleep(5000);
	}
	if (t->fd < 0)
		return false;
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&t->conn, t->fd, t->rbuf, t->rcap, t->opts->frame ? t->opts->frame : iow_vfu_frame,
		      t->opts->cfg.order == IOW_ORDER_HOST ? (void *)1 : NULL);
	t->next_id = 1;
	t->negotiated = false;
	return true;
}

/* Does the launched server still hold (an fd of, or a mapping of) a file named `name`? -1 when
 * that cannot be seen. */
static int server_holds(struct ctx *x, const char *name)
{
	char path[64], link[256], line[512];
	FILE *f;
	DIR *d;
	struct dirent *e;
	int found = 0;

	if (x->t->pid <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/maps", (int)x->t->pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, name) != NULL;
	fclose(f);
	snprintf(path, sizeof path, "/proc/%d/fd", (int)x->t->pid);
	d = opendir(path);
	if (!d)
		return found;
	while (!found && (e = readdir(d))) {
		char p[320];
		ssize_t n;

		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		n = readlink(p, link, sizeof link - 1);
		if (n > 0) {
			link[n] = '\0';
			found = strstr(link, name) != NULL;
		}
	}
	closedir(d);
	return found;
}

static void disc_reconnect(struct ctx *x)
{
	static const uint8_t v[8] = { 0x0d, 0x15, 0xc0, 0x4e, 0xc7, 0x00, 0x00, 0x01 };
	struct shared g[2] = { { -1, NULL, 0 }, { -1, NULL, 0 } };
	int efd = -1, mfd = -1;
	struct store s;
	bool have_store, have_irq, ref;
	uint32_t index = 0, errnum;
	struct iow_vfu_irq_info ii;
	uint8_t keep[0x1000], got[8];
	int holds;

	if (x->t->opts->use_fd) {
		conf_unimplemented(x, "the server was given one connection (--use-fd); it cannot be reached again");
		return;
	}
	if (!ready(x))
		return;
	ref = ref_device(x);
	have_store = find_store(x, &s, -1) && write_bytes(x, s.region, s.offset, v, 8);
	for (int i = 0; i < 2; i++) {
		if (!shared_new(&g[i], "iowire-conform-disc", 0x1000))
			goto out;
		fill(g[i].mem, 0x1000, (uint8_t)(0x70 + i));
		if (!ok(x, dma_map(x, 0xa0000000 + (uint64_t)i * 0x100000, 0x1000, RW, g[i].fd), "VFU-DMA-MAP-001",
			"DMA_MAP with an fd"))
			goto out;
	}
	memcpy(keep, g[1].mem, sizeof keep);
	if (ref) {
		/* a copy from message-mode memory whose DMA_READ goes unanswered when the connection ends */
		static uint8_t pending[0x1000];

		vfu_dma_track(x, true);
		if (!map_known(x, 0xa0200000, sizeof pending, RW, -1, pending))
			goto out;
		vfu_dma_hold(x, true);
		if (!ref_dma_start(x, 0xa0200000, 0x100, 0, DMA_TO_BAR1) || !quiet(x, 20))
			goto out;
	}
	have_irq = find_irq(x, 1, &index, &ii) && (efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) >= 0 &&
		   ok(x, set_irqs(x, D_EVENTFD | TRIGGER, index, 0, 1, NULL, &efd, 1), "VFU-SET-IRQS-004",
		      "SET_IRQS assigning an eventfd");
	if (have_irq && !(fire(x, index, 0) && signalled(efd, 200)))
		have_irq = false; /* no loopback: the eventfd check below cannot be made */

	if (!reconnect(x)) {
		conf_info(x, "cannot connect to the server again");
		goto out;
	}
	/* VERSION again first (VFU-DISC-005) */
	if (!ready(x))
		goto out;
	/* the old connection's copy does not go on over this one: no region is mapped here */
	vfu_dma_track(x, true);
	if (ref && !quiet(x, 30))
		goto out;
	/* nothing of the old connection's setup carries over */
	mfd = memfd("iowire-conform-disc2", 0x1000);
	if (mfd < 0)
		goto out;
	enum recv_status st = dma_map(x, 0xa0000000, 0x1000, RW, mfd);

	if (st == R_MSG && x->rep.error)
		fail(x, "VFU-DISC-005", "DMA_MAP of a range mapped by the previous connection failed (errno %u)",
			  x->rep.hdr.error);
	st = dma_unmap(x, 0xa0100000, 0x1000);
	if (st == R_MSG && !x->rep.error)
		fail(x, "VFU-DISC-005", "DMA_UNMAP of a region mapped by the previous connection succeeded");
	if (have_irq) {
		fire(x, index, 0);
		if (signalled(efd, 50))
			fail(x, "VFU-DISC-005", "an eventfd assigned by the previous connection was signalled");
	}
	if (ref) {
		/* the device writes where the old connection's second region was */
		ref_dma(x, 0xa0100000, 0x100, 0, DMA_FROM_BAR1, &errnum);
		if (memcmp(keep, g[1].mem, sizeof keep))
			fail(x, "VFU-DISC-002", "the device wrote guest memory through a mapping of the previous connection");
	}
	holds = server_holds(x, "iowire-conform-disc "); /* not -disc2, mapped on this connection */
	if (holds > 0)
		conf_should(x, "VFU-DISC-001", "the server still holds a file the previous connection mapped");
	if (have_store && read_bytes(x, s.region, s.offset, got, 8) && memcmp(got, v, 8))
		conf_should(x, "VFU-DISC-001", "region %u at %#llx lost what the previous connection wrote", s.region,
			    (unsigned long long)s.offset);
	if (!conf_failed(x) && conf_verdict(x) != V_NON_STRICT)
		conf_note(x, "after reconnecting: mappings%s gone, device state %s", have_irq ? " and eventfds" : "",
			  have_store ? "kept" : "not checked");
out:
	for (int i = 0; i < 2; i++)
		shared_free(&g[i]);
	close_fd(&efd);
	close_fd(&mfd);
}

/* Which regions send an fd with their full DEVICE_GET_REGION_INFO reply (bit per region). */
static uint32_t regions_with_fd(struct ctx *x, uint32_t num)
{
	uint32_t mask = 0;

	for (uint32_t i = 0; i < num && i < 32; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
		x->req.u.region_info.argsz = 4096;
		x->req.u.region_info.index = i;
		if (call(x, NULL, 0, true) == R_MSG && !x->rep.error && x->rnfds)
			mask |= 1u << i;
		close_fds(x->rfds, x->rnfds);
		x->rnfds = 0;
	}
	return mask;
}

static void ver_second(struct ctx *x)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":0,\"max_data_xfer_size\":4096}}";
	struct iow_vfu_device_info info;
	uint32_t before, after;

	if (!ready(x) || !dev_info(x, &info))
		return;
	before = regions_with_fd(x, info.num_regions);
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 2;
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
	enum recv_status st = call(x, NULL, 0, false);

	if (st == R_CLOSED) {
		fail(x, "VFU-VER-008", "the server closed the connection on a second VERSION instead of an error reply");
		return;
	}
	if (refused(x, st, "VFU-VER-008", true, 0, "a second VERSION") < 0)
		return;
	if (!dev_info(x, &info))
		return;
	after = regions_with_fd(x, info.num_regions);
	if (before != after)
		fail(x, "VFU-VER-008", "after a second VERSION proposing max_msg_fds 0, the regions that come with an "
			  "fd changed (mask %#x, before %#x)", after, before);
}

/* DMA_READ and DMA_WRITE go from server to client. */
static void cmd_wrong_direction(struct ctx *x)
{
	static const uint8_t data[8] = { 0 };

	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_DMA_READ);
	x->req.u.dma_access = (struct iow_vfu_dma_access){ 0x1000, 8 };
	if (refused(x, call(x, NULL, 0, false), "VFU-CMD-002", true, 0, "DMA_READ sent to the server") < 0)
		return;
	start(x, IOW_VFU_COMMAND_DMA_WRITE);
	x->req.u.dma_access_data = (struct iow_vfu_dma_access_data){ { 0x1000, 8 }, { data, 8 } };
	refused(x, call(x, NULL, 0, false), "VFU-CMD-002", true, 0, "DMA_WRITE sent to the server");
}

const struct conf_case vfu_behaviour_cases[] = {
	{ "vfu.fd.too-many", "DMA_MAP with two fds is refused and both are closed; one fd works", "VFU-FD-003,VFU-FD-007,VFU-ERR-006", T_MUST, TK_VFU_SERVER, false, fd_too_many },
	{ "vfu.fd.unexpected", "fds on REGION_READ, REGION_WRITE, DEVICE_GET_INFO: refused, closed, no effect", "VFU-FD-003,VFU-FD-004,VFU-ERR-006", T_MUST, TK_VFU_SERVER, false, fd_unexpected },
	{ "vfu.fd.unusable", "a pipe as DMA memory or eventfd is not kept for nothing", "VFU-FD-004,VFU-DMA-UNMAP-003,VFU-SET-IRQS-005", T_MUST, TK_VFU_SERVER, false, fd_unusable },
	{ "vfu.fd.missing", "libvfio-user: mmap or file_io without an fd is refused", "VFU-DMA-MAP-007,VFU-ERR-005,VFU-FD-004", T_SHOULD, TK_VFU_SERVER, false, fd_missing },
	{ "vfu.fd.irq-counts", "SET_IRQS: count eventfds or none; other counts refused and closed", "VFU-SET-IRQS-004,VFU-SET-IRQS-005,VFU-FD-003,VFU-FD-004,VFU-ERR-006", T_MUST, TK_VFU_SERVER, false, fd_irq_counts },
	{ "vfu.ord.posted-writes", "a read after posted REGION_WRITEs sees the last; a failing one gets no error reply", "VFU-ORDER-002,VFU-REPLY-002,VFU-ORDER-001", T_MUST, TK_VFU_SERVER, false, ord_posted_writes },
	{ "vfu.ord.id-reuse-inflight", "three commands in flight with one msg_id: replies in order", "VFU-HDR-011,VFU-HDR-010,VFU-ORDER-001", T_MUST, TK_VFU_SERVER, false, ord_id_reuse_inflight },
	{ "vfu.ord.server-command-pending", "commands are served while the server's DMA_READ waits", "VFU-ORDER-004,VFU-DMA-MAP-003", T_MUST, TK_VFU_SERVER, false, ord_server_command_pending },
	{ "vfu.dma.device-fd", "device DMA through a region mapped with an fd", "VFU-DMA-MAP-001,VFU-DMA-MAP-008", T_MUST, TK_VFU_SERVER, false, dma_device_fd },
	{ "vfu.dma.device-message", "device DMA through DMA_READ and DMA_WRITE, answered by the runner", "VFU-DMA-MAP-003,VFU-DMA-RW-001,VFU-DMA-RW-004,VFU-SIZE-009,VFU-ORDER-004", T_MUST, TK_VFU_SERVER, false, dma_device_message },
	{ "vfu.dma.twin", "with a twin socket, DMA_READ and DMA_WRITE use it", "VFU-TWIN-002,VFU-TWIN-004,VFU-ORDER-005,VFU-DMA-MAP-003", T_OPTIONAL, TK_VFU_SERVER, false, dma_twin },
	{ "vfu.dma.permissions", "no device writes to read-only regions, no access to unmapped ones", "VFU-DMA-MAP-004,VFU-DMA-MAP-008,VFU-DMA-RW-001", T_MUST, TK_VFU_SERVER, false, dma_permissions },
	{ "vfu.dma.after-unmap", "no device access to a region after its DMA_UNMAP", "VFU-DMA-UNMAP-003,VFU-DMA-MAP-008", T_MUST, TK_VFU_SERVER, false, dma_after_unmap },
	{ "vfu.log.dirty-bitmap", "DMA_LOGGING_START/REPORT/STOP report the pages the device wrote", "VFU-LOG-002,VFU-LOG-003,VFU-LOG-004,VFU-LOG-005", T_OPTIONAL, TK_VFU_SERVER, false, log_dirty_bitmap },
	{ "vfu.rw.bounds", "count 0, offset + count overflow, past the end, missing regions", "VFU-REGION-RW-001,VFU-REGION-RW-005,VFU-ERR-006", T_MUST, TK_VFU_SERVER, false, rw_bounds },
	{ "vfu.rw.count-mismatch", "REGION_WRITE/READ whose count does not match the data is refused", "VFU-CMD-005,VFU-REGION-RW-003", T_MUST, TK_VFU_SERVER, false, rw_count_mismatch },
	{ "vfu.rw.write-multi", "REGION_WRITE_MULTI: entry order, data past count ignored, wr_cnt", "VFU-WRITE-MULTI-002,VFU-WRITE-MULTI-003,VFU-CAPS-008", T_OPTIONAL, TK_VFU_SERVER, false, rw_write_multi },
	{ "vfu.irq.rules", "SET_IRQS: start + count bounds, data_bool, mask/unmask, disable all", "VFU-SET-IRQS-001,VFU-SET-IRQS-002,VFU-SET-IRQS-003,VFU-SET-IRQS-006,VFU-CMD-005", T_MUST, TK_VFU_SERVER, false, irq_rules },
	{ "vfu.feature.probe", "PROBE succeeds exactly when the operations are supported", "VFU-FEATURE-002,VFU-FEATURE-005", T_MUST, TK_VFU_SERVER, false, feature_probe },
	{ "vfu.feature.rules", "GET and SET replies, argsz too small, missing operation bits", "VFU-FEATURE-001,VFU-FEATURE-003,VFU-FEATURE-004,VFU-SIZE-011", T_OPTIONAL, TK_VFU_SERVER, false, feature_rules },
	{ "vfu.mig.every-arc", "every direct arc of the state machine, checked with GET", "VFU-MIG-002,VFU-MIG-003", T_OPTIONAL, TK_VFU_SERVER, false, mig_every_arc },
	{ "vfu.mig.paths", "multi-step state changes end in the requested state", "VFU-MIG-004", T_OPTIONAL, TK_VFU_SERVER, false, mig_paths },
	{ "vfu.mig.refused", "ERROR, unlisted states and STOP_COPY -> PRE_COPY fail; data_fd ignored", "VFU-MIG-005,VFU-MIG-006,VFU-MIG-012,VFU-ERR-006", T_OPTIONAL, TK_VFU_SERVER, false, mig_refused },
	{ "vfu.mig.error-state", "a device in ERROR stays there until DEVICE_RESET", "VFU-MIG-007,VFU-MIG-008", T_OPTIONAL, TK_VFU_SERVER, false, mig_error_state },
	{ "vfu.mig.data-states", "MIG_DATA_READ/WRITE only in the saving and resuming states", "VFU-MIG-010", T_OPTIONAL, TK_VFU_SERVER, false, mig_data_states },
	{ "vfu.mig.stream", "save in STOP_COPY to a short read, restore in RESUMING, compare", "VFU-MIG-011,VFU-MIG-DATA-001,VFU-MIG-DATA-002,VFU-MIG-010", T_OPTIONAL, TK_VFU_SERVER, false, mig_stream },
	{ "vfu.mig.stopped-quiet", "no DMA and no interrupts in STOP and STOP_COPY", "VFU-MIG-009", T_OPTIONAL, TK_VFU_SERVER, false, mig_stopped_quiet },
	{ "vfu.reset.state", "DEVICE_RESET restores power-on registers and keeps DMA mappings", "VFU-RESET-001,VFU-RESET-002,VFU-DEV-INFO-002", T_MUST, TK_VFU_SERVER, false, reset_state },
	{ "vfu.disc.reconnect", "after a reconnect: mappings and eventfds gone, device state kept", "VFU-DISC-001,VFU-DISC-002,VFU-DISC-005", T_MUST, TK_VFU_SERVER, false, disc_reconnect },
	{ "vfu.ver.second", "a second VERSION gets an error reply and changes nothing", "VFU-VER-008", T_MUST, TK_VFU_SERVER, false, ver_second },
	{ "vfu.cmd.wrong-direction", "DMA_READ and DMA_WRITE sent by the client are refused", "VFU-CMD-002", T_MUST, TK_VFU_SERVER, false, cmd_wrong_direction },
};

const size_t vfu_behaviour_ncases = sizeof vfu_behaviour_cases / sizeof vfu_behaviour_cases[0];
