/* Malformed requests for target vfio-user-server, generated from the schema.
 *
 * iowc_mutations.h/.c (iowire-gen conform, at build time) list, for every command the client
 * sends, what a request can get wrong: each truncation at a field boundary, each reserved field,
 * each undefined flag bit, each closed-enum field, each one-of group, each range, each count or
 * length that can lie, the argsz rule, each must-be-zero field and the number of fds, every one
 * with the requirement it breaks. This file writes only what the schema cannot know: a valid
 * *base request* per command for the device under test (built from what DEVICE_GET_INFO,
 * DEVICE_GET_REGION_INFO and DEVICE_GET_IRQ_INFO say), and how to put the device back after a
 * request was taken. One case per (command, class of mutation): each mutation goes on a fresh
 * copy of the base request, with msg_size always the number of bytes sent.
 *
 * A mutation that was taken is a finding (conf_fail for a MUST, conf_should for a SHOULD); a
 * refusal is a note with its errno; a connection the server closes is informational, and the
 * case reconnects for the next mutation. Where a reserved field or undefined bits must be
 * ignored, it is the refusal that is the finding. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conform.h"
#include "iowc_mutations.h"

/* DMA ranges of these cases: away from those of the hand-written cases. */
#define DMA_ADDR 0x7f000000ull
#define DMA_SIZE 0x2000ull
#define BASE_CAP 4096
#define MAX_OUTCOMES 1024

/* ---- what the device offers, and what the case holds ------------------------------------------ */

struct state {
	bool have_info;
	uint32_t num_regions, num_irqs;
	int region;         /* a region with a size, or -1 */
	int rw_region;      /* readable and writable, not config space, at least 4 bytes; or -1 */
	uint8_t rw_bytes[4]; /* its first 4 bytes: writes put them back */
	int irq;            /* an interrupt index with vectors, or -1 */
	int irq_eventfd;    /* one with vectors and eventfd support, or -1 */
	uint32_t mig_state; /* the device state found by the DEVICE_FEATURE base */
	int memfd, efd, nullfd;
	bool mapped;        /* DMA_UNMAP's range is mapped */
	bool logging;       /* dirty logging is on */
};

/* A command sent to set the device up, whose answer is no finding of the case: 0 on success, an
 * errno for an error reply, -1 for no reply. */
static int helper(struct ctx *x, struct iow_vfu_msg *m, const int *fds, unsigned nfds, struct iow_vfu_msg *rep)
{
	static struct iow_vfu_msg scratch;
	struct iow_error err;
	int rfds[IOW_CONN_MAX_FDS];
	unsigned rn = 0;
	uint16_t id = 0;

	if (!rep)
		rep = &scratch;
	if (vfu_send(x, m, fds, nfds, &id))
		return -1;
	enum recv_status st = vfu_recv(x, rep, rfds, &rn, &err);

	close_fds(rfds, rn);
	if (st != R_MSG || rep->hdr.msg_id != id)
		return -1;
	return rep->error ? (int)(rep->hdr.error ? rep->hdr.error : EINVAL) : 0;
}

static void discover(struct ctx *x, struct state *s)
{
	static struct iow_vfu_msg m, rep;
	const uint32_t rw = IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE;

	if (s->have_info)
		return;
	s->have_info = true;
	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DEVICE_GET_INFO;
	m.u.device_info.argsz = 16;
	if (helper(x, &m, NULL, 0, &rep))
		return;
	s->num_regions = rep.u.device_info.num_regions;
	s->num_irqs = rep.u.device_info.num_irqs;
	for (uint32_t i = 0; i < s->num_regions && i < 64; i++) {
		memset(&m, 0, sizeof m);
		m.hdr.command = IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO;
		m.u.region_info.argsz = 32;
		m.u.region_info.index = i;
		if (helper(x, &m, NULL, 0, &rep) || !rep.u.region_info.size)
			continue;
		if (s->region < 0)
			s->region = (int)i;
		if (s->rw_region < 0 && i != IOW_VFU_REGION_INDEX_CONFIG && (rep.u.region_info.flags & rw) == rw &&
		    rep.u.region_info.size >= 4)
			s->rw_region = (int)i;
	}
	if (s->rw_region >= 0) {
		memset(&m, 0, sizeof m);
		m.hdr.command = IOW_VFU_COMMAND_REGION_READ;
		m.u.region_access = (struct iow_vfu_region_access){ 0, (uint32_t)s->rw_region, 4 };
		if (helper(x, &m, NULL, 0, &rep) || rep.u.region_access_data.data.len != 4)
			s->rw_region = -1;
		else
			memcpy(s->rw_bytes, rep.u.region_access_data.data.ptr, 4);
	}
	for (uint32_t i = 0; i < s->num_irqs && i < 64; i++) {
		memset(&m, 0, sizeof m);
		m.hdr.command = IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO;
		m.u.irq_info.argsz = 16;
		m.u.irq_info.index = i;
		if (helper(x, &m, NULL, 0, &rep) || !rep.u.irq_info.count)
			continue;
		if (s->irq < 0)
			s->irq = (int)i;
		if (s->irq_eventfd < 0 && (rep.u.irq_info.flags & IOW_VFU_IRQ_INFO_FLAGS_EVENTFD))
			s->irq_eventfd = (int)i;
	}
}

static int set_mig_state(struct ctx *x, uint32_t state)
{
	static struct iow_vfu_msg m;

	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DEVICE_FEATURE;
	m.u.device_feature.argsz = 16;
	m.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	m.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	m.u.device_feature.data.u.feature_mig_state.device_state = state;
	return helper(x, &m, NULL, 0, NULL);
}

static int dma_helper(struct ctx *x, bool map)
{
	static struct iow_vfu_msg m;

	memset(&m, 0, sizeof m);
	if (map) {
		m.hdr.command = IOW_VFU_COMMAND_DMA_MAP;
		m.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE, 0,
							DMA_ADDR, DMA_SIZE };
	} else {
		m.hdr.command = IOW_VFU_COMMAND_DMA_UNMAP;
		m.u.dma_unmap = (struct iow_vfu_dma_unmap){ 24, 0, DMA_ADDR, DMA_SIZE, { 0, 0 } };
	}
	return helper(x, &m, NULL, 0, NULL);
}

static int logging(struct ctx *x, struct state *s, bool on)
{
	static struct iow_vfu_msg m;
	static const struct iow_vfu_dma_logging_range range = { DMA_ADDR, DMA_SIZE };
	int rc;

	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DEVICE_FEATURE;
	m.u.device_feature.argsz = on ? 40 : 24;
	m.u.device_feature.flags = (on ? IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START : IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP) |
				   IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	m.u.device_feature.data.kase = on ? IOW_VFU_FEATURE_DATA_DMA_LOGGING_START : IOW_VFU_FEATURE_DATA_DMA_LOGGING_STOP;
	m.u.device_feature.data.u.feature_dma_logging_control.page_size = 4096;
	m.u.device_feature.data.u.feature_dma_logging_control.num_ranges = on ? 1 : 0;
	m.u.device_feature.data.u.feature_dma_logging_control.ranges.items = on ? &range : NULL;
	rc = helper(x, &m, NULL, 0, NULL);
	if (!rc)
		s->logging = on;
	return rc;
}

