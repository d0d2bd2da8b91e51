/* ref-server-smoke: starts iowire-ref-server on a socket in a temporary directory and plays a
 * client with libiowire: negotiation (with and without a twin socket), device and region info
 * (the sparse-mmap capability and BAR1's fd), region accesses, DMA in fd and message mode, dirty
 * logging, an interrupt through the doorbell, a malformed message, a migration from one server
 * to another, and SIGTERM (exit 0, socket removed).
 *
 * usage: ref-server-smoke PATH-TO-iowire-ref-server */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "iowire/caps_json.h"
#include "iowire/transport.h"
#include "iowire/vfio_user.h"

#define TIMEOUT_MS 2000
#define BUF_SIZE ((1u << 20) + 4096)

/* BAR0 registers of the reference device (see ../README.md). */
#define R_SCRATCH0 0x08
#define R_DOORBELL 0x10
#define R_DOORBELL_COUNT 0x14
#define R_DMA_ADDR 0x18
#define R_DMA_LEN 0x20
#define R_DMA_OFF 0x28
#define R_DMA_CMD 0x30
#define R_DMA_STATUS 0x34
#define DMA_DONE 2

static const struct iow_cfg cfg = { IOW_VFU_PROFILE_V0_9_2, IOW_ORDER_LE };
static char tmpdir[64];
static pid_t pids[2];
static const char *step = "start";

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ref-server-smoke: FAIL at %s: ", step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (int i = 0; i < 2; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* ---- a client connection ---- */

struct peer {
	int fd;
	struct iow_conn conn;
	uint8_t *buf;
	uint16_t next_id;
};

static void peer_init(struct peer *p, int fd)
{
	p->fd = fd;
	p->buf = malloc(BUF_SIZE);
	CHECK(p->buf, "out of memory");
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	iow_conn_init(&p->conn, fd, p->buf, BUF_SIZE, iow_vfu_frame, NULL);
	p->next_id = 100;
}

static void peer_close(struct peer *p)
{
	iow_conn_release(&p->conn);
	close(p->fd);
	free(p->buf);
	p->fd = -1;
}

static uint16_t send_msg(struct peer *p, struct iow_vfu_msg *m, bool reply, const int *fds, unsigned nfds)
{
	static uint8_t out[BUF_SIZE];
	struct iow_error err = { 0 };
	long n;

	if (!reply)
		m->hdr.msg_id = p->next_id++;
	m->hdr.flags |= reply ? IOW_VFU_MSG_TYPE_REPLY : IOW_VFU_MSG_TYPE_COMMAND;
	m->reply = reply;
	n = iow_vfu_msg_encode(&cfg, m, nfds, out, sizeof out, &err);
	if (n < 0) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fail("encode: %s", text);
	}
	CHECK(iow_conn_send(p->fd, out, (size_t)n, fds, nfds) == 0, "send: %s", strerror(errno));
	return m->hdr.msg_id;
}

/* The next message; its views stay valid until the next receive on this peer. */
static void recv_msg(struct peer *p, struct iow_vfu_msg *m, int *fds, unsigned *nfds)
{
	static struct iow_frame f;
	struct iow_error err = { 0 };

	for (;;) {
		enum iow_conn_status st = iow_conn_next(&p->conn, &f);
		struct pollfd pfd = { p->fd, POLLIN, 0 };

		if (st == IOW_CONN_MESSAGE)
			break;
		CHECK(st == IOW_CONN_AGAIN, "connection ended (%d: %s)", (int)st, strerror(errno));
		CHECK(poll(&pfd, 1, TIMEOUT_MS) == 1, "no message within %d ms", TIMEOUT_MS);
		CHECK(iow_conn_fill(&p->conn) >= 0 || errno == EAGAIN, "receive: %s", strerror(errno));
	}
	if (iow_vfu_msg_decode(&cfg, f.data, f.len, f.nfds, m, &err)) {
		char text[256];

		iow_error_format(&err, text, sizeof text);
		fail("decode: %s", text);
	}
	if (fds)
		memcpy(fds, f.fds, f.nfds * sizeof(int));
	else
		for (unsigned i = 0; i < f.nfds; i++)
			close(f.fds[i]);
	if (nfds)
		*nfds = f.nfds;
}

