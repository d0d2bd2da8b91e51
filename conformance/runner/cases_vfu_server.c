/* Cases for target vfio-user-server: the runner plays the client.
 *
 * Each case negotiates on a fresh connection (except the negotiation cases), does one thing,
 * and records findings: conf_fail() only for a rule the spec states with MUST, naming its
 * requirement ID; conf_should() for SHOULD; conf_info() where the spec leaves the behaviour
 * open; conf_unimplemented() for an optional feature the server does not offer. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conform.h"

/* ---- negotiation ---------------------------------------------------------------------------- */

static void neg_first_message(struct ctx *x)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	if (vfu_send(x, &x->req, NULL, 0, NULL))
		return;
	enum recv_status st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &(struct iow_error){ 0 });

	close_fds(x->rfds, x->rnfds);
	expect_refusal(x, st, "VFU-VER-003", true, "DEVICE_GET_INFO before VERSION");
}

/* Are all capabilities of the reply among those proposed (max_msg_fds, max_data_xfer_size)? */
static void check_subset(struct ctx *x, const struct iow_bytes *json)
{
	struct iow_vfu_caps proposed, got;
	const char *extra;

	if (!json->len) {
		conf_info(x, "the VERSION reply has no JSON");
		return;
	}
	vfu_read_caps(x, json, &got);
	iow_vfu_caps_defaults(&proposed);
	proposed.present = IOW_VFU_CAPS_HAS_MAX_MSG_FDS | IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE;
	extra = iow_vfu_caps_subset_check(&proposed, &got);
	if (extra)
		conf_should(x, "VFU-CAPS-004", "the reply names %s, which the client did not propose", extra);
}

static void neg_basic(struct ctx *x)
{
	if (!ready(x))
		return;
	if (x->rep.u.version.major != 0)
		conf_fail(x, "VFU-VER-004", "reply major %u, proposed 0", x->rep.u.version.major);
	if (x->rep.u.version.minor > 2)
		conf_fail(x, "VFU-VER-004", "reply minor %u is above the proposed 2", x->rep.u.version.minor);
	conf_note(x, "the server chose version 0.%u", x->rep.u.version.minor);
}

static void neg_subset(struct ctx *x)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";

	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 2;
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
	if (succeeded(x, call(x, NULL, 0, false), "VFU-VER-004", "VERSION 0.2"))
		check_subset(x, &x->rep.u.version.json);
}

static void neg_no_json(struct ctx *x)
{
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 1;
	if (succeeded(x, call(x, NULL, 0, false), "VFU-VER-009", "VERSION without JSON") && x->rep.u.version.json.len)
		check_subset(x, &x->rep.u.version.json);
}

static void neg_major(struct ctx *x)
{
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.major = 1;
	expect_refusal(x, call(x, NULL, 0, false), "VFU-VER-005", true, "VERSION with major 1");
}

static void neg_high_minor(struct ctx *x)
{
	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.minor = 0xffff;
	enum recv_status st = call(x, NULL, 0, false);

	if (st == R_MSG && !x->rep.error)
		conf_note(x, "proposed 0.65535, the server chose 0.%u", x->rep.u.version.minor);
	else
		conf_should(x, "VFU-VER-004", "VERSION with a higher minor than the server knows was refused");
}

static void cut_json_nul(uint8_t *buf, size_t *len)
{
	(*len)--; /* drop the terminating NUL and fix msg_size */
	buf[4] = (uint8_t)*len;
	buf[5] = (uint8_t)(*len >> 8);
}

static void neg_json_without_nul(struct ctx *x)
{
	static const char json[] = "{\"capabilities\":{}}";

	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
	expect_refusal(x, call_patched(x, cut_json_nul, NULL, 0), "VFU-VER-010", true,
		       "VERSION whose JSON lacks its NUL");
}

static void neg_bad_json(struct ctx *x)
{
	static const char json[] = "{\"capabilities\": {\"max_msg_fds\": }";

	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
	expect_refusal(x, call(x, NULL, 0, false), "VFU-VER-010", true, "VERSION with malformed JSON");
}

