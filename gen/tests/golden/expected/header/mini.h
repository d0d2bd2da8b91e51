/* Generated from gen/tests/golden/mini.yaml (profile any) by iowire-gen. Do not edit. */
/* Header-only mini codec: every function is static inline; no library needed. */
#ifndef MINI_CODEC_H
#define MINI_CODEC_H

/* MINI_RUNTIME: byte-order helpers, errors and views shared by generated codecs. */
#ifndef MINI_RUNTIME_H
#define MINI_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MINI_HOST_BE 1
#else
#define MINI_HOST_BE 0
#endif

/* Byte order of every field typed le*: canonical little-endian, or the host's own order (the
 * upstream vfio-user text). be* fields are big-endian under both. */
enum mini_order { MINI_ORDER_LE = 0, MINI_ORDER_HOST = 1 };

/* What a codec call works with: a profile of the protocol and a byte order. */
struct mini_cfg {
	unsigned profile;
	enum mini_order order;
};

enum mini_status {
	MINI_OK = 0,
	MINI_E_TRUNCATED = 1, /* message shorter than its structure */
	MINI_E_TRAILING = 2, /* bytes left after the structure */
	MINI_E_MSG_SIZE = 3, /* msg_size disagrees with the message length */
	MINI_E_UNDEFINED_BIT = 4, /* undefined flag bit */
	MINI_E_RESERVED = 5, /* reserved bytes are not zero */
	MINI_E_ENUM = 6, /* value outside the enumeration */
	MINI_E_VALUE = 7, /* value out of range */
	MINI_E_GROUP = 8, /* not exactly one flag of a one-of group */
	MINI_E_COUNT = 9, /* count or size announces more data than present */
	MINI_E_OVERFLOW = 10, /* count or offset arithmetic overflows */
	MINI_E_CHAIN_LOOP = 11, /* capability chain loops */
	MINI_E_CHAIN_BACKWARDS = 12, /* capability chain goes backwards */
	MINI_E_CHAIN_OVERLAP = 13, /* capability overlaps what comes before it */
	MINI_E_CHAIN_BOUNDS = 14, /* capability does not fit in the payload */
	MINI_E_FDS = 15, /* wrong number of file descriptors */
	MINI_E_ARGSZ = 16, /* argsz breaks the rule of its message */
	MINI_E_PROFILE = 17, /* not part of the chosen profile */
	MINI_E_NO_SPACE = 18, /* output buffer too small */
	MINI_E_INVALID = 19, /* invalid argument */
};

/* Why a decode or encode failed: which message, where in it, and the value at fault. */
struct mini_error {
	enum mini_status code;
	const char *protocol;
	const char *message;
	uint64_t value;
	size_t offset;
	char path[160];
};

/* A zero-copy view of bytes inside a caller's buffer. */
struct mini_bytes {
	const uint8_t *ptr;
	size_t len;
};

typedef void (*mini_dump_fn)(void *ctx, const char *path, const char *value);

/* State of a field-by-field dump: the path being printed and where lines go. */
struct mini_dump {
	mini_dump_fn fn;
	void *ctx;
	size_t len;
	char path[256];
};

/* A codec type by name, for tools, tests and fuzzers (each protocol lists its own). */
struct mini_type_info {
	const char *name;
	size_t c_size;
	size_t fixed_size;
	int (*decode)(const struct mini_cfg *, const uint8_t *, size_t, void *, struct mini_error *);
	long (*encode)(const struct mini_cfg *, const void *, uint8_t *, size_t, struct mini_error *);
	void (*dump)(const struct mini_cfg *, const void *, struct mini_dump *);
};

static inline const char *mini_status_name(enum mini_status code)
{
	switch (code) {
	case MINI_OK: return "ok";
	case MINI_E_TRUNCATED: return "truncated";
	case MINI_E_TRAILING: return "trailing";
	case MINI_E_MSG_SIZE: return "msg-size";
	case MINI_E_UNDEFINED_BIT: return "undefined-bit";
	case MINI_E_RESERVED: return "reserved";
	case MINI_E_ENUM: return "enum";
	case MINI_E_VALUE: return "value";
	case MINI_E_GROUP: return "group";
	case MINI_E_COUNT: return "count";
	case MINI_E_OVERFLOW: return "overflow";
	case MINI_E_CHAIN_LOOP: return "chain-loop";
	case MINI_E_CHAIN_BACKWARDS: return "chain-backwards";
	case MINI_E_CHAIN_OVERLAP: return "chain-overlap";
	case MINI_E_CHAIN_BOUNDS: return "chain-bounds";
	case MINI_E_FDS: return "fds";
	case MINI_E_ARGSZ: return "argsz";
	case MINI_E_PROFILE: return "profile";
	case MINI_E_NO_SPACE: return "no-space";
	case MINI_E_INVALID: return "invalid";
	}
	return "unknown";
}

static inline const char *mini_status_text(enum mini_status code)
{
	switch (code) {
	case MINI_OK: return "no error";
	case MINI_E_TRUNCATED: return "message shorter than its structure";
	case MINI_E_TRAILING: return "bytes left after the structure";
	case MINI_E_MSG_SIZE: return "msg_size disagrees with the message length";
	case MINI_E_UNDEFINED_BIT: return "undefined flag bit";
	case MINI_E_RESERVED: return "reserved bytes are not zero";
	case MINI_E_ENUM: return "value outside the enumeration";
	case MINI_E_VALUE: return "value out of range";
	case MINI_E_GROUP: return "not exactly one flag of a one-of group";
	case MINI_E_COUNT: return "count or size announces more data than present";
	case MINI_E_OVERFLOW: return "count or offset arithmetic overflows";
	case MINI_E_CHAIN_LOOP: return "capability chain loops";
	case MINI_E_CHAIN_BACKWARDS: return "capability chain goes backwards";
	case MINI_E_CHAIN_OVERLAP: return "capability overlaps what comes before it";
	case MINI_E_CHAIN_BOUNDS: return "capability does not fit in the payload";
	case MINI_E_FDS: return "wrong number of file descriptors";
	case MINI_E_ARGSZ: return "argsz breaks the rule of its message";
	case MINI_E_PROFILE: return "not part of the chosen profile";
	case MINI_E_NO_SPACE: return "output buffer too small";
	case MINI_E_INVALID: return "invalid argument";
	}
	return "unknown error";
}

/* Records a failure at a field of the innermost structure; outer levels add their prefix. */
static inline int mini_fail(struct mini_error *err, enum mini_status code, const char *field,
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
static inline void mini_append(char *dst, size_t cap, const char *s)
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
static inline int mini_nest(struct mini_error *err, int rc, const char *seg, long index, size_t base)
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
	mini_append(err->path, sizeof err->path, head);
	if (old[0] && head[0])
		mini_append(err->path, sizeof err->path, ".");
	mini_append(err->path, sizeof err->path, old);
	err->offset += base;
	return rc;
}

/* "vfio-user DMA_MAP.flags: undefined flag bit 0x10": fields hang off the message or structure
 * name; header paths (header.msg_size) follow it after a space. */
static inline int mini_error_format(const struct mini_error *err, char *buf, size_t size)
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
			err->message ? err->message : "?", sep, path, mini_status_text(err->code),
			(unsigned long long)err->value);
}

static inline uint16_t mini_bswap16(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static inline uint32_t mini_bswap32(uint32_t v)
{
	return (uint32_t)mini_bswap16((uint16_t)v) << 16 | mini_bswap16((uint16_t)(v >> 16));
}
static inline uint64_t mini_bswap64(uint64_t v)
{
	return (uint64_t)mini_bswap32((uint32_t)v) << 32 | mini_bswap32((uint32_t)(v >> 32));
}


static inline uint16_t mini_ld_le16(const uint8_t *p, enum mini_order order)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap16(v);
	return v;
}

static inline void mini_st_le16(uint8_t *p, uint16_t v, enum mini_order order)
{
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap16(v);
	memcpy(p, &v, sizeof v);
}

static inline uint16_t mini_ld_be16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	return MINI_HOST_BE ? v : mini_bswap16(v);
}

static inline void mini_st_be16(uint8_t *p, uint16_t v)
{
	if (!MINI_HOST_BE)
		v = mini_bswap16(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int16_t mini_to_s16(uint16_t v)
{
	return v <= INT16_MAX ? (int16_t)v : (int16_t)(-(int16_t)(~v) - 1);
}

static inline uint32_t mini_ld_le32(const uint8_t *p, enum mini_order order)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap32(v);
	return v;
}

static inline void mini_st_le32(uint8_t *p, uint32_t v, enum mini_order order)
{
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap32(v);
	memcpy(p, &v, sizeof v);
}

static inline uint32_t mini_ld_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return MINI_HOST_BE ? v : mini_bswap32(v);
}

static inline void mini_st_be32(uint8_t *p, uint32_t v)
{
	if (!MINI_HOST_BE)
		v = mini_bswap32(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int32_t mini_to_s32(uint32_t v)
{
	return v <= INT32_MAX ? (int32_t)v : (int32_t)(-(int32_t)(~v) - 1);
}

static inline uint64_t mini_ld_le64(const uint8_t *p, enum mini_order order)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap64(v);
	return v;
}

static inline void mini_st_le64(uint8_t *p, uint64_t v, enum mini_order order)
{
	if (MINI_HOST_BE && order == MINI_ORDER_LE)
		v = mini_bswap64(v);
	memcpy(p, &v, sizeof v);
}

static inline uint64_t mini_ld_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return MINI_HOST_BE ? v : mini_bswap64(v);
}

static inline void mini_st_be64(uint8_t *p, uint64_t v)
{
	if (!MINI_HOST_BE)
		v = mini_bswap64(v);
	memcpy(p, &v, sizeof v);
}

/* Two's complement without implementation-defined conversions. */
static inline int64_t mini_to_s64(uint64_t v)
{
	return v <= INT64_MAX ? (int64_t)v : (int64_t)(-(int64_t)(~v) - 1);
}

static inline int8_t mini_to_s8(uint8_t v) { return v <= INT8_MAX ? (int8_t)v : (int8_t)(-(int8_t)(uint8_t)~v - 1); }

/* Moves the bits of v under `from` to the positions of `to`, lowest first (pdep/pext). */
static inline uint64_t mini_remap(uint64_t v, uint64_t from, uint64_t to)
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
static inline bool mini_all_zero(const uint8_t *p, size_t n)
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
static inline size_t mini_dump_push(struct mini_dump *d, const char *seg, long index)
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

static inline void mini_dump_pop(struct mini_dump *d, size_t old)
{
	d->len = old;
	d->path[old] = '\0';
}

static inline void mini_dump_uint(struct mini_dump *d, const char *name, uint64_t v, bool hex)
{
	char text[24];
	size_t old = mini_dump_push(d, name, -1);

	snprintf(text, sizeof text, hex ? "%#llx" : "%llu", (unsigned long long)v);
	d->fn(d->ctx, d->path, text);
	mini_dump_pop(d, old);
}

static inline void mini_dump_int(struct mini_dump *d, const char *name, int64_t v)
{
	char text[24];
	size_t old = mini_dump_push(d, name, -1);

	snprintf(text, sizeof text, "%lld", (long long)v);
	d->fn(d->ctx, d->path, text);
	mini_dump_pop(d, old);
}

/* Byte strings are dumped as quoted hex; long ones are cut with "..." so a line stays short. */
static inline void mini_dump_bytes(struct mini_dump *d, const char *name, const uint8_t *p, size_t n)
{
	char text[2 * 256 + 8];
	size_t old = mini_dump_push(d, name, -1), k = 0;

	text[k++] = '"';
	for (size_t i = 0; i < n && i < 256; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "%02x", p[i]);
	if (n > 256)
		k += (size_t)snprintf(text + k, sizeof text - k, "...");
	snprintf(text + k, sizeof text - k, "\"");
	d->fn(d->ctx, d->path, text);
	mini_dump_pop(d, old);
}

#endif /* MINI_RUNTIME_H */


#define MINI_PROTOCOL "mini"
#define MINI_SCHEMA_VERSION "0.1.0"

/* Profiles of mini. */
enum mini_profile {
	MINI_PROFILE_V1 = 0, /* v1 */
	MINI_PROFILE_V2 = 1, /* v2 */
	MINI_PROFILE_COUNT = 2,
	MINI_PROFILE_DEFAULT = 1
};

#define MINI_HEADER_SIZE 16 /* Size of the message header. */

/* ---- enumerations ---- */

/*  Closed: other values are rejected. */
enum mini_msg_type {
	MINI_MSG_TYPE_COMMAND = 0,
	MINI_MSG_TYPE_REPLY = 1,
};
static inline bool mini_msg_type_valid(unsigned profile, uint64_t value);
static inline const char *mini_msg_type_name(uint64_t value);

/*  Closed: other values are rejected. */
enum mini_command {
	MINI_COMMAND_PING = 1,
	MINI_COMMAND_GET_INFO = 2,
	MINI_COMMAND_LIST = 3,
	MINI_COMMAND_GET_CAPS = 4,
	MINI_COMMAND_GET_ENTRIES = 5,
	MINI_COMMAND_SEND_BLOB = 6,
	MINI_COMMAND_SET_VALUE = 7, /* v2 */
};
static inline bool mini_command_valid(unsigned profile, uint64_t value);
static inline const char *mini_command_name(uint64_t value);

/* A two-bit mode inside info_flags. Closed: other values are rejected. */
enum mini_mode {
	MINI_MODE_IDLE = 0,
	MINI_MODE_ACTIVE = 1,
	MINI_MODE_DRAINING = 2,
};
static inline bool mini_mode_valid(unsigned profile, uint64_t value);
static inline const char *mini_mode_name(uint64_t value);

/* An open enumeration; values above 2 are allowed on the wire. */
enum mini_color {
	MINI_COLOR_RED = 0,
	MINI_COLOR_GREEN = 1,
	MINI_COLOR_BLUE = 2,
};
static inline bool mini_color_valid(unsigned profile, uint64_t value);
static inline const char *mini_color_name(uint64_t value);

/*  Closed: other values are rejected. */
enum mini_value_kind {
	MINI_VALUE_KIND_NUMBER = 1, /* v2 */
	MINI_VALUE_KIND_POINT = 2, /* v2 */
};
static inline bool mini_value_kind_valid(unsigned profile, uint64_t value);
static inline const char *mini_value_kind_name(uint64_t value);

/* ---- flags: masks over fixed-width integers ---- */

/* header_flags */
#define MINI_HEADER_FLAGS_TYPE 0xfu
#define MINI_HEADER_FLAGS_TYPE_SHIFT 0
#define MINI_HEADER_FLAGS_NO_REPLY 0x10u
#define MINI_HEADER_FLAGS_ERROR 0x20u
static inline uint64_t mini_header_flags_defined(unsigned profile);

/* info_flags */
#define MINI_INFO_FLAGS_GET 0x1u
#define MINI_INFO_FLAGS_SET 0x2u
#define MINI_INFO_FLAGS_MODE 0x30u
#define MINI_INFO_FLAGS_MODE_SHIFT 4
#define MINI_INFO_FLAGS_HAS_DATA 0x40u
#define MINI_INFO_FLAGS_HAS_ORIGIN 0x80u
static inline uint64_t mini_info_flags_defined(unsigned profile);

/* value_flags */
#define MINI_VALUE_FLAGS_KIND 0xffu
#define MINI_VALUE_FLAGS_KIND_SHIFT 0
#define MINI_VALUE_FLAGS_PERSIST 0x100u
static inline uint64_t mini_value_flags_defined(unsigned profile);

/* ---- structures ---- */

struct mini_cap_header;
struct mini_cap_range;
struct mini_point;
struct mini_cap_points;
struct mini_header;
struct mini_empty;
struct mini_info;
struct mini_point_list;
struct mini_blob;
struct mini_name;
struct mini_caps;
struct mini_entry_narrow;
struct mini_entry_wide;
struct mini_entry;
struct mini_entries;
struct mini_value_number;
struct mini_value;
struct mini_set_value;
struct mini_pong;
struct mini_ping_reply;
struct mini_mini_cap;


#define MINI_CAP_HEADER_SIZE 8
/* cap_header */
struct mini_cap_header {
	uint16_t id;
	uint16_t version;
	uint32_t next;
};