static struct iow_vfu_msg req, rep;

static void start(uint16_t command)
{
	memset(&req, 0, sizeof req);
	req.hdr.command = command;
}

/* Sends req and returns its reply in rep (an error reply when want_errno is not 0). */
static void call_fds(struct peer *p, const int *fds, unsigned nfds, int *rfds, unsigned *rnfds, int want_errno)
{
	uint16_t id = send_msg(p, &req, false, fds, nfds);

	recv_msg(p, &rep, rfds, rnfds);
	CHECK(rep.reply, "a command came instead of the reply to %s", iow_vfu_msg_name(req.hdr.command, false));
	CHECK(rep.hdr.msg_id == id && rep.hdr.command == req.hdr.command, "reply (%u, %u) to (%u, %u)",
	      rep.hdr.msg_id, rep.hdr.command, id, req.hdr.command);
	if (want_errno) {
		CHECK(rep.error && rep.hdr.error == (uint32_t)want_errno, "%s: wanted errno %d, got %s %u",
		      iow_vfu_msg_name(req.hdr.command, false), want_errno, rep.error ? "errno" : "success",
		      rep.hdr.error);
		CHECK(rep.payload.len == 0, "an error reply with %zu payload bytes", rep.payload.len);
	} else {
		CHECK(!rep.error, "%s failed with errno %u", iow_vfu_msg_name(req.hdr.command, false), rep.hdr.error);
	}
}

static void call(struct peer *p)
{
	call_fds(p, NULL, 0, NULL, NULL, 0);
}

/* ---- helpers over the device ---- */

static void region_write(struct peer *p, uint32_t region, uint64_t offset, const void *data, uint32_t count)
{
	start(IOW_VFU_COMMAND_REGION_WRITE);
	req.u.region_access_data.access = (struct iow_vfu_region_access){ offset, region, count };
	req.u.region_access_data.data.ptr = data;
	req.u.region_access_data.data.len = count;
	call(p);
	CHECK(rep.u.region_access.count == count, "wrote %u, reply says %u", count, rep.u.region_access.count);
}

static const uint8_t *region_read(struct peer *p, uint32_t region, uint64_t offset, uint32_t count)
{
	start(IOW_VFU_COMMAND_REGION_READ);
	req.u.region_access = (struct iow_vfu_region_access){ offset, region, count };
	call(p);
	CHECK(rep.u.region_access_data.data.len == count, "read %u, got %zu", count, rep.u.region_access_data.data.len);
	return rep.u.region_access_data.data.ptr;
}

static void reg_write(struct peer *p, unsigned off, uint64_t v, unsigned size)
{
	uint8_t b[8];

	iow_st_le64(b, v, IOW_ORDER_LE);
	region_write(p, IOW_VFU_REGION_INDEX_BAR0, off, b, size);
}

static uint32_t reg_read(struct peer *p, unsigned off)
{
	return iow_ld_le32(region_read(p, IOW_VFU_REGION_INDEX_BAR0, off, 4), IOW_ORDER_LE);
}

static void set_state(struct peer *p, uint32_t state)
{
	start(IOW_VFU_COMMAND_DEVICE_FEATURE);
	req.u.device_feature.argsz = 16;
	req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	req.u.device_feature.data.u.feature_mig_state.device_state = state;
	call(p);
}

static uint32_t get_state(struct peer *p)
{
	start(IOW_VFU_COMMAND_DEVICE_FEATURE);
	req.u.device_feature.argsz = 16;
	req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_GET;
	req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_NONE;
	call(p);
	CHECK(rep.u.device_feature.data.kase == IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE, "no state in the reply");
	return rep.u.device_feature.data.u.feature_mig_state.device_state;
}

static void dma_map(struct peer *p, uint64_t addr, uint64_t size, int fd)
{
	start(IOW_VFU_COMMAND_DMA_MAP);
	req.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ | IOW_VFU_DMA_MAP_FLAGS_WRITE, 0, addr, size };
	call_fds(p, fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0, NULL, NULL, 0);
}

