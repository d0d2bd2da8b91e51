/* The benchmark's messages, their canonical bytes, and the floor and libiowire cases. */
#include <stdio.h>
#include <string.h>

#include "bench.h"

const struct iow_cfg bench_vfu_cfg = { IOW_VFU_PROFILE_V0_9_2, IOW_ORDER_LE };
const struct iow_cfg bench_iorfd_cfg = { IOW_IORFD_PROFILE_RFC_V3, IOW_ORDER_LE };

struct iow_vfu_header val_header;
struct iow_vfu_msg val_region_write, val_read_reply, val_region_info;
struct iow_vfu_region_cap val_cap;
struct iow_vfu_sparse_mmap_area val_areas[SPARSE_AREAS];
struct iow_iorfd_cmd_b val_cmd;
struct iow_iorfd_resp val_resp;
uint8_t val_write_data[8], val_read_data[READ_REPLY_DATA];
unsigned val_region_info_nfds = 1; /* BAR1's fd comes with the reply */
struct wire wire_of[MSG_COUNT];

struct iow_vfu_header out_header;
struct iow_vfu_msg out_msg;
struct region_info_view out_region_info;
struct iow_iorfd_cmd_b out_cmd;
struct iow_iorfd_resp out_resp;
uint8_t out_buf[MAX_WIRE];
long out_len;

static struct iow_error err;

static const char *const names[MSG_COUNT][2] = {
	[MSG_HEADER] = { "header", "vfio-user header (16 B)" },
	[MSG_REGION_WRITE_8] = { "region_write_8", "REGION_WRITE, 8 data bytes" },
	[MSG_READ_REPLY_4K] = { "read_reply_4k", "REGION_READ reply, 4 KiB" },
	[MSG_REGION_INFO] = { "region_info", "REGION_INFO reply, sparse-mmap cap" },
	[MSG_IORFD_CMD] = { "iorfd_cmd", "ioregionfd command (32 B)" },
	[MSG_IORFD_RESP] = { "iorfd_resp", "ioregionfd response (32 B)" },
};

const char *msg_name(enum bench_msg m)
{
	return names[m][0];
}

const char *msg_title(enum bench_msg m)
{
	return names[m][1];
}

int msg_fixed(enum bench_msg m)
{
	return m == MSG_HEADER || m == MSG_IORFD_CMD || m == MSG_IORFD_RESP;
}

int same_header(const struct iow_vfu_header *a, const struct iow_vfu_header *b)
{
	return a->msg_id == b->msg_id && a->command == b->command && a->msg_size == b->msg_size &&
	       a->flags == b->flags && a->error == b->error;
}

int same_access_msg(const struct iow_vfu_msg *a, const struct iow_vfu_msg *b)
{
	const struct iow_vfu_region_access_data *x = &a->u.region_access_data, *y = &b->u.region_access_data;

	return same_header(&a->hdr, &b->hdr) && x->access.offset == y->access.offset &&
	       x->access.region == y->access.region && x->access.count == y->access.count &&
	       x->data.len == y->data.len && !memcmp(x->data.ptr, y->data.ptr, x->data.len);
}

int same_region_info(const struct region_info_view *a, const struct region_info_view *b)
{
	const struct iow_vfu_region_info *x = &a->m.u.region_info, *y = &b->m.u.region_info;

	if (!same_header(&a->m.hdr, &b->m.hdr) || x->argsz != y->argsz || x->flags != y->flags ||
	    x->index != y->index || x->cap_offset != y->cap_offset || x->size != y->size || x->offset != y->offset)
		return 0;
	if (a->ncaps != b->ncaps || a->cap.hdr.id != b->cap.hdr.id || a->cap.hdr.version != b->cap.hdr.version ||
	    a->cap.hdr.next != b->cap.hdr.next || a->cap.kase != b->cap.kase ||
	    a->cap.u.sparse_mmap.nr_areas != b->cap.u.sparse_mmap.nr_areas)
		return 0;
	for (unsigned i = 0; i < SPARSE_AREAS; i++)
		if (a->areas[i].offset != b->areas[i].offset || a->areas[i].size != b->areas[i].size)
			return 0;
	return 1;
}

int same_cmd(const struct iow_iorfd_cmd_b *a, const struct iow_iorfd_cmd_b *b)
{
	return a->cmd == b->cmd && a->size_resp == b->size_resp && !memcmp(a->padding, b->padding, 6) &&
	       a->user_data == b->user_data && a->offset == b->offset && !memcmp(a->data, b->data, 8);
}

int same_resp(const struct iow_iorfd_resp *a, const struct iow_iorfd_resp *b)
{
	return !memcmp(a->data, b->data, 8) && !memcmp(a->pad, b->pad, 24);
}

/* The decoded form of each message's values, as a decoder should give them back. */
static struct region_info_view expect_region_info;

