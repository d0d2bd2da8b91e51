/* iowire-decode: print vfio-user messages and ioregionfd commands field by field.
 *
 * Reads a capture (raw bytes, or hex with --hex) and decodes it with libiowire: a stream of
 * vfio-user messages framed by their headers, or back-to-back ioregionfd structures. --demo
 * encodes a short sample session with the library and decodes it again. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iowire/ioregionfd.h"
#include "iowire/vfio_user.h"

#define MAX_INPUT (16u << 20)

struct options {
	const char *protocol;
	const char *profile;
	const char *type;
	const char *hex;
	const char *file;
	enum iow_order order;
	unsigned fds;
	int demo;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-decode [OPTIONS] [FILE]\n"
		"       iowire-decode --demo\n"
		"\n"
		"Decode a capture of vfio-user messages or ioregionfd structures and print every field.\n"
		"FILE holds raw bytes ('-' or nothing: standard input).\n"
		"\n"
		"  -p, --protocol NAME   vfio-user (default) or ioregionfd\n"
		"  -P, --profile NAME    profile: 0.9.1, 0.9.2 (default), libvfio-user; ioregionfd:\n"
		"                        design, rfc-v1, rfc-v2, rfc-v3 (default)\n"
		"  -t, --type NAME       decode structures of this type instead of messages\n"
		"                        (ioregionfd default: cmd_b, or cmd_a before rfc-v3)\n"
		"  -x, --hex HEX         take the bytes from HEX instead of a file\n"
		"      --host-order      fields in the host's byte order (upstream text), not little-endian\n"
		"      --fds N           file descriptors that came with each vfio-user message (default 0)\n"
		"      --demo            encode and decode a sample vfio-user session and ioregionfd exchange\n"
		"  -h, --help            show this help\n");
}

static void print_line(void *ctx, const char *path, const char *value)
{
	(void)ctx;
	printf("    %-40s %s\n", path, value);
}

static void print_error(const struct iow_error *err)
{
	char text[320];

	iow_error_format(err, text, sizeof text);
	fprintf(stderr, "iowire-decode: %s at byte %zu\n", text, err->offset);
}

static int decode_messages(const struct iow_cfg *cfg, const uint8_t *buf, size_t len, unsigned fds)
{
	static struct iow_vfu_msg msg;
	size_t pos = 0, index = 0;

	while (pos < len) {
		struct iow_dump d = { print_line, NULL, 0, "" };
		struct iow_error err = { 0 };
		size_t size;

		if (len - pos < IOW_VFU_HEADER_SIZE) {
			fprintf(stderr, "iowire-decode: %zu stray bytes at the end (a header takes %d)\n", len - pos,
				IOW_VFU_HEADER_SIZE);
			return 1;
		}
		/* msg_size frames the stream; the decoder checks the rest. */
		size = iow_ld_le32(buf + pos + 4, cfg->order);
		if (size < IOW_VFU_HEADER_SIZE || size > len - pos) {
			fprintf(stderr, "iowire-decode: message %zu at byte %zu: msg_size %zu does not fit the %zu bytes left\n",
				index, pos, size, len - pos);
			return 1;
		}
		if (iow_vfu_msg_decode(cfg, buf + pos, size, fds, &msg, &err)) {
			print_error(&err);
			return 1;
		}
		printf("#%zu %s%s (msg_id %u, %zu bytes)\n", index, iow_vfu_msg_name(msg.hdr.command, msg.reply),
		       msg.error ? " ERROR" : "", msg.hdr.msg_id, size);
		iow_vfu_msg_dump(cfg, &msg, &d);
		pos += size;
		index++;
	}
	return 0;
}

static int decode_structs(const struct iow_cfg *cfg, const struct iow_type_info *t, const uint8_t *buf, size_t len)
{
	static union {
		uint8_t bytes[4096];
		max_align_t align;
	} value;
	size_t pos = 0, index = 0, step = t->fixed_size ? t->fixed_size : len;

	while (pos < len) {
		struct iow_dump d = { print_line, NULL, 0, "" };
		struct iow_error err = { 0 };
		size_t n = len - pos < step ? len - pos : step;

		if (t->decode(cfg, buf + pos, n, &value, &err)) {
			print_error(&err);
			return 1;
		}
		printf("#%zu %s (%zu bytes)\n", index++, t->name, n);
		t->dump(cfg, &value, &d);
		pos += n;
	}
	return 0;
}

