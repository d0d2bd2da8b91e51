/* iowire-ref-server: the reference vfio-user server of the conformance suite.
 *
 * One process serves one client at a time over an AF_UNIX stream socket. Device state (config
 * space, BAR0, BAR1, migration state) lives in struct server and survives DEVICE_RESET (except
 * the registers) and reconnects; everything a client brought (DMA mappings, interrupt eventfds,
 * the twin socket, the ioeventfd) lives in struct client and goes when the client goes.
 *
 * Every vfio-user message is decoded and encoded by libiowire's generated codecs and moved by
 * its transport (iow_conn_*). See README.md in this directory for the device and the errnos. */
#ifndef IOW_REF_SERVER_H
#define IOW_REF_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iowire/caps_json.h"
#include "iowire/transport.h"
#include "iowire/vfio_user.h"

/* ---- what the server offers ---- */

#define REF_MAJOR 0
#define REF_MINOR 2               /* reply minor = min(proposed, REF_MINOR) */
#define REF_MAX_MSG_FDS 8         /* fds we accept in one message */
#define REF_MAX_DMA_MAPS 64       /* when the client proposes max_dma_maps; else the default */
#define REF_PGSIZE 4096u
#define REF_DEFAULT_XFER (1u << 20)
#define REF_MAX_XFER (64u << 20)  /* largest --max-data-xfer */

#define REF_VENDOR_ID 0x1b36      /* Red Hat / QEMU */
#define REF_DEVICE_ID 0x0005      /* QEMU's PCI test device id */
#define REF_SUBSYS_ID 0x1100

#define CFG_SIZE 256u
#define BAR0_SIZE 256u
#define BAR1_SIZE (16u * 1024u)
#define NUM_REGIONS IOW_VFU_PCI_NUM_REGIONS
#define NUM_IRQ_INDEXES IOW_VFU_PCI_NUM_IRQS
#define MAX_VECTORS 4u

/* BAR0 registers (little-endian, like every PCI register). Bytes not listed are plain storage. */
#define R_ID 0x00             /* u32 RO "IOWR" */
#define R_VERSION 0x04        /* u32 RO */
#define R_SCRATCH0 0x08       /* u32 RW */
#define R_SCRATCH1 0x0c       /* u32 RW */
#define R_DOORBELL 0x10       /* u32 WO: 1 rings (MSI-X vector 0); also the ioeventfd sub-region */
#define R_DOORBELL_COUNT 0x14 /* u32 RO: doorbells rung */
#define R_DMA_ADDR 0x18       /* u64 RW: DMA address (IOVA) */
#define R_DMA_LEN 0x20        /* u64 RW: bytes to copy */
#define R_DMA_OFF 0x28        /* u64 RW: offset in BAR1 */
#define R_DMA_CMD 0x30        /* u32 WO: 1 guest memory -> BAR1, 2 BAR1 -> guest memory */
#define R_DMA_STATUS 0x34     /* u32 RO: DMA_IDLE, DMA_BUSY, DMA_DONE, DMA_ERROR */
#define R_DMA_ERRNO 0x38      /* u32 RO: errno of the last failed DMA */
#define R_IRQ_COUNT 0x3c      /* u32 RO: interrupts signalled through an eventfd */
#define R_STORAGE 0x40        /* 0x40..0xff: RW storage */

#define REF_ID_VALUE 0x52574f49u /* "IOWR" */
#define REF_VERSION_VALUE 0x00010000u

enum { DMA_CMD_TO_BAR1 = 1, DMA_CMD_FROM_BAR1 = 2 };
enum { DMA_IDLE = 0, DMA_BUSY = 1, DMA_DONE = 2, DMA_ERROR = 3 };

#define MSIX_VEC_DOORBELL 0
#define MSIX_VEC_DMA_DONE 1

/* ---- state ---- */

struct options {
	const char *socket_path;
	int fd;
	unsigned profile;
	enum iow_order order;
	uint32_t max_xfer;
	bool migration;
	int verbose;
};

struct range {
	uint64_t start, end; /* [start, end) */
};

struct dma_map {
	uint64_t addr, size, offset;
	uint32_t flags;
	uint8_t *mem; /* mmap()ed (fd mode) or NULL */
	int fd;       /* FILE_IO mode (libvfio-user profile), else -1 */
};

#define MAX_LOG_RANGES 256u
#define MAX_DIRTY 1024u

struct dirty_log {
	bool active;
	uint64_t page_size;
	struct range ranges[MAX_LOG_RANGES]; /* none: the whole IOVA space */
	unsigned nranges;
	struct range dirty[MAX_DIRTY]; /* sorted, disjoint, not adjacent */
	unsigned ndirty;
};

struct dma_job {
	bool active;
	bool waiting; /* a DMA_READ/DMA_WRITE is out, its reply not yet in */
	bool on_twin;
	uint16_t msg_id, command;
	uint32_t dir;
	uint64_t addr, len, off, done, chunk;
};