/* ---- base requests ------------------------------------------------------------------------------ */

struct base {
	const char *what;
	bool optional; /* a feature a device may lack: a refused base is UNIMPLEMENTED, not odd */
	/* Once per connection; false: this device cannot serve the base (why in *why). */
	bool (*setup)(struct ctx *x, struct state *s, const char **why);
	/* Fills x->req and the fds it carries. */
	void (*build)(struct ctx *x, struct state *s, int *fds, unsigned *nfds);
	/* Before every request sent from this base. */
	void (*prepare)(struct ctx *x, struct state *s);
	/* After one: puts the device back where prepare() expects it. */
	void (*after)(struct ctx *x, struct state *s, bool accepted);
	void (*teardown)(struct ctx *x, struct state *s);
};

enum negotiation { NEG_STANDARD, NEG_NONE, NEG_WRITE_MULTIPLE };

struct command_bases {
	uint16_t command;
	enum negotiation neg; /* NEG_NONE: the base is VERSION itself, each try on a new connection */
	const struct base *bases[4];
};

static bool need_region(struct ctx *x, struct state *s, const char **why)
{
	discover(x, s);
	*why = "the device reports no region with a size";
	return s->region >= 0;
}

static bool need_rw_region(struct ctx *x, struct state *s, const char **why)
{
	discover(x, s);
	*why = "the device reports no readable and writable region (other than config space)";
	return s->rw_region >= 0;
}

static bool need_irq(struct ctx *x, struct state *s, const char **why)
{
	discover(x, s);
	*why = "the device reports no interrupt index with vectors";
	return s->irq >= 0;
}

static bool need_irq_eventfd(struct ctx *x, struct state *s, const char **why)
{
	discover(x, s);
	*why = "no interrupt index with vectors takes eventfds";
	if (s->irq_eventfd < 0)
		return false;
	if (s->efd < 0)
		s->efd = eventfd(0, EFD_CLOEXEC);
	*why = "cannot create an eventfd";
	return s->efd >= 0;
}

static void b_version(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";

	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 2;
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
}

/* DMA_MAP of a memfd; taken, it is unmapped again. */
static bool dma_map_setup(struct ctx *x, struct state *s, const char **why)
{
	(void)x;
	*why = "cannot create a memfd";
	if (s->memfd < 0) {
		s->memfd = memfd_create("iowire-conform-malformed", MFD_CLOEXEC);
		if (s->memfd >= 0 && ftruncate(s->memfd, (off_t)DMA_SIZE)) {
			close(s->memfd);
			s->memfd = -1;
		}
	}
	return s->memfd >= 0;
}

static void b_dma_map(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	start(x, IOW_VFU_COMMAND_DMA_MAP);
	x->req.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE, 0,
						  DMA_ADDR, DMA_SIZE };
	fds[0] = s->memfd;
	*nfds = 1;
}

static void dma_map_after(struct ctx *x, struct state *s, bool accepted)
{
	(void)s;
	if (accepted)
		dma_helper(x, false);
}

/* DMA_UNMAP of a range mapped (in message mode) before each try. */
static void b_dma_unmap(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DMA_UNMAP);
	x->req.u.dma_unmap = (struct iow_vfu_dma_unmap){ 24, 0, DMA_ADDR, DMA_SIZE, { 0, 0 } };
}

static void b_dma_unmap_bitmap(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	b_dma_unmap(x, s, fds, nfds);
	x->req.u.dma_unmap.argsz = 24 + 16 + (DMA_SIZE / 4096 + 7) / 8;
	x->req.u.dma_unmap.flags = IOW_VFU_DMA_UNMAP_FLAGS_GET_DIRTY_BITMAP;
	x->req.u.dma_unmap.bitmap = (struct iow_vfu_dma_bitmap){ 4096, (DMA_SIZE / 4096 + 7) / 8 };
}

static void dma_unmap_prepare(struct ctx *x, struct state *s)
{
	if (!s->mapped && !dma_helper(x, true))
		s->mapped = true;
}

static void dma_unmap_after(struct ctx *x, struct state *s, bool accepted)
{
	(void)x;
	if (accepted)
		s->mapped = false;
}

static void dma_unmap_teardown(struct ctx *x, struct state *s)
{
	if (s->mapped && !dma_helper(x, false))
		s->mapped = false;
}

static void b_get_info(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
}

static void b_region_info(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
	x->req.u.region_info.argsz = 32;
	x->req.u.region_info.index = (uint32_t)s->region;
}

static void b_io_fds(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_REGION_IO_FDS);
	x->req.u.io_fds_request.argsz = 16;
	x->req.u.io_fds_request.index = (uint32_t)s->region;
}

static void b_irq_info(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
	x->req.u.irq_info.argsz = 16;
	x->req.u.irq_info.index = (uint32_t)s->irq;
}

/* DEVICE_SET_IRQS: trigger vector 0 (data_none), give it an eventfd, or a bool 0 (no trigger). */
static void b_irq_none(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_NONE | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
						  (uint32_t)s->irq, 0, 1, { NULL, 0 } };
}

static void b_irq_eventfd(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD |
							       IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
						  (uint32_t)s->irq_eventfd, 0, 1, { NULL, 0 } };
	fds[0] = s->efd;
	*nfds = 1;
}

static void b_irq_bool(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	static const uint8_t zero[1];

	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 21, IOW_VFU_IRQ_SET_FLAGS_DATA_BOOL | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
						  (uint32_t)s->irq, 0, 1, { zero, 1 } };
}

static void b_region_read(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ 0, (uint32_t)s->rw_region, 4 };
}

/* Writes back the 4 bytes the region holds. */
static void b_region_write(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ 0, (uint32_t)s->rw_region, 4 };
	x->req.u.region_access_data.data.ptr = s->rw_bytes;
	x->req.u.region_access_data.data.len = 4;
}

static void b_reset(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_RESET);
}

/* 0.9.1 DIRTY_PAGES: start logging; taken, stop it again. */
static void b_dirty_pages(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DIRTY_PAGES);
	x->req.u.dirty_pages.argsz = 8;
	x->req.u.dirty_pages.flags = IOW_VFU_DIRTY_PAGES_FLAGS_START;
}