static void dma_regs(struct peer *p, uint64_t addr, uint64_t len, uint64_t off)
{
	reg_write(p, R_DMA_ADDR, addr, 8);
	reg_write(p, R_DMA_LEN, len, 8);
	reg_write(p, R_DMA_OFF, off, 8);
}

/* ---- the server process ---- */

static pid_t spawn(const char *exe, const char *sock)
{
	char arg[128];
	pid_t pid;

	snprintf(arg, sizeof arg, "--socket-path=%s", sock);
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		execl(exe, exe, arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	for (int i = 0; i < 400; i++) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return fd;
		if (fd >= 0)
			close(fd);
		usleep(5000);
	}
	fail("cannot connect to %s", path);
}

static void negotiate(struct peer *p, bool twin, struct peer *tp)
{
	static const char plain[] = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":4096}}";
	static const char with_twin[] =
		"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":4096,\"twin_socket\":{\"supported\":true}}}";
	const char *json = twin ? with_twin : plain;
	struct iow_vfu_caps caps, proposed;
	int fds[IOW_CONN_MAX_FDS];
	unsigned nfds = 0;

	start(IOW_VFU_COMMAND_VERSION);
	req.u.version.minor = 5;
	req.u.version.json.ptr = (const uint8_t *)json;
	req.u.version.json.len = strlen(json) + 1;
	call_fds(p, NULL, 0, fds, &nfds, 0);
	CHECK(rep.u.version.major == 0 && rep.u.version.minor == 2, "version 0.%u (major %u)", rep.u.version.minor,
	      rep.u.version.major);
	CHECK(iow_vfu_caps_parse((const char *)rep.u.version.json.ptr, rep.u.version.json.len, &caps, NULL) == IOW_CAPS_OK,
	      "reply JSON");
	CHECK(iow_vfu_caps_parse(json, strlen(json) + 1, &proposed, NULL) == IOW_CAPS_OK, "our JSON");
	CHECK(!iow_vfu_caps_subset_check(&proposed, &caps), "reply not a subset: %s",
	      iow_vfu_caps_subset_check(&proposed, &caps));
	CHECK(caps.max_msg_fds == 8 && caps.max_data_xfer_size == 1048576, "caps %llu %llu",
	      (unsigned long long)caps.max_msg_fds, (unsigned long long)caps.max_data_xfer_size);
	if (twin) {
		CHECK(caps.twin_socket.supported && caps.twin_socket.fd_index == 0 && nfds == 1, "twin socket: %u fds",
		      nfds);
		peer_init(tp, fds[0]);
	} else {
		CHECK(nfds == 0 && !(caps.present & IOW_VFU_CAPS_HAS_TWIN_SOCKET), "no twin socket asked for");
	}
}

/* Answers DMA requests on q from guest memory `mem` at `base` until the engine is done;
 * replies to DMA_WRITE cycle through the three forms in use. */
