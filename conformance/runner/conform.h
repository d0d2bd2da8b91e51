/* iowire-conform: the framework shared by the runner and its cases. */
#ifndef IOWIRE_CONFORM_H
#define IOWIRE_CONFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "iowire/caps_json.h"
#include "iowire/ioregionfd.h"
#include "iowire/transport.h"
#include "iowire/vfio_user.h"

/* Outcome of one case; the order is the order of severity when a case records several. */
enum verdict {
	V_OK,
	V_INFORMATIONAL, /* behaviour the spec leaves open; what was seen is recorded */
	V_UNIMPLEMENTED, /* an optional feature the implementation does not offer */
	V_NON_STRICT,    /* a SHOULD not followed (a failure only with --strict) */
	V_FAILED,        /* a MUST broken: always names the requirement */
	V_COUNT
};

enum tier { T_MUST, T_SHOULD, T_OPTIONAL };

enum target_kind { TK_VFU_SERVER, TK_VFU_CLIENT, TK_IORFD_DEVICE, TK_IORFD_KVM, TK_COUNT };

struct target_opts {
	enum target_kind kind;
	const char *socket_path; /* a running implementation */
	const char *exec;        /* or a command to launch */
	bool use_fd;             /* launch with --fd=N instead of --socket-path */
	const char *args[8];     /* more arguments for a launched implementation */
	unsigned nargs;
	iow_frame_fn frame;      /* how messages are framed on the connection */
	unsigned timeout_ms;     /* per wait */
	unsigned case_timeout_ms;
	struct iow_cfg cfg;
	bool verbose;
};

/* A running implementation under test and our connection to it. */
struct target {
	const struct target_opts *opts;
	pid_t pid;            /* launched process, or 0 */
	char sock_path[108];  /* socket we created for a launched server */
	char tmpdir[64];
	int fd;               /* connected socket, or -1 */
	struct iow_conn conn;
	uint8_t *rbuf;
	size_t rcap;
	uint16_t next_id;
	bool negotiated;
	char out_path[96];    /* where a launched implementation's stdout goes */
	bool listening;       /* vfio-user-client: lfd listens at sock_path for the client */
	int lfd;
	bool exited;          /* target_accept saw the client exit; its wait status */
	int status;
	/* what negotiation told us */
	uint16_t minor;
	uint64_t max_data_xfer;
	uint64_t max_msg_fds;
};

struct finding {
	enum verdict verdict;
	char req[48];
	char text[480];
};

#define MAX_FINDINGS 16

struct ctx {
	const struct conf_case *c;
	struct target *t;
	/* the request being built and the last reply, with the fds it brought */
	struct iow_vfu_msg req, rep;
	int rfds[IOW_CONN_MAX_FDS];
	unsigned rnfds;
	bool strict;
	struct finding findings[MAX_FINDINGS];
	unsigned nfindings;
	/* expected and actual messages of the first failure, decoded field by field */
	char expected[2048];
	char actual[2048];
	long long started_ms;
};

struct conf_case {
	const char *id;
	const char *title;
	const char *reqs;    /* requirement IDs, comma separated */
	enum tier tier;
	enum target_kind target;
	bool fresh;          /* needs a freshly launched implementation */
	void (*run)(struct ctx *x);
};

