/* vfu_region_info: the DEVICE_GET_REGION_INFO payload and its capability chain, through the type
 * registry. Input: [sel] payload. Besides the round trip, every capability must be reachable with
 * iow_vfu_region_info_caps_at, and encoding the capabilities as items must give the same bytes
 * as encoding the decoded view of the chain. */
#include <stdlib.h>
#include <string.h>

#include "iowf.h"

#define MAX_ITEMS 64

static void check_chain(const struct iowf_codec *c, const void *v, const uint8_t *enc, size_t n)
{
	const struct iow_vfu_region_info *ri = v;
	struct iow_vfu_region_cap items[MAX_ITEMS];
	struct iow_vfu_region_info copy;
	struct iow_cfg cfg = *c->cfg;
	uint8_t *again;
	long m;

	for (size_t i = 0; i < ri->caps.count; i++) {
		struct iow_vfu_region_cap cap;

		if (iow_vfu_region_info_caps_at(&cfg, ri, i, &cap))
			iowf_fail(enc, n, "region_info: capability %zu of %zu is not reachable", i, ri->caps.count);
		if (i < MAX_ITEMS)
			items[i] = cap;
	}
	if (iow_vfu_region_info_caps_at(&cfg, ri, ri->caps.count, &items[0]) == 0)
		iowf_fail(enc, n, "region_info: capability %zu of %zu is reachable", ri->caps.count, ri->caps.count);
	if (ri->caps.count > MAX_ITEMS)
		return;
	copy = *ri;
	memset(&copy.caps, 0, sizeof copy.caps);
	copy.caps.count = ri->caps.count;
	copy.caps.items = ri->caps.count ? items : NULL;
	again = malloc(n ? n : 1);
	if (!again)
		abort();
	m = c->type->encode(&cfg, &copy, again, n, NULL);
	if (m != (long)n || memcmp(again, enc, n))
		iowf_fail(enc, n, "region_info: the chain as items encodes to %ld bytes, as a view to %zu%s", m, n,
			  m == (long)n ? " different ones" : "");
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iowf_input in = { data, size };
	struct iowf_codec c;
	struct iow_cfg cfg;

	if (!iowf_take_cfg(&in, IOW_VFU_PROFILE_COUNT, &cfg, NULL))
		return 0;
	c = iowf_type_codec(&iowf_vfu, iow_vfu_type_by_name("region_info"), &cfg);
	c.check = check_chain;
	iowf_roundtrip(&c, in.data, in.size);
	return 0;
}