static unsigned serve_dma(struct peer *q, uint8_t *mem, uint64_t base, uint64_t len)
{
	unsigned served = 0;
	uint64_t done = 0;

	while (done < len) {
		struct iow_vfu_msg m, r;
		uint64_t addr, count;

		recv_msg(q, &m, NULL, NULL);
		CHECK(!m.reply, "a reply instead of a DMA request");
		memset(&r, 0, sizeof r);
		r.hdr.msg_id = m.hdr.msg_id;
		r.hdr.command = m.hdr.command;
		if (m.hdr.command == IOW_VFU_COMMAND_DMA_WRITE) {
			addr = m.u.dma_access_data.access.address;
			count = m.u.dma_access_data.access.count;
			CHECK(count <= 4096, "a %llu-byte DMA_WRITE above the proposed 4096", (unsigned long long)count);
			CHECK(addr >= base && addr - base + count <= len, "DMA_WRITE outside the mapping");
			memcpy(mem + (addr - base), m.u.dma_access_data.data.ptr, count);
			switch (served % 3) {
			case 0: r.u.dma_write_reply.kase = IOW_VFU_DMA_WRITE_REPLY_HEADER_ONLY; break;
			case 1:
				r.u.dma_write_reply.kase = IOW_VFU_DMA_WRITE_REPLY_SHORT;
				r.u.dma_write_reply.u.dma_write_reply_short = (struct iow_vfu_dma_write_reply_short){ addr, (uint32_t)count };
				break;
			default:
				r.u.dma_write_reply.kase = IOW_VFU_DMA_WRITE_REPLY_ECHO;
				r.u.dma_write_reply.u.dma_access = (struct iow_vfu_dma_access){ addr, count };
			}
		} else {
			CHECK(m.hdr.command == IOW_VFU_COMMAND_DMA_READ, "command %u instead of a DMA request", m.hdr.command);
			addr = m.u.dma_access.address;
			count = m.u.dma_access.count;
			CHECK(count <= 4096, "a %llu-byte DMA_READ above the proposed 4096", (unsigned long long)count);
			CHECK(addr >= base && addr - base + count <= len, "DMA_READ outside the mapping");
			r.u.dma_access_data.access = m.u.dma_access;
			r.u.dma_access_data.data.ptr = mem + (addr - base);
			r.u.dma_access_data.data.len = count;
		}
		send_msg(q, &r, true, NULL, 0);
		done += count;
		served++;
	}
	return served;
}

static void wait_dma_done(struct peer *p)
{
	for (int i = 0; i < 200; i++) {
		if (reg_read(p, R_DMA_STATUS) == DMA_DONE)
			return;
		usleep(1000);
	}
	fail("DMA status %u, not done", reg_read(p, R_DMA_STATUS));
}

static void terminate(pid_t pid, const char *sock)
{
	int status;
	struct stat st;

	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the server ended with status %#x", status);
	CHECK(stat(sock, &st) < 0 && errno == ENOENT, "%s is still there", sock);
}