static void neg_twin_socket(struct ctx *x)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8,\"twin_socket\":{\"supported\":true}}}";
	struct iow_vfu_caps caps;

	start(x, IOW_VFU_COMMAND_VERSION);
	x->req.u.version.json.ptr = (const uint8_t *)json;
	x->req.u.version.json.len = sizeof json;
	if (!succeeded(x, call(x, NULL, 0, true), "VFU-VER-004", "VERSION proposing a twin socket"))
		goto out;
	vfu_read_caps(x, &x->rep.u.version.json, &caps);
	if (!(caps.present & IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED) || !caps.twin_socket.supported) {
		if (x->rnfds)
			conf_fail(x, "VFU-VER-012", "no twin socket agreed, yet the reply carries %u fds", x->rnfds);
		conf_unimplemented(x, "the server does not offer a twin socket");
		goto out;
	}
	if (!(caps.present & IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX) || caps.twin_socket.fd_index >= x->rnfds)
		conf_fail(x, "VFU-TWIN-002", "twin_socket.supported without an fd_index naming one of the %u fds", x->rnfds);
out:
	close_fds(x->rfds, x->rnfds);
	x->rnfds = 0;
}

/* ---- header and ordering ----------------------------------------------------------------- */

static void hdr_reply_echo(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	succeeded(x, call(x, NULL, 0, false), "VFU-DEV-INFO-003", "DEVICE_GET_INFO"); /* vfu_call checks the echo */
}

static void hdr_no_reply(struct ctx *x)
{
	uint16_t first = 0, second = 0;
	struct iow_error err;

	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	x->req.hdr.flags = IOW_VFU_HEADER_FLAGS_NO_REPLY;
	vfu_send(x, &x->req, NULL, 0, &first);
	start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
	x->req.u.irq_info.argsz = 16;
	vfu_send(x, &x->req, NULL, 0, &second);
	if (vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err) != R_MSG) {
		conf_fail(x, "VFU-REPLY-001", "no reply to the command that followed a No_reply command");
		return;
	}
	close_fds(x->rfds, x->rnfds);
	if (x->rep.hdr.msg_id == first)
		conf_fail(x, "VFU-REPLY-002", "a reply was sent to a command with No_reply set");
	else if (x->rep.hdr.msg_id != second)
		conf_fail(x, "VFU-HDR-010", "reply with msg_id %u, expected %u", x->rep.hdr.msg_id, second);
}

static void ord_pipeline(struct ctx *x)
{
	uint16_t ids[16];
	struct iow_error err;

	if (!ready(x))
		return;
	for (unsigned i = 0; i < 16; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
		x->req.u.irq_info.argsz = 16;
		x->req.u.irq_info.index = i % 5;
		ids[i] = 0;
		vfu_send(x, &x->req, NULL, 0, &ids[i]);
	}
	for (unsigned i = 0; i < 16; i++) {
		if (vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err) != R_MSG) {
			conf_fail(x, "VFU-REPLY-001", "only %u of 16 pipelined commands were answered", i);
			return;
		}
		close_fds(x->rfds, x->rnfds);
		if (x->rep.hdr.msg_id != ids[i]) {
			conf_fail(x, "VFU-ORDER-001", "reply %u has msg_id %u, the %u-th command had %u", i, x->rep.hdr.msg_id,
				  i, ids[i]);
			return;
		}
	}
}

static void hdr_id_reuse(struct ctx *x)
{
	uint16_t id = 0x4242;
	struct iow_error err;

	if (!ready(x))
		return;
	for (unsigned i = 0; i < 2; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
		x->req.u.device_info.argsz = 16;
		vfu_send(x, &x->req, NULL, 0, &id);
	}
	for (unsigned i = 0; i < 2; i++) {
		if (vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err) != R_MSG || x->rep.hdr.msg_id != id) {
			conf_fail(x, "VFU-HDR-011", "two commands with the same msg_id did not both get replies");
			return;
		}
		close_fds(x->rfds, x->rnfds);
	}
}

static void set_command(uint8_t *buf, size_t *len, uint16_t cmd)
{
	(void)len;
	buf[2] = (uint8_t)cmd;
	buf[3] = (uint8_t)(cmd >> 8);
}

static void to_cmd0(uint8_t *buf, size_t *len) { set_command(buf, len, 0); }
static void to_cmd14(uint8_t *buf, size_t *len) { set_command(buf, len, 14); }
static void to_cmd19(uint8_t *buf, size_t *len) { set_command(buf, len, 19); }
static void to_cmd_max(uint8_t *buf, size_t *len) { set_command(buf, len, 0xffff); }

