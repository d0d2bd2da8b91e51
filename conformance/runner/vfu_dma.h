/* iowire-conform: the runner's answers, as a vfio-user client, to the server's commands.
 *
 * While the runner waits for a reply (vfu_recv, vfu_call) the server may send DMA_READ and
 * DMA_WRITE (VFU-ORDER-004); session.c answers them here instead of handing them to the case:
 * from the runner's own memory for the regions a case mapped in message mode, EFAULT for
 * everything else (VFU-DMA-RW-002, VFU-DMA-RW-007), and an error reply to any other command a
 * server sends (VFU-CMD-002). With a twin socket, server commands are expected and answered on
 * it (VFU-TWIN-004).
 *
 * The state belongs to the running case: it is forgotten when the next case starts. */
#ifndef IOWIRE_CONFORM_VFU_DMA_H
#define IOWIRE_CONFORM_VFU_DMA_H

#include "conform.h"

#define VFU_DMA_MAX_AREAS 16

/* What the service saw during the case. */
struct vfu_dma_stats {
	unsigned reads, writes;          /* DMA_READ and DMA_WRITE served from the runner's memory */
	unsigned faults;                 /* answered EFAULT: outside every region the case added */
	unsigned fd_mode;                /* answered EFAULT: inside a region mapped with an fd */
	unsigned denied;                 /* answered EFAULT: against the region's read/write flags */
	unsigned on_main, on_twin;       /* where DMA commands arrived */
	unsigned held;                   /* commands queued while held */
	unsigned others;                 /* other server commands (answered with an error) */
	uint64_t bytes_read, bytes_written;
	uint64_t last_address, last_count;
};

/* A DMA region the case mapped. mem (size bytes) serves the server's accesses to a region
 * mapped without an fd; NULL marks a region mapped with an fd, which the server reaches itself.
 * flags are the DMA_MAP read/write flags. -1 when the table is full. */
int vfu_dma_add(struct ctx *x, uint64_t iova, uint64_t size, uint8_t *mem, uint32_t flags);
/* The region was unmapped: its accesses are faults from now on. */
void vfu_dma_remove(struct ctx *x, uint64_t iova, uint64_t size);
/* With tracking on, a server access that no added region covers fails the case
 * (VFU-DMA-MAP-008, VFU-DMA-RW-001); cases that add every region they map turn it on. */
void vfu_dma_track(struct ctx *x, bool on);
/* While set, any DMA_READ or DMA_WRITE from the server fails the case against req (a stopped
 * device, VFU-MIG-009). NULL clears it. */
void vfu_dma_forbid(struct ctx *x, const char *req, const char *why);
/* While held, server commands are queued unanswered (and a twin socket is not read); releasing
 * answers the queue in order. */
void vfu_dma_hold(struct ctx *x, bool hold);
/* The form of the runner's DMA_WRITE replies: IOW_VFU_DMA_WRITE_REPLY_ECHO (the default, the
 * 16-byte echo VFU-DMA-RW-005 recommends), _SHORT (12 bytes) or _HEADER_ONLY. */
void vfu_dma_write_form(struct ctx *x, unsigned form);
/* The twin socket the VERSION reply brought (the service takes the fd). */
void vfu_dma_twin(struct ctx *x, int fd);
bool vfu_dma_has_twin(struct ctx *x);
/* Closes the twin socket and forgets regions and counters (after a reconnect; at the end of a
 * case that set up a twin socket). */
void vfu_dma_end(struct ctx *x);
const struct vfu_dma_stats *vfu_dma_stats(struct ctx *x);

/* Serves server commands for up to ms milliseconds while no reply is expected. R_TIMEOUT when
 * nothing but server commands came; R_MSG when something else did (it is in *m, its fds in fds);
 * R_CLOSED or R_GARBAGE as vfu_recv. */
enum recv_status vfu_pump(struct ctx *x, unsigned ms, struct iow_vfu_msg *m, int *fds, unsigned *nfds);

#endif /* IOWIRE_CONFORM_VFU_DMA_H */
