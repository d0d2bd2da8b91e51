/* Generated from gen/tests/golden/mini.yaml by iowire-gen. Do not edit. */
#include "iowire/mini.h"


/* ---- enumerations ---- */

bool iow_mini_msg_type_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	default: break;
	}
	return false;
}

const char *iow_mini_msg_type_name(uint64_t value)
{
	switch (value) {
	case 0: return "command";
	case 1: return "reply";
	default: return NULL;
	}
}

bool iow_mini_command_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	case 3: if (1) return true; break;
	case 4: if (1) return true; break;
	case 5: if (1) return true; break;
	case 6: if (1) return true; break;
	case 7: if (((0x2u >> profile) & 1u)) return true; break;
	default: break;
	}
	return false;
}

const char *iow_mini_command_name(uint64_t value)
{
	switch (value) {
	case 1: return "PING";
	case 2: return "GET_INFO";
	case 3: return "LIST";
	case 4: return "GET_CAPS";
	case 5: return "GET_ENTRIES";
	case 6: return "SEND_BLOB";
	case 7: return "SET_VALUE";
	default: return NULL;
	}
}

bool iow_mini_mode_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	default: break;
	}
	return false;
}

const char *iow_mini_mode_name(uint64_t value)
{
	switch (value) {
	case 0: return "idle";
	case 1: return "active";
	case 2: return "draining";
	default: return NULL;
	}
}

bool iow_mini_color_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 0: if (1) return true; break;
	case 1: if (1) return true; break;
	case 2: if (1) return true; break;
	default: break;
	}
	return true;
}

const char *iow_mini_color_name(uint64_t value)
{
	switch (value) {
	case 0: return "red";
	case 1: return "green";
	case 2: return "blue";
	default: return NULL;
	}
}

bool iow_mini_value_kind_valid(unsigned profile, uint64_t value)
{
	(void)profile;
	switch (value) {
	case 1: if (((0x2u >> profile) & 1u)) return true; break;
	case 2: if (((0x2u >> profile) & 1u)) return true; break;
	default: break;
	}
	return false;
}

const char *iow_mini_value_kind_name(uint64_t value)
{
	switch (value) {
	case 1: return "number";
	case 2: return "point";
	default: return NULL;
	}
}

/* ---- flags ---- */

uint64_t iow_mini_header_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (1)
		mask |= 0xfu;
	if (1)
		mask |= 0x10u;
	if (1)
		mask |= 0x20u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int iow_mini_header_flags_check(const struct iow_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct iow_error *err)
{
	if (!iow_mini_msg_type_valid(cfg->profile, (v & 0xfu) >> 0))
		return iow_fail(err, IOW_E_ENUM, field, (v & 0xfu) >> 0, off);
	return 0;
}

uint64_t iow_mini_info_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (1)
		mask |= 0x1u;
	if (1)
		mask |= 0x2u;
	if (1)
		mask |= 0x30u;
	if (1)
		mask |= 0x40u;
	if (1)
		mask |= 0x80u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int iow_mini_info_flags_check(const struct iow_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct iow_error *err)
{
	uint64_t undef = v & ~iow_mini_info_flags_defined(cfg->profile);

	if (undef)
		return iow_fail(err, IOW_E_UNDEFINED_BIT, field, undef, off);
	if (!iow_mini_mode_valid(cfg->profile, (v & 0x30u) >> 4))
		return iow_fail(err, IOW_E_ENUM, field, (v & 0x30u) >> 4, off);
	{
		uint64_t g = v & 0x3u; /* op */

		if (g == 0 || (g & (g - 1)) != 0)
			return iow_fail(err, IOW_E_GROUP, field, g, off);
	}
	return 0;
}

uint64_t iow_mini_value_flags_defined(unsigned profile)
{
	uint64_t mask = 0;

	(void)profile;
	if (((0x2u >> profile) & 1u))
		mask |= 0xffu;
	if (((0x2u >> profile) & 1u))
		mask |= 0x100u;
	return mask;
}

/* Undefined bits, closed sub-field enums and one-of groups, on receipt and before sending alike.
 * Undefined bits fail only under `reject`; under `ignore` they are accepted, and written as zero
 * (IOW-ENC-001), as an `ignore` reserved field is, so that whatever decodes also encodes. */
static inline int iow_mini_value_flags_check(const struct iow_cfg *cfg, uint64_t v, const char *field,
		size_t off, struct iow_error *err)
{
	uint64_t undef = v & ~iow_mini_value_flags_defined(cfg->profile);

	if (undef)
		return iow_fail(err, IOW_E_UNDEFINED_BIT, field, undef, off);
	if (!iow_mini_value_kind_valid(cfg->profile, (v & 0xffu) >> 0))
		return iow_fail(err, IOW_E_ENUM, field, (v & 0xffu) >> 0, off);
	return 0;
}

/* ---- internal prototypes ---- */
static inline int iow_mini_cap_header_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_header *out, struct iow_error *err);
static inline int iow_mini_cap_header_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_header *out, size_t *used, struct iow_error *err);
static inline int iow_mini_cap_header_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_error *err);
static inline int iow_mini_cap_header_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_cap_header_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, uint8_t *p);
static inline size_t iow_mini_cap_header_write(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, uint8_t *p);
static inline void iow_mini_cap_header_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_dump *d);
static inline int iow_mini_cap_range_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_range *out, struct iow_error *err);
static inline int iow_mini_cap_range_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_range *out, size_t *used, struct iow_error *err);
static inline int iow_mini_cap_range_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_error *err);
static inline int iow_mini_cap_range_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_cap_range_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, uint8_t *p);
static inline size_t iow_mini_cap_range_write(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, uint8_t *p);
static inline void iow_mini_cap_range_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_dump *d);
static inline int iow_mini_point_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_point *out, struct iow_error *err);
static inline int iow_mini_point_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_point *out, size_t *used, struct iow_error *err);
static inline int iow_mini_point_check_send(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_error *err);
static inline int iow_mini_point_measure(const struct iow_cfg *cfg, const struct iow_mini_point *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_point_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_point *in, uint8_t *p);
static inline size_t iow_mini_point_write(const struct iow_cfg *cfg, const struct iow_mini_point *in, uint8_t *p);
static inline void iow_mini_point_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_dump *d);
static inline int iow_mini_cap_points_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_points *out, struct iow_error *err);
static inline int iow_mini_cap_points_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_points *out, size_t *used, struct iow_error *err);
static inline int iow_mini_cap_points_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_error *err);
static inline int iow_mini_cap_points_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_cap_points_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, uint8_t *p);
static inline size_t iow_mini_cap_points_write(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, uint8_t *p);
static inline void iow_mini_cap_points_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_dump *d);
static inline int iow_mini_header_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_header *out, struct iow_error *err);
static inline int iow_mini_header_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_header *out, size_t *used, struct iow_error *err);
static inline int iow_mini_header_check_send(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_error *err);
static inline int iow_mini_header_measure(const struct iow_cfg *cfg, const struct iow_mini_header *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_header_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_header *in, uint8_t *p);
static inline size_t iow_mini_header_write(const struct iow_cfg *cfg, const struct iow_mini_header *in, uint8_t *p);
static inline void iow_mini_header_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_dump *d);
static inline int iow_mini_empty_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_empty *out, struct iow_error *err);
static inline int iow_mini_empty_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_empty *out, size_t *used, struct iow_error *err);
static inline int iow_mini_empty_check_send(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_error *err);
static inline int iow_mini_empty_measure(const struct iow_cfg *cfg, const struct iow_mini_empty *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_empty_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_empty *in, uint8_t *p);
static inline size_t iow_mini_empty_write(const struct iow_cfg *cfg, const struct iow_mini_empty *in, uint8_t *p);
static inline void iow_mini_empty_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_dump *d);
static inline int iow_mini_info_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_info *out, struct iow_error *err);
static inline int iow_mini_info_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_info *out, size_t *used, struct iow_error *err);
static inline int iow_mini_info_check_send(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_error *err);
static inline int iow_mini_info_measure(const struct iow_cfg *cfg, const struct iow_mini_info *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_info_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_info *in, uint8_t *p);
static inline size_t iow_mini_info_write(const struct iow_cfg *cfg, const struct iow_mini_info *in, uint8_t *p);
static inline void iow_mini_info_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_dump *d);
static inline int iow_mini_point_list_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_point_list *out, struct iow_error *err);
static inline int iow_mini_point_list_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_point_list *out, size_t *used, struct iow_error *err);
static inline int iow_mini_point_list_check_send(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_error *err);
static inline int iow_mini_point_list_measure(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_point_list_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, uint8_t *p);
static inline size_t iow_mini_point_list_write(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, uint8_t *p);
static inline void iow_mini_point_list_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_dump *d);
static inline int iow_mini_blob_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_blob *out, struct iow_error *err);
static inline int iow_mini_blob_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_blob *out, size_t *used, struct iow_error *err);
static inline int iow_mini_blob_check_send(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_error *err);
static inline int iow_mini_blob_measure(const struct iow_cfg *cfg, const struct iow_mini_blob *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_blob_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_blob *in, uint8_t *p);
static inline size_t iow_mini_blob_write(const struct iow_cfg *cfg, const struct iow_mini_blob *in, uint8_t *p);
static inline void iow_mini_blob_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_dump *d);
static inline int iow_mini_name_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_name *out, struct iow_error *err);
static inline int iow_mini_name_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_name *out, size_t *used, struct iow_error *err);
static inline int iow_mini_name_check_send(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_error *err);
static inline int iow_mini_name_measure(const struct iow_cfg *cfg, const struct iow_mini_name *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_name_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_name *in, uint8_t *p);
static inline size_t iow_mini_name_write(const struct iow_cfg *cfg, const struct iow_mini_name *in, uint8_t *p);
static inline void iow_mini_name_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_dump *d);
static inline int iow_mini_caps_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_caps *out, struct iow_error *err);
static inline int iow_mini_caps_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_caps *out, size_t *used, struct iow_error *err);
static inline int iow_mini_caps_check_send(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_error *err);
static inline int iow_mini_caps_measure(const struct iow_cfg *cfg, const struct iow_mini_caps *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_caps_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_caps *in, uint8_t *p);
static inline size_t iow_mini_caps_write(const struct iow_cfg *cfg, const struct iow_mini_caps *in, uint8_t *p);
static inline void iow_mini_caps_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_dump *d);
static inline int iow_mini_entry_narrow_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry_narrow *out, struct iow_error *err);
static inline int iow_mini_entry_narrow_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entry_narrow *out, size_t *used, struct iow_error *err);
static inline int iow_mini_entry_narrow_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_error *err);
static inline int iow_mini_entry_narrow_measure(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_entry_narrow_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, uint8_t *p);
static inline size_t iow_mini_entry_narrow_write(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, uint8_t *p);
static inline void iow_mini_entry_narrow_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_dump *d);
static inline int iow_mini_entry_wide_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry_wide *out, struct iow_error *err);
static inline int iow_mini_entry_wide_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entry_wide *out, size_t *used, struct iow_error *err);
static inline int iow_mini_entry_wide_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_error *err);
static inline int iow_mini_entry_wide_measure(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_entry_wide_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, uint8_t *p);
static inline size_t iow_mini_entry_wide_write(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, uint8_t *p);
static inline void iow_mini_entry_wide_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_dump *d);
static inline size_t iow_mini_entry_stride(const struct iow_cfg *cfg);
static inline int iow_mini_entry_elem(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry *out, struct iow_error *err);
static inline int iow_mini_entry_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry *in, struct iow_error *err);
static inline size_t iow_mini_entry_write_elem(const struct iow_cfg *cfg, const struct iow_mini_entry *in, uint8_t *p, size_t stride);
static inline void iow_mini_entry_dump_elem(const struct iow_cfg *cfg, const struct iow_mini_entry *in, struct iow_dump *d);
static inline int iow_mini_entries_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entries *out, struct iow_error *err);
static inline int iow_mini_entries_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entries *out, size_t *used, struct iow_error *err);
static inline int iow_mini_entries_check_send(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_error *err);
static inline int iow_mini_entries_measure(const struct iow_cfg *cfg, const struct iow_mini_entries *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_entries_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entries *in, uint8_t *p);
static inline size_t iow_mini_entries_write(const struct iow_cfg *cfg, const struct iow_mini_entries *in, uint8_t *p);
static inline void iow_mini_entries_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_dump *d);
static inline int iow_mini_value_number_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_value_number *out, struct iow_error *err);
static inline int iow_mini_value_number_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_value_number *out, size_t *used, struct iow_error *err);
static inline int iow_mini_value_number_check_send(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_error *err);
static inline int iow_mini_value_number_measure(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_value_number_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, uint8_t *p);
static inline size_t iow_mini_value_number_write(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, uint8_t *p);
static inline void iow_mini_value_number_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_dump *d);
static inline void iow_mini_value_dump(const struct iow_cfg *cfg, const struct iow_mini_value *in, struct iow_dump *d);
static inline int iow_mini_value_parse(const struct iow_cfg *cfg, uint64_t sel, const uint8_t *buf, size_t len, struct iow_mini_value *out, struct iow_error *err);
static inline int iow_mini_value_measure_sel(const struct iow_cfg *cfg, uint64_t sel, const struct iow_mini_value *in, size_t *size, struct iow_error *err);
static inline int iow_mini_value_body_measure(const struct iow_cfg *cfg, const struct iow_mini_value *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_value_write(const struct iow_cfg *cfg, const struct iow_mini_value *in, uint8_t *p);
static inline int iow_mini_set_value_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_set_value *out, struct iow_error *err);
static inline int iow_mini_set_value_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_set_value *out, size_t *used, struct iow_error *err);
static inline int iow_mini_set_value_check_send(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_error *err);
static inline int iow_mini_set_value_measure(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_set_value_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, uint8_t *p);
static inline size_t iow_mini_set_value_write(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, uint8_t *p);
static inline void iow_mini_set_value_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_dump *d);
static inline int iow_mini_pong_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_pong *out, struct iow_error *err);
static inline int iow_mini_pong_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_pong *out, size_t *used, struct iow_error *err);
static inline int iow_mini_pong_check_send(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_error *err);
static inline int iow_mini_pong_measure(const struct iow_cfg *cfg, const struct iow_mini_pong *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_pong_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_pong *in, uint8_t *p);
static inline size_t iow_mini_pong_write(const struct iow_cfg *cfg, const struct iow_mini_pong *in, uint8_t *p);
static inline void iow_mini_pong_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_dump *d);
static inline int iow_mini_ping_reply_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_ping_reply *out, size_t *used, struct iow_error *err);
static inline int iow_mini_ping_reply_measure(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, size_t *size, struct iow_error *err);
static inline int iow_mini_ping_reply_body_measure(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, size_t *size, struct iow_error *err);
static inline size_t iow_mini_ping_reply_write(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, uint8_t *p);

