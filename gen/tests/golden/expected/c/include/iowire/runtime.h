/* Generated from gen/iowire_gen/templates/runtime.h.j2 by iowire-gen. Do not edit. */
/* IOW_RUNTIME: byte-order helpers, errors and views shared by generated codecs. */
#ifndef IOW_RUNTIME_H
#define IOW_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define IOW_HOST_BE 1
#else
#define IOW_HOST_BE 0
#endif

/* Byte order of every field typed le*: canonical little-endian, or the host's own order (the
 * upstream vfio-user text). be* fields are big-endian under both. */
enum iow_order { IOW_ORDER_LE = 0, IOW_ORDER_HOST = 1 };

/* What a codec call works with: a profile of the protocol and a byte order. */
struct iow_cfg {
	unsigned profile;
	enum iow_order order;
};

enum iow_status {
	IOW_OK = 0,
	IOW_E_TRUNCATED = 1, /* message shorter than its structure */
	IOW_E_TRAILING = 2, /* bytes left after the structure */
	IOW_E_MSG_SIZE = 3, /* msg_size disagrees with the message length */
	IOW_E_UNDEFINED_BIT = 4, /* undefined flag bit */
	IOW_E_RESERVED = 5, /* reserved bytes are not zero */
	IOW_E_ENUM = 6, /* value outside the enumeration */
	IOW_E_VALUE = 7, /* value out of range */
	IOW_E_GROUP = 8, /* not exactly one flag of a one-of group */
	IOW_E_COUNT = 9, /* count or size announces more data than present */
	IOW_E_OVERFLOW = 10, /* count or offset arithmetic overflows */
	IOW_E_CHAIN_LOOP = 11, /* capability chain loops */
	IOW_E_CHAIN_BACKWARDS = 12, /* capability chain goes backwards */
	IOW_E_CHAIN_OVERLAP = 13, /* capability overlaps what comes before it */
	IOW_E_CHAIN_BOUNDS = 14, /* capability does not fit in the payload */
	IOW_E_FDS = 15, /* wrong number of file descriptors */
	IOW_E_ARGSZ = 16, /* argsz breaks the rule of its message */
	IOW_E_PROFILE = 17, /* not part of the chosen profile */
	IOW_E_NO_SPACE = 18, /* output buffer too small */
	IOW_E_INVALID = 19, /* invalid argument */
};

/* Why a decode or encode failed: which message, where in it, and the value at fault. */
struct iow_error {
	enum iow_status code;
	const char *protocol;
	const char *message;
	uint64_t value;
	size_t offset;
	char path[160];
};

/* A zero-copy view of bytes inside a caller's buffer. */
struct iow_bytes {
	const uint8_t *ptr;
	size_t len;
};

typedef void (*iow_dump_fn)(void *ctx, const char *path, const char *value);

/* State of a field-by-field dump: the path being printed and where lines go. */
struct iow_dump {
	iow_dump_fn fn;
	void *ctx;
	size_t len;
	char path[256];
};

/* A codec type by name, for tools, tests and fuzzers (each protocol lists its own). */
struct iow_type_info {
	const char *name;
	size_t c_size;
	size_t fixed_size;
	int (*decode)(const struct iow_cfg *, const uint8_t *, size_t, void *, struct iow_error *);
	long (*encode)(const struct iow_cfg *, const void *, uint8_t *, size_t, struct iow_error *);
	void (*dump)(const struct iow_cfg *, const void *, struct iow_dump *);
};

static inline const char *iow_status_name(enum iow_status code)
{
	switch (code) {
	case IOW_OK: return "ok";
	case IOW_E_TRUNCATED: return "truncated";
	case IOW_E_TRAILING: return "trailing";
	case IOW_E_MSG_SIZE: return "msg-size";
	case IOW_E_UNDEFINED_BIT: return "undefined-bit";
	case IOW_E_RESERVED: return "reserved";
	case IOW_E_ENUM: return "enum";
	case IOW_E_VALUE: return "value";
	case IOW_E_GROUP: return "group";
	case IOW_E_COUNT: return "count";
	case IOW_E_OVERFLOW: return "overflow";
	case IOW_E_CHAIN_LOOP: return "chain-loop";
	case IOW_E_CHAIN_BACKWARDS: return "chain-backwards";
	case IOW_E_CHAIN_OVERLAP: return "chain-overlap";
	case IOW_E_CHAIN_BOUNDS: return "chain-bounds";
	case IOW_E_FDS: return "fds";
	case IOW_E_ARGSZ: return "argsz";
	case IOW_E_PROFILE: return "profile";
	case IOW_E_NO_SPACE: return "no-space";
	case IOW_E_INVALID: return "invalid";
	}
	return "unknown";
}

