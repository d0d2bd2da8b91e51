/* types: every public type of both protocols decoded on its own, through the type registries,
 * so that no decoder is reached only from inside a message or another structure.
 * Input: [type] [sel] payload. type indexes vfio-user's registry, then ioregionfd's, modulo
 * their total so that every byte value names a type (gen/iowire_gen/emit_fuzz.py writes the
 * seeds in the same order); sel is read with the chosen protocol's profile count. */
#include "iowf.h"

static const struct {
	const struct iowf_proto *proto;
	const struct iow_type_info *(*at)(size_t);
	unsigned nprofiles;
} protos[] = {
	{ &iowf_vfu, iow_vfu_type_at, IOW_VFU_PROFILE_COUNT },
	{ &iowf_iorfd, iow_iorfd_type_at, IOW_IORFD_PROFILE_COUNT },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t count[2], total;
	struct iowf_input in = { data, size };
	struct iowf_codec c;
	struct iow_cfg cfg;
	uint8_t pick;
	size_t i, p = 0;

	if (!total)
		for (size_t k = 0; k < 2; k++)
			for (; protos[k].at(count[k]); count[k]++)
				total++;
	if (!iowf_take_byte(&in, &pick))
		return 0;
	for (i = pick % total; i >= count[p]; p++)
		i -= count[p];
	if (!iowf_take_cfg(&in, protos[p].nprofiles, &cfg, NULL))
		return 0;
	c = iowf_type_codec(protos[p].proto, protos[p].at(i), &cfg);
	iowf_roundtrip(&c, in.data, in.size);
	return 0;
}
