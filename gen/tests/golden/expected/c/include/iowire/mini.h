/* Generated from gen/tests/golden/mini.yaml by iowire-gen. Do not edit. */
#ifndef IOWIRE_MINI_H
#define IOWIRE_MINI_H

#include "iowire/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif


#define IOW_MINI_PROTOCOL "mini"
#define IOW_MINI_SCHEMA_VERSION "0.1.0"

/* Profiles of mini. */
enum iow_mini_profile {
	IOW_MINI_PROFILE_V1 = 0, /* v1 */
	IOW_MINI_PROFILE_V2 = 1, /* v2 */
	IOW_MINI_PROFILE_COUNT = 2,
	IOW_MINI_PROFILE_DEFAULT = 1
};

#define IOW_MINI_HEADER_SIZE 16 /* Size of the message header. */

/* ---- enumerations ---- */

/*  Closed: other values are rejected. */
enum iow_mini_msg_type {
	IOW_MINI_MSG_TYPE_COMMAND = 0,
	IOW_MINI_MSG_TYPE_REPLY = 1,
};
bool iow_mini_msg_type_valid(unsigned profile, uint64_t value);
const char *iow_mini_msg_type_name(uint64_t value);

/*  Closed: other values are rejected. */
enum iow_mini_command {
	IOW_MINI_COMMAND_PING = 1,
	IOW_MINI_COMMAND_GET_INFO = 2,
	IOW_MINI_COMMAND_LIST = 3,
	IOW_MINI_COMMAND_GET_CAPS = 4,
	IOW_MINI_COMMAND_GET_ENTRIES = 5,
	IOW_MINI_COMMAND_SEND_BLOB = 6,
	IOW_MINI_COMMAND_SET_VALUE = 7, /* v2 */
};
bool iow_mini_command_valid(unsigned profile, uint64_t value);
const char *iow_mini_command_name(uint64_t value);

/* A two-bit mode inside info_flags. Closed: other values are rejected. */
enum iow_mini_mode {
	IOW_MINI_MODE_IDLE = 0,
	IOW_MINI_MODE_ACTIVE = 1,
	IOW_MINI_MODE_DRAINING = 2,
};
bool iow_mini_mode_valid(unsigned profile, uint64_t value);
const char *iow_mini_mode_name(uint64_t value);

/* An open enumeration; values above 2 are allowed on the wire. */
enum iow_mini_color {
	IOW_MINI_COLOR_RED = 0,
	IOW_MINI_COLOR_GREEN = 1,
	IOW_MINI_COLOR_BLUE = 2,
};
bool iow_mini_color_valid(unsigned profile, uint64_t value);
const char *iow_mini_color_name(uint64_t value);

/*  Closed: other values are rejected. */
enum iow_mini_value_kind {
	IOW_MINI_VALUE_KIND_NUMBER = 1, /* v2 */
	IOW_MINI_VALUE_KIND_POINT = 2, /* v2 */
};
bool iow_mini_value_kind_valid(unsigned profile, uint64_t value);
const char *iow_mini_value_kind_name(uint64_t value);

/* ---- flags: masks over fixed-width integers ---- */

/* header_flags */
#define IOW_MINI_HEADER_FLAGS_TYPE 0xfu
#define IOW_MINI_HEADER_FLAGS_TYPE_SHIFT 0
#define IOW_MINI_HEADER_FLAGS_NO_REPLY 0x10u
#define IOW_MINI_HEADER_FLAGS_ERROR 0x20u
uint64_t iow_mini_header_flags_defined(unsigned profile);

/* info_flags */
#define IOW_MINI_INFO_FLAGS_GET 0x1u
#define IOW_MINI_INFO_FLAGS_SET 0x2u
#define IOW_MINI_INFO_FLAGS_MODE 0x30u
#define IOW_MINI_INFO_FLAGS_MODE_SHIFT 4
#define IOW_MINI_INFO_FLAGS_HAS_DATA 0x40u
#define IOW_MINI_INFO_FLAGS_HAS_ORIGIN 0x80u
uint64_t iow_mini_info_flags_defined(unsigned profile);

