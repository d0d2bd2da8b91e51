/* iorfd_device: what an ioregionfd device parses, the commands KVM writes (layouts A and B),
 * under every profile and both byte orders. Input: the command bytes. */
#include "iowf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iow_cfg cfg;

	for (size_t i = 0; iowf_cfg_at(i, IOW_IORFD_PROFILE_COUNT, &cfg); i++)
		for (const char *const *name = iowf_iorfd_kvm_to_device; *name; name++) {
			struct iowf_codec c = iowf_type_codec(&iowf_iorfd, iow_iorfd_type_by_name(*name), &cfg);

			iowf_roundtrip(&c, data, size);
		}
	return 0;
}
