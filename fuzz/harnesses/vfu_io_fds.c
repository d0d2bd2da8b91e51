/* vfu_io_fds: the DEVICE_GET_REGION_IO_FDS reply payload (entries chosen by type, with a stride
 * that depends on the profile), under every profile and both byte orders. Input: the payload.
 * Besides the round trip, every entry must be readable with iow_vfu_io_fds_reply_entries_at,
 * and encoding the entries as items must give the same bytes as encoding the decoded view. */
#include <stdlib.h>
#include <string.h>

#include "iowf.h"

#define MAX_ITEMS 64

static void check_entries(const struct iowf_codec *c, const void *v, const uint8_t *enc, size_t n)
{
	const struct iow_vfu_io_fds_reply *r = v;
	struct iow_vfu_io_fd_entry items[MAX_ITEMS];
	struct iow_vfu_io_fds_reply copy;
	uint8_t *again;
	long m;

	for (size_t i = 0; i < r->count; i++) {
		struct iow_vfu_io_fd_entry e;

		if (iow_vfu_io_fds_reply_entries_at(c->cfg, r, i, &e))
			iowf_fail(enc, n, "io_fds_reply: entry %zu of %u is not readable", i, (unsigned)r->count);
		if (i < MAX_ITEMS)
			items[i] = e;
	}
	if (r->count > MAX_ITEMS)
		return;
	copy = *r;
	memset(&copy.entries, 0, sizeof copy.entries);
	copy.entries.items = r->count ? items : NULL;
	again = malloc(n ? n : 1);
	if (!again)
		abort();
	m = c->type->encode(c->cfg, &copy, again, n, NULL);
	if (m != (long)n || memcmp(again, enc, n))
		iowf_fail(enc, n, "io_fds_reply: the entries as items encode to %ld bytes, as a view to %zu%s", m, n,
			  m == (long)n ? " different ones" : "");
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct iow_type_info *t = iow_vfu_type_by_name("io_fds_reply");
	struct iow_cfg cfg;

	for (size_t i = 0; iowf_cfg_at(i, IOW_VFU_PROFILE_COUNT, &cfg); i++) {
		struct iowf_codec c = iowf_type_codec(&iowf_vfu, t, &cfg);

		c.check = check_entries;
		iowf_roundtrip(&c, data, size);
	}
	return 0;
}
