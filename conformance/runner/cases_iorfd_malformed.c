/* ioregionfd-device: malformed commands generated from the schema.
 *
 * The table (iowc_iorfd_mutations.[ch], generated from schema/ioregionfd.yaml by iowire-gen conform
 * --name iowc_iorfd; gen/iowire_gen/emit_conform.py) lists, for each command layout a device
 * receives (cmd_a under layout a, cmd_b under layout b), the reserved padding, the flag bits the
 * layout does not define, the closed enumerations (cmd, size) and the data bytes past the 2^size
 * that count. One case per class applies every mutation of the layout under test to a valid base
 * command -- a 4-byte write that asks for a response -- and sends it to a newly launched device:
 * a response means the device acted on it (IORFD-CMD-012/013); a closed connection is what
 * IORFD-DEV-008 asks for; silence with the connection open is recorded. The device ends its
 * session on a protocol error, so it is relaunched before every mutation. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "iowire/iorfd_access.h"

#include "conform.h"
#include "iowc_iorfd_mutations.h"

#define CMD 32

static uint64_t get_field(const uint8_t *p, unsigned size, unsigned order)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[order == IOWC_IORFD_BE ? size - 1 - i : i] << (8 * i);
	return v;
}

static void put_field(uint8_t *p, unsigned size, unsigned order, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[order == IOWC_IORFD_BE ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static unsigned ctz64(uint64_t v)
{
	return v ? (unsigned)__builtin_ctzll(v) : 0;
}

/* Waits for what the device does with one command: a unit of 32 bytes, end of stream, or nothing. */
static enum recv_status outcome(struct ctx *x, unsigned ms)
{
	struct target *t = x->t;
	long long deadline = now_ms() + ms;
	struct iow_frame f;

	for (;;) {
		enum iow_conn_status st = iow_conn_next(&t->conn, &f);

		if (st == IOW_CONN_MESSAGE) {
			close_fds(f.fds, f.nfds);
			return R_MSG;
		}
		if (st == IOW_CONN_EOF || st == IOW_CONN_ERROR)
			return R_CLOSED;
		long long left = deadline - now_ms();
		struct pollfd p = { t->fd, POLLIN, 0 };

		if (left <= 0 || poll(&p, 1, (int)left) == 0)
			return R_TIMEOUT;
		if (iow_conn_fill(&t->conn) < 0 && errno != EAGAIN && errno != EINTR)
			return R_CLOSED;
	}
}

struct run {
	struct ctx *x;
	const struct iowc_iorfd_command *cmd;
	unsigned sent, answered, closed, silent;
};

/* Sends one mutated command to a fresh device and judges what it does. */
/* Is k (unshifted) a value of the entry's closed enum in profile p? For invalid_enum_values(). */
struct enum_known {
	const struct iowc_iorfd_entry *e;
	unsigned p;
};

static bool enum_known(const void *ctx, uint64_t k)
{
	const struct enum_known *q = ctx;
	unsigned shift = (unsigned)__builtin_ctzll(q->e->mask);

	for (unsigned i = 0; i < q->e->nvalues; i++)
		if (q->e->values[i].value >> shift == k && (q->e->values[i].profiles >> q->p & 1))
			return true;
	return false;
}

static void send_one(struct run *r, const struct iowc_iorfd_entry *e, const struct iowc_iorfd_mutation *m,
		     const uint8_t *buf, const char *what)
{
	struct ctx *x = r->x;
	enum recv_status st;

	if (r->sent && target_restart(x->t)) {
		conf_info(x, "the device could not be relaunched after %u mutations", r->sent);
		return;
	}
	r->sent++;
	if (vfu_send_raw(x, buf, CMD, NULL, 0, 0)) {
		r->closed++;
		return;
	}
	st = outcome(x, 300);
	if (st == R_MSG) {
		r->answered++;
		if (m->expect == IOWC_IORFD_REFUSE_SHOULD)
			conf_should(x, m->req, "%s %s: %s was answered", r->cmd->name, e->field, what);
		else
			conf_fail(x, m->req, "%s %s: %s was answered", r->cmd->name, e->field, what);
	} else if (st == R_CLOSED) {
		r->closed++;
	} else {
		r->silent++;
	}
}