static void dirty_pages_after(struct ctx *x, struct state *s, bool accepted)
{
	static struct iow_vfu_msg m;

	(void)s;
	if (!accepted)
		return;
	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DIRTY_PAGES;
	m.u.dirty_pages.argsz = 8;
	m.u.dirty_pages.flags = IOW_VFU_DIRTY_PAGES_FLAGS_STOP;
	helper(x, &m, NULL, 0, NULL);
}

/* One entry writing back what the region holds. */
static void b_write_multi(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	static struct iow_vfu_write_multi_entry entry;

	(void)fds, (void)nfds;
	memset(&entry, 0, sizeof entry);
	entry.offset = 0;
	entry.region = (uint32_t)s->rw_region;
	entry.count = 4;
	memcpy(entry.data, s->rw_bytes, 4);
	start(x, IOW_VFU_COMMAND_REGION_WRITE_MULTI);
	x->req.u.write_multi.wr_cnt = 1;
	x->req.u.write_multi.wrs.items = &entry;
}

/* DEVICE_FEATURE: SET the migration state the device is in; start or stop dirty logging; GET a
 * dirty-page report. */
static bool mig_state_setup(struct ctx *x, struct state *s, const char **why)
{
	static struct iow_vfu_msg m, rep;
	int rc;

	memset(&m, 0, sizeof m);
	m.hdr.command = IOW_VFU_COMMAND_DEVICE_FEATURE;
	m.u.device_feature.argsz = 16;
	m.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_GET;
	m.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_NONE;
	rc = helper(x, &m, NULL, 0, &rep);
	*why = "GET MIG_DEVICE_STATE failed: no migration";
	if (rc || rep.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE)
		return false;
	s->mig_state = rep.u.device_feature.data.u.feature_mig_state.device_state;
	return true;
}

static void b_mig_state(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 16;
	x->req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	x->req.u.device_feature.data.u.feature_mig_state.device_state = s->mig_state;
}

static void b_log_start(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	static const struct iow_vfu_dma_logging_range range = { DMA_ADDR, DMA_SIZE };

	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 40;
	x->req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_START;
	x->req.u.device_feature.data.u.feature_dma_logging_control.page_size = 4096;
	x->req.u.device_feature.data.u.feature_dma_logging_control.num_ranges = 1;
	x->req.u.device_feature.data.u.feature_dma_logging_control.ranges.items = &range;
}

static void log_off(struct ctx *x, struct state *s)
{
	if (s->logging)
		logging(x, s, false);
}

static void log_on(struct ctx *x, struct state *s)
{
	if (!s->logging)
		logging(x, s, true);
}

static void log_start_after(struct ctx *x, struct state *s, bool accepted)
{
	if (accepted) {
		s->logging = true;
		logging(x, s, false);
	}
}

static void b_log_stop(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 24;
	x->req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_DMA_LOGGING_STOP | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_STOP;
	x->req.u.device_feature.data.u.feature_dma_logging_control.page_size = 4096;
}

static void log_stop_after(struct ctx *x, struct state *s, bool accepted)
{
	(void)x;
	if (accepted)
		s->logging = false;
}

static void b_log_report(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 4096;
	x->req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_DMA_LOGGING_REPORT | IOW_VFU_DEVICE_FEATURE_FLAGS_GET;
	x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT;
	x->req.u.device_feature.data.u.feature_dma_logging_report.iova = DMA_ADDR;
	x->req.u.device_feature.data.u.feature_dma_logging_report.length = DMA_SIZE;
	x->req.u.device_feature.data.u.feature_dma_logging_report.page_size = 4096;
}

/* MIG_DATA_READ in PRE_COPY; MIG_DATA_WRITE of no data in RESUMING. */
static bool pre_copy_setup(struct ctx *x, struct state *s, const char **why)
{
	(void)s;
	*why = "the device does not enter PRE_COPY: no migration";
	return set_mig_state(x, IOW_VFU_MIG_STATE_PRE_COPY) == 0;
}

static bool resuming_setup(struct ctx *x, struct state *s, const char **why)
{
	(void)s;
	*why = "the device does not enter RESUMING: no migration";
	return set_mig_state(x, IOW_VFU_MIG_STATE_STOP) == 0 && set_mig_state(x, IOW_VFU_MIG_STATE_RESUMING) == 0;
}

static void back_to_running(struct ctx *x, struct state *s)
{
	(void)s;
	set_mig_state(x, IOW_VFU_MIG_STATE_STOP);
	set_mig_state(x, IOW_VFU_MIG_STATE_RUNNING);
}

static void b_mig_read(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_MIG_DATA_READ);
	x->req.u.mig_data = (struct iow_vfu_mig_data){ 8 + 64, 64 };
}

static void b_mig_write(struct ctx *x, struct state *s, int *fds, unsigned *nfds)
{
	(void)s, (void)fds, (void)nfds;
	start(x, IOW_VFU_COMMAND_MIG_DATA_WRITE);
	x->req.u.mig_data_data.mig = (struct iow_vfu_mig_data){ 8, 0 };
}

static const struct base version_base = { "VERSION 0.2 with max_msg_fds and max_data_xfer_size", false, NULL, b_version, NULL, NULL, NULL };
static const struct base dma_map_base = { "DMA_MAP of a memfd, read and write", false, dma_map_setup, b_dma_map, NULL, dma_map_after, NULL };
static const struct base dma_unmap_base = { "DMA_UNMAP of a mapped range", false, NULL, b_dma_unmap, dma_unmap_prepare, dma_unmap_after, dma_unmap_teardown };
static const struct base dma_unmap_bitmap_base = { "DMA_UNMAP with get_dirty_bitmap", true, NULL, b_dma_unmap_bitmap, dma_unmap_prepare, dma_unmap_after, dma_unmap_teardown };
static const struct base get_info_base = { "DEVICE_GET_INFO", false, NULL, b_get_info, NULL, NULL, NULL };
static const struct base region_info_base = { "DEVICE_GET_REGION_INFO of a region with a size", false, need_region, b_region_info, NULL, NULL, NULL };
static const struct base io_fds_base = { "DEVICE_GET_REGION_IO_FDS of a region with a size", true, need_region, b_io_fds, NULL, NULL, NULL };
static const struct base irq_info_base = { "DEVICE_GET_IRQ_INFO of an index with vectors", false, need_irq, b_irq_info, NULL, NULL, NULL };
static const struct base irq_none_base = { "DEVICE_SET_IRQS data_none trigger of vector 0", false, need_irq, b_irq_none, NULL, NULL, NULL };
static const struct base irq_eventfd_base = { "DEVICE_SET_IRQS assigning an eventfd to vector 0", true, need_irq_eventfd, b_irq_eventfd, NULL, NULL, NULL };
static const struct base irq_bool_base = { "DEVICE_SET_IRQS data_bool 0 for vector 0", false, need_irq, b_irq_bool, NULL, NULL, NULL };
static const struct base region_read_base = { "REGION_READ of 4 bytes", false, need_rw_region, b_region_read, NULL, NULL, NULL };
static const struct base region_write_base = { "REGION_WRITE of the 4 bytes the region holds", false, need_rw_region, b_region_write, NULL, NULL, NULL };
static const struct base reset_base = { "DEVICE_RESET", false, NULL, b_reset, NULL, NULL, NULL };
static const struct base dirty_pages_base = { "DIRTY_PAGES start", true, NULL, b_dirty_pages, NULL, dirty_pages_after, NULL };
static const struct base write_multi_base = { "REGION_WRITE_MULTI of one entry writing back 4 bytes", true, need_rw_region, b_write_multi, NULL, NULL, NULL };
static const struct base mig_state_base = { "DEVICE_FEATURE SET MIG_DEVICE_STATE to the current state", true, mig_state_setup, b_mig_state, NULL, NULL, NULL };
static const struct base log_start_base = { "DEVICE_FEATURE SET DMA_LOGGING_START of one range", true, NULL, b_log_start, log_off, log_start_after, log_off };
static const struct base log_stop_base = { "DEVICE_FEATURE SET DMA_LOGGING_STOP", true, NULL, b_log_stop, NULL, log_stop_after, NULL };
static const struct base log_report_base = { "DEVICE_FEATURE GET DMA_LOGGING_REPORT", true, NULL, b_log_report, log_on, NULL, log_off };
static const struct base mig_read_base = { "MIG_DATA_READ of 64 bytes in PRE_COPY", true, pre_copy_setup, b_mig_read, NULL, NULL, back_to_running };
static const struct base mig_write_base = { "MIG_DATA_WRITE of no data in RESUMING", true, resuming_setup, b_mig_write, NULL, NULL, back_to_running };

