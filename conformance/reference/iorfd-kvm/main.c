/* iowire-ref-iorfd-kvm: the reference KVM side of ioregionfd, as a simulator.
 *
 * It plays the guest and KVM: for each access of a script it encodes the command KVM would
 * write, sends it, and for a read or a non-posted write waits for the 32-byte response, then
 * prints what the guest got. This is the contract iowire-conform's ioregionfd-kvm target tests:
 *
 *   CMD --fd=N [--layout a|b] [--host-order] --script=FILE
 *
 * Script lines (numbers in C syntax; REGION is the region's user_data):
 *   read REGION OFFSET SIZE          -> prints "read REGION OFFSET SIZE = 0xVALUE"
 *   write REGION OFFSET SIZE VALUE   -> waits for the response, prints "write REGION OFFSET SIZE"
 *   posted REGION OFFSET SIZE VALUE  -> no response expected, prints "posted REGION OFFSET SIZE"
 *   fast REGION                      -> a FAST_MMIO write (layout b only), prints "fast REGION"
 * VALUE is the access's bytes as a little-endian number (guest memory order). A transaction
 * whose response is short or missing prints "failed LINE" and ends the run with status 3, as KVM
 * would fall back to an ordinary exit. */
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

struct sim {
	struct iow_cfg cfg;
	int fd;
	struct iow_conn conn;
	uint8_t buf[16 * IOW_IORFD_RESP_SIZE];
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iowire-ref-iorfd-kvm --fd=N --script=FILE [--layout a|b] [--host-order]\n"
		"\n"
		"Plays KVM for ioregionfd: sends the commands of the script's guest accesses on fd N\n"
		"and prints what each access returned. Script lines: read R OFF SIZE | write R OFF SIZE V\n"
		"| posted R OFF SIZE V | fast R   (R = the region's user_data).\n");
}

static int size_log2(unsigned long size)
{
	switch (size) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	default: return -1;
	}
}

/* Encodes one command: the unused bytes of data are zero, as KVM memsets the buffer. A FAST_MMIO
 * write (log2 < 0) carries no size and no data. */
static long encode(const struct sim *s, unsigned cmd, int log2, bool resp, uint64_t user_data, uint64_t offset,
		   uint64_t value, uint8_t out[32])
{
	struct iow_iorfd_access a = { cmd, log2 < 0 ? 0 : (unsigned)log2, resp, user_data, offset, { 0 } };
	struct iow_error err;

	for (int i = 0; log2 >= 0 && i < (1 << log2); i++)
		a.data[i] = (uint8_t)(value >> (8 * i));
	return iow_iorfd_access_encode(&s->cfg, &a, out, 32, &err);
}

/* Waits for one whole response; false when the device closed or sent a short one. */
static bool response(struct sim *s, uint8_t data[8])
{
	struct iow_frame f;
	struct iow_iorfd_resp r;
	struct iow_error err;

	if (iow_conn_recv(&s->conn, &f) != IOW_CONN_MESSAGE)
		return false;
	for (unsigned i = 0; i < f.nfds; i++)
		close(f.fds[i]);
	/* KVM never looks at pad, and uses only the access's bytes of data. */
	if (iow_iorfd_resp_decode(&s->cfg, f.data, f.len, &r, &err))
		return false;
	memcpy(data, r.data, 8);
	return true;
}

static int run_line(struct sim *s, const char *line, unsigned lineno)
{
	char op[16];
	unsigned long long nums[4] = { 0 };
	uint8_t cmd[32], data[8];
	int log2, used = 0, n = sscanf(line, "%15s%n", op, &used);
	const char *p = line + used;

	/* strtoull, not scanf: user_data and data are full 64-bit values. */
	while (n >= 1 && n < 5) {
		char *end;

		errno = 0;
		nums[n - 1] = strtoull(p, &end, 0);
		if (end == p || errno)
			break;
		p = end;
		n++;
	}
	unsigned long long region = nums[0], offset = nums[1], size = nums[2], value = nums[3];
	bool posted = n >= 1 && !strcmp(op, "posted"), fast = n >= 1 && !strcmp(op, "fast");

	if (n < 1 || op[0] == '#')
		return 0;
	if (fast) {
		if (n != 2 || s->cfg.profile != IOW_IORFD_PROFILE_RFC_V3)
			goto bad;
		/* A sizeless region: KVM passes no size and no data, and waits for nothing. */
		if (encode(s, IOW_IORFD_CMD_WRITE, -1, false, region, 0, 0, cmd) != 32 || iow_conn_send(s->fd, cmd, 32, NULL, 0))
			return -1;
		printf("fast %llu\n", region);
		return 0;
	}
	log2 = size_log2((unsigned long)size);
	if (log2 < 0 || (strcmp(op, "read") ? n != 5 : n != 4))
		goto bad;
	if (!strcmp(op, "read")) {
		if (encode(s, IOW_IORFD_CMD_READ, log2, true, region, offset, 0, cmd) != 32 ||
		    iow_conn_send(s->fd, cmd, 32, NULL, 0))
			return -1;
		if (!response(s, data))
			goto failed;
		value = 0;
		for (int i = 0; i < (1 << log2); i++)
			value |= (unsigned long long)data[i] << (8 * i);
		printf("read %llu %#llx %llu = %#llx\n", region, offset, size, value);
		return 0;
	}
	if (strcmp(op, "write") && !posted)
		goto bad;
	if (encode(s, IOW_IORFD_CMD_WRITE, log2, !posted, region, offset, value, cmd) != 32 ||
	    iow_conn_send(s->fd, cmd, 32, NULL, 0))
		return -1;
	if (!posted && !response(s, data))
		goto failed;
	printf("%s %llu %#llx %llu\n", op, region, offset, size);
	return 0;
failed:
	printf("failed %u\n", lineno);
	return 3;
bad:
	fprintf(stderr, "iowire-ref-iorfd-kvm: script line %u: cannot read '%s'\n", lineno, line);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "fd", required_argument, NULL, 'f' },   { "script", required_argument, NULL, 's' },
		{ "layout", required_argument, NULL, 'l' }, { "host-order", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },       { NULL, 0, NULL, 0 },
	};
	static struct sim s;
	const char *script = NULL;
	char line[256];
	unsigned lineno = 0;
	int c, rc = 0;
	FILE *f;

	s.fd = -1;
	s.cfg.profile = IOW_IORFD_PROFILE_RFC_V3;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': s.fd = atoi(optarg); break;
		case 's': script = optarg; break;
		case 'l':
			if (!strcmp(optarg, "a"))
				s.cfg.profile = IOW_IORFD_PROFILE_RFC_V2;
			else if (strcmp(optarg, "b")) {
				usage(stderr);
				return 2;
			}
			break;
		case 'H': s.cfg.order = IOW_ORDER_HOST; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (s.fd < 0 || !script || optind != argc) {
		usage(stderr);
		return 2;
	}
	f = fopen(script, "r");
	if (!f) {
		fprintf(stderr, "iowire-ref-iorfd-kvm: %s: %s\n", script, strerror(errno));
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	iow_conn_init(&s.conn, s.fd, s.buf, sizeof s.buf, iow_iorfd_frame, NULL);
	iow_conn_no_fds(&s.conn);
	while (!rc && fgets(line, sizeof line, f))
		rc = run_line(&s, line, ++lineno);
	fclose(f);
	if (rc < 0)
		fprintf(stderr, "iowire-ref-iorfd-kvm: sending a command: %s\n", strerror(errno));
	return rc < 0 ? 1 : rc;
}
