/* protobuf-c and nanopb on the .proto mirror that iowire-gen proto generates from the schema.
 *
 * The same values as the other cases, in the mirror's messages: the header as Header, the
 * REGION_WRITE and REGION_READ reply as MsgRegionWrite and MsgRegionReadReply (header and
 * payload), the region info reply as MsgDeviceGetRegionInfoReply, and the ioregionfd command
 * and response as CmdB and Resp.
 *
 * protobuf-c decodes with protobuf_c_message_unpack(), which allocates the message and copies
 * byte fields; it is given a bump allocator that is reset before each message instead of
 * malloc()/free_unpacked(), the cheapest way the API allows. Encoding is
 * protobuf_c_message_pack() into a buffer known to be large enough (no get_packed_size()).
 * nanopb decodes with pb_decode() into a static struct (byte fields copied into arrays) and
 * encodes with pb_encode() into a buffer stream. Setup checks that both libraries write the
 * same bytes and read the same values back. */
#include <stdio.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>
#include <protobuf-c/protobuf-c.h>

#include "bench.h"
#include "ioregionfd.pb-c.h"
#include "ioregionfd.pb.h"
#include "vfio_user.pb-c.h"
#include "vfio_user.pb.h"

/* ---- a bump allocator for protobuf-c's unpack ---- */

static _Alignas(16) unsigned char arena[64 * 1024];
static size_t arena_used;

static void *arena_alloc(void *data, size_t size)
{
	void *p;

	(void)data;
	size = (size + 15) & ~(size_t)15;
	if (size > sizeof arena - arena_used)
		return NULL;
	p = arena + arena_used;
	arena_used += size;
	return p;
}

static void arena_free(void *data, void *p)
{
	(void)data;
	(void)p;
}

static ProtobufCAllocator arena_allocator = { arena_alloc, arena_free, NULL };

/* ---- the values as protobuf-c messages ---- */

static Iowire__Vfu__Header c_header = IOWIRE__VFU__HEADER__INIT;
static Iowire__Vfu__Header c_write_hdr = IOWIRE__VFU__HEADER__INIT;
static Iowire__Vfu__RegionAccess c_write_access = IOWIRE__VFU__REGION_ACCESS__INIT;
static Iowire__Vfu__RegionAccessData c_write_payload = IOWIRE__VFU__REGION_ACCESS_DATA__INIT;
static Iowire__Vfu__MsgRegionWrite c_write = IOWIRE__VFU__MSG_REGION_WRITE__INIT;
static Iowire__Vfu__Header c_read_hdr = IOWIRE__VFU__HEADER__INIT;
static Iowire__Vfu__RegionAccess c_read_access = IOWIRE__VFU__REGION_ACCESS__INIT;
static Iowire__Vfu__RegionAccessData c_read_payload = IOWIRE__VFU__REGION_ACCESS_DATA__INIT;
static Iowire__Vfu__MsgRegionReadReply c_read = IOWIRE__VFU__MSG_REGION_READ_REPLY__INIT;
static Iowire__Vfu__Header c_info_hdr = IOWIRE__VFU__HEADER__INIT;
static Iowire__Vfu__SparseMmapArea c_area[SPARSE_AREAS];
static Iowire__Vfu__SparseMmapArea *c_area_ptr[SPARSE_AREAS];
static Iowire__Vfu__CapSparseMmap c_sparse = IOWIRE__VFU__CAP_SPARSE_MMAP__INIT;
static Iowire__Vfu__CapHeader c_cap_hdr = IOWIRE__VFU__CAP_HEADER__INIT;
static Iowire__Vfu__RegionCap c_cap = IOWIRE__VFU__REGION_CAP__INIT;
static Iowire__Vfu__RegionCap *c_cap_ptr[1] = { &c_cap };
static Iowire__Vfu__RegionInfo c_info_payload = IOWIRE__VFU__REGION_INFO__INIT;
static Iowire__Vfu__MsgDeviceGetRegionInfoReply c_info = IOWIRE__VFU__MSG_DEVICE_GET_REGION_INFO_REPLY__INIT;
static Iowire__Iorfd__CmdB c_cmd = IOWIRE__IORFD__CMD_B__INIT;
static Iowire__Iorfd__Resp c_resp = IOWIRE__IORFD__RESP__INIT;