/* A mutation goes on the first base that has the part it changes. */
static const struct command_bases command_bases[] = {
	{ IOW_VFU_COMMAND_VERSION, NEG_NONE, { &version_base } },
	{ IOW_VFU_COMMAND_DMA_MAP, NEG_STANDARD, { &dma_map_base } },
	{ IOW_VFU_COMMAND_DMA_UNMAP, NEG_STANDARD, { &dma_unmap_base, &dma_unmap_bitmap_base } },
	{ IOW_VFU_COMMAND_DEVICE_GET_INFO, NEG_STANDARD, { &get_info_base } },
	{ IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO, NEG_STANDARD, { &region_info_base } },
	{ IOW_VFU_COMMAND_DEVICE_GET_REGION_IO_FDS, NEG_STANDARD, { &io_fds_base } },
	{ IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO, NEG_STANDARD, { &irq_info_base } },
	{ IOW_VFU_COMMAND_DEVICE_SET_IRQS, NEG_STANDARD, { &irq_none_base, &irq_eventfd_base, &irq_bool_base } },
	{ IOW_VFU_COMMAND_REGION_READ, NEG_STANDARD, { &region_read_base } },
	{ IOW_VFU_COMMAND_REGION_WRITE, NEG_STANDARD, { &region_write_base } },
	{ IOW_VFU_COMMAND_DEVICE_RESET, NEG_STANDARD, { &reset_base } },
	{ IOW_VFU_COMMAND_DIRTY_PAGES, NEG_STANDARD, { &dirty_pages_base } },
	{ IOW_VFU_COMMAND_REGION_WRITE_MULTI, NEG_WRITE_MULTIPLE, { &write_multi_base } },
	{ IOW_VFU_COMMAND_DEVICE_FEATURE, NEG_STANDARD, { &mig_state_base, &log_start_base, &log_stop_base, &log_report_base } },
	{ IOW_VFU_COMMAND_MIG_DATA_READ, NEG_STANDARD, { &mig_read_base } },
	{ IOW_VFU_COMMAND_MIG_DATA_WRITE, NEG_STANDARD, { &mig_write_base } },
};

#define MAX_BASES 4

/* ---- fields of the wire bytes ------------------------------------------------------------------ */

static enum iow_order order_of(const struct ctx *x)
{
	return x->t->opts->cfg.order;
}

