/* The capabilities JSON of vfio-user's VERSION message, read and written with json-c.
 *
 * Table-driven: every key, type, default, limit and member offset comes from the descriptor table
 * generated from the schema (src/vfio_user_caps.c); nothing here knows a key by name.
 */
#include "iowire/caps_json.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

/* Largest unsigned integer literal json-c reads without clamping it. */
#define U64_MAX_TEXT "18446744073709551615"

const char *iow_caps_status_name(enum iow_caps_status status)
{
	switch (status) {
	case IOW_CAPS_OK: return "ok";
	case IOW_CAPS_E_NO_NUL: return "no-nul";
	case IOW_CAPS_E_SYNTAX: return "syntax";
	case IOW_CAPS_E_TOP_LEVEL: return "top-level";
	case IOW_CAPS_E_NOT_OBJECT: return "not-object";
	case IOW_CAPS_E_TYPE: return "type";
	case IOW_CAPS_E_RANGE: return "range";
	case IOW_CAPS_E_NO_SPACE: return "no-space";
	case IOW_CAPS_E_NOMEM: return "nomem";
	case IOW_CAPS_E_INVALID: return "invalid";
	}
	return "unknown";
}

/* ---- struct access through descriptors ---- */

static uint64_t load_u64(const void *caps, size_t offset)
{
	uint64_t v;
	memcpy(&v, (const unsigned char *)caps + offset, sizeof v);
	return v;
}

static void store_u64(void *caps, size_t offset, uint64_t v)
{
	memcpy((unsigned char *)caps + offset, &v, sizeof v);
}

static bool load_bool(const void *caps, size_t offset)
{
	bool v;
	memcpy(&v, (const unsigned char *)caps + offset, sizeof v);
	return v;
}

static void store_bool(void *caps, size_t offset, bool v)
{
	memcpy((unsigned char *)caps + offset, &v, sizeof v);
}

/* The presence bits of a key and of every key inside it. */
static uint64_t subtree_mask(const struct iow_caps_desc *d)
{
	uint64_t mask = UINT64_C(1) << d->bit;
	for (size_t i = 0; i < d->n_members; i++)
		mask |= subtree_mask(&d->members[i]);
	return mask;
}

static void set_defaults(const struct iow_caps_desc *descs, size_t n, void *caps)
{
	for (size_t i = 0; i < n; i++) {
		const struct iow_caps_desc *d = &descs[i];
		switch (d->type) {
		case IOW_CAPS_T_UINT:
			store_u64(caps, d->offset, d->def);
			break;
		case IOW_CAPS_T_BOOL:
			store_bool(caps, d->offset, d->def != 0);
			break;
		case IOW_CAPS_T_OBJECT:
			set_defaults(d->members, d->n_members, caps);
			break;
		}
	}
}

void iow_caps_defaults(const struct iow_caps_schema *schema, void *caps)
{
	if (!schema || !caps)
		return;
	memset(caps, 0, schema->size);
	set_defaults(schema->members, schema->n_members, caps);
}

void iow_caps_mark_all_present(const struct iow_caps_schema *schema, void *caps)
{
	if (schema && caps)
		store_u64(caps, schema->present_offset, schema->all);
}

/* ---- parsing ---- */

struct parse_ctx {
	void *caps;
	uint64_t present;
	bool overflow; /* some integer literal of the text needs more than 64 bits */
	struct iow_caps_report *rep;
};

/* Append src to dst[*pos..cap), cutting it to fit and keeping dst NUL-terminated. */
static void append(char *dst, size_t cap, size_t *pos, const char *src)
{
	while (*src && *pos + 1 < cap)
		dst[(*pos)++] = *src++;
	dst[*pos] = '\0';
}