static void hdr_unknown_commands(struct ctx *x)
{
	static void (*const patches[])(uint8_t *, size_t *) = { to_cmd0, to_cmd14, to_cmd19, to_cmd_max };
	static const unsigned numbers[] = { 0, 14, 19, 0xffff };

	if (!ready(x))
		return;
	for (unsigned i = 0; i < 4; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_RESET);
		enum recv_status st = call_patched(x, patches[i], NULL, 0);

		if (st == R_MSG && !x->rep.error) {
			conf_fail(x, "VFU-HDR-007", "command %u was answered with success", numbers[i]);
		} else if (st == R_TIMEOUT) {
			conf_fail(x, "VFU-HDR-007", "command %u was not answered (an error reply is required)", numbers[i]);
			return;
		} else if (st != R_MSG) {
			conf_info(x, "command %u: the server closed the connection instead of an error reply", numbers[i]);
			return;
		} else {
			conf_note(x, "command %u: error reply, errno %u", numbers[i], x->rep.hdr.error);
		}
	}
}

/* ---- device, regions, interrupts ------------------------------------------------------------ */

static bool get_info(struct ctx *x, struct iow_vfu_device_info *info)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_INFO);
	x->req.u.device_info.argsz = 16;
	if (!succeeded(x, call(x, NULL, 0, false), "VFU-DEV-INFO-003", "DEVICE_GET_INFO"))
		return false;
	*info = x->rep.u.device_info;
	return true;
}

static void info_basic(struct ctx *x)
{
	struct iow_vfu_device_info info;

	if (!ready(x) || !get_info(x, &info))
		return;
	if (info.argsz < 16)
		conf_fail(x, "VFU-SIZE-005", "reply argsz %u is below 16", info.argsz);
	if (!(info.flags & IOW_VFU_DEVICE_INFO_FLAGS_PCI))
		conf_fail(x, "VFU-DEV-INFO-001", "flags %#x lack PCI; this version supports PCI devices only", info.flags);
	if (info.num_regions < IOW_VFU_PCI_NUM_REGIONS)
		conf_fail(x, "VFU-DEV-INFO-003", "num_regions %u is below the %d regions of a PCI device", info.num_regions,
			    IOW_VFU_PCI_NUM_REGIONS);
	if (info.num_irqs < IOW_VFU_PCI_NUM_IRQS)
		conf_fail(x, "VFU-DEV-INFO-003", "num_irqs %u is below the %d interrupt indexes of a PCI device",
			    info.num_irqs, IOW_VFU_PCI_NUM_IRQS);
}

static bool region_info(struct ctx *x, uint32_t index, uint32_t argsz, bool keep)
{
	start(x, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
	x->req.u.region_info.argsz = argsz;
	x->req.u.region_info.index = index;
	return succeeded(x, call(x, NULL, 0, keep), "VFU-DEV-INFO-003", "DEVICE_GET_REGION_INFO");
}

static void check_caps(struct ctx *x, uint32_t index, const struct iow_vfu_region_info *ri)
{
	const struct iow_cfg *cfg = &x->t->opts->cfg;

	for (size_t i = 0; i < ri->caps.count; i++) {
		struct iow_vfu_region_cap cap;

		if (iow_vfu_region_info_caps_at(cfg, ri, i, &cap) || cap.kase != IOW_VFU_REGION_CAP_SPARSE_MMAP)
			continue;
		for (size_t k = 0; k < cap.u.sparse_mmap.nr_areas; k++) {
			struct iow_vfu_sparse_mmap_area a;

			iow_vfu_cap_sparse_mmap_areas_at(cfg, &cap.u.sparse_mmap, k, &a);
			if (a.size > ri->size || a.offset > ri->size - a.size)
				conf_fail(x, "VFU-REGION-INFO-008", "region %u: sparse area [%#llx, +%#llx) outside the region",
					  index, (unsigned long long)a.offset, (unsigned long long)a.size);
		}
	}
}

static void region_all(struct ctx *x)
{
	struct iow_vfu_device_info info;

	if (!ready(x) || !get_info(x, &info))
		return;
	for (uint32_t i = 0; i < info.num_regions && i < 64; i++) {
		uint32_t needed;

		if (!region_info(x, i, 32, true))
			return;
		needed = x->rep.u.region_info.argsz;
		if (needed < 32)
			conf_fail(x, "VFU-SIZE-005", "region %u: reply argsz %u is below the 32-byte reply", i, needed);
		if (x->rep.payload.len > 32)
			conf_fail(x, "VFU-SIZE-005", "region %u: a %zu-byte reply to a request with argsz 32", i,
				  x->rep.payload.len);
		close_fds(x->rfds, x->rnfds);
		if (needed <= 32)
			continue;
		/* Retry with the size the server asked for: now the caps must come. */
		if (!region_info(x, i, needed, true))
			return;
		if (x->rep.truncated)
			conf_fail(x, "VFU-SIZE-005", "region %u: still truncated with argsz %u", i, needed);
		if ((x->rep.u.region_info.flags & IOW_VFU_REGION_INFO_FLAGS_MMAP) && x->rnfds != 1)
			conf_fail(x, "VFU-REGION-INFO-002", "region %u: MMAP set, %u fds in the full reply", i, x->rnfds);
		check_caps(x, i, &x->rep.u.region_info);
		close_fds(x->rfds, x->rnfds);
		x->rnfds = 0;
	}
}

static void irq_all(struct ctx *x)
{
	struct iow_vfu_device_info info;

	if (!ready(x) || !get_info(x, &info))
		return;
	for (uint32_t i = 0; i < info.num_irqs && i < 64; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
		x->req.u.irq_info.argsz = 16;
		x->req.u.irq_info.index = i;
		if (!succeeded(x, call(x, NULL, 0, false), "VFU-DEV-INFO-003", "DEVICE_GET_IRQ_INFO"))
			return;
		if (x->rep.u.irq_info.index != i)
			conf_fail(x, "VFU-REPLY-004", "asked for index %u, the reply is for %u", i, x->rep.u.irq_info.index);
	}
}

/* Finds a readable and writable region served by messages, at least `min` bytes. */
static bool find_rw_region(struct ctx *x, uint64_t min, uint32_t *index, uint64_t *size)
{
	struct iow_vfu_device_info info;

	if (!get_info(x, &info))
		return false;
	for (uint32_t i = 0; i < info.num_regions && i < 64; i++) {
		uint32_t rw = IOW_VFU_REGION_INFO_FLAGS_READ | IOW_VFU_REGION_INFO_FLAGS_WRITE;

		if (i == IOW_VFU_REGION_INDEX_CONFIG || !region_info(x, i, 32, false))
			continue;
		if ((x->rep.u.region_info.flags & rw) == rw && x->rep.u.region_info.size >= min) {
			*index = i;
			*size = x->rep.u.region_info.size;
			return true;
		}
	}
	return false;
}

static void rw_config(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ 0, IOW_VFU_REGION_INDEX_CONFIG, 4 };
	if (!succeeded(x, call(x, NULL, 0, false), "VFU-REGION-RW-002", "REGION_READ of config space"))
		return;
	if (x->rep.u.region_access_data.access.count != 4 || x->rep.u.region_access_data.data.len != 4)
		conf_fail(x, "VFU-REGION-RW-002", "read 4 bytes, the reply has count %u and %zu data bytes",
			  x->rep.u.region_access_data.access.count, x->rep.u.region_access_data.data.len);
}