static void build_values(void)
{
	struct iow_vfu_region_info *ri = &val_region_info.u.region_info;

	val_header = (struct iow_vfu_header){ 0x1234, IOW_VFU_COMMAND_REGION_WRITE, 40, IOW_VFU_MSG_TYPE_COMMAND, 0 };

	for (unsigned i = 0; i < sizeof val_write_data; i++)
		val_write_data[i] = (uint8_t)(0x11 * (i + 1));
	val_region_write.hdr = val_header;
	val_region_write.u.region_access_data.access = (struct iow_vfu_region_access){ 0x40, IOW_VFU_REGION_INDEX_BAR0, 8 };
	val_region_write.u.region_access_data.data = (struct iow_bytes){ val_write_data, sizeof val_write_data };

	for (unsigned i = 0; i < READ_REPLY_DATA; i++)
		val_read_data[i] = (uint8_t)(i * 7 + 3);
	val_read_reply.hdr = (struct iow_vfu_header){ 0x1235, IOW_VFU_COMMAND_REGION_READ, 32 + READ_REPLY_DATA,
						      IOW_VFU_MSG_TYPE_REPLY, 0 };
	val_read_reply.reply = true;
	val_read_reply.u.region_access_data.access = (struct iow_vfu_region_access){ 0, IOW_VFU_REGION_INDEX_BAR1,
										     READ_REPLY_DATA };
	val_read_reply.u.region_access_data.data = (struct iow_bytes){ val_read_data, READ_REPLY_DATA };

	val_areas[0] = (struct iow_vfu_sparse_mmap_area){ 0x0000, 0x1000 };
	val_areas[1] = (struct iow_vfu_sparse_mmap_area){ 0x2000, 0x1000 };
	val_cap.kase = IOW_VFU_REGION_CAP_SPARSE_MMAP;
	val_cap.hdr = (struct iow_vfu_cap_header){ 1, 1, 0 };
	val_cap.u.sparse_mmap.nr_areas = SPARSE_AREAS;
	val_cap.u.sparse_mmap.areas.items = val_areas;
	val_region_info.hdr = (struct iow_vfu_header){ 0x1236, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO,
						       16 + 32 + 16 + 16 * SPARSE_AREAS, IOW_VFU_MSG_TYPE_REPLY, 0 };
	val_region_info.reply = true;
	*ri = (struct iow_vfu_region_info){ 32 + 16 + 16 * SPARSE_AREAS,
					    IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE |
						    IOW_VFU_REGION_INFO_FLAGS_MMAP | IOW_VFU_REGION_INFO_FLAGS_CAPS,
					    IOW_VFU_REGION_INDEX_BAR1, 32, 0x4000, 0, { 0 } };
	ri->caps.count = 1;
	ri->caps.items = &val_cap;
	expect_region_info.m = val_region_info;
	expect_region_info.cap = val_cap;
	memcpy(expect_region_info.areas, val_areas, sizeof val_areas);
	expect_region_info.ncaps = 1;

	val_cmd = (struct iow_iorfd_cmd_b){ IOW_IORFD_CMD_WRITE, IOW_IORFD_ACCESS_SIZE_SIZE_32BIT | IOW_IORFD_SIZE_RESP_RESP,
					    { 0 }, 0, 0x40, { 1, 2, 3, 4, 0, 0, 0, 0 } };
	val_resp = (struct iow_iorfd_resp){ { 0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0 }, { 0 } };
}

/* Does what a case left in out_* match the message's values (decode) or bytes (encode)? */
static int check_output(enum bench_msg m, enum bench_op op)
{
	if (op == OP_ENCODE)
		return out_len == (long)wire_of[m].len && !memcmp(out_buf, wire_of[m].bytes, wire_of[m].len);
	switch (m) {
	case MSG_HEADER: return same_header(&out_header, &val_header);
	case MSG_REGION_WRITE_8: return same_access_msg(&out_msg, &val_region_write);
	case MSG_READ_REPLY_4K: return same_access_msg(&out_msg, &val_read_reply);
	case MSG_REGION_INFO: return same_region_info(&out_region_info, &expect_region_info);
	case MSG_IORFD_CMD: return same_cmd(&out_cmd, &val_cmd);
	case MSG_IORFD_RESP: return same_resp(&out_resp, &val_resp);
	default: return 0;
	}
}

static size_t setup_check(const struct bench_case *c)
{
	memset(&out_header, 0, sizeof out_header);
	memset(&out_msg, 0, sizeof out_msg);
	memset(&out_region_info, 0, sizeof out_region_info);
	memset(&out_cmd, 0, sizeof out_cmd);
	memset(&out_resp, 0, sizeof out_resp);
	memset(out_buf, 0, sizeof out_buf);
	out_len = 0;
	if (c->run() != 0 || !check_output(c->msg, c->op))
		return 0;
	return wire_of[c->msg].len;
}