static enum iow_caps_status fail(struct iow_caps_report *rep, enum iow_caps_status status,
				 const char *path, const char *got, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static enum iow_caps_status fail(struct iow_caps_report *rep, enum iow_caps_status status,
				 const char *path, const char *got, const char *fmt, ...)
{
	size_t pos = 0;
	va_list ap;

	rep->status = status;
	rep->got = got;
	append(rep->path, sizeof rep->path, &pos, path);
	pos = 0;
	if (*path) {
		append(rep->message, sizeof rep->message, &pos, path);
		append(rep->message, sizeof rep->message, &pos, ": ");
	}
	va_start(ap, fmt);
	if (pos < sizeof rep->message)
		(void)vsnprintf(rep->message + pos, sizeof rep->message - pos, fmt, ap);
	va_end(ap);
	return status;
}

/* Record an unknown key; the list is bounded, the count is not.  Control bytes are shown as '?'. */
static void note_unknown(struct iow_caps_report *rep, const char *prefix, const char *key)
{
	size_t pos = 0;
	char *dst;

	if (rep->n_unknown++ >= IOW_CAPS_MAX_UNKNOWN)
		return;
	dst = rep->unknown[rep->n_unknown - 1];
	if (prefix) {
		append(dst, IOW_CAPS_PATH_MAX, &pos, prefix);
		append(dst, IOW_CAPS_PATH_MAX, &pos, ".");
	}
	append(dst, IOW_CAPS_PATH_MAX, &pos, key);
	for (char *p = dst; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static const char *type_name(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return "null";
	case json_type_boolean: return "boolean";
	case json_type_double: return "non-integer number";
	case json_type_int: return json_object_get_int64(v) < 0 ? "negative integer" : "integer";
	case json_type_object: return "object";
	case json_type_array: return "array";
	case json_type_string: return "string";
	}
	return "value";
}

static const struct iow_caps_desc *find_key(const struct iow_caps_desc *descs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(descs[i].key, key) == 0)
			return &descs[i];
	return NULL;
}

static enum iow_caps_status parse_uint(struct parse_ctx *c, const struct iow_caps_desc *d,
				       struct json_object *v)
{
	uint64_t u;

	/* json-c reads 1.0 and 1e3 as doubles, and keeps the sign of -1 in the int64 view. */
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return fail(c->rep, IOW_CAPS_E_TYPE, d->path, type_name(v), "expected an unsigned integer");
	u = json_object_get_uint64(v);
	if (u == UINT64_MAX && c->overflow)
		return fail(c->rep, IOW_CAPS_E_RANGE, d->path, NULL,
			    "integer does not fit in 64 bits (the maximum is %" PRIu64 ")", d->max);
	if (u < d->min)
		return fail(c->rep, IOW_CAPS_E_RANGE, d->path, NULL,
			    "%" PRIu64 " is below the minimum %" PRIu64, u, d->min);
	if (u > d->max)
		return fail(c->rep, IOW_CAPS_E_RANGE, d->path, NULL,
			    "%" PRIu64 " is above the maximum %" PRIu64, u, d->max);
	store_u64(c->caps, d->offset, u);
	return IOW_CAPS_OK;
}

/* Read the keys of `obj`, an object whose keys are `descs`; `prefix` is its key path. */
static enum iow_caps_status walk(struct parse_ctx *c, const struct iow_caps_desc *descs, size_t n,
				 const char *prefix, struct json_object *obj)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *key = json_object_iter_peek_name(&it);
		struct json_object *v = json_object_iter_peek_value(&it);
		const struct iow_caps_desc *d = find_key(descs, n, key);
		enum iow_caps_status st = IOW_CAPS_OK;

		if (!d) {
			note_unknown(c->rep, prefix, key);
			continue;
		}
		c->present |= UINT64_C(1) << d->bit;
		switch (d->type) {
		case IOW_CAPS_T_UINT:
			st = parse_uint(c, d, v);
			break;
		case IOW_CAPS_T_BOOL:
			if (!json_object_is_type(v, json_type_boolean))
				return fail(c->rep, IOW_CAPS_E_TYPE, d->path, type_name(v), "expected a boolean");
			store_bool(c->caps, d->offset, json_object_get_boolean(v) != 0);
			break;
		case IOW_CAPS_T_OBJECT:
			if (!json_object_is_type(v, json_type_object))
				return fail(c->rep, IOW_CAPS_E_NOT_OBJECT, d->path, type_name(v), "expected an object");
			st = walk(c, d->members, d->n_members, d->path, v);
			break;
		}
		if (st != IOW_CAPS_OK)
			return st;
	}
	return IOW_CAPS_OK;
}

/* json-c accepts two things a strict reader must not: single-quoted strings, even with
 * JSON_TOKENER_STRICT, and integers past UINT64_MAX, which it silently clamps to UINT64_MAX.  One
 * pass over text json-c already accepted catches both: it fails at the first byte outside a string
 * that no JSON token has (*bad gets its offset), and sets *overflow if an integer literal needs
 * more than 64 bits (json-c has forgotten the literal by then, so a value of exactly UINT64_MAX is
 * taken as clamped when the text holds such a literal). */
