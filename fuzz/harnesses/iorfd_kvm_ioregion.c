/* iorfd_kvm_ioregion: what KVM parses from KVM_SET_IOREGION, struct kvm_ioregion in each of its
 * versions, under every profile and both byte orders. Input: the structure's bytes. */
#include "iowf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iow_cfg cfg;

	for (size_t i = 0; iowf_cfg_at(i, IOW_IORFD_PROFILE_COUNT, &cfg); i++)
		for (const char *const *name = iowf_iorfd_ioctl; *name; name++) {
			struct iowf_codec c = iowf_type_codec(&iowf_iorfd, iow_iorfd_type_by_name(*name), &cfg);

			iowf_roundtrip(&c, data, size);
		}
	return 0;
}