static void c_set_header(Iowire__Vfu__Header *h, const struct iow_vfu_header *v)
{
	h->msg_id = v->msg_id;
	h->command = v->command;
	h->msg_size = v->msg_size;
	h->flags = v->flags;
	h->error = v->error;
}

static void c_set_access(Iowire__Vfu__RegionAccess *a, Iowire__Vfu__RegionAccessData *d, const struct iow_vfu_msg *v)
{
	const struct iow_vfu_region_access_data *x = &v->u.region_access_data;

	a->offset = x->access.offset;
	a->region = x->access.region;
	a->count = x->access.count;
	d->access = a;
	d->data.len = x->data.len;
	d->data.data = (uint8_t *)x->data.ptr;
}

static void c_build(void)
{
	const struct iow_vfu_region_info *ri = &val_region_info.u.region_info;

	c_set_header(&c_header, &val_header);

	c_set_header(&c_write_hdr, &val_region_write.hdr);
	c_set_access(&c_write_access, &c_write_payload, &val_region_write);
	c_write.header = &c_write_hdr;
	c_write.payload = &c_write_payload;

	c_set_header(&c_read_hdr, &val_read_reply.hdr);
	c_set_access(&c_read_access, &c_read_payload, &val_read_reply);
	c_read.header = &c_read_hdr;
	c_read.payload = &c_read_payload;

	c_set_header(&c_info_hdr, &val_region_info.hdr);
	for (unsigned i = 0; i < SPARSE_AREAS; i++) {
		iowire__vfu__sparse_mmap_area__init(&c_area[i]);
		c_area[i].offset = val_areas[i].offset;
		c_area[i].size = val_areas[i].size;
		c_area_ptr[i] = &c_area[i];
	}
	c_sparse.nr_areas = val_cap.u.sparse_mmap.nr_areas;
	c_sparse.reserved = val_cap.u.sparse_mmap.reserved;
	c_sparse.n_areas = SPARSE_AREAS;
	c_sparse.areas = c_area_ptr;
	c_cap_hdr.id = val_cap.hdr.id;
	c_cap_hdr.version = val_cap.hdr.version;
	c_cap_hdr.next = val_cap.hdr.next;
	c_cap.header = &c_cap_hdr;
	c_cap.body_case = IOWIRE__VFU__REGION_CAP__BODY_SPARSE_MMAP;
	c_cap.sparse_mmap = &c_sparse;
	c_info_payload.argsz = ri->argsz;
	c_info_payload.flags = ri->flags;
	c_info_payload.index = ri->index;
	c_info_payload.cap_offset = ri->cap_offset;
	c_info_payload.size = ri->size;
	c_info_payload.offset = ri->offset;
	c_info_payload.n_caps = 1;
	c_info_payload.caps = c_cap_ptr;
	c_info.header = &c_info_hdr;
	c_info.payload = &c_info_payload;

	c_cmd.cmd = val_cmd.cmd;
	c_cmd.size_resp = val_cmd.size_resp;
	c_cmd.padding.len = sizeof val_cmd.padding;
	c_cmd.padding.data = val_cmd.padding;
	c_cmd.user_data = val_cmd.user_data;
	c_cmd.offset = val_cmd.offset;
	c_cmd.data.len = sizeof val_cmd.data;
	c_cmd.data.data = val_cmd.data;
	c_resp.data.len = sizeof val_resp.data;
	c_resp.data.data = val_resp.data;
	c_resp.pad.len = sizeof val_resp.pad;
	c_resp.pad.data = val_resp.pad;
}

/* ---- the values as nanopb structs ---- */

static iowire_vfu_Header n_header;
static iowire_vfu_MsgRegionWrite n_write;
static iowire_vfu_MsgRegionReadReply n_read;
static iowire_vfu_MsgDeviceGetRegionInfoReply n_info;
static iowire_iorfd_CmdB n_cmd;
static iowire_iorfd_Resp n_resp;