static void apply(struct run *r, const struct iowc_iorfd_entry *e, const struct iowc_iorfd_mutation *m,
		  const uint8_t *base, unsigned p)
{
	uint8_t buf[CMD];
	char what[160];
	unsigned bits = 8u * e->size;
	uint64_t top = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	uint64_t v = e->size ? get_field(base + e->off, e->size, e->order) : 0;

#define SEND_VALUE(nv, ...)                                                  \
	do {                                                                 \
		memcpy(buf, base, CMD);                                      \
		put_field(buf + e->off, e->size, e->order, (nv));            \
		snprintf(what, sizeof what, __VA_ARGS__);                    \
		send_one(r, e, m, buf, what);                                \
	} while (0)

	switch (m->op) {
	case IOWC_IORFD_OP_SET:
		SEND_VALUE(m->arg & top, "%s = %#llx (%s)", e->field, (unsigned long long)(m->arg & top), m->what);
		break;
	case IOWC_IORFD_OP_FILL:
		memcpy(buf, base, CMD);
		memset(buf + e->off, (int)m->arg, e->size);
		snprintf(what, sizeof what, "%s filled with %#x", e->field, (unsigned)m->arg);
		send_one(r, e, m, buf, what);
		break;
	case IOWC_IORFD_OP_EACH_UNDEFINED:
		for (unsigned b = 0; b < bits; b++) {
			uint64_t bit = UINT64_C(1) << b;

			if (!(e->defined[p] & bit) && !(v & bit))
				SEND_VALUE(v | bit, "%s |= %#llx, a bit %s does not define", e->field, (unsigned long long)bit,
					   e->type);
		}
		break;
	case IOWC_IORFD_OP_EACH_INVALID: {
		struct enum_known k = { e, p };
		uint64_t cand[2];
		unsigned shift = ctz64(e->mask), ninvalid = invalid_enum_values(e->mask, enum_known, &k, cand);

		for (unsigned i = 0; i < ninvalid; i++)
			SEND_VALUE((v & ~e->mask) | (cand[i] << shift), "%s = %llu, not a value of enum %s", e->field,
					   (unsigned long long)cand[i], e->type);
		break;
	}
	case IOWC_IORFD_OP_EACH_PAST: {
		uint64_t sel = get_field(base + e->sel.off, e->sel.size, e->sel.order) & e->sel.mask;
		unsigned n = 1u << (sel >> ctz64(e->sel.mask));

		for (unsigned k = n; k < e->size; k++) {
			memcpy(buf, base, CMD);
			buf[e->off + k] = (uint8_t)m->arg;
			snprintf(what, sizeof what, "%s[%u] = %#x, past the 2^%s = %u bytes that count", e->field, k,
				 (unsigned)m->arg, e->sel.what, n);
			send_one(r, e, m, buf, what);
		}
		break;
	}
	default:
		conf_info(r->x, "%s %s: mutation %u is not applied to ioregionfd commands", r->cmd->name, e->field, m->op);
	}
#undef SEND_VALUE
}

static void run_class(struct ctx *x, enum iowc_iorfd_class cls)
{
	unsigned p = x->t->opts->cfg.profile;
	struct iow_iorfd_access a = { IOW_IORFD_CMD_WRITE, 2, true, 0, 0, { 0x44, 0x33, 0x22, 0x11 } };
	uint8_t base[CMD];
	struct iow_error err;
	bool any = false;

	if (iow_iorfd_access_encode(&x->t->opts->cfg, &a, base, sizeof base, &err) != CMD) {
		conf_info(x, "the base command does not encode");
		return;
	}
	for (size_t c = 0; c < iowc_iorfd_ncommands; c++) {
		struct run r = { x, &iowc_iorfd_commands[c], 0, 0, 0, 0 };

		if (!(r.cmd->profiles >> p & 1))
			continue;
		for (size_t i = 0; i < r.cmd->nentries; i++) {
			const struct iowc_iorfd_entry *e = &r.cmd->entries[i];

			if (e->cls != cls || !(e->profiles >> p & 1))
				continue;
			for (unsigned k = 0; k < e->nmutations; k++)
				apply(&r, e, &e->mutations[k], base, p);
		}
		if (!r.sent)
			continue;
		any = true;
		conf_note(x, "%s: %u mutations sent: %u answered, %u closed the connection (IORFD-DEV-008), %u left it open "
			  "without answering", r.cmd->name, r.sent, r.answered, r.closed, r.silent);
		if (r.silent)
			conf_info(x, "%s: %u mutations got no response, but the device kept the connection open "
				  "(IORFD-DEV-008 asks it to stop using the session)", r.cmd->name, r.silent);
	}
	if (!any)
		conf_note(x, "no mutation of this class in this layout");
}

#define CASE_FN(cls, token, id, title, reqs, must) \
	static void malformed_##token(struct ctx *x) { run_class(x, cls); }
IOWC_IORFD_CLASS_CASES(CASE_FN)
#undef CASE_FN

const struct conf_case iorfd_malformed_cases[] = {
#define CASE_ROW(cls, token, id, title, reqs, must) \
	{ id, title, reqs, (must) ? T_MUST : T_SHOULD, TK_IORFD_DEVICE, true, malformed_##token },
	IOWC_IORFD_CLASS_CASES(CASE_ROW)
#undef CASE_ROW
};
const size_t iorfd_malformed_ncases = sizeof iorfd_malformed_cases / sizeof iorfd_malformed_cases[0];
