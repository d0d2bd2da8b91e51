/* The server the runner plays for target vfio-user-client: a small PCI device (the regions,
 * interrupts and migration of iowire-ref-server, without its DMA engine) spoken through
 * libiowire's codecs and transport only. It checks every message the client sends against the
 * client-role rules of spec/ (conf_fail for a MUST, conf_should for a SHOULD) and lets a case
 * change how it answers: the capabilities it announces, a hook that sees each client command
 * first, replies patched or split, and commands of its own (DMA_READ, DMA_WRITE, or ones the
 * client must refuse) sent between a client command and its reply. */
#ifndef IOWIRE_VFU_FAKE_SERVER_H
#define IOWIRE_VFU_FAKE_SERVER_H

#include "conform.h"

#define FS_MAX_MAPS 64
#define FS_MAX_PENDING 16
#define FS_MAX_DEFERRED 64
#define FS_BAR0_SIZE 256u
#define FS_BAR1_SIZE (16u * 1024u)
#define FS_CFG_SIZE 256u
#define FS_MIG_SIZE 3000u /* bytes of migration data the device has in a saving state */

/* One message from the client, copied out of the receive buffer: m's views point into raw. */
struct fs_msg {
	struct iow_vfu_msg m;
	bool ok;               /* decoded; otherwise err says why and only m.hdr is meaningful */
	struct iow_error err;
	bool twin;             /* came on the twin socket */
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds;
	size_t len;
	uint8_t raw[];
};

/* A DMA region the client mapped. */
struct fs_map {
	uint64_t addr, size;
	uint32_t flags;
	bool fd;               /* with a file descriptor */
};

enum fs_end {
	FS_CLOSED,  /* the client closed the connection */
	FS_STOPPED, /* the hook ended the session */
	FS_TIMEOUT, /* the client sent nothing for a whole timeout */
	FS_BROKEN,  /* the stream cannot be framed any more (recorded) */
};

/* What a hook did with a client command: the device answers it, the hook has (or has chosen not
 * to), or the session ends here. */
enum fs_act { FS_DEFAULT, FS_HANDLED, FS_STOP };

struct fsrv;
typedef enum fs_act (*fs_hook)(struct fsrv *s, struct fs_msg *q);

/* The VERSION reply, prepared from the client's proposal and then sent; a case may change it in
 * between. */
struct fs_vreply {
	uint16_t major, minor;
	struct iow_vfu_caps caps; /* emitted (present keys only) unless json or no_json */
	const char *json;         /* JSON text to send instead; a NUL is added */
	bool no_json;             /* a 4-byte payload */
	int fds[4];               /* sent with the reply, then closed */
	unsigned nfds;
};

struct fsrv {
	struct ctx *x;
	struct target *t;
	const struct iow_cfg *cfg;
	/* ---- set by the case before fs_serve ---- */
	struct iow_vfu_caps ours; /* the values announced */
	uint64_t force;           /* IOW_VFU_CAPS_HAS_* announced even when the client did not propose them */
	uint64_t suppress;        /* ... left out even when it did */
	bool grant_twin;          /* set up a twin socket when asked (default true) */
	uint64_t mig_flags;       /* what GET MIGRATION says; 0: no migration */
	bool unknown_cap;         /* BAR1's capability chain ends with one no client knows */
	/* A reply to no command of ours is a failure of stray_req (default VFU-HDR-010), with
	 * stray_why appended to the finding. */
	const char *stray_req, *stray_why;
	fs_hook hook;
	void *arg;
	/* Changes the bytes of every reply except VERSION's after encoding (len may not change). */
	void (*patch_reply)(struct fsrv *s, uint8_t *buf, size_t len);
	unsigned split_ms;        /* > 0: each reply goes out in two writes, this many ms apart */
	/* ---- what the session showed ---- */
	bool version_seen, negotiated, closed;
	struct iow_vfu_caps proposed; /* the client's capabilities, defaults for absent keys */
	bool proposed_json;
	uint16_t proposed_major, proposed_minor;
	struct iow_vfu_caps eff;      /* what the client must keep: what we announced, or the defaults */
	bool twin_asked, twin_granted, twin_closed; /* closed: by the client */
	int twin_fd;
	struct iow_conn twin;
	uint8_t *twin_buf, *txbuf;
	struct fs_map maps[FS_MAX_MAPS];
	unsigned nmaps;
	unsigned ncmd[32];            /* client commands received, by number */
	unsigned nmsgs;               /* every message received from the client */
	unsigned fds_max;             /* most fds on one client message */
	uint64_t xfer_max;            /* largest REGION_READ/REGION_WRITE count */
	unsigned depth_max;           /* most client commands in flight at once */
	uint16_t open_ids[FS_MAX_PENDING], open_cmds[FS_MAX_PENDING];
	unsigned nopen;
	/* our commands whose replies have not come; late ones are forgiven when they do */
	struct { uint16_t id, command; bool twin, late; } pend[FS_MAX_PENDING];
	unsigned npend;
	struct fs_msg *stash[FS_MAX_PENDING]; /* replies that came before we waited for them */
	unsigned nstash;
	struct fs_msg *deferred[FS_MAX_DEFERRED]; /* client commands that came while we waited */
	unsigned ndeferred;
	uint16_t next_id;
	uint16_t noreply_ids[FS_MAX_PENDING]; /* our last commands sent with No_reply */
	unsigned nnoreply;
	/* the device */
	uint8_t config[FS_CFG_SIZE], bar0[FS_BAR0_SIZE];
	int bar1_fd;
	uint8_t *bar1;
	uint32_t mig_state;
	size_t mig_pos;
	bool mig_short;               /* a MIG_DATA_READ came up short in this saving state */
	bool mig_stop_copy;           /* the client took the device to STOP_COPY */
	uint64_t mig_read;            /* migration data bytes the client read */
};