/* ---- verdicts ---- */
void conf_fail(struct ctx *x, const char *req, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void conf_should(struct ctx *x, const char *req, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void conf_info(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note that keeps the verdict OK: what was seen where the spec's expectation was met. */
void conf_note(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void conf_unimplemented(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum verdict conf_verdict(const struct ctx *x);
bool conf_failed(const struct ctx *x);

/* ---- targets ---- */
int target_start(struct target *t, const struct target_opts *o);
void target_stop(struct target *t);
int target_restart(struct target *t);
/* Launches with one more argument for this run only (an ioregionfd-kvm script, say). */
int target_start_with(struct target *t, const struct target_opts *o, const char *arg);
/* vfio-user-client: waits for the client to connect (again); the new socket, or -1. */
int target_accept(struct target *t, unsigned timeout_ms);
/* Waits for a launched implementation to exit; its status, or -1 after timeout_ms. */
int target_wait(struct target *t, unsigned timeout_ms);
long long now_ms(void);

/* ---- vfio-user client side of a session ---- */
/* Sends msg (msg_size computed, msg_id assigned if *id is 0) with fds. */
int vfu_send(struct ctx *x, struct iow_vfu_msg *m, const int *fds, unsigned nfds, uint16_t *id);
/* Sends raw bytes (for malformed messages), optionally in two writes with a pause between. */
int vfu_send_raw(struct ctx *x, const uint8_t *buf, size_t len, const int *fds, unsigned nfds, size_t split);

enum recv_status { R_MSG, R_TIMEOUT, R_CLOSED, R_GARBAGE };
/* Waits for one message; decodes it into *m (fds in fds/nfds, caller closes them). On R_GARBAGE
 * the error says why. */
enum recv_status vfu_recv(struct ctx *x, struct iow_vfu_msg *m, int *fds, unsigned *nfds, struct iow_error *err);
/* Sends a command and waits for its reply, checking the header rules every reply must keep. */
enum recv_status vfu_call(struct ctx *x, struct iow_vfu_msg *req, const int *fds, unsigned nfds,
			  struct iow_vfu_msg *reply, int *rfds, unsigned *rnfds);
/* Parses the capabilities of a VERSION reply (defaults for absent keys); records the limits. */
void vfu_read_caps(struct ctx *x, const struct iow_bytes *json, struct iow_vfu_caps *caps);
/* VERSION with our standard proposal; records the peer's limits in x->t. */
int vfu_negotiate(struct ctx *x);
/* Describes a message field by field into buf. */
void vfu_describe(const struct iow_cfg *cfg, const struct iow_vfu_msg *m, char *buf, size_t size);
void close_fds(int *fds, unsigned n);

/* ---- vfio-user server cases: vfu_cases.c ---- */
/* Starts building x->req as a command. */
void start(struct ctx *x, uint16_t command);
/* Sends x->req and waits for its reply in x->rep; closes the reply's fds unless keep_fds. */
enum recv_status call(struct ctx *x, const int *fds, unsigned nfds, bool keep_fds);
/* Negotiates the runner's standard VERSION. */
bool ready(struct ctx *x);
/* Is the reply a success? Otherwise records a failure against reqid. */
bool succeeded(struct ctx *x, enum recv_status st, const char *reqid, const char *what);
/* For a request that must not succeed: an error reply is expected; closing is recorded. */
void expect_refusal(struct ctx *x, enum recv_status st, const char *reqid, bool must, const char *what);
/* Encodes x->req, lets patch() change the bytes, sends them and waits for the answer. */
enum recv_status call_patched(struct ctx *x, void (*patch)(uint8_t *buf, size_t *len), const int *fds,
			      unsigned nfds);

/* ---- generated mutations: mutate.c ---- */
/* Values a closed-enum field under `mask` may not take: the smallest one the enum lacks, and the
 * largest the mask allows when the enum lacks that too. known(ctx, k) says whether k (unshifted)
 * is a value of the enum. Returns how many were put in out (0 to 2). */
unsigned invalid_enum_values(uint64_t mask, bool (*known)(const void *ctx, uint64_t k), const void *ctx,
			     uint64_t out[2]);

/* ---- reports ---- */
struct result {
	const struct conf_case *c;
	enum verdict verdict;
	struct finding findings[MAX_FINDINGS];
	unsigned nfindings;
	char expected[2048];
	char actual[2048];
	long long ms;
};

const char *verdict_name(enum verdict v);
const char *tier_name(enum tier t);
const char *target_name(enum target_kind k);
int report_json(const char *path, const struct result *r, size_t n, const struct target_opts *o);
int report_junit(const char *path, const struct result *r, size_t n);
int report_case_list(const char *path, const struct conf_case *const *cases, size_t n);

/* ---- the cases ---- */
extern const struct conf_case vfu_server_cases[];
extern const size_t vfu_server_ncases;
extern const struct conf_case vfu_behaviour_cases[];
extern const size_t vfu_behaviour_ncases;
extern const struct conf_case vfu_malformed_cases[]; /* generated from the schema: cases_vfu_malformed.c */
extern const size_t vfu_malformed_ncases;
extern const struct conf_case vfu_client_cases[];
extern const size_t vfu_client_ncases;
extern const struct conf_case vfu_client_malformed_cases[]; /* generated from the schema: cases_vfu_client_malformed.c */
extern const size_t vfu_client_malformed_ncases;
extern const struct conf_case iorfd_device_cases[];
extern const size_t iorfd_device_ncases;
extern const struct conf_case iorfd_malformed_cases[]; /* generated from the schema: cases_iorfd_malformed.c */
extern const size_t iorfd_malformed_ncases;
extern const struct conf_case iorfd_kvm_cases[];
extern const size_t iorfd_kvm_ncases;

#endif /* IOWIRE_CONFORM_H */
