/* Session harnesses: the fuzzer's input as a stream of records that a peer sends to a reference
 * implementation's dispatch loop, each with the file descriptors it carries.
 *
 *   input  := sel record*
 *   record := ctl:u8 len:u16le bytes[len]     (len is cut to what remains of the input)
 *   ctl    := bits 0-1  how many fds go with the record's first byte (0-3)
 *             bits 2-3  what they are (enum iowf_fd_kind), made fresh for every record
 *             bit  4    send on the twin socket, when there is one (else on the main socket)
 *             bits 5-7  left to the harness
 * sel is the harness's configuration byte (profile, byte order; see each harness).
 *
 * A record is one sendmsg(): the peer's bytes arrive in the same pieces, and fds with the same
 * bytes, as from a real peer. The harness's copies of the fds are closed once sent, so what the
 * implementation keeps is all that stays open: iowf_open_fds() before and after a session must
 * agree. */
#ifndef IOWF_SESSION_H
#define IOWF_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iowf.h"

#define IOWF_REC_NFDS 0x03u
#define IOWF_REC_KIND_SHIFT 2
#define IOWF_REC_KIND 0x0cu
#define IOWF_REC_TWIN 0x10u

/* A memfd is IOWF_MEMFD_SIZE bytes: enough for DMA through it, small enough to be cheap. */
#define IOWF_MEMFD_SIZE (64u * 1024u)

enum iowf_fd_kind {
	IOWF_FD_MEMFD = 0,   /* shared memory: DMA regions, migration, FILE_IO */
	IOWF_FD_EVENTFD = 1, /* interrupts, ioeventfds */
	IOWF_FD_SOCKET = 2,  /* one end of a fresh socketpair: a twin socket */
	IOWF_FD_DEVNULL = 3, /* a file that is none of those */
};

struct iowf_record {
	uint8_t ctl;
	const uint8_t *data;
	size_t len;
};

/* The next record; false at the end of the input. */
bool iowf_next_record(struct iowf_input *in, struct iowf_record *r);

/* Sends r->data on sock with the fds r->ctl asks for, retrying partial writes; the fds go with
 * the first byte and are closed here once sent. 0, or -1 with errno. */
int iowf_send_record(int sock, const struct iowf_record *r);

/* One sendmsg() of len bytes with nfds (at most 3) fds, MSG_NOSIGNAL | flags, retried on EINTR.
 * The bytes sent, or -1 with errno. */
int iowf_send_fds(int sock, const uint8_t *p, size_t len, const int *fds, unsigned nfds, int flags);

/* File descriptors open in this process. */
unsigned iowf_open_fds(void);

#endif /* IOWF_SESSION_H */