/* ---- the floor ---- */

#define W(m) wire_of[m].bytes, wire_of[m].len

static int fl_header_dec(void) { return floor_header_decode(W(MSG_HEADER), &out_header); }
static int fl_header_enc(void) { return (out_len = floor_header_encode(&val_header, out_buf, MAX_WIRE)) < 0; }
static int fl_write_dec(void) { return floor_access_msg_decode(W(MSG_REGION_WRITE_8), &out_msg); }
static int fl_write_enc(void) { return (out_len = floor_access_msg_encode(&val_region_write, out_buf, MAX_WIRE)) < 0; }
static int fl_read_dec(void) { return floor_access_msg_decode(W(MSG_READ_REPLY_4K), &out_msg); }
static int fl_read_enc(void) { return (out_len = floor_access_msg_encode(&val_read_reply, out_buf, MAX_WIRE)) < 0; }
static int fl_info_dec(void) { return floor_region_info_decode(W(MSG_REGION_INFO), &out_region_info); }
static int fl_info_enc(void) { return (out_len = floor_region_info_encode(&val_region_info, out_buf, MAX_WIRE)) < 0; }
static int fl_cmd_dec(void) { return floor_cmd_decode(W(MSG_IORFD_CMD), &out_cmd); }
static int fl_cmd_enc(void) { return (out_len = floor_cmd_encode(&val_cmd, out_buf, MAX_WIRE)) < 0; }
static int fl_resp_dec(void) { return floor_resp_decode(W(MSG_IORFD_RESP), &out_resp); }
static int fl_resp_enc(void) { return (out_len = floor_resp_encode(&val_resp, out_buf, MAX_WIRE)) < 0; }

const struct bench_case floor_cases[] = {
	{ MSG_HEADER, OP_DECODE, "floor", setup_check, fl_header_dec },
	{ MSG_HEADER, OP_ENCODE, "floor", setup_check, fl_header_enc },
	{ MSG_REGION_WRITE_8, OP_DECODE, "floor", setup_check, fl_write_dec },
	{ MSG_REGION_WRITE_8, OP_ENCODE, "floor", setup_check, fl_write_enc },
	{ MSG_READ_REPLY_4K, OP_DECODE, "floor", setup_check, fl_read_dec },
	{ MSG_READ_REPLY_4K, OP_ENCODE, "floor", setup_check, fl_read_enc },
	{ MSG_REGION_INFO, OP_DECODE, "floor", setup_check, fl_info_dec },
	{ MSG_REGION_INFO, OP_ENCODE, "floor", setup_check, fl_info_enc },
	{ MSG_IORFD_CMD, OP_DECODE, "floor", setup_check, fl_cmd_dec },
	{ MSG_IORFD_CMD, OP_ENCODE, "floor", setup_check, fl_cmd_enc },
	{ MSG_IORFD_RESP, OP_DECODE, "floor", setup_check, fl_resp_dec },
	{ MSG_IORFD_RESP, OP_ENCODE, "floor", setup_check, fl_resp_enc },
};
const size_t floor_ncases = sizeof floor_cases / sizeof floor_cases[0];

/* ---- libiowire: decode checks everything the schema says; encode checks, writes and
 * decodes what it wrote ---- */

static int io_header_dec(void)
{
	return iow_vfu_header_decode(&bench_vfu_cfg, W(MSG_HEADER), &out_header, &err);
}

static int io_header_enc(void)
{
	return (out_len = iow_vfu_header_encode(&bench_vfu_cfg, &val_header, out_buf, MAX_WIRE, &err)) < 0;
}

static int io_write_dec(void)
{
	return iow_vfu_msg_decode(&bench_vfu_cfg, W(MSG_REGION_WRITE_8), 0, &out_msg, &err);
}

static int io_write_enc(void)
{
	return (out_len = iow_vfu_msg_encode(&bench_vfu_cfg, &val_region_write, 0, out_buf, MAX_WIRE, &err)) < 0;
}

static int io_read_dec(void)
{
	return iow_vfu_msg_decode(&bench_vfu_cfg, W(MSG_READ_REPLY_4K), 0, &out_msg, &err);
}

static int io_read_enc(void)
{
	return (out_len = iow_vfu_msg_encode(&bench_vfu_cfg, &val_read_reply, 0, out_buf, MAX_WIRE, &err)) < 0;
}

/* The decoder checks the whole chain and leaves it as a view; taking the capability and its
 * areas out is part of decoding it, as the floor and protobuf do. */