static void n_set_header(iowire_vfu_Header *h, const struct iow_vfu_header *v)
{
	h->msg_id = v->msg_id;
	h->command = v->command;
	h->msg_size = v->msg_size;
	h->flags = v->flags;
	h->error = v->error;
}

static void n_set_access(iowire_vfu_RegionAccessData *d, const struct iow_vfu_msg *v)
{
	const struct iow_vfu_region_access_data *x = &v->u.region_access_data;

	d->access.offset = x->access.offset;
	d->access.region = x->access.region;
	d->access.count = x->access.count;
	d->data.size = (pb_size_t)x->data.len;
	memcpy(d->data.bytes, x->data.ptr, x->data.len);
}

static void n_build(void)
{
	const struct iow_vfu_region_info *ri = &val_region_info.u.region_info;
	iowire_vfu_RegionCap *cap = &n_info.payload.caps[0];

	n_set_header(&n_header, &val_header);
	n_set_header(&n_write.header, &val_region_write.hdr);
	n_set_access(&n_write.payload, &val_region_write);
	n_set_header(&n_read.header, &val_read_reply.hdr);
	n_set_access(&n_read.payload, &val_read_reply);

	n_set_header(&n_info.header, &val_region_info.hdr);
	n_info.payload.argsz = ri->argsz;
	n_info.payload.flags = ri->flags;
	n_info.payload.index = ri->index;
	n_info.payload.cap_offset = ri->cap_offset;
	n_info.payload.size = ri->size;
	n_info.payload.offset = ri->offset;
	n_info.payload.caps_count = 1;
	cap->header.id = val_cap.hdr.id;
	cap->header.version = val_cap.hdr.version;
	cap->header.next = val_cap.hdr.next;
	cap->which_body = iowire_vfu_RegionCap_sparse_mmap_tag;
	cap->body.sparse_mmap.nr_areas = val_cap.u.sparse_mmap.nr_areas;
	cap->body.sparse_mmap.reserved = val_cap.u.sparse_mmap.reserved;
	cap->body.sparse_mmap.areas_count = SPARSE_AREAS;
	for (unsigned i = 0; i < SPARSE_AREAS; i++) {
		cap->body.sparse_mmap.areas[i].offset = val_areas[i].offset;
		cap->body.sparse_mmap.areas[i].size = val_areas[i].size;
	}

	n_cmd.cmd = val_cmd.cmd;
	n_cmd.size_resp = val_cmd.size_resp;
	memcpy(n_cmd.padding, val_cmd.padding, sizeof n_cmd.padding);
	n_cmd.user_data = val_cmd.user_data;
	n_cmd.offset = val_cmd.offset;
	memcpy(n_cmd.data, val_cmd.data, sizeof n_cmd.data);
	memcpy(n_resp.data, val_resp.data, sizeof n_resp.data);
	memcpy(n_resp.pad, val_resp.pad, sizeof n_resp.pad);
}

/* ---- the protobuf bytes of each message (protobuf-c's pack) ---- */

static struct wire pb_wire[MSG_COUNT];
static const ProtobufCMessage *const c_value[MSG_COUNT] = {
	[MSG_HEADER] = &c_header.base,     [MSG_REGION_WRITE_8] = &c_write.base, [MSG_READ_REPLY_4K] = &c_read.base,
	[MSG_REGION_INFO] = &c_info.base, [MSG_IORFD_CMD] = &c_cmd.base,        [MSG_IORFD_RESP] = &c_resp.base,
};
static const ProtobufCMessageDescriptor *const c_desc[MSG_COUNT] = {
	[MSG_HEADER] = &iowire__vfu__header__descriptor,
	[MSG_REGION_WRITE_8] = &iowire__vfu__msg_region_write__descriptor,
	[MSG_READ_REPLY_4K] = &iowire__vfu__msg_region_read_reply__descriptor,
	[MSG_REGION_INFO] = &iowire__vfu__msg_device_get_region_info_reply__descriptor,
	[MSG_IORFD_CMD] = &iowire__iorfd__cmd_b__descriptor,
	[MSG_IORFD_RESP] = &iowire__iorfd__resp__descriptor,
};
static const pb_msgdesc_t *const n_fields[MSG_COUNT] = {
	[MSG_HEADER] = iowire_vfu_Header_fields,
	[MSG_REGION_WRITE_8] = iowire_vfu_MsgRegionWrite_fields,
	[MSG_READ_REPLY_4K] = iowire_vfu_MsgRegionReadReply_fields,
	[MSG_REGION_INFO] = iowire_vfu_MsgDeviceGetRegionInfoReply_fields,
	[MSG_IORFD_CMD] = iowire_iorfd_CmdB_fields,
	[MSG_IORFD_RESP] = iowire_iorfd_Resp_fields,
};
static void *const n_value[MSG_COUNT] = {
	[MSG_HEADER] = &n_header,  [MSG_REGION_WRITE_8] = &n_write, [MSG_READ_REPLY_4K] = &n_read,
	[MSG_REGION_INFO] = &n_info, [MSG_IORFD_CMD] = &n_cmd,     [MSG_IORFD_RESP] = &n_resp,
};