/* ---- structures ---- */

/* ==== cap_header (8 bytes) ==== */
static inline int iow_mini_cap_header_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_header *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->id = iow_ld_le16(p + 0, cfg->order);
	out->version = iow_ld_le16(p + 2, cfg->order);
	out->next = iow_ld_le32(p + 4, cfg->order);
	return 0;
}

static inline int iow_mini_cap_header_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_header *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_cap_header_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_cap_header_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_cap_header_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_cap_header_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_cap_header_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le16(p + 0, (uint16_t)(in->id), cfg->order);
	iow_st_le16(p + 2, (uint16_t)(in->version), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->next), cfg->order);
	return 8;
}

static inline size_t iow_mini_cap_header_write(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, uint8_t *p)
{
	size_t pos = iow_mini_cap_header_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_cap_header_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "id", in->id, false);
	iow_dump_uint(d, "version", in->version, false);
	iow_dump_uint(d, "next", in->next, false);
}

void iow_mini_cap_header_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_cap_header_dump_fixed(cfg, in, d);
}
int iow_mini_cap_header_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_header *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_cap_header_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "cap_header";
	}
	return rc;
}

long iow_mini_cap_header_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_cap_header_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_cap_header check;

		iow_mini_cap_header_write(cfg, in, buf);
		rc = iow_mini_cap_header_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "cap_header";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_cap_header_size(const struct iow_cfg *cfg, const struct iow_mini_cap_header *in)
{
	size_t size = 0;

	return iow_mini_cap_header_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== cap_range (16 bytes) ==== */
static inline int iow_mini_cap_range_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_range *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->start = iow_ld_le64(p + 0, cfg->order);
	out->end = iow_ld_le64(p + 8, cfg->order);
	return 0;
}

static inline int iow_mini_cap_range_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_range *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_cap_range_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_cap_range_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_cap_range_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, size_t *out, struct iow_error *err)
{
	size_t size = 16;
	int rc = iow_mini_cap_range_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_cap_range_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le64(p + 0, (uint64_t)(in->start), cfg->order);
	iow_st_le64(p + 8, (uint64_t)(in->end), cfg->order);
	return 16;
}

static inline size_t iow_mini_cap_range_write(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, uint8_t *p)
{
	size_t pos = iow_mini_cap_range_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_cap_range_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "start", in->start, false);
	iow_dump_uint(d, "end", in->end, false);
}

void iow_mini_cap_range_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_cap_range_dump_fixed(cfg, in, d);
}
int iow_mini_cap_range_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_range *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_cap_range_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "cap_range";
	}
	return rc;
}

long iow_mini_cap_range_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_cap_range_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_cap_range check;

		iow_mini_cap_range_write(cfg, in, buf);
		rc = iow_mini_cap_range_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "cap_range";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_cap_range_size(const struct iow_cfg *cfg, const struct iow_mini_cap_range *in)
{
	size_t size = 0;

	return iow_mini_cap_range_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== point (8 bytes) ==== */
static inline int iow_mini_point_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_point *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->x = iow_to_s32(iow_ld_le32(p + 0, cfg->order));
	out->y = iow_to_s32(iow_ld_le32(p + 4, cfg->order));
	return 0;
}

static inline int iow_mini_point_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_point *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_point_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_point_check_send(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_point_measure(const struct iow_cfg *cfg, const struct iow_mini_point *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_point_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_point_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_point *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->x), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->y), cfg->order);
	return 8;
}

static inline size_t iow_mini_point_write(const struct iow_cfg *cfg, const struct iow_mini_point *in, uint8_t *p)
{
	size_t pos = iow_mini_point_write_fixed(cfg, in, p);
	return pos;
}

static inline size_t iow_mini_point_write_elem(const struct iow_cfg *cfg, const struct iow_mini_point *in, uint8_t *p, size_t stride)
{
	memset(p, 0, stride);
	return iow_mini_point_write_fixed(cfg, in, p);
}

static inline void iow_mini_point_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_int(d, "x", in->x);
	iow_dump_int(d, "y", in->y);
}

void iow_mini_point_dump(const struct iow_cfg *cfg, const struct iow_mini_point *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_point_dump_fixed(cfg, in, d);
}
int iow_mini_point_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_point *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_point_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "point";
	}
	return rc;
}

long iow_mini_point_encode(const struct iow_cfg *cfg, const struct iow_mini_point *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_point_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_point check;

		iow_mini_point_write(cfg, in, buf);
		rc = iow_mini_point_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "point";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_point_size(const struct iow_cfg *cfg, const struct iow_mini_point *in)
{
	size_t size = 0;

	return iow_mini_point_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== cap_points (4 bytes + points) ==== */
static inline int iow_mini_cap_points_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_cap_points *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->count = iow_ld_le32(p + 0, cfg->order);
	return 0;
}

int iow_mini_cap_points_points_at(const struct iow_cfg *cfg, const struct iow_mini_cap_points *s, size_t i,
		struct iow_mini_point *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -IOW_E_INVALID;
	if (s->points.items) {
		*out = s->points.items[i];
		return 0;
	}
	if (!s->points.wire)
		return -IOW_E_INVALID;
	return iow_mini_point_fixed(cfg, s->points.wire + i * s->points.stride, out, NULL);
}

static inline int iow_mini_cap_points_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_cap_points *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 4;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 4)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_cap_points_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
if (n > SIZE_MAX / 8)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 0);
		if (n * 8 > len - pos)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 0);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			rc = iow_mini_point_fixed(cfg, buf + pos + i * 8, &elem, err);
			if (rc)
				return iow_nest(err, rc, "points", (long)i, pos + i * 8);
		}
		out->points.wire = buf + pos;
		out->points.stride = 8;
		pos += (size_t)n * 8;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_cap_points_check_send(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_cap_points_measure(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, size_t *out, struct iow_error *err)
{
	size_t size = 4;
	int rc = iow_mini_cap_points_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		if (n && !in->points.items && !in->points.wire)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 0);
		if (n > (SIZE_MAX - size) / stride)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 0);
		for (size_t i = 0; in->points.items && i < (size_t)n; i++) {
			rc = iow_mini_point_check_send(cfg, &in->points.items[i], err);
			if (rc)
				return iow_nest(err, rc, "points", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_cap_points_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->count), cfg->order);
	return 4;
}

static inline size_t iow_mini_cap_points_write(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, uint8_t *p)
{
	size_t pos = iow_mini_cap_points_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			iow_mini_cap_points_points_at(cfg, in, i, &elem);
			iow_mini_point_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void iow_mini_cap_points_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "count", in->count, false);
}

void iow_mini_cap_points_dump(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_cap_points_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			if (iow_mini_cap_points_points_at(cfg, in, i, &elem))
				break;
			old = iow_dump_push(d, "points", (long)i);
			iow_mini_point_dump(cfg, &elem, d);
			iow_dump_pop(d, old);
		}
	}
}
int iow_mini_cap_points_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_cap_points *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_cap_points_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "cap_points";
	}
	return rc;
}

long iow_mini_cap_points_encode(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_cap_points_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_cap_points check;

		iow_mini_cap_points_write(cfg, in, buf);
		rc = iow_mini_cap_points_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "cap_points";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_cap_points_size(const struct iow_cfg *cfg, const struct iow_mini_cap_points *in)
{
	size_t size = 0;

	return iow_mini_cap_points_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== header (16 bytes) ==== */
static inline int iow_mini_header_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_header *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->msg_id = iow_ld_le16(p + 0, cfg->order);
	out->command = iow_ld_le16(p + 2, cfg->order);
	out->msg_size = iow_ld_le32(p + 4, cfg->order);
	out->flags = iow_ld_le32(p + 8, cfg->order);
	rc = iow_mini_header_flags_check(cfg, out->flags, "flags", 8, err);
	if (rc)
		return rc;
	out->error = iow_ld_le32(p + 12, cfg->order);
	return 0;
}

static inline int iow_mini_header_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_header *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_header_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_header_check_send(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = iow_mini_header_flags_check(cfg, in->flags, "flags", 8, err);
	if (rc)
		return rc;
	return 0;
}

static inline int iow_mini_header_measure(const struct iow_cfg *cfg, const struct iow_mini_header *in, size_t *out, struct iow_error *err)
{
	size_t size = 16;
	int rc = iow_mini_header_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_header_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_header *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le16(p + 0, (uint16_t)(in->msg_id), cfg->order);
	iow_st_le16(p + 2, (uint16_t)(in->command), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->msg_size), cfg->order);
	iow_st_le32(p + 8, (uint32_t)((in->flags & iow_mini_header_flags_defined(cfg->profile))), cfg->order);
	iow_st_le32(p + 12, (uint32_t)(in->error), cfg->order);
	return 16;
}

static inline size_t iow_mini_header_write(const struct iow_cfg *cfg, const struct iow_mini_header *in, uint8_t *p)
{
	size_t pos = iow_mini_header_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_header_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "msg_id", in->msg_id, false);
	iow_dump_uint(d, "command", in->command, false);
	iow_dump_uint(d, "msg_size", in->msg_size, false);
	iow_dump_uint(d, "flags", in->flags, true);
	iow_dump_uint(d, "error", in->error, false);
}

void iow_mini_header_dump(const struct iow_cfg *cfg, const struct iow_mini_header *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_header_dump_fixed(cfg, in, d);
}
int iow_mini_header_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_header *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_header_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "header";
	}
	return rc;
}

long iow_mini_header_encode(const struct iow_cfg *cfg, const struct iow_mini_header *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_header_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_header check;

		iow_mini_header_write(cfg, in, buf);
		rc = iow_mini_header_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "header";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_header_size(const struct iow_cfg *cfg, const struct iow_mini_header *in)
{
	size_t size = 0;

	return iow_mini_header_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== empty (0 bytes) ==== */
static inline int iow_mini_empty_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_empty *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	return 0;
}

static inline int iow_mini_empty_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_empty *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 0;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = iow_mini_empty_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_empty_check_send(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_empty_measure(const struct iow_cfg *cfg, const struct iow_mini_empty *in, size_t *out, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_empty_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_empty_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_empty *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	return 0;
}

static inline size_t iow_mini_empty_write(const struct iow_cfg *cfg, const struct iow_mini_empty *in, uint8_t *p)
{
	size_t pos = iow_mini_empty_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_empty_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
}

void iow_mini_empty_dump(const struct iow_cfg *cfg, const struct iow_mini_empty *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_empty_dump_fixed(cfg, in, d);
}
int iow_mini_empty_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_empty *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_empty_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "empty";
	}
	return rc;
}