static uint64_t ones(unsigned size)
{
	return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

static uint64_t load(const struct ctx *x, const uint8_t *p, unsigned size, uint8_t order)
{
	enum iow_order o = order_of(x);

	switch (size) {
	case 1: return p[0];
	case 2: return order == IOWC_BE ? iow_ld_be16(p) : iow_ld_le16(p, o);
	case 4: return order == IOWC_BE ? iow_ld_be32(p) : iow_ld_le32(p, o);
	case 8: return order == IOWC_BE ? iow_ld_be64(p) : iow_ld_le64(p, o);
	}
	return 0;
}

static void store(const struct ctx *x, uint8_t *p, unsigned size, uint8_t order, uint64_t v)
{
	enum iow_order o = order_of(x);

	switch (size) {
	case 1: p[0] = (uint8_t)v; break;
	case 2: order == IOWC_BE ? iow_st_be16(p, (uint16_t)v) : iow_st_le16(p, (uint16_t)v, o); break;
	case 4: order == IOWC_BE ? iow_st_be32(p, (uint32_t)v) : iow_st_le32(p, (uint32_t)v, o); break;
	case 8: order == IOWC_BE ? iow_st_be64(p, v) : iow_st_le64(p, v, o); break;
	}
}

/* ---- one base request, live ------------------------------------------------------------------- */

struct live {
	const struct base *b;
	bool ok;
	uint8_t buf[BASE_CAP]; /* the encoded base request */
	size_t len;
	int fds[2];
	unsigned nfds;
	bool used; /* a mutation went on it */
};

struct run {
	struct ctx *x;
	const struct iowc_command *cmd;
	const struct command_bases *cb;
	unsigned profile;
	struct state s;
	struct live live[MAX_BASES];
	unsigned nlive;
	bool broken;     /* the connection needs renewing before the next request */
	bool gave_up;    /* cannot reach the implementation any more */
	uint64_t sent[MAX_OUTCOMES]; /* hashes of the messages sent: each is sent once */
	unsigned nsent;
	/* what happened, turned into findings at the end */
	struct outcome {
		enum verdict v;
		const char *req;
		int err;    /* the errno of a refusal */
		char text[560];
	} out[MAX_OUTCOMES];
	unsigned nout;
	unsigned tried, refused, ignored, taken, closed, no_base, not_applicable;
	char why[200]; /* why the last base the device cannot serve is missing */
};

static struct run R;

static const char *profile_name(const struct run *r)
{
	const char *name = iow_vfu_profile_name(r->profile);

	return name ? name : "?";
}

static struct outcome *record(struct run *r, enum verdict v, const char *req, int err)
{
	static struct outcome spare;
	struct outcome *o = r->nout < MAX_OUTCOMES ? &r->out[r->nout++] : &spare;

	o->v = v;
	o->req = req;
	o->err = err;
	o->text[0] = '\0';
	return o;
}

static uint64_t fnv(const uint8_t *p, size_t n, unsigned nfds)
{
	uint64_t h = 0xcbf29ce484222325ull ^ nfds;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Has this message (msg_id aside) been sent in this case already? Remembers it if not. */
static bool seen(struct run *r, uint8_t *buf, size_t len, unsigned nfds)
{
	uint8_t id[2] = { buf[0], buf[1] };
	uint64_t h;

	buf[0] = buf[1] = 0;
	h = fnv(buf, len, nfds);
	buf[0] = id[0];
	buf[1] = id[1];
	for (unsigned i = 0; i < r->nsent; i++)
		if (r->sent[i] == h)
			return true;
	if (r->nsent < MAX_OUTCOMES)
		r->sent[r->nsent++] = h;
	return false;
}

static bool negotiate(struct run *r)
{
	static const char json[] =
		"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576,\"write_multiple\":true}}";
	struct ctx *x = r->x;
	struct iow_vfu_caps caps;

	switch (r->cb->neg) {
	case NEG_NONE:
		return true;
	case NEG_STANDARD:
		return ready(x);
	case NEG_WRITE_MULTIPLE:
		start(x, IOW_VFU_COMMAND_VERSION);
		x->req.u.version.minor = 2;
		x->req.u.version.json.ptr = (const uint8_t *)json;
		x->req.u.version.json.len = sizeof json;
		if (!succeeded(x, call(x, NULL, 0, false), "VFU-VER-004", "VERSION proposing write_multiple"))
			return false;
		vfu_read_caps(x, &x->rep.u.version.json, &caps);
		if (!(caps.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE) || !caps.write_multiple) {
			conf_unimplemented(x, "the server does not announce write_multiple");
			return false;
		}
		return true;
	}
	return false;
}

/* A new connection (a relaunched implementation with --exec), negotiated, the bases set up. */
static bool renew(struct run *r)
{
	struct ctx *x = r->x;
	const char *why;

	r->broken = false;
	if (target_restart(x->t)) {
		conf_info(x, "cannot reconnect to the implementation; %u mutations tried", r->tried);
		r->gave_up = true;
		return false;
	}
	r->s.have_info = false;
	r->s.region = r->s.rw_region = r->s.irq = r->s.irq_eventfd = -1;
	r->s.mapped = r->s.logging = false;
	if (!negotiate(r)) {
		r->gave_up = true;
		return false;
	}
	for (unsigned i = 0; i < r->nlive; i++)
		if (r->live[i].ok && r->live[i].b->setup && !r->live[i].b->setup(x, &r->s, &why))
			r->live[i].ok = false;
	return true;
}

enum answer { ACCEPTED, REFUSED, CLOSED, NO_ANSWER, GARBLED };

/* Sends one message as raw bytes (msg_id set here) and reads the answer's header. */
static enum answer exchange(struct run *r, uint8_t *buf, size_t len, const int *fds, unsigned nfds, int *err)
{
	static struct iow_vfu_msg rep;
	struct ctx *x = r->x;
	int rfds[IOW_CONN_MAX_FDS];
	unsigned rn = 0;
	uint16_t id = x->t->next_id++;
	struct iow_error e;

	store(x, buf, 2, IOWC_LE, id);
	*err = 0;
	if (vfu_send_raw(x, buf, len, fds, nfds, 0))
		return CLOSED;
	memset(&rep, 0, sizeof rep);
	enum recv_status st = vfu_recv(x, &rep, rfds, &rn, &e);

	close_fds(rfds, rn);
	if (st == R_CLOSED)
		return CLOSED;
	if (st == R_TIMEOUT)
		return NO_ANSWER;
	/* A reply that does not decode still has the header it was framed by. */
	if (rep.hdr.msg_id != id || rep.hdr.command != load(x, buf + 2, 2, IOWC_LE) ||
	    (rep.hdr.flags & IOW_VFU_HEADER_FLAGS_TYPE) != IOW_VFU_MSG_TYPE_REPLY)
		return GARBLED;
	if (rep.hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR) {
		*err = (int)rep.hdr.error;
		return REFUSED;
	}
	return ACCEPTED;
}

/* Sets up, builds, encodes and tries one base request: it must succeed unchanged. */
static void bring_up(struct run *r, struct live *l)
{
	struct ctx *x = r->x;
	struct iow_error e = { 0 };
	const char *why = "";
	long n;
	int err;

	l->ok = false;
	if (l->b->setup && !l->b->setup(x, &r->s, &why)) {
		snprintf(r->why, sizeof r->why, "%s", why);
		if (l->b->optional)
			conf_note(x, "base %s: %s", l->b->what, why);
		else
			conf_info(x, "base %s: %s", l->b->what, why);
		return;
	}
	l->nfds = 0;
	l->b->build(x, &r->s, l->fds, &l->nfds);
	x->req.hdr.msg_id = 0;
	n = iow_vfu_msg_encode(&x->t->opts->cfg, &x->req, l->nfds, l->buf, sizeof l->buf, &e);
	if (n < 0)
		return; /* not a request of this profile (a flag it does not define, say) */
	l->len = (size_t)n;
	if (l->b->prepare)
		l->b->prepare(x, &r->s);
	enum answer res = exchange(r, l->buf, l->len, l->fds, l->nfds, &err);

	if (res == ACCEPTED) {
		l->ok = true;
		if (l->b->after)
			l->b->after(x, &r->s, true);
		seen(r, l->buf, l->len, l->nfds);
		return;
	}
	snprintf(r->why, sizeof r->why, "%s: %s", l->b->what, res == REFUSED ? "refused" : "no reply");
	if (res == REFUSED && l->b->optional)
		conf_note(x, "base %s: refused (errno %d), so not used", l->b->what, err);
	else if (res == REFUSED)
		conf_info(x, "base %s: refused (errno %d); the mutations that need it are not tried", l->b->what, err);
	else
		conf_info(x, "base %s: no reply", l->b->what);
	if (res != REFUSED)
		r->broken = true;
}

/* Is k (unshifted) a value of the entry's closed enum in profile p? For invalid_enum_values(). */
struct enum_known {
	const struct iowc_entry *e;
	unsigned p;
};

static bool enum_known(const void *ctx, uint64_t k)
{
	const struct enum_known *q = ctx;
	unsigned shift = (unsigned)__builtin_ctzll(q->e->mask);

	for (unsigned i = 0; i < q->e->nvalues; i++)
		if (q->e->values[i].value >> shift == k && (q->e->values[i].profiles >> q->p & 1))
			return true;
	return false;
}

static bool guards_hold(const struct run *r, const struct iowc_entry *e, const struct live *l)
{
	const uint8_t *pay = l->buf + IOWC_HEADER_SIZE;
	size_t plen = l->len - IOWC_HEADER_SIZE;

	for (unsigned g = 0; g < e->nguards; g++) {
		const struct iowc_guard *gd = &e->guards[g];
		uint64_t v;

		if (gd->off + gd->size > plen)
			return false;
		v = load(r->x, pay + gd->off, gd->size, gd->order) & gd->mask;
		if ((gd->op == IOWC_G_ALL && v != gd->mask) || (gd->op == IOWC_G_EQ && v != gd->value) ||
		    (gd->op == IOWC_G_GE && v < gd->value))
			return false;
	}
	/* the field itself must be in the base request */
	if (e->cls == IOWC_TRUNCATED)
		return e->off < plen;
	return e->off + e->size <= plen;
}

/* ---- mutations --------------------------------------------------------------------------------- */

/* A concrete mutation of a base request. */
struct concrete {
	enum { C_VALUE, C_CUT, C_FILL, C_FDS } kind;
	uint64_t value;
	unsigned nfds;
	char what[200];
};

static unsigned ctz64(uint64_t v)
{
	unsigned n = 0;

	while (v && !(v & 1)) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The concrete mutations of one table mutation on base l: up to max of them in c. */
static unsigned expand(struct run *r, const struct iowc_entry *e, const struct iowc_mutation *m, const struct live *l,
		       struct concrete *c, unsigned max)
{
	const uint8_t *pay = l->buf + IOWC_HEADER_SIZE;
	size_t plen = l->len - IOWC_HEADER_SIZE;
	unsigned bits = 8u * e->size, n = 0, p = r->profile;
	uint64_t top = ones(e->size), v = e->size ? load(r->x, pay + e->off, e->size, e->order) : 0;
	int64_t delta = (int64_t)m->arg;

#define ADD_VALUE(val, ...)                                                               \
	do {                                                                               \
		if (n < max) {                                                             \
			c[n].kind = C_VALUE;                                                 \
			c[n].value = (val);                                                  \
			snprintf(c[n].what, sizeof c[n].what, __VA_ARGS__);                  \
			n++;                                                                 \
		}                                                                          \
	} while (0)

	switch (m->op) {
	case IOWC_OP_TRUNCATE:
		c[0].kind = C_CUT;
		c[0].value = m->arg;
		snprintf(c[0].what, sizeof c[0].what, "payload cut to %llu of %zu bytes, %s", (unsigned long long)m->arg, plen,
			 m->what);
		return m->arg < plen;
	case IOWC_OP_SET:
		if (m->arg <= top)
			ADD_VALUE(m->arg, "%s = %#llx, %s", e->field, (unsigned long long)m->arg, m->what);
		break;
	case IOWC_OP_ADD:
		if ((delta < 0 && v < (uint64_t)-delta) || (delta > 0 && top - v < (uint64_t)delta))
			break;
		ADD_VALUE(v + (uint64_t)delta, "%s = %llu instead of %llu, %s", e->field, (unsigned long long)(v + (uint64_t)delta),
			  (unsigned long long)v, m->what);
		break;
	case IOWC_OP_WRAP: {
		unsigned tz = ctz64(e->elem_size);
		uint64_t step;

		if (!e->elem_size || !tz || tz >= bits)
			break;
		step = UINT64_C(1) << (bits - tz);
		if (top - v < step)
			break;
		ADD_VALUE(v + step, "%s = %#llx instead of %llu, %s", e->field, (unsigned long long)(v + step),
			  (unsigned long long)v, m->what);
		break;
	}
	case IOWC_OP_PLEN:
		if ((delta < 0 && plen < (uint64_t)-delta) || plen + (uint64_t)delta > top)
			break;
		ADD_VALUE(plen + (uint64_t)delta, "%s = %llu for a %zu-byte payload, %s", e->field,
			  (unsigned long long)(plen + (uint64_t)delta), plen, m->what);
		break;
	case IOWC_OP_FILL:
		c[0].kind = C_FILL;
		c[0].value = m->arg;
		snprintf(c[0].what, sizeof c[0].what, "%s: every byte %#llx, %s", e->field, (unsigned long long)m->arg, m->what);
		return 1;
	case IOWC_OP_EACH_UNDEFINED:
		for (unsigned b = 0; b < bits; b++) {
			uint64_t bit = UINT64_C(1) << b;

			if (!(e->defined[p] & bit) && !(v & bit))
				ADD_VALUE(v | bit, "%s |= %#llx, a bit %s does not define in profile %s", e->field,
					  (unsigned long long)bit, e->type, profile_name(r));
		}
		break;
	case IOWC_OP_EACH_INVALID: {
		struct enum_known k = { e, p };
		uint64_t cand[2];
		unsigned shift = ctz64(e->mask), ninvalid = invalid_enum_values(e->mask, enum_known, &k, cand);

		for (unsigned i = 0; i < ninvalid; i++)
			ADD_VALUE((v & ~e->mask) | (cand[i] << shift), "%s = %llu, not a value of enum %s in profile %s",
					  e->field, (unsigned long long)cand[i], e->type, profile_name(r));
		break;
	}
	case IOWC_OP_GROUP_NONE:
	case IOWC_OP_GROUP_TWO: {
		uint64_t group = 0;

		for (unsigned i = 0; i < e->nvalues; i++)
			if (e->values[i].profiles >> p & 1)
				group |= e->values[i].value;
		if (m->op == IOWC_OP_GROUP_NONE) {
			if (v & group)
				ADD_VALUE(v & ~group, "%s: no bit of %#llx, %s", e->field, (unsigned long long)group, m->what);
			break;
		}
		for (unsigned i = 0; i < e->nvalues; i++)
			if ((e->values[i].profiles >> p & 1) && !(v & e->values[i].value) && (v & group))
				ADD_VALUE(v | e->values[i].value, "%s |= %#llx, a second bit of group %#llx", e->field,
					  (unsigned long long)e->values[i].value, (unsigned long long)group);
		break;
	}
	case IOWC_OP_EACH_NONZERO:
		if (e->type) {
			for (unsigned b = 0; b < bits; b++)
				if (e->defined[p] >> b & 1)
					ADD_VALUE(v | UINT64_C(1) << b, "%s = %#llx, must be zero in this request", e->field,
						  (unsigned long long)(v | UINT64_C(1) << b));
		} else {
			ADD_VALUE(v | 1, "%s = 1, must be zero in this request", e->field);
			ADD_VALUE(v | UINT64_C(1) << (bits - 1), "%s = %#llx, must be zero in this request", e->field,
				  (unsigned long long)(v | UINT64_C(1) << (bits - 1)));
		}
		break;
	case IOWC_OP_EXTRA_FDS:
		if (m->arg <= l->nfds || m->arg > 8)
			break;
		c[0].kind = C_FDS;
		c[0].nfds = (unsigned)m->arg;
		snprintf(c[0].what, sizeof c[0].what, "%u fds attached, %s", c[0].nfds, m->what);
		return 1;
	}
#undef ADD_VALUE
	return n;
}

static void hex(char *out, size_t size, const uint8_t *p, size_t n)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + 4 < size; i++) {
		if (i == 48 && n > 52) {
			snprintf(out + used, size - used, "... (%zu bytes)", n);
			return;
		}
		used += (size_t)snprintf(out + used, size - used, "%s%02x", i ? " " : "", p[i]);
	}
}

/* Builds, sends and judges one concrete mutation on base l. */
static void attempt(struct run *r, const struct iowc_mutation *m, struct live *l, const struct iowc_entry *e,
		    const struct concrete *c)
{
	static uint8_t buf[BASE_CAP];
	struct ctx *x = r->x;
	const char *name = r->cmd->name;
	size_t len = l->len;
	int fds[8], err = 0;
	unsigned nfds = l->nfds;
	char bytes[200];

	memcpy(buf, l->buf, l->len);
	memcpy(fds, l->fds, sizeof l->fds);
	switch (c->kind) {
	case C_CUT: len = IOWC_HEADER_SIZE + (size_t)c->value; break;
	case C_VALUE: store(x, buf + IOWC_HEADER_SIZE + e->off, e->size, e->order, c->value); break;
	case C_FILL: memset(buf + IOWC_HEADER_SIZE + e->off, (int)c->value, e->size); break;
	case C_FDS:
		for (; nfds < c->nfds; nfds++)
			fds[nfds] = r->s.nullfd;
		break;
	}
	store(x, buf + 4, 4, IOWC_LE, len); /* msg_size: always the bytes sent */
	if (seen(r, buf, len, nfds)) {
		r->not_applicable++;
		return;
	}
	/* VERSION: every try on a connection of its own */
	if ((r->broken || r->cb->neg == NEG_NONE) && !renew(r))
		return;
	if (!l->ok) { /* lost on the new connection */
		r->no_base++;
		return;
	}
	if (l->b->prepare)
		l->b->prepare(x, &r->s);
	r->tried++;
	l->used = true;
	enum answer res = exchange(r, buf, len, fds, nfds, &err);

	hex(bytes, sizeof bytes, buf, len);
	switch (res) {
	case ACCEPTED:
		if (m->expect == IOWC_ACCEPT_MUST) {
			r->ignored++;
			snprintf(record(r, V_OK, NULL, 0)->text, sizeof r->out[0].text, "%s: %s: processed, as the policy says",
				 name, c->what);
		} else {
			r->taken++;
			snprintf(record(r, m->expect == IOWC_REFUSE_MUST ? V_FAILED : V_NON_STRICT, m->req, 0)->text,
				 sizeof r->out[0].text, "%s: %s: accepted; sent %s", name, c->what, bytes);
			if (!x->expected[0]) {
				snprintf(x->expected, sizeof x->expected, "%s: %s\n#   %s\n", name, c->what, bytes);
				snprintf(x->actual, sizeof x->actual, "a successful reply\n");
			}
		}
		if (l->b->after)
			l->b->after(x, &r->s, true);
		break;
	case REFUSED:
		if (m->expect == IOWC_ACCEPT_MUST) {
			snprintf(record(r, V_FAILED, m->req, err)->text, sizeof r->out[0].text,
				 "%s: %s: refused (errno %d), but must be processed as if zero; sent %s", name, c->what, err,
				 bytes);
		} else {
			r->refused++;
			snprintf(record(r, V_OK, NULL, err)->text, sizeof r->out[0].text, "%s: %s: errno %d", name, c->what,
				 err);
		}
		if (l->b->after)
			l->b->after(x, &r->s, false);
		break;
	case CLOSED:
		r->closed++;
		snprintf(record(r, V_INFORMATIONAL, NULL, 0)->text, sizeof r->out[0].text,
			 "%s: %s: the server closed the connection without an error reply", name, c->what);
		r->broken = true;
		break;
	case NO_ANSWER:
		snprintf(record(r, V_FAILED, "VFU-REPLY-001", 0)->text, sizeof r->out[0].text,
			 "%s: %s: no answer within the timeout; sent %s", name, c->what, bytes);
		r->broken = true;
		break;
	case GARBLED:
		snprintf(record(r, V_FAILED, "VFU-HDR-010", 0)->text, sizeof r->out[0].text,
			 "%s: %s: the answer is not a reply to it (msg_id, command or type); sent %s", name, c->what, bytes);
		r->broken = true;
		break;
	}
}

/* Room for findings in a case (MAX_FINDINGS), one kept for the closing note. */
static unsigned room_left(const struct ctx *x)
{
	return x->nfindings + 1 < MAX_FINDINGS ? MAX_FINDINGS - 1 - x->nfindings : 0;
}

static void emit(struct ctx *x, const struct outcome *o)
{
	if (o->v == V_FAILED)
		conf_fail(x, o->req, "%s", o->text);
	else if (o->v == V_NON_STRICT)
		conf_should(x, o->req, "%s", o->text);
	else if (o->v == V_INFORMATIONAL)
		conf_info(x, "%s", o->text);
	else
		conf_note(x, "%s", o->text);
}

/* Findings: what went wrong first, each on its own while there is room (the last one sums up
 * the rest), then the refusals, the rest of them counted by errno. */
static void report(struct run *r)
{
	struct ctx *x = r->x;
	unsigned bad = 0, done = 0, room = room_left(x);

	for (unsigned i = 0; i < r->nout; i++)
		bad += r->out[i].v != V_OK;
	for (unsigned i = 0; i < r->nout && done < bad; i++) {
		const struct outcome *o = &r->out[i];

		if (o->v == V_OK)
			continue;
		if (bad - done > room - done && done + 1 == room) {
			enum verdict worst = V_OK;
			const char *req = NULL;

			for (unsigned k = i; k < r->nout; k++)
				if (r->out[k].v > worst) {
					worst = r->out[k].v;
					req = r->out[k].req;
				}
			struct outcome sum = { worst, req, 0, "" };

			snprintf(sum.text, sizeof sum.text, "%.440s, and %u more like it (run this case alone with -v)", o->text,
				 bad - done - 1);
			emit(x, &sum);
			break;
		}
		emit(x, o);
		done++;
	}
	unsigned oks = r->nout - bad, shown = 0;

	room = room_left(x);
	for (unsigned i = 0; i < r->nout && shown < oks; i++) {
		if (r->out[i].v != V_OK)
			continue;
		if (oks - shown > room - shown && shown + 1 >= room)
			break;
		emit(x, &r->out[i]);
		shown++;
	}
	if (shown < oks && room > shown) {
		int errs[16];
		unsigned counts[16], nerr = 0, skip = shown;
		char text[400];
		size_t used;

		for (unsigned i = 0; i < r->nout; i++) {
			unsigned j = 0;

			if (r->out[i].v != V_OK || (skip && skip--))
				continue;
			while (j < nerr && errs[j] != r->out[i].err)
				j++;
			if (j == nerr && nerr < 16) {
				errs[nerr] = r->out[i].err;
				counts[nerr++] = 0;
			}
			if (j < nerr)
				counts[j]++;
		}
		used = (size_t)snprintf(text, sizeof text, "%u more:", oks - shown);
		for (unsigned j = 0; j < nerr && used < sizeof text; j++) {
			if (errs[j])
				used += (size_t)snprintf(text + used, sizeof text - used, "%s %u refused with errno %d",
							 j ? "," : "", counts[j], errs[j]);
			else
				used += (size_t)snprintf(text + used, sizeof text - used, "%s %u processed as the policy says",
							 j ? "," : "", counts[j]);
		}
		conf_note(x, "%s", text);
	}
}

/* After the mutations, every base used must still be taken: otherwise the refusals may come from
 * the state the device was left in rather than from the mutations. */
static void recheck(struct run *r)
{
	struct ctx *x = r->x;
	int err;

	for (unsigned i = 0; i < r->nlive && !r->gave_up; i++) {
		struct live *l = &r->live[i];

		if (!l->ok || !l->used)
			continue;
		if ((r->broken || r->cb->neg == NEG_NONE) && !renew(r))
			return;
		if (!l->ok)
			continue;
		if (l->b->prepare)
			l->b->prepare(x, &r->s);
		enum answer res = exchange(r, l->buf, l->len, l->fds, l->nfds, &err);

		if (res == ACCEPTED) {
			if (l->b->after)
				l->b->after(x, &r->s, true);
			continue;
		}
		snprintf(record(r, V_INFORMATIONAL, NULL, 0)->text, sizeof r->out[0].text,
			 "base %s: %s after the mutations, so the refusals may come from the state the device was left "
			 "in", l->b->what, res == REFUSED ? "refused" : "no reply");
		if (res != REFUSED)
			r->broken = true;
	}
}

/* ---- a case: every mutation of one class on one command ------------------------------------------ */

static void run_class(struct ctx *x, unsigned index, enum iowc_class cls)
{
	struct run *r = &R;
	const struct iowc_command *cmd = &iowc_commands[index];
	unsigned wanted = 0;

	memset(r, 0, sizeof *r);
	r->x = x;
	r->cmd = cmd;
	r->profile = x->t->opts->cfg.profile;
	r->s.region = r->s.rw_region = r->s.irq = r->s.irq_eventfd = -1;
	r->s.memfd = r->s.efd = -1;
	r->s.nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (!(cmd->profiles >> r->profile & 1)) {
		conf_note(x, "%s is not a command of profile %s: nothing to try", cmd->name, profile_name(r));
		goto out;
	}
	for (size_t i = 0; i < cmd->nentries; i++)
		wanted += cmd->entries[i].cls == cls && (cmd->entries[i].profiles >> r->profile & 1);
	if (!wanted) {
		conf_note(x, "%s has no %s mutation in profile %s", cmd->name, iowc_class_names[cls], profile_name(r));
		goto out;
	}
	for (size_t i = 0; i < sizeof command_bases / sizeof command_bases[0]; i++)
		if (command_bases[i].command == cmd->command)
			r->cb = &command_bases[i];
	if (!r->cb) {
		conf_info(x, "no base request is written for %s", cmd->name);
		goto out;
	}
	if (!negotiate(r))
		goto out;

	bool any = false, optional_only = true;

	for (unsigned i = 0; i < MAX_BASES && r->cb->bases[i]; i++) {
		struct live *l = &r->live[r->nlive++];

		l->b = r->cb->bases[i];
		if (r->broken && !renew(r))
			goto out;
		bring_up(r, l);
		any |= l->ok;
		optional_only &= l->b->optional;
	}
	if (!any) {
		if (optional_only)
			conf_unimplemented(x, "the device serves none of the base requests of %s (%s)", cmd->name, r->why);
		goto out;
	}
	for (size_t i = 0; i < cmd->nentries && !r->gave_up; i++) {
		const struct iowc_entry *e = &cmd->entries[i];
		struct live *l = NULL;

		if (e->cls != cls || !(e->profiles >> r->profile & 1))
			continue;
		for (unsigned k = 0; k < r->nlive && !l; k++)
			if (r->live[k].ok && guards_hold(r, e, &r->live[k]))
				l = &r->live[k];
		if (!l) {
			r->no_base++;
			continue;
		}
		for (unsigned k = 0; k < e->nmutations && !r->gave_up; k++) {
			static struct concrete c[64];
			unsigned n = expand(r, e, &e->mutations[k], l, c, 64);

			if (!n)
				r->not_applicable++;
			for (unsigned j = 0; j < n && !r->gave_up; j++)
				attempt(r, &e->mutations[k], l, e, &c[j]);
		}
	}
	recheck(r);
	report(r);
	char extra[120] = "";

	if (r->no_base)
		snprintf(extra, sizeof extra, "; %u entries of the table apply to no base request this device serves",
			 r->no_base);
	conf_note(x, "%u mutations tried: %u refused, %u processed as their ignore policy says, %u taken, %u closed "
		     "the connection%s", r->tried, r->refused, r->ignored, r->taken, r->closed, extra);
	for (unsigned i = 0; i < r->nlive && !r->broken && !r->gave_up; i++)
		if (r->live[i].ok && r->live[i].b->teardown)
			r->live[i].b->teardown(x, &r->s);
out:
	if (r->s.memfd >= 0)
		close(r->s.memfd);
	if (r->s.efd >= 0)
		close(r->s.efd);
	if (r->s.nullfd >= 0)
		close(r->s.nullfd);
}

#define RUN_CASE(index, cls, token, id, title, reqs, must) \
	static void run_##token##_##index(struct ctx *x) { run_class(x, index, cls); }
IOWC_CASES(RUN_CASE)
#undef RUN_CASE

const struct conf_case vfu_malformed_cases[] = {
#define CASE_ENTRY(index, cls, token, id, title, reqs, must) \
	{ id, title, reqs, must ? T_MUST : T_SHOULD, TK_VFU_SERVER, false, run_##token##_##index },
	IOWC_CASES(CASE_ENTRY)
#undef CASE_ENTRY
};

const size_t vfu_malformed_ncases = sizeof vfu_malformed_cases / sizeof vfu_malformed_cases[0];
