/* Cases for the two ioregionfd targets.
 *
 * ioregionfd-device: the runner plays KVM, writing commands to the device under test over the
 * socket passed as --fd=3 (with --layout a|b), and checks its 32-byte responses. The device's
 * regions are given with --region USER_DATA:SIZE (default 0:4096, the reference device's
 * register file); whether a region reads back what was written is device-specific, so a
 * mismatch there is only recorded.
 *
 * ioregionfd-kvm: the runner plays the device for a KVM-side implementation launched as
 * CMD --fd=3 --layout a|b --script=FILE (see conformance/reference/iorfd-kvm/main.c for the
 * contract), checks every command it writes and what it makes of the responses. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iowire/iorfd_access.h"

#include "conform.h"

#define CMD 32

static const char *layout_name(const struct ctx *x)
{
	return iow_iorfd_layout_b(x->t->opts->cfg.profile) ? "layout B" : "layout A";
}

/* ---- bytes on the connection ---------------------------------------------------------------- */

static int send_access(struct ctx *x, const struct iow_iorfd_access *a, size_t split)
{
	uint8_t buf[CMD];
	struct iow_error err;

	if (iow_iorfd_access_encode(&x->t->opts->cfg, a, buf, sizeof buf, &err) != CMD)
		return -1;
	return vfu_send_raw(x, buf, CMD, NULL, 0, split);
}

/* Waits up to `ms` for one whole 32-byte unit. */
static enum recv_status recv_unit(struct ctx *x, uint8_t out[CMD], unsigned ms)
{
	struct target *t = x->t;
	long long deadline = now_ms() + ms;
	struct iow_frame f;

	for (;;) {
		enum iow_conn_status st = iow_conn_next(&t->conn, &f);

		if (st == IOW_CONN_MESSAGE) {
			memcpy(out, f.data, CMD);
			close_fds(f.fds, f.nfds);
			return R_MSG;
		}
		if (st == IOW_CONN_EOF)
			return R_CLOSED;
		if (st == IOW_CONN_ERROR)
			return errno == ECONNRESET ? R_CLOSED : R_GARBAGE;
		long long left = deadline - now_ms();
		struct pollfd p = { t->fd, POLLIN, 0 };

		if (left <= 0 || poll(&p, 1, (int)left) == 0)
			return R_TIMEOUT;
		if (iow_conn_fill(&t->conn) < 0 && errno != EAGAIN && errno != EINTR)
			return R_CLOSED;
	}
}

static enum recv_status recv_response(struct ctx *x, struct iow_iorfd_resp *r)
{
	uint8_t buf[CMD];
	struct iow_error err;
	enum recv_status st = recv_unit(x, buf, x->t->opts->timeout_ms);

	if (st == R_MSG && iow_iorfd_resp_decode(&x->t->opts->cfg, buf, CMD, r, &err))
		return R_GARBAGE;
	return st;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* ---- ioregionfd-device ------------------------------------------------------------------------ */

static struct iow_iorfd_access access_of(unsigned cmd, unsigned log2, bool resp, uint64_t offset, uint64_t value)
{
	struct iow_iorfd_access a = { cmd, log2, resp, 0, offset, { 0 } };

	if (cmd == IOW_IORFD_CMD_WRITE)
		put_le(a.data, value, 1u << log2);
	return a;
}

/* A command that needs a response gets exactly one. */
static bool answered(struct ctx *x, const struct iow_iorfd_access *a, struct iow_iorfd_resp *r, const char *what)
{
	enum recv_status st;

	if (send_access(x, a, 0)) {
		conf_fail(x, "IORFD-RESP-001", "%s: the device closed its end", what);
		return false;
	}
	st = recv_response(x, r);
	if (st != R_MSG) {
		conf_fail(x, "IORFD-RESP-001", "%s: %s instead of a 32-byte response", what,
			  st == R_TIMEOUT ? "nothing" : st == R_CLOSED ? "the connection closed" : "garbage");
		return false;
	}
	return true;
}

static void dev_sizes(struct ctx *x)
{
	static const uint64_t values[4] = { 0x5a, 0xa55a, 0x12345678, 0x0123456789abcdefull };

	for (unsigned log2 = 0; log2 < 4; log2++) {
		struct iow_iorfd_access w = access_of(IOW_IORFD_CMD_WRITE, log2, true, 16 * log2, values[log2]);
		struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, log2, true, 16 * log2, 0);
		struct iow_iorfd_resp resp;
		char what[64];

		snprintf(what, sizeof what, "a %u-byte write (%s)", 1u << log2, layout_name(x));
		if (!answered(x, &w, &resp, what))
			return;
		if (!iow_all_zero(resp.pad, sizeof resp.pad))
			conf_should(x, "IORFD-RESP-004", "the response to %s has non-zero pad", what);
		snprintf(what, sizeof what, "a %u-byte read (%s)", 1u << log2, layout_name(x));
		if (!answered(x, &r, &resp, what))
			return;
		if (get_le(resp.data, 1u << log2) != values[log2])
			conf_info(x, "%s returned %#llx after writing %#llx", what,
				  (unsigned long long)get_le(resp.data, 1u << log2), (unsigned long long)values[log2]);
	}
}