/* value_flags */
#define IOW_MINI_VALUE_FLAGS_KIND 0xffu
#define IOW_MINI_VALUE_FLAGS_KIND_SHIFT 0
#define IOW_MINI_VALUE_FLAGS_PERSIST 0x100u
uint64_t iow_mini_value_flags_defined(unsigned profile);

/* ---- structures ---- */

struct iow_mini_cap_header;
struct iow_mini_cap_range;
struct iow_mini_point;
struct iow_mini_cap_points;
struct iow_mini_header;
struct iow_mini_empty;
struct iow_mini_info;
struct iow_mini_point_list;
struct iow_mini_blob;
struct iow_mini_name;
struct iow_mini_caps;
struct iow_mini_entry_narrow;
struct iow_mini_entry_wide;
struct iow_mini_entry;
struct iow_mini_entries;
struct iow_mini_value_number;
struct iow_mini_value;
struct iow_mini_set_value;
struct iow_mini_pong;
struct iow_mini_ping_reply;
struct iow_mini_mini_cap;


#define IOW_MINI_CAP_HEADER_SIZE 8
/* cap_header */
struct iow_mini_cap_header {
	uint16_t id;
	uint16_t version;
	uint32_t next;
};


#define IOW_MINI_CAP_RANGE_SIZE 16
/* cap_range */
struct iow_mini_cap_range {
	uint64_t start;
	uint64_t end;
};


#define IOW_MINI_POINT_SIZE 8
/* point */
struct iow_mini_point {
	int32_t x;
	int32_t y;
};

#ifndef IOW_MINI_POINT_ARRAY_DEFINED
#define IOW_MINI_POINT_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct iow_mini_point_array {
	const uint8_t *wire;
	size_t stride;
	const struct iow_mini_point *items;
};
#endif

#define IOW_MINI_CAP_POINTS_SIZE 4
/* cap_points */
struct iow_mini_cap_points {
	uint32_t count;
	struct iow_mini_point_array points;
};


#define IOW_MINI_HEADER_SIZE 16
/* Precedes every command and every reply. */
struct iow_mini_header {
	uint16_t msg_id;
	uint16_t command;
	uint32_t msg_size;
	uint32_t flags;
	uint32_t error;
};


#define IOW_MINI_EMPTY_SIZE 0
/* empty */
struct iow_mini_empty {
	uint8_t unused_; /* no wire bytes */
};


#define IOW_MINI_INFO_SIZE 24
/* GET_INFO request and reply. */
struct iow_mini_info {
	uint32_t argsz;
	uint32_t flags;
	uint8_t color;
	uint8_t level;
	uint16_t reserved;
	struct iow_mini_point center;
	uint32_t serial;
	struct iow_mini_point origin; /* only when flags has has_origin */
};

#ifndef IOW_MINI_POINT_ARRAY_DEFINED
#define IOW_MINI_POINT_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct iow_mini_point_array {
	const uint8_t *wire;
	size_t stride;
	const struct iow_mini_point *items;
};
#endif

#define IOW_MINI_POINT_LIST_SIZE 8
/* point_list */
struct iow_mini_point_list {
	uint32_t argsz;
	uint32_t count;
	struct iow_mini_point_array points;
};


#define IOW_MINI_BLOB_SIZE 12
/* blob */
struct iow_mini_blob {
	uint32_t flags;
	uint32_t fd_index;
	uint32_t length;
	struct iow_bytes data; /* only when flags has has_data */
};


#define IOW_MINI_NAME_SIZE 4
/* name */
struct iow_mini_name {
	uint8_t tag[4];
	struct iow_bytes text;
};