static int built;

static int build(void)
{
	if (built)
		return 0;
	c_build();
	n_build();
	for (int m = 0; m < MSG_COUNT; m++) {
		size_t n = protobuf_c_message_get_packed_size(c_value[m]);

		if (n > MAX_WIRE)
			return -1;
		pb_wire[m].len = protobuf_c_message_pack(c_value[m], pb_wire[m].bytes);
		if (pb_wire[m].len != n)
			return -1;
	}
	built = 1;
	return 0;
}

/* ---- the cases ---- */

static void *c_out;
static uint8_t pb_out[MAX_WIRE];
static size_t pb_out_len;

/* nanopb's decode targets */
static iowire_vfu_Header nd_header;
static iowire_vfu_MsgRegionWrite nd_write;
static iowire_vfu_MsgRegionReadReply nd_read;
static iowire_vfu_MsgDeviceGetRegionInfoReply nd_info;
static iowire_iorfd_CmdB nd_cmd;
static iowire_iorfd_Resp nd_resp;
static void *const nd_value[MSG_COUNT] = {
	[MSG_HEADER] = &nd_header,  [MSG_REGION_WRITE_8] = &nd_write, [MSG_READ_REPLY_4K] = &nd_read,
	[MSG_REGION_INFO] = &nd_info, [MSG_IORFD_CMD] = &nd_cmd,     [MSG_IORFD_RESP] = &nd_resp,
};

static inline int c_unpack(enum bench_msg m)
{
	arena_used = 0;
	c_out = protobuf_c_message_unpack(c_desc[m], &arena_allocator, pb_wire[m].len, pb_wire[m].bytes);
	return c_out == NULL;
}

static inline int c_pack(enum bench_msg m)
{
	pb_out_len = protobuf_c_message_pack(c_value[m], pb_out);
	return pb_out_len == 0;
}

static inline int n_decode(enum bench_msg m)
{
	pb_istream_t s = pb_istream_from_buffer(pb_wire[m].bytes, pb_wire[m].len);

	return !pb_decode(&s, n_fields[m], nd_value[m]);
}

static inline int n_encode(enum bench_msg m)
{
	pb_ostream_t s = pb_ostream_from_buffer(pb_out, sizeof pb_out);

	if (!pb_encode(&s, n_fields[m], n_value[m]))
		return 1;
	pb_out_len = s.bytes_written;
	return 0;
}

#define PB_RUNNERS(tag, m)                                      \
	static int c_dec_##tag(void) { return c_unpack(m); }     \
	static int c_enc_##tag(void) { return c_pack(m); }       \
	static int n_dec_##tag(void) { return n_decode(m); }     \
	static int n_enc_##tag(void) { return n_encode(m); }

PB_RUNNERS(header, MSG_HEADER)
PB_RUNNERS(write, MSG_REGION_WRITE_8)
PB_RUNNERS(read, MSG_READ_REPLY_4K)
PB_RUNNERS(info, MSG_REGION_INFO)
PB_RUNNERS(cmd, MSG_IORFD_CMD)
PB_RUNNERS(resp, MSG_IORFD_RESP)

/* ---- checks: the values that came out are the values that went in ---- */

static int same_bytes(const uint8_t *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && !memcmp(a, b, alen);
}

