/* One guest access as ioregionfd carries it, whatever the command layout.
 *
 * The layout follows the profile: RFC v3 uses layout B (a cmd byte and a size/resp byte), the
 * design draft and RFC v1/v2 use layout A (a 32-bit info word). Both are 32 bytes; the generated
 * codecs (iowire/ioregionfd.h) check every field. */
#ifndef IOWIRE_IORFD_ACCESS_H
#define IOWIRE_IORFD_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "iowire/ioregionfd.h"

#ifdef __cplusplus
extern "C" {
#endif

struct iow_iorfd_access {
	unsigned cmd;       /* IOW_IORFD_CMD_READ or IOW_IORFD_CMD_WRITE */
	unsigned size_log2; /* access size 1 << size_log2 bytes */
	bool resp;          /* a response must be sent */
	uint64_t user_data;
	uint64_t offset;
	uint8_t data[8];    /* written bytes in guest memory order; unused ones zero */
};

/* true when `profile` uses layout B. */
bool iow_iorfd_layout_b(unsigned profile);

int iow_iorfd_access_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_iorfd_access *a,
			    struct iow_error *err);
long iow_iorfd_access_encode(const struct iow_cfg *cfg, const struct iow_iorfd_access *a, uint8_t *buf, size_t cap,
			     struct iow_error *err);

#ifdef __cplusplus
}
#endif
#endif /* IOWIRE_IORFD_ACCESS_H */