#define MINI_CAP_RANGE_SIZE 16
/* cap_range */
struct mini_cap_range {
	uint64_t start;
	uint64_t end;
};


#define MINI_POINT_SIZE 8
/* point */
struct mini_point {
	int32_t x;
	int32_t y;
};

#ifndef MINI_POINT_ARRAY_DEFINED
#define MINI_POINT_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct mini_point_array {
	const uint8_t *wire;
	size_t stride;
	const struct mini_point *items;
};
#endif

#define MINI_CAP_POINTS_SIZE 4
/* cap_points */
struct mini_cap_points {
	uint32_t count;
	struct mini_point_array points;
};


#define MINI_HEADER_SIZE 16
/* Precedes every command and every reply. */
struct mini_header {
	uint16_t msg_id;
	uint16_t command;
	uint32_t msg_size;
	uint32_t flags;
	uint32_t error;
};


#define MINI_EMPTY_SIZE 0
/* empty */
struct mini_empty {
	uint8_t unused_; /* no wire bytes */
};


#define MINI_INFO_SIZE 24
/* GET_INFO request and reply. */
struct mini_info {
	uint32_t argsz;
	uint32_t flags;
	uint8_t color;
	uint8_t level;
	uint16_t reserved;
	struct mini_point center;
	uint32_t serial;
	struct mini_point origin; /* only when flags has has_origin */
};

#ifndef MINI_POINT_ARRAY_DEFINED
#define MINI_POINT_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct mini_point_array {
	const uint8_t *wire;
	size_t stride;
	const struct mini_point *items;
};
#endif

#define MINI_POINT_LIST_SIZE 8
/* point_list */
struct mini_point_list {
	uint32_t argsz;
	uint32_t count;
	struct mini_point_array points;
};


#define MINI_BLOB_SIZE 12
/* blob */
struct mini_blob {
	uint32_t flags;
	uint32_t fd_index;
	uint32_t length;
	struct mini_bytes data; /* only when flags has has_data */
};


#define MINI_NAME_SIZE 4
/* name */
struct mini_name {
	uint8_t tag[4];
	struct mini_bytes text;
};


/* One capability of the mini_cap chain: its header and its body, by (id, version). */
enum {
	MINI_MINI_CAP_RANGE = 0,
	MINI_MINI_CAP_POINTS = 1,
	MINI_MINI_CAP_UNKNOWN = 2
};
struct mini_mini_cap {
	struct mini_cap_header hdr;
	unsigned kase;
	union {
		struct mini_cap_range range;
		struct mini_cap_points points;
	} u;
	struct mini_bytes body; /* unknown capabilities: the bytes up to next */
};
/* A decoded chain is a view of the payload; to encode, give items (laid out back to back). */
struct mini_mini_cap_list {
	const uint8_t *base;
	size_t len;
	size_t count;
	const struct mini_mini_cap *items;
};

#define MINI_CAPS_SIZE 8
/* caps */
struct mini_caps {
	uint32_t argsz;
	uint32_t cap_offset;
	struct mini_mini_cap_list caps;
};


#define MINI_ENTRY_NARROW_SIZE 16
/* entry_narrow */
struct mini_entry_narrow {
	uint32_t kind;
	uint32_t color;
	uint64_t address;
};


#define MINI_ENTRY_WIDE_SIZE 24
/* entry_wide (v2) */
struct mini_entry_wide {
	uint32_t kind;
	uint32_t fd_index;
	uint64_t address;
	uint64_t length;
};


/* entry */
enum {
	MINI_ENTRY_NARROW = 0,
	MINI_ENTRY_WIDE = 1,
	MINI_ENTRY_NONE = 2, /* no data */
	MINI_ENTRY_RAW = 3 /* data of an unknown case, in raw */
};
struct mini_entry {
	unsigned kase;
	union {
		struct mini_entry_narrow entry_narrow;
		struct mini_entry_wide entry_wide;
	} u;
	struct mini_bytes raw;
};

#ifndef MINI_ENTRY_ARRAY_DEFINED
#define MINI_ENTRY_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct mini_entry_array {
	const uint8_t *wire;
	size_t stride;
	const struct mini_entry *items;
};
#endif

#define MINI_ENTRIES_SIZE 8
/* entries */
struct mini_entries {
	uint32_t argsz;
	uint32_t count;
	struct mini_entry_array entries;
};


#define MINI_VALUE_NUMBER_SIZE 8
/* value_number (v2) */
struct mini_value_number {
	uint64_t number;
};


/* value */
enum {
	MINI_VALUE_NUMBER = 0,
	MINI_VALUE_POINT = 1,
	MINI_VALUE_NONE = 2, /* no data */
	MINI_VALUE_RAW = 3 /* data of an unknown case, in raw */
};
struct mini_value {
	unsigned kase;
	union {
		struct mini_value_number value_number;
		struct mini_point point;
	} u;
	struct mini_bytes raw;
};


#define MINI_SET_VALUE_SIZE 8
/* set_value (v2) */
struct mini_set_value {
	uint32_t argsz;
	uint32_t flags;
	struct mini_value value;
};


#define MINI_PONG_SIZE 8
/* pong */
struct mini_pong {
	uint64_t stamp;
};


/* ping_reply */
enum {
	MINI_PING_REPLY_BARE = 0,
	MINI_PING_REPLY_STAMPED = 1,
	MINI_PING_REPLY_NONE = 2, /* no data */
	MINI_PING_REPLY_RAW = 3 /* data of an unknown case, in raw */
};
struct mini_ping_reply {
	unsigned kase;
	union {
		struct mini_empty empty;
		struct mini_pong pong;
	} u;
	struct mini_bytes raw;
};

/* ---- codec functions ----
 * decode: checks everything the schema says; views point into buf; returns 0 or -status.
 * encode: writes into buf (cap bytes); returns the bytes written or -status.
 * size: bytes encode would write (0 if the value cannot be encoded). */

static inline int mini_cap_header_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_header *out, struct mini_error *err);
static inline long mini_cap_header_encode(const struct mini_cfg *cfg, const struct mini_cap_header *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_cap_header_size(const struct mini_cfg *cfg, const struct mini_cap_header *in);
static inline void mini_cap_header_dump(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_dump *d);

static inline int mini_cap_range_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_range *out, struct mini_error *err);
static inline long mini_cap_range_encode(const struct mini_cfg *cfg, const struct mini_cap_range *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_cap_range_size(const struct mini_cfg *cfg, const struct mini_cap_range *in);
static inline void mini_cap_range_dump(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_dump *d);

static inline int mini_point_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_point *out, struct mini_error *err);
static inline long mini_point_encode(const struct mini_cfg *cfg, const struct mini_point *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_point_size(const struct mini_cfg *cfg, const struct mini_point *in);
static inline void mini_point_dump(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_dump *d);

static inline int mini_cap_points_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_points *out, struct mini_error *err);
static inline long mini_cap_points_encode(const struct mini_cfg *cfg, const struct mini_cap_points *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_cap_points_size(const struct mini_cfg *cfg, const struct mini_cap_points *in);
static inline void mini_cap_points_dump(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_dump *d);
static inline int mini_cap_points_points_at(const struct mini_cfg *cfg, const struct mini_cap_points *s, size_t i,
		struct mini_point *out);

static inline int mini_header_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_header *out, struct mini_error *err);
static inline long mini_header_encode(const struct mini_cfg *cfg, const struct mini_header *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_header_size(const struct mini_cfg *cfg, const struct mini_header *in);
static inline void mini_header_dump(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_dump *d);

static inline int mini_empty_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_empty *out, struct mini_error *err);
static inline long mini_empty_encode(const struct mini_cfg *cfg, const struct mini_empty *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_empty_size(const struct mini_cfg *cfg, const struct mini_empty *in);
static inline void mini_empty_dump(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_dump *d);

static inline int mini_info_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_info *out, struct mini_error *err);
static inline long mini_info_encode(const struct mini_cfg *cfg, const struct mini_info *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_info_size(const struct mini_cfg *cfg, const struct mini_info *in);
static inline void mini_info_dump(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_dump *d);

static inline int mini_point_list_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_point_list *out, struct mini_error *err);
static inline long mini_point_list_encode(const struct mini_cfg *cfg, const struct mini_point_list *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_point_list_size(const struct mini_cfg *cfg, const struct mini_point_list *in);
static inline void mini_point_list_dump(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_dump *d);
static inline int mini_point_list_points_at(const struct mini_cfg *cfg, const struct mini_point_list *s, size_t i,
		struct mini_point *out);

static inline int mini_blob_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_blob *out, struct mini_error *err);
static inline long mini_blob_encode(const struct mini_cfg *cfg, const struct mini_blob *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_blob_size(const struct mini_cfg *cfg, const struct mini_blob *in);
static inline void mini_blob_dump(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_dump *d);

static inline int mini_name_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_name *out, struct mini_error *err);
static inline long mini_name_encode(const struct mini_cfg *cfg, const struct mini_name *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_name_size(const struct mini_cfg *cfg, const struct mini_name *in);
static inline void mini_name_dump(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_dump *d);

static inline int mini_caps_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_caps *out, struct mini_error *err);
static inline long mini_caps_encode(const struct mini_cfg *cfg, const struct mini_caps *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_caps_size(const struct mini_cfg *cfg, const struct mini_caps *in);
static inline void mini_caps_dump(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_dump *d);
static inline int mini_caps_caps_at(const struct mini_cfg *cfg, const struct mini_caps *s, size_t i,
		struct mini_mini_cap *out);

static inline int mini_entry_narrow_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entry_narrow *out, struct mini_error *err);
static inline long mini_entry_narrow_encode(const struct mini_cfg *cfg, const struct mini_entry_narrow *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_entry_narrow_size(const struct mini_cfg *cfg, const struct mini_entry_narrow *in);
static inline void mini_entry_narrow_dump(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_dump *d);

static inline int mini_entry_wide_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entry_wide *out, struct mini_error *err);
static inline long mini_entry_wide_encode(const struct mini_cfg *cfg, const struct mini_entry_wide *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_entry_wide_size(const struct mini_cfg *cfg, const struct mini_entry_wide *in);
static inline void mini_entry_wide_dump(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_dump *d);

static inline int mini_entries_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entries *out, struct mini_error *err);
static inline long mini_entries_encode(const struct mini_cfg *cfg, const struct mini_entries *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_entries_size(const struct mini_cfg *cfg, const struct mini_entries *in);
static inline void mini_entries_dump(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_dump *d);
static inline int mini_entries_entries_at(const struct mini_cfg *cfg, const struct mini_entries *s, size_t i,
		struct mini_entry *out);

static inline int mini_value_number_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_value_number *out, struct mini_error *err);
static inline long mini_value_number_encode(const struct mini_cfg *cfg, const struct mini_value_number *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_value_number_size(const struct mini_cfg *cfg, const struct mini_value_number *in);
static inline void mini_value_number_dump(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_dump *d);

static inline int mini_set_value_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_set_value *out, struct mini_error *err);
static inline long mini_set_value_encode(const struct mini_cfg *cfg, const struct mini_set_value *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_set_value_size(const struct mini_cfg *cfg, const struct mini_set_value *in);
static inline void mini_set_value_dump(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_dump *d);

static inline int mini_pong_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_pong *out, struct mini_error *err);
static inline long mini_pong_encode(const struct mini_cfg *cfg, const struct mini_pong *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_pong_size(const struct mini_cfg *cfg, const struct mini_pong *in);
static inline void mini_pong_dump(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_dump *d);

static inline int mini_ping_reply_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_ping_reply *out, struct mini_error *err);
static inline long mini_ping_reply_encode(const struct mini_cfg *cfg, const struct mini_ping_reply *in,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_ping_reply_size(const struct mini_cfg *cfg, const struct mini_ping_reply *in);
static inline void mini_ping_reply_dump(const struct mini_cfg *cfg, const struct mini_ping_reply *in, struct mini_dump *d);



/* ---- messages: header + payload ---- */
/* A whole message. Decoding fills hdr, the flags below and the payload member of u that the
 * command and direction select; views point into the decoded buffer. */
struct mini_msg {
	struct mini_header hdr;
	bool reply;      /* Type is reply */
	bool error;      /* a reply with the error flag: the payload is not parsed */
	bool truncated;  /* a reply shorter than its argsz: only the fixed part is decoded */
	struct mini_bytes payload; /* the payload bytes as received; what an error reply carries */
	union {
		struct mini_empty empty;
		struct mini_ping_reply ping_reply;
		struct mini_info info;
		struct mini_point_list point_list;
		struct mini_caps caps;
		struct mini_entries entries;
		struct mini_blob blob;
		struct mini_name name;
		struct mini_set_value set_value;
	} u;
};

/* decode: buf holds exactly one message (msg_size bytes) that arrived with nfds descriptors.
 * When it fails and len >= 16, out->hdr still holds every header field read before the failure
 * (msg_id, command and msg_size always), enough to address an error reply. An error reply may
 * carry any command number: it echoes the command it refuses. */
static inline int mini_msg_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct mini_msg *out, struct mini_error *err);
/* encode: msg_size is computed; the flags in hdr say command or reply, error, no_reply. */
static inline long mini_msg_encode(const struct mini_cfg *cfg, const struct mini_msg *in, unsigned nfds,
		uint8_t *buf, size_t cap, struct mini_error *err);
static inline size_t mini_msg_size(const struct mini_cfg *cfg, const struct mini_msg *in);
static inline void mini_msg_dump(const struct mini_cfg *cfg, const struct mini_msg *in, struct mini_dump *d);
/* "DMA_MAP" or "DMA_MAP reply"; NULL for a command the schema does not know. */
static inline const char *mini_msg_name(unsigned command, bool reply);


/* Every public type by name, for tools, tests and fuzzers. */
static inline const struct mini_type_info *mini_type_by_name(const char *name);
static inline const struct mini_type_info *mini_type_at(size_t i);
static inline int mini_profile_by_name(const char *name);
static inline const char *mini_profile_name(unsigned profile);


/* ---- enumerations ---- */

static inline bool mini_msg_type_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	default: break;
	}
	return false;
}

static inline const char *mini_msg_type_name(uint64_t value)
{
	switch (value) {
	case 0: return "command";
	case 1: return "reply";
	default: return NULL;
	}
}

static inline bool mini_command_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	case 3: if (1) return true; break;
	case 4: if (1) return true; break;
	case 5: if (1) return true; break;
	case 6: if (1) return true; break;
	case 7: if (((0x2u >> profile) & 1u)) return true; break;
	default: break;
	}
	return false;
}

static inline const char *mini_command_name(uint64_t value)
{
	switch (value) {
	case 1: return "PING";
	case 2: return "GET_INFO";
	case 3: return "LIST";
	case 4: return "GET_CAPS";
	case 5: return "GET_ENTRIES";
	case 6: return "SEND_BLOB";
	case 7: return "SET_VALUE";
	default: return NULL;
	}
}

static inline bool mini_mode_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	default: break;
	}
	return false;
}

static inline const char *mini_mode_name(uint64_t value)
{
	switch (value) {
	case 0: return "idle";
	case 1: return "active";
	case 2: return "draining";
	default: return NULL;
	}
}

static inline bool mini_color_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	default: break;
	}
	return true;
}

static inline const char *mini_color_name(uint64_t value)
{
	switch (value) {
	case 0: return "red";
	case 1: return "green";
	case 2: return "blue";
	default: return NULL;
	}
}

static inline bool mini_value_kind_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 1: if (((0x2u >> profile) & 1u)) return true; break;
	case 2: if (((0x2u >> profile) & 1u)) return true; break;
	default: break;
	}
	return false;
}

static inline const char *mini_value_kind_name(uint64_t value)
{
	switch (value) {
	case 1: return "number";
	case 2: return "point";
	default: return NULL;
	}
}

/* ---- flags ---- */

static inline uint64_t mini_header_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (1)
		mask |= 0xfu;
	if (1)
		mask |= 0x10u;
	if (1)
		mask |= 0x20u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int mini_header_flags_check(const struct mini_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct mini_error *err)
{
	if (!mini_msg_type_valid(cfg->profile, (v & 0xfu) >> 0))
		return mini_fail(err, MINI_E_ENUM, field, (v & 0xfu) >> 0, off);
	return 0;
}