static void dev_posted(struct ctx *x)
{
	struct iow_iorfd_access w = access_of(IOW_IORFD_CMD_WRITE, 2, false, 0x40, 0xfeedf00d);
	struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, 2, true, 0x40, 0);
	struct iow_iorfd_resp resp;
	uint8_t buf[CMD];

	if (send_access(x, &w, 0))
		return;
	if (recv_unit(x, buf, 200) == R_MSG) {
		conf_fail(x, "IORFD-RESP-002", "a posted write (resp 0) was answered");
		return;
	}
	if (answered(x, &r, &resp, "a read after a posted write") && get_le(resp.data, 4) != 0xfeedf00d)
		conf_info(x, "the read after the posted write returned %#llx", (unsigned long long)get_le(resp.data, 4));
}

static void dev_pipelined(struct ctx *x)
{
	struct iow_iorfd_resp resp;

	for (unsigned i = 0; i < 8; i++) {
		struct iow_iorfd_access w = access_of(IOW_IORFD_CMD_WRITE, 0, false, 0x80 + i, 0x10 + i);

		if (send_access(x, &w, 0))
			return;
	}
	for (unsigned i = 0; i < 8; i++) {
		struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, 0, true, 0x80 + i, 0);

		if (send_access(x, &r, 0))
			return;
	}
	for (unsigned i = 0; i < 8; i++) {
		if (recv_response(x, &resp) != R_MSG) {
			conf_fail(x, "IORFD-RESP-001", "only %u of 8 pipelined reads were answered", i);
			return;
		}
		if (resp.data[0] != 0x10 + i) {
			conf_info(x, "pipelined read %u returned %#x (expected %#x if the region keeps what is written)", i,
				  resp.data[0], 0x10 + i);
			return;
		}
	}
}

static void dev_split_command(struct ctx *x)
{
	struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, 3, true, 0, 0);
	struct iow_iorfd_resp resp;

	if (send_access(x, &r, 13)) /* 13 bytes, a pause, then the other 19 */
		return;
	if (recv_response(x, &resp) != R_MSG)
		conf_fail(x, "IORFD-SESS-001", "a command that arrived in two pieces was not answered");
}

/* Sends a valid read with one byte changed; the device must not answer it. */
static void refuse_patched(struct ctx *x, size_t at, uint8_t value, const char *what)
{
	struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, 2, true, 0, 0);
	uint8_t buf[CMD];
	struct iow_error err;
	enum recv_status st;

	iow_iorfd_access_encode(&x->t->opts->cfg, &r, buf, sizeof buf, &err);
	buf[at] = value;
	if (vfu_send_raw(x, buf, CMD, NULL, 0, 0))
		return;
	st = recv_unit(x, buf, 300);
	if (st == R_MSG)
		conf_fail(x, "IORFD-CMD-012", "%s was answered", what);
	else if (st == R_CLOSED)
		conf_note(x, "%s: the device closed the connection (IORFD-DEV-008)", what);
	else
		conf_info(x, "%s: no response, but the device kept the connection open", what);
}

static void dev_bad_cmd(struct ctx *x)
{
	if (iow_iorfd_layout_b(x->t->opts->cfg.profile))
		refuse_patched(x, 0, 2, "a command with cmd 2");
	else
		refuse_patched(x, 0, 0x02 | 0x20 | 0x40, "a command with cmd 2");
}

static void dev_bad_size(struct ctx *x)
{
	if (iow_iorfd_layout_b(x->t->opts->cfg.profile))
		refuse_patched(x, 1, 0x04 | 0x10, "a command with size_exponent 4");
	else
		refuse_patched(x, 0, 0x80 | 0x20 | 0x40, "a command with info bit 7 set");
}

static void dev_reserved(struct ctx *x)
{
	refuse_patched(x, iow_iorfd_layout_b(x->t->opts->cfg.profile) ? 5 : 6, 0x01, "a command with non-zero padding");
}

