/* iowire/caps_json.h: the capabilities JSON of vfio-user's VERSION message, read and written
 * with json-c.
 *
 * The struct (struct iow_vfu_caps), its defaults, limits and presence bits, and the descriptor
 * table are generated from the `capabilities:` section of schema/vfio-user.yaml into
 * iowire/vfio_user_caps.h; this runtime walks that table and knows no key by name.
 *
 * The VERSION payload carries the JSON as UTF-8 text followed by a NUL, and every key is
 * optional: an absent key takes its default, and `present` tells which keys were there.
 */
#ifndef IOWIRE_CAPS_JSON_H
#define IOWIRE_CAPS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iowire/vfio_user_caps.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- descriptor tables (filled in by generated code) ---- */

enum iow_caps_type {
	IOW_CAPS_T_UINT = 1,   /* JSON integer >= 0, stored as uint64_t */
	IOW_CAPS_T_BOOL = 2,   /* JSON true/false, stored as bool */
	IOW_CAPS_T_OBJECT = 3, /* JSON object, stored as a nested struct */
};

/* One key of a capabilities object. */
struct iow_caps_desc {
	const char *key;                     /* JSON key, e.g. "pgsize" */
	const char *path;                    /* key path, e.g. "capabilities.migration.pgsize" */
	enum iow_caps_type type;
	unsigned bit;                        /* its bit in the struct's `present` mask */
	uint64_t def, min, max;              /* uint: default and limits; bool: default 0 or 1 */
	size_t offset;                       /* of its member from the start of the top struct */
	const struct iow_caps_desc *members; /* objects: the keys inside */
	size_t n_members;
};

/* The whole capabilities JSON of a protocol: {"<container>": {members...}}. */
struct iow_caps_schema {
	const char *protocol;
	const char *container; /* "capabilities" */
	const struct iow_caps_desc *members;
	size_t n_members;
	size_t size;           /* sizeof the C struct */
	size_t present_offset; /* of its uint64_t present mask */
	uint64_t all;          /* every presence bit */
};

/* ---- results ---- */

enum iow_caps_status {
	IOW_CAPS_OK = 0,
	IOW_CAPS_E_NO_NUL = 1,     /* parse: no NUL terminator within the given length */
	IOW_CAPS_E_SYNTAX = 2,     /* parse: not well-formed JSON (or not UTF-8) */
	IOW_CAPS_E_TOP_LEVEL = 3,  /* parse: the top-level value is not an object */
	IOW_CAPS_E_NOT_OBJECT = 4, /* parse: "capabilities", or a capability that is an object, is not */
	IOW_CAPS_E_TYPE = 5,       /* parse: a uint or bool key holds another JSON type */
	IOW_CAPS_E_RANGE = 6,      /* parse: an integer outside the key's [min, max] or past 64 bits */
	IOW_CAPS_E_NO_SPACE = 7,   /* emit: the caller's buffer is too small */
	IOW_CAPS_E_NOMEM = 8,      /* json-c could not allocate */
	IOW_CAPS_E_INVALID = 9,    /* a NULL argument */
};

/* Bounds of a report: nothing in it grows with the input. */
#define IOW_CAPS_PATH_MAX 96   /* a key path, NUL included; longer ones are cut */
#define IOW_CAPS_MSG_MAX 192   /* the error message, NUL included */
#define IOW_CAPS_MAX_UNKNOWN 8 /* unknown key paths listed; n_unknown counts them all */

/* What a parse found besides the values: the error, if any, and the keys it did not know. */
struct iow_caps_report {
	enum iow_caps_status status;
	char path[IOW_CAPS_PATH_MAX];    /* key path at fault, e.g. "capabilities.max_msg_fds"; "" if none */
	char message[IOW_CAPS_MSG_MAX];  /* e.g. "capabilities.max_msg_fds: expected an unsigned integer" */
	const char *got;                 /* E_TYPE, E_NOT_OBJECT, E_TOP_LEVEL: the JSON type found */
	size_t json_offset;              /* E_SYNTAX: byte where json-c stopped */
	size_t n_unknown;                /* unknown keys, at any level (not fatal) */
	char unknown[IOW_CAPS_MAX_UNKNOWN][IOW_CAPS_PATH_MAX]; /* the first ones, as key paths */
};

const char *iow_caps_status_name(enum iow_caps_status status);

/* ---- vfio-user: struct iow_vfu_caps ---- */

/* Every member to its default (the spec's values for an absent key); nothing present. */
void iow_vfu_caps_defaults(struct iow_vfu_caps *caps);

/* Mark every key present, so iow_vfu_caps_emit writes them all. */
void iow_vfu_caps_mark_all_present(struct iow_vfu_caps *caps);

/* Parse the VERSION data exactly as on the wire: `len` bytes that must hold a NUL; the JSON is the
 * text before the first NUL (bytes after it are not looked at).  A VERSION without version data
 * has no JSON: use iow_vfu_caps_defaults instead.  The top level must be an object; keys other
 * than "capabilities" there, and unknown keys inside it at any depth, are listed in rep->unknown
 * and otherwise ignored.  On success *out holds the values, with defaults for absent keys, and
 * out->present the keys seen; on failure *out is left as it was and rep (may be NULL) says why.
 * A key given twice counts once, with its last value (json-c keeps the last). */
enum iow_caps_status iow_vfu_caps_parse(const char *json, size_t len, struct iow_vfu_caps *out,
					struct iow_caps_report *rep);

/* Write {"capabilities":{...}} and a NUL into buf, with only the present keys, in schema order,
 * with no spaces.  An object is written if it or any key in it is present.  *len (may be NULL)
 * gets the bytes written, NUL included (the VERSION data length), or, on E_NO_SPACE, the bytes
 * needed.  Values are written as they are, even outside their limits (for testing peers). */
enum iow_caps_status iow_vfu_caps_emit(const struct iow_vfu_caps *caps, char *buf, size_t cap,
				       size_t *len);

/* The VERSION rule that the reply's capabilities are a subset of the proposed ones: NULL if every
 * capability present in `reply` is present in `proposed`, else the key path of the first that is
 * not (schema order), e.g. "capabilities.twin_socket".  Capabilities are the keys directly inside
 * "capabilities"; what an object capability holds is its parameters (a twin_socket reply adds
 * fd_index), so keys inside objects are not compared, nor are values. */
const char *iow_vfu_caps_subset_check(const struct iow_vfu_caps *proposed,
				      const struct iow_vfu_caps *reply);

/* ---- the same for any generated schema (caps points at its struct) ---- */

void iow_caps_defaults(const struct iow_caps_schema *schema, void *caps);
void iow_caps_mark_all_present(const struct iow_caps_schema *schema, void *caps);
/* Unlike the typed call, this one writes *caps in place even when it fails. */
enum iow_caps_status iow_caps_parse(const struct iow_caps_schema *schema, const char *json, size_t len,
				    void *caps, struct iow_caps_report *rep);
enum iow_caps_status iow_caps_emit(const struct iow_caps_schema *schema, const void *caps, char *buf,
				   size_t cap, size_t *len);
const char *iow_caps_subset_check(const struct iow_caps_schema *schema, const void *proposed,
				  const void *reply);

#ifdef __cplusplus
}
#endif
#endif /* IOWIRE_CAPS_JSON_H */
