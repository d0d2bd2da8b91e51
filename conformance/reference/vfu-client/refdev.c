/* The device of iowire-ref-server, recognised by its PCI ids and the id register of BAR0: the
 * client drives its registers, interrupts and DMA engine, so that a session against the
 * reference server also has the server write and read our memory (through the memfd mapping,
 * and through DMA_READ and DMA_WRITE for the message-mode region) and signal our eventfds.
 * The register map is that of conformance/reference/vfu-server (server.h). A device that does
 * not do what its registers say is a failure of the session, not a protocol violation. */
#include "client.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define REF_VENDOR_ID 0x1b36
#define REF_DEVICE_ID 0x0005
#define REF_ID_VALUE 0x52574f49u /* "IOWR" */

#define BAR0 IOW_VFU_REGION_INDEX_BAR0
#define BAR1 IOW_VFU_REGION_INDEX_BAR1
#define BAR1_SIZE (16u * 1024u)

#define R_ID 0x00
#define R_SCRATCH0 0x08
#define R_DOORBELL 0x10
#define R_DMA_ADDR 0x18 /* then R_DMA_LEN 0x20 and R_DMA_OFF 0x28 */
#define R_DMA_CMD 0x30
#define R_DMA_STATUS 0x34
#define R_DMA_ERRNO 0x38
#define R_STORAGE 0x40

enum { DMA_CMD_TO_BAR1 = 1, DMA_CMD_FROM_BAR1 = 2 };
enum { DMA_DONE = 2, DMA_ERROR = 3 }; /* R_DMA_STATUS; 0 idle, 1 busy */

#define MSIX IOW_VFU_IRQ_INDEX_MSIX
#define MSIX_VEC_DOORBELL 0
#define MSIX_VEC_DMA_DONE 1

static int device_error(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports what the device did wrong; the session goes on and exits 1. Returns 0. */
static int device_error(struct client *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->log, "iowire-ref-client: the reference device: ");
	va_start(ap, fmt);
	vfprintf(c->log, fmt, ap);
	va_end(ap);
	fputc('\n', c->log);
	c->device_errors++;
	return 0;
}