static void rw_out_of_bounds(struct ctx *x)
{
	uint32_t index;
	uint64_t size;

	if (!ready(x))
		return;
	if (!find_rw_region(x, 1, &index, &size)) {
		conf_unimplemented(x, "no readable and writable region");
		return;
	}
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ size - 2, index, 4 };
	expect_refusal(x, call(x, NULL, 0, false), "VFU-REGION-RW-001", true, "a REGION_READ crossing the region's end");
}

static void rw_write_read_back(struct ctx *x)
{
	static uint8_t pattern[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	uint32_t index;
	uint64_t size;

	if (!ready(x))
		return;
	if (!find_rw_region(x, 8, &index, &size)) {
		conf_unimplemented(x, "no readable and writable region");
		return;
	}
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ 0, index, 8 };
	x->req.u.region_access_data.data.ptr = pattern;
	x->req.u.region_access_data.data.len = 8;
	if (!succeeded(x, call(x, NULL, 0, false), "VFU-REGION-RW-004", "REGION_WRITE"))
		return;
	if (x->rep.u.region_access.count != 8)
		conf_fail(x, "VFU-REGION-RW-004", "the REGION_WRITE reply says %u bytes written, 8 were sent",
			  x->rep.u.region_access.count);
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ 0, index, 8 };
	if (succeeded(x, call(x, NULL, 0, false), "VFU-REGION-RW-002", "REGION_READ") &&
	    memcmp(x->rep.u.region_access_data.data.ptr, pattern, 8))
		conf_info(x, "region %u does not read back what was written (a device may do that)", index);
}

/* A write as large as both sides allow, sent in two pieces with a pause: a stream has no
 * message boundaries, so the server must wait for the rest. */
