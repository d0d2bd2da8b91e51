/* iowire-ref-iorfd-device: the reference ioregionfd device.
 *
 * Reads 32-byte commands from KVM (or from whatever plays KVM) and answers them as the device
 * side of the ioregionfd RFCs must: one 32-byte response per command that asks for one, written
 * with a single write, in order; none for posted writes. Regions are told apart by user_data:
 *   0: 4 KiB of registers that read back what was written;
 *   1: a doorbell: writes are counted, reads return the count;
 *   2: a sizeless (FAST_MMIO) doorbell under layout B: size-less posted writes are counted.
 * A read outside a region answers all ones; a malformed command (unknown cmd or size, non-zero
 * reserved bits, an unknown user_data) ends the session: no response, exit status 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iowire/iorfd_access.h"
#include "iowire/transport.h"

#define REGS_SIZE 4096

enum { REGION_REGS = 0, REGION_DOORBELL = 1, REGION_FAST = 2 };

struct device {
	struct iow_cfg cfg;
	int in, out;
	uint8_t regs[REGS_SIZE];
	uint64_t doorbells;
	uint64_t fast;
	bool verbose;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-ref-iorfd-device [--fd=N | --read-fd=R --write-fd=W] [OPTIONS]\n"
		"\n"
		"The reference ioregionfd device: answers KVM's 32-byte commands.\n"
		"  --fd=N            one socket for both directions\n"
		"  --read-fd=R       read commands from R (a FIFO or socket) ...\n"
		"  --write-fd=W      ... and write responses to W\n"
		"  --layout a|b      command layout: a (RFC v1/v2 info word) or b (RFC v3, default)\n"
		"  --host-order      integers in host order (the RFCs' own); default little-endian\n"
		"  -v, --verbose     log every command to stderr\n"
		"  -h, --help        this help\n"
		"Exits 0 at end of input, 1 on a protocol error; SIGTERM ends it.\n");
}

/* Performs the access; fills the response's data. false: the command is not acceptable. */
static bool perform(struct device *dev, const struct iow_iorfd_access *a, uint8_t out[8])
{
	size_t len = (size_t)1 << a->size_log2;

	memset(out, 0, 8);
	switch (a->user_data) {
	case REGION_REGS:
		if (a->offset >= REGS_SIZE || len > REGS_SIZE - a->offset) {
			if (a->cmd == IOW_IORFD_CMD_READ)
				memset(out, 0xff, 8);
			return true;
		}
		if (a->cmd == IOW_IORFD_CMD_READ)
			memcpy(out, dev->regs + a->offset, len);
		else
			memcpy(dev->regs + a->offset, a->data, len);
		return true;
	case REGION_DOORBELL:
		if (a->cmd == IOW_IORFD_CMD_WRITE)
			dev->doorbells++;
		else
			memcpy(out, &dev->doorbells, len);
		return true;
	case REGION_FAST:
		dev->fast += a->cmd == IOW_IORFD_CMD_WRITE;
		return a->cmd == IOW_IORFD_CMD_WRITE;
	default:
		return false;
	}
}

static int respond(const struct device *dev, const uint8_t data[8])
{
	struct iow_iorfd_resp r;
	uint8_t buf[IOW_IORFD_RESP_SIZE];
	struct iow_error err;
	long n;

	memset(&r, 0, sizeof r);
	memcpy(r.data, data, 8);
	n = iow_iorfd_resp_encode(&dev->cfg, &r, buf, sizeof buf, &err);
	/* One write of the whole response: KVM reads it with one read of exactly 32 bytes. */
	return n == (long)sizeof buf ? iow_conn_send(dev->out, buf, sizeof buf, NULL, 0) : -1;
}

static int serve(struct device *dev)
{
	uint8_t buf[64 * IOW_IORFD_CMD_SIZE];
	struct iow_conn conn;
	struct iow_frame f;

	iow_conn_init(&conn, dev->in, buf, sizeof buf, iow_iorfd_frame, NULL);
	iow_conn_no_fds(&conn);
	for (;;) {
		enum iow_conn_status st = iow_conn_recv(&conn, &f);
		struct iow_iorfd_access a;
		struct iow_error err = { 0 };
		uint8_t data[8];

		if (st == IOW_CONN_EOF)
			return 0;
		if (st == IOW_CONN_ERROR) {
			fprintf(stderr, "iowire-ref-iorfd-device: %s\n",
				errno == ECONNRESET ? "the stream ended inside a command" : strerror(errno));
			return 1;
		}
		for (unsigned i = 0; i < f.nfds; i++)
			close(f.fds[i]);
		if (iow_iorfd_access_decode(&dev->cfg, f.data, f.len, &a, &err)) {
			char text[256];

			iow_error_format(&err, text, sizeof text);
			fprintf(stderr, "iowire-ref-iorfd-device: %s\n", text);
			return 1;
		}
		if (dev->verbose)
			fprintf(stderr, "%s user_data %llu offset %#llx size %u%s\n", a.cmd ? "WRITE" : "READ",
				(unsigned long long)a.user_data, (unsigned long long)a.offset, 1u << a.size_log2,
				a.resp ? "" : " (posted)");
		if (!perform(dev, &a, data)) {
			fprintf(stderr, "iowire-ref-iorfd-device: no region for user_data %llu\n",
				(unsigned long long)a.user_data);
			return 1;
		}
		if (a.resp && respond(dev, data)) {
			fprintf(stderr, "iowire-ref-iorfd-device: writing a response: %s\n", strerror(errno));
			return 1;
		}
	}
}

static int parse_fd(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 0 || v > 1 << 20)
		return -1;
	*out = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "fd", required_argument, NULL, 'f' },      { "read-fd", required_argument, NULL, 'r' },
		{ "write-fd", required_argument, NULL, 'w' }, { "layout", required_argument, NULL, 'l' },
		{ "host-order", no_argument, NULL, 'H' },    { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
	};
	static struct device dev;
	int c, fd = -1;

	dev.in = dev.out = -1;
	dev.cfg.profile = IOW_IORFD_PROFILE_RFC_V3;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_fd(optarg, &fd))
				goto bad;
			break;
		case 'r':
			if (parse_fd(optarg, &dev.in))
				goto bad;
			break;
		case 'w':
			if (parse_fd(optarg, &dev.out))
				goto bad;
			break;
		case 'l':
			if (!strcmp(optarg, "a"))
				dev.cfg.profile = IOW_IORFD_PROFILE_RFC_V2;
			else if (strcmp(optarg, "b"))
				goto bad;
			break;
		case 'H': dev.cfg.order = IOW_ORDER_HOST; break;
		case 'v': dev.verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (fd >= 0)
		dev.in = dev.out = fd;
	if (optind != argc || dev.in < 0 || dev.out < 0)
		goto bad;
	/* SIGTERM keeps its default action: the device ends at once, as the conventions ask. */
	signal(SIGPIPE, SIG_IGN);
	return serve(&dev);
bad:
	usage(stderr);
	return 2;
}