static void dev_eof_inside_command(struct ctx *x)
{
	struct iow_iorfd_access r = access_of(IOW_IORFD_CMD_READ, 2, true, 0, 0);
	uint8_t buf[CMD];
	struct iow_error err;
	int status;

	iow_iorfd_access_encode(&x->t->opts->cfg, &r, buf, sizeof buf, &err);
	vfu_send_raw(x, buf, 20, NULL, 0, 0);
	shutdown(x->t->fd, SHUT_WR);
	if (recv_unit(x, buf, 300) == R_MSG)
		conf_fail(x, "IORFD-SESS-001", "20 bytes of a command, then end of stream, were answered");
	status = target_wait(x->t, 1000);
	if (status < 0)
		conf_info(x, "the device kept running after its command stream ended");
	else
		conf_note(x, "the device exited with status %d", status);
}

/* ---- ioregionfd-kvm --------------------------------------------------------------------------- */

/* Writes the script, launches the KVM side with it, and leaves the connection to the case. */
static bool launch_script(struct ctx *x, const char *script, char *path, size_t size)
{
	char arg[128];
	int fd;

	snprintf(path, size, "/tmp/iowire-conform-script-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, script, strlen(script)) != (ssize_t)strlen(script)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	snprintf(arg, sizeof arg, "--script=%s", path);
	target_stop(x->t);
	return target_start_with(x->t, x->t->opts, arg) == 0;
}

/* Reads the next command the KVM side writes and checks what every command must be. */
static bool next_command(struct ctx *x, struct iow_iorfd_access *a)
{
	uint8_t buf[CMD];
	struct iow_error err;
	enum recv_status st = recv_unit(x, buf, x->t->opts->timeout_ms);

	if (st != R_MSG) {
		conf_fail(x, "IORFD-CMD-001", "expected a 32-byte command, got %s",
			  st == R_TIMEOUT ? "nothing" : st == R_CLOSED ? "end of stream" : "garbage");
		return false;
	}
	if (iow_iorfd_access_decode(&x->t->opts->cfg, buf, CMD, a, &err)) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		conf_fail(x, "IORFD-CMD-008", "a command does not decode in %s: %s", layout_name(x), text);
		return false;
	}
	return true;
}

/* Answers with the value in the access's bytes and junk everywhere KVM must not look. */
static void respond_with_junk(struct ctx *x, unsigned log2, uint64_t value)
{
	uint8_t buf[CMD];

	memset(buf, 0xa5, sizeof buf);
	put_le(buf, value, 1u << log2);
	vfu_send_raw(x, buf, CMD, NULL, 0, 0);
}