static bool scan_text(const char *s, size_t n, size_t *bad, bool *overflow)
{
	size_t i = 0;

	while (i < n) {
		char ch = s[i];

		if (ch == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
		} else if (ch == '-' || (ch >= '0' && ch <= '9')) {
			bool negative = ch == '-', integer = true;
			size_t digits, j;

			if (negative)
				i++;
			for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				;
			while (i + 1 < j && s[i] == '0')
				i++;
			digits = j - i;
			for (; j < n && s[j] && strchr("0123456789.eE+-", s[j]); j++)
				if (s[j] == '.' || s[j] == 'e' || s[j] == 'E')
					integer = false;
			if (integer && !negative &&
			    (digits > 20 || (digits == 20 && memcmp(s + i, U64_MAX_TEXT, 20) > 0)))
				*overflow = true;
			i = j;
		} else if (ch && strchr(" \t\r\n{}[]:,truefalsn", ch)) {
			i++;
		} else {
			*bad = i;
			return false;
		}
	}
	return true;
}

enum iow_caps_status iow_caps_parse(const struct iow_caps_schema *schema, const char *json, size_t len,
				    void *caps, struct iow_caps_report *rep)
{
	struct iow_caps_report local;
	struct parse_ctx c;
	struct json_tokener *tok;
	struct json_object *top, *inner = NULL;
	enum json_tokener_error jerr;
	enum iow_caps_status st = IOW_CAPS_OK;
	const char *nul;
	size_t n, bad = 0;
	bool found = false;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	if (!schema || !caps || (!json && len))
		return fail(rep, IOW_CAPS_E_INVALID, "", NULL, "NULL argument");
	iow_caps_defaults(schema, caps);
	nul = len ? memchr(json, '\0', len) : NULL;
	if (!nul)
		return fail(rep, IOW_CAPS_E_NO_NUL, "", NULL, "no NUL terminator within the %zu bytes given", len);
	n = (size_t)(nul - json);
	if (n >= INT_MAX)
		return fail(rep, IOW_CAPS_E_SYNTAX, "", NULL, "%zu bytes of JSON is too long for json-c", n);

	tok = json_tokener_new();
	if (!tok)
		return fail(rep, IOW_CAPS_E_NOMEM, "", NULL, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	/* The NUL goes in too: it ends a top-level number json-c would otherwise wait on. */
	top = json_tokener_parse_ex(tok, json, (int)(n + 1));
	jerr = json_tokener_get_error(tok);
	if (jerr != json_tokener_success) {
		rep->json_offset = json_tokener_get_parse_end(tok);
		st = fail(rep, IOW_CAPS_E_SYNTAX, "", NULL, "malformed JSON at byte %zu: %s", rep->json_offset,
			  json_tokener_error_desc(jerr));
	} else if (json_tokener_get_parse_end(tok) < n) {
		rep->json_offset = json_tokener_get_parse_end(tok);
		st = fail(rep, IOW_CAPS_E_SYNTAX, "", NULL, "malformed JSON at byte %zu: data after the value",
			  rep->json_offset);
	}
	json_tokener_free(tok);
	if (st != IOW_CAPS_OK)
		goto out;

	memset(&c, 0, sizeof c);
	c.caps = caps;
	c.rep = rep;
	if (!scan_text(json, n, &bad, &c.overflow)) {
		rep->json_offset = bad;
		st = fail(rep, IOW_CAPS_E_SYNTAX, "", NULL, "malformed JSON at byte %zu: unexpected character", bad);
		goto out;
	}
	if (!json_object_is_type(top, json_type_object)) {
		st = fail(rep, IOW_CAPS_E_TOP_LEVEL, "", type_name(top), "top level: expected an object");
		goto out;
	}
	{
		struct json_object_iterator it = json_object_iter_begin(top);
		struct json_object_iterator end = json_object_iter_end(top);

		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
			const char *key = json_object_iter_peek_name(&it);

			if (strcmp(key, schema->container) == 0) {
				found = true;
				inner = json_object_iter_peek_value(&it);
			} else {
				note_unknown(rep, NULL, key);
			}
		}
	}
	if (found) {
		if (!json_object_is_type(inner, json_type_object)) {
			st = fail(rep, IOW_CAPS_E_NOT_OBJECT, schema->container, type_name(inner),
				  "expected an object");
			goto out;
		}
		st = walk(&c, schema->members, schema->n_members, schema->container, inner);
		if (st != IOW_CAPS_OK)
			goto out;
	}
	store_u64(caps, schema->present_offset, c.present);
out:
	json_object_put(top);
	return st;
}

/* ---- writing ---- */