long iow_mini_empty_encode(const struct iow_cfg *cfg, const struct iow_mini_empty *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_empty_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_empty check;

		iow_mini_empty_write(cfg, in, buf);
		rc = iow_mini_empty_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "empty";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_empty_size(const struct iow_cfg *cfg, const struct iow_mini_empty *in)
{
	size_t size = 0;

	return iow_mini_empty_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== info (24 bytes + origin) ==== */
static inline int iow_mini_info_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_info *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = iow_ld_le32(p + 0, cfg->order);
	out->flags = iow_ld_le32(p + 4, cfg->order);
	rc = iow_mini_info_flags_check(cfg, out->flags, "flags", 4, err);
	if (rc)
		return rc;
	out->color = p[8];
	out->level = p[9];
	if ((uint64_t)out->level > 100u)
		return iow_fail(err, IOW_E_VALUE, "level", (uint64_t)(out->level), 9);
	out->reserved = iow_ld_le16(p + 10, cfg->order);
	if (out->reserved != 0)
		return iow_fail(err, IOW_E_RESERVED, "reserved", (uint64_t)(out->reserved), 10);
	rc = iow_mini_point_fixed(cfg, p + 12, &out->center, err);
	if (rc)
		return iow_nest(err, rc, "center", -1, 12);
	out->serial = iow_ld_be32(p + 20);
	return 0;
}

static inline int iow_mini_info_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_info *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 24;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 24)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_info_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	if ((out->flags & 0x80u)) {
		if (len - pos < 8)
			return iow_nest(err, iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len - pos), 0), "origin", -1, pos);
		rc = iow_mini_point_fixed(cfg, buf + pos, &out->origin, err);
		if (rc)
			return iow_nest(err, rc, "origin", -1, pos);
		pos += 8;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_info_check_send(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = iow_mini_info_flags_check(cfg, in->flags, "flags", 4, err);
	if (rc)
		return rc;
	rc = iow_mini_point_check_send(cfg, &in->center, err);
	if (rc)
		return iow_nest(err, rc, "center", -1, 12);
	return 0;
}

static inline int iow_mini_info_measure(const struct iow_cfg *cfg, const struct iow_mini_info *in, size_t *out, struct iow_error *err)
{
	size_t size = 24;
	int rc = iow_mini_info_check_send(cfg, in, err);

	if (rc)
		return rc;
	if ((in->flags & 0x80u)) {
		rc = iow_mini_point_check_send(cfg, &in->origin, err);
		if (rc)
			return iow_nest(err, rc, "origin", -1, size);
		size += 8;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_info_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_info *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->flags), cfg->order);
	p[8] = (uint8_t)(in->color);
	p[9] = (uint8_t)(in->level);
	iow_st_le16(p + 10, (uint16_t)(0), cfg->order);
	iow_mini_point_write_fixed(cfg, &in->center, p + 12);
	iow_st_be32(p + 20, (uint32_t)(in->serial));
	return 24;
}

static inline size_t iow_mini_info_write(const struct iow_cfg *cfg, const struct iow_mini_info *in, uint8_t *p)
{
	size_t pos = iow_mini_info_write_fixed(cfg, in, p);
	if ((in->flags & 0x80u)) {
		pos += iow_mini_point_write_fixed(cfg, &in->origin, p + pos);
	}
	return pos;
}

static inline void iow_mini_info_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "argsz", in->argsz, false);
	iow_dump_uint(d, "flags", in->flags, true);
	iow_dump_uint(d, "color", in->color, false);
	iow_dump_uint(d, "level", in->level, false);
	iow_dump_uint(d, "reserved", in->reserved, false);
	old = iow_dump_push(d, "center", -1);
	iow_mini_point_dump(cfg, &in->center, d);
	iow_dump_pop(d, old);
	iow_dump_uint(d, "serial", in->serial, false);
}

void iow_mini_info_dump(const struct iow_cfg *cfg, const struct iow_mini_info *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_info_dump_fixed(cfg, in, d);
	if ((in->flags & 0x80u)) {
		old = iow_dump_push(d, "origin", -1);
		iow_mini_point_dump(cfg, &in->origin, d);
		iow_dump_pop(d, old);
	}
}
int iow_mini_info_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_info *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_info_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "info";
	}
	return rc;
}

long iow_mini_info_encode(const struct iow_cfg *cfg, const struct iow_mini_info *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_info_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_info check;

		iow_mini_info_write(cfg, in, buf);
		rc = iow_mini_info_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "info";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_info_size(const struct iow_cfg *cfg, const struct iow_mini_info *in)
{
	size_t size = 0;

	return iow_mini_info_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== point_list (8 bytes + points) ==== */
static inline int iow_mini_point_list_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_point_list *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = iow_ld_le32(p + 0, cfg->order);
	out->count = iow_ld_le32(p + 4, cfg->order);
	return 0;
}

int iow_mini_point_list_points_at(const struct iow_cfg *cfg, const struct iow_mini_point_list *s, size_t i,
		struct iow_mini_point *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -IOW_E_INVALID;
	if (s->points.items) {
		*out = s->points.items[i];
		return 0;
	}
	if (!s->points.wire)
		return -IOW_E_INVALID;
	return iow_mini_point_fixed(cfg, s->points.wire + i * s->points.stride, out, NULL);
}

static inline int iow_mini_point_list_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_point_list *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_point_list_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
if (n > SIZE_MAX / 8)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 4);
		if (n * 8 > len - pos)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 4);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			rc = iow_mini_point_fixed(cfg, buf + pos + i * 8, &elem, err);
			if (rc)
				return iow_nest(err, rc, "points", (long)i, pos + i * 8);
		}
		out->points.wire = buf + pos;
		out->points.stride = 8;
		pos += (size_t)n * 8;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_point_list_check_send(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_point_list_measure(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_point_list_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		if (n && !in->points.items && !in->points.wire)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 4);
		if (n > (SIZE_MAX - size) / stride)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 4);
		for (size_t i = 0; in->points.items && i < (size_t)n; i++) {
			rc = iow_mini_point_check_send(cfg, &in->points.items[i], err);
			if (rc)
				return iow_nest(err, rc, "points", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_point_list_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->count), cfg->order);
	return 8;
}

static inline size_t iow_mini_point_list_write(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, uint8_t *p)
{
	size_t pos = iow_mini_point_list_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = 8;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			iow_mini_point_list_points_at(cfg, in, i, &elem);
			iow_mini_point_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void iow_mini_point_list_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "argsz", in->argsz, false);
	iow_dump_uint(d, "count", in->count, false);
}

void iow_mini_point_list_dump(const struct iow_cfg *cfg, const struct iow_mini_point_list *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_point_list_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_point elem;

			if (iow_mini_point_list_points_at(cfg, in, i, &elem))
				break;
			old = iow_dump_push(d, "points", (long)i);
			iow_mini_point_dump(cfg, &elem, d);
			iow_dump_pop(d, old);
		}
	}
}
int iow_mini_point_list_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_point_list *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_point_list_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "point_list";
	}
	return rc;
}

long iow_mini_point_list_encode(const struct iow_cfg *cfg, const struct iow_mini_point_list *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_point_list_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_point_list check;

		iow_mini_point_list_write(cfg, in, buf);
		rc = iow_mini_point_list_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "point_list";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_point_list_size(const struct iow_cfg *cfg, const struct iow_mini_point_list *in)
{
	size_t size = 0;

	return iow_mini_point_list_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== blob (12 bytes + data) ==== */
static inline int iow_mini_blob_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_blob *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->flags = iow_ld_le32(p + 0, cfg->order);
	rc = iow_mini_info_flags_check(cfg, out->flags, "flags", 0, err);
	if (rc)
		return rc;
	out->fd_index = iow_ld_le32(p + 4, cfg->order);
	out->length = iow_ld_le32(p + 8, cfg->order);
	return 0;
}

static inline int iow_mini_blob_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_blob *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 12;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 12)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_blob_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	if ((out->flags & 0x40u)) {
		uint64_t n = out->length;

		if (n > len - pos)
			return iow_fail(err, IOW_E_COUNT, "length", (uint64_t)(n), 8);
		out->data.ptr = buf + pos;
		out->data.len = (size_t)n;
		pos += (size_t)n;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_blob_check_send(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = iow_mini_info_flags_check(cfg, in->flags, "flags", 0, err);
	if (rc)
		return rc;
	return 0;
}

static inline int iow_mini_blob_measure(const struct iow_cfg *cfg, const struct iow_mini_blob *in, size_t *out, struct iow_error *err)
{
	size_t size = 12;
	int rc = iow_mini_blob_check_send(cfg, in, err);

	if (rc)
		return rc;
	if ((in->flags & 0x40u)) {
		if ((uint64_t)in->data.len != (uint64_t)in->length || (in->data.len && !in->data.ptr))
			return iow_fail(err, IOW_E_COUNT, "length", (uint64_t)(in->length), 8);
		size += in->data.len;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_blob_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_blob *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->flags), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->fd_index), cfg->order);
	iow_st_le32(p + 8, (uint32_t)(in->length), cfg->order);
	return 12;
}

static inline size_t iow_mini_blob_write(const struct iow_cfg *cfg, const struct iow_mini_blob *in, uint8_t *p)
{
	size_t pos = iow_mini_blob_write_fixed(cfg, in, p);
	if ((in->flags & 0x40u)) {
		if (in->data.len)
			memcpy(p + pos, in->data.ptr, in->data.len);
		pos += in->data.len;
	}
	return pos;
}

static inline void iow_mini_blob_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "flags", in->flags, true);
	iow_dump_uint(d, "fd_index", in->fd_index, false);
	iow_dump_uint(d, "length", in->length, false);
}

void iow_mini_blob_dump(const struct iow_cfg *cfg, const struct iow_mini_blob *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_blob_dump_fixed(cfg, in, d);
	if ((in->flags & 0x40u)) {
		iow_dump_bytes(d, "data", in->data.ptr, in->data.len);
	}
}
int iow_mini_blob_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_blob *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_blob_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "blob";
	}
	return rc;
}

long iow_mini_blob_encode(const struct iow_cfg *cfg, const struct iow_mini_blob *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_blob_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_blob check;

		iow_mini_blob_write(cfg, in, buf);
		rc = iow_mini_blob_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "blob";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_blob_size(const struct iow_cfg *cfg, const struct iow_mini_blob *in)
{
	size_t size = 0;

	return iow_mini_blob_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== name (4 bytes + text) ==== */
static inline int iow_mini_name_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_name *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	memcpy(out->tag, p + 0, 4);
	return 0;
}

static inline int iow_mini_name_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_name *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 4;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 4)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_name_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		out->text.ptr = buf + pos;
		out->text.len = len - pos;
		pos = len;
		if (out->text.len && out->text.ptr[out->text.len - 1] != 0)
			return iow_fail(err, IOW_E_VALUE, "text", (uint64_t)(out->text.ptr[out->text.len - 1]), 4);
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_name_check_send(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_name_measure(const struct iow_cfg *cfg, const struct iow_mini_name *in, size_t *out, struct iow_error *err)
{
	size_t size = 4;
	int rc = iow_mini_name_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		if (in->text.len && !in->text.ptr)
			return iow_fail(err, IOW_E_INVALID, "text", (uint64_t)(0), 4);
		size += in->text.len;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_name_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_name *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	memcpy(p + 0, in->tag, 4);
	return 4;
}

static inline size_t iow_mini_name_write(const struct iow_cfg *cfg, const struct iow_mini_name *in, uint8_t *p)
{
	size_t pos = iow_mini_name_write_fixed(cfg, in, p);
	{
		if (in->text.len)
			memcpy(p + pos, in->text.ptr, in->text.len);
		pos += in->text.len;
	}
	return pos;
}

static inline void iow_mini_name_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_bytes(d, "tag", in->tag, 4);
}

void iow_mini_name_dump(const struct iow_cfg *cfg, const struct iow_mini_name *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_name_dump_fixed(cfg, in, d);
	{
		iow_dump_bytes(d, "text", in->text.ptr, in->text.len);
	}
}
int iow_mini_name_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_name *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_name_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "name";
	}
	return rc;
}

