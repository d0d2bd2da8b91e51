/* The shared part of iowire's fuzz harnesses: input selection, the round-trip oracle, dump
 * comparison and failure reports. Every harness is a few lines on top of this.
 *
 * A property violation aborts with a message on stderr: that is a finding. */
#ifndef IOWF_H
#define IOWF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iowire/ioregionfd.h"
#include "iowire/runtime.h"
#include "iowire/vfio_user.h"
#include "iowf_schema.h" /* generated from the schema by iowire-gen fuzz */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- input selection ---------------------------------------------------------------------- */

/* What remains of the fuzzer's input. */
struct iowf_input {
	const uint8_t *data;
	size_t size;
};

/* Selector byte: bits 0-3 the profile (modulo the count), bit 4 host byte order, bit 5 (vfio-user
 * messages) set msg_size to the real length, so that mutations that change the length still
 * reach the payload decoders. */
#define IOWF_SEL_HOST_ORDER 0x10u
#define IOWF_SEL_FIX_SIZE 0x20u

bool iowf_take_byte(struct iowf_input *in, uint8_t *out);
/* Takes the selector byte: fills cfg, and *sel (may be NULL) with the whole byte. */
bool iowf_take_cfg(struct iowf_input *in, unsigned nprofiles, struct iow_cfg *cfg, uint8_t *sel);
/* The i-th of every profile x both byte orders; false past the last. */
bool iowf_cfg_at(size_t i, unsigned nprofiles, struct iow_cfg *cfg);

/* ---- what a protocol contributes to the oracle --------------------------------------------- */

struct iowf_proto {
	const char *name;
	const char *const *reserved; /* reserved fields: always encoded as zero */
	const char *const *chains;  /* chain fields, re-laid back to back by the encoder */
	const struct iowf_ignored_bits *ignored; /* flags words of registry types with policy ignore */
};
extern const struct iowf_proto iowf_vfu, iowf_iorfd;

/* One codec under test, seen through the oracle. */
struct iowf_codec {
	const struct iowf_proto *proto;
	const char *what; /* for reports: "region_info", "vfio-user message" */
	const struct iow_cfg *cfg;
	size_t c_size;
	int (*decode)(const struct iowf_codec *, const uint8_t *, size_t, void *, struct iow_error *);
	long (*encode)(const struct iowf_codec *, const void *, uint8_t *, size_t, struct iow_error *);
	void (*dump)(const struct iowf_codec *, const void *, struct iow_dump *);
	/* optional: false skips a decoded value (not this harness's role) */
	bool (*keep)(const struct iowf_codec *, const void *);
	/* optional: more checks on a decoded value and its canonical encoding */
	void (*check)(const struct iowf_codec *, const void *, const uint8_t *, size_t);
	const struct iow_type_info *type; /* registry codecs */
	unsigned nfds;                    /* vfio-user messages */
};

/* Codec of a registry type (iow_*_type_by_name). */
struct iowf_codec iowf_type_codec(const struct iowf_proto *proto, const struct iow_type_info *type,
				  const struct iow_cfg *cfg);

/* The oracle. Decode data; if it decodes: it must re-encode; the re-encoding must decode to an
 * equivalent dump and be its own canonical form (encoding it again gives the same bytes); and
 * it must equal data unless data was legitimately not canonical:
 *   - a field with reserved policy `ignore`, or undefined bits of header flags (ignored on
 *     receipt): re-encoded as zero, so the bytes may differ in bits cleared; a registry type
 *     with such flags (proto->ignored) must decode as its copy with those bits clear does, and
 *     both must encode alike; the rest of the oracle then runs on the copy;
 *   - padding the decoder skips without a policy (the tail of a 48-byte IO_FDS stride under a
 *     40-byte entry, bytes between the fixed part and the first capability): written as zero;
 *   - a capability chain with gaps between capabilities: re-laid back to back, `next` changes;
 *     in a message whose argsz kept the old length the encoder refuses it (argsz), accepted here;
 *   - a truncated reply (payload shorter than argsz): only the fixed part is decoded and
 *     re-encoded, so msg_size and the length change.
 * Also: the encoder must fail with no-space in a buffer one byte short, and a rejected input must
 * report an error whose code matches the return value.
 * Returns true when data decoded (and was kept). */
bool iowf_roundtrip(const struct iowf_codec *codec, const uint8_t *data, size_t size);

/* [sel] [nfds] message: the vfio-user messages a server (or a client) receives, through the
 * oracle. Decoding does not know roles yet, so the harness keeps a decoded message only when it
 * is a command of the other side or a reply to one of this side's commands. */
bool iowf_vfu_message(const uint8_t *data, size_t size, bool server);

/* ---- replay drivers: did the harness accept the input? ------------------------------------- */
extern unsigned long iowf_accepted;

/* ---- helpers ------------------------------------------------------------------------------ */
#if defined(__GNUC__)
#define IOWF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define IOWF_PRINTF(a, b)
#endif
_Noreturn void iowf_fail(const uint8_t *input, size_t size, const char *fmt, ...) IOWF_PRINTF(3, 4);
bool iowf_host_is_le(void);
/* Every bit set in out[i] is set in in[i]. */
bool iowf_only_cleared(const uint8_t *in, const uint8_t *out, size_t n);

/* A dump as text, one "path value" line per field. */
struct iowf_text {
	char *buf;
	size_t len, cap;
};
void iowf_text_dump(const struct iowf_codec *codec, const void *value, struct iowf_text *out);
void iowf_text_free(struct iowf_text *t);
/* NULL when b is a (possibly re-encoded) equivalent of a; else a description of the first
 * difference in why. Leaves named in proto->reserved must be zero in b; `next` leaves of a chain
 * may differ when relayout is true; header.msg_size when truncated is true. */
const char *iowf_text_diff(const struct iowf_proto *proto, const struct iowf_text *a,
			   const struct iowf_text *b, bool relayout, bool truncated, char *why, size_t whylen);

#endif /* IOWF_H */
