/* The device: a PCI function with a config space, a 256-byte register file (BAR0, served by
 * message), a 16 KiB memory BAR backed by a memfd (BAR1, mappable), and eventfd interrupts. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Which bytes a write may change: config space and BAR0. */
static uint8_t cfg_wmask[CFG_SIZE];
static uint8_t bar0_wmask[BAR0_SIZE];

static void put16(uint8_t *p, uint16_t v)
{
	iow_st_le16(p, v, IOW_ORDER_LE);
}

static void put32(uint8_t *p, uint32_t v)
{
	iow_st_le32(p, v, IOW_ORDER_LE);
}

uint32_t reg32(const struct server *s, unsigned off)
{
	return iow_ld_le32(s->bar0 + off, IOW_ORDER_LE);
}

void set_reg32(struct server *s, unsigned off, uint32_t v)
{
	put32(s->bar0 + off, v);
}

static void fill_mask(uint8_t *mask, unsigned off, unsigned n, uint8_t v)
{
	memset(mask + off, v, n);
}

static void init_masks(void)
{
	memset(cfg_wmask, 0, sizeof cfg_wmask);
	cfg_wmask[0x04] = 0x47; /* command: I/O, memory, bus master, parity */
	cfg_wmask[0x05] = 0x05; /* command: SERR#, INTx disable */
	cfg_wmask[0x0c] = 0xff; /* cache line size */
	cfg_wmask[0x0d] = 0xff; /* latency timer */
	/* BAR0: 256 bytes, 32-bit memory: address bits 31..8 */
	fill_mask(cfg_wmask, 0x11, 3, 0xff);
	/* BAR1: 16 KiB, 32-bit prefetchable memory: address bits 31..14 */
	cfg_wmask[0x15] = 0xc0;
	fill_mask(cfg_wmask, 0x16, 2, 0xff);
	cfg_wmask[0x3c] = 0xff; /* interrupt line */

	memset(bar0_wmask, 0, sizeof bar0_wmask);
	fill_mask(bar0_wmask, R_SCRATCH0, 8, 0xff);
	fill_mask(bar0_wmask, R_DMA_ADDR, 24, 0xff);
	fill_mask(bar0_wmask, R_STORAGE, BAR0_SIZE - R_STORAGE, 0xff);
}

static void config_reset(struct server *s)
{
	uint8_t *c = s->config;

	memset(c, 0, CFG_SIZE);
	put16(c + 0x00, REF_VENDOR_ID);
	put16(c + 0x02, REF_DEVICE_ID);
	c[0x08] = 0x01;                         /* revision */
	c[0x0b] = 0xff;                         /* class: unassigned */
	put32(c + 0x10, 0x00000000);            /* BAR0: memory, 32-bit, non-prefetchable */
	put32(c + 0x14, 0x00000008);            /* BAR1: memory, 32-bit, prefetchable */
	put16(c + 0x2c, REF_VENDOR_ID);         /* subsystem vendor */
	put16(c + 0x2e, REF_SUBSYS_ID);
	c[0x3d] = 0x01;                         /* interrupt pin INTA# */
}

static void bar0_reset(struct server *s)
{
	memset(s->bar0, 0, BAR0_SIZE);
	set_reg32(s, R_ID, REF_ID_VALUE);
	set_reg32(s, R_VERSION, REF_VERSION_VALUE);
}