long iow_mini_name_encode(const struct iow_cfg *cfg, const struct iow_mini_name *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_name_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_name check;

		iow_mini_name_write(cfg, in, buf);
		rc = iow_mini_name_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "name";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_name_size(const struct iow_cfg *cfg, const struct iow_mini_name *in)
{
	size_t size = 0;

	return iow_mini_name_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== caps (8 bytes + caps) ==== */
static inline int iow_mini_caps_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_caps *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = iow_ld_le32(p + 0, cfg->order);
	out->cap_offset = iow_ld_le32(p + 4, cfg->order);
	return 0;
}

/* Is `target` one of the capabilities before the current one? Only asked once, on failure. */
static inline bool iow_mini_caps_caps_seen(const struct iow_cfg *cfg, const uint8_t *buf, uint64_t first, uint64_t target)
{
	uint64_t off = first;

	while (off != 0 && off < target)
		off = iow_ld_le32(buf + off + 4, cfg->order);
	return off == target;
}

/* Walks the chain from `first`; checks every capability and copies capability `want` to item. */
static inline int iow_mini_caps_caps_walk(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, uint64_t first,
		size_t want, struct iow_mini_mini_cap *item, size_t *count, size_t *end, struct iow_error *err)
{
	uint64_t off = first;
	size_t i = 0, stop = 8;
	int rc;

	if (first == 0) {
		*count = 0;
		*end = 8;
		return 0;
	}
	if (first < 8)
		return iow_fail(err, IOW_E_CHAIN_OVERLAP, "cap_offset", (uint64_t)(first), 4);
	for (;; i++) {
		struct iow_mini_mini_cap cap;
		uint64_t next;
		size_t body_end, limit;

		memset(&cap, 0, sizeof cap);
		if (off > len || len - off < 8)
			return iow_nest(err, iow_fail(err, IOW_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
		rc = iow_mini_cap_header_fixed(cfg, buf + off, &cap.hdr, err);
		if (rc)
			return iow_nest(err, rc, "caps", (long)i, off);
		next = cap.hdr.next;
		if (next != 0 && next <= off)
			return iow_nest(err, iow_fail(err, iow_mini_caps_caps_seen(cfg, buf, first, next) ?
				IOW_E_CHAIN_LOOP : IOW_E_CHAIN_BACKWARDS, "next", next, off + 4),
				"caps", (long)i, 0);
		if (next != 0 && next - off < 8)
			return iow_nest(err, iow_fail(err, IOW_E_CHAIN_OVERLAP, "next", (uint64_t)(next), off + 4), "caps", (long)i, 0);
		limit = next != 0 && next < len ? (size_t)next : len;
		cap.kase = IOW_MINI_MINI_CAP_UNKNOWN;
		body_end = limit;
		if (cap.hdr.id == 1 && cap.hdr.version == 1) {
			size_t used = 0;

			cap.kase = IOW_MINI_MINI_CAP_RANGE;
			rc = iow_mini_cap_range_parse(cfg, buf + off + 8, len - off - 8, &cap.u.range, &used, err);
			if (rc == -IOW_E_TRUNCATED)
				return iow_nest(err, iow_fail(err, IOW_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
			if (rc)
				return iow_nest(err, iow_nest(err, rc, "range", -1, off + 8), "caps", (long)i, 0);
			body_end = off + 8 + used;
		}
		if (cap.hdr.id == 2 && cap.hdr.version == 1) {
			size_t used = 0;

			cap.kase = IOW_MINI_MINI_CAP_POINTS;
			rc = iow_mini_cap_points_parse(cfg, buf + off + 8, len - off - 8, &cap.u.points, &used, err);
			if (rc == -IOW_E_TRUNCATED)
				return iow_nest(err, iow_fail(err, IOW_E_CHAIN_BOUNDS, "", (uint64_t)(off), off), "caps", (long)i, 0);
			if (rc)
				return iow_nest(err, iow_nest(err, rc, "points", -1, off + 8), "caps", (long)i, 0);
			body_end = off + 8 + used;
		}
		if (cap.kase == IOW_MINI_MINI_CAP_UNKNOWN) {
			cap.body.ptr = buf + off + 8;
			cap.body.len = limit - (size_t)off - 8;
		}
		if (next != 0 && body_end > next)
			return iow_nest(err, iow_fail(err, IOW_E_CHAIN_OVERLAP, "next", (uint64_t)(next), off + 4), "caps", (long)i, 0);
		if (item && i == want) {
			*item = cap;
			*count = i + 1;
			*end = body_end;
			return 0;
		}
		stop = body_end;
		if (next == 0)
			break;
		off = next;
	}
	*count = i + 1;
	*end = stop;
	return 0;
}

int iow_mini_caps_caps_at(const struct iow_cfg *cfg, const struct iow_mini_caps *s, size_t i,
		struct iow_mini_mini_cap *out)
{
	size_t count = 0, end = 0;

	if (i >= s->caps.count)
		return -IOW_E_INVALID;
	if (s->caps.items) {
		*out = s->caps.items[i];
		return 0;
	}
	if (!s->caps.base)
		return -IOW_E_INVALID;
	return iow_mini_caps_caps_walk(cfg, s->caps.base, s->caps.len, s->cap_offset, i, out, &count, &end, NULL);
}

static inline int iow_mini_mini_cap_body_measure(const struct iow_cfg *cfg, const struct iow_mini_mini_cap *cap, size_t *size, struct iow_error *err)
{
	switch (cap->kase) {
	case IOW_MINI_MINI_CAP_RANGE:
		return iow_nest(err, iow_mini_cap_range_measure(cfg, &cap->u.range, size, err), "range", -1, 0);
	case IOW_MINI_MINI_CAP_POINTS:
		return iow_nest(err, iow_mini_cap_points_measure(cfg, &cap->u.points, size, err), "points", -1, 0);
	default:
		if (cap->body.len && !cap->body.ptr)
			return iow_fail(err, IOW_E_INVALID, "body", (uint64_t)(0), 0);
		*size = cap->body.len;
		return 0;
	}
}

static inline int iow_mini_caps_caps_measure(const struct iow_cfg *cfg, const struct iow_mini_caps *in, size_t *size, struct iow_error *err)
{
	size_t total = 8;
	int rc;

	if (in->caps.count == 0) {
		if (in->cap_offset != 0)
			return iow_fail(err, IOW_E_VALUE, "cap_offset", (uint64_t)(in->cap_offset), 4);
		*size = total;
		return 0;
	}
	if (in->cap_offset < 8)
		return iow_fail(err, IOW_E_CHAIN_OVERLAP, "cap_offset", (uint64_t)(in->cap_offset), 4);
	if (!in->caps.items && !in->caps.base)
		return iow_fail(err, IOW_E_INVALID, "caps", (uint64_t)(0), 0);
	total = (size_t)in->cap_offset;
	for (size_t i = 0; i < in->caps.count; i++) {
		struct iow_mini_mini_cap cap;
		size_t body = 0;

		if (iow_mini_caps_caps_at(cfg, in, i, &cap))
			return iow_fail(err, IOW_E_INVALID, "caps", (uint64_t)(i), 0);
		rc = iow_mini_mini_cap_body_measure(cfg, &cap, &body, err);
		if (rc)
			return iow_nest(err, rc, "caps", (long)i, total);
		if (body > SIZE_MAX - total - 8)
			return iow_fail(err, IOW_E_OVERFLOW, "caps", (uint64_t)(i), 0);
		total += 8 + body;
	}
	*size = total;
	return 0;
}

/* Lays the capabilities out back to back from the first offset; next is computed. */
static inline size_t iow_mini_caps_caps_write(const struct iow_cfg *cfg, const struct iow_mini_caps *in, uint8_t *p)
{
	size_t pos = 8;

	if (in->caps.count == 0)
		return pos;
	memset(p + pos, 0, (size_t)in->cap_offset - pos);
	pos = (size_t)in->cap_offset;
	for (size_t i = 0; i < in->caps.count; i++) {
		struct iow_mini_mini_cap cap;
		size_t body = 0, at = pos;

		iow_mini_caps_caps_at(cfg, in, i, &cap);
		iow_mini_mini_cap_body_measure(cfg, &cap, &body, NULL);
		switch (cap.kase) {
		case IOW_MINI_MINI_CAP_RANGE:
			cap.hdr.id = 1;
			cap.hdr.version = 1;
			iow_mini_cap_range_write(cfg, &cap.u.range, p + at + 8);
			break;
		case IOW_MINI_MINI_CAP_POINTS:
			cap.hdr.id = 2;
			cap.hdr.version = 1;
			iow_mini_cap_points_write(cfg, &cap.u.points, p + at + 8);
			break;
		default:
			if (cap.body.len)
				memcpy(p + at + 8, cap.body.ptr, cap.body.len);
			break;
		}
		pos = at + 8 + body;
		cap.hdr.next = (uint32_t)(i + 1 < in->caps.count ? pos : 0);
		iow_mini_cap_header_write_fixed(cfg, &cap.hdr, p + at);
	}
	return pos;
}

static inline void iow_mini_mini_cap_dump_item(const struct iow_cfg *cfg, const struct iow_mini_mini_cap *cap, struct iow_dump *d)
{
	size_t old;

	iow_mini_cap_header_dump(cfg, &cap->hdr, d);
	switch (cap->kase) {
	case IOW_MINI_MINI_CAP_RANGE:
		old = iow_dump_push(d, "range", -1);
		iow_mini_cap_range_dump(cfg, &cap->u.range, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_MINI_CAP_POINTS:
		old = iow_dump_push(d, "points", -1);
		iow_mini_cap_points_dump(cfg, &cap->u.points, d);
		iow_dump_pop(d, old);
		break;
	default:
		iow_dump_bytes(d, "body", cap->body.ptr, cap->body.len);
		break;
	}
}

static inline int iow_mini_caps_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_caps *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_caps_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		size_t count = 0, end = 0;

		rc = iow_mini_caps_caps_walk(cfg, buf, len, out->cap_offset, SIZE_MAX, NULL, &count, &end, err);
		if (rc)
			return rc;
		out->caps.base = buf;
		out->caps.len = len;
		out->caps.count = count;
		pos = end;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_caps_check_send(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_caps_measure(const struct iow_cfg *cfg, const struct iow_mini_caps *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_caps_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		size_t sub = 0;

		rc = iow_mini_caps_caps_measure(cfg, in, &sub, err);
		if (rc)
			return rc;
		size = sub;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_caps_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_caps *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->cap_offset), cfg->order);
	return 8;
}

static inline size_t iow_mini_caps_write(const struct iow_cfg *cfg, const struct iow_mini_caps *in, uint8_t *p)
{
	size_t pos = iow_mini_caps_write_fixed(cfg, in, p);
	{
		pos = iow_mini_caps_caps_write(cfg, in, p);
	}
	return pos;
}

static inline void iow_mini_caps_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "argsz", in->argsz, false);
	iow_dump_uint(d, "cap_offset", in->cap_offset, false);
}

void iow_mini_caps_dump(const struct iow_cfg *cfg, const struct iow_mini_caps *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_caps_dump_fixed(cfg, in, d);
	{
		for (size_t i = 0; i < in->caps.count; i++) {
			struct iow_mini_mini_cap cap;

			if (iow_mini_caps_caps_at(cfg, in, i, &cap))
				break;
			old = iow_dump_push(d, "caps", (long)i);
			iow_mini_mini_cap_dump_item(cfg, &cap, d);
			iow_dump_pop(d, old);
		}
	}
}
int iow_mini_caps_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_caps *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_caps_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "caps";
	}
	return rc;
}

long iow_mini_caps_encode(const struct iow_cfg *cfg, const struct iow_mini_caps *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_caps_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_caps check;

		iow_mini_caps_write(cfg, in, buf);
		rc = iow_mini_caps_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "caps";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_caps_size(const struct iow_cfg *cfg, const struct iow_mini_caps *in)
{
	size_t size = 0;

	return iow_mini_caps_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entry_narrow (16 bytes) ==== */
static inline int iow_mini_entry_narrow_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry_narrow *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->kind = iow_ld_le32(p + 0, cfg->order);
	out->color = iow_ld_le32(p + 4, cfg->order);
	out->address = iow_ld_le64(p + 8, cfg->order);
	return 0;
}

static inline int iow_mini_entry_narrow_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entry_narrow *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 16;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 16)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_entry_narrow_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_entry_narrow_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_entry_narrow_measure(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, size_t *out, struct iow_error *err)
{
	size_t size = 16;
	int rc = iow_mini_entry_narrow_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_entry_narrow_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->kind), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->color), cfg->order);
	iow_st_le64(p + 8, (uint64_t)(in->address), cfg->order);
	return 16;
}

static inline size_t iow_mini_entry_narrow_write(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, uint8_t *p)
{
	size_t pos = iow_mini_entry_narrow_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_entry_narrow_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "kind", in->kind, false);
	iow_dump_uint(d, "color", in->color, false);
	iow_dump_uint(d, "address", in->address, false);
}

void iow_mini_entry_narrow_dump(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_entry_narrow_dump_fixed(cfg, in, d);
}
int iow_mini_entry_narrow_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entry_narrow *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_entry_narrow_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "entry_narrow";
	}
	return rc;
}

long iow_mini_entry_narrow_encode(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_entry_narrow_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_entry_narrow check;

		iow_mini_entry_narrow_write(cfg, in, buf);
		rc = iow_mini_entry_narrow_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "entry_narrow";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_entry_narrow_size(const struct iow_cfg *cfg, const struct iow_mini_entry_narrow *in)
{
	size_t size = 0;

	return iow_mini_entry_narrow_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entry_wide (24 bytes) ==== */
static inline int iow_mini_entry_wide_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry_wide *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->kind = iow_ld_le32(p + 0, cfg->order);
	out->fd_index = iow_ld_le32(p + 4, cfg->order);
	out->address = iow_ld_le64(p + 8, cfg->order);
	out->length = iow_ld_le64(p + 16, cfg->order);
	return 0;
}

static inline int iow_mini_entry_wide_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entry_wide *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 24;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 24)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_entry_wide_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_entry_wide_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_entry_wide_measure(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, size_t *out, struct iow_error *err)
{
	size_t size = 24;
	int rc = iow_mini_entry_wide_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_entry_wide_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->kind), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->fd_index), cfg->order);
	iow_st_le64(p + 8, (uint64_t)(in->address), cfg->order);
	iow_st_le64(p + 16, (uint64_t)(in->length), cfg->order);
	return 24;
}