static inline const char *iow_status_text(enum iow_status code)
{
	switch (code) {
	case IOW_OK: return "no error";
	case IOW_E_TRUNCATED: return "message shorter than its structure";
	case IOW_E_TRAILING: return "bytes left after the structure";
	case IOW_E_MSG_SIZE: return "msg_size disagrees with the message length";
	case IOW_E_UNDEFINED_BIT: return "undefined flag bit";
	case IOW_E_RESERVED: return "reserved bytes are not zero";
	case IOW_E_ENUM: return "value outside the enumeration";
	case IOW_E_VALUE: return "value out of range";
	case IOW_E_GROUP: return "not exactly one flag of a one-of group";
	case IOW_E_COUNT: return "count or size announces more data than present";
	case IOW_E_OVERFLOW: return "count or offset arithmetic overflows";
	case IOW_E_CHAIN_LOOP: return "capability chain loops";
	case IOW_E_CHAIN_BACKWARDS: return "capability chain goes backwards";
	case IOW_E_CHAIN_OVERLAP: return "capability overlaps what comes before it";
	case IOW_E_CHAIN_BOUNDS: return "capability does not fit in the payload";
	case IOW_E_FDS: return "wrong number of file descriptors";
	case IOW_E_ARGSZ: return "argsz breaks the rule of its message";
	case IOW_E_PROFILE: return "not part of the chosen profile";
	case IOW_E_NO_SPACE: return "output buffer too small";
	case IOW_E_INVALID: return "invalid argument";
	}
	return "unknown error";
}

/* Records a failure at a field of the innermost structure; outer levels add their prefix. */
static inline int iow_fail(struct iow_error *err, enum iow_status code, const char *field,
			    uint64_t value, size_t offset)
{
	if (err) {
		err->code = code;
		err->value = value;
		err->offset = offset;
		snprintf(err->path, sizeof err->path, "%s", field);
	}
	return -(int)code;
}

/* Appends s to the NUL-terminated string in dst (cap bytes), cutting what does not fit. */
static inline void iow_append(char *dst, size_t cap, const char *s)
{
	size_t k = strlen(dst), n = strlen(s);

	if (k + 1 >= cap)
		return;
	if (n > cap - 1 - k)
		n = cap - 1 - k;
	memcpy(dst + k, s, n);
	dst[k + n] = '\0';
}

/* Puts "seg." (or "seg" alone) in front of the error path as the error leaves a structure. */
static inline int iow_nest(struct iow_error *err, int rc, const char *seg, long index, size_t base)
{
	char head[64];
	char old[sizeof err->path];

	if (!err || rc == 0)
		return rc;
	if (index >= 0)
		snprintf(head, sizeof head, "%s[%ld]", seg, index);
	else
		snprintf(head, sizeof head, "%s", seg);
	memcpy(old, err->path, sizeof old);
	err->path[0] = '\0';
	iow_append(err->path, sizeof err->path, head);
	if (old[0] && head[0])
		iow_append(err->path, sizeof err->path, ".");
	iow_append(err->path, sizeof err->path, old);
	err->offset += base;
	return rc;
}

/* "vfio-user DMA_MAP.flags: undefined flag bit 0x10": fields hang off the message or structure
 * name; header paths (header.msg_size) follow it after a space. */
static inline int iow_error_format(const struct iow_error *err, char *buf, size_t size)
{
	const char *path = err->path, *sep = !path[0] ? "" : strncmp(path, "header", 6) ? "." : " ";

	if (strncmp(path, "payload.", 8) == 0) {
		path += 8;
		sep = ".";
	} else if (strcmp(path, "payload") == 0) {
		path = "";
		sep = "";
	}
	return snprintf(buf, size, "%s %s%s%s: %s %#llx", err->protocol ? err->protocol : "?",
			err->message ? err->message : "?", sep, path, iow_status_text(err->code),
			(unsigned long long)err->value);
}

static inline uint16_t iow_bswap16(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static inline uint32_t iow_bswap32(uint32_t v)
{
	return (uint32_t)iow_bswap16((uint16_t)v) << 16 | iow_bswap16((uint16_t)(v >> 16));
}
static inline uint64_t iow_bswap64(uint64_t v)
{
	return (uint64_t)iow_bswap32((uint32_t)v) << 32 | iow_bswap32((uint32_t)(v >> 32));
}


static inline uint16_t iow_ld_le16(const uint8_t *p, enum iow_order order)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap16(v);
	return v;
}

static inline void iow_st_le16(uint8_t *p, uint16_t v, enum iow_order order)
{
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap16(v);
	memcpy(p, &v, sizeof v);
}

static inline uint16_t iow_ld_be16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	return IOW_HOST_BE ? v : iow_bswap16(v);
}