int main(int argc, char **argv)
{
	static uint8_t saved[64 << 10], guest_msg[0x4000], pattern[0x3000], blob[0x2000];
	char sock_a[128], sock_b[128];
	struct peer a, b, bt;
	uint8_t *bar1, *guest;
	size_t saved_len = 0;
	int fds[4], gfd, efd;
	unsigned nfds;

	if (argc != 2) {
		fprintf(stderr, "usage: ref-server-smoke PATH-TO-iowire-ref-server\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/ref-server-smoke-XXXXXX");
	CHECK(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	snprintf(sock_a, sizeof sock_a, "%s/a.sock", tmpdir);
	snprintf(sock_b, sizeof sock_b, "%s/b.sock", tmpdir);
	for (size_t i = 0; i < sizeof pattern; i++)
		pattern[i] = (uint8_t)(i * 7 + 3);

	step = "negotiation";
	pids[0] = spawn(argv[1], sock_a);
	peer_init(&a, connect_to(sock_a));
	negotiate(&a, false, NULL);

	step = "DEVICE_GET_INFO";
	start(IOW_VFU_COMMAND_DEVICE_GET_INFO);
	req.u.device_info.argsz = 16;
	call(&a);
	CHECK(rep.u.device_info.flags == (IOW_VFU_DEVICE_INFO_FLAGS_RESET | IOW_VFU_DEVICE_INFO_FLAGS_PCI) &&
	      rep.u.device_info.num_regions == 9 && rep.u.device_info.num_irqs == 5, "device info");

	step = "REGION_INFO, truncated";
	start(IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
	req.u.region_info = (struct iow_vfu_region_info){ .argsz = 32, .index = 1 };
	call_fds(&a, NULL, 0, fds, &nfds, 0);
	CHECK(rep.truncated && rep.u.region_info.argsz == 80 && nfds == 0 && rep.payload.len == 32 &&
	      !(rep.u.region_info.flags & IOW_VFU_REGION_INFO_FLAGS_MMAP), "argsz %u, %u fds, %zu bytes",
	      rep.u.region_info.argsz, nfds, rep.payload.len);

	step = "REGION_INFO, with caps";
	start(IOW_VFU_COMMAND_DEVICE_GET_REGION_INFO);
	req.u.region_info = (struct iow_vfu_region_info){ .argsz = 80, .index = 1 };
	call_fds(&a, NULL, 0, fds, &nfds, 0);
	CHECK(!rep.truncated && nfds == 1 && rep.u.region_info.size == 0x4000 && rep.u.region_info.caps.count == 1 &&
	      rep.u.region_info.flags == 0xf, "flags %#x, %u fds, %zu caps", rep.u.region_info.flags, nfds,
	      rep.u.region_info.caps.count);
	{
		struct iow_vfu_region_cap cap;
		struct iow_vfu_sparse_mmap_area a0, a1;

		CHECK(!iow_vfu_region_info_caps_at(&cfg, &rep.u.region_info, 0, &cap) &&
		      cap.kase == IOW_VFU_REGION_CAP_SPARSE_MMAP && cap.u.sparse_mmap.nr_areas == 2, "sparse cap");
		iow_vfu_cap_sparse_mmap_areas_at(&cfg, &cap.u.sparse_mmap, 0, &a0);
		iow_vfu_cap_sparse_mmap_areas_at(&cfg, &cap.u.sparse_mmap, 1, &a1);
		CHECK(a0.offset == 0 && a0.size == 0x1000 && a1.offset == 0x2000 && a1.size == 0x1000, "areas");
	}
	bar1 = mmap(NULL, 0x4000, PROT_READ | PROT_WRITE, MAP_SHARED, fds[0], 0);
	CHECK(bar1 != MAP_FAILED, "mmap BAR1: %s", strerror(errno));
	close(fds[0]);

	step = "region accesses";
	{
		const uint8_t *id = region_read(&a, IOW_VFU_REGION_INDEX_CONFIG, 0, 4);

		CHECK(iow_ld_le16(id, IOW_ORDER_LE) == 0x1b36 && iow_ld_le16(id + 2, IOW_ORDER_LE) == 0x0005, "ids");
	}
	region_write(&a, IOW_VFU_REGION_INDEX_BAR1, 0x100, "hello", 5);
	CHECK(!memcmp(bar1 + 0x100, "hello", 5), "BAR1 write not seen through the mapping");
	memcpy(bar1 + 0x2000, "mapped", 6);
	CHECK(!memcmp(region_read(&a, IOW_VFU_REGION_INDEX_BAR1, 0x2000, 6), "mapped", 6), "mapping not seen");
	reg_write(&a, R_SCRATCH0, 0xdeadbeef, 4);
	CHECK(reg_read(&a, R_SCRATCH0) == 0xdeadbeef, "scratch register");
	start(IOW_VFU_COMMAND_REGION_READ);
	req.u.region_access = (struct iow_vfu_region_access){ 0xfe, IOW_VFU_REGION_INDEX_CONFIG, 4 };
	call_fds(&a, NULL, 0, NULL, NULL, EINVAL);

	step = "DMA, fd mode";
	gfd = memfd_create("smoke-guest", MFD_CLOEXEC);
	CHECK(gfd >= 0 && ftruncate(gfd, 0x10000) == 0, "memfd");
	guest = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_SHARED, gfd, 0);
	CHECK(guest != MAP_FAILED, "mmap guest");
	dma_map(&a, 0x100000, 0x10000, gfd);
	close(gfd);
	memcpy(guest + 0x1000, pattern, sizeof pattern);
	dma_regs(&a, 0x101000, sizeof pattern, 0x1000);
	reg_write(&a, R_DMA_CMD, 1, 4);
	CHECK(reg_read(&a, R_DMA_STATUS) == DMA_DONE, "guest -> BAR1 not done");
	CHECK(!memcmp(bar1 + 0x1000, pattern, sizeof pattern), "guest -> BAR1 data");
	/* dirty logging around a write into guest memory */
	start(IOW_VFU_COMMAND_DEVICE_FEATURE);
	req.u.device_feature.argsz = 24;
	req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_DMA_LOGGING_START | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_START;
	req.u.device_feature.data.u.feature_dma_logging_control.page_size = 4096;
	call(&a);
	dma_regs(&a, 0x108000, 0x1800, 0);
	reg_write(&a, R_DMA_CMD, 2, 4);
	CHECK(reg_read(&a, R_DMA_STATUS) == DMA_DONE, "BAR1 -> guest not done");
	CHECK(!memcmp(guest + 0x8000, bar1, 0x1800), "BAR1 -> guest data");
	start(IOW_VFU_COMMAND_DEVICE_FEATURE);
	req.u.device_feature.argsz = 8 + 24 + 8;
	req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_DMA_LOGGING_REPORT | IOW_VFU_DEVICE_FEATURE_FLAGS_GET;
	req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_DMA_LOGGING_REPORT;
	req.u.device_feature.data.u.feature_dma_logging_report = (struct iow_vfu_feature_dma_logging_report){
		0x100000, 0x10000, 4096, { NULL, 0 } };
	call(&a);
	CHECK(rep.u.device_feature.data.u.feature_dma_logging_report.bitmap.len == 8 &&
	      iow_ld_le64(rep.u.device_feature.data.u.feature_dma_logging_report.bitmap.ptr, IOW_ORDER_LE) == 0x300,
	      "dirty bitmap %#llx", (unsigned long long)iow_ld_le64(rep.u.device_feature.data.u.feature_dma_logging_report.bitmap.ptr, IOW_ORDER_LE));

	step = "DMA, message mode";
	dma_map(&a, 0x200000, sizeof guest_msg, -1);
	memcpy(bar1, pattern, 0x2800);
	dma_regs(&a, 0x200000, 0x2800, 0);
	reg_write(&a, R_DMA_CMD, 2, 4);
	CHECK(serve_dma(&a, guest_msg, 0x200000, 0x2800) == 3, "BAR1 -> guest in 3 pieces");
	wait_dma_done(&a);
	CHECK(!memcmp(guest_msg, pattern, 0x2800), "DMA_WRITE data");

	step = "interrupt through the doorbell";
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	start(IOW_VFU_COMMAND_DEVICE_SET_IRQS);
	req.u.irq_set = (struct iow_vfu_irq_set){ 20, IOW_VFU_IRQ_SET_FLAGS_DATA_EVENTFD | IOW_VFU_IRQ_SET_FLAGS_ACTION_TRIGGER,
						  IOW_VFU_IRQ_INDEX_MSIX, 0, 1, { NULL, 0 } };
	call_fds(&a, &efd, 1, NULL, NULL, 0);
	reg_write(&a, R_DOORBELL, 1, 4);
	{
		struct pollfd pfd = { efd, POLLIN, 0 };
		uint64_t v = 0;

		CHECK(poll(&pfd, 1, TIMEOUT_MS) == 1 && read(efd, &v, sizeof v) == sizeof v && v == 1, "no interrupt");
	}
	CHECK(reg_read(&a, R_DOORBELL_COUNT) == 1, "doorbell count");
	close(efd);

	step = "a malformed message";
	{
		static uint8_t raw[64];
		struct iow_error err = { 0 };
		long n;

		start(IOW_VFU_COMMAND_DMA_MAP);
		req.hdr.msg_id = 0x5151;
		req.u.dma_map = (struct iow_vfu_dma_map){ 32, IOW_VFU_DMA_MAP_FLAGS_READ, 0, 0x300000, 0x1000 };
		n = iow_vfu_msg_encode(&cfg, &req, 0, raw, sizeof raw, &err);
		CHECK(n == 48, "encode");
		raw[16] = 31; /* argsz 31: not the request size */
		CHECK(iow_conn_send(a.fd, raw, (size_t)n, NULL, 0) == 0, "send");
		recv_msg(&a, &rep, NULL, NULL);
		CHECK(rep.error && rep.hdr.error == EINVAL && rep.hdr.msg_id == 0x5151 &&
		      rep.hdr.command == IOW_VFU_COMMAND_DMA_MAP && rep.payload.len == 0, "error reply");
	}
	start(IOW_VFU_COMMAND_DEVICE_GET_INFO);
	req.u.device_info.argsz = 16;
	call(&a);

	step = "migration: save";
	memcpy(bar1, pattern, sizeof pattern);
	set_state(&a, IOW_VFU_MIG_STATE_STOP_COPY); /* RUNNING -> STOP -> STOP_COPY */
	CHECK(get_state(&a) == IOW_VFU_MIG_STATE_STOP_COPY, "not in STOP_COPY");
	for (;;) {
		start(IOW_VFU_COMMAND_MIG_DATA_READ);
		req.u.mig_data = (struct iow_vfu_mig_data){ 8 + 4096, 4096 };
		call(&a);
		CHECK(saved_len + rep.u.mig_data_data.data.len <= sizeof saved, "too much migration data");
		memcpy(saved + saved_len, rep.u.mig_data_data.data.ptr, rep.u.mig_data_data.data.len);
		saved_len += rep.u.mig_data_data.data.len;
		if (rep.u.mig_data_data.mig.size < 4096)
			break;
	}
	start(IOW_VFU_COMMAND_DEVICE_FEATURE);
	req.u.device_feature.argsz = 16;
	req.u.device_feature.flags = IOW_VFU_FEATURE_INDEX_MIG_DEVICE_STATE | IOW_VFU_DEVICE_FEATURE_FLAGS_SET;
	req.u.device_feature.data.kase = IOW_VFU_FEATURE_DATA_MIG_DEVICE_STATE;
	req.u.device_feature.data.u.feature_mig_state.device_state = IOW_VFU_MIG_STATE_PRE_COPY;
	call_fds(&a, NULL, 0, NULL, NULL, EINVAL); /* STOP_COPY -> PRE_COPY fails */
	set_state(&a, IOW_VFU_MIG_STATE_RUNNING);

	step = "migration: restore";
	pids[1] = spawn(argv[1], sock_b);
	peer_init(&b, connect_to(sock_b));
	negotiate(&b, true, &bt);
	set_state(&b, IOW_VFU_MIG_STATE_RESUMING); /* RUNNING -> STOP -> RESUMING */
	for (size_t off = 0; off < saved_len; off += 4096) {
		size_t n = saved_len - off < 4096 ? saved_len - off : 4096;

		start(IOW_VFU_COMMAND_MIG_DATA_WRITE);
		req.u.mig_data_data.mig = (struct iow_vfu_mig_data){ (uint32_t)(8 + n), (uint32_t)n };
		req.u.mig_data_data.data.ptr = saved + off;
		req.u.mig_data_data.data.len = n;
		call(&b);
	}
	set_state(&b, IOW_VFU_MIG_STATE_RUNNING);
	CHECK(reg_read(&b, R_SCRATCH0) == 0xdeadbeef, "BAR0 not restored");
	CHECK(!memcmp(region_read(&b, IOW_VFU_REGION_INDEX_BAR1, 0, sizeof pattern), pattern, sizeof pattern),
	      "BAR1 not restored");

	step = "DMA over the twin socket";
	dma_map(&b, 0x400000, sizeof blob, -1);
	for (size_t i = 0; i < sizeof blob; i++)
		blob[i] = (uint8_t)(i ^ 0x5a);
	dma_regs(&b, 0x400000, sizeof blob, 0x2000);
	reg_write(&b, R_DMA_CMD, 1, 4);
	CHECK(serve_dma(&bt, blob, 0x400000, sizeof blob) == 2, "guest -> BAR1 in 2 pieces");
	wait_dma_done(&b);
	CHECK(!memcmp(region_read(&b, IOW_VFU_REGION_INDEX_BAR1, 0x2000, sizeof blob), blob, sizeof blob),
	      "DMA_READ data");

	step = "SIGTERM";
	peer_close(&bt);
	peer_close(&b);
	peer_close(&a);
	munmap(bar1, 0x4000);
	munmap(guest, 0x10000);
	terminate(pids[0], sock_a);
	pids[0] = 0;
	terminate(pids[1], sock_b);
	pids[1] = 0;
	rmdir(tmpdir);
	printf("ref-server-smoke: ok\n");
	return 0;
}