static int io_info_dec(void)
{
	struct region_info_view *v = &out_region_info;
	const struct iow_vfu_region_info *ri = &v->m.u.region_info;
	int rc = iow_vfu_msg_decode(&bench_vfu_cfg, W(MSG_REGION_INFO), val_region_info_nfds, &v->m, &err);

	if (rc)
		return rc;
	v->ncaps = (unsigned)ri->caps.count;
	for (size_t k = 0; k < ri->caps.count; k++) {
		rc = iow_vfu_region_info_caps_at(&bench_vfu_cfg, ri, k, &v->cap);
		if (rc)
			return rc;
		if (v->cap.kase != IOW_VFU_REGION_CAP_SPARSE_MMAP)
			continue;
		for (uint32_t i = 0; i < v->cap.u.sparse_mmap.nr_areas && i < SPARSE_AREAS; i++) {
			rc = iow_vfu_cap_sparse_mmap_areas_at(&bench_vfu_cfg, &v->cap.u.sparse_mmap, i, &v->areas[i]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int io_info_enc(void)
{
	return (out_len = iow_vfu_msg_encode(&bench_vfu_cfg, &val_region_info, val_region_info_nfds, out_buf, MAX_WIRE,
					     &err)) < 0;
}

static int io_cmd_dec(void)
{
	return iow_iorfd_cmd_b_decode(&bench_iorfd_cfg, W(MSG_IORFD_CMD), &out_cmd, &err);
}

static int io_cmd_enc(void)
{
	return (out_len = iow_iorfd_cmd_b_encode(&bench_iorfd_cfg, &val_cmd, out_buf, MAX_WIRE, &err)) < 0;
}

static int io_resp_dec(void)
{
	return iow_iorfd_resp_decode(&bench_iorfd_cfg, W(MSG_IORFD_RESP), &out_resp, &err);
}

static int io_resp_enc(void)
{
	return (out_len = iow_iorfd_resp_encode(&bench_iorfd_cfg, &val_resp, out_buf, MAX_WIRE, &err)) < 0;
}

const struct bench_case iowire_cases[] = {
	{ MSG_HEADER, OP_DECODE, "iowire", setup_check, io_header_dec },
	{ MSG_HEADER, OP_ENCODE, "iowire", setup_check, io_header_enc },
	{ MSG_REGION_WRITE_8, OP_DECODE, "iowire", setup_check, io_write_dec },
	{ MSG_REGION_WRITE_8, OP_ENCODE, "iowire", setup_check, io_write_enc },
	{ MSG_READ_REPLY_4K, OP_DECODE, "iowire", setup_check, io_read_dec },
	{ MSG_READ_REPLY_4K, OP_ENCODE, "iowire", setup_check, io_read_enc },
	{ MSG_REGION_INFO, OP_DECODE, "iowire", setup_check, io_info_dec },
	{ MSG_REGION_INFO, OP_ENCODE, "iowire", setup_check, io_info_enc },
	{ MSG_IORFD_CMD, OP_DECODE, "iowire", setup_check, io_cmd_dec },
	{ MSG_IORFD_CMD, OP_ENCODE, "iowire", setup_check, io_cmd_enc },
	{ MSG_IORFD_RESP, OP_DECODE, "iowire", setup_check, io_resp_dec },
	{ MSG_IORFD_RESP, OP_ENCODE, "iowire", setup_check, io_resp_enc },
};
const size_t iowire_ncases = sizeof iowire_cases / sizeof iowire_cases[0];

/* The canonical bytes come from the floor's encoder; libiowire must write the same bytes and
 * read the same values back, or the comparison would be of different things. */
int messages_init(void)
{
	static const struct {
		enum bench_msg m;
		int (*enc)(void);
	} floor_enc[] = {
		{ MSG_HEADER, fl_header_enc },       { MSG_REGION_WRITE_8, fl_write_enc },
		{ MSG_READ_REPLY_4K, fl_read_enc },  { MSG_REGION_INFO, fl_info_enc },
		{ MSG_IORFD_CMD, fl_cmd_enc },       { MSG_IORFD_RESP, fl_resp_enc },
	};

	build_values();
	for (size_t i = 0; i < sizeof floor_enc / sizeof floor_enc[0]; i++) {
		out_len = 0;
		if (floor_enc[i].enc() || out_len <= 0) {
			fprintf(stderr, "iowire-bench-codec: the floor cannot encode %s\n", msg_name(floor_enc[i].m));
			return -1;
		}
		memcpy(wire_of[floor_enc[i].m].bytes, out_buf, (size_t)out_len);
		wire_of[floor_enc[i].m].len = (size_t)out_len;
	}
	for (size_t i = 0; i < iowire_ncases; i++) {
		const struct bench_case *c = &iowire_cases[i];

		if (!setup_check(c)) {
			char text[320];

			iow_error_format(&err, text, sizeof text);
			fprintf(stderr, "iowire-bench-codec: libiowire %s %s disagrees with the floor (%s)\n",
				msg_name(c->msg), c->op == OP_DECODE ? "decode" : "encode", text);
			return -1;
		}
	}
	return 0;
}