static inline size_t iow_mini_entry_wide_write(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, uint8_t *p)
{
	size_t pos = iow_mini_entry_wide_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_entry_wide_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "kind", in->kind, false);
	iow_dump_uint(d, "fd_index", in->fd_index, false);
	iow_dump_uint(d, "address", in->address, false);
	iow_dump_uint(d, "length", in->length, false);
}

void iow_mini_entry_wide_dump(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_entry_wide_dump_fixed(cfg, in, d);
}
int iow_mini_entry_wide_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entry_wide *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_entry_wide_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "entry_wide";
	}
	return rc;
}

long iow_mini_entry_wide_encode(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_entry_wide_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_entry_wide check;

		iow_mini_entry_wide_write(cfg, in, buf);
		rc = iow_mini_entry_wide_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "entry_wide";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_entry_wide_size(const struct iow_cfg *cfg, const struct iow_mini_entry_wide *in)
{
	size_t size = 0;

	return iow_mini_entry_wide_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== entries (8 bytes + entries) ==== */
static inline int iow_mini_entries_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entries *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = iow_ld_le32(p + 0, cfg->order);
	out->count = iow_ld_le32(p + 4, cfg->order);
	return 0;
}

int iow_mini_entries_entries_at(const struct iow_cfg *cfg, const struct iow_mini_entries *s, size_t i,
		struct iow_mini_entry *out)
{
	memset(out, 0, sizeof *out);
	if ((uint64_t)i >= (uint64_t)s->count)
		return -IOW_E_INVALID;
	if (s->entries.items) {
		*out = s->entries.items[i];
		return 0;
	}
	if (!s->entries.wire)
		return -IOW_E_INVALID;
	return iow_mini_entry_elem(cfg, s->entries.wire + i * s->entries.stride, out, NULL);
}

static inline int iow_mini_entries_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_entries *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_entries_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		uint64_t n = out->count;
		const size_t stride = iow_mini_entry_stride(cfg);

if (n > SIZE_MAX / stride)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 4);
		if (n * stride > len - pos)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 4);
		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_entry elem;

			rc = iow_mini_entry_elem(cfg, buf + pos + i * stride, &elem, err);
			if (rc)
				return iow_nest(err, rc, "entries", (long)i, pos + i * stride);
		}
		out->entries.wire = buf + pos;
		out->entries.stride = stride;
		pos += (size_t)n * stride;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_entries_check_send(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_entries_measure(const struct iow_cfg *cfg, const struct iow_mini_entries *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_entries_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		uint64_t n = in->count;
		const size_t stride = iow_mini_entry_stride(cfg);

		if (n && !in->entries.items && !in->entries.wire)
			return iow_fail(err, IOW_E_COUNT, "count", (uint64_t)(n), 4);
		if (n > (SIZE_MAX - size) / stride)
			return iow_fail(err, IOW_E_OVERFLOW, "count", (uint64_t)(n), 4);
		for (size_t i = 0; in->entries.items && i < (size_t)n; i++) {
			rc = iow_mini_entry_check_send(cfg, &in->entries.items[i], err);
			if (rc)
				return iow_nest(err, rc, "entries", (long)i, size + i * stride);
		}
		size += (size_t)n * stride;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_entries_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_entries *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->count), cfg->order);
	return 8;
}

static inline size_t iow_mini_entries_write(const struct iow_cfg *cfg, const struct iow_mini_entries *in, uint8_t *p)
{
	size_t pos = iow_mini_entries_write_fixed(cfg, in, p);
	{
		uint64_t n = in->count;
		const size_t stride = iow_mini_entry_stride(cfg);

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_entry elem;

			iow_mini_entries_entries_at(cfg, in, i, &elem);
			iow_mini_entry_write_elem(cfg, &elem, p + pos, stride);
			pos += stride;
		}
	}
	return pos;
}

static inline void iow_mini_entries_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "argsz", in->argsz, false);
	iow_dump_uint(d, "count", in->count, false);
}

void iow_mini_entries_dump(const struct iow_cfg *cfg, const struct iow_mini_entries *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_entries_dump_fixed(cfg, in, d);
	{
		uint64_t n = in->count;

		for (size_t i = 0; i < (size_t)n; i++) {
			struct iow_mini_entry elem;

			if (iow_mini_entries_entries_at(cfg, in, i, &elem))
				break;
			old = iow_dump_push(d, "entries", (long)i);
			iow_mini_entry_dump_elem(cfg, &elem, d);
			iow_dump_pop(d, old);
		}
	}
}
int iow_mini_entries_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_entries *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_entries_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "entries";
	}
	return rc;
}

long iow_mini_entries_encode(const struct iow_cfg *cfg, const struct iow_mini_entries *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_entries_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_entries check;

		iow_mini_entries_write(cfg, in, buf);
		rc = iow_mini_entries_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "entries";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_entries_size(const struct iow_cfg *cfg, const struct iow_mini_entries *in)
{
	size_t size = 0;

	return iow_mini_entries_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== value_number (8 bytes) ==== */
static inline int iow_mini_value_number_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_value_number *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->number = iow_ld_le64(p + 0, cfg->order);
	return 0;
}

static inline int iow_mini_value_number_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_value_number *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_value_number_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_value_number_check_send(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_value_number_measure(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_value_number_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_value_number_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le64(p + 0, (uint64_t)(in->number), cfg->order);
	return 8;
}

static inline size_t iow_mini_value_number_write(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, uint8_t *p)
{
	size_t pos = iow_mini_value_number_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_value_number_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "number", in->number, false);
}

void iow_mini_value_number_dump(const struct iow_cfg *cfg, const struct iow_mini_value_number *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_value_number_dump_fixed(cfg, in, d);
}
int iow_mini_value_number_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_value_number *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_value_number_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "value_number";
	}
	return rc;
}

long iow_mini_value_number_encode(const struct iow_cfg *cfg, const struct iow_mini_value_number *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_value_number_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_value_number check;

		iow_mini_value_number_write(cfg, in, buf);
		rc = iow_mini_value_number_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "value_number";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_value_number_size(const struct iow_cfg *cfg, const struct iow_mini_value_number *in)
{
	size_t size = 0;

	return iow_mini_value_number_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== set_value (8 bytes + value) ==== */
static inline int iow_mini_set_value_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_set_value *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->argsz = iow_ld_le32(p + 0, cfg->order);
	out->flags = iow_ld_le32(p + 4, cfg->order);
	rc = iow_mini_value_flags_check(cfg, out->flags, "flags", 4, err);
	if (rc)
		return rc;
	return 0;
}

static inline int iow_mini_set_value_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_set_value *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_set_value_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	{
		rc = iow_mini_value_parse(cfg, ((out->flags & 0xffu) >> 0), buf + pos, len - pos, &out->value, err);
		if (rc)
			return iow_nest(err, rc, "value", -1, pos);
		pos = len;
	}
	*used = pos;
	return 0;
}

static inline int iow_mini_set_value_check_send(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(((0x2u >> cfg->profile) & 1u)))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	rc = iow_mini_value_flags_check(cfg, in->flags, "flags", 4, err);
	if (rc)
		return rc;
	return 0;
}

static inline int iow_mini_set_value_measure(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_set_value_check_send(cfg, in, err);

	if (rc)
		return rc;
	{
		size_t sub = 0;

		rc = iow_mini_value_measure_sel(cfg, ((in->flags & 0xffu) >> 0), &in->value, &sub, err);
		if (rc)
			return iow_nest(err, rc, "value", -1, size);
		size += sub;
	}
	*out = size;
	return 0;
}

static inline size_t iow_mini_set_value_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le32(p + 0, (uint32_t)(in->argsz), cfg->order);
	iow_st_le32(p + 4, (uint32_t)(in->flags), cfg->order);
	return 8;
}

static inline size_t iow_mini_set_value_write(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, uint8_t *p)
{
	size_t pos = iow_mini_set_value_write_fixed(cfg, in, p);
	{
		pos += iow_mini_value_write(cfg, &in->value, p + pos);
	}
	return pos;
}

static inline void iow_mini_set_value_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "argsz", in->argsz, false);
	iow_dump_uint(d, "flags", in->flags, true);
}

void iow_mini_set_value_dump(const struct iow_cfg *cfg, const struct iow_mini_set_value *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_set_value_dump_fixed(cfg, in, d);
	{
		old = iow_dump_push(d, "value", -1);
		iow_mini_value_dump(cfg, &in->value, d);
		iow_dump_pop(d, old);
	}
}
int iow_mini_set_value_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_set_value *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_set_value_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "set_value";
	}
	return rc;
}

long iow_mini_set_value_encode(const struct iow_cfg *cfg, const struct iow_mini_set_value *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_set_value_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_set_value check;

		iow_mini_set_value_write(cfg, in, buf);
		rc = iow_mini_set_value_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "set_value";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_set_value_size(const struct iow_cfg *cfg, const struct iow_mini_set_value *in)
{
	size_t size = 0;

	return iow_mini_set_value_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ==== pong (8 bytes) ==== */
static inline int iow_mini_pong_fixed(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_pong *out, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)p; (void)out; (void)err; (void)rc;
	out->stamp = iow_ld_le64(p + 0, cfg->order);
	return 0;
}

static inline int iow_mini_pong_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_pong *out,
		size_t *used, struct iow_error *err)
{
	size_t pos = 8;
	int rc;

	(void)len;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	if (len < 8)
		return iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0);
	rc = iow_mini_pong_fixed(cfg, buf, out, err);
	if (rc)
		return rc;
	*used = pos;
	return 0;
}

static inline int iow_mini_pong_check_send(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_error *err)
{
	int rc = 0;

	(void)cfg; (void)in; (void)err; (void)rc;
	if (!(1))
		return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
	return 0;
}

static inline int iow_mini_pong_measure(const struct iow_cfg *cfg, const struct iow_mini_pong *in, size_t *out, struct iow_error *err)
{
	size_t size = 8;
	int rc = iow_mini_pong_check_send(cfg, in, err);

	if (rc)
		return rc;
	*out = size;
	return 0;
}

static inline size_t iow_mini_pong_write_fixed(const struct iow_cfg *cfg, const struct iow_mini_pong *in, uint8_t *p)
{
	(void)cfg; (void)in; (void)p;
	iow_st_le64(p + 0, (uint64_t)(in->stamp), cfg->order);
	return 8;
}

static inline size_t iow_mini_pong_write(const struct iow_cfg *cfg, const struct iow_mini_pong *in, uint8_t *p)
{
	size_t pos = iow_mini_pong_write_fixed(cfg, in, p);
	return pos;
}

static inline void iow_mini_pong_dump_fixed(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)cfg; (void)in; (void)d; (void)old;
	iow_dump_uint(d, "stamp", in->stamp, false);
}

void iow_mini_pong_dump(const struct iow_cfg *cfg, const struct iow_mini_pong *in, struct iow_dump *d)
{
	size_t old = 0;

	(void)old;
	iow_mini_pong_dump_fixed(cfg, in, d);
}
int iow_mini_pong_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_pong *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_pong_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "pong";
	}
	return rc;
}

