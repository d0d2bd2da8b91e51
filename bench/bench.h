/* iowire benchmarks: what the codec benchmark's parts share.
 *
 * A case is one message, one operation (decode or encode) and one implementation: the floor
 * (unchecked loads and stores with byte swaps, floor.c), libiowire (codec.c), protobuf-c and
 * nanopb on the generated .proto mirror (pb.c). Each case's run() handles one message and
 * returns 0; setup() runs it once and checks that it produced the same values or bytes as the
 * floor, and returns the bytes the message takes on the wire in that implementation's format
 * (0 when the check failed). */
#ifndef IOWIRE_BENCH_H
#define IOWIRE_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "iowire/ioregionfd.h"
#include "iowire/vfio_user.h"

#if defined(__clang__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE __attribute__((noinline, noipa))
#endif

/* The messages: every implementation encodes and decodes the same values. */
enum bench_msg {
	MSG_HEADER,         /* the 16-byte vfio-user header */
	MSG_REGION_WRITE_8, /* REGION_WRITE command with 8 data bytes (40 bytes) */
	MSG_READ_REPLY_4K,  /* REGION_READ reply with 4096 data bytes */
	MSG_REGION_INFO,    /* DEVICE_GET_REGION_INFO reply with a sparse-mmap capability (2 areas) */
	MSG_IORFD_CMD,      /* ioregionfd command, layout B (RFC v3): a 4-byte write */
	MSG_IORFD_RESP,     /* ioregionfd response */
	MSG_COUNT
};

enum bench_op { OP_DECODE, OP_ENCODE };

struct bench_case {
	enum bench_msg msg;
	enum bench_op op;
	const char *impl;
	size_t (*setup)(const struct bench_case *c);
	int (*run)(void);
};

#define SPARSE_AREAS 2
#define READ_REPLY_DATA 4096
#define MAX_WIRE 8192

/* A decoded DEVICE_GET_REGION_INFO reply with everything taken out of the chain. */
struct region_info_view {
	struct iow_vfu_msg m;
	struct iow_vfu_region_cap cap;
	struct iow_vfu_sparse_mmap_area areas[SPARSE_AREAS];
	unsigned ncaps;
};

extern const struct iow_cfg bench_vfu_cfg, bench_iorfd_cfg;

/* messages.c: the values (as libiowire structs) and their canonical wire bytes */
extern struct iow_vfu_header val_header;
extern struct iow_vfu_msg val_region_write, val_read_reply, val_region_info;
extern struct iow_vfu_region_cap val_cap;
extern struct iow_vfu_sparse_mmap_area val_areas[SPARSE_AREAS];
extern struct iow_iorfd_cmd_b val_cmd;
extern struct iow_iorfd_resp val_resp;
extern uint8_t val_write_data[8], val_read_data[READ_REPLY_DATA];
extern unsigned val_region_info_nfds;

struct wire {
	uint8_t bytes[MAX_WIRE];
	size_t len;
};
extern struct wire wire_of[MSG_COUNT];

/* Builds the values and wire_of[] with the floor encoder; checks libiowire agrees. 0 or -1. */
int messages_init(void);
const char *msg_name(enum bench_msg m);
const char *msg_title(enum bench_msg m);
/* A fixed-size message in the schema: the decode targets apply to these. */
int msg_fixed(enum bench_msg m);

/* Equality of decoded values, for the setup checks. */
int same_header(const struct iow_vfu_header *a, const struct iow_vfu_header *b);
int same_access_msg(const struct iow_vfu_msg *a, const struct iow_vfu_msg *b);
int same_region_info(const struct region_info_view *a, const struct region_info_view *b);
int same_cmd(const struct iow_iorfd_cmd_b *a, const struct iow_iorfd_cmd_b *b);
int same_resp(const struct iow_iorfd_resp *a, const struct iow_iorfd_resp *b);

/* floor.c: unchecked decoders and encoders */
int floor_header_decode(const uint8_t *p, size_t len, struct iow_vfu_header *out);
long floor_header_encode(const struct iow_vfu_header *in, uint8_t *p, size_t cap);
int floor_access_msg_decode(const uint8_t *p, size_t len, struct iow_vfu_msg *out);
long floor_access_msg_encode(const struct iow_vfu_msg *in, uint8_t *p, size_t cap);
int floor_region_info_decode(const uint8_t *p, size_t len, struct region_info_view *out);
long floor_region_info_encode(const struct iow_vfu_msg *in, uint8_t *p, size_t cap);
int floor_cmd_decode(const uint8_t *p, size_t len, struct iow_iorfd_cmd_b *out);
long floor_cmd_encode(const struct iow_iorfd_cmd_b *in, uint8_t *p, size_t cap);
int floor_resp_decode(const uint8_t *p, size_t len, struct iow_iorfd_resp *out);
long floor_resp_encode(const struct iow_iorfd_resp *in, uint8_t *p, size_t cap);

/* Where floor and libiowire cases leave what they produced, for the checks. */
extern struct iow_vfu_header out_header;
extern struct iow_vfu_msg out_msg;
extern struct region_info_view out_region_info;
extern struct iow_iorfd_cmd_b out_cmd;
extern struct iow_iorfd_resp out_resp;
extern uint8_t out_buf[MAX_WIRE];
extern long out_len;

/* A case that does nothing (floor.c), for the harness's own cost. */
int bench_empty(void);

/* The cases of each implementation. */
extern const struct bench_case floor_cases[], iowire_cases[], pb_cases[];
extern const size_t floor_ncases, iowire_ncases, pb_ncases;

#endif