/* ---- life of a session ---- */
void fs_init(struct fsrv *s, struct ctx *x);
void fs_release(struct fsrv *s);
/* Serves the client until it closes, the hook stops, or nothing comes for a timeout. */
enum fs_end fs_serve(struct fsrv *s);
/* After the session: waits for the client to exit. req non-NULL: the server behaved as the spec
 * allows, so an exit status other than 0 is a failure of req; NULL: a status other than 0 is
 * INFORMATIONAL; FS_ANY_STATUS: it is noted.
 * Returns the exit status (128 + the signal for a client killed by one), or -1. */
int fs_finish(struct fsrv *s, enum fs_end end, const char *req); /* the exit status, or -1 */
/* For fs_finish: the server broke a rule on purpose, so any exit status is fine. */
#define FS_ANY_STATUS ""
/* The next message (deferred client commands first); NULL with *why when none came in ms. */
struct fs_msg *fs_recv(struct fsrv *s, unsigned ms, enum fs_end *why);
void fs_free(struct fs_msg *q);
/* The client-role checks every command gets; fs_serve calls it before the hook. */
void fs_check(struct fsrv *s, struct fs_msg *q);
/* true when the client sends nothing (and does not close) for ms. */
bool fs_quiet(struct fsrv *s, unsigned ms);

/* ---- answering the client ---- */
/* The device's answer: the reply in *r (header not yet set) with fds, or an errno. */
int fs_build(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r, int *fds, unsigned *nfds);
/* fs_build and send (nothing for a No_reply command). */
void fs_answer(struct fsrv *s, struct fs_msg *q);
/* A reply to q (header set here), patched and split as configured. 0 or -1. */
int fs_reply(struct fsrv *s, struct fs_msg *q, struct iow_vfu_msg *r, const int *fds, unsigned nfds);
/* An error reply, with payload bytes after the header if plen (which VFU-ERR-001 forbids). */
int fs_error(struct fsrv *s, struct fs_msg *q, uint32_t errnum, const uint8_t *payload, size_t plen);
void fs_version_prepare(struct fsrv *s, struct fs_msg *q, struct fs_vreply *v);
int fs_version_send(struct fsrv *s, struct fs_msg *q, struct fs_vreply *v);
/* Takes back the twin socket fs_version_prepare set up (the reply then offers none). */
void fs_version_drop_twin(struct fsrv *s, struct fs_vreply *v);
/* Marks q answered without a reply (for the msg_id bookkeeping). */
void fs_answered(struct fsrv *s, const struct fs_msg *q);

/* ---- commands to the client ---- */
/* Encodes a message (msg_size computed); its length, or 0. */
size_t fs_encode(struct fsrv *s, const struct iow_vfu_msg *m, uint8_t *buf, size_t cap);
/* Sends a command on the twin socket if there is one (twin false: always the main socket);
 * its msg_id is returned and a reply is expected unless no_reply. */
uint16_t fs_send_command(struct fsrv *s, struct iow_vfu_msg *m, bool no_reply, bool twin);
/* Registers a command sent by other means (raw bytes) as awaiting its reply. */
void fs_expect_reply(struct fsrv *s, uint16_t id, uint16_t command, bool twin);
/* Waits for the reply to (id, command); client commands meanwhile are deferred. The reply's
 * header, socket and error form are checked. NULL on timeout or close: a failure of req (a
 * conf_should when should). */
struct fs_msg *fs_await(struct fsrv *s, uint16_t id, uint16_t command, const char *req, bool should);
/* fs_send_command and fs_await. */
struct fs_msg *fs_command(struct fsrv *s, struct iow_vfu_msg *m, const char *req);

/* ---- what the client mapped ---- */
/* The first region mapped without an fd with the read and write flags, or NULL. */
const struct fs_map *fs_message_map(const struct fsrv *s);
/* An address from which len bytes lie outside every mapping. */
uint64_t fs_unmapped(const struct fsrv *s, uint64_t len);
/* The last lines of the client's stderr, for a finding. */
void fs_client_log(const struct fsrv *s, char *buf, size_t size);

#endif /* IOWIRE_VFU_FAKE_SERVER_H */
