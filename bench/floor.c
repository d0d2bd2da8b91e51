/* The floor: what decoding and encoding these messages costs with no checks at all.
 *
 * Each field is copied with memcpy and put in host order with the <endian.h> swaps (no-ops on
 * a little-endian host, byte swaps on a big-endian one), into and out of the same structs
 * libiowire uses; variable data stays a view into the buffer when decoding, as libiowire
 * leaves it, and is copied when encoding. Lengths, flags, enums, reserved bytes and chain links
 * are taken as they come: a hostile message would be read out of bounds. This is the cost
 * below which no decoder of these layouts can go, and the figure every other is divided by.
 * The functions are in their own file and never inlined, like the library's. */
#define _DEFAULT_SOURCE
#include <endian.h>
#include <string.h>

#include "bench.h"

static inline uint16_t ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	return le16toh(v);
}

static inline uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return le32toh(v);
}

static inline uint64_t ld64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return le64toh(v);
}

static inline void st16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, sizeof v);
}

static inline void st32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof v);
}

static inline void st64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof v);
}

static inline void get_header(const uint8_t *p, struct iow_vfu_header *h)
{
	h->msg_id = ld16(p);
	h->command = ld16(p + 2);
	h->msg_size = ld32(p + 4);
	h->flags = ld32(p + 8);
	h->error = ld32(p + 12);
}

static inline void put_header(uint8_t *p, const struct iow_vfu_header *h, uint32_t msg_size)
{
	st16(p, h->msg_id);
	st16(p + 2, h->command);
	st32(p + 4, msg_size);
	st32(p + 8, h->flags);
	st32(p + 12, h->error);
}

/* What every decoded message carries besides its payload's fields. */
static inline void get_msg(const uint8_t *p, struct iow_vfu_msg *m)
{
	get_header(p, &m->hdr);
	m->reply = (m->hdr.flags & IOW_VFU_HEADER_FLAGS_TYPE) == IOW_VFU_MSG_TYPE_REPLY;
	m->error = m->reply && (m->hdr.flags & IOW_VFU_HEADER_FLAGS_ERROR);
	m->payload.ptr = p + IOW_VFU_HEADER_SIZE;
	m->payload.len = m->hdr.msg_size - IOW_VFU_HEADER_SIZE;
}

BENCH_NOINLINE int floor_header_decode(const uint8_t *p, size_t len, struct iow_vfu_header *out)
{
	(void)len;
	get_header(p, out);
	return 0;
}

BENCH_NOINLINE long floor_header_encode(const struct iow_vfu_header *in, uint8_t *p, size_t cap)
{
	(void)cap;
	put_header(p, in, in->msg_size);
	return IOW_VFU_HEADER_SIZE;
}

/* REGION_WRITE commands and REGION_READ replies: region_access_data after the header. */
BENCH_NOINLINE int floor_access_msg_decode(const uint8_t *p, size_t len, struct iow_vfu_msg *out)
{
	struct iow_vfu_region_access_data *a = &out->u.region_access_data;

	(void)len;
	get_msg(p, out);
	a->access.offset = ld64(p + 16);
	a->access.region = ld32(p + 24);
	a->access.count = ld32(p + 28);
	a->data.ptr = p + 32;
	a->data.len = a->access.count;
	return 0;
}

BENCH_NOINLINE long floor_access_msg_encode(const struct iow_vfu_msg *in, uint8_t *p, size_t cap)
{
	const struct iow_vfu_region_access_data *a = &in->u.region_access_data;
	size_t size = 32 + a->data.len;

	(void)cap;
	put_header(p, &in->hdr, (uint32_t)size);
	st64(p + 16, a->access.offset);
	st32(p + 24, a->access.region);
	st32(p + 28, a->access.count);
	memcpy(p + 32, a->data.ptr, a->data.len);
	return (long)size;
}

/* DEVICE_GET_REGION_INFO reply: region_info, then its capability chain from cap_offset (offsets
 * from the start of the payload), sparse-mmap bodies copied out. */