static void rw_split_transfer(struct ctx *x)
{
	static uint8_t data[1 << 20], buf[(1 << 20) + 64];
	struct iow_error err = { 0 };
	uint32_t index;
	uint64_t size;
	long n;

	if (!ready(x))
		return;
	if (!find_rw_region(x, 16, &index, &size)) {
		conf_unimplemented(x, "no readable and writable region");
		return;
	}
	size = size < x->t->max_data_xfer ? size : x->t->max_data_xfer;
	size = size < sizeof data ? size : sizeof data;
	start(x, IOW_VFU_COMMAND_REGION_WRITE);
	x->req.hdr.msg_id = x->t->next_id++;
	x->req.u.region_access_data.access = (struct iow_vfu_region_access){ 0, index, (uint32_t)size };
	x->req.u.region_access_data.data.ptr = data;
	x->req.u.region_access_data.data.len = size;
	n = iow_vfu_msg_encode(&x->t->opts->cfg, &x->req, 0, buf, sizeof buf, &err);
	if (n < 0 || vfu_send_raw(x, buf, (size_t)n, NULL, 0, (size_t)n / 2))
		return;
	enum recv_status st = vfu_recv(x, &x->rep, x->rfds, &x->rnfds, &err);

	close_fds(x->rfds, x->rnfds);
	if (st != R_MSG)
		conf_fail(x, "VFU-TRANS-003", "a %llu-byte REGION_WRITE sent in two pieces got no reply",
			  (unsigned long long)size);
	else if (x->rep.error)
		conf_fail(x, "VFU-TRANS-003", "a %llu-byte REGION_WRITE sent in two pieces failed with errno %u",
			  (unsigned long long)size, x->rep.hdr.error);
}

static void rw_above_max_xfer(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_REGION_READ);
	x->req.u.region_access = (struct iow_vfu_region_access){ 0, IOW_VFU_REGION_INDEX_CONFIG,
							       (uint32_t)(x->t->max_data_xfer + 1) };
	expect_refusal(x, call(x, NULL, 0, false), "VFU-ERR-005", false, "a REGION_READ above max_data_xfer_size");
}

/* ---- DMA ----------------------------------------------------------------------------------- */

static int dma_memfd(size_t size)
{
	int fd = memfd_create("iowire-conform-dma", MFD_CLOEXEC);

	if (fd >= 0 && ftruncate(fd, (off_t)size)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static enum recv_status dma_map(struct ctx *x, uint64_t address, uint64_t size, int fd)
{
	start(x, IOW_VFU_COMMAND_DMA_MAP);
	x->req.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE, 0,
						  address, size };
	return call(x, fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0, false);
}

static enum recv_status dma_unmap(struct ctx *x, uint64_t address, uint64_t size)
{
	start(x, IOW_VFU_COMMAND_DMA_UNMAP);
	x->req.u.dma_unmap = (struct iow_vfu_dma_unmap){ 24, 0, address, size, { 0, 0 } };
	return call(x, NULL, 0, false);
}

static void dma_map_unmap_fd(struct ctx *x)
{
	int fd = dma_memfd(0x4000);

	if (!ready(x) || fd < 0)
		goto out;
	if (!succeeded(x, dma_map(x, 0x100000, 0x4000, fd), "VFU-DMA-MAP-001", "DMA_MAP with an fd"))
		goto out;
	if (!succeeded(x, dma_unmap(x, 0x100000, 0x4000), "VFU-DMA-UNMAP-003", "DMA_UNMAP of that mapping"))
		goto out;
	if (x->rep.u.dma_unmap_reply.address != 0x100000 || x->rep.u.dma_unmap_reply.size != 0x4000)
		conf_fail(x, "VFU-DMA-UNMAP-004", "the DMA_UNMAP reply does not echo the request's range");
out:
	if (fd >= 0)
		close(fd);
}

static void dma_map_message_mode(struct ctx *x)
{
	if (!ready(x))
		return;
	succeeded(x, dma_map(x, 0x200000, 0x1000, -1), "VFU-DMA-MAP-003", "DMA_MAP without an fd");
}

static void dma_map_overlap(struct ctx *x)
{
	int fd = dma_memfd(0x4000);

	if (!ready(x) || fd < 0)
		goto out;
	if (!succeeded(x, dma_map(x, 0x100000, 0x4000, fd), "VFU-DMA-MAP-001", "DMA_MAP with an fd"))
		goto out;
	enum recv_status st = dma_map(x, 0x102000, 0x4000, fd);

	if (st == R_MSG && !x->rep.error)
		conf_fail(x, "VFU-DMA-MAP-005", "a DMA_MAP overlapping an existing mapping succeeded");
	else if (st == R_MSG && x->rep.hdr.error == EEXIST)
		conf_note(x, "an overlapping DMA_MAP failed with EEXIST, as VFU-DMA-MAP-009 advises");
	else if (st == R_MSG)
		conf_info(x, "an overlapping DMA_MAP failed with errno %u (VFU-DMA-MAP-009 advises EEXIST; "
			  "implementations differ)", x->rep.hdr.error);
out:
	if (fd >= 0)
		close(fd);
}

static void dma_unmap_unknown(struct ctx *x)
{
	if (!ready(x))
		return;
	expect_refusal(x, dma_unmap(x, 0x7000000, 0x1000), "VFU-DMA-UNMAP-002", true,
		       "DMA_UNMAP of a range never mapped");
}

/* ---- interrupts, reset, features ------------------------------------------------------------ */

static void irq_eventfd(struct ctx *x)
{
	struct iow_vfu_device_info info;
	int efd = eventfd(0, EFD_CLOEXEC);

	if (!ready(x) || efd < 0 || !get_info(x, &info))
		goto out;
	for (uint32_t i = 0; i < info.num_irqs && i < 64; i++) {
		start(x, IOW_VFU_COMMAND_DEVICE_GET_IRQ_INFO);
		x->req.u.irq_info.argsz = 16;
		x->req.u.irq_info.index = i;
		if (call(x, NULL, 0, false) != R_MSG || x->rep.error || !x->rep.u.irq_info.count ||
		    !(x->rep.u.irq_info.flags & IOW_VFU_IRQ_INFO_FLAGS_EVENTFD))
			continue;
		start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
		x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD |
								   IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
							   i, 0, 1, { NULL, 0 } };
		if (!succeeded(x, call(x, &efd, 1, false), "VFU-SET-IRQS-004", "SET_IRQS assigning an eventfd"))
			goto out;
		start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
		x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD |
								   IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
							   i, 0, 1, { NULL, 0 } };
		succeeded(x, call(x, NULL, 0, false), "VFU-SET-IRQS-005", "SET_IRQS with data_eventfd and no fds (de-assign)");
		goto out;
	}
	conf_unimplemented(x, "no interrupt index with eventfd support and vectors");