struct client {
	int fd; /* -1: no client */
	struct iow_conn conn;
	bool negotiated;
	uint16_t minor;
	uint64_t peer_max_xfer;  /* the client's max_data_xfer_size */
	uint64_t peer_max_fds;   /* the client's max_msg_fds */
	/* Our limits as negotiated: what the reply stated, or the spec's default for a key the
	 * client did not propose (the reply names no other keys). */
	uint32_t max_xfer;
	uint32_t max_maps;
	bool write_multiple;
	int twin_fd; /* our end of the twin socket, or -1 */
	struct iow_conn twin;
	struct dma_map *maps; /* grows up to max_maps */
	unsigned nmaps, maps_cap;
	int irq_fds[NUM_IRQ_INDEXES][MAX_VECTORS];
	int ioeventfd;
	struct dma_job job;
	struct dirty_log log;
	uint16_t next_id;
	bool closing; /* drop after the current message */
};

#define MIG_HDR_SIZE 16u
#define MIG_BODY_SIZE (CFG_SIZE + BAR0_SIZE + BAR1_SIZE)
#define MIG_RECORD_SIZE (MIG_HDR_SIZE + MIG_BODY_SIZE)
#define MIG_MAGIC 0x4d574f49u /* "IOWM" */
#define MIG_VERSION 1u

struct migration {
	uint32_t state;
	uint8_t save[MIG_RECORD_SIZE]; /* the stream MIG_DATA_READ returns */
	size_t save_len, save_pos;
	uint8_t rx[MIG_RECORD_SIZE]; /* the record MIG_DATA_WRITE is filling */
	size_t rx_len;
	uint8_t staged[MIG_BODY_SIZE]; /* the last whole record received */
	bool have_staged;
};

struct server {
	struct options opt;
	struct iow_cfg cfg;
	uint8_t config[CFG_SIZE];
	uint8_t bar0[BAR0_SIZE];
	uint8_t *bar1;
	int bar1_fd;
	uint8_t irq_pending[NUM_IRQ_INDEXES]; /* vectors signalled while stopped, one bit each */
	uint32_t dma_pending;  /* DMA command written while the device was stopped */
	struct migration mig;
	struct client cl;
	uint8_t *rxbuf, *twinbuf, *txbuf, *scratch;
	size_t bufcap;
	/* While a command is handled, DMA requests wait until its reply has gone out. */
	bool in_command, advance_later;
};

/* ---- connection.c: the server and its one client ---- */
int server_init(struct server *s);
void server_power_on(struct server *s);
void logf_(const struct server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes the connected socket fd (made non-blocking) as the client's. */
void start_client(struct server *s, int fd);
/* Reads what the socket (main or twin) has and handles every whole message. false: the
 * connection ended (c->closing says whether the client asked for it). */
bool serve(struct server *s, bool twin);
void twin_gone(struct server *s);
void drop_client(struct server *s, const char *why);

/* ---- proto.c: messages ---- */
void client_init(struct client *c);
void handle_frame(struct server *s, struct iow_frame *f, bool on_twin);
int send_request(struct server *s, bool on_twin, struct iow_vfu_msg *m);

/* ---- device.c: config space, BAR0, BAR1, interrupts ---- */
int device_init(struct server *s);
void device_reset(struct server *s);
bool device_running(const struct server *s);
int region_read(struct server *s, uint32_t region, uint64_t offset, uint8_t *out, uint32_t count);
int region_write(struct server *s, uint32_t region, uint64_t offset, const uint8_t *in, uint32_t count);
uint64_t region_size(uint32_t region);
uint32_t irq_count(uint32_t index);
void irq_signal(struct server *s, uint32_t index, uint32_t vector);
void irq_close_all(struct client *c);
void doorbell(struct server *s, uint64_t times);
void device_resumed(struct server *s);
uint32_t reg32(const struct server *s, unsigned off);
void set_reg32(struct server *s, unsigned off, uint32_t v);

/* ---- dma.c: mappings, the DMA engine, dirty logging ---- */
int dma_map_add(struct server *s, const struct iow_vfu_dma_map *req, int fd);
int dma_map_remove(struct server *s, uint64_t addr, uint64_t size, bool all);
void dma_unmap_all(struct client *c);
void dma_command(struct server *s, uint32_t cmd);
void dma_advance(struct server *s);
bool dma_reply(struct server *s, const struct iow_vfu_msg *m, bool decoded, bool on_twin);
void dma_cancel(struct server *s, int err);
int log_start(struct server *s, const struct iow_vfu_feature_dma_logging_control *ctl);
void log_stop(struct client *c);
int log_report(struct server *s, uint64_t iova, uint64_t length, uint64_t page_size, uint8_t *bitmap,
	       size_t bitmap_len);
int guarded_copy(void *dst, const void *src, size_t n);

/* ---- migration.c ---- */
int mig_set_state(struct server *s, uint32_t target);
int mig_read(struct server *s, uint32_t size, const uint8_t **data, uint32_t *got);
int mig_write(struct server *s, const uint8_t *data, uint32_t size);

#endif /* IOW_REF_SERVER_H */