long iow_mini_pong_encode(const struct iow_cfg *cfg, const struct iow_mini_pong *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_pong_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_pong check;

		iow_mini_pong_write(cfg, in, buf);
		rc = iow_mini_pong_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "pong";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_pong_size(const struct iow_cfg *cfg, const struct iow_mini_pong *in)
{
	size_t size = 0;

	return iow_mini_pong_measure(cfg, in, &size, NULL) ? 0 : size;
}


/* ---- variants ---- */


/* ==== variant entry ==== */
static inline size_t iow_mini_entry_stride(const struct iow_cfg *cfg)
{
	(void)cfg;
	if (((0x1u >> cfg->profile) & 1u))
		return 16;
	if (((0x2u >> cfg->profile) & 1u))
		return 24;
	return 16;
}

static inline int iow_mini_entry_elem(const struct iow_cfg *cfg, const uint8_t *p, struct iow_mini_entry *out, struct iow_error *err)
{
	uint64_t sel = iow_ld_le32(p + 0, cfg->order);

	memset(out, 0, sizeof *out);
	if (sel == 0 && 1) {
		out->kase = IOW_MINI_ENTRY_NARROW;
		return iow_nest(err, iow_mini_entry_narrow_fixed(cfg, p, &out->u.entry_narrow, err), "narrow", -1, 0);
	}
	if (sel == 1 && ((0x2u >> cfg->profile) & 1u)) {
		out->kase = IOW_MINI_ENTRY_WIDE;
		return iow_nest(err, iow_mini_entry_wide_fixed(cfg, p, &out->u.entry_wide, err), "wide", -1, 0);
	}
	return iow_fail(err, IOW_E_ENUM, "kind", (uint64_t)(sel), 0);
}

static inline int iow_mini_entry_check_send(const struct iow_cfg *cfg, const struct iow_mini_entry *in, struct iow_error *err)
{
	switch (in->kase) {
	case IOW_MINI_ENTRY_NARROW:
		if (!(1))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_entry_narrow_check_send(cfg, &in->u.entry_narrow, err), "narrow", -1, 0);
	case IOW_MINI_ENTRY_WIDE:
		if (!(((0x2u >> cfg->profile) & 1u)))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_entry_wide_check_send(cfg, &in->u.entry_wide, err), "wide", -1, 0);
	default:
		return iow_fail(err, IOW_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t iow_mini_entry_write_elem(const struct iow_cfg *cfg, const struct iow_mini_entry *in, uint8_t *p, size_t stride)
{
	memset(p, 0, stride);
	switch (in->kase) {
	case IOW_MINI_ENTRY_NARROW:
		return iow_mini_entry_narrow_write_fixed(cfg, &in->u.entry_narrow, p);
	case IOW_MINI_ENTRY_WIDE:
		return iow_mini_entry_wide_write_fixed(cfg, &in->u.entry_wide, p);
	default:
		return 0;
	}
}

static inline void iow_mini_entry_dump_elem(const struct iow_cfg *cfg, const struct iow_mini_entry *in, struct iow_dump *d)
{
	size_t old;

	switch (in->kase) {
	case IOW_MINI_ENTRY_NARROW:
		old = iow_dump_push(d, "narrow", -1);
		iow_mini_entry_narrow_dump(cfg, &in->u.entry_narrow, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_ENTRY_WIDE:
		old = iow_dump_push(d, "wide", -1);
		iow_mini_entry_wide_dump(cfg, &in->u.entry_wide, d);
		iow_dump_pop(d, old);
		break;
	default:
		break;
	}
}



/* ==== variant value ==== */

static inline void iow_mini_value_dump(const struct iow_cfg *cfg, const struct iow_mini_value *in, struct iow_dump *d)
{
	size_t old;

	switch (in->kase) {
	case IOW_MINI_VALUE_NUMBER:
		old = iow_dump_push(d, "number", -1);
		iow_mini_value_number_dump(cfg, &in->u.value_number, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_VALUE_POINT:
		old = iow_dump_push(d, "point", -1);
		iow_mini_point_dump(cfg, &in->u.point, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_VALUE_RAW:
		iow_dump_bytes(d, "raw", in->raw.ptr, in->raw.len);
		break;
	default:
		break;
	}
}

static inline int iow_mini_value_body_measure(const struct iow_cfg *cfg, const struct iow_mini_value *in, size_t *size, struct iow_error *err)
{
	switch (in->kase) {
	case IOW_MINI_VALUE_NUMBER:
		if (!(((0x2u >> cfg->profile) & 1u)))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_value_number_measure(cfg, &in->u.value_number, size, err), "number", -1, 0);
	case IOW_MINI_VALUE_POINT:
		if (!(1))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_point_measure(cfg, &in->u.point, size, err), "point", -1, 0);
	case IOW_MINI_VALUE_RAW:
		if (in->raw.len && !in->raw.ptr)
			return iow_fail(err, IOW_E_INVALID, "raw", (uint64_t)(0), 0);
		*size = in->raw.len;
		return 0;
	case IOW_MINI_VALUE_NONE:
		*size = 0;
		return 0;
	default:
		return iow_fail(err, IOW_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t iow_mini_value_write(const struct iow_cfg *cfg, const struct iow_mini_value *in, uint8_t *p)
{
	switch (in->kase) {
	case IOW_MINI_VALUE_NUMBER:
		return iow_mini_value_number_write(cfg, &in->u.value_number, p);
	case IOW_MINI_VALUE_POINT:
		return iow_mini_point_write(cfg, &in->u.point, p);
	case IOW_MINI_VALUE_RAW:
		if (in->raw.len)
			memcpy(p, in->raw.ptr, in->raw.len);
		return in->raw.len;
	default:
		return 0;
	}
}

static inline int iow_mini_value_parse(const struct iow_cfg *cfg, uint64_t sel, const uint8_t *buf, size_t len,
		struct iow_mini_value *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->kase = IOW_MINI_VALUE_NONE;
	if (len == 0)
		return 0;
	if (sel == 1 && ((0x2u >> cfg->profile) & 1u)) {
		out->kase = IOW_MINI_VALUE_NUMBER;
		rc = iow_mini_value_number_parse(cfg, buf, len, &out->u.value_number, &used, err);
		if (!rc && used != len)
			rc = iow_fail(err, IOW_E_TRAILING, "", (uint64_t)(len - used), used);
		return iow_nest(err, rc, "number", -1, 0);
	}
	if (sel == 2 && 1) {
		out->kase = IOW_MINI_VALUE_POINT;
		rc = iow_mini_point_parse(cfg, buf, len, &out->u.point, &used, err);
		if (!rc && used != len)
			rc = iow_fail(err, IOW_E_TRAILING, "", (uint64_t)(len - used), used);
		return iow_nest(err, rc, "point", -1, 0);
	}
	out->kase = IOW_MINI_VALUE_RAW;
	out->raw.ptr = buf;
	out->raw.len = len;
	return 0;
}

static inline int iow_mini_value_measure_sel(const struct iow_cfg *cfg, uint64_t sel, const struct iow_mini_value *in,
		size_t *size, struct iow_error *err)
{
	switch (in->kase) {
	case IOW_MINI_VALUE_NUMBER:
		if (sel != 1)
			return iow_fail(err, IOW_E_VALUE, "", (uint64_t)(sel), 0);
		break;
	case IOW_MINI_VALUE_POINT:
		if (sel != 2)
			return iow_fail(err, IOW_E_VALUE, "", (uint64_t)(sel), 0);
		break;
	default:
		break;
	}
	return iow_mini_value_body_measure(cfg, in, size, err);
}



/* ==== variant ping_reply ==== */

void iow_mini_ping_reply_dump(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, struct iow_dump *d)
{
	size_t old;

	switch (in->kase) {
	case IOW_MINI_PING_REPLY_BARE:
		old = iow_dump_push(d, "bare", -1);
		iow_mini_empty_dump(cfg, &in->u.empty, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_PING_REPLY_STAMPED:
		old = iow_dump_push(d, "stamped", -1);
		iow_mini_pong_dump(cfg, &in->u.pong, d);
		iow_dump_pop(d, old);
		break;
	case IOW_MINI_PING_REPLY_RAW:
		iow_dump_bytes(d, "raw", in->raw.ptr, in->raw.len);
		break;
	default:
		break;
	}
}

static inline int iow_mini_ping_reply_body_measure(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, size_t *size, struct iow_error *err)
{
	switch (in->kase) {
	case IOW_MINI_PING_REPLY_BARE:
		if (!(1))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_empty_measure(cfg, &in->u.empty, size, err), "bare", -1, 0);
	case IOW_MINI_PING_REPLY_STAMPED:
		if (!(1))
			return iow_fail(err, IOW_E_PROFILE, "", (uint64_t)(cfg->profile), 0);
		return iow_nest(err, iow_mini_pong_measure(cfg, &in->u.pong, size, err), "stamped", -1, 0);
	case IOW_MINI_PING_REPLY_RAW:
		if (in->raw.len && !in->raw.ptr)
			return iow_fail(err, IOW_E_INVALID, "raw", (uint64_t)(0), 0);
		*size = in->raw.len;
		return 0;
	case IOW_MINI_PING_REPLY_NONE:
		*size = 0;
		return 0;
	default:
		return iow_fail(err, IOW_E_INVALID, "", (uint64_t)(in->kase), 0);
	}
}

static inline size_t iow_mini_ping_reply_write(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, uint8_t *p)
{
	switch (in->kase) {
	case IOW_MINI_PING_REPLY_BARE:
		return iow_mini_empty_write(cfg, &in->u.empty, p);
	case IOW_MINI_PING_REPLY_STAMPED:
		return iow_mini_pong_write(cfg, &in->u.pong, p);
	case IOW_MINI_PING_REPLY_RAW:
		if (in->raw.len)
			memcpy(p, in->raw.ptr, in->raw.len);
		return in->raw.len;
	default:
		return 0;
	}
}

static inline int iow_mini_ping_reply_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, struct iow_mini_ping_reply *out,
		size_t *used, struct iow_error *err)
{
	*used = len;
	if (len == 0 && 1) {
		size_t body = 0;

		out->kase = IOW_MINI_PING_REPLY_BARE;
		return iow_nest(err, iow_mini_empty_parse(cfg, buf, len, &out->u.empty, &body, err), "bare", -1, 0);
	}
	if (len == 8 && 1) {
		size_t body = 0;

		out->kase = IOW_MINI_PING_REPLY_STAMPED;
		return iow_nest(err, iow_mini_pong_parse(cfg, buf, len, &out->u.pong, &body, err), "stamped", -1, 0);
	}
	return iow_fail(err, IOW_E_VALUE, "", (uint64_t)(len), 0);
}

static inline int iow_mini_ping_reply_measure(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in, size_t *size, struct iow_error *err)
{
	return iow_mini_ping_reply_body_measure(cfg, in, size, err);
}

int iow_mini_ping_reply_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len,
		struct iow_mini_ping_reply *out, struct iow_error *err)
{
	size_t used = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!buf && len)
		rc = iow_fail(err, IOW_E_INVALID, "", 0, 0);
	else
		rc = iow_mini_ping_reply_parse(cfg, buf, len, out, &used, err);
	if (!rc && used != len)
		rc = iow_fail(err, IOW_E_TRAILING, "", len - used, used);
	if (rc && err) {
		err->protocol = IOW_MINI_PROTOCOL;
		err->message = "ping_reply";
	}
	return rc;
}

long iow_mini_ping_reply_encode(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t size = 0;
	int rc = iow_mini_ping_reply_measure(cfg, in, &size, err);

	if (!rc && (size > cap || (!buf && size)))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", size, 0);
	if (!rc) {
		/* What is encoded must decode: the decoder is the single statement of every rule. */
		struct iow_mini_ping_reply check;

		iow_mini_ping_reply_write(cfg, in, buf);
		rc = iow_mini_ping_reply_decode(cfg, buf, size, &check, err);
	}
	if (rc) {
		if (err) {
			err->protocol = IOW_MINI_PROTOCOL;
			err->message = "ping_reply";
		}
		return rc;
	}
	return (long)size;
}

size_t iow_mini_ping_reply_size(const struct iow_cfg *cfg, const struct iow_mini_ping_reply *in)
{
	size_t size = 0;

	return iow_mini_ping_reply_measure(cfg, in, &size, NULL) ? 0 : size;
}





/* ---- messages ---- */
const char *iow_mini_msg_name(unsigned command, bool reply)
{
	switch (command) {
	case 1: return reply ? "PING reply" : "PING";
	case 2: return reply ? "GET_INFO reply" : "GET_INFO";
	case 3: return reply ? "LIST reply" : "LIST";
	case 4: return reply ? "GET_CAPS reply" : "GET_CAPS";
	case 5: return reply ? "GET_ENTRIES reply" : "GET_ENTRIES";
	case 6: return reply ? "SEND_BLOB reply" : "SEND_BLOB";
	case 7: return reply ? "SET_VALUE reply" : "SET_VALUE";
	default: return NULL;
	}
}

static inline int iow_mini_msg_parse(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct iow_mini_msg *out, struct iow_error *err)
{
	const uint8_t *pay;
	size_t plen;
	int rc;

	if (!buf && len)
		return iow_fail(err, IOW_E_INVALID, "", (uint64_t)(0), 0);
	if (len < IOW_MINI_HEADER_SIZE)
		return iow_nest(err, iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(len), 0), "header", -1, 0);
	rc = iow_mini_header_fixed(cfg, buf, &out->hdr, err);
	if (rc)
		return iow_nest(err, rc, "header", -1, 0);
	if (out->hdr.msg_size != len)
		return iow_nest(err, iow_fail(err, IOW_E_MSG_SIZE, "msg_size", (uint64_t)(out->hdr.msg_size), 4), "header", -1, 0);
	out->reply = ((out->hdr.flags & IOW_MINI_HEADER_FLAGS_TYPE) >> IOW_MINI_HEADER_FLAGS_TYPE_SHIFT) == IOW_MINI_MSG_TYPE_REPLY;
	out->error = out->reply && (out->hdr.flags & IOW_MINI_HEADER_FLAGS_ERROR);
	/* An error reply echoes whatever command it refuses, a number unknown to the profile too. */
	if (!out->error && !iow_mini_command_valid(cfg->profile, out->hdr.command))
		return iow_nest(err, iow_fail(err, IOW_E_ENUM, "command", (uint64_t)(out->hdr.command), 2), "header", -1, 0);
	pay = buf + IOW_MINI_HEADER_SIZE;
	plen = len - IOW_MINI_HEADER_SIZE;
	out->payload.ptr = pay;
	out->payload.len = plen;
	if (out->error)
		return 0;
	switch (out->hdr.command) {
	case 1:
		if (out->reply) {
		rc = iow_mini_ping_reply_decode(cfg, pay, plen, &out->u.ping_reply, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 2:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 24)
				return iow_nest(err, iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = iow_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? iow_mini_info_fixed(cfg, pay, &out->u.info, err) : iow_mini_info_decode(cfg, pay, plen, &out->u.info, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_info_decode(cfg, pay, plen, &out->u.info, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.info.argsz < 24)
			return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(out->u.info.argsz), 0), "payload", -1, 16);
		if (out->u.info.color != 0)
			return iow_nest(err, iow_fail(err, IOW_E_VALUE, "color", (uint64_t)(out->u.info.color), 8), "payload", -1, 16);
		if (out->u.info.level != 0)
			return iow_nest(err, iow_fail(err, IOW_E_VALUE, "level", (uint64_t)(out->u.info.level), 9), "payload", -1, 16);
		if (out->u.info.serial != 0)
			return iow_nest(err, iow_fail(err, IOW_E_VALUE, "serial", (uint64_t)(out->u.info.serial), 20), "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 3:
		if (out->reply) {
		rc = iow_mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_point_list_decode(cfg, pay, plen, &out->u.point_list, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.point_list.argsz != plen)
			return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(out->u.point_list.argsz), 0), "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 4:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 8)
				return iow_nest(err, iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = iow_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? iow_mini_caps_fixed(cfg, pay, &out->u.caps, err) : iow_mini_caps_decode(cfg, pay, plen, &out->u.caps, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_caps_decode(cfg, pay, plen, &out->u.caps, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.caps.argsz < 8)
			return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(out->u.caps.argsz), 0), "payload", -1, 16);
		if (out->u.caps.cap_offset != 0)
			return iow_nest(err, iow_fail(err, IOW_E_VALUE, "cap_offset", (uint64_t)(out->u.caps.cap_offset), 4), "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	case 5:
		if (out->reply) {
		{
			uint64_t argsz;

			if (plen < 8)
				return iow_nest(err, iow_fail(err, IOW_E_TRUNCATED, "", (uint64_t)(plen), 0), "payload", -1, 16);
			argsz = iow_ld_le32(pay + 0 + 0, cfg->order);
			if (plen > argsz)
				return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(argsz), 0), "payload", -1, 16);
			out->truncated = plen < argsz;
		}
		rc = out->truncated ? iow_mini_entries_fixed(cfg, pay, &out->u.entries, err) : iow_mini_entries_decode(cfg, pay, plen, &out->u.entries, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 8)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		for (size_t i = 0; !out->truncated && i < (size_t)out->u.entries.count; i++) {
			struct iow_mini_entry elem;
			uint64_t v;

			if (iow_mini_entries_entries_at(cfg, &out->u.entries, i, &elem))
				break;
			if (elem.kase == IOW_MINI_ENTRY_WIDE) {
				v = elem.u.entry_wide.fd_index;
				if (v >= nfds && !(v == 4294967295u && ((0x2u >> cfg->profile) & 1u)))
					return iow_nest(err, iow_nest(err, iow_nest(err, iow_fail(err, IOW_E_FDS, "fd_index", (uint64_t)(v), 4), "wide", -1, 0), "entries", (long)i, 0), "payload", -1, 16);
			}
		}
		} else {
		rc = iow_mini_entries_decode(cfg, pay, plen, &out->u.entries, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.entries.argsz < 8)
			return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(out->u.entries.argsz), 0), "payload", -1, 16);
		if (out->u.entries.count != 0)
			return iow_nest(err, iow_fail(err, IOW_E_VALUE, "count", (uint64_t)(out->u.entries.count), 4), "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		for (size_t i = 0; !out->truncated && i < (size_t)out->u.entries.count; i++) {
			struct iow_mini_entry elem;
			uint64_t v;

			if (iow_mini_entries_entries_at(cfg, &out->u.entries, i, &elem))
				break;
			if (elem.kase == IOW_MINI_ENTRY_WIDE) {
				v = elem.u.entry_wide.fd_index;
				if (v >= nfds && !(v == 4294967295u && ((0x2u >> cfg->profile) & 1u)))
					return iow_nest(err, iow_nest(err, iow_nest(err, iow_fail(err, IOW_E_FDS, "fd_index", (uint64_t)(v), 4), "wide", -1, 0), "entries", (long)i, 0), "payload", -1, 16);
			}
		}
		}
		break;
	case 6:
		if (out->reply) {
		rc = iow_mini_name_decode(cfg, pay, plen, &out->u.name, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_blob_decode(cfg, pay, plen, &out->u.blob, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 1)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		if (nfds != 0 && (!((&out->u.blob)->flags & 64u)))
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		if (!out->truncated && out->u.blob.fd_index >= nfds)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "fd_index", (uint64_t)(out->u.blob.fd_index), 4), "payload", -1, 16);
		}
		break;
	case 7:
		if (out->reply) {
		rc = iow_mini_empty_decode(cfg, pay, plen, &out->u.empty, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		} else {
		rc = iow_mini_set_value_decode(cfg, pay, plen, &out->u.set_value, err);
		if (rc)
			return iow_nest(err, rc, "payload", -1, 16);
		if ((uint64_t)out->u.set_value.argsz != plen)
			return iow_nest(err, iow_fail(err, IOW_E_ARGSZ, "argsz", (uint64_t)(out->u.set_value.argsz), 0), "payload", -1, 16);
		if (nfds > 0)
			return iow_nest(err, iow_fail(err, IOW_E_FDS, "", (uint64_t)(nfds), 0), "header", -1, 0);
		}
		break;
	default:
		break;
	}
	return 0;
}

int iow_mini_msg_decode(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, unsigned nfds,
		struct iow_mini_msg *out, struct iow_error *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = iow_mini_msg_parse(cfg, buf, len, nfds, out, err);
	if (rc && err) {
		const char *name = iow_mini_msg_name(out->hdr.command, out->reply);

		err->protocol = IOW_MINI_PROTOCOL;
		err->message = name ? name : "message";
	}
	return rc;
}

static inline bool iow_mini_msg_is_reply(const struct iow_mini_msg *in)
{
	return ((in->hdr.flags & IOW_MINI_HEADER_FLAGS_TYPE) >> IOW_MINI_HEADER_FLAGS_TYPE_SHIFT) == IOW_MINI_MSG_TYPE_REPLY;
}

/* Size of the payload in *size; checks what a sender must not send. */
static inline int iow_mini_msg_measure(const struct iow_cfg *cfg, const struct iow_mini_msg *in, size_t *size,
		struct iow_error *err)
{
	bool reply = iow_mini_msg_is_reply(in);
	int rc = iow_mini_header_check_send(cfg, &in->hdr, err);

	if (rc)
		return iow_nest(err, rc, "header", -1, 0);
	*size = 0;
	if (!(reply && (in->hdr.flags & IOW_MINI_HEADER_FLAGS_ERROR)) && !iow_mini_command_valid(cfg->profile, in->hdr.command))
		return iow_nest(err, iow_fail(err, IOW_E_ENUM, "command", (uint64_t)(in->hdr.command), 2), "header", -1, 0);
	if (reply && (in->hdr.flags & IOW_MINI_HEADER_FLAGS_ERROR)) {
		if (in->payload.len && !in->payload.ptr)
			return iow_fail(err, IOW_E_INVALID, "payload", (uint64_t)(0), 0);
		*size = in->payload.len;
		return 0;
	}
	switch (in->hdr.command) {
	case 1:
		if (reply) {
		rc = iow_mini_ping_reply_measure(cfg, &in->u.ping_reply, size, err);
		} else {
		rc = iow_mini_empty_measure(cfg, &in->u.empty, size, err);
		}
		break;
	case 2:
		if (reply) {
		if (in->truncated) {
			*size = 24;
			rc = iow_mini_info_check_send(cfg, &in->u.info, err);
		} else {
			rc = iow_mini_info_measure(cfg, &in->u.info, size, err);
		}
		} else {
		rc = iow_mini_info_measure(cfg, &in->u.info, size, err);
		}
		break;
	case 3:
		if (reply) {
		rc = iow_mini_empty_measure(cfg, &in->u.empty, size, err);
		} else {
		rc = iow_mini_point_list_measure(cfg, &in->u.point_list, size, err);
		}
		break;
	case 4:
		if (reply) {
		if (in->truncated) {
			*size = 8;
			rc = iow_mini_caps_check_send(cfg, &in->u.caps, err);
		} else {
			rc = iow_mini_caps_measure(cfg, &in->u.caps, size, err);
		}
		} else {
		rc = iow_mini_caps_measure(cfg, &in->u.caps, size, err);
		}
		break;
	case 5:
		if (reply) {
		if (in->truncated) {
			*size = 8;
			rc = iow_mini_entries_check_send(cfg, &in->u.entries, err);
		} else {
			rc = iow_mini_entries_measure(cfg, &in->u.entries, size, err);
		}
		} else {
		rc = iow_mini_entries_measure(cfg, &in->u.entries, size, err);
		}
		break;
	case 6:
		if (reply) {
		rc = iow_mini_name_measure(cfg, &in->u.name, size, err);
		} else {
		rc = iow_mini_blob_measure(cfg, &in->u.blob, size, err);
		}
		break;
	case 7:
		if (reply) {
		rc = iow_mini_empty_measure(cfg, &in->u.empty, size, err);
		} else {
		rc = iow_mini_set_value_measure(cfg, &in->u.set_value, size, err);
		}
		break;
	default:
		break;
	}
	return iow_nest(err, rc, "payload", -1, IOW_MINI_HEADER_SIZE);
}

static inline void iow_mini_msg_write(const struct iow_cfg *cfg, const struct iow_mini_msg *in, size_t psize, uint8_t *buf)
{
	struct iow_mini_header hdr = in->hdr;
	uint8_t *p = buf + IOW_MINI_HEADER_SIZE;
	bool reply = iow_mini_msg_is_reply(in);

	hdr.msg_size = (uint32_t)(IOW_MINI_HEADER_SIZE + psize);
	iow_mini_header_write_fixed(cfg, &hdr, buf);
	if (reply && (in->hdr.flags & IOW_MINI_HEADER_FLAGS_ERROR)) {
		if (psize)
			memcpy(p, in->payload.ptr, psize);
		return;
	}
	switch (in->hdr.command) {
	case 1:
		if (reply) {
		iow_mini_ping_reply_write(cfg, &in->u.ping_reply, p);
		} else {
		iow_mini_empty_write(cfg, &in->u.empty, p);
		}
		break;
	case 2:
		if (reply) {
		if (in->truncated)
			iow_mini_info_write_fixed(cfg, &in->u.info, p);
		else
			iow_mini_info_write(cfg, &in->u.info, p);
		} else {
		iow_mini_info_write(cfg, &in->u.info, p);
		}
		break;
	case 3:
		if (reply) {
		iow_mini_empty_write(cfg, &in->u.empty, p);
		} else {
		iow_mini_point_list_write(cfg, &in->u.point_list, p);
		}
		break;
	case 4:
		if (reply) {
		if (in->truncated)
			iow_mini_caps_write_fixed(cfg, &in->u.caps, p);
		else
			iow_mini_caps_write(cfg, &in->u.caps, p);
		} else {
		iow_mini_caps_write(cfg, &in->u.caps, p);
		}
		break;
	case 5:
		if (reply) {
		if (in->truncated)
			iow_mini_entries_write_fixed(cfg, &in->u.entries, p);
		else
			iow_mini_entries_write(cfg, &in->u.entries, p);
		} else {
		iow_mini_entries_write(cfg, &in->u.entries, p);
		}
		break;
	case 6:
		if (reply) {
		iow_mini_name_write(cfg, &in->u.name, p);
		} else {
		iow_mini_blob_write(cfg, &in->u.blob, p);
		}
		break;
	case 7:
		if (reply) {
		iow_mini_empty_write(cfg, &in->u.empty, p);
		} else {
		iow_mini_set_value_write(cfg, &in->u.set_value, p);
		}
		break;
	default:
		break;
	}
}

long iow_mini_msg_encode(const struct iow_cfg *cfg, const struct iow_mini_msg *in, unsigned nfds,
		uint8_t *buf, size_t cap, struct iow_error *err)
{
	size_t psize = 0, total = 0;
	int rc = iow_mini_msg_measure(cfg, in, &psize, err);

	if (!rc && psize > UINT32_MAX - IOW_MINI_HEADER_SIZE)
		rc = iow_fail(err, IOW_E_OVERFLOW, "header.msg_size", (uint64_t)(psize), 4);
	total = IOW_MINI_HEADER_SIZE + psize;
	if (!rc && (total > cap || !buf))
		rc = iow_fail(err, IOW_E_NO_SPACE, "", (uint64_t)(total), 0);
	if (!rc) {
		struct iow_mini_msg check;

		iow_mini_msg_write(cfg, in, psize, buf);
		rc = iow_mini_msg_decode(cfg, buf, total, nfds, &check, err);
		if (!rc && check.truncated != in->truncated)
			rc = iow_fail(err, IOW_E_ARGSZ, "payload.argsz", (uint64_t)(0), 16);
	}
	if (rc) {
		if (err) {
			const char *name = iow_mini_msg_name(in->hdr.command, iow_mini_msg_is_reply(in));

			err->protocol = IOW_MINI_PROTOCOL;
			err->message = name ? name : "message";
		}
		return rc;
	}
	return (long)total;
}

size_t iow_mini_msg_size(const struct iow_cfg *cfg, const struct iow_mini_msg *in)
{
	size_t psize = 0;

	return iow_mini_msg_measure(cfg, in, &psize, NULL) ? 0 : IOW_MINI_HEADER_SIZE + psize;
}

void iow_mini_msg_dump(const struct iow_cfg *cfg, const struct iow_mini_msg *in, struct iow_dump *d)
{
	size_t old;

	if (in->truncated)
		iow_dump_uint(d, "truncated", 1, false);
	old = iow_dump_push(d, "header", -1);
	iow_mini_header_dump(cfg, &in->hdr, d);
	iow_dump_pop(d, old);
	old = iow_dump_push(d, "payload", -1);
	if (in->error) {
		if (in->payload.len)
			iow_dump_bytes(d, "raw", in->payload.ptr, in->payload.len);
	} else {
		switch (in->hdr.command) {
		case 1:
			if (in->reply) {
			iow_mini_ping_reply_dump(cfg, &in->u.ping_reply, d);
			} else {
			iow_mini_empty_dump(cfg, &in->u.empty, d);
			}
			break;
		case 2:
			if (in->reply) {
			if (in->truncated)
				iow_mini_info_dump_fixed(cfg, &in->u.info, d);
			else
				iow_mini_info_dump(cfg, &in->u.info, d);
			} else {
			iow_mini_info_dump(cfg, &in->u.info, d);
			}
			break;
		case 3:
			if (in->reply) {
			iow_mini_empty_dump(cfg, &in->u.empty, d);
			} else {
			iow_mini_point_list_dump(cfg, &in->u.point_list, d);
			}
			break;
		case 4:
			if (in->reply) {
			if (in->truncated)
				iow_mini_caps_dump_fixed(cfg, &in->u.caps, d);
			else
				iow_mini_caps_dump(cfg, &in->u.caps, d);
			} else {
			iow_mini_caps_dump(cfg, &in->u.caps, d);
			}
			break;
		case 5:
			if (in->reply) {
			if (in->truncated)
				iow_mini_entries_dump_fixed(cfg, &in->u.entries, d);
			else
				iow_mini_entries_dump(cfg, &in->u.entries, d);
			} else {
			iow_mini_entries_dump(cfg, &in->u.entries, d);
			}
			break;
		case 6:
			if (in->reply) {
			iow_mini_name_dump(cfg, &in->u.name, d);
			} else {
			iow_mini_blob_dump(cfg, &in->u.blob, d);
			}
			break;
		case 7:
			if (in->reply) {
			iow_mini_empty_dump(cfg, &in->u.empty, d);
			} else {
			iow_mini_set_value_dump(cfg, &in->u.set_value, d);
			}
			break;
		default:
			break;
		}
	}
	iow_dump_pop(d, old);
}

/* ---- registry ---- */

static int iow_mini_cap_header_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_cap_header_decode(cfg, buf, len, out, err);
}
static long iow_mini_cap_header_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_cap_header_encode(cfg, in, buf, cap, err);
}
static void iow_mini_cap_header_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_cap_header_dump(cfg, in, d);
}