static int c_same_header(const Iowire__Vfu__Header *h, const struct iow_vfu_header *v)
{
	return h && h->msg_id == v->msg_id && h->command == v->command && h->msg_size == v->msg_size &&
	       h->flags == v->flags && h->error == v->error;
}

static int n_same_header(const iowire_vfu_Header *h, const struct iow_vfu_header *v)
{
	return h->msg_id == v->msg_id && h->command == v->command && h->msg_size == v->msg_size &&
	       h->flags == v->flags && h->error == v->error;
}

static int c_same_access(const Iowire__Vfu__RegionAccessData *d, const struct iow_vfu_msg *v)
{
	const struct iow_vfu_region_access_data *x = &v->u.region_access_data;

	return d && d->access && d->access->offset == x->access.offset && d->access->region == x->access.region &&
	       d->access->count == x->access.count && same_bytes(d->data.data, d->data.len, x->data.ptr, x->data.len);
}

static int n_same_access(const iowire_vfu_RegionAccessData *d, const struct iow_vfu_msg *v)
{
	const struct iow_vfu_region_access_data *x = &v->u.region_access_data;

	return d->access.offset == x->access.offset && d->access.region == x->access.region &&
	       d->access.count == x->access.count && same_bytes(d->data.bytes, d->data.size, x->data.ptr, x->data.len);
}

static int c_same_info(const Iowire__Vfu__MsgDeviceGetRegionInfoReply *m)
{
	const struct iow_vfu_region_info *ri = &val_region_info.u.region_info;
	const Iowire__Vfu__RegionInfo *p = m->payload;
	const Iowire__Vfu__RegionCap *cap;

	if (!c_same_header(m->header, &val_region_info.hdr) || !p || p->argsz != ri->argsz || p->flags != ri->flags ||
	    p->index != ri->index || p->cap_offset != ri->cap_offset || p->size != ri->size ||
	    p->offset != ri->offset || p->n_caps != 1)
		return 0;
	cap = p->caps[0];
	if (!cap->header || cap->header->id != val_cap.hdr.id || cap->header->version != val_cap.hdr.version ||
	    cap->header->next != val_cap.hdr.next || cap->body_case != IOWIRE__VFU__REGION_CAP__BODY_SPARSE_MMAP ||
	    cap->sparse_mmap->nr_areas != SPARSE_AREAS || cap->sparse_mmap->n_areas != SPARSE_AREAS)
		return 0;
	for (unsigned i = 0; i < SPARSE_AREAS; i++)
		if (cap->sparse_mmap->areas[i]->offset != val_areas[i].offset ||
		    cap->sparse_mmap->areas[i]->size != val_areas[i].size)
			return 0;
	return 1;
}

static int n_same_info(const iowire_vfu_MsgDeviceGetRegionInfoReply *m)
{
	const struct iow_vfu_region_info *ri = &val_region_info.u.region_info;
	const iowire_vfu_RegionInfo *p = &m->payload;
	const iowire_vfu_RegionCap *cap = &p->caps[0];

	if (!n_same_header(&m->header, &val_region_info.hdr) || p->argsz != ri->argsz || p->flags != ri->flags ||
	    p->index != ri->index || p->cap_offset != ri->cap_offset || p->size != ri->size ||
	    p->offset != ri->offset || p->caps_count != 1)
		return 0;
	if (cap->header.id != val_cap.hdr.id || cap->header.version != val_cap.hdr.version ||
	    cap->header.next != val_cap.hdr.next || cap->which_body != iowire_vfu_RegionCap_sparse_mmap_tag ||
	    cap->body.sparse_mmap.nr_areas != SPARSE_AREAS || cap->body.sparse_mmap.areas_count != SPARSE_AREAS)
		return 0;
	for (unsigned i = 0; i < SPARSE_AREAS; i++)
		if (cap->body.sparse_mmap.areas[i].offset != val_areas[i].offset ||
		    cap->body.sparse_mmap.areas[i].size != val_areas[i].size)
			return 0;
	return 1;
}