static inline uint64_t mini_info_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (1)
		mask |= 0x1u;
	if (1)
		mask |= 0x2u;
	if (1)
		mask |= 0x30u;
	if (1)
		mask |= 0x40u;
	if (1)
		mask |= 0x80u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int mini_info_flags_check(const struct mini_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct mini_error *err)
{
	uint64_t undef = v & ~mini_info_flags_defined(cfg->profile);

	if (undef)
		return mini_fail(err, MINI_E_UNDEFINED_BIT, field, undef, off);
	if (!mini_mode_valid(cfg->profile, (v & 0x30u) >> 4))
		return mini_fail(err, MINI_E_ENUM, field, (v & 0x30u) >> 4, off);
	{
		uint64_t g = v & 0x3u; /* op */

		if (g == 0 || (g & (g - 1)) != 0)
			return mini_fail(err, MINI_E_GROUP, field, g, off);
	}
	return 0;
}

static inline uint64_t mini_value_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (((0x2u >> profile) & 1u))
		mask |= 0xffu;
	if (((0x2u >> profile) & 1u))
		mask |= 0x100u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int mini_value_flags_check(const struct mini_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct mini_error *err)
{
	uint64_t undef = v & ~mini_value_flags_defined(cfg->profile);

	if (undef)
		return mini_fail(err, MINI_E_UNDEFINED_BIT, field, undef, off);
	if (!mini_value_kind_valid(cfg->profile, (v & 0xffu) >> 0))
		return mini_fail(err, MINI_E_ENUM, field, (v & 0xffu) >> 0, off);
	return 0;
}

/* ---- internal prototypes ---- */
static inline int mini_cap_header_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_header *out, struct mini_error *err);
static inline int mini_cap_header_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_header *out, size_t *used, struct mini_error *err);
static inline int mini_cap_header_check_send(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_error *err);
static inline int mini_cap_header_measure(const struct mini_cfg *cfg, const struct mini_cap_header *in, size_t *size, struct mini_error *err);
static inline size_t mini_cap_header_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_header *in, uint8_t *p);
static inline size_t mini_cap_header_write(const struct mini_cfg *cfg, const struct mini_cap_header *in, uint8_t *p);
static inline void mini_cap_header_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_dump *d);
static inline int mini_cap_range_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_range *out, struct mini_error *err);
static inline int mini_cap_range_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_range *out, size_t *used, struct mini_error *err);
static inline int mini_cap_range_check_send(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_error *err);
static inline int mini_cap_range_measure(const struct mini_cfg *cfg, const struct mini_cap_range *in, size_t *size, struct mini_error *err);
static inline size_t mini_cap_range_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_range *in, uint8_t *p);
static inline size_t mini_cap_range_write(const struct mini_cfg *cfg, const struct mini_cap_range *in, uint8_t *p);
static inline void mini_cap_range_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_dump *d);
static inline int mini_point_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_point *out, struct mini_error *err);
static inline int mini_point_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_point *out, size_t *used, struct mini_error *err);
static inline int mini_point_check_send(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_error *err);
static inline int mini_point_measure(const struct mini_cfg *cfg, const struct mini_point *in, size_t *size, struct mini_error *err);
static inline size_t mini_point_write_fixed(const struct mini_cfg *cfg, const struct mini_point *in, uint8_t *p);
static inline size_t mini_point_write(const struct mini_cfg *cfg, const struct mini_point *in, uint8_t *p);
static inline void mini_point_dump_fixed(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_dump *d);
static inline int mini_cap_points_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_points *out, struct mini_error *err);
static inline int mini_cap_points_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_points *out, size_t *used, struct mini_error *err);
static inline int mini_cap_points_check_send(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_error *err);
static inline int mini_cap_points_measure(const struct mini_cfg *cfg, const struct mini_cap_points *in, size_t *size, struct mini_error *err);
static inline size_t mini_cap_points_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_points *in, uint8_t *p);
static inline size_t mini_cap_points_write(const struct mini_cfg *cfg, const struct mini_cap_points *in, uint8_t *p);
static inline void mini_cap_points_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_dump *d);
static inline int mini_header_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_header *out, struct mini_error *err);
static inline int mini_header_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_header *out, size_t *used, struct mini_error *err);
static inline int mini_header_check_send(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_error *err);
static inline int mini_header_measure(const struct mini_cfg *cfg, const struct mini_header *in, size_t *size, struct mini_error *err);
static inline size_t mini_header_write_fixed(const struct mini_cfg *cfg, const struct mini_header *in, uint8_t *p);
static inline size_t mini_header_write(const struct mini_cfg *cfg, const struct mini_header *in, uint8_t *p);
static inline void mini_header_dump_fixed(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_dump *d);
static inline int mini_empty_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_empty *out, struct mini_error *err);
static inline int mini_empty_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_empty *out, size_t *used, struct mini_error *err);
static inline int mini_empty_check_send(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_error *err);
static inline int mini_empty_measure(const struct mini_cfg *cfg, const struct mini_empty *in, size_t *size, struct mini_error *err);
static inline size_t mini_empty_write_fixed(const struct mini_cfg *cfg, const struct mini_empty *in, uint8_t *p);
static inline size_t mini_empty_write(const struct mini_cfg *cfg, const struct mini_empty *in, uint8_t *p);
static inline void mini_empty_dump_fixed(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_dump *d);
static inline int mini_info_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_info *out, struct mini_error *err);
static inline int mini_info_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_info *out, size_t *used, struct mini_error *err);
static inline int mini_info_check_send(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_error *err);
static inline int mini_info_measure(const struct mini_cfg *cfg, const struct mini_info *in, size_t *size, struct mini_error *err);
static inline size_t mini_info_write_fixed(const struct mini_cfg *cfg, const struct mini_info *in, uint8_t *p);
static inline size_t mini_info_write(const struct mini_cfg *cfg, const struct mini_info *in, uint8_t *p);
static inline void mini_info_dump_fixed(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_dump *d);
static inline int mini_point_list_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_point_list *out, struct mini_error *err);
static inline int mini_point_list_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_point_list *out, size_t *used, struct mini_error *err);
static inline int mini_point_list_check_send(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_error *err);
static inline int mini_point_list_measure(const struct mini_cfg *cfg, const struct mini_point_list *in, size_t *size, struct mini_error *err);
static inline size_t mini_point_list_write_fixed(const struct mini_cfg *cfg, const struct mini_point_list *in, uint8_t *p);
static inline size_t mini_point_list_write(const struct mini_cfg *cfg, const struct mini_point_list *in, uint8_t *p);
static inline void mini_point_list_dump_fixed(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_dump *d);
static inline int mini_blob_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_blob *out, struct mini_error *err);
static inline int mini_blob_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_blob *out, size_t *used, struct mini_error *err);
static inline int mini_blob_check_send(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_error *err);
static inline int mini_blob_measure(const struct mini_cfg *cfg, const struct mini_blob *in, size_t *size, struct mini_error *err);
static inline size_t mini_blob_write_fixed(const struct mini_cfg *cfg, const struct mini_blob *in, uint8_t *p);
static inline size_t mini_blob_write(const struct mini_cfg *cfg, const struct mini_blob *in, uint8_t *p);
static inline void mini_blob_dump_fixed(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_dump *d);
static inline int mini_name_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_name *out, struct mini_error *err);
static inline int mini_name_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_name *out, size_t *used, struct mini_error *err);
static inline int mini_name_check_send(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_error *err);
static inline int mini_name_measure(const struct mini_cfg *cfg, const struct mini_name *in, size_t *size, struct mini_error *err);
static inline size_t mini_name_write_fixed(const struct mini_cfg *cfg, const struct mini_name *in, uint8_t *p);
static inline size_t mini_name_write(const struct mini_cfg *cfg, const struct mini_name *in, uint8_t *p);
static inline void mini_name_dump_fixed(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_dump *d);
static inline int mini_caps_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_caps *out, struct mini_error *err);
static inline int mini_caps_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_caps *out, size_t *used, struct mini_error *err);
static inline int mini_caps_check_send(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_error *err);
static inline int mini_caps_measure(const struct mini_cfg *cfg, const struct mini_caps *in, size_t *size, struct mini_error *err);
static inline size_t mini_caps_write_fixed(const struct mini_cfg *cfg, const struct mini_caps *in, uint8_t *p);
static inline size_t mini_caps_write(const struct mini_cfg *cfg, const struct mini_caps *in, uint8_t *p);
static inline void mini_caps_dump_fixed(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_dump *d);
static inline int mini_entry_narrow_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry_narrow *out, struct mini_error *err);
static inline int mini_entry_narrow_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entry_narrow *out, size_t *used, struct mini_error *err);
static inline int mini_entry_narrow_check_send(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_error *err);
static inline int mini_entry_narrow_measure(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, size_t *size, struct mini_error *err);
static inline size_t mini_entry_narrow_write_fixed(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, uint8_t *p);
static inline size_t mini_entry_narrow_write(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, uint8_t *p);
static inline void mini_entry_narrow_dump_fixed(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_dump *d);
static inline int mini_entry_wide_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry_wide *out, struct mini_error *err);
static inline int mini_entry_wide_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entry_wide *out, size_t *used, struct mini_error *err);
static inline int mini_entry_wide_check_send(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_error *err);
static inline int mini_entry_wide_measure(const struct mini_cfg *cfg, const struct mini_entry_wide *in, size_t *size, struct mini_error *err);
static inline size_t mini_entry_wide_write_fixed(const struct mini_cfg *cfg, const struct mini_entry_wide *in, uint8_t *p);
static inline size_t mini_entry_wide_write(const struct mini_cfg *cfg, const struct mini_entry_wide *in, uint8_t *p);
static inline void mini_entry_wide_dump_fixed(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_dump *d);
static inline size_t mini_entry_stride(const struct mini_cfg *cfg);
static inline int mini_entry_elem(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry *out, struct mini_error *err);
static inline int mini_entry_check_send(const struct mini_cfg *cfg, const struct mini_entry *in, struct mini_error *err);
static inline size_t mini_entry_write_elem(const struct mini_cfg *cfg, const struct mini_entry *in, uint8_t *p, size_t stride);
static inline void mini_entry_dump_elem(const struct mini_cfg *cfg, const struct mini_entry *in, struct mini_dump *d);
static inline int mini_entries_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entries *out, struct mini_error *err);
static inline int mini_entries_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entries *out, size_t *used, struct mini_error *err);
static inline int mini_entries_check_send(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_error *err);
static inline int mini_entries_measure(const struct mini_cfg *cfg, const struct mini_entries *in, size_t *size, struct mini_error *err);
static inline size_t mini_entries_write_fixed(const struct mini_cfg *cfg, const struct mini_entries *in, uint8_t *p);
static inline size_t mini_entries_write(const struct mini_cfg *cfg, const struct mini_entries *in, uint8_t *p);
static inline void mini_entries_dump_fixed(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_dump *d);
static inline int mini_value_number_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_value_number *out, struct mini_error *err);
static inline int mini_value_number_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_value_number *out, size_t *used, struct mini_error *err);
static inline int mini_value_number_check_send(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_error *err);
static inline int mini_value_number_measure(const struct mini_cfg *cfg, const struct mini_value_number *in, size_t *size, struct mini_error *err);
static inline size_t mini_value_number_write_fixed(const struct mini_cfg *cfg, const struct mini_value_number *in, uint8_t *p);
static inline size_t mini_value_number_write(const struct mini_cfg *cfg, const struct mini_value_number *in, uint8_t *p);
static inline void mini_value_number_dump_fixed(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_dump *d);
static inline void mini_value_dump(const struct mini_cfg *cfg, const struct mini_value *in, struct mini_dump *d);
static inline int mini_value_parse(const struct mini_cfg *cfg, uint64_t sel, const uint8_t *buf, size_t len, struct mini_value *out, struct mini_error *err);
static inline int mini_value_measure_sel(const struct mini_cfg *cfg, uint64_t sel, const struct mini_value *in, size_t *size, struct mini_error *err);
static inline int mini_value_body_measure(const struct mini_cfg *cfg, const struct mini_value *in, size_t *size, struct mini_error *err);
static inline size_t mini_value_write(const struct mini_cfg *cfg, const struct mini_value *in, uint8_t *p);
static inline int mini_set_value_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_set_value *out, struct mini_error *err);
static inline int mini_set_value_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_set_value *out, size_t *used, struct mini_error *err);
static inline int mini_set_value_check_send(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_error *err);
static inline int mini_set_value_measure(const struct mini_cfg *cfg, const struct mini_set_value *in, size_t *size, struct mini_error *err);
static inline size_t mini_set_value_write_fixed(const struct mini_cfg *cfg, const struct mini_set_value *in, uint8_t *p);
static inline size_t mini_set_value_write(const struct mini_cfg *cfg, const struct mini_set_value *in, uint8_t *p);
static inline void mini_set_value_dump_fixed(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_dump *d);
static inline int mini_pong_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_pong *out, struct mini_error *err);
static inline int mini_pong_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_pong *out, size_t *used, struct mini_error *err);
static inline int mini_pong_check_send(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_error *err);
static inline int mini_pong_measure(const struct mini_cfg *cfg, const struct mini_pong *in, size_t *size, struct mini_error *err);
static inline size_t mini_pong_write_fixed(const struct mini_cfg *cfg, const struct mini_pong *in, uint8_t *p);
static inline size_t mini_pong_write(const struct mini_cfg *cfg, const struct mini_pong *in, uint8_t *p);
static inline void mini_pong_dump_fixed(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_dump *d);
static inline int mini_ping_reply_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_ping_reply *out, size_t *used, struct mini_error *err);
static inline int mini_ping_reply_measure(const struct mini_cfg *cfg, const struct mini_ping_reply *in, size_t *size, struct mini_error *err);
static inline int mini_ping_reply_body_measure(const struct mini_cfg *cfg, const struct mini_ping_reply *in, size_t *size, struct mini_error *err);
static inline size_t mini_ping_reply_write(const struct mini_cfg *cfg, const struct mini_ping_reply *in, uint8_t *p);

/* ---- structures ---- */

/* ==== cap_header (8 bytes) ==== */
static inline int mini_cap_header_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_header *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->id = mini_ld_le16(p + 0, cfg->order);
	out->version = mini_ld_le16(p + 2, cfg->order);
	out->next = mini_ld_le32(p + 4, cfg->order);
	return 0;
}

static inline int mini_cap_header_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_header *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_cap_header_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_cap_header_check_send(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_cap_header_measure(const struct mini_cfg *cfg, const struct mini_cap_header *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_cap_header_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_cap_header_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_header *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le16(p + 0, (uint16_t)(in->id), cfg->order);
	mini_st_le16(p + 2, (uint16_t)(in->version), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->next), cfg->order);
	return 8;
}

static inline size_t mini_cap_header_write(const struct mini_cfg *cfg, const struct mini_cap_header *in, uint8_t *p)
{
	size_t pos = mini_cap_header_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_cap_header_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "id", in->id, false);
	mini_dump_uint(d, "version", in->version, false);
	mini_dump_uint(d, "next", in->next, false);
}

static inline void mini_cap_header_dump(const struct mini_cfg *cfg, const struct mini_cap_header *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_cap_header_dump_fixed(cfg, in, d);
}
static inline int mini_cap_header_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_header *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_cap_header_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "cap_header";
	}
	return rc;
}

static inline long mini_cap_header_encode(const struct mini_cfg *cfg, const struct mini_cap_header *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_cap_header_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_cap_header check;

		mini_cap_header_write(cfg, in, buf);
		rc = mini_cap_header_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "cap_header";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_cap_header_size(const struct mini_cfg *cfg, const struct mini_cap_header *in)
{
	size_t size = 0;

	return mini_cap_header_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== cap_range (16 bytes) ==== */
static inline int mini_cap_range_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_range *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->start = mini_ld_le64(p + 0, cfg->order);
	out->end = mini_ld_le64(p + 8, cfg->order);
	return 0;
}

static inline int mini_cap_range_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_range *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_cap_range_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_cap_range_check_send(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_cap_range_measure(const struct mini_cfg *cfg, const struct mini_cap_range *in, size_t *out, struct mini_error *err)
{
	size_t size = 16;
	int rc = mini_cap_range_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_cap_range_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_range *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le64(p + 0, (uint64_t)(in->start), cfg->order);
	mini_st_le64(p + 8, (uint64_t)(in->end), cfg->order);
	return 16;
}

static inline size_t mini_cap_range_write(const struct mini_cfg *cfg, const struct mini_cap_range *in, uint8_t *p)
{
	size_t pos = mini_cap_range_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_cap_range_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "start", in->start, false);
	mini_dump_uint(d, "end", in->end, false);
}

static inline void mini_cap_range_dump(const struct mini_cfg *cfg, const struct mini_cap_range *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_cap_range_dump_fixed(cfg, in, d);
}
static inline int mini_cap_range_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_range *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_cap_range_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "cap_range";
	}
	return rc;
}