/* The KVM side's stdout, once it has exited. */
static bool outcome(struct ctx *x, char *out, size_t size, int *status)
{
	FILE *f;
	size_t n;

	*status = target_wait(x->t, x->t->opts->timeout_ms);
	if (*status < 0) {
		conf_fail(x, "IORFD-RESP-005", "the KVM side did not finish its script");
		return false;
	}
	f = fopen(x->t->out_path, "r");
	n = f ? fread(out, 1, size - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	return true;
}

static void kvm_reads(struct ctx *x)
{
	static const uint64_t values[4] = { 0xc3, 0xbeef, 0xdeadbeef, 0x0102030405060708ull };
	static const uint64_t offsets[4] = { 0x10, 0x12, 0x14, 0x18 };
	char path[64], out[1024], want[256];
	int status;
	const char *script = "read 7 0x10 1\nread 7 0x12 2\nread 7 0x14 4\nread 7 0x18 8\n";

	if (!launch_script(x, script, path, sizeof path))
		return;
	for (unsigned log2 = 0; log2 < 4; log2++) {
		struct iow_iorfd_access a;

		if (!next_command(x, &a))
			goto out;
		if (a.cmd != IOW_IORFD_CMD_READ || a.size_log2 != log2 || !a.resp)
			conf_fail(x, "IORFD-CMD-002", "a %u-byte read encoded as cmd %u, size 2^%u, resp %d", 1u << log2,
				  a.cmd, a.size_log2, a.resp);
		if (a.user_data != 7 || a.offset != offsets[log2])
			conf_fail(x, "IORFD-CMD-006", "read %u: user_data %llu offset %#llx", log2,
				  (unsigned long long)a.user_data, (unsigned long long)a.offset);
		if (!iow_all_zero(a.data, 8))
			conf_fail(x, "IORFD-CMD-004", "a read command carries non-zero data");
		respond_with_junk(x, log2, values[log2]);
	}
	if (!outcome(x, out, sizeof out, &status))
		goto out;
	snprintf(want, sizeof want, "read 7 0x10 1 = %#llx\nread 7 0x12 2 = %#llx\nread 7 0x14 4 = %#llx\nread 7 0x18 8 = %#llx\n",
		 (unsigned long long)values[0], (unsigned long long)values[1], (unsigned long long)values[2],
		 (unsigned long long)values[3]);
	if (status != 0 || strcmp(out, want))
		conf_fail(x, "IORFD-RESP-005", "with junk past the access bytes and in pad the guest got:\n%s(status %d)",
			  out, status);
out:
	unlink(path);
}

static void kvm_writes(struct ctx *x)
{
	char path[64], out[1024];
	int status;
	const char *script = "write 3 0x20 1 0x11\nwrite 3 0x22 2 0x2211\nwrite 3 0x24 4 0x44332211\n"
			     "write 3 0x28 8 0x8877665544332211\nposted 3 0x30 4 0xcafe\nread 3 0 1\n";

	if (!launch_script(x, script, path, sizeof path))
		return;
	for (unsigned i = 0; i < 6; i++) {
		struct iow_iorfd_access a;
		unsigned log2 = i < 4 ? i : i == 4 ? 2 : 0;
		bool posted = i == 4;

		if (!next_command(x, &a))
			goto out;
		if (i == 5) {
			respond_with_junk(x, 0, 0x42);
			break;
		}
		if (a.cmd != IOW_IORFD_CMD_WRITE || a.size_log2 != log2 || a.resp == posted)
			conf_fail(x, "IORFD-CMD-003", "write %u encoded as cmd %u, size 2^%u, resp %d", i, a.cmd,
				  a.size_log2, a.resp);
		for (unsigned k = 0; k < 8; k++) {
			uint8_t want = k < (1u << log2) ? (uint8_t)(posted ? (0xcafeu >> (8 * k)) : 0x11u * (k + 1)) : 0;

			if (a.data[k] != want) {
				conf_fail(x, "IORFD-CMD-005", "write %u: data byte %u is %#x, expected %#x", i, k, a.data[k],
					  want);
				break;
			}
		}
		if (!posted)
			respond_with_junk(x, 3, 0xffffffffffffffffull);
	}
	if (outcome(x, out, sizeof out, &status) && status != 0)
		conf_fail(x, "IORFD-RESP-005", "the KVM side failed its writes (status %d):\n%s", status, out);
out:
	unlink(path);
}

static void kvm_user_data(struct ctx *x)
{
	char path[64], out[256];
	struct iow_iorfd_access a;
	int status;

	if (!launch_script(x, "posted 0xfedcba9876543210 0x8 8 0x1\n", path, sizeof path))
		return;
	if (next_command(x, &a) && a.user_data != 0xfedcba9876543210ull)
		conf_fail(x, "IORFD-CMD-007", "user_data %#llx, registered 0xfedcba9876543210",
			  (unsigned long long)a.user_data);
	outcome(x, out, sizeof out, &status);
	unlink(path);
}

static void kvm_fast_mmio(struct ctx *x)
{
	char path[64], out[256];
	struct iow_iorfd_access a;
	int status;

	if (!iow_iorfd_layout_b(x->t->opts->cfg.profile)) {
		conf_unimplemented(x, "FAST_MMIO exists in layout B (RFC v3) only");
		return;
	}
	if (!launch_script(x, "fast 5\n", path, sizeof path))
		return;
	if (next_command(x, &a) && (a.cmd != IOW_IORFD_CMD_WRITE || a.size_log2 || a.resp || a.offset ||
				    !iow_all_zero(a.data, 8)))
		conf_fail(x, "IORFD-CMD-011", "a FAST_MMIO command must be WRITE, size 0, resp 0, offset 0, data 0");
	outcome(x, out, sizeof out, &status);
	unlink(path);
}

static void kvm_short_response(struct ctx *x)
{
	char path[64], out[256];
	struct iow_iorfd_access a;
	uint8_t half[16] = { 0x77 };
	int status;

	if (!launch_script(x, "read 1 0 4\nread 1 4 4\n", path, sizeof path))
		return;
	if (!next_command(x, &a))
		goto out;
	vfu_send_raw(x, half, sizeof half, NULL, 0, 0);
	shutdown(x->t->fd, SHUT_WR);
	if (!outcome(x, out, sizeof out, &status))
		goto out;
	if (strstr(out, "read 1 0 4 ="))
		conf_fail(x, "IORFD-KVM-003", "a 16-byte response was taken as the value of a read:\n%s", out);
	else if (status == 0)
		conf_fail(x, "IORFD-KVM-003", "the KVM side did not report the failed transaction");
out:
	unlink(path);
}

/* A response nobody asked for (IORFD-DEV-002 forbids it): the protocol has no ids, so KVM takes it
 * as the answer to its next read. The case records what the KVM side did; there is no rule for a
 * KVM side to recover. */
static void kvm_extra_response(struct ctx *x)
{
	char path[64], out[256];
	struct iow_iorfd_access a;
	int status;

	if (!launch_script(x, "posted 1 0 4 0x1\nread 1 4 4\n", path, sizeof path))
		return;
	if (!next_command(x, &a))
		goto out;
	respond_with_junk(x, 2, 0x11111111); /* unsolicited, after a posted write */
	if (!next_command(x, &a))
		goto out;
	respond_with_junk(x, 2, 0x22222222); /* the real answer to the read */
	if (!outcome(x, out, sizeof out, &status))
		goto out;
	if (strstr(out, "= 0x11111111"))
		conf_info(x, "the KVM side took the unsolicited response as the read's value (expected: no ids on the wire)");
	else if (strstr(out, "= 0x22222222"))
		conf_info(x, "the KVM side discarded the unsolicited response");
	else
		conf_info(x, "the KVM side ended with status %d:\n%s", status, out);
out:
	unlink(path);
}

const struct conf_case iorfd_device_cases[] = {
	{ "iorfd.dev.sizes", "every access size, written and read back", "IORFD-RESP-001,IORFD-RESP-003,IORFD-RESP-004", T_MUST, TK_IORFD_DEVICE, false, dev_sizes },
	{ "iorfd.dev.posted", "a posted write gets no response", "IORFD-RESP-002", T_MUST, TK_IORFD_DEVICE, false, dev_posted },
	{ "iorfd.dev.pipelined", "pipelined commands are answered in order", "IORFD-DEV-001,IORFD-DEV-004", T_MUST, TK_IORFD_DEVICE, false, dev_pipelined },
	{ "iorfd.dev.split-command", "a command arriving in two pieces is answered", "IORFD-SESS-001", T_MUST, TK_IORFD_DEVICE, false, dev_split_command },
	{ "iorfd.dev.bad-cmd", "an unknown cmd is not answered", "IORFD-CMD-012", T_MUST, TK_IORFD_DEVICE, false, dev_bad_cmd },
	{ "iorfd.dev.bad-size", "an undefined size or info bit is not answered", "IORFD-CMD-012", T_MUST, TK_IORFD_DEVICE, false, dev_bad_size },
	{ "iorfd.dev.reserved", "non-zero padding is not answered", "IORFD-CMD-012", T_MUST, TK_IORFD_DEVICE, false, dev_reserved },
	{ "iorfd.dev.eof-inside-command", "end of stream inside a command ends the session", "IORFD-SESS-001,IORFD-DEV-008", T_MUST, TK_IORFD_DEVICE, false, dev_eof_inside_command },
};
const size_t iorfd_device_ncases = sizeof iorfd_device_cases / sizeof iorfd_device_cases[0];

const struct conf_case iorfd_kvm_cases[] = {
	{ "iorfd.kvm.reads", "reads of every size; only the access bytes of a response count", "IORFD-CMD-001,IORFD-CMD-002,IORFD-CMD-004,IORFD-CMD-006,IORFD-RESP-005", T_MUST, TK_IORFD_KVM, true, kvm_reads },
	{ "iorfd.kvm.writes", "writes of every size and a posted write, data zero-filled", "IORFD-CMD-003,IORFD-CMD-005,IORFD-RESP-005", T_MUST, TK_IORFD_KVM, true, kvm_writes },
	{ "iorfd.kvm.user-data", "user_data passes bit for bit", "IORFD-CMD-007", T_MUST, TK_IORFD_KVM, true, kvm_user_data },
	{ "iorfd.kvm.fast-mmio", "a FAST_MMIO write is WRITE, size 0, resp 0, no data", "IORFD-CMD-011", T_OPTIONAL, TK_IORFD_KVM, true, kvm_fast_mmio },
	{ "iorfd.kvm.short-response", "a short response fails the transaction", "IORFD-KVM-003", T_MUST, TK_IORFD_KVM, true, kvm_short_response },
	{ "iorfd.kvm.extra-response", "what an unsolicited response does to the next read", "IORFD-DEV-002,IORFD-KVM-002", T_OPTIONAL, TK_IORFD_KVM, true, kvm_extra_response },
};
const size_t iorfd_kvm_ncases = sizeof iorfd_kvm_cases / sizeof iorfd_kvm_cases[0];