out:
	if (efd >= 0)
		close(efd);
}

static void two_data_flags(uint8_t *buf, size_t *len)
{
	(void)len;
	buf[16 + 4] |= (uint8_t)IOW_VFU_IRQ_SET_FLAGS_DATA_NONE; /* now DATA_NONE|DATA_EVENTFD */
}

static void irq_two_data_flags(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	x->req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
						  IOW_VFU_IRQ_INDEX_MSIX, 0, 0, { NULL, 0 } };
	expect_refusal(x, call_patched(x, two_data_flags, NULL, 0), "VFU-ERR-005", false,
		       "SET_IRQS with two data flags");
}

static void reset_basic(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_DEVICE_RESET);
	if (succeeded(x, call(x, NULL, 0, false), "VFU-RESET-001", "DEVICE_RESET") && x->rep.payload.len)
		conf_fail(x, "VFU-REPLY-004", "the DEVICE_RESET reply carries %zu payload bytes", x->rep.payload.len);
}

static bool feature(struct ctx *x, uint32_t flags, unsigned kase)
{
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 64;
	x->req.u.device_feature.flags = flags;
	x->req.u.device_feature.data.kase = kase;
	return call(x, NULL, 0, false) == R_MSG;
}

static void feature_migration(struct ctx *x)
{
	if (!ready(x))
		return;
	if (!feature(x, IOW_VFU_FEATURE_INDEX_MIGRATION | IOW_VFU_DEVICE_FEATURE_FLAGS_GET,
		     IOW_VFU_FEATURE_DATA_NONE))
		return;
	if (x->rep.error) {
		conf_unimplemented(x, "DEVICE_FEATURE GET MIGRATION failed (errno %u): no migration", x->rep.hdr.error);
		return;
	}
	if (x->rep.u.device_feature.data.kase != IOW_VFU_FEATURE_DATA_MIGRATION)
		conf_fail(x, "VFU-FEATURE-004", "the GET MIGRATION reply carries no migration flags");
	else if (!(x->rep.u.device_feature.data.u.feature_migration.flags & IOW_VFU_MIGRATION_FLAGS_STOP_COPY))
		conf_fail(x, "VFU-MIG-001", "migration flags %#llx lack STOP_COPY",
			  (unsigned long long)x->rep.u.device_feature.data.u.feature_migration.flags);
}

static bool set_state(struct ctx *x, uint32_t state)
{
	start(x, IOW_VFU_COMMAND_DEVICE_FEATURE);
	x->req.u.device_feature.argsz = 16;
	x->req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	x->req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	x->req.u.device_feature.data.u.feature_mig_state.device_state = state;
	return call(x, NULL, 0, false) == R_MSG && !x->rep.error;
}