static inline long mini_cap_range_encode(const struct mini_cfg *cfg, const struct mini_cap_range *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_cap_range_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_cap_range check;

		mini_cap_range_write(cfg, in, buf);
		rc = mini_cap_range_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "cap_range";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_cap_range_size(const struct mini_cfg *cfg, const struct mini_cap_range *in)
{
	size_t size = 0;

	return mini_cap_range_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== point (8 bytes) ==== */
static inline int mini_point_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_point *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->x = mini_to_s32(mini_ld_le32(p + 0, cfg->order));
	out->y = mini_to_s32(mini_ld_le32(p + 4, cfg->order));
	return 0;
}

static inline int mini_point_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_point *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_point_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_point_check_send(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_point_measure(const struct mini_cfg *cfg, const struct mini_point *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_point_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_point_write_fixed(const struct mini_cfg *cfg, const struct mini_point *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->x), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->y), cfg->order);
	return 8;
}

static inline size_t mini_point_write(const struct mini_cfg *cfg, const struct mini_point *in, uint8_t *p)
{
	size_t pos = mini_point_write_fixed(cfg, in, p);
	return pos;
}

static inline size_t mini_point_write_elem(const struct mini_cfg *cfg, const struct mini_point *in, uint8_t *p, size_t stride)
{
	memset(p, 0, stride);
	return mini_point_write_fixed(cfg, in, p);
}

static inline void mini_point_dump_fixed(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_int(d, "x", in->x);
	mini_dump_int(d, "y", in->y);
}

static inline void mini_point_dump(const struct mini_cfg *cfg, const struct mini_point *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_point_dump_fixed(cfg, in, d);
}
static inline int mini_point_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_point *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_point_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "point";
	}
	return rc;
}

static inline long mini_point_encode(const struct mini_cfg *cfg, const struct mini_point *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_point_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_point check;

		mini_point_write(cfg, in, buf);
		rc = mini_point_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "point";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_point_size(const struct mini_cfg *cfg, const struct mini_point *in)
{
	size_t size = 0;

	return mini_point_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== cap_points (4 bytes + points) ==== */
static inline int mini_cap_points_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_cap_points *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->count = mini_ld_le32(p + 0, cfg->order);
	return 0;
}

static inline int mini_cap_points_points_at(const struct mini_cfg *cfg, const struct mini_cap_points *s, size_t i,
		struct mini_point *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -MINI_E_INVALID;
	if (s->points.items) {
		*out = s->points.items[i];
		return 0;
	}
	if (!s->points.wire)
		return -MINI_E_INVALID;
	return mini_point_fixed(cfg, s->points.wire + i * s->points.stride, out, NULL);
}

static inline int mini_cap_points_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_cap_points *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 4;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 4)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_cap_points_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
if (n > SIZE_MAX / 8)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 0);
		if (n * 8 > len - pos)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 0);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			rc = mini_point_fixed(cfg, buf + pos + i * 8, &elem, err);
			if (rc)
				return mini_nest(err, rc, "points", (long)i, pos + i * 8);
		}
		out->points.wire = buf + pos;
		out->points.stride = 8;
		pos += (size_t)n * 8;
	}
	*used = pos;
	return 0;
}

static inline int mini_cap_points_check_send(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_cap_points_measure(const struct mini_cfg *cfg, const struct mini_cap_points *in, size_t *out, struct mini_error *err)
{
	size_t size = 4;
	int rc = mini_cap_points_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		if (n && !in->points.items && !in->points.wire)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 0);
		if (n > (SIZE_MAX - size) / stride)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 0);
		for (size_t i = 0; in->points.items && i < (size_t)n; i++) {
			rc = mini_point_check_send(cfg, &in->points.items[i], err);
			if (rc)
				return mini_nest(err, rc, "points", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t mini_cap_points_write_fixed(const struct mini_cfg *cfg, const struct mini_cap_points *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->count), cfg->order);
	return 4;
}

static inline size_t mini_cap_points_write(const struct mini_cfg *cfg, const struct mini_cap_points *in, uint8_t *p)
{
	size_t pos = mini_cap_points_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			mini_cap_points_points_at(cfg, in, i, &elem);
			mini_point_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void mini_cap_points_dump_fixed(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "count", in->count, false);
}

static inline void mini_cap_points_dump(const struct mini_cfg *cfg, const struct mini_cap_points *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_cap_points_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			if (mini_cap_points_points_at(cfg, in, i, &elem))
				break;
			old = mini_dump_push(d, "points", (long)i);
			mini_point_dump(cfg, &elem, d);
			mini_dump_pop(d, old);
		}
	}
}
static inline int mini_cap_points_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_cap_points *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_cap_points_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "cap_points";
	}
	return rc;
}

static inline long mini_cap_points_encode(const struct mini_cfg *cfg, const struct mini_cap_points *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_cap_points_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_cap_points check;

		mini_cap_points_write(cfg, in, buf);
		rc = mini_cap_points_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "cap_points";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_cap_points_size(const struct mini_cfg *cfg, const struct mini_cap_points *in)
{
	size_t size = 0;

	return mini_cap_points_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== header (16 bytes) ==== */
static inline int mini_header_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_header *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->msg_id = mini_ld_le16(p + 0, cfg->order);
	out->command = mini_ld_le16(p + 2, cfg->order);
	out->msg_size = mini_ld_le32(p + 4, cfg->order);
	out->flags = mini_ld_le32(p + 8, cfg->order);
	rc = mini_header_flags_check(cfg, out->flags, "flags", 8, err);
	if (rc)
		return rc;
	out->error = mini_ld_le32(p + 12, cfg->order);
	return 0;
}

static inline int mini_header_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_header *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_header_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_header_check_send(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = mini_header_flags_check(cfg, in->flags, "flags", 8, err);
	if (rc)
		return rc;
	return 0;
}

static inline int mini_header_measure(const struct mini_cfg *cfg, const struct mini_header *in, size_t *out, struct mini_error *err)
{
	size_t size = 16;
	int rc = mini_header_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_header_write_fixed(const struct mini_cfg *cfg, const struct mini_header *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le16(p + 0, (uint16_t)(in->msg_id), cfg->order);
	mini_st_le16(p + 2, (uint16_t)(in->command), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->msg_size), cfg->order);
	mini_st_le32(p + 8, (uint32_t)((in->flags & mini_header_flags_defined(cfg->profile))), cfg->order);
	mini_st_le32(p + 12, (uint32_t)(in->error), cfg->order);
	return 16;
}

static inline size_t mini_header_write(const struct mini_cfg *cfg, const struct mini_header *in, uint8_t *p)
{
	size_t pos = mini_header_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_header_dump_fixed(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "msg_id", in->msg_id, false);
	mini_dump_uint(d, "command", in->command, false);
	mini_dump_uint(d, "msg_size", in->msg_size, false);
	mini_dump_uint(d, "flags", in->flags, true);
	mini_dump_uint(d, "error", in->error, false);
}

static inline void mini_header_dump(const struct mini_cfg *cfg, const struct mini_header *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_header_dump_fixed(cfg, in, d);
}
static inline int mini_header_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_header *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_header_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "header";
	}
	return rc;
}

static inline long mini_header_encode(const struct mini_cfg *cfg, const struct mini_header *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_header_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_header check;

		mini_header_write(cfg, in, buf);
		rc = mini_header_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "header";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_header_size(const struct mini_cfg *cfg, const struct mini_header *in)
{
	size_t size = 0;

	return mini_header_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== empty (0 bytes) ==== */
static inline int mini_empty_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_empty *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	return 0;
}

static inline int mini_empty_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_empty *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 0;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = mini_empty_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_empty_check_send(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_empty_measure(const struct mini_cfg *cfg, const struct mini_empty *in, size_t *out, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_empty_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_empty_write_fixed(const struct mini_cfg *cfg, const struct mini_empty *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	return 0;
}

static inline size_t mini_empty_write(const struct mini_cfg *cfg, const struct mini_empty *in, uint8_t *p)
{
	size_t pos = mini_empty_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_empty_dump_fixed(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
}

static inline void mini_empty_dump(const struct mini_cfg *cfg, const struct mini_empty *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_empty_dump_fixed(cfg, in, d);
}
static inline int mini_empty_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_empty *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_empty_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "empty";
	}
	return rc;
}

static inline long mini_empty_encode(const struct mini_cfg *cfg, const struct mini_empty *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_empty_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_empty check;

		mini_empty_write(cfg, in, buf);
		rc = mini_empty_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "empty";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_empty_size(const struct mini_cfg *cfg, const struct mini_empty *in)
{
	size_t size = 0;

	return mini_empty_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== info (24 bytes + origin) ==== */
static inline int mini_info_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_info *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = mini_ld_le32(p + 0, cfg->order);
	out->flags = mini_ld_le32(p + 4, cfg->order);
	rc = mini_info_flags_check(cfg, out->flags, "flags", 4, err);
	if (rc)
		return rc;
	out->color = p[8];
	out->level = p[9];
	if ((uint64_t)out->level > 100u)
		return mini_fail(err, MINI_E_VALUE, "level", (uint64_t)(out->level), 9);
	out->reserved = mini_ld_le16(p + 10, cfg->order);
	if (out->reserved != 0)
		return mini_fail(err, MINI_E_RESERVED, "reserved", (uint64_t)(out->reserved), 10);
	rc = mini_point_fixed(cfg, p + 12, &out->center, err);
	if (rc)
		return mini_nest(err, rc, "center", -1, 12);
	out->serial = mini_ld_be32(p + 20);
	return 0;
}

static inline int mini_info_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_info *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 24;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 24)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_info_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	if ((out->flags & 0x80u)) {
		if (len - pos < 8)
			return mini_nest(err, mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len - pos), 0), "origin", -1, pos);
		rc = mini_point_fixed(cfg, buf + pos, &out->origin, err);
		if (rc)
			return mini_nest(err, rc, "origin", -1, pos);
		pos += 8;
	}
	*used = pos;
	return 0;
}

static inline int mini_info_check_send(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = mini_info_flags_check(cfg, in->flags, "flags", 4, err);
	if (rc)
		return rc;
	rc = mini_point_check_send(cfg, &in->center, err);
	if (rc)
		return mini_nest(err, rc, "center", -1, 12);
	return 0;
}

static inline int mini_info_measure(const struct mini_cfg *cfg, const struct mini_info *in, size_t *out, struct mini_error *err)
{
	size_t size = 24;
	int rc = mini_info_check_send(cfg, in, err);

	if (rc)
		return rc;
	if ((in->flags & 0x80u)) {
		rc = mini_point_check_send(cfg, &in->origin, err);
		if (rc)
			return mini_nest(err, rc, "origin", -1, size);
		size += 8;
	}
	*out = size;
	return 0;
}

static inline size_t mini_info_write_fixed(const struct mini_cfg *cfg, const struct mini_info *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->flags), cfg->order);
	p[8] = (uint8_t)(in->color);
	p[9] = (uint8_t)(in->level);
	mini_st_le16(p + 10, (uint16_t)(0), cfg->order);
	mini_point_write_fixed(cfg, &in->center, p + 12);
	mini_st_be32(p + 20, (uint32_t)(in->serial));
	return 24;
}

static inline size_t mini_info_write(const struct mini_cfg *cfg, const struct mini_info *in, uint8_t *p)
{
	size_t pos = mini_info_write_fixed(cfg, in, p);
	if ((in->flags & 0x80u)) {
		pos += mini_point_write_fixed(cfg, &in->origin, p + pos);
	}
	return pos;
}

static inline void mini_info_dump_fixed(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "argsz", in->argsz, false);
	mini_dump_uint(d, "flags", in->flags, true);
	mini_dump_uint(d, "color", in->color, false);
	mini_dump_uint(d, "level", in->level, false);
	mini_dump_uint(d, "reserved", in->reserved, false);
	old = mini_dump_push(d, "center", -1);
	mini_point_dump(cfg, &in->center, d);
	mini_dump_pop(d, old);
	mini_dump_uint(d, "serial", in->serial, false);
}

static inline void mini_info_dump(const struct mini_cfg *cfg, const struct mini_info *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_info_dump_fixed(cfg, in, d);
	if ((in->flags & 0x80u)) {
		old = mini_dump_push(d, "origin", -1);
		mini_point_dump(cfg, &in->origin, d);
		mini_dump_pop(d, old);
	}
}
static inline int mini_info_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_info *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_info_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "info";
	}
	return rc;
}

static inline long mini_info_encode(const struct mini_cfg *cfg, const struct mini_info *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_info_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_info check;

		mini_info_write(cfg, in, buf);
		rc = mini_info_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "info";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_info_size(const struct mini_cfg *cfg, const struct mini_info *in)
{
	size_t size = 0;

	return mini_info_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== point_list (8 bytes + points) ==== */
static inline int mini_point_list_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_point_list *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = mini_ld_le32(p + 0, cfg->order);
	out->count = mini_ld_le32(p + 4, cfg->order);
	return 0;
}

static inline int mini_point_list_points_at(const struct mini_cfg *cfg, const struct mini_point_list *s, size_t i,
		struct mini_point *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -MINI_E_INVALID;
	if (s->points.items) {
		*out = s->points.items[i];
		return 0;
	}
	if (!s->points.wire)
		return -MINI_E_INVALID;
	return mini_point_fixed(cfg, s->points.wire + i * s->points.stride, out, NULL);
}

static inline int mini_point_list_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_point_list *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_point_list_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
if (n > SIZE_MAX / 8)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 4);
		if (n * 8 > len - pos)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 4);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			rc = mini_point_fixed(cfg, buf + pos + i * 8, &elem, err);
			if (rc)
				return mini_nest(err, rc, "points", (long)i, pos + i * 8);
		}
		out->points.wire = buf + pos;
		out->points.stride = 8;
		pos += (size_t)n * 8;
	}
	*used = pos;
	return 0;
}

static inline int mini_point_list_check_send(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_point_list_measure(const struct mini_cfg *cfg, const struct mini_point_list *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_point_list_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		if (n && !in->points.items && !in->points.wire)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 4);
		if (n > (SIZE_MAX - size) / stride)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 4);
		for (size_t i = 0; in->points.items && i < (size_t)n; i++) {
			rc = mini_point_check_send(cfg, &in->points.items[i], err);
			if (rc)
				return mini_nest(err, rc, "points", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t mini_point_list_write_fixed(const struct mini_cfg *cfg, const struct mini_point_list *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->count), cfg->order);
	return 8;
}

static inline size_t mini_point_list_write(const struct mini_cfg *cfg, const struct mini_point_list *in, uint8_t *p)
{
	size_t pos = mini_point_list_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			mini_point_list_points_at(cfg, in, i, &elem);
			mini_point_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void mini_point_list_dump_fixed(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "argsz", in->argsz, false);
	mini_dump_uint(d, "count", in->count, false);
}

static inline void mini_point_list_dump(const struct mini_cfg *cfg, const struct mini_point_list *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_point_list_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_point elem;

			if (mini_point_list_points_at(cfg, in, i, &elem))
				break;
			old = mini_dump_push(d, "points", (long)i);
			mini_point_dump(cfg, &elem, d);
			mini_dump_pop(d, old);
		}
	}
}
static inline int mini_point_list_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_point_list *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_point_list_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "point_list";
	}
	return rc;
}