BENCH_NOINLINE int floor_region_info_decode(const uint8_t *p, size_t len, struct region_info_view *out)
{
	struct iow_vfu_region_info *ri = &out->m.u.region_info;
	const uint8_t *pl = p + IOW_VFU_HEADER_SIZE;
	uint32_t off;

	(void)len;
	get_msg(p, &out->m);
	ri->argsz = ld32(pl);
	ri->flags = ld32(pl + 4);
	ri->index = ld32(pl + 8);
	ri->cap_offset = ld32(pl + 12);
	ri->size = ld64(pl + 16);
	ri->offset = ld64(pl + 24);
	out->ncaps = 0;
	for (off = ri->cap_offset; off; off = out->cap.hdr.next) {
		const uint8_t *c = pl + off;

		out->cap.hdr.id = ld16(c);
		out->cap.hdr.version = ld16(c + 2);
		out->cap.hdr.next = ld32(c + 4);
		out->ncaps++;
		if (out->cap.hdr.id == 1 && out->cap.hdr.version == 1) {
			struct iow_vfu_cap_sparse_mmap *s = &out->cap.u.sparse_mmap;

			out->cap.kase = IOW_VFU_REGION_CAP_SPARSE_MMAP;
			s->nr_areas = ld32(c + 8);
			s->reserved = ld32(c + 12);
			for (uint32_t i = 0; i < s->nr_areas && i < SPARSE_AREAS; i++) {
				out->areas[i].offset = ld64(c + 16 + 16 * i);
				out->areas[i].size = ld64(c + 24 + 16 * i);
			}
		}
	}
	return 0;
}

BENCH_NOINLINE long floor_region_info_encode(const struct iow_vfu_msg *in, uint8_t *p, size_t cap)
{
	const struct iow_vfu_region_info *ri = &in->u.region_info;
	uint8_t *pl = p + IOW_VFU_HEADER_SIZE;
	uint32_t off = ri->cap_offset;

	(void)cap;
	st32(pl, ri->argsz);
	st32(pl + 4, ri->flags);
	st32(pl + 8, ri->index);
	st32(pl + 12, ri->cap_offset);
	st64(pl + 16, ri->size);
	st64(pl + 24, ri->offset);
	for (size_t k = 0; k < ri->caps.count; k++) {
		const struct iow_vfu_region_cap *c = &ri->caps.items[k];
		const struct iow_vfu_cap_sparse_mmap *s = &c->u.sparse_mmap;
		uint32_t size = 16 + 16 * s->nr_areas;
		uint8_t *q = pl + off;

		st16(q, c->hdr.id);
		st16(q + 2, c->hdr.version);
		st32(q + 4, k + 1 < ri->caps.count ? off + size : 0);
		st32(q + 8, s->nr_areas);
		st32(q + 12, s->reserved);
		for (uint32_t i = 0; i < s->nr_areas; i++) {
			st64(q + 16 + 16 * i, s->areas.items[i].offset);
			st64(q + 24 + 16 * i, s->areas.items[i].size);
		}
		off += size;
	}
	put_header(p, &in->hdr, IOW_VFU_HEADER_SIZE + off);
	return (long)(IOW_VFU_HEADER_SIZE + off);
}

BENCH_NOINLINE int floor_cmd_decode(const uint8_t *p, size_t len, struct iow_iorfd_cmd_b *out)
{
	(void)len;
	out->cmd = p[0];
	out->size_resp = p[1];
	memcpy(out->padding, p + 2, 6);
	out->user_data = ld64(p + 8);
	out->offset = ld64(p + 16);
	memcpy(out->data, p + 24, 8);
	return 0;
}

BENCH_NOINLINE long floor_cmd_encode(const struct iow_iorfd_cmd_b *in, uint8_t *p, size_t cap)
{
	(void)cap;
	p[0] = in->cmd;
	p[1] = in->size_resp;
	memcpy(p + 2, in->padding, 6);
	st64(p + 8, in->user_data);
	st64(p + 16, in->offset);
	memcpy(p + 24, in->data, 8);
	return IOW_IORFD_CMD_SIZE;
}

BENCH_NOINLINE int floor_resp_decode(const uint8_t *p, size_t len, struct iow_iorfd_resp *out)
{
	(void)len;
	memcpy(out->data, p, 8);
	memcpy(out->pad, p + 8, 24);
	return 0;
}

BENCH_NOINLINE long floor_resp_encode(const struct iow_iorfd_resp *in, uint8_t *p, size_t cap)
{
	(void)cap;
	memcpy(p, in->data, 8);
	memcpy(p + 8, in->pad, 24);
	return IOW_IORFD_RESP_SIZE;
}

/* The harness's empty case: a call that does nothing, to subtract the loop's own cost. */
BENCH_NOINLINE int bench_empty(void)
{
	return 0;
}