static void migration_arcs(struct ctx *x)
{
	static const uint32_t path[] = { IOW_VFU_MIG_STATE_STOP, IOW_VFU_MIG_STATE_RUNNING,
					 IOW_VFU_MIG_STATE_PRE_COPY, IOW_VFU_MIG_STATE_STOP_COPY,
					 IOW_VFU_MIG_STATE_STOP, IOW_VFU_MIG_STATE_RESUMING, IOW_VFU_MIG_STATE_STOP,
					 IOW_VFU_MIG_STATE_RUNNING };

	if (!ready(x))
		return;
	if (!feature(x, IOW_VFU_FEATURE_INDEX_MIGRATION | IOW_VFU_DEVICE_FEATURE_FLAGS_GET,
		     IOW_VFU_FEATURE_DATA_NONE) || x->rep.error) {
		conf_unimplemented(x, "no migration");
		return;
	}
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
		if (!set_state(x, path[i])) {
			conf_fail(x, "VFU-MIG-003", "the direct arc to state %s failed",
				  iow_vfu_mig_state_name(path[i]));
			set_state(x, IOW_VFU_MIG_STATE_RUNNING);
			return;
		}
	}
	/* STOP_COPY -> PRE_COPY must fail. */
	if (set_state(x, IOW_VFU_MIG_STATE_STOP) && set_state(x, IOW_VFU_MIG_STATE_STOP_COPY) &&
	    set_state(x, IOW_VFU_MIG_STATE_PRE_COPY))
		conf_fail(x, "VFU-MIG-005", "STOP_COPY -> PRE_COPY was allowed");
	set_state(x, IOW_VFU_MIG_STATE_STOP);
	set_state(x, IOW_VFU_MIG_STATE_RUNNING);
}

static void migration_data_wrong_state(struct ctx *x)
{
	if (!ready(x))
		return;
	start(x, IOW_VFU_COMMAND_MIG_DATA_READ);
	x->req.u.mig_data = (struct iow_vfu_mig_data){ 8 + 64, 64 };
	expect_refusal(x, call(x, NULL, 0, false), "VFU-MIG-010", true, "MIG_DATA_READ while RUNNING");
}