static inline long mini_point_list_encode(const struct mini_cfg *cfg, const struct mini_point_list *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_point_list_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_point_list check;

		mini_point_list_write(cfg, in, buf);
		rc = mini_point_list_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "point_list";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_point_list_size(const struct mini_cfg *cfg, const struct mini_point_list *in)
{
	size_t size = 0;

	return mini_point_list_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== blob (12 bytes + data) ==== */
static inline int mini_blob_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_blob *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->flags = mini_ld_le32(p + 0, cfg->order);
	rc = mini_info_flags_check(cfg, out->flags, "flags", 0, err);
	if (rc)
		return rc;
	out->fd_index = mini_ld_le32(p + 4, cfg->order);
	out->length = mini_ld_le32(p + 8, cfg->order);
	return 0;
}

static inline int mini_blob_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_blob *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 12;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 12)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_blob_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	if ((out->flags & 0x40u)) {
		uint64_t n = out->length;

		if (n > len - pos)
			return mini_fail(err, MINI_E_COUNT, "length", (uint64_t)(n), 8);
		out->data.ptr = buf + pos;
		out->data.len = (size_t)n;
		pos += (size_t)n;
	}
	*used = pos;
	return 0;
}

static inline int mini_blob_check_send(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = mini_info_flags_check(cfg, in->flags, "flags", 0, err);
	if (rc)
		return rc;
	return 0;
}

static inline int mini_blob_measure(const struct mini_cfg *cfg, const struct mini_blob *in, size_t *out, struct mini_error *err)
{
	size_t size = 12;
	int rc = mini_blob_check_send(cfg, in, err);

	if (rc)
		return rc;
	if ((in->flags & 0x40u)) {
		if ((uint64_t)in->data.len != (uint64_t)in->length || (in->data.len && !in->data.ptr))
			return mini_fail(err, MINI_E_COUNT, "length", (uint64_t)(in->length), 8);
		size += in->data.len;
	}
	*out = size;
	return 0;
}

static inline size_t mini_blob_write_fixed(const struct mini_cfg *cfg, const struct mini_blob *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->flags), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->fd_index), cfg->order);
	mini_st_le32(p + 8, (uint32_t)(in->length), cfg->order);
	return 12;
}

static inline size_t mini_blob_write(const struct mini_cfg *cfg, const struct mini_blob *in, uint8_t *p)
{
	size_t pos = mini_blob_write_fixed(cfg, in, p);
	if ((in->flags & 0x40u)) {
		if (in->data.len)
			memcpy(p + pos, in->data.ptr, in->data.len);
		pos += in->data.len;
	}
	return pos;
}

static inline void mini_blob_dump_fixed(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "flags", in->flags, true);
	mini_dump_uint(d, "fd_index", in->fd_index, false);
	mini_dump_uint(d, "length", in->length, false);
}

static inline void mini_blob_dump(const struct mini_cfg *cfg, const struct mini_blob *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_blob_dump_fixed(cfg, in, d);
	if ((in->flags & 0x40u)) {
		mini_dump_bytes(d, "data", in->data.ptr, in->data.len);
	}
}
static inline int mini_blob_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_blob *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_blob_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "blob";
	}
	return rc;
}

static inline long mini_blob_encode(const struct mini_cfg *cfg, const struct mini_blob *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_blob_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_blob check;

		mini_blob_write(cfg, in, buf);
		rc = mini_blob_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "blob";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_blob_size(const struct mini_cfg *cfg, const struct mini_blob *in)
{
	size_t size = 0;

	return mini_blob_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== name (4 bytes + text) ==== */
static inline int mini_name_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_name *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	memcpy(out->tag, p + 0, 4);
	return 0;
}

static inline int mini_name_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_name *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 4;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 4)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_name_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		out->text.ptr = buf + pos;
		out->text.len = len - pos;
		pos = len;
		if (out->text.len && out->text.ptr[out->text.len - 1] != 0)
			return mini_fail(err, MINI_E_VALUE, "text", (uint64_t)(out->text.ptr[out->text.len - 1]), 4);
	}
	*used = pos;
	return 0;
}

static inline int mini_name_check_send(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_name_measure(const struct mini_cfg *cfg, const struct mini_name *in, size_t *out, struct mini_error *err)
{
	size_t size = 4;
	int rc = mini_name_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		if (in->text.len && !in->text.ptr)
			return mini_fail(err, MINI_E_INVALID, "text", (uint64_t)(0), 4);
		size += in->text.len;
	}
	*out = size;
	return 0;
}

static inline size_t mini_name_write_fixed(const struct mini_cfg *cfg, const struct mini_name *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	memcpy(p + 0, in->tag, 4);
	return 4;
}

static inline size_t mini_name_write(const struct mini_cfg *cfg, const struct mini_name *in, uint8_t *p)
{
	size_t pos = mini_name_write_fixed(cfg, in, p);
	{
		if (in->text.len)
			memcpy(p + pos, in->text.ptr, in->text.len);
		pos += in->text.len;
	}
	return pos;
}

static inline void mini_name_dump_fixed(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_bytes(d, "tag", in->tag, 4);
}

static inline void mini_name_dump(const struct mini_cfg *cfg, const struct mini_name *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_name_dump_fixed(cfg, in, d);
	{
		mini_dump_bytes(d, "text", in->text.ptr, in->text.len);
	}
}
static inline int mini_name_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_name *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_name_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "name";
	}
	return rc;
}

static inline long mini_name_encode(const struct mini_cfg *cfg, const struct mini_name *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_name_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_name check;

		mini_name_write(cfg, in, buf);
		rc = mini_name_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "name";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_name_size(const struct mini_cfg *cfg, const struct mini_name *in)
{
	size_t size = 0;

	return mini_name_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== caps (8 bytes + caps) ==== */
static inline int mini_caps_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_caps *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = mini_ld_le32(p + 0, cfg->order);
	out->cap_offset = mini_ld_le32(p + 4, cfg->order);
	return 0;
}

/* Is `target` one of the capabilities before the current one? Only asked once, on failure. */
static inline bool mini_caps_caps_seen(const struct mini_cfg *cfg, const uint8_t *buf, uint64_t first, uint64_t target)
{
	uint64_t off = first;

	while (off != 0 && off < target)
		off = mini_ld_le32(buf + off + 4, cfg->order);
	return off == target;
}

/* Walks the chain from `first`; checks every capability and copies capability `want` to item. */
static inline int mini_caps_caps_walk(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, uint64_t first,
		size_t want, struct mini_mini_cap *item, size_t *count, size_t *end, struct mini_error *err)
{
	uint64_t off = first;
	size_t i = 0, stop = 8;
	int rc;

	if (first == 0) {
		*count = 0;
		*end = 8;
		return 0;
	}
	if (first < 8)
		return mini_fail(err, MINI_E_CHAIN_OVERLAP, "cap_offset", (uint64_t)(first), 4);
	for (;; i++) {
		struct mini_mini_cap cap;
		uint64_t next;
		size_t body_end, limit;

		memset(&cap, 0, sizeof cap);
		if (off > len || len - off < 8)
			return mini_nest(err, mini_fail(err, MINI_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
		rc = mini_cap_header_fixed(cfg, buf + off, &cap.hdr, err);
		if (rc)
			return mini_nest(err, rc, "caps", (long)i, off);
		next = cap.hdr.next;
		if (next != 0 && next <= off)
			return mini_nest(err, mini_fail(err, mini_caps_caps_seen(cfg, buf, first, next) ?
				MINI_E_CHAIN_LOOP : MINI_E_CHAIN_BACKWARDS, "next", next, off + 4),
				"caps", (long)i, 0);
		if (next != 0 && next - off < 8)
			return mini_nest(err, mini_fail(err, MINI_E_CHAIN_OVERLAP, "next", (uint64_t)(next), off + 4), "caps", (long)i, 0);
		limit = next != 0 && next < len ? (size_t)next : len;
		cap.kase = MINI_MINI_CAP_UNKNOWN;
		body_end = limit;
		if (cap.hdr.id == 1 && cap.hdr.version == 1) {
			size_t used = 0;

			cap.kase = MINI_MINI_CAP_RANGE;
			rc = mini_cap_range_parse(cfg, buf + off + 8, len - off - 8, &cap.u.range, &used, err);
			if (rc == -MINI_E_TRUNCATED)
				return mini_nest(err, mini_fail(err, MINI_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
			if (rc)
				return mini_nest(err, mini_nest(err, rc, "range", -1, off + 8), "caps", (long)i, 0);
			body_end = off + 8 + used;
		}
		if (cap.hdr.id == 2 && cap.hdr.version == 1) {
			size_t used = 0;

			cap.kase = MINI_MINI_CAP_POINTS;
			rc = mini_cap_points_parse(cfg, buf + off + 8, len - off - 8, &cap.u.points, &used, err);
			if (rc == -MINI_E_TRUNCATED)
				return mini_nest(err, mini_fail(err, MINI_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
			if (rc)
				return mini_nest(err, mini_nest(err, rc, "points", -1, off + 8), "caps", (long)i, 0);
			body_end = off + 8 + used;
		}
		if (cap.kase == MINI_MINI_CAP_UNKNOWN) {
			cap.body.ptr = buf + off + 8;
			cap.body.len = limit - (size_t)off - 8;
		}
		if (next != 0 && body_end > next)
			return mini_nest(err, mini_fail(err, MINI_E_CHAIN_OVERLAP, "next", (uint64_t)(next), off + 4), "caps", (long)i, 0);
		if (item && i == want) {
			*item = cap;
			*count = i + 1;
			*end = body_end;
			return 0;
		}
		stop = body_end;
		if (next == 0)
			break;
		off = next;
	}
	*count = i + 1;
	*end = stop;
	return 0;
}

static inline int mini_caps_caps_at(const struct mini_cfg *cfg, const struct mini_caps *s, size_t i,
		struct mini_mini_cap *out)
{
	size_t count = 0, end = 0;

	if (i >= s->caps.count)
		return -MINI_E_INVALID;
	if (s->caps.items) {
		*out = s->caps.items[i];
		return 0;
	}
	if (!s->caps.base)
		return -MINI_E_INVALID;
	return mini_caps_caps_walk(cfg, s->caps.base, s->caps.len, s->cap_offset, i, out, &count, &end, NULL);
}

static inline int mini_mini_cap_body_measure(const struct mini_cfg *cfg, const struct mini_mini_cap *cap, size_t *size, struct mini_error *err)
{
	switch (cap->kase) {
	case MINI_MINI_CAP_RANGE:
		return mini_nest(err, mini_cap_range_measure(cfg, &cap->u.range, size, err), "range", -1, 0);
	case MINI_MINI_CAP_POINTS:
		return mini_nest(err, mini_cap_points_measure(cfg, &cap->u.points, size, err), "points", -1, 0);
	default:
		if (cap->body.len && !cap->body.ptr)
			return mini_fail(err, MINI_E_INVALID, "body", (uint64_t)(0), 0);
		*size = cap->body.len;
		return 0;
	}
}

static inline int mini_caps_caps_measure(const struct mini_cfg *cfg, const struct mini_caps *in, size_t *size, struct mini_error *err)
{
	size_t total = 8;
	int rc;

	if (in->caps.count == 0) {
		if (in->cap_offset != 0)
			return mini_fail(err, MINI_E_VALUE, "cap_offset", (uint64_t)(in->cap_offset), 4);
		*size = total;
		return 0;
	}
	if (in->cap_offset < 8)
		return mini_fail(err, MINI_E_CHAIN_OVERLAP, "cap_offset", (uint64_t)(in->cap_offset), 4);
	if (!in->caps.items && !in->caps.base)
		return mini_fail(err, MINI_E_INVALID, "caps", (uint64_t)(0), 0);
	total = (size_t)in->cap_offset;
	for (size_t i = 0; i < in->caps.count; i++) {
		struct mini_mini_cap cap;
		size_t body = 0;

		if (mini_caps_caps_at(cfg, in, i, &cap))
			return mini_fail(err, MINI_E_INVALID, "caps", (uint64_t)(i), 0);
		rc = mini_mini_cap_body_measure(cfg, &cap, &body, err);
		if (rc)
			return mini_nest(err, rc, "caps", (long)i, total);
		if (body > SIZE_MAX - total - 8)
			return mini_fail(err, MINI_E_OVERFLOW, "caps", (uint64_t)(i), 0);
		total += 8 + body;
	}
	*size = total;
	return 0;
}

/* Lays the capabilities out back to back from the first offset; next is computed. */
static inline size_t mini_caps_caps_write(const struct mini_cfg *cfg, const struct mini_caps *in, uint8_t *p)
{
	size_t pos = 8;

	if (in->caps.count == 0)
		return pos;
	memset(p + pos, 0, (size_t)in->cap_offset - pos);
	pos = (size_t)in->cap_offset;
	for (size_t i = 0; i < in->caps.count; i++) {
		struct mini_mini_cap cap;
		size_t body = 0, at = pos;

		mini_caps_caps_at(cfg, in, i, &cap);
		mini_mini_cap_body_measure(cfg, &cap, &body, NULL);
		switch (cap.kase) {
		case MINI_MINI_CAP_RANGE:
			cap.hdr.id = 1;
			cap.hdr.version = 1;
			mini_cap_range_write(cfg, &cap.u.range, p + at + 8);
			break;
		case MINI_MINI_CAP_POINTS:
			cap.hdr.id = 2;
			cap.hdr.version = 1;
			mini_cap_points_write(cfg, &cap.u.points, p + at + 8);
			break;
		default:
			if (cap.body.len)
				memcpy(p + at + 8, cap.body.ptr, cap.body.len);
			break;
		}
		pos = at + 8 + body;
		cap.hdr.next = (uint32_t)(i + 1 < in->caps.count ? pos : 0);
		mini_cap_header_write_fixed(cfg, &cap.hdr, p + at);
	}
	return pos;
}

static inline void mini_mini_cap_dump_item(const struct mini_cfg *cfg, const struct mini_mini_cap *cap, struct mini_dump *d)
{
	size_t old;

	mini_cap_header_dump(cfg, &cap->hdr, d);
	switch (cap->kase) {
	case MINI_MINI_CAP_RANGE:
		old = mini_dump_push(d, "range", -1);
		mini_cap_range_dump(cfg, &cap->u.range, d);
		mini_dump_pop(d, old);
		break;
	case MINI_MINI_CAP_POINTS:
		old = mini_dump_push(d, "points", -1);
		mini_cap_points_dump(cfg, &cap->u.points, d);
		mini_dump_pop(d, old);
		break;
	default:
		mini_dump_bytes(d, "body", cap->body.ptr, cap->body.len);
		break;
	}
}

static inline int mini_caps_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_caps *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_caps_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		size_t count = 0, end = 0;

		rc = mini_caps_caps_walk(cfg, buf, len, out->cap_offset, SIZE_MAX, NULL, &count, &end, err);
		if (rc)
			return rc;
		out->caps.base = buf;
		out->caps.len = len;
		out->caps.count = count;
		pos = end;
	}
	*used = pos;
	return 0;
}

static inline int mini_caps_check_send(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_caps_measure(const struct mini_cfg *cfg, const struct mini_caps *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_caps_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		size_t sub = 0;

		rc = mini_caps_caps_measure(cfg, in, &sub, err);
		if (rc)
			return rc;
		size = sub;
	}
	*out = size;
	return 0;
}

static inline size_t mini_caps_write_fixed(const struct mini_cfg *cfg, const struct mini_caps *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->cap_offset), cfg->order);
	return 8;
}

static inline size_t mini_caps_write(const struct mini_cfg *cfg, const struct mini_caps *in, uint8_t *p)
{
	size_t pos = mini_caps_write_fixed(cfg, in, p);
	{
		pos = mini_caps_caps_write(cfg, in, p);
	}
	return pos;
}

static inline void mini_caps_dump_fixed(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "argsz", in->argsz, false);
	mini_dump_uint(d, "cap_offset", in->cap_offset, false);
}

static inline void mini_caps_dump(const struct mini_cfg *cfg, const struct mini_caps *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_caps_dump_fixed(cfg, in, d);
	{
		for (size_t i = 0; i < in->caps.count; i++) {
			struct mini_mini_cap cap;

			if (mini_caps_caps_at(cfg, in, i, &cap))
				break;
			old = mini_dump_push(d, "caps", (long)i);
			mini_mini_cap_dump_item(cfg, &cap, d);
			mini_dump_pop(d, old);
		}
	}
}
static inline int mini_caps_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_caps *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_caps_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "caps";
	}
	return rc;
}

