/* iorfd_kvm: what KVM does with ioregionfd messages, under every profile and both byte orders.
 * Input: 32 bytes (or fewer, zero-padded where field values are needed).
 *  - responses (device-to-kvm) are decoded from the input and go through the round trip;
 *  - commands (kvm-to-device) are encoded from field values: the input's bytes fill the C
 *    structure. What encodes must decode to the same dump (reserved fields as zero). On a
 *    little-endian host, where the structure's memory is laid out like the wire, the encoder
 *    must also accept exactly what the decoder accepts from those same bytes, and write them. */
#include <stdlib.h>
#include <string.h>

#include "iowf.h"

static void encode_fields(const struct iowf_codec *c, const uint8_t *data, size_t size)
{
	const struct iow_type_info *t = c->type;
	uint8_t *value = calloc(1, t->c_size), *decoded = calloc(1, t->c_size), *buf = calloc(1, 2 * t->c_size);
	struct iowf_text d1 = { 0 }, d2 = { 0 };
	struct iow_error err;
	char why[512];
	bool mirror;
	long n;
	int rc;

	if (!value || !decoded || !buf)
		abort();
	/* Only plain structures (no views, no padding) are filled from raw bytes. */
	if (t->c_size != t->fixed_size)
		goto out;
	memcpy(value, data, size < t->c_size ? size : t->c_size);
	iowf_text_dump(c, value, &d1); /* dumping any field values must be safe */
	memset(&err, 0, sizeof err);
	n = t->encode(c->cfg, value, buf, 2 * t->c_size, &err);
	mirror = iowf_host_is_le() && size >= t->c_size;
	if (mirror) {
		struct iow_error derr;

		memset(&derr, 0, sizeof derr);
		rc = t->decode(c->cfg, data, t->c_size, decoded, &derr);
		/* Reserved fields are written as zero whatever the structure holds (README: "always zero
		 * when sent"), so fields the decoder refuses as reserved may still encode. */
		if ((n >= 0) != (rc == 0) && !(n >= 0 && derr.code == IOW_E_RESERVED))
			iowf_fail(data, size, "%s: encoding the fields %s (%s) but decoding their bytes %s (%s)", t->name,
				  n >= 0 ? "succeeds" : "fails", iow_status_name(err.code),
				  rc == 0 ? "succeeds" : "fails", iow_status_name(derr.code));
		if (n >= 0 && ((size_t)n != t->c_size || !iowf_only_cleared(data, buf, t->c_size)))
			iowf_fail(data, size, "%s: encoding the fields wrote other bytes than the fields hold", t->name);
	}
	if (n < 0)
		goto out;
	memset(decoded, 0, t->c_size);
	if (t->decode(c->cfg, buf, (size_t)n, decoded, &err)) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		iowf_fail(data, size, "%s: what the encoder wrote does not decode: %s", t->name, text);
	}
	iowf_text_dump(c, decoded, &d2);
	if (iowf_text_diff(c->proto, &d1, &d2, false, false, why, sizeof why))
		iowf_fail(data, size, "%s: encoded fields decode to other values: %s", t->name, why);
	iowf_accepted++;
out:
	iowf_text_free(&d1);
	iowf_text_free(&d2);
	free(value);
	free(decoded);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iow_cfg cfg;

	for (size_t i = 0; iowf_cfg_at(i, IOW_IORFD_PROFILE_COUNT, &cfg); i++) {
		for (const char *const *name = iowf_iorfd_device_to_kvm; *name; name++) {
			struct iowf_codec c = iowf_type_codec(&iowf_iorfd, iow_iorfd_type_by_name(*name), &cfg);

			iowf_roundtrip(&c, data, size);
		}
		for (const char *const *name = iowf_iorfd_kvm_to_device; *name; name++) {
			struct iowf_codec c = iowf_type_codec(&iowf_iorfd, iow_iorfd_type_by_name(*name), &cfg);

			encode_fields(&c, data, size);
		}
	}
	return 0;
}