static int iow_mini_cap_range_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_cap_range_decode(cfg, buf, len, out, err);
}
static long iow_mini_cap_range_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_cap_range_encode(cfg, in, buf, cap, err);
}
static void iow_mini_cap_range_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_cap_range_dump(cfg, in, d);
}

static int iow_mini_point_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_point_decode(cfg, buf, len, out, err);
}
static long iow_mini_point_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_point_encode(cfg, in, buf, cap, err);
}
static void iow_mini_point_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_point_dump(cfg, in, d);
}

static int iow_mini_cap_points_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_cap_points_decode(cfg, buf, len, out, err);
}
static long iow_mini_cap_points_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_cap_points_encode(cfg, in, buf, cap, err);
}
static void iow_mini_cap_points_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_cap_points_dump(cfg, in, d);
}

static int iow_mini_header_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_header_decode(cfg, buf, len, out, err);
}
static long iow_mini_header_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_header_encode(cfg, in, buf, cap, err);
}
static void iow_mini_header_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_header_dump(cfg, in, d);
}

static int iow_mini_empty_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_empty_decode(cfg, buf, len, out, err);
}
static long iow_mini_empty_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_empty_encode(cfg, in, buf, cap, err);
}
static void iow_mini_empty_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_empty_dump(cfg, in, d);
}