static inline long mini_caps_encode(const struct mini_cfg *cfg, const struct mini_caps *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_caps_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_caps check;

		mini_caps_write(cfg, in, buf);
		rc = mini_caps_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "caps";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_caps_size(const struct mini_cfg *cfg, const struct mini_caps *in)
{
	size_t size = 0;

	return mini_caps_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entry_narrow (16 bytes) ==== */
static inline int mini_entry_narrow_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry_narrow *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->kind = mini_ld_le32(p + 0, cfg->order);
	out->color = mini_ld_le32(p + 4, cfg->order);
	out->address = mini_ld_le64(p + 8, cfg->order);
	return 0;
}

static inline int mini_entry_narrow_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entry_narrow *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_entry_narrow_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_entry_narrow_check_send(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_entry_narrow_measure(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, size_t *out, struct mini_error *err)
{
	size_t size = 16;
	int rc = mini_entry_narrow_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_entry_narrow_write_fixed(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->kind), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->color), cfg->order);
	mini_st_le64(p + 8, (uint64_t)(in->address), cfg->order);
	return 16;
}

static inline size_t mini_entry_narrow_write(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, uint8_t *p)
{
	size_t pos = mini_entry_narrow_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_entry_narrow_dump_fixed(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "kind", in->kind, false);
	mini_dump_uint(d, "color", in->color, false);
	mini_dump_uint(d, "address", in->address, false);
}

static inline void mini_entry_narrow_dump(const struct mini_cfg *cfg, const struct mini_entry_narrow *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_entry_narrow_dump_fixed(cfg, in, d);
}
static inline int mini_entry_narrow_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entry_narrow *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_entry_narrow_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "entry_narrow";
	}
	return rc;
}

static inline long mini_entry_narrow_encode(const struct mini_cfg *cfg, const struct mini_entry_narrow *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_entry_narrow_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_entry_narrow check;

		mini_entry_narrow_write(cfg, in, buf);
		rc = mini_entry_narrow_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "entry_narrow";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_entry_narrow_size(const struct mini_cfg *cfg, const struct mini_entry_narrow *in)
{
	size_t size = 0;

	return mini_entry_narrow_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entry_wide (24 bytes) ==== */
static inline int mini_entry_wide_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry_wide *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->kind = mini_ld_le32(p + 0, cfg->order);
	out->fd_index = mini_ld_le32(p + 4, cfg->order);
	out->address = mini_ld_le64(p + 8, cfg->order);
	out->length = mini_ld_le64(p + 16, cfg->order);
	return 0;
}

static inline int mini_entry_wide_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entry_wide *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 24;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 24)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_entry_wide_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_entry_wide_check_send(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_entry_wide_measure(const struct mini_cfg *cfg, const struct mini_entry_wide *in, size_t *out, struct mini_error *err)
{
	size_t size = 24;
	int rc = mini_entry_wide_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_entry_wide_write_fixed(const struct mini_cfg *cfg, const struct mini_entry_wide *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->kind), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->fd_index), cfg->order);
	mini_st_le64(p + 8, (uint64_t)(in->address), cfg->order);
	mini_st_le64(p + 16, (uint64_t)(in->length), cfg->order);
	return 24;
}

static inline size_t mini_entry_wide_write(const struct mini_cfg *cfg, const struct mini_entry_wide *in, uint8_t *p)
{
	size_t pos = mini_entry_wide_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_entry_wide_dump_fixed(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "kind", in->kind, false);
	mini_dump_uint(d, "fd_index", in->fd_index, false);
	mini_dump_uint(d, "address", in->address, false);
	mini_dump_uint(d, "length", in->length, false);
}

static inline void mini_entry_wide_dump(const struct mini_cfg *cfg, const struct mini_entry_wide *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_entry_wide_dump_fixed(cfg, in, d);
}
static inline int mini_entry_wide_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entry_wide *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_entry_wide_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "entry_wide";
	}
	return rc;
}

static inline long mini_entry_wide_encode(const struct mini_cfg *cfg, const struct mini_entry_wide *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_entry_wide_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_entry_wide check;

		mini_entry_wide_write(cfg, in, buf);
		rc = mini_entry_wide_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "entry_wide";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_entry_wide_size(const struct mini_cfg *cfg, const struct mini_entry_wide *in)
{
	size_t size = 0;

	return mini_entry_wide_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entries (8 bytes + entries) ==== */
static inline int mini_entries_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entries *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = mini_ld_le32(p + 0, cfg->order);
	out->count = mini_ld_le32(p + 4, cfg->order);
	return 0;
}

static inline int mini_entries_entries_at(const struct mini_cfg *cfg, const struct mini_entries *s, size_t i,
		struct mini_entry *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -MINI_E_INVALID;
	if (s->entries.items) {
		*out = s->entries.items[i];
		return 0;
	}
	if (!s->entries.wire)
		return -MINI_E_INVALID;
	return mini_entry_elem(cfg, s->entries.wire + i * s->entries.stride, out, NULL);
}

static inline int mini_entries_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_entries *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_entries_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
		const size_t stride = mini_entry_stride(cfg);

if (n > SIZE_MAX / stride)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 4);
		if (n * stride > len - pos)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 4);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_entry elem;

			rc = mini_entry_elem(cfg, buf + pos + i * stride, &elem, err);
			if (rc)
				return mini_nest(err, rc, "entries", (long)i, pos + i * stride);
		}
		out->entries.wire = buf + pos;
		out->entries.stride = stride;
		pos += (size_t)n * stride;
	}
	*used = pos;
	return 0;
}

static inline int mini_entries_check_send(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_entries_measure(const struct mini_cfg *cfg, const struct mini_entries *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_entries_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = mini_entry_stride(cfg);

		if (n && !in->entries.items && !in->entries.wire)
			return mini_fail(err, MINI_E_COUNT, "count", (uint64_t)(n), 4);
		if (n > (SIZE_MAX - size) / stride)
			return mini_fail(err, MINI_E_OVERFLOW, "count", (uint64_t)(n), 4);
		for (size_t i = 0; in->entries.items && i < (size_t)n; i++) {
			rc = mini_entry_check_send(cfg, &in->entries.items[i], err);
			if (rc)
				return mini_nest(err, rc, "entries", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t mini_entries_write_fixed(const struct mini_cfg *cfg, const struct mini_entries *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->count), cfg->order);
	return 8;
}

static inline size_t mini_entries_write(const struct mini_cfg *cfg, const struct mini_entries *in, uint8_t *p)
{
	size_t pos = mini_entries_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = mini_entry_stride(cfg);

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_entry elem;

			mini_entries_entries_at(cfg, in, i, &elem);
			mini_entry_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void mini_entries_dump_fixed(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "argsz", in->argsz, false);
	mini_dump_uint(d, "count", in->count, false);
}

static inline void mini_entries_dump(const struct mini_cfg *cfg, const struct mini_entries *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_entries_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct mini_entry elem;

			if (mini_entries_entries_at(cfg, in, i, &elem))
				break;
			old = mini_dump_push(d, "entries", (long)i);
			mini_entry_dump_elem(cfg, &elem, d);
			mini_dump_pop(d, old);
		}
	}
}
static inline int mini_entries_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_entries *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_entries_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "entries";
	}
	return rc;
}

static inline long mini_entries_encode(const struct mini_cfg *cfg, const struct mini_entries *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_entries_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_entries check;

		mini_entries_write(cfg, in, buf);
		rc = mini_entries_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "entries";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_entries_size(const struct mini_cfg *cfg, const struct mini_entries *in)
{
	size_t size = 0;

	return mini_entries_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== value_number (8 bytes) ==== */
static inline int mini_value_number_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_value_number *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->number = mini_ld_le64(p + 0, cfg->order);
	return 0;
}

static inline int mini_value_number_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_value_number *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_value_number_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_value_number_check_send(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_value_number_measure(const struct mini_cfg *cfg, const struct mini_value_number *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_value_number_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_value_number_write_fixed(const struct mini_cfg *cfg, const struct mini_value_number *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le64(p + 0, (uint64_t)(in->number), cfg->order);
	return 8;
}

static inline size_t mini_value_number_write(const struct mini_cfg *cfg, const struct mini_value_number *in, uint8_t *p)
{
	size_t pos = mini_value_number_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_value_number_dump_fixed(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "number", in->number, false);
}

static inline void mini_value_number_dump(const struct mini_cfg *cfg, const struct mini_value_number *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_value_number_dump_fixed(cfg, in, d);
}
static inline int mini_value_number_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_value_number *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_value_number_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "value_number";
	}
	return rc;
}

static inline long mini_value_number_encode(const struct mini_cfg *cfg, const struct mini_value_number *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_value_number_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_value_number check;

		mini_value_number_write(cfg, in, buf);
		rc = mini_value_number_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "value_number";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_value_number_size(const struct mini_cfg *cfg, const struct mini_value_number *in)
{
	size_t size = 0;

	return mini_value_number_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== set_value (8 bytes + value) ==== */
static inline int mini_set_value_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_set_value *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = mini_ld_le32(p + 0, cfg->order);
	out->flags = mini_ld_le32(p + 4, cfg->order);
	rc = mini_value_flags_check(cfg, out->flags, "flags", 4, err);
	if (rc)
		return rc;
	return 0;
}

static inline int mini_set_value_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_set_value *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_set_value_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		rc = mini_value_parse(cfg, ((out->flags & 0xffu) >> 0), buf + pos, len - pos, &out->value, err);
		if (rc)
			return mini_nest(err, rc, "value", -1, pos);
		pos = len;
	}
	*used = pos;
	return 0;
}

static inline int mini_set_value_check_send(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = mini_value_flags_check(cfg, in->flags, "flags", 4, err);
	if (rc)
		return rc;
	return 0;
}

static inline int mini_set_value_measure(const struct mini_cfg *cfg, const struct mini_set_value *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_set_value_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		size_t sub = 0;

		rc = mini_value_measure_sel(cfg, ((in->flags & 0xffu) >> 0), &in->value, &sub, err);
		if (rc)
			return mini_nest(err, rc, "value", -1, size);
		size += sub;
	}
	*out = size;
	return 0;
}

static inline size_t mini_set_value_write_fixed(const struct mini_cfg *cfg, const struct mini_set_value *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	mini_st_le32(p + 4, (uint32_t)(in->flags), cfg->order);
	return 8;
}

static inline size_t mini_set_value_write(const struct mini_cfg *cfg, const struct mini_set_value *in, uint8_t *p)
{
	size_t pos = mini_set_value_write_fixed(cfg, in, p);
	{
		pos += mini_value_write(cfg, &in->value, p + pos);
	}
	return pos;
}

static inline void mini_set_value_dump_fixed(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "argsz", in->argsz, false);
	mini_dump_uint(d, "flags", in->flags, true);
}

static inline void mini_set_value_dump(const struct mini_cfg *cfg, const struct mini_set_value *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_set_value_dump_fixed(cfg, in, d);
	{
		old = mini_dump_push(d, "value", -1);
		mini_value_dump(cfg, &in->value, d);
		mini_dump_pop(d, old);
	}
}
static inline int mini_set_value_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_set_value *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_set_value_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "set_value";
	}
	return rc;
}

