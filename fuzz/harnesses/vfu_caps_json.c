/* vfu_caps_json: the capabilities JSON of vfio-user's VERSION (iowire/caps_json.h, json-c).
 * Input: the VERSION data as on the wire, the JSON and its NUL.
 *
 * A rejected input must leave the struct as it was and report the same status, with a message
 * that fits its buffer. An accepted one must emit (and fail with no-space, naming the size,
 * one byte short), parse back to the same values and keys present, and emit the same text
 * again; and a set of capabilities is always a subset of itself. */
#include <stdlib.h>
#include <string.h>

#include "iowf.h"
#include "iowire/caps_json.h"

#define EMIT_MAX 4096 /* every key present, every value 20 digits: well below this */

/* Equal in every key the schema's descriptor table lists (not memcmp: padding is not a value). */
static bool same_members(const struct iow_caps_desc *d, size_t n, const uint8_t *a, const uint8_t *b)
{
	for (size_t i = 0; i < n; i++) {
		if (d[i].type == IOW_CAPS_T_OBJECT) {
			if (!same_members(d[i].members, d[i].n_members, a, b))
				return false;
		} else if (d[i].type == IOW_CAPS_T_BOOL ? *(const bool *)(a + d[i].offset) != *(const bool *)(b + d[i].offset)
						       : memcmp(a + d[i].offset, b + d[i].offset, sizeof(uint64_t))) {
			return false;
		}
	}
	return true;
}

static void same_caps(const uint8_t *data, size_t size, const struct iow_vfu_caps *a, const struct iow_vfu_caps *b,
		      const char *what)
{
	const struct iow_caps_schema *sc = &iow_vfu_caps_schema;

	if (a->present != b->present || !same_members(sc->members, sc->n_members, (const uint8_t *)a, (const uint8_t *)b))
		iowf_fail(data, size, "caps_json: %s", what);
}

static void check_rejected(const uint8_t *data, size_t size, enum iow_caps_status st,
			   const struct iow_caps_report *rep, const struct iow_vfu_caps *before,
			   const struct iow_vfu_caps *after)
{
	if (rep->status != st)
		iowf_fail(data, size, "caps_json: parse returned %d, the report says %d", st, rep->status);
	if (!memchr(rep->message, 0, sizeof rep->message) || !memchr(rep->path, 0, sizeof rep->path))
		iowf_fail(data, size, "caps_json: the report's strings are not terminated");
	same_caps(data, size, before, after, "a rejected input changed the struct");
}

static void check_accepted(const uint8_t *data, size_t size, const struct iow_vfu_caps *caps)
{
	static char text[EMIT_MAX], again[EMIT_MAX];
	struct iow_vfu_caps back;
	size_t len = 0, len2 = 0, need = 0;

	if (caps->present & ~iow_vfu_caps_schema.all)
		iowf_fail(data, size, "caps_json: presence bits outside the schema's");
	if (iow_vfu_caps_emit(caps, text, sizeof text, &len) != IOW_CAPS_OK || len == 0 || text[len - 1])
		iowf_fail(data, size, "caps_json: accepted capabilities do not emit");
	if (iow_vfu_caps_emit(caps, again, len - 1, &need) != IOW_CAPS_E_NO_SPACE || need != len)
		iowf_fail(data, size, "caps_json: emit into %zu bytes of %zu: no no-space error", len - 1, len);
	if (iow_vfu_caps_parse(text, len, &back, NULL) != IOW_CAPS_OK)
		iowf_fail(data, size, "caps_json: what emit wrote does not parse: %s", text);
	same_caps(data, size, caps, &back, "emitted and parsed back, the values differ");
	if (iow_vfu_caps_emit(&back, again, sizeof again, &len2) != IOW_CAPS_OK || len2 != len || memcmp(text, again, len))
		iowf_fail(data, size, "caps_json: emitting twice gives different text");
	if (iow_vfu_caps_subset_check(caps, caps))
		iowf_fail(data, size, "caps_json: capabilities are not a subset of themselves");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iow_vfu_caps caps, before;
	struct iow_caps_report rep;
	enum iow_caps_status st;

	/* A pattern, so that a parse that writes on failure is seen. */
	iow_vfu_caps_defaults(&caps);
	caps.max_dma_maps = 0x5a5a5a5a;
	before = caps;
	st = iow_vfu_caps_parse((const char *)data, size, &caps, &rep);
	if (st != IOW_CAPS_OK) {
		check_rejected(data, size, st, &rep, &before, &caps);
		return 0;
	}
	if (rep.status != IOW_CAPS_OK)
		iowf_fail(data, size, "caps_json: accepted, but the report says %d", rep.status);
	check_accepted(data, size, &caps);
	iowf_accepted++;
	return 0;
}