int device_init(struct server *s)
{
	init_masks();
	config_reset(s);
	bar0_reset(s);
	s->bar1_fd = memfd_create("iowire-ref-bar1", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (s->bar1_fd < 0)
		return -1;
	if (ftruncate(s->bar1_fd, BAR1_SIZE) < 0)
		return -1;
	/* The client maps the same file: sealing its size keeps our accesses from faulting. */
	if (fcntl(s->bar1_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		return -1;
	s->bar1 = mmap(NULL, BAR1_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, s->bar1_fd, 0);
	if (s->bar1 == MAP_FAILED) {
		s->bar1 = NULL;
		return -1;
	}
	return 0;
}

/* DEVICE_RESET: the power-on state: config space, registers and BAR1 contents, no copy running
 * and no interrupt pending. The migration state is kept (ERROR is left for RUNNING, the spec's
 * way out of it); interrupt eventfds and DMA mappings belong to the client and stay. */
void device_reset(struct server *s)
{
	dma_cancel(s, 0);
	config_reset(s);
	bar0_reset(s);
	memset(s->bar1, 0, BAR1_SIZE);
	memset(s->irq_pending, 0, sizeof s->irq_pending);
	s->dma_pending = 0;
	if (s->mig.state == IOW_VFU_MIG_STATE_ERROR)
		s->mig.state = IOW_VFU_MIG_STATE_RUNNING;
}

bool device_running(const struct server *s)
{
	return s->mig.state == IOW_VFU_MIG_STATE_RUNNING || s->mig.state == IOW_VFU_MIG_STATE_PRE_COPY;
}

/* Back in a running state: do what was asked while stopped. */
void device_resumed(struct server *s)
{
	for (uint32_t i = 0; i < NUM_IRQ_INDEXES; i++) {
		uint8_t pending = s->irq_pending[i];

		s->irq_pending[i] = 0;
		for (uint32_t v = 0; v < MAX_VECTORS; v++)
			if (pending & (1u << v))
				irq_signal(s, i, v);
	}
	if (s->dma_pending) {
		uint32_t cmd = s->dma_pending;

		s->dma_pending = 0;
		dma_command(s, cmd);
	}
	dma_advance(s);
}

uint64_t region_size(uint32_t region)
{
	switch (region) {
	case IOW_VFU_REGION_INDEX_BAR0: return BAR0_SIZE;
	case IOW_VFU_REGION_INDEX_BAR1: return BAR1_SIZE;
	case IOW_VFU_REGION_INDEX_CONFIG: return CFG_SIZE;
	default: return 0;
	}
}

uint32_t irq_count(uint32_t index)
{
	switch (index) {
	case IOW_VFU_IRQ_INDEX_INTX: return 1;
	case IOW_VFU_IRQ_INDEX_MSI: return 1;
	case IOW_VFU_IRQ_INDEX_MSIX: return MAX_VECTORS;
	case IOW_VFU_IRQ_INDEX_ERR: return 1;
	case IOW_VFU_IRQ_INDEX_REQ: return 1;
	default: return 0;
	}
}

void irq_signal(struct server *s, uint32_t index, uint32_t vector)
{
	int fd;
	uint64_t one = 1;

	if (index >= NUM_IRQ_INDEXES || vector >= MAX_VECTORS || s->cl.fd < 0)
		return;
	/* A stopped device signals nothing: the interrupt waits until it runs again. */
	if (!device_running(s)) {
		s->irq_pending[index] |= (uint8_t)(1u << vector);
		return;
	}
	fd = s->cl.irq_fds[index][vector];
	if (fd < 0)
		return;
	if (write(fd, &one, sizeof one) == (ssize_t)sizeof one)
		set_reg32(s, R_IRQ_COUNT, reg32(s, R_IRQ_COUNT) + 1);
}

void irq_close_all(struct client *c)
{
	for (unsigned i = 0; i < NUM_IRQ_INDEXES; i++)
		for (unsigned v = 0; v < MAX_VECTORS; v++) {
			if (c->irq_fds[i][v] >= 0)
				close(c->irq_fds[i][v]);
			c->irq_fds[i][v] = -1;
		}
}

void doorbell(struct server *s, uint64_t times)
{
	set_reg32(s, R_DOORBELL_COUNT, reg32(s, R_DOORBELL_COUNT) + (uint32_t)times);
	irq_signal(s, IOW_VFU_IRQ_INDEX_MSIX, MSIX_VEC_DOORBELL);
}

/* The value a write puts in the 4-byte register at reg: the written bytes over zeros. */
static bool written_value(uint64_t offset, const uint8_t *in, uint32_t count, unsigned reg, uint32_t *v)
{
	uint8_t b[4] = { 0, 0, 0, 0 };
	bool hit = false;

	for (unsigned i = 0; i < 4; i++)
		if (reg + i >= offset && reg + i < offset + count) {
			b[i] = in[reg + i - offset];
			hit = true;
		}
	*v = iow_ld_le32(b, IOW_ORDER_LE);
	return hit;
}

static void bar0_write(struct server *s, uint64_t offset, const uint8_t *in, uint32_t count)
{
	uint32_t v;

	for (uint32_t i = 0; i < count; i++) {
		uint8_t m = bar0_wmask[offset + i];

		s->bar0[offset + i] = (uint8_t)((s->bar0[offset + i] & ~m) | (in[i] & m));
	}
	if (written_value(offset, in, count, R_DOORBELL, &v) && v == 1)
		doorbell(s, 1);
	if (written_value(offset, in, count, R_DMA_CMD, &v) && v != 0)
		dma_command(s, v);
}

static void config_write(struct server *s, uint64_t offset, const uint8_t *in, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		uint8_t m = cfg_wmask[offset + i];

		s->config[offset + i] = (uint8_t)((s->config[offset + i] & ~m) | (in[i] & m));
	}
}

/* Bounds are checked by the caller. */
int region_read(struct server *s, uint32_t region, uint64_t offset, uint8_t *out, uint32_t count)
{
	switch (region) {
	case IOW_VFU_REGION_INDEX_BAR0:
		memcpy(out, s->bar0 + offset, count);
		/* write-only registers read as zero */
		for (uint32_t i = 0; i < count; i++) {
			uint64_t at = offset + i;

			if ((at >= R_DOORBELL && at < R_DOORBELL + 4) || (at >= R_DMA_CMD && at < R_DMA_CMD + 4))
				out[i] = 0;
		}
		return 0;
	case IOW_VFU_REGION_INDEX_BAR1:
		memcpy(out, s->bar1 + offset, count);
		return 0;
	case IOW_VFU_REGION_INDEX_CONFIG:
		memcpy(out, s->config + offset, count);
		return 0;
	default:
		return EINVAL;
	}
}

int region_write(struct server *s, uint32_t region, uint64_t offset, const uint8_t *in, uint32_t count)
{
	switch (region) {
	case IOW_VFU_REGION_INDEX_BAR0:
		bar0_write(s, offset, in, count);
		return 0;
	case IOW_VFU_REGION_INDEX_BAR1:
		memcpy(s->bar1 + offset, in, count);
		return 0;
	case IOW_VFU_REGION_INDEX_CONFIG:
		config_write(s, offset, in, count);
		return 0;
	default:
		return EINVAL;
	}
}