static inline long mini_set_value_encode(const struct mini_cfg *cfg, const struct mini_set_value *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_set_value_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_set_value check;

		mini_set_value_write(cfg, in, buf);
		rc = mini_set_value_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "set_value";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_set_value_size(const struct mini_cfg *cfg, const struct mini_set_value *in)
{
	size_t size = 0;

	return mini_set_value_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== pong (8 bytes) ==== */
static inline int mini_pong_fixed(const struct mini_cfg *cfg, const uint8_t *p, struct mini_pong *out, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->stamp = mini_ld_le64(p + 0, cfg->order);
	return 0;
}

static inline int mini_pong_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_pong *out,
		size_t *used, struct mini_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = mini_pong_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int mini_pong_check_send(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int mini_pong_measure(const struct mini_cfg *cfg, const struct mini_pong *in, size_t *out, struct mini_error *err)
{
	size_t size = 8;
	int rc = mini_pong_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t mini_pong_write_fixed(const struct mini_cfg *cfg, const struct mini_pong *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	mini_st_le64(p + 0, (uint64_t)(in->stamp), cfg->order);
	return 8;
}

static inline size_t mini_pong_write(const struct mini_cfg *cfg, const struct mini_pong *in, uint8_t *p)
{
	size_t pos = mini_pong_write_fixed(cfg, in, p);
	return pos;
}

static inline void mini_pong_dump_fixed(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	mini_dump_uint(d, "stamp", in->stamp, false);
}

static inline void mini_pong_dump(const struct mini_cfg *cfg, const struct mini_pong *in, struct mini_dump *d)
{
	size_t old = 0;

	(void)old;
	mini_pong_dump_fixed(cfg, in, d);
}
static inline int mini_pong_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_pong *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_pong_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "pong";
	}
	return rc;
}

static inline long mini_pong_encode(const struct mini_cfg *cfg, const struct mini_pong *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_pong_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_pong check;

		mini_pong_write(cfg, in, buf);
		rc = mini_pong_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "pong";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_pong_size(const struct mini_cfg *cfg, const struct mini_pong *in)
{
	size_t size = 0;

	return mini_pong_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ---- variants ---- */


/* ==== variant entry ==== */
static inline size_t mini_entry_stride(const struct mini_cfg *cfg)
{
	(void)cfg;
	if (((0x1u >> cfg->profile) & 1u))
		return 16;
	if (((0x2u >> cfg->profile) & 1u))
		return 24;
	return 16;
}

static inline int mini_entry_elem(const struct mini_cfg *cfg, const uint8_t *p, struct mini_entry *out, struct mini_error *err)
{
	uint64_t sel = mini_ld_le32(p + 0, cfg->order);

	memset(out, 0, sizeof *out);
	if (sel == 0 && 1) {
		out->kase = MINI_ENTRY_NARROW;
		return mini_nest(err, mini_entry_narrow_fixed(cfg, p, &out->u.entry_narrow, err), "narrow", -1, 0);
	}
	if (sel == 1 && ((0x2u >> cfg->profile) & 1u)) {
		out->kase = MINI_ENTRY_WIDE;
		return mini_nest(err, mini_entry_wide_fixed(cfg, p, &out->u.entry_wide, err), "wide", -1, 0);
	}
	return mini_fail(err, MINI_E_ENUM, "kind", (uint64_t)(sel), 0);
}

static inline int mini_entry_check_send(const struct mini_cfg *cfg, const struct mini_entry *in, struct mini_error *err)
{
	switch (in->kase) {
	case MINI_ENTRY_NARROW:
		if (!(1))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_entry_narrow_check_send(cfg, &in->u.entry_narrow, err), "narrow", -1, 0);
	case MINI_ENTRY_WIDE:
		if (!(((0x2u >> cfg->profile) & 1u)))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_entry_wide_check_send(cfg, &in->u.entry_wide, err), "wide", -1, 0);
	default:
		return mini_fail(err, MINI_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t mini_entry_write_elem(const struct mini_cfg *cfg, const struct mini_entry *in, uint8_t *p, size_t stride)
{
	memset(p, 0, stride);
	switch (in->kase) {
	case MINI_ENTRY_NARROW:
		return mini_entry_narrow_write_fixed(cfg, &in->u.entry_narrow, p);
	case MINI_ENTRY_WIDE:
		return mini_entry_wide_write_fixed(cfg, &in->u.entry_wide, p);
	default:
		return 0;
	}
}

static inline void mini_entry_dump_elem(const struct mini_cfg *cfg, const struct mini_entry *in, struct mini_dump *d)
{
	size_t old;

	switch (in->kase) {
	case MINI_ENTRY_NARROW:
		old = mini_dump_push(d, "narrow", -1);
		mini_entry_narrow_dump(cfg, &in->u.entry_narrow, d);
		mini_dump_pop(d, old);
		break;
	case MINI_ENTRY_WIDE:
		old = mini_dump_push(d, "wide", -1);
		mini_entry_wide_dump(cfg, &in->u.entry_wide, d);
		mini_dump_pop(d, old);
		break;
	default:
		break;
	}
}



/* ==== variant value ==== */

static inline void mini_value_dump(const struct mini_cfg *cfg, const struct mini_value *in, struct mini_dump *d)
{
	size_t old;

	switch (in->kase) {
	case MINI_VALUE_NUMBER:
		old = mini_dump_push(d, "number", -1);
		mini_value_number_dump(cfg, &in->u.value_number, d);
		mini_dump_pop(d, old);
		break;
	case MINI_VALUE_POINT:
		old = mini_dump_push(d, "point", -1);
		mini_point_dump(cfg, &in->u.point, d);
		mini_dump_pop(d, old);
		break;
	case MINI_VALUE_RAW:
		mini_dump_bytes(d, "raw", in->raw.ptr, in->raw.len);
		break;
	default:
		break;
	}
}

static inline int mini_value_body_measure(const struct mini_cfg *cfg, const struct mini_value *in, size_t *size, struct mini_error *err)
{
	switch (in->kase) {
	case MINI_VALUE_NUMBER:
		if (!(((0x2u >> cfg->profile) & 1u)))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_value_number_measure(cfg, &in->u.value_number, size, err), "number", -1, 0);
	case MINI_VALUE_POINT:
		if (!(1))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_point_measure(cfg, &in->u.point, size, err), "point", -1, 0);
	case MINI_VALUE_RAW:
		if (in->raw.len && !in->raw.ptr)
			return mini_fail(err, MINI_E_INVALID, "raw", (uint64_t)(0), 0);
		*size = in->raw.len;
		return 0;
	case MINI_VALUE_NONE:
		*size = 0;
		return 0;
	default:
		return mini_fail(err, MINI_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t mini_value_write(const struct mini_cfg *cfg, const struct mini_value *in, uint8_t *p)
{
	switch (in->kase) {
	case MINI_VALUE_NUMBER:
		return mini_value_number_write(cfg, &in->u.value_number, p);
	case MINI_VALUE_POINT:
		return mini_point_write(cfg, &in->u.point, p);
	case MINI_VALUE_RAW:
		if (in->raw.len)
			memcpy(p, in->raw.ptr, in->raw.len);
		return in->raw.len;
	default:
		return 0;
	}
}

static inline int mini_value_parse(const struct mini_cfg *cfg, uint64_t sel, const uint8_t *buf, size_t len,
		struct mini_value *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->kase = MINI_VALUE_NONE;
	if (len == 0)
		return 0;
	if (sel == 1 && ((0x2u >> cfg->profile) & 1u)) {
		out->kase = MINI_VALUE_NUMBER;
		rc = mini_value_number_parse(cfg, buf, len, &out->u.value_number, &used, err);
		if (!rc && used != len)
			rc = mini_fail(err, MINI_E_TRAILING, "", (uint64_t)(len - used), used);
		return mini_nest(err, rc, "number", -1, 0);
	}
	if (sel == 2 && 1) {
		out->kase = MINI_VALUE_POINT;
		rc = mini_point_parse(cfg, buf, len, &out->u.point, &used, err);
		if (!rc && used != len)
			rc = mini_fail(err, MINI_E_TRAILING, "", (uint64_t)(len - used), used);
		return mini_nest(err, rc, "point", -1, 0);
	}
	out->kase = MINI_VALUE_RAW;
	out->raw.ptr = buf;
	out->raw.len = len;
	return 0;
}

static inline int mini_value_measure_sel(const struct mini_cfg *cfg, uint64_t sel, const struct mini_value *in,
		size_t *size, struct mini_error *err)
{
	switch (in->kase) {
	case MINI_VALUE_NUMBER:
		if (sel != 1)
			return mini_fail(err, MINI_E_VALUE, "", (uint64_t)(sel), 0);
		break;
	case MINI_VALUE_POINT:
		if (sel != 2)
			return mini_fail(err, MINI_E_VALUE, "", (uint64_t)(sel), 0);
		break;
	default:
		break;
	}
	return mini_value_body_measure(cfg, in, size, err);
}



/* ==== variant ping_reply ==== */

static inline void mini_ping_reply_dump(const struct mini_cfg *cfg, const struct mini_ping_reply *in, struct mini_dump *d)
{
	size_t old;

	switch (in->kase) {
	case MINI_PING_REPLY_BARE:
		old = mini_dump_push(d, "bare", -1);
		mini_empty_dump(cfg, &in->u.empty, d);
		mini_dump_pop(d, old);
		break;
	case MINI_PING_REPLY_STAMPED:
		old = mini_dump_push(d, "stamped", -1);
		mini_pong_dump(cfg, &in->u.pong, d);
		mini_dump_pop(d, old);
		break;
	case MINI_PING_REPLY_RAW:
		mini_dump_bytes(d, "raw", in->raw.ptr, in->raw.len);
		break;
	default:
		break;
	}
}

static inline int mini_ping_reply_body_measure(const struct mini_cfg *cfg, const struct mini_ping_reply *in, size_t *size, struct mini_error *err)
{
	switch (in->kase) {
	case MINI_PING_REPLY_BARE:
		if (!(1))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_empty_measure(cfg, &in->u.empty, size, err), "bare", -1, 0);
	case MINI_PING_REPLY_STAMPED:
		if (!(1))
			return mini_fail(err, MINI_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return mini_nest(err, mini_pong_measure(cfg, &in->u.pong, size, err), "stamped", -1, 0);
	case MINI_PING_REPLY_RAW:
		if (in->raw.len && !in->raw.ptr)
			return mini_fail(err, MINI_E_INVALID, "raw", (uint64_t)(0), 0);
		*size = in->raw.len;
		return 0;
	case MINI_PING_REPLY_NONE:
		*size = 0;
		return 0;
	default:
		return mini_fail(err, MINI_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t mini_ping_reply_write(const struct mini_cfg *cfg, const struct mini_ping_reply *in, uint8_t *p)
{
	switch (in->kase) {
	case MINI_PING_REPLY_BARE:
		return mini_empty_write(cfg, &in->u.empty, p);
	case MINI_PING_REPLY_STAMPED:
		return mini_pong_write(cfg, &in->u.pong, p);
	case MINI_PING_REPLY_RAW:
		if (in->raw.len)
			memcpy(p, in->raw.ptr, in->raw.len);
		return in->raw.len;
	default:
		return 0;
	}
}

static inline int mini_ping_reply_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, struct mini_ping_reply *out,
		size_t *used, struct mini_error *err)
{
	*used = len;
	if (len == 0 && 1) {
		size_t body = 0;

		out->kase = MINI_PING_REPLY_BARE;
		return mini_nest(err, mini_empty_parse(cfg, buf, len, &out->u.empty, &body, err), "bare", -1, 0);
	}
	if (len == 8 && 1) {
		size_t body = 0;

		out->kase = MINI_PING_REPLY_STAMPED;
		return mini_nest(err, mini_pong_parse(cfg, buf, len, &out->u.pong, &body, err), "stamped", -1, 0);
	}
	return mini_fail(err, MINI_E_VALUE, "", (uint64_t)(len), 0);
}

static inline int mini_ping_reply_measure(const struct mini_cfg *cfg, const struct mini_ping_reply *in, size_t *size, struct mini_error *err)
{
	return mini_ping_reply_body_measure(cfg, in, size, err);
}

static inline int mini_ping_reply_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len,
		struct mini_ping_reply *out, struct mini_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = mini_fail(err, MINI_E_INVALID, "", 0, 0);
	else
		rc = mini_ping_reply_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = mini_fail(err, MINI_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = MINI_PROTOCOL;
		err->message = "ping_reply";
	}
	return rc;
}

static inline long mini_ping_reply_encode(const struct mini_cfg *cfg, const struct mini_ping_reply *in,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t size = 0;
	int rc = mini_ping_reply_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct mini_ping_reply check;

		mini_ping_reply_write(cfg, in, buf);
		rc = mini_ping_reply_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = MINI_PROTOCOL;
			err->message = "ping_reply";
		}
		return rc;
	}
	return (long)size;
}

static inline size_t mini_ping_reply_size(const struct mini_cfg *cfg, const struct mini_ping_reply *in)
{
	size_t size = 0;

	return mini_ping_reply_measure(cfg, in, &size, NULL) ? 0 : size;
}





/* ---- messages ---- */
static inline const char *mini_msg_name(unsigned command, bool reply)
{
	switch (command) {
	case 1: return reply ? "PING reply" : "PING";
	case 2: return reply ? "GET_INFO reply" : "GET_INFO";
	case 3: return reply ? "LIST reply" : "LIST";
	case 4: return reply ? "GET_CAPS reply" : "GET_CAPS";
	case 5: return reply ? "GET_ENTRIES reply" : "GET_ENTRIES";
	case 6: return reply ? "SEND_BLOB reply" : "SEND_BLOB";
	case 7: return reply ? "SET_VALUE reply" : "SET_VALUE";
	default: return NULL;
	}
}

static inline int mini_msg_parse(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct mini_msg *out, struct mini_error *err)
{
	const uint8_t *pay;
	size_t plen;
	int rc;

	if (!buf && len)
		return mini_fail(err, MINI_E_INVALID, "", (uint64_t)(0), 0);
	if (len < MINI_HEADER_SIZE)
		return mini_nest(err, mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(len), 0), "header", -1, 0);
	rc = mini_header_fixed(cfg, buf, &out->hdr, err);
	if (rc)
		return mini_nest(err, rc, "header", -1, 0);
	if (out->hdr.msg_size != len)
		return mini_nest(err, mini_fail(err, MINI_E_MSG_SIZE, "msg_size", (uint64_t)(out->hdr.msg_size), 4), "header", -1, 0);
	out->reply = ((out->hdr.flags & MINI_HEADER_FLAGS_TYPE) >> MINI_HEADER_FLAGS_TYPE_SHIFT) == MINI_MSG_TYPE_REPLY;
	out->error = out->reply && (out->hdr.flags & MINI_HEADER_FLAGS_ERROR);
	/* An error reply echoes whatever command it refuses, a number unknown to the profile too. */
	if (!out->error && !mini_command_valid(cfg->profile, out->hdr.command))
		return mini_nest(err, mini_fail(err, MINI_E_ENUM, "command", (uint64_t)(out->hdr.command), 2), "header", -1, 0);
	pay = buf + MINI_HEADER_SIZE;
	plen = len - MINI_HEADER_SIZE;
	out->payload.ptr = pay;
	out->payload.len = plen;
	if (out->error)
		return 0;
	switch (out->hdr.command) {
	case 1:
		if (out->reply) {
		rc = mini_ping_reply_decode(cfg, pay, plen, &out->u.ping_reply, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 2:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 24)
				return mini_nest(err, mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = mini_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? mini_info_fixed(cfg, pay, &out->u.info, err) : mini_info_decode(cfg, pay, plen, &out->u.info, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_info_decode(cfg, pay, plen, &out->u.info, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.info.argsz < 24)
			return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(out->u.info.argsz), 0), "payload", -1, 16);
		if (out->u.info.color != 0)
			return mini_nest(err, mini_fail(err, MINI_E_VALUE, "color", (uint64_t)(out->u.info.color), 8), "payload", -1, 16);
		if (out->u.info.level != 0)
			return mini_nest(err, mini_fail(err, MINI_E_VALUE, "level", (uint64_t)(out->u.info.level), 9), "payload", -1, 16);
		if (out->u.info.serial != 0)
			return mini_nest(err, mini_fail(err, MINI_E_VALUE, "serial", (uint64_t)(out->u.info.serial), 20), "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 3:
		if (out->reply) {
		rc = mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_point_list_decode(cfg, pay, plen, &out->u.point_list, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.point_list.argsz != plen)
			return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(out->u.point_list.argsz), 0), "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 4:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 8)
				return mini_nest(err, mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = mini_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? mini_caps_fixed(cfg, pay, &out->u.caps, err) : mini_caps_decode(cfg, pay, plen, &out->u.caps, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_caps_decode(cfg, pay, plen, &out->u.caps, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.caps.argsz < 8)
			return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(out->u.caps.argsz), 0), "payload", -1, 16);
		if (out->u.caps.cap_offset != 0)
			return mini_nest(err, mini_fail(err, MINI_E_VALUE, "cap_offset", (uint64_t)(out->u.caps.cap_offset), 4), "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 5:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 8)
				return mini_nest(err, mini_fail(err, MINI_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = mini_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? mini_entries_fixed(cfg, pay, &out->u.entries, err) : mini_entries_decode(cfg, pay, plen, &out->u.entries, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 8)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		for (size_t i = 0; !out->truncated && i < (size_t)out->u.entries.count; i++) {
			struct mini_entry elem;
			uint64_t v;

			if (mini_entries_entries_at(cfg, &out->u.entries, i, &elem))
				break;
			if (elem.kase == MINI_ENTRY_WIDE) {
				v = elem.u.entry_wide.fd_index;
				if (v >= nfds && !(v == 4294967295u && ((0x2u >> cfg->profile) & 1u)))
					return mini_nest(err, mini_nest(err, mini_nest(err, mini_fail(err, MINI_E_FDS, "fd_index", (uint64_t)(v), 4), "wide", -1, 0), "entries", (long)i, 0), "payload", -1, 16);
			}
		}
		} else {
		rc = mini_entries_decode(cfg, pay, plen, &out->u.entries, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.entries.argsz < 8)
			return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(out->u.entries.argsz), 0), "payload", -1, 16);
		if (out->u.entries.count != 0)
			return mini_nest(err, mini_fail(err, MINI_E_VALUE, "count", (uint64_t)(out->u.entries.count), 4), "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		for (size_t i = 0; !out->truncated && i < (size_t)out->u.entries.count; i++) {
			struct mini_entry elem;
			uint64_t v;

			if (mini_entries_entries_at(cfg, &out->u.entries, i, &elem))
				break;
			if (elem.kase == MINI_ENTRY_WIDE) {
				v = elem.u.entry_wide.fd_index;
				if (v >= nfds && !(v == 4294967295u && ((0x2u >> cfg->profile) & 1u)))
					return mini_nest(err, mini_nest(err, mini_nest(err, mini_fail(err, MINI_E_FDS, "fd_index", (uint64_t)(v), 4), "wide", -1, 0), "entries", (long)i, 0), "payload", -1, 16);
			}
		}
		}
		break;
	case 6:
		if (out->reply) {
		rc = mini_name_decode(cfg, pay, plen, &out->u.name, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_blob_decode(cfg, pay, plen, &out->u.blob, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 1)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		if (nfds != 0 && (!((&out->u.blob)->flags & 64u)))
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		if (!out->truncated && out->u.blob.fd_index >= nfds)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "fd_index", (uint64_t)(out->u.blob.fd_index), 4), "payload", -1, 16);
		}
		break;
	case 7:
		if (out->reply) {
		rc = mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = mini_set_value_decode(cfg, pay, plen, &out->u.set_value, err);
		if (rc)
			return mini_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.set_value.argsz != plen)
			return mini_nest(err, mini_fail(err, MINI_E_ARGSZ, "argsz", (uint64_t)(out->u.set_value.argsz), 0), "payload", -1, 16);
		if (nfds > 0)
			return mini_nest(err, mini_fail(err, MINI_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	default:
		break;
	}
	return 0;
}

static inline int mini_msg_decode(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct mini_msg *out, struct mini_error *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = mini_msg_parse(cfg, buf, len, nfds, out, err);
	if (rc && err) {
		const char *name = mini_msg_name(out->hdr.command, out->reply);

		err->protocol = MINI_PROTOCOL;
		err->message = name ? name : "message";
	}
	return rc;
}

static inline bool mini_msg_is_reply(const struct mini_msg *in)
{
	return ((in->hdr.flags & MINI_HEADER_FLAGS_TYPE) >> MINI_HEADER_FLAGS_TYPE_SHIFT) == MINI_MSG_TYPE_REPLY;
}

/* Size of the payload in *size; checks what a sender must not send. */
static inline int mini_msg_measure(const struct mini_cfg *cfg, const struct mini_msg *in, size_t *size,
		struct mini_error *err)
{
	bool reply = mini_msg_is_reply(in);
	int rc = mini_header_check_send(cfg, &in->hdr, err);

	if (rc)
		return mini_nest(err, rc, "header", -1, 0);
	*size = 0;
	if (!(reply && (in->hdr.flags & MINI_HEADER_FLAGS_ERROR)) && !mini_command_valid(cfg->profile, in->hdr.command))
		return mini_nest(err, mini_fail(err, MINI_E_ENUM, "command", (uint64_t)(in->hdr.command), 2), "header", -1, 0);
	if (reply && (in->hdr.flags & MINI_HEADER_FLAGS_ERROR)) {
		if (in->payload.len && !in->payload.ptr)
			return mini_fail(err, MINI_E_INVALID, "payload", (uint64_t)(0), 0);
		*size = in->payload.len;
		return 0;
	}
	switch (in->hdr.command) {
	case 1:
		if (reply) {
		rc = mini_ping_reply_measure(cfg, &in->u.ping_reply, size, err);
		} else {
		rc = mini_empty_measure(cfg, &in->u.empty, size, err);
		}
		break;
	case 2:
		if (reply) {
		if (in->truncated) {
			*size = 24;
			rc = mini_info_check_send(cfg, &in->u.info, err);
		} else {
			rc = mini_info_measure(cfg, &in->u.info, size, err);
		}
		} else {
		rc = mini_info_measure(cfg, &in->u.info, size, err);
		}
		break;
	case 3:
		if (reply) {
		rc = mini_empty_measure(cfg, &in->u.empty, size, err);
		} else {
		rc = mini_point_list_measure(cfg, &in->u.point_list, size, err);
		}
		break;
	case 4:
		if (reply) {
		if (in->truncated) {
			*size = 8;
			rc = mini_caps_check_send(cfg, &in->u.caps, err);
		} else {
			rc = mini_caps_measure(cfg, &in->u.caps, size, err);
		}
		} else {
		rc = mini_caps_measure(cfg, &in->u.caps, size, err);
		}
		break;
	case 5:
		if (reply) {
		if (in->truncated) {
			*size = 8;
			rc = mini_entries_check_send(cfg, &in->u.entries, err);
		} else {
			rc = mini_entries_measure(cfg, &in->u.entries, size, err);
		}
		} else {
		rc = mini_entries_measure(cfg, &in->u.entries, size, err);
		}
		break;
	case 6:
		if (reply) {
		rc = mini_name_measure(cfg, &in->u.name, size, err);
		} else {
		rc = mini_blob_measure(cfg, &in->u.blob, size, err);
		}
		break;
	case 7:
		if (reply) {
		rc = mini_empty_measure(cfg, &in->u.empty, size, err);
		} else {
		rc = mini_set_value_measure(cfg, &in->u.set_value, size, err);
		}
		break;
	default:
		break;
	}
	return mini_nest(err, rc, "payload", -1, MINI_HEADER_SIZE);
}

static inline void mini_msg_write(const struct mini_cfg *cfg, const struct mini_msg *in, size_t psize, uint8_t *buf)
{
	struct mini_header hdr = in->hdr;
	uint8_t *p = buf + MINI_HEADER_SIZE;
	bool reply = mini_msg_is_reply(in);

	hdr.msg_size = (uint32_t)(MINI_HEADER_SIZE + psize);
	mini_header_write_fixed(cfg, &hdr, buf);
	if (reply && (in->hdr.flags & MINI_HEADER_FLAGS_ERROR)) {
		if (psize)
			memcpy(p, in->payload.ptr, psize);
		return;
	}
	switch (in->hdr.command) {
	case 1:
		if (reply) {
		mini_ping_reply_write(cfg, &in->u.ping_reply, p);
		} else {
		mini_empty_write(cfg, &in->u.empty, p);
		}
		break;
	case 2:
		if (reply) {
		if (in->truncated)
			mini_info_write_fixed(cfg, &in->u.info, p);
		else
			mini_info_write(cfg, &in->u.info, p);
		} else {
		mini_info_write(cfg, &in->u.info, p);
		}
		break;
	case 3:
		if (reply) {
		mini_empty_write(cfg, &in->u.empty, p);
		} else {
		mini_point_list_write(cfg, &in->u.point_list, p);
		}
		break;
	case 4:
		if (reply) {
		if (in->truncated)
			mini_caps_write_fixed(cfg, &in->u.caps, p);
		else
			mini_caps_write(cfg, &in->u.caps, p);
		} else {
		mini_caps_write(cfg, &in->u.caps, p);
		}
		break;
	case 5:
		if (reply) {
		if (in->truncated)
			mini_entries_write_fixed(cfg, &in->u.entries, p);
		else
			mini_entries_write(cfg, &in->u.entries, p);
		} else {
		mini_entries_write(cfg, &in->u.entries, p);
		}
		break;
	case 6:
		if (reply) {
		mini_name_write(cfg, &in->u.name, p);
		} else {
		mini_blob_write(cfg, &in->u.blob, p);
		}
		break;
	case 7:
		if (reply) {
		mini_empty_write(cfg, &in->u.empty, p);
		} else {
		mini_set_value_write(cfg, &in->u.set_value, p);
		}
		break;
	default:
		break;
	}
}

static inline long mini_msg_encode(const struct mini_cfg *cfg, const struct mini_msg *in, unsigned nfds,
		uint8_t *buf, size_t cap, struct mini_error *err)
{
	size_t psize = 0, total = 0;
	int rc = mini_msg_measure(cfg, in, &psize, err);

	if (!rc && psize > UINT32_MAX - MINI_HEADER_SIZE)
		rc = mini_fail(err, MINI_E_OVERFLOW, "header.msg_size", (uint64_t)(psize), 4);
	total = MINI_HEADER_SIZE + psize;
	if (!rc && (total > cap || !buf))
		rc = mini_fail(err, MINI_E_NO_SPACE, "", (uint64_t)(total), 0);
	if (!rc) {
		struct mini_msg check;

		mini_msg_write(cfg, in, psize, buf);
		rc = mini_msg_decode(cfg, buf, total, nfds, &check, err);
		if (!rc && check.truncated != in->truncated)
			rc = mini_fail(err, MINI_E_ARGSZ, "payload.argsz", (uint64_t)(0), 16);
	}
	if (rc) {
		if (err) {
			const char *name = mini_msg_name(in->hdr.command, mini_msg_is_reply(in));

			err->protocol = MINI_PROTOCOL;
			err->message = name ? name : "message";
		}
		return rc;
	}
	return (long)total;
}

static inline size_t mini_msg_size(const struct mini_cfg *cfg, const struct mini_msg *in)
{
	size_t psize = 0;

	return mini_msg_measure(cfg, in, &psize, NULL) ? 0 : MINI_HEADER_SIZE + psize;
}

static inline void mini_msg_dump(const struct mini_cfg *cfg, const struct mini_msg *in, struct mini_dump *d)
{
	size_t old;

	if (in->truncated)
		mini_dump_uint(d, "truncated", 1, false);
	old = mini_dump_push(d, "header", -1);
	mini_header_dump(cfg, &in->hdr, d);
	mini_dump_pop(d, old);
	old = mini_dump_push(d, "payload", -1);
	if (in->error) {
		if (in->payload.len)
			mini_dump_bytes(d, "raw", in->payload.ptr, in->payload.len);
	} else {
		switch (in->hdr.command) {
		case 1:
			if (in->reply) {
			mini_ping_reply_dump(cfg, &in->u.ping_reply, d);
			} else {
			mini_empty_dump(cfg, &in->u.empty, d);
			}
			break;
		case 2:
			if (in->reply) {
			if (in->truncated)
				mini_info_dump_fixed(cfg, &in->u.info, d);
			else
				mini_info_dump(cfg, &in->u.info, d);
			} else {
			mini_info_dump(cfg, &in->u.info, d);
			}
			break;
		case 3:
			if (in->reply) {
			mini_empty_dump(cfg, &in->u.empty, d);
			} else {
			mini_point_list_dump(cfg, &in->u.point_list, d);
			}
			break;
		case 4:
			if (in->reply) {
			if (in->truncated)
				mini_caps_dump_fixed(cfg, &in->u.caps, d);
			else
				mini_caps_dump(cfg, &in->u.caps, d);
			} else {
			mini_caps_dump(cfg, &in->u.caps, d);
			}
			break;
		case 5:
			if (in->reply) {
			if (in->truncated)
				mini_entries_dump_fixed(cfg, &in->u.entries, d);
			else
				mini_entries_dump(cfg, &in->u.entries, d);
			} else {
			mini_entries_dump(cfg, &in->u.entries, d);
			}
			break;
		case 6:
			if (in->reply) {
			mini_name_dump(cfg, &in->u.name, d);
			} else {
			mini_blob_dump(cfg, &in->u.blob, d);
			}
			break;
		case 7:
			if (in->reply) {
			mini_empty_dump(cfg, &in->u.empty, d);
			} else {
			mini_set_value_dump(cfg, &in->u.set_value, d);
			}
			break;
		default:
			break;
		}
	}
	mini_dump_pop(d, old);
}

/* ---- registry ---- */

static int mini_cap_header_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_cap_header_decode(cfg, buf, len, out, err);
}
static long mini_cap_header_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_cap_header_encode(cfg, in, buf, cap, err);
}
static void mini_cap_header_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_cap_header_dump(cfg, in, d);
}

static int mini_cap_range_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_cap_range_decode(cfg, buf, len, out, err);
}
static long mini_cap_range_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_cap_range_encode(cfg, in, buf, cap, err);
}
static void mini_cap_range_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_cap_range_dump(cfg, in, d);
}

static int mini_point_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_point_decode(cfg, buf, len, out, err);
}
static long mini_point_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_point_encode(cfg, in, buf, cap, err);
}
static void mini_point_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_point_dump(cfg, in, d);
}