static void fill_pattern(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

bool refdev_detect(struct client *c)
{
	const struct region *cfg = &c->regions[IOW_VFU_REGION_INDEX_CONFIG];
	const struct region *bar0 = &c->regions[BAR0];
	uint8_t id[4];
	int rc;

	if (c->info.num_regions <= IOW_VFU_REGION_INDEX_CONFIG || !cfg->valid || cfg->size < 4 || !bar0->valid ||
	    bar0->size < 0x100)
		return false;
	if (region_read(c, IOW_VFU_REGION_INDEX_CONFIG, 0, id, 4))
		return false;
	if (iow_ld_le16(id, IOW_ORDER_LE) != REF_VENDOR_ID || iow_ld_le16(id + 2, IOW_ORDER_LE) != REF_DEVICE_ID)
		return false;
	return rd32(c, BAR0, R_ID, &rc) == REF_ID_VALUE && rc == 0;
}

/* Scratch registers, posted writes, REGION_WRITE_MULTI, and BAR1 through its mapping and by
 * message. */
int refdev_registers(struct client *c)
{
	uint8_t want[64], got[64];
	struct iow_vfu_msg m;
	struct reply r;
	int rc;

	rc = wr32(c, BAR0, R_SCRATCH0, 0x12345678);
	if (rc)
		return rc < 0 ? rc : device_error(c, "REGION_WRITE of a scratch register failed");
	if (rd32(c, BAR0, R_SCRATCH0, &rc) != 0x12345678 || rc)
		return rc < 0 ? rc : device_error(c, "the scratch register does not keep what was written");

	/* Eight posted writes, then a read: the server has done them before it answers
	 * (VFU-ORDER-002). */
	for (unsigned i = 0; i < 8; i++) {
		want[i] = (uint8_t)(0xa0 + i);
		memset(&m, 0, sizeof m);
		m.hdr.command = IOW_VFU_COMMAND_REGION_WRITE;
		m.u.region_access_data.access.offset = R_STORAGE + i;
		m.u.region_access_data.access.region = BAR0;
		m.u.region_access_data.access.count = 1;
		m.u.region_access_data.data.ptr = &want[i];
		m.u.region_access_data.data.len = 1;
		if (post(c, &m))
			return CALL_FATAL;
	}
	rc = region_read(c, BAR0, R_STORAGE, got, 8);
	if (rc)
		return rc < 0 ? rc : device_error(c, "REGION_READ after posted writes failed");
	if (memcmp(want, got, 8))
		violation(c, "VFU-ORDER-002", "a REGION_READ after eight posted writes does not see them all");

	if (c->srv.write_multiple) {
		struct iow_vfu_write_multi_entry e[3];
		static const unsigned sizes[3] = { 1, 2, 4 };
		unsigned at = 0x10;

		memset(e, 0, sizeof e);
		for (unsigned i = 0; i < 3; i++) {
			e[i].offset = R_STORAGE + at;
			e[i].region = BAR0;
			e[i].count = sizes[i];
			for (unsigned k = 0; k < sizes[i]; k++)
				e[i].data[k] = want[at + k - 0x10 + 8] = (uint8_t)(0x50 + at + k);
			at += sizes[i];
		}
		memset(&m, 0, sizeof m);
		m.hdr.command = IOW_VFU_COMMAND_REGION_WRITE_MULTI;
		m.u.write_multi.wr_cnt = 3;
		m.u.write_multi.wrs.items = e;
		rc = call(c, &m, NULL, 0, &r);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_WRITE_MULTI failed");
		reply_release(&r);
		if (r.m.u.write_multi_reply.wr_cnt != 3)
			violation(c, "VFU-WRITE-MULTI-003", "REGION_WRITE_MULTI of 3 writes reports %llu done",
				  (unsigned long long)r.m.u.write_multi_reply.wr_cnt);
		rc = region_read(c, BAR0, R_STORAGE + 0x10, got, 7);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_READ after REGION_WRITE_MULTI failed");
		if (memcmp(want + 8, got, 7))
			violation(c, "VFU-WRITE-MULTI-002", "the writes of REGION_WRITE_MULTI did not all land");
	}

	/* BAR1: written through our mapping of its first sparse area, read by message; written by
	 * message in the part that is not mapped, and all of it read back in max_data_xfer_size
	 * pieces. */
	{
		const struct region *g = &c->regions[BAR1];
		static uint8_t whole[BAR1_SIZE];

		if (!g->valid || g->size < BAR1_SIZE)
			return device_error(c, "BAR1 is not the 16 KiB it should be");
		fill_pattern(want, sizeof want, 1);
		if (g->nareas && g->areas[0].ptr && g->areas[0].offset == 0 && g->areas[0].size >= sizeof want) {
			memcpy(g->areas[0].ptr, want, sizeof want);
			rc = region_read(c, BAR1, 0, got, sizeof got);
			if (rc)
				return rc < 0 ? rc : device_error(c, "REGION_READ of BAR1 failed");
			if (memcmp(want, got, sizeof want))
				return device_error(c, "BAR1 written through the mapping reads differently by message");
		} else {
			note(c, "BAR1 is not mapped: its mapping is not checked");
		}
		fill_pattern(want, sizeof want, 2);
		rc = region_write(c, BAR1, 0x1000, want, sizeof want);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_WRITE of BAR1 failed");
		rc = region_read(c, BAR1, 0, whole, sizeof whole);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_READ of all of BAR1 failed");
		if (memcmp(whole + 0x1000, want, sizeof want))
			return device_error(c, "BAR1 does not keep a REGION_WRITE");
	}
	return 0;
}

/* Waits for an eventfd to fire, serving the sockets meanwhile. */
static bool wait_eventfd(struct client *c, int efd)
{
	long long deadline = client_now(c) + c->opt.timeout_ms;
	uint64_t v;

	while (client_now(c) < deadline) {
		if (read(efd, &v, sizeof v) == (ssize_t)sizeof v && v)
			return true;
		if (!serve_for(c, 10, false))
			return false;
	}
	return false;
}

static void drain_eventfd(int efd)
{
	uint64_t v;

	while (read(efd, &v, sizeof v) == (ssize_t)sizeof v)
		;
}

/* The doorbell register signals MSI-X vector 0 through the eventfd we gave it. */
int refdev_interrupts(struct client *c)
{
	int efd = c->info.num_irqs > MSIX ? c->irqs[MSIX].efd[MSIX_VEC_DOORBELL] : -1;
	int rc;

	if (efd < 0) {
		note(c, "no eventfd on MSI-X vector 0: the doorbell interrupt is not checked");
		return 0;
	}
	drain_eventfd(efd);
	rc = wr32(c, BAR0, R_DOORBELL, 1);
	if (rc)
		return rc < 0 ? rc : device_error(c, "REGION_WRITE of the doorbell failed");
	if (!wait_eventfd(c, efd))
		return device_error(c, "no interrupt on MSI-X vector 0 within %u ms of ringing the doorbell",
				    c->opt.timeout_ms);
	note(c, "the doorbell interrupt came");
	return 0;
}

/* One run of the copy engine; waits until it is no longer busy. */
static int dma_run(struct client *c, uint64_t iova, uint64_t len, uint32_t cmd)
{
	uint8_t regs[24];
	long long deadline = client_now(c) + c->opt.timeout_ms;
	int rc;

	iow_st_le64(regs, iova, IOW_ORDER_LE);
	iow_st_le64(regs + 8, len, IOW_ORDER_LE);
	iow_st_le64(regs + 16, 0, IOW_ORDER_LE);
	rc = region_write(c, BAR0, R_DMA_ADDR, regs, sizeof regs);
	if (rc == 0)
		rc = wr32(c, BAR0, R_DMA_CMD, cmd);
	if (rc)
		return rc < 0 ? rc : device_error(c, "REGION_WRITE of the DMA registers failed");
	for (;;) {
		uint32_t st = rd32(c, BAR0, R_DMA_STATUS, &rc);

		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_READ of the DMA status failed");
		if (st == DMA_DONE)
			return 0;
		if (st == DMA_ERROR) {
			uint32_t e = rd32(c, BAR0, R_DMA_ERRNO, &rc);

			return rc < 0 ? rc : device_error(c, "the copy at %#llx failed: %s", (unsigned long long)iova, strerror((int)e));
		}
		if (client_now(c) > deadline)
			return device_error(c, "the copy at %#llx did not finish within %u ms", (unsigned long long)iova,
					    c->opt.timeout_ms);
		/* the server's DMA_READ or DMA_WRITE, on the twin or the main socket */
		if (!serve_for(c, 5, true))
			return CALL_FATAL;
	}
}

/* The copy engine moves 8 KiB from each of our regions into BAR1 and back: through the server's
 * mapping of the memfd, and through DMA_READ and DMA_WRITE for the message-mode region. */
int refdev_dma(struct client *c)
{
	static uint8_t bar[8192];
	const uint64_t len = sizeof bar;
	int done_fd = c->info.num_irqs > MSIX ? c->irqs[MSIX].efd[MSIX_VEC_DMA_DONE] : -1;

	for (unsigned i = 0; i < 2; i++) {
		struct map *mp = &c->maps[i];
		unsigned served = c->dma_served;
		int rc;

		if (!mp->mapped || mp->size < len)
			continue;
		if (done_fd >= 0)
			drain_eventfd(done_fd);
		fill_pattern(mp->mem, (size_t)len, 10 + i);
		rc = dma_run(c, mp->iova, len, DMA_CMD_TO_BAR1);
		if (rc)
			return rc;
		rc = region_read(c, BAR1, 0, bar, len);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_READ of BAR1 after a copy failed");
		if (memcmp(bar, mp->mem, (size_t)len))
			return device_error(c, "the copy from the %s region into BAR1 brought other bytes",
					    mp->fd >= 0 ? "memfd" : "message-mode");
		fill_pattern(bar, sizeof bar, 20 + i);
		rc = region_write(c, BAR1, 0, bar, len);
		if (rc)
			return rc < 0 ? rc : device_error(c, "REGION_WRITE of BAR1 failed");
		memset(mp->mem, 0, (size_t)len);
		rc = dma_run(c, mp->iova, len, DMA_CMD_FROM_BAR1);
		if (rc)
			return rc;
		if (memcmp(bar, mp->mem, (size_t)len))
			return device_error(c, "the copy from BAR1 into the %s region left other bytes",
					    mp->fd >= 0 ? "memfd" : "message-mode");
		if (mp->fd < 0 && c->dma_served == served)
			return device_error(c, "copies to and from the message-mode region came without DMA_READ or "
					    "DMA_WRITE");
		if (done_fd >= 0 && !wait_eventfd(c, done_fd))
			return device_error(c, "no interrupt on MSI-X vector 1 after a copy");
		note(c, "the copy engine moved %llu bytes each way through the %s region", (unsigned long long)len,
		     mp->fd >= 0 ? "memfd" : "message-mode");
	}
	return 0;
}

/* After DEVICE_RESET the registers are back at their power-on values. */
int refdev_after_reset(struct client *c)
{
	int rc;
	uint32_t v = rd32(c, BAR0, R_SCRATCH0, &rc);

	if (rc)
		return rc < 0 ? rc : device_error(c, "REGION_READ after DEVICE_RESET failed");
	if (v != 0)
		return device_error(c, "the scratch register reads %#x after DEVICE_RESET", v);
	return 0;
}