static int c_check(enum bench_msg m)
{
	switch (m) {
	case MSG_HEADER: return c_same_header(c_out, &val_header);
	case MSG_REGION_WRITE_8: {
		const Iowire__Vfu__MsgRegionWrite *w = c_out;

		return c_same_header(w->header, &val_region_write.hdr) && c_same_access(w->payload, &val_region_write);
	}
	case MSG_READ_REPLY_4K: {
		const Iowire__Vfu__MsgRegionReadReply *r = c_out;

		return c_same_header(r->header, &val_read_reply.hdr) && c_same_access(r->payload, &val_read_reply);
	}
	case MSG_REGION_INFO: return c_same_info(c_out);
	case MSG_IORFD_CMD: {
		const Iowire__Iorfd__CmdB *c = c_out;

		return c->cmd == val_cmd.cmd && c->size_resp == val_cmd.size_resp &&
		       same_bytes(c->padding.data, c->padding.len, val_cmd.padding, 6) &&
		       c->user_data == val_cmd.user_data && c->offset == val_cmd.offset &&
		       same_bytes(c->data.data, c->data.len, val_cmd.data, 8);
	}
	case MSG_IORFD_RESP: {
		const Iowire__Iorfd__Resp *r = c_out;

		return same_bytes(r->data.data, r->data.len, val_resp.data, 8) &&
		       same_bytes(r->pad.data, r->pad.len, val_resp.pad, 24);
	}
	default: return 0;
	}
}

static int n_check(enum bench_msg m)
{
	switch (m) {
	case MSG_HEADER: return n_same_header(&nd_header, &val_header);
	case MSG_REGION_WRITE_8:
		return n_same_header(&nd_write.header, &val_region_write.hdr) &&
		       n_same_access(&nd_write.payload, &val_region_write);
	case MSG_READ_REPLY_4K:
		return n_same_header(&nd_read.header, &val_read_reply.hdr) && n_same_access(&nd_read.payload, &val_read_reply);
	case MSG_REGION_INFO: return n_same_info(&nd_info);
	case MSG_IORFD_CMD:
		return nd_cmd.cmd == val_cmd.cmd && nd_cmd.size_resp == val_cmd.size_resp &&
		       !memcmp(nd_cmd.padding, val_cmd.padding, 6) && nd_cmd.user_data == val_cmd.user_data &&
		       nd_cmd.offset == val_cmd.offset && !memcmp(nd_cmd.data, val_cmd.data, 8);
	case MSG_IORFD_RESP:
		return !memcmp(nd_resp.data, val_resp.data, 8) && !memcmp(nd_resp.pad, val_resp.pad, 24);
	default: return 0;
	}
}

static size_t pb_setup(const struct bench_case *c)
{
	int protobuf_c = !strcmp(c->impl, "protobuf-c");

	if (build())
		return 0;
	pb_out_len = 0;
	memset(pb_out, 0, sizeof pb_out);
	if (c->run())
		return 0;
	if (c->op == OP_ENCODE) {
		/* both libraries must write what protobuf-c's pack wrote for the reference bytes */
		if (!same_bytes(pb_out, pb_out_len, pb_wire[c->msg].bytes, pb_wire[c->msg].len))
			return 0;
	} else if (!(protobuf_c ? c_check(c->msg) : n_check(c->msg))) {
		return 0;
	}
	return pb_wire[c->msg].len;
}

#define PB_CASES(tag, m)                                             \
	{ m, OP_DECODE, "protobuf-c", pb_setup, c_dec_##tag },       \
	{ m, OP_ENCODE, "protobuf-c", pb_setup, c_enc_##tag },       \
	{ m, OP_DECODE, "nanopb", pb_setup, n_dec_##tag },           \
	{ m, OP_ENCODE, "nanopb", pb_setup, n_enc_##tag }

const struct bench_case pb_cases[] = {
	PB_CASES(header, MSG_HEADER),   PB_CASES(write, MSG_REGION_WRITE_8), PB_CASES(read, MSG_READ_REPLY_4K),
	PB_CASES(info, MSG_REGION_INFO), PB_CASES(cmd, MSG_IORFD_CMD),      PB_CASES(resp, MSG_IORFD_RESP),
};
const size_t pb_ncases = sizeof pb_cases / sizeof pb_cases[0];