static int mini_cap_points_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_cap_points_decode(cfg, buf, len, out, err);
}
static long mini_cap_points_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_cap_points_encode(cfg, in, buf, cap, err);
}
static void mini_cap_points_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_cap_points_dump(cfg, in, d);
}

static int mini_header_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_header_decode(cfg, buf, len, out, err);
}
static long mini_header_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_header_encode(cfg, in, buf, cap, err);
}
static void mini_header_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_header_dump(cfg, in, d);
}

static int mini_empty_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_empty_decode(cfg, buf, len, out, err);
}
static long mini_empty_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_empty_encode(cfg, in, buf, cap, err);
}
static void mini_empty_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_empty_dump(cfg, in, d);
}

static int mini_info_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_info_decode(cfg, buf, len, out, err);
}
static long mini_info_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_info_encode(cfg, in, buf, cap, err);
}
static void mini_info_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_info_dump(cfg, in, d);
}

static int mini_point_list_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_point_list_decode(cfg, buf, len, out, err);
}
static long mini_point_list_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_point_list_encode(cfg, in, buf, cap, err);
}
static void mini_point_list_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_point_list_dump(cfg, in, d);
}

static int mini_blob_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_blob_decode(cfg, buf, len, out, err);
}
static long mini_blob_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_blob_encode(cfg, in, buf, cap, err);
}
static void mini_blob_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_blob_dump(cfg, in, d);
}

static int mini_name_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_name_decode(cfg, buf, len, out, err);
}
static long mini_name_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_name_encode(cfg, in, buf, cap, err);
}
static void mini_name_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_name_dump(cfg, in, d);
}

static int mini_caps_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_caps_decode(cfg, buf, len, out, err);
}
static long mini_caps_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_caps_encode(cfg, in, buf, cap, err);
}
static void mini_caps_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_caps_dump(cfg, in, d);
}

static int mini_entry_narrow_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_entry_narrow_decode(cfg, buf, len, out, err);
}
static long mini_entry_narrow_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_entry_narrow_encode(cfg, in, buf, cap, err);
}
static void mini_entry_narrow_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_entry_narrow_dump(cfg, in, d);
}

static int mini_entry_wide_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_entry_wide_decode(cfg, buf, len, out, err);
}
static long mini_entry_wide_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_entry_wide_encode(cfg, in, buf, cap, err);
}
static void mini_entry_wide_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_entry_wide_dump(cfg, in, d);
}

static int mini_entries_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_entries_decode(cfg, buf, len, out, err);
}
static long mini_entries_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_entries_encode(cfg, in, buf, cap, err);
}
static void mini_entries_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_entries_dump(cfg, in, d);
}

static int mini_value_number_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_value_number_decode(cfg, buf, len, out, err);
}
static long mini_value_number_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_value_number_encode(cfg, in, buf, cap, err);
}
static void mini_value_number_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_value_number_dump(cfg, in, d);
}

static int mini_set_value_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_set_value_decode(cfg, buf, len, out, err);
}
static long mini_set_value_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_set_value_encode(cfg, in, buf, cap, err);
}
static void mini_set_value_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_set_value_dump(cfg, in, d);
}

static int mini_pong_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_pong_decode(cfg, buf, len, out, err);
}
static long mini_pong_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_pong_encode(cfg, in, buf, cap, err);
}
static void mini_pong_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_pong_dump(cfg, in, d);
}

static int mini_ping_reply_decode_any(const struct mini_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct mini_error *err)
{
	return mini_ping_reply_decode(cfg, buf, len, out, err);
}
static long mini_ping_reply_encode_any(const struct mini_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct mini_error *err)
{
	return mini_ping_reply_encode(cfg, in, buf, cap, err);
}
static void mini_ping_reply_dump_any(const struct mini_cfg *cfg, const void *in, struct mini_dump *d)
{
	mini_ping_reply_dump(cfg, in, d);
}

static const struct mini_type_info mini_types[] = {
	{ "cap_header", sizeof(struct mini_cap_header), 8,
	  mini_cap_header_decode_any, mini_cap_header_encode_any, mini_cap_header_dump_any },
	{ "cap_range", sizeof(struct mini_cap_range), 16,
	  mini_cap_range_decode_any, mini_cap_range_encode_any, mini_cap_range_dump_any },
	{ "point", sizeof(struct mini_point), 8,
	  mini_point_decode_any, mini_point_encode_any, mini_point_dump_any },
	{ "cap_points", sizeof(struct mini_cap_points), 4,
	  mini_cap_points_decode_any, mini_cap_points_encode_any, mini_cap_points_dump_any },
	{ "header", sizeof(struct mini_header), 16,
	  mini_header_decode_any, mini_header_encode_any, mini_header_dump_any },
	{ "empty", sizeof(struct mini_empty), 0,
	  mini_empty_decode_any, mini_empty_encode_any, mini_empty_dump_any },
	{ "info", sizeof(struct mini_info), 24,
	  mini_info_decode_any, mini_info_encode_any, mini_info_dump_any },
	{ "point_list", sizeof(struct mini_point_list), 8,
	  mini_point_list_decode_any, mini_point_list_encode_any, mini_point_list_dump_any },
	{ "blob", sizeof(struct mini_blob), 12,
	  mini_blob_decode_any, mini_blob_encode_any, mini_blob_dump_any },
	{ "name", sizeof(struct mini_name), 4,
	  mini_name_decode_any, mini_name_encode_any, mini_name_dump_any },
	{ "caps", sizeof(struct mini_caps), 8,
	  mini_caps_decode_any, mini_caps_encode_any, mini_caps_dump_any },
	{ "entry_narrow", sizeof(struct mini_entry_narrow), 16,
	  mini_entry_narrow_decode_any, mini_entry_narrow_encode_any, mini_entry_narrow_dump_any },
	{ "entry_wide", sizeof(struct mini_entry_wide), 24,
	  mini_entry_wide_decode_any, mini_entry_wide_encode_any, mini_entry_wide_dump_any },
	{ "entries", sizeof(struct mini_entries), 8,
	  mini_entries_decode_any, mini_entries_encode_any, mini_entries_dump_any },
	{ "value_number", sizeof(struct mini_value_number), 8,
	  mini_value_number_decode_any, mini_value_number_encode_any, mini_value_number_dump_any },
	{ "set_value", sizeof(struct mini_set_value), 8,
	  mini_set_value_decode_any, mini_set_value_encode_any, mini_set_value_dump_any },
	{ "pong", sizeof(struct mini_pong), 8,
	  mini_pong_decode_any, mini_pong_encode_any, mini_pong_dump_any },
	{ "ping_reply", sizeof(struct mini_ping_reply), 0,
	  mini_ping_reply_decode_any, mini_ping_reply_encode_any, mini_ping_reply_dump_any },
};

static inline const struct mini_type_info *mini_type_at(size_t i)
{
	return i < sizeof mini_types / sizeof mini_types[0] ? &mini_types[i] : NULL;
}

static inline const struct mini_type_info *mini_type_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof mini_types / sizeof mini_types[0]; i++)
		if (strcmp(mini_types[i].name, name) == 0)
			return &mini_types[i];
	return NULL;
}

static inline int mini_profile_by_name(const char *name)
{
	if (strcmp(name, "v1") == 0)
		return 0;
	if (strcmp(name, "v2") == 0)
		return 1;
	return -1;
}

static inline const char *mini_profile_name(unsigned profile)
{
	switch (profile) {
	case 0: return "v1";
	case 1: return "v2";
	default: return NULL;
	}
}

#endif /* MINI_CODEC_H */