/* One capability of the mini_cap chain: its header and its body, by (id, version). */
enum {
	IOW_MINI_MINI_CAP_RANGE = 0,
	IOW_MINI_MINI_CAP_POINTS = 1,
	IOW_MINI_MINI_CAP_UNKNOWN = 2
};
struct iow_mini_mini_cap {
	struct iow_mini_cap_header hdr;
	unsigned kase;
	union {
		struct iow_mini_cap_range range;
		struct iow_mini_cap_points points;
	} u;
	struct iow_bytes body; /* unknown capabilities: the bytes up to next */
};
/* A decoded chain is a view of the payload; to encode, give items (laid out back to back). */
struct iow_mini_mini_cap_list {
	const uint8_t *base;
	size_t len;
	size_t count;
	const struct iow_mini_mini_cap *items;
};

#define IOW_MINI_CAPS_SIZE 8
/* caps */
struct iow_mini_caps {
	uint32_t argsz;
	uint32_t cap_offset;
	struct iow_mini_mini_cap_list caps;
};


#define IOW_MINI_ENTRY_NARROW_SIZE 16
/* entry_narrow */
struct iow_mini_entry_narrow {
	uint32_t kind;
	uint32_t color;
	uint64_t address;
};


#define IOW_MINI_ENTRY_WIDE_SIZE 24
/* entry_wide (v2) */
struct iow_mini_entry_wide {
	uint32_t kind;
	uint32_t fd_index;
	uint64_t address;
	uint64_t length;
};


/* entry */
enum {
	IOW_MINI_ENTRY_NARROW = 0,
	IOW_MINI_ENTRY_WIDE = 1,
	IOW_MINI_ENTRY_NONE = 2, /* no data */
	IOW_MINI_ENTRY_RAW = 3 /* data of an unknown case, in raw */
};
struct iow_mini_entry {
	unsigned kase;
	union {
		struct iow_mini_entry_narrow entry_narrow;
		struct iow_mini_entry_wide entry_wide;
	} u;
	struct iow_bytes raw;
};

#ifndef IOW_MINI_ENTRY_ARRAY_DEFINED
#define IOW_MINI_ENTRY_ARRAY_DEFINED
/* Elements of a counted array: a view of the wire bytes after decoding, or items to encode. */
struct iow_mini_entry_array {
	const uint8_t *wire;
	size_t stride;
	const struct iow_mini_entry *items;
};
#endif

#define IOW_MINI_ENTRIES_SIZE 8
/* entries */
struct iow_mini_entries {
	uint32_t argsz;
	uint32_t count;
	struct iow_mini_entry_array entries;
};


#define IOW_MINI_VALUE_NUMBER_SIZE 8
/* value_number (v2) */
struct iow_mini_value_number {
	uint64_t number;
};


/* value */
enum {
	IOW_MINI_VALUE_NUMBER = 0,
	IOW_MINI_VALUE_POINT = 1,
	IOW_MINI_VALUE_NONE = 2, /* no data */
	IOW_MINI_VALUE_RAW = 3 /* data of an unknown case, in raw */
};
struct iow_mini_value {
	unsigned kase;
	union {
		struct iow_mini_value_number value_number;
		struct iow_mini_point point;
	} u;
	struct iow_bytes raw;
};


#define IOW_MINI_SET_VALUE_SIZE 8
/* set_value (v2) */
struct iow_mini_set_value {
	uint32_t argsz;
	uint32_t flags;
	struct iow_mini_value value;
};


#define IOW_MINI_PONG_SIZE 8
/* pong */
struct iow_mini_pong {
	uint64_t stamp;
};


/* ping_reply */
enum {
	IOW_MINI_PING_REPLY_BARE = 0,
	IOW_MINI_PING_REPLY_STAMPED = 1,
	IOW_MINI_PING_REPLY_NONE = 2, /* no data */
	IOW_MINI_PING_REPLY_RAW = 3 /* data of an unknown case, in raw */
};
struct iow_mini_ping_reply {
	unsigned kase;
	union {
		struct iow_mini_empty empty;
		struct iow_mini_pong pong;
	} u;
	struct iow_bytes raw;
};

/* ---- codec functions ----
 * decode: checks everything the schema says; views point into buf; returns 0 or -status.
 * encode: writes into buf (cap bytes); returns the bytes written or -status.
 * size: bytes encode would write (0 if the value cannot be encoded). */

