/* ioregionfd accesses in either command layout: see iowire/iorfd_access.h. */
#include "iowire/iorfd_access.h"

#include <string.h>

bool iow_iorfd_layout_b(unsigned profile)
{
	return profile == IOW_IORFD_PROFILE_RFC_V3;
}

int iow_iorfd_access_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_iorfd_access *a,
			    struct iow_error *err)
{
	int rc;

	memset(a, 0, sizeof *a);
	if (iow_iorfd_layout_b(cfg->profile)) {
		struct iow_iorfd_cmd_b c;

		rc = iow_iorfd_cmd_b_decode(cfg, buf, len, &c, err);
		if (rc)
			return rc;
		a->cmd = c.cmd;
		a->size_log2 = (c.size_resp & IOW_IORFD_SIZE_RESP_SIZE_EXPONENT) >> IOW_IORFD_SIZE_RESP_SIZE_EXPONENT_SHIFT;
		a->resp = (c.size_resp & IOW_IORFD_SIZE_RESP_RESP) != 0;
		a->user_data = c.user_data;
		a->offset = c.offset;
		memcpy(a->data, c.data, sizeof a->data);
		return 0;
	}
	struct iow_iorfd_cmd_a c;

	rc = iow_iorfd_cmd_a_decode(cfg, buf, len, &c, err);
	if (rc)
		return rc;
	a->cmd = (c.info & IOW_IORFD_INFO_CMD) >> IOW_IORFD_INFO_CMD_SHIFT;
	a->size_log2 = (c.info & IOW_IORFD_INFO_SIZE) >> IOW_IORFD_INFO_SIZE_SHIFT;
	a->resp = (c.info & IOW_IORFD_INFO_RESP) != 0;
	a->user_data = c.user_data;
	a->offset = c.offset;
	memcpy(a->data, c.data, sizeof a->data);
	return 0;
}

long iow_iorfd_access_encode(const struct iow_cfg *cfg, const struct iow_iorfd_access *a, uint8_t *buf, size_t cap,
			     struct iow_error *err)
{
	if (iow_iorfd_layout_b(cfg->profile)) {
		struct iow_iorfd_cmd_b c;

		memset(&c, 0, sizeof c);
		c.cmd = (uint8_t)a->cmd;
		c.size_resp = (uint8_t)((a->size_log2 << IOW_IORFD_SIZE_RESP_SIZE_EXPONENT_SHIFT) &
					IOW_IORFD_SIZE_RESP_SIZE_EXPONENT);
		c.size_resp |= a->resp ? IOW_IORFD_SIZE_RESP_RESP : 0;
		c.user_data = a->user_data;
		c.offset = a->offset;
		memcpy(c.data, a->data, sizeof c.data);
		return iow_iorfd_cmd_b_encode(cfg, &c, buf, cap, err);
	}
	struct iow_iorfd_cmd_a c;

	memset(&c, 0, sizeof c);
	c.info = (uint32_t)((a->cmd << IOW_IORFD_INFO_CMD_SHIFT) & IOW_IORFD_INFO_CMD);
	c.info |= (uint32_t)((a->size_log2 << IOW_IORFD_INFO_SIZE_SHIFT) & IOW_IORFD_INFO_SIZE);
	c.info |= a->resp ? IOW_IORFD_INFO_RESP : 0;
	c.user_data = a->user_data;
	c.offset = a->offset;
	memcpy(c.data, a->data, sizeof c.data);
	return iow_iorfd_cmd_a_encode(cfg, &c, buf, cap, err);
}