static inline void iow_st_be16(uint8_t *p, uint16_t v)
{
	if (!IOW_HOST_BE)
		v = iow_bswap16(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int16_t iow_to_s16(uint16_t v)
{
	return v <= INT16_MAX ? (int16_t)v : (int16_t)(-(int16_t)(~v) - 1);
}

static inline uint32_t iow_ld_le32(const uint8_t *p, enum iow_order order)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap32(v);
	return v;
}

static inline void iow_st_le32(uint8_t *p, uint32_t v, enum iow_order order)
{
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap32(v);
	memcpy(p, &v, sizeof v);
}

static inline uint32_t iow_ld_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return IOW_HOST_BE ? v : iow_bswap32(v);
}

static inline void iow_st_be32(uint8_t *p, uint32_t v)
{
	if (!IOW_HOST_BE)
		v = iow_bswap32(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int32_t iow_to_s32(uint32_t v)
{
	return v <= INT32_MAX ? (int32_t)v : (int32_t)(-(int32_t)(~v) - 1);
}

static inline uint64_t iow_ld_le64(const uint8_t *p, enum iow_order order)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap64(v);
	return v;
}

static inline void iow_st_le64(uint8_t *p, uint64_t v, enum iow_order order)
{
	if (IOW_HOST_BE && order == IOW_ORDER_LE)
		v = iow_bswap64(v);
	memcpy(p, &v, sizeof v);
}

static inline uint64_t iow_ld_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return IOW_HOST_BE ? v : iow_bswap64(v);
}

static inline void iow_st_be64(uint8_t *p, uint64_t v)
{
	if (!IOW_HOST_BE)
		v = iow_bswap64(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int64_t iow_to_s64(uint64_t v)
{
	return v <= INT64_MAX ? (int64_t)v : (int64_t)(-(int64_t)(~v) - 1);
}

static inline int8_t iow_to_s8(uint8_t v) { return v <= INT8_MAX ? (int8_t)v : (int8_t)(-(int8_t)(uint8_t)~v - 1); }

/* Moves the bits of v under `from` to the positions of `to`, lowest first (pdep/pext). */
static inline uint64_t iow_remap(uint64_t v, uint64_t from, uint64_t to)
{
	uint64_t out = 0;

	while (from && to) {
		uint64_t f = from & -from, t = to & -to;

		if (v & f)
			out |= t;
		from &= from - 1;
		to &= to - 1;
	}
	return out;
}

/* Reserved and unused bytes are checked eight at a time: they sit on every hot path. */
static inline bool iow_all_zero(const uint8_t *p, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, sizeof w);
		acc |= w;
	}
	if (n - i >= 4) {
		uint32_t w;

		memcpy(&w, p + i, sizeof w);
		acc |= w;
		i += 4;
	}
	if (n - i >= 2) {
		uint16_t w;

		memcpy(&w, p + i, sizeof w);
		acc |= w;
		i += 2;
	}
	if (n - i >= 1)
		acc |= p[i];
	return acc == 0;
}

/* Dump paths: push a segment, emit a line, pop back. */
static inline size_t iow_dump_push(struct iow_dump *d, const char *seg, long index)
{
	size_t old = d->len;
	int n;

	if (index >= 0)
		n = snprintf(d->path + d->len, sizeof d->path - d->len, "%s%s[%ld]", d->len ? "." : "", seg, index);
	else
		n = snprintf(d->path + d->len, sizeof d->path - d->len, "%s%s", d->len && seg[0] ? "." : "", seg);
	if (n > 0)
		d->len = d->len + (size_t)n < sizeof d->path ? d->len + (size_t)n : sizeof d->path - 1;
	return old;
}

static inline void iow_dump_pop(struct iow_dump *d, size_t old)
{
	d->len = old;
	d->path[old] = '\0';
}

static inline void iow_dump_uint(struct iow_dump *d, const char *name, uint64_t v, bool hex)
{
	char text[24];
	size_t old = iow_dump_push(d, name, -1);

	snprintf(text, sizeof text, hex ? "%#llx" : "%llu", (unsigned long long)v);
	d->fn(d->ctx, d->path, text);
	iow_dump_pop(d, old);
}

static inline void iow_dump_int(struct iow_dump *d, const char *name, int64_t v)
{
	char text[24];
	size_t old = iow_dump_push(d, name, -1);

	snprintf(text, sizeof text, "%lld", (long long)v);
	d->fn(d->ctx, d->path, text);
	iow_dump_pop(d, old);
}

/* Byte strings are dumped as quoted hex; long ones are cut with "..." so a line stays short. */
static inline void iow_dump_bytes(struct iow_dump *d, const char *name, const uint8_t *p, size_t n)
{
	char text[2 * 256 + 8];
	size_t old = iow_dump_push(d, name, -1), k = 0;

	text[k++] = '"';
	for (size_t i = 0; i < n && i < 256; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "%02x", p[i]);
	if (n > 256)
		k += (size_t)snprintf(text + k, sizeof text - k, "...");
	snprintf(text + k, sizeof text - k, "\"");
	d->fn(d->ctx, d->path, text);
	iow_dump_pop(d, old);
}

#endif /* IOW_RUNTIME_H */