const struct conf_case vfu_server_cases[] = {
	{ "vfu.neg.first-message", "a command before VERSION is refused", "VFU-VER-003", T_MUST, TK_VFU_SERVER, false, neg_first_message },
	{ "vfu.neg.basic", "VERSION 0.2: major 0, minor not above the proposal", "VFU-VER-004", T_MUST, TK_VFU_SERVER, false, neg_basic },
	{ "vfu.neg.subset", "reply capabilities are a subset of the proposal", "VFU-CAPS-004,VFU-VER-009", T_SHOULD, TK_VFU_SERVER, false, neg_subset },
	{ "vfu.neg.no-json", "VERSION without JSON is accepted", "VFU-VER-009", T_MUST, TK_VFU_SERVER, false, neg_no_json },
	{ "vfu.neg.major", "an unsupported major version is refused", "VFU-VER-005", T_MUST, TK_VFU_SERVER, false, neg_major },
	{ "vfu.neg.high-minor", "a higher minor is answered with a lower one", "VFU-VER-004", T_SHOULD, TK_VFU_SERVER, false, neg_high_minor },
	{ "vfu.neg.json-no-nul", "JSON without its NUL is refused", "VFU-VER-010", T_MUST, TK_VFU_SERVER, false, neg_json_without_nul },
	{ "vfu.neg.bad-json", "malformed JSON is refused", "VFU-VER-010", T_MUST, TK_VFU_SERVER, false, neg_bad_json },
	{ "vfu.neg.twin-socket", "a twin socket comes with its fd and fd_index", "VFU-VER-012,VFU-TWIN-002", T_OPTIONAL, TK_VFU_SERVER, false, neg_twin_socket },
	{ "vfu.hdr.reply-echo", "a reply echoes msg_id and command, Type reply", "VFU-HDR-004,VFU-HDR-006,VFU-HDR-010", T_MUST, TK_VFU_SERVER, false, hdr_reply_echo },
	{ "vfu.hdr.no-reply", "No_reply suppresses the reply", "VFU-REPLY-002,VFU-ORDER-002", T_MUST, TK_VFU_SERVER, false, hdr_no_reply },
	{ "vfu.hdr.id-reuse", "a reused msg_id is answered twice", "VFU-HDR-011", T_MUST, TK_VFU_SERVER, false, hdr_id_reuse },
	{ "vfu.hdr.unknown-commands", "commands 0, 14, 19 and 0xffff get error replies", "VFU-HDR-007", T_MUST, TK_VFU_SERVER, false, hdr_unknown_commands },
	{ "vfu.ord.pipeline", "16 pipelined commands are answered in order", "VFU-ORDER-001,VFU-ORDER-003", T_MUST, TK_VFU_SERVER, false, ord_pipeline },
	{ "vfu.info.basic", "DEVICE_GET_INFO describes a PCI device", "VFU-DEV-INFO-001,VFU-DEV-INFO-003,VFU-SIZE-005", T_MUST, TK_VFU_SERVER, false, info_basic },
	{ "vfu.region.all", "every region: argsz truncation, caps, fd with MMAP", "VFU-SIZE-005,VFU-SIZE-006,VFU-REGION-INFO-002,VFU-REGION-INFO-004,VFU-REGION-INFO-008", T_MUST, TK_VFU_SERVER, false, region_all },
	{ "vfu.irq.all", "every interrupt index answers GET_IRQ_INFO", "VFU-DEV-INFO-003,VFU-IRQ-INFO-002", T_MUST, TK_VFU_SERVER, false, irq_all },
	{ "vfu.rw.config", "a 4-byte read of config space", "VFU-REGION-RW-002", T_MUST, TK_VFU_SERVER, false, rw_config },
	{ "vfu.rw.write-read", "REGION_WRITE reports the bytes written", "VFU-REGION-RW-004", T_MUST, TK_VFU_SERVER, false, rw_write_read_back },
	{ "vfu.rw.out-of-bounds", "an access past the region's end is refused", "VFU-REGION-RW-001", T_MUST, TK_VFU_SERVER, false, rw_out_of_bounds },
	{ "vfu.rw.above-max-xfer", "an access above max_data_xfer_size is refused", "VFU-ERR-005,VFU-SIZE-009", T_SHOULD, TK_VFU_SERVER, false, rw_above_max_xfer },
	{ "vfu.sock.split-transfer", "a large write in two pieces is reassembled", "VFU-TRANS-003", T_MUST, TK_VFU_SERVER, false, rw_split_transfer },
	{ "vfu.dma.map-unmap-fd", "DMA_MAP with an fd, DMA_UNMAP echoes", "VFU-DMA-MAP-001,VFU-DMA-UNMAP-003,VFU-DMA-UNMAP-004", T_MUST, TK_VFU_SERVER, false, dma_map_unmap_fd },
	{ "vfu.dma.map-message-mode", "DMA_MAP without an fd", "VFU-DMA-MAP-003", T_MUST, TK_VFU_SERVER, false, dma_map_message_mode },
	{ "vfu.dma.map-overlap", "an overlapping DMA_MAP fails", "VFU-DMA-MAP-005,VFU-DMA-MAP-009", T_MUST, TK_VFU_SERVER, false, dma_map_overlap },
	{ "vfu.dma.unmap-unknown", "DMA_UNMAP of an unmapped range fails", "VFU-DMA-UNMAP-002", T_MUST, TK_VFU_SERVER, false, dma_unmap_unknown },
	{ "vfu.irq.eventfd", "SET_IRQS assigns and de-assigns an eventfd", "VFU-SET-IRQS-004,VFU-SET-IRQS-005", T_MUST, TK_VFU_SERVER, false, irq_eventfd },
	{ "vfu.irq.two-data-flags", "SET_IRQS with two data flags is refused", "VFU-SET-IRQS-001,VFU-ERR-005", T_SHOULD, TK_VFU_SERVER, false, irq_two_data_flags },
	{ "vfu.reset.basic", "DEVICE_RESET succeeds with a header-only reply", "VFU-RESET-001,VFU-REPLY-004", T_MUST, TK_VFU_SERVER, false, reset_basic },
	{ "vfu.mig.feature", "GET MIGRATION includes STOP_COPY", "VFU-MIG-001,VFU-FEATURE-004", T_OPTIONAL, TK_VFU_SERVER, false, feature_migration },
	{ "vfu.mig.arcs", "the direct state arcs work; STOP_COPY to PRE_COPY fails", "VFU-MIG-003,VFU-MIG-004,VFU-MIG-005", T_OPTIONAL, TK_VFU_SERVER, false, migration_arcs },
	{ "vfu.mig.data-wrong-state", "MIG_DATA_READ while RUNNING is refused", "VFU-MIG-010", T_OPTIONAL, TK_VFU_SERVER, false, migration_data_wrong_state },
};

const size_t vfu_server_ncases = sizeof vfu_server_cases / sizeof vfu_server_cases[0];