static int from_hex(const char *hex, uint8_t *out, size_t cap, size_t *len)
{
	*len = 0;
	for (const char *p = hex; *p;) {
		unsigned v;
		int used;

		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == ':') {
			p++;
			continue;
		}
		if (sscanf(p, "%2x%n", &v, &used) != 1 || used != 2 || *len >= cap)
			return -1;
		out[(*len)++] = (uint8_t)v;
		p += used;
	}
	return 0;
}

static int read_all(const char *path, uint8_t *out, size_t cap, size_t *len)
{
	FILE *f = (!path || !strcmp(path, "-")) ? stdin : fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "iowire-decode: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0;

	n = fread(out, 1, cap, f);
	*len = n;
	if (ferror(f)) {
		fprintf(stderr, "iowire-decode: %s: read error\n", path ? path : "stdin");
		rc = -1;
	} else if (n == cap && fgetc(f) != EOF) {
		fprintf(stderr, "iowire-decode: input larger than %zu bytes\n", cap);
		rc = -1;
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

/* ---- the sample session: built with the encoders, printed by the decoders ---- */

static size_t put_msg(const struct iow_cfg *cfg, struct iow_vfu_msg *m, uint16_t id, uint16_t cmd, int reply,
		      uint8_t *out, size_t cap)
{
	struct iow_error err = { 0 };
	long n;

	m->hdr.msg_id = id;
	m->hdr.command = cmd;
	m->hdr.flags = reply ? IOW_VFU_MSG_TYPE_REPLY : IOW_VFU_MSG_TYPE_COMMAND;
	m->reply = reply;
	n = iow_vfu_msg_encode(cfg, m, 0, out, cap, &err);
	if (n < 0) {
		print_error(&err);
		exit(1);
	}
	memset(m, 0, sizeof *m);
	return (size_t)n;
}

static int demo(void)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";
	static const uint8_t bar0[4] = { 0xef, 0xbe, 0xad, 0xde };
	static uint8_t buf[4096];
	static struct iow_vfu_msg m;
	struct iow_cfg cfg = { IOW_VFU_PROFILE_DEFAULT, IOW_ORDER_LE };
	struct iow_vfu_sparse_mmap_area areas[2] = { { 0x0, 0x1000 }, { 0x2000, 0x1000 } };
	struct iow_vfu_region_cap cap = { 0 };
	size_t len = 0;

	m.u.version.major = 0;
	m.u.version.minor = 2;
	m.u.version.json.ptr = (const uint8_t *)json;
	m.u.version.json.len = sizeof json;
	len += put_msg(&cfg, &m, 1, IOW_VFU_COMMAND_VERSION, 0, buf + len, sizeof buf - len);

	m.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE, 0,
						0x100000, 0x4000 };
	len += put_msg(&cfg, &m, 2, IOW_VFU_COMMAND_DMA_MAP, 0, buf + len, sizeof buf - len);

	m.u.device_info = (struct iow_vfu_device_info){ 16, IOW_VFU_DEVICE_INFO_FLAGS_RESET | IOW_VFU_DEVICE_INFO_FLAGS_PCI,
							9, 5 };
	len += put_msg(&cfg, &m, 3, IOW_VFU_COMMAND_DEVICE_GET_INFO, 1, buf + len, sizeof buf - len);

	cap.kase = IOW_VFU_REGION_CAP_SPARSE_MMAP;
	cap.u.sparse_mmap.nr_areas = 2;
	cap.u.sparse_mmap.areas.items = areas;
	m.u.region_info = (struct iow_vfu_region_info){ 80, 0xf, 1, 32, 0x4000, 0, { 0 } };
	m.u.region_info.caps.count = 1;
	m.u.region_info.caps.items = &cap;
	len += put_msg(&cfg, &m, 4, IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO, 1, buf + len, sizeof buf - len);

	m.u.region_access_data.access = (struct iow_vfu_region_access){ 0x10, 0, 4 };
	m.u.region_access_data.data.ptr = bar0;
	m.u.region_access_data.data.len = sizeof bar0;
	len += put_msg(&cfg, &m, 5, IOW_VFU_COMMAND_REGION_WRITE, 0, buf + len, sizeof buf - len);

	printf("== a vfio-user session (%zu bytes), encoded and decoded by libiowire\n", len);
	if (decode_messages(&cfg, buf, len, 0))
		return 1;

	{
		struct iow_cfg rcfg = { IOW_IORFD_PROFILE_RFC_V3, IOW_ORDER_LE };
		struct iow_iorfd_cmd_b cmd = { IOW_IORFD_CMD_WRITE, IOW_IORFD_ACCESS_SIZE_SIZE_32BIT | IOW_IORFD_SIZE_RESP_RESP,
					       { 0 }, 0x2, 0x10, { 0xef, 0xbe, 0xad, 0xde } };
		struct iow_iorfd_resp resp = { { 0 }, { 0 } };
		struct iow_error err = { 0 };
		long n = iow_iorfd_cmd_b_encode(&rcfg, &cmd, buf, sizeof buf, &err);
		long r = n < 0 ? n : iow_iorfd_resp_encode(&rcfg, &resp, buf + n, sizeof buf - (size_t)n, &err);

		if (n < 0 || r < 0) {
			print_error(&err);
			return 1;
		}
		printf("== an ioregionfd exchange (layout B, RFC v3): a 4-byte write and its response\n");
		return decode_structs(&rcfg, iow_iorfd_type_by_name("cmd_b"), buf, (size_t)n) ||
		       decode_structs(&rcfg, iow_iorfd_type_by_name("resp"), buf + n, (size_t)r);
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "protocol", required_argument, NULL, 'p' }, { "profile", required_argument, NULL, 'P' },
		{ "type", required_argument, NULL, 't' },     { "hex", required_argument, NULL, 'x' },
		{ "host-order", no_argument, NULL, 'H' },     { "fds", required_argument, NULL, 'F' },
		{ "demo", no_argument, NULL, 'D' },           { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { "vfio-user", NULL, NULL, NULL, NULL, IOW_ORDER_LE, 0, 0 };
	static uint8_t buf[MAX_INPUT];
	struct iow_cfg cfg = { 0, IOW_ORDER_LE };
	size_t len = 0;
	int c, vfu, profile;

	while ((c = getopt_long(argc, argv, "p:P:t:x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.protocol = optarg; break;
		case 'P': o.profile = optarg; break;
		case 't': o.type = optarg; break;
		case 'x': o.hex = optarg; break;
		case 'H': o.order = IOW_ORDER_HOST; break;
		case 'F': o.fds = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'D': o.demo = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (o.demo)
		return demo();
	if (optind < argc)
		o.file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "iowire-decode: one input at most\n");
		return 2;
	}
	vfu = !strcmp(o.protocol, "vfio-user");
	if (!vfu && strcmp(o.protocol, "ioregionfd")) {
		fprintf(stderr, "iowire-decode: unknown protocol '%s' (vfio-user or ioregionfd)\n", o.protocol);
		return 2;
	}
	profile = vfu ? (o.profile ? iow_vfu_profile_by_name(o.profile) : IOW_VFU_PROFILE_DEFAULT)
		      : (o.profile ? iow_iorfd_profile_by_name(o.profile) : IOW_IORFD_PROFILE_DEFAULT);
	if (profile < 0) {
		fprintf(stderr, "iowire-decode: no profile '%s' in %s\n", o.profile, o.protocol);
		return 2;
	}
	cfg.profile = (unsigned)profile;
	cfg.order = o.order;
	if (o.hex ? from_hex(o.hex, buf, sizeof buf, &len) : read_all(o.file, buf, sizeof buf, &len)) {
		fprintf(stderr, "iowire-decode: cannot read the input%s\n", o.hex ? " (bad hex)" : "");
		return 2;
	}
	if (vfu && !o.type)
		return decode_messages(&cfg, buf, len, o.fds);
	if (!o.type)
		o.type = profile == IOW_IORFD_PROFILE_RFC_V3 ? "cmd_b" : "cmd_a";
	{
		const struct iow_type_info *t = vfu ? iow_vfu_type_by_name(o.type) : iow_iorfd_type_by_name(o.type);

		if (!t) {
			fprintf(stderr, "iowire-decode: no type '%s' in %s\n", o.type, o.protocol);
			return 2;
		}
		return decode_structs(&cfg, t, buf, len);
	}
}