int iow_mini_cap_header_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_header *out, struct iow_error *err);
long iow_mini_cap_header_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_cap_header_size(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in);
void iow_mini_cap_header_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_dump *d);

int iow_mini_cap_range_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_range *out, struct iow_error *err);
long iow_mini_cap_range_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_cap_range_size(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in);
void iow_mini_cap_range_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_dump *d);

int iow_mini_point_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_point *out, struct iow_error *err);
long iow_mini_point_encode(const struct iow_cfg *cfg, const struct iow_mini_point *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_point_size(const struct iow_cfg *cfg, const struct iow_mini_point *in);
void iow_mini_point_dump(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_dump *d);

int iow_mini_cap_points_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_points *out, struct iow_error *err);
long iow_mini_cap_points_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_cap_points_size(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in);
void iow_mini_cap_points_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_dump *d);
int iow_mini_cap_points_points_at(const struct iow_cfg *cfg, const struct iow_mini_cap_points *s, size_t i,
		struct iow_mini_point *out);

int iow_mini_header_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_header *out, struct iow_error *err);
long iow_mini_header_encode(const struct iow_cfg *cfg, const struct iow_mini_header *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_header_size(const struct iow_cfg *cfg, const struct iow_mini_header *in);
void iow_mini_header_dump(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_dump *d);

int iow_mini_empty_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_empty *out, struct iow_error *err);
long iow_mini_empty_encode(const struct iow_cfg *cfg, const struct iow_mini_empty *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_empty_size(const struct iow_cfg *cfg, const struct iow_mini_empty *in);
void iow_mini_empty_dump(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_dump *d);

int iow_mini_info_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_info *out, struct iow_error *err);
long iow_mini_info_encode(const struct iow_cfg *cfg, const struct iow_mini_info *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_info_size(const struct iow_cfg *cfg, const struct iow_mini_info *in);
void iow_mini_info_dump(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_dump *d);

int iow_mini_point_list_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_point_list *out, struct iow_error *err);
long iow_mini_point_list_encode(const struct iow_cfg *cfg, const struct iow_mini_point_list *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_point_list_size(const struct iow_cfg *cfg, const struct iow_mini_point_list *in);
void iow_mini_point_list_dump(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_dump *d);
int iow_mini_point_list_points_at(const struct iow_cfg *cfg, const struct iow_mini_point_list *s, size_t i,
		struct iow_mini_point *out);

int iow_mini_blob_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_blob *out, struct iow_error *err);
long iow_mini_blob_encode(const struct iow_cfg *cfg, const struct iow_mini_blob *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_blob_size(const struct iow_cfg *cfg, const struct iow_mini_blob *in);
void iow_mini_blob_dump(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_dump *d);

int iow_mini_name_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_name *out, struct iow_error *err);
long iow_mini_name_encode(const struct iow_cfg *cfg, const struct iow_mini_name *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_name_size(const struct iow_cfg *cfg, const struct iow_mini_name *in);
void iow_mini_name_dump(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_dump *d);

int iow_mini_caps_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_caps *out, struct iow_error *err);
long iow_mini_caps_encode(const struct iow_cfg *cfg, const struct iow_mini_caps *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_caps_size(const struct iow_cfg *cfg, const struct iow_mini_caps *in);
void iow_mini_caps_dump(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_dump *d);
int iow_mini_caps_caps_at(const struct iow_cfg *cfg, const struct iow_mini_caps *s, size_t i,
		struct iow_mini_mini_cap *out);

int iow_mini_entry_narrow_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entry_narrow *out, struct iow_error *err);
long iow_mini_entry_narrow_encode(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_entry_narrow_size(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in);
void iow_mini_entry_narrow_dump(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_dump *d);

int iow_mini_entry_wide_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entry_wide *out, struct iow_error *err);
long iow_mini_entry_wide_encode(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_entry_wide_size(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in);
void iow_mini_entry_wide_dump(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_dump *d);

int iow_mini_entries_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entries *out, struct iow_error *err);
long iow_mini_entries_encode(const struct iow_cfg *cfg, const struct iow_mini_entries *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_entries_size(const struct iow_cfg *cfg, const struct iow_mini_entries *in);
void iow_mini_entries_dump(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_dump *d);
int iow_mini_entries_entries_at(const struct iow_cfg *cfg, const struct iow_mini_entries *s, size_t i,
		struct iow_mini_entry *out);

int iow_mini_value_number_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_value_number *out, struct iow_error *err);
long iow_mini_value_number_encode(const struct iow_cfg *cfg, const struct iow_mini_value_number *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_value_number_size(const struct iow_cfg *cfg, const struct iow_mini_value_number *in);
void iow_mini_value_number_dump(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_dump *d);

int iow_mini_set_value_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_set_value *out, struct iow_error *err);
long iow_mini_set_value_encode(const struct iow_cfg *cfg, const struct iow_mini_set_value *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_set_value_size(const struct iow_cfg *cfg, const struct iow_mini_set_value *in);
void iow_mini_set_value_dump(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_dump *d);

int iow_mini_pong_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_pong *out, struct iow_error *err);
long iow_mini_pong_encode(const struct iow_cfg *cfg, const struct iow_mini_pong *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_pong_size(const struct iow_cfg *cfg, const struct iow_mini_pong *in);
void iow_mini_pong_dump(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_dump *d);

int iow_mini_ping_reply_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_ping_reply *out, struct iow_error *err);
long iow_mini_ping_reply_encode(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_ping_reply_size(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in);
void iow_mini_ping_reply_dump(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, struct iow_dump *d);



/* ---- messages: header + payload ---- */
/* A whole message. Decoding fills hdr, the flags below and the payload member of u that the
 * command and direction select; views point into the decoded buffer. */
struct iow_mini_msg {
	struct iow_mini_header hdr;
	bool reply;      /* Type is reply */
	bool error;      /* a reply with the error flag: the payload is not parsed */
	bool truncated;  /* a reply shorter than its argsz: only the fixed part is decoded */
	struct iow_bytes payload; /* the payload bytes as received; what an error reply carries */
	union {
		struct iow_mini_empty empty;
		struct iow_mini_ping_reply ping_reply;
		struct iow_mini_info info;
		struct iow_mini_point_list point_list;
		struct iow_mini_caps caps;
		struct iow_mini_entries entries;
		struct iow_mini_blob blob;
		struct iow_mini_name name;
		struct iow_mini_set_value set_value;
	} u;
};

/* decode: buf holds exactly one message (msg_size bytes) that arrived with nfds descriptors.
 * When it fails and len >= 16, out->hdr still holds every header field read before the failure
 * (msg_id, command and msg_size always), enough to address an error reply. An error reply may
 * carry any command number: it echoes the command it refuses. */
int iow_mini_msg_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct iow_mini_msg *out, struct iow_error *err);
/* encode: msg_size is computed; the flags in hdr say command or reply, error, no_reply. */
long iow_mini_msg_encode(const struct iow_cfg *cfg, const struct iow_mini_msg *in, unsigned nfds,
		uint8_t *buf, size_t cap, struct iow_error *err);
size_t iow_mini_msg_size(const struct iow_cfg *cfg, const struct iow_mini_msg *in);
void iow_mini_msg_dump(const struct iow_cfg *cfg, const struct iow_mini_msg *in, struct iow_dump *d);
/* "DMA_MAP" or "DMA_MAP reply"; NULL for a command the schema does not know. */
const char *iow_mini_msg_name(unsigned command, bool reply);


/* Every public type by name, for tools, tests and fuzzers. */
const struct iow_type_info *iow_mini_type_by_name(const char *name);
const struct iow_type_info *iow_mini_type_at(size_t i);
int iow_mini_profile_by_name(const char *name);
const char *iow_mini_profile_name(unsigned profile);

#ifdef __cplusplus
}
#endif
#endif /* IOWIRE_MINI_H */