static enum iow_caps_status build(const struct iow_caps_desc *descs, size_t n, const void *caps,
				  uint64_t present, struct json_object *obj)
{
	for (size_t i = 0; i < n; i++) {
		const struct iow_caps_desc *d = &descs[i];
		struct json_object *v = NULL;

		if (!(present & subtree_mask(d)))
			continue;
		switch (d->type) {
		case IOW_CAPS_T_UINT:
			v = json_object_new_uint64(load_u64(caps, d->offset));
			break;
		case IOW_CAPS_T_BOOL:
			v = json_object_new_boolean(load_bool(caps, d->offset));
			break;
		case IOW_CAPS_T_OBJECT:
			v = json_object_new_object();
			if (v && build(d->members, d->n_members, caps, present, v) != IOW_CAPS_OK) {
				json_object_put(v);
				return IOW_CAPS_E_NOMEM;
			}
			break;
		}
		if (!v)
			return IOW_CAPS_E_NOMEM;
		/* Keys are the table's own strings, unique within their object. */
		if (json_object_object_add_ex(obj, d->key, v,
					      JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY)) {
			json_object_put(v);
			return IOW_CAPS_E_NOMEM;
		}
	}
	return IOW_CAPS_OK;
}

enum iow_caps_status iow_caps_emit(const struct iow_caps_schema *schema, const void *caps, char *buf,
				   size_t cap, size_t *len)
{
	struct json_object *top, *inner;
	enum iow_caps_status st;
	const char *text;
	size_t need;

	if (len)
		*len = 0;
	if (!schema || !caps || (!buf && cap))
		return IOW_CAPS_E_INVALID;
	top = json_object_new_object();
	inner = json_object_new_object();
	if (!top || !inner) {
		json_object_put(top);
		json_object_put(inner);
		return IOW_CAPS_E_NOMEM;
	}
	if (json_object_object_add_ex(top, schema->container, inner, JSON_C_OBJECT_ADD_CONSTANT_KEY)) {
		json_object_put(top);
		json_object_put(inner);
		return IOW_CAPS_E_NOMEM;
	}
	st = build(schema->members, schema->n_members, caps, load_u64(caps, schema->present_offset), inner);
	if (st == IOW_CAPS_OK) {
		text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (!text) {
			st = IOW_CAPS_E_NOMEM;
		} else {
			need = strlen(text) + 1;
			if (len)
				*len = need;
			if (need > cap)
				st = IOW_CAPS_E_NO_SPACE;
			else
				memcpy(buf, text, need);
		}
	}
	json_object_put(top);
	return st;
}

/* ---- the subset rule ---- */

const char *iow_caps_subset_check(const struct iow_caps_schema *schema, const void *proposed,
				  const void *reply)
{
	uint64_t have, got;

	if (!schema || !proposed || !reply)
		return NULL;
	have = load_u64(proposed, schema->present_offset);
	got = load_u64(reply, schema->present_offset);
	for (size_t i = 0; i < schema->n_members; i++) {
		uint64_t mask = subtree_mask(&schema->members[i]);

		if ((got & mask) && !(have & mask))
			return schema->members[i].path;
	}
	return NULL;
}

/* ---- vfio-user ---- */

void iow_vfu_caps_defaults(struct iow_vfu_caps *caps)
{
	iow_caps_defaults(&iow_vfu_caps_schema, caps);
}

void iow_vfu_caps_mark_all_present(struct iow_vfu_caps *caps)
{
	iow_caps_mark_all_present(&iow_vfu_caps_schema, caps);
}

enum iow_caps_status iow_vfu_caps_parse(const char *json, size_t len, struct iow_vfu_caps *out,
					struct iow_caps_report *rep)
{
	struct iow_vfu_caps tmp;
	enum iow_caps_status st;

	if (!out) {
		struct iow_caps_report local;
		if (!rep)
			rep = &local;
		memset(rep, 0, sizeof *rep);
		return fail(rep, IOW_CAPS_E_INVALID, "", NULL, "NULL argument");
	}
	st = iow_caps_parse(&iow_vfu_caps_schema, json, len, &tmp, rep);
	if (st == IOW_CAPS_OK)
		*out = tmp;
	return st;
}

enum iow_caps_status iow_vfu_caps_emit(const struct iow_vfu_caps *caps, char *buf, size_t cap,
				       size_t *len)
{
	return iow_caps_emit(&iow_vfu_caps_schema, caps, buf, cap, len);
}

const char *iow_vfu_caps_subset_check(const struct iow_vfu_caps *proposed,
				      const struct iow_vfu_caps *reply)
{
	return iow_caps_subset_check(&iow_vfu_caps_schema, proposed, reply);
}
