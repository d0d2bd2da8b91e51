/* iowire-ref-client: the reference vfio-user client of the conformance suite.
 *
 * It connects to a server (--socket-path=PATH, or an inherited socket with --fd=N) and drives it
 * through one whole session: negotiation, device, region and interrupt information, DMA mappings
 * of shared (memfd) and private memory, interrupts on eventfds, region accesses (posted writes,
 * REGION_WRITE_MULTI when offered), the migration state machine and its data, unmapping, reset.
 * While it waits for a reply it serves the server's DMA_READ and DMA_WRITE, on the twin socket
 * when one was agreed and on the main socket otherwise.
 *
 * Every message goes through libiowire's generated codecs and its transport (iow_conn_*). The
 * client keeps the client-role rules of spec/ and checks what the server sends against the
 * server-role ones: it exits 0 when the session went as the spec says, and 1, with a message
 * naming the requirement, when it did not. */
#ifndef IOW_REF_CLIENT_H
#define IOW_REF_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iowire/caps_json.h"
#include "iowire/transport.h"
#include "iowire/vfio_user.h"

/* ---- what the client proposes and uses ---- */

#define CL_MAJOR 0
#define CL_MINOR 2
#define CL_MAX_MSG_FDS 8            /* fds we accept in one message */
#define CL_MAX_XFER (1u << 20)      /* our max_data_xfer_size: the largest DMA we serve */
#define CL_MAP_SIZE (64u * 1024u)   /* each DMA region, rounded up to the server's page size */
#define CL_IOVA_FD 0x10000000ull    /* where the memfd region is mapped (DMA address) */
#define CL_IOVA_MSG 0x20000000ull   /* where the message-mode region is mapped */
#define CL_MAX_REGIONS 64           /* region indexes we look at */
#define CL_MAX_IRQS 16              /* interrupt indexes we look at */
#define CL_MAX_VECTORS 64           /* eventfds per interrupt index */
#define CL_MAX_AREAS 32             /* sparse-mmap areas we map per region */
#define CL_MIG_MAX (4u << 20)       /* migration data we keep to write back */

struct options {
	const char *socket_path;
	int fd;
	unsigned profile;
	enum iow_order order;
	unsigned timeout_ms;
	bool twin_socket;   /* propose a twin socket */
	bool write_multi;   /* propose write_multiple and use it */
	bool migration;     /* drive the migration states */
	bool strict;        /* an error reply to any command fails the session */
	int verbose;
};

/* One of our DMA regions. */
struct map {
	uint64_t iova, size;
	uint32_t flags;
	uint8_t *mem;  /* our memory: the memfd's mapping, or a private buffer */
	int fd;        /* memfd (fd mode) or -1 (message mode) */
	bool mapped;   /* the server accepted the DMA_MAP and no DMA_UNMAP followed */
};

struct area {
	uint64_t offset, size; /* within the region */
	void *ptr;             /* our mapping, or NULL */
};

struct region {
	bool valid;
	uint32_t flags;
	uint64_t size, offset;
	int fd;                /* the region's fd (MMAP), or -1 */
	bool sparse;           /* a sparse-mmap capability limits what may be mapped */
	struct area areas[CL_MAX_AREAS];
	unsigned nareas;
};

struct irq {
	bool valid;
	uint32_t flags, count;
	int efd[CL_MAX_VECTORS]; /* assigned eventfds, -1 where none */
};

/* A reply: the decoded message (views into the receive buffer, valid until the next call) and
 * the fds that came with it (ours to close). */
struct reply {
	struct iow_vfu_msg m;
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds;
};

struct client;

/* A server played in the same process instead of over a real connection: the session fuzz
 * harness (fuzz/harnesses/vfu_client_session.c). wait() is called whenever the client is about
 * to wait for its sockets; in_flight says whether a command awaits its reply. The peer may send
 * the client something and return true, or return false: nothing comes in this wait, which then
 * ends at once, and the client's clock moves on by the time it would have waited. With a peer,
 * the clock is that virtual one alone (client_now), so a session depends only on the bytes. */
struct client_peer {
	bool (*wait)(struct client *c, bool in_flight, void *arg);
	void *arg;
	long long clock_ms;
};