static int iow_mini_info_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_info_decode(cfg, buf, len, out, err);
}
static long iow_mini_info_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_info_encode(cfg, in, buf, cap, err);
}
static void iow_mini_info_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_info_dump(cfg, in, d);
}

static int iow_mini_point_list_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_point_list_decode(cfg, buf, len, out, err);
}
static long iow_mini_point_list_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_point_list_encode(cfg, in, buf, cap, err);
}
static void iow_mini_point_list_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_point_list_dump(cfg, in, d);
}

static int iow_mini_blob_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_blob_decode(cfg, buf, len, out, err);
}
static long iow_mini_blob_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_blob_encode(cfg, in, buf, cap, err);
}
static void iow_mini_blob_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_blob_dump(cfg, in, d);
}

static int iow_mini_name_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_name_decode(cfg, buf, len, out, err);
}
static long iow_mini_name_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_name_encode(cfg, in, buf, cap, err);
}
static void iow_mini_name_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_name_dump(cfg, in, d);
}

static int iow_mini_caps_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_caps_decode(cfg, buf, len, out, err);
}
static long iow_mini_caps_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_caps_encode(cfg, in, buf, cap, err);
}
static void iow_mini_caps_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_caps_dump(cfg, in, d);
}

static int iow_mini_entry_narrow_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_entry_narrow_decode(cfg, buf, len, out, err);
}
static long iow_mini_entry_narrow_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_entry_narrow_encode(cfg, in, buf, cap, err);
}
static void iow_mini_entry_narrow_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_entry_narrow_dump(cfg, in, d);
}

static int iow_mini_entry_wide_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_entry_wide_decode(cfg, buf, len, out, err);
}
static long iow_mini_entry_wide_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_entry_wide_encode(cfg, in, buf, cap, err);
}
static void iow_mini_entry_wide_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_entry_wide_dump(cfg, in, d);
}

static int iow_mini_entries_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_entries_decode(cfg, buf, len, out, err);
}
static long iow_mini_entries_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_entries_encode(cfg, in, buf, cap, err);
}
static void iow_mini_entries_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_entries_dump(cfg, in, d);
}

static int iow_mini_value_number_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_value_number_decode(cfg, buf, len, out, err);
}
static long iow_mini_value_number_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_value_number_encode(cfg, in, buf, cap, err);
}
static void iow_mini_value_number_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_value_number_dump(cfg, in, d);
}

static int iow_mini_set_value_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_set_value_decode(cfg, buf, len, out, err);
}
static long iow_mini_set_value_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_set_value_encode(cfg, in, buf, cap, err);
}
static void iow_mini_set_value_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_set_value_dump(cfg, in, d);
}

static int iow_mini_pong_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_pong_decode(cfg, buf, len, out, err);
}
static long iow_mini_pong_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_pong_encode(cfg, in, buf, cap, err);
}
static void iow_mini_pong_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_pong_dump(cfg, in, d);
}

static int iow_mini_ping_reply_decode_any(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, void *out, struct iow_error *err)
{
	return iow_mini_ping_reply_decode(cfg, buf, len, out, err);
}
static long iow_mini_ping_reply_encode_any(const struct iow_cfg *cfg, const void *in, uint8_t *buf, size_t cap, struct iow_error *err)
{
	return iow_mini_ping_reply_encode(cfg, in, buf, cap, err);
}
static void iow_mini_ping_reply_dump_any(const struct iow_cfg *cfg, const void *in, struct iow_dump *d)
{
	iow_mini_ping_reply_dump(cfg, in, d);
}

static const struct iow_type_info iow_mini_types[] = {
	{ "cap_header", sizeof(struct iow_mini_cap_header), 8,
	  iow_mini_cap_header_decode_any, iow_mini_cap_header_encode_any, iow_mini_cap_header_dump_any },
	{ "cap_range", sizeof(struct iow_mini_cap_range), 16,
	  iow_mini_cap_range_decode_any, iow_mini_cap_range_encode_any, iow_mini_cap_range_dump_any },
	{ "point", sizeof(struct iow_mini_point), 8,
	  iow_mini_point_decode_any, iow_mini_point_encode_any, iow_mini_point_dump_any },
	{ "cap_points", sizeof(struct iow_mini_cap_points), 4,
	  iow_mini_cap_points_decode_any, iow_mini_cap_points_encode_any, iow_mini_cap_points_dump_any },
	{ "header", sizeof(struct iow_mini_header), 16,
	  iow_mini_header_decode_any, iow_mini_header_encode_any, iow_mini_header_dump_any },
	{ "empty", sizeof(struct iow_mini_empty), 0,
	  iow_mini_empty_decode_any, iow_mini_empty_encode_any, iow_mini_empty_dump_any },
	{ "info", sizeof(struct iow_mini_info), 24,
	  iow_mini_info_decode_any, iow_mini_info_encode_any, iow_mini_info_dump_any },
	{ "point_list", sizeof(struct iow_mini_point_list), 8,
	  iow_mini_point_list_decode_any, iow_mini_point_list_encode_any, iow_mini_point_list_dump_any },
	{ "blob", sizeof(struct iow_mini_blob), 12,
	  iow_mini_blob_decode_any, iow_mini_blob_encode_any, iow_mini_blob_dump_any },
	{ "name", sizeof(struct iow_mini_name), 4,
	  iow_mini_name_decode_any, iow_mini_name_encode_any, iow_mini_name_dump_any },
	{ "caps", sizeof(struct iow_mini_caps), 8,
	  iow_mini_caps_decode_any, iow_mini_caps_encode_any, iow_mini_caps_dump_any },
	{ "entry_narrow", sizeof(struct iow_mini_entry_narrow), 16,
	  iow_mini_entry_narrow_decode_any, iow_mini_entry_narrow_encode_any, iow_mini_entry_narrow_dump_any },
	{ "entry_wide", sizeof(struct iow_mini_entry_wide), 24,
	  iow_mini_entry_wide_decode_any, iow_mini_entry_wide_encode_any, iow_mini_entry_wide_dump_any },
	{ "entries", sizeof(struct iow_mini_entries), 8,
	  iow_mini_entries_decode_any, iow_mini_entries_encode_any, iow_mini_entries_dump_any },
	{ "value_number", sizeof(struct iow_mini_value_number), 8,
	  iow_mini_value_number_decode_any, iow_mini_value_number_encode_any, iow_mini_value_number_dump_any },
	{ "set_value", sizeof(struct iow_mini_set_value), 8,
	  iow_mini_set_value_decode_any, iow_mini_set_value_encode_any, iow_mini_set_value_dump_any },
	{ "pong", sizeof(struct iow_mini_pong), 8,
	  iow_mini_pong_decode_any, iow_mini_pong_encode_any, iow_mini_pong_dump_any },
	{ "ping_reply", sizeof(struct iow_mini_ping_reply), 0,
	  iow_mini_ping_reply_decode_any, iow_mini_ping_reply_encode_any, iow_mini_ping_reply_dump_any },
};

const struct iow_type_info *iow_mini_type_at(size_t i)
{
	return i < sizeof iow_mini_types / sizeof iow_mini_types[0] ? &iow_mini_types[i] : NULL;
}

const struct iow_type_info *iow_mini_type_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof iow_mini_types / sizeof iow_mini_types[0]; i++)
		if (strcmp(iow_mini_types[i].name, name) == 0)
			return &iow_mini_types[i];
	return NULL;
}

int iow_mini_profile_by_name(const char *name)
{
	if (strcmp(name, "v1") == 0)
		return 0;
	if (strcmp(name, "v2") == 0)
		return 1;
	return -1;
}

const char *iow_mini_profile_name(unsigned profile)
{
	switch (profile) {
	case 0: return "v1";
	case 1: return "v2";
	default: return NULL;
	}
}
