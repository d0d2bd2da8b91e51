/* libiowire transport: whole messages over a stream or seqpacket socket, with their fds.
 *
 * A connection reads as many queued bytes as fit in its buffer with one recvmsg() and hands
 * out whole messages as views into that buffer, so a burst of pipelined messages costs one
 * system call. File descriptors (SCM_RIGHTS) are attached to the message whose first byte
 * arrived with them: senders put a message's fds in the sendmsg() that carries its header,
 * which iow_conn_send() always does. Pipes and FIFOs work too, without fds. */
#ifndef IOWIRE_TRANSPORT_H
#define IOWIRE_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel passes at most 253 fds in one SCM_RIGHTS message. */
#define IOW_CONN_MAX_FDS 253

/* How long the message starting at p is, given the `avail` bytes there: 0 when more bytes are
 * needed to tell, or the length. A length above the buffer size ends the connection. */
typedef size_t (*iow_frame_fn)(const uint8_t *p, size_t avail, void *arg);

struct iow_frame {
	const uint8_t *data; /* valid until the next iow_conn_fill() */
	size_t len;
	int fds[IOW_CONN_MAX_FDS]; /* owned by the caller once handed out */
	unsigned nfds;
};

struct iow_conn {
	int fd;
	uint8_t *buf;
	size_t cap;
	size_t start; /* first byte not yet handed out */
	size_t end;   /* end of the bytes received */
	iow_frame_fn frame;
	void *frame_arg;
	/* fds received but not yet handed out, and the offset of the message they belong to */
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds;
	size_t fds_at;
	int eof;
	int no_fds;          /* the protocol carries no fds: plain reads, no ancillary data */
	unsigned long reads; /* recvmsg calls that returned data, for measurements */
};

enum iow_conn_status {
	IOW_CONN_MESSAGE = 1, /* a message is in *f */
	IOW_CONN_AGAIN = 0,   /* no whole message buffered; fill() again */
	IOW_CONN_EOF = -1,    /* the peer closed between messages */
	IOW_CONN_ERROR = -2,  /* errno says why; the connection is unusable */
};

/* buf (cap bytes) is the receive buffer; it bounds the largest message. */
void iow_conn_init(struct iow_conn *c, int fd, uint8_t *buf, size_t cap, iow_frame_fn frame, void *frame_arg);

/* For a protocol that never carries fds (ioregionfd): reads without ancillary data, which is
 * cheaper; any fd a peer sends anyway is then discarded by the kernel. */
void iow_conn_no_fds(struct iow_conn *c);

/* One recvmsg() of as much as fits; blocks unless fd is non-blocking. Returns the bytes read,
 * 0 at end of stream, or -1 with errno (EAGAIN for a non-blocking socket with nothing queued;
 * EPROTO when fds arrive before the previous ones were handed out; EMSGSIZE when a message
 * does not fit the buffer; ECONNRESET when the stream ends inside a message). */
long iow_conn_fill(struct iow_conn *c);

/* The next whole buffered message, without a system call. */
enum iow_conn_status iow_conn_next(struct iow_conn *c, struct iow_frame *f);

/* Blocking convenience: next(), filling as needed. */
enum iow_conn_status iow_conn_recv(struct iow_conn *c, struct iow_frame *f);

/* Sends len bytes, the fds with the first byte; retries partial writes and EINTR. Blocks on a
 * full socket even if fd is non-blocking (it polls). 0 or -1 with errno. */
int iow_conn_send(int fd, const uint8_t *msg, size_t len, const int *fds, unsigned nfds);

/* Closes fds still held by the connection (not the socket). */
void iow_conn_release(struct iow_conn *c);

/* Framing of vfio-user: msg_size at offset 4, little-endian (arg NULL) or host order (arg
 * non-NULL). */
size_t iow_vfu_frame(const uint8_t *p, size_t avail, void *arg);

/* Framing of ioregionfd: every command and response is 32 bytes. */
size_t iow_iorfd_frame(const uint8_t *p, size_t avail, void *arg);

#ifdef __cplusplus
}
#endif
#endif /* IOWIRE_TRANSPORT_H */