struct client {
	struct options opt;
	struct iow_cfg cfg;
	FILE *log;            /* what the client says: stderr, unless a harness silences it */
	struct client_peer *peer; /* NULL: a real server on the other end */
	int fd;
	struct iow_conn conn;
	int twin_fd;          /* the twin socket, or -1 */
	struct iow_conn twin;
	uint8_t *rxbuf, *twinbuf, *txbuf;
	size_t bufcap;
	bool own_buffers;     /* allocated by client_init, freed by client_release */
	uint16_t next_id;
	/* negotiation */
	uint16_t minor;
	bool negotiated;          /* VERSION went through */
	struct iow_vfu_caps srv;  /* the server's capabilities, defaults for absent keys */
	/* the device */
	struct iow_vfu_device_info info;
	struct region regions[CL_MAX_REGIONS];
	struct irq irqs[CL_MAX_IRQS];
	struct map maps[2];   /* [0] memfd, [1] message mode */
	uint64_t page;        /* the page size DMA regions are aligned to */
	bool ref_device;      /* the device of iowire-ref-server: its registers are known */
	/* outcome */
	unsigned violations;  /* rules the server broke */
	unsigned refused;     /* commands that got an error reply */
	unsigned device_errors; /* the reference device did not do what its registers say */
	unsigned dma_served;  /* DMA_READ and DMA_WRITE answered */
};

/* ---- client.c: one client on a connected socket ---- */
/* The options the command line starts from. */
void client_defaults(struct options *o);
/* Sets up *c, whose options (c->opt) and log (NULL: stderr) are filled in, on the connected
 * socket fd, which *c owns from then on: its receive, twin and send buffers of bufcap bytes
 * each (they bound the largest message either side may send), allocated here unless the caller
 * has set rxbuf, twinbuf and txbuf already (a harness running many sessions). false: out of
 * memory (fd is left open). */
bool client_init(struct client *c, int fd, size_t bufcap);
/* Closes the sockets and every fd the connections still hold, frees the buffers client_init
 * allocated. What run_session set up (mappings, eventfds, DMA memory) it has released itself. */
void client_release(struct client *c);
/* Milliseconds of the client's clock: CLOCK_MONOTONIC, or the peer's virtual clock. */
long long client_now(const struct client *c);
void note(const struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The server broke a rule: says which, and the session will exit 1. */
void violation(struct client *c, const char *req, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- proto.c: messages ---- */
enum { CALL_FATAL = -1 };
/* Negotiates; false when the connection cannot go on. */
bool negotiate(struct client *c);
/* Sends *m (a command) with fds and waits for its reply, serving the server's commands
 * meanwhile. 0: success, the reply in *r; an errno: an error reply; CALL_FATAL: the connection
 * is lost or unusable (the reason was printed). */
int call(struct client *c, struct iow_vfu_msg *m, const int *fds, unsigned nfds, struct reply *r);
/* Sends a command with No_reply set. */
int post(struct client *c, struct iow_vfu_msg *m);
/* Serves server commands for up to ms milliseconds (or until one has been served when
 * until_one). false: the connection is lost. */
bool serve_for(struct client *c, unsigned ms, bool until_one);
void reply_release(struct reply *r);
void close_fds(int *fds, unsigned n);
const char *cmd_name(unsigned command);

/* ---- session.c: the steps ---- */
int run_session(struct client *c);
/* A REGION_READ or REGION_WRITE of any length, split to the server's max_data_xfer_size.
 * 0, an errno, or CALL_FATAL. */
int region_read(struct client *c, uint32_t region, uint64_t offset, void *buf, uint64_t count);
int region_write(struct client *c, uint32_t region, uint64_t offset, const void *buf, uint64_t count);
uint32_t rd32(struct client *c, uint32_t region, uint64_t offset, int *rc);
int wr32(struct client *c, uint32_t region, uint64_t offset, uint32_t v);
/* Counts an error reply; in --strict mode it is a failure. */
void refused(struct client *c, const char *what, int err);

/* ---- refdev.c: what only the iowire reference device has ---- */
bool refdev_detect(struct client *c);
int refdev_registers(struct client *c);
int refdev_interrupts(struct client *c);
int refdev_dma(struct client *c);
int refdev_after_reset(struct client *c);

#endif /* IOW_REF_CLIENT_H */
