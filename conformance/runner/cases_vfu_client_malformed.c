/* vfio-user-client: malformed replies generated from the schema.
 *
 * The table (iowc_reply_mutations.[ch], generated from schema/vfio-user.yaml by iowire-gen conform
 * --receiver client-reply --name iowc_reply; gen/iowire_gen/emit_conform.py) lists, for the reply
 * of each client-to-server command, the field boundaries it can be cut at, the counts and lengths
 * that can lie, the capability chain of DEVICE_GET_REGION_INFO (its first offset and the next of
 * its first item: past the payload, back into the fixed part, a loop, an overlap) and the flag bits
 * with policy reject that the profile does not define.
 *
 * One case per class. A first session with the server that keeps the spec records the reply the
 * device gives to the first instances of each command the client sends; each mutation applies to
 * the first of them whose reply meets its guards (DEVICE_GET_REGION_INFO of a region with
 * capabilities for the chain class). The mutations are then tried, at most MAX_RUNS of them spread over the list, each against a
 * newly launched client: the fake server answers that instance of the mutation's command with
 * the mutated reply (msg_size kept consistent with the bytes sent) and serves the rest of the
 * session as usual. A client that exits non-zero, closes early or asks the same command again did
 * not take the reply as valid (noted); one that carries on and exits 0 fails the mutation's
 * client-role requirement. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfu_fake_server.h"
#include "iowc_reply_mutations.h"

#define MAX_RUNS 24    /* mutations tried per case */
#define MAX_CANDS 256
#define RBUF 16448
#define NCMD 32
#define NINST 16    /* instances of each command recorded */

static uint64_t get_field(const uint8_t *p, unsigned size, unsigned order)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[order == IOWC_REPLY_BE ? size - 1 - i : i] << (8 * i);
	return v;
}

static void put_field(uint8_t *p, unsigned size, unsigned order, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[order == IOWC_REPLY_BE ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* The reply the device gives to one instance of a command, as encoded. */
struct base {
	bool seen;
	size_t len;   /* with the header */
	uint8_t buf[RBUF];
};

/* One mutated reply: the bytes to send instead of the base reply. */
struct cand {
	uint16_t command;
	unsigned inst;           /* the instance of the command answered with it */
	const struct iowc_reply_entry *e;
	const struct iowc_reply_mutation *m;
	size_t len;
	uint8_t buf[RBUF];
	char what[160];
};

struct rm {
	struct base *bases;      /* recording: [command * NINST + instance] */
	unsigned inst[NCMD];     /* instances of each command seen */
	const struct cand *cand; /* mutating */
	bool sent, again;
	unsigned after;          /* client commands after the mutated reply */
};

static bool wants_reply(const struct fs_msg *q)
{
	return !(q->m.hdr.flags & IOW_VFU_HEADER_FLAGS_NO_REPLY);
}

/* The device's reply to q, encoded into buf; its length, or 0 for an error reply. */
static size_t encode_reply(struct fsrv *s, struct fs_msg *q, uint8_t *buf, int *fds, unsigned *nfds)
{
	struct iow_vfu_msg r;
	struct iow_error err = { 0 };
	long n;

	*nfds = 0;
	if (fs_build(s, q, &r, fds, nfds))
		return 0;
	r.hdr.msg_id = q->m.hdr.msg_id;
	r.hdr.command = q->m.hdr.command;
	r.hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
	r.hdr.error = 0;
	r.reply = true;
	r.error = false;
	n = iow_vfu_msg_encode(s->cfg, &r, *nfds, buf, RBUF, &err);
	return n > 0 ? (size_t)n : 0;
}

static enum fs_act hook(struct fsrv *s, struct fs_msg *q)
{
	struct rm *c = s->arg;
	uint16_t cmd = q->m.hdr.command;
	int fds[2];
	unsigned nfds;

	if (!q->ok || !s->negotiated || cmd == IOW_VFU_COMMAND_VERSION || cmd >= NCMD || !wants_reply(q))
		return FS_DEFAULT;
	if (c->bases) {
		struct iow_vfu_msg r;
		struct iow_error err = { 0 };
		struct base *b;
		long n;

		if (c->inst[cmd] >= NINST)
			return FS_DEFAULT;
		b = &c->bases[cmd * NINST + c->inst[cmd]++];
		nfds = 0;
		if (fs_build(s, q, &r, fds, &nfds))
			return FS_DEFAULT; /* an error reply: nothing to mutate; fs_build again gives it */
		r.hdr.msg_id = q->m.hdr.msg_id;
		r.hdr.command = cmd;
		r.hdr.flags = IOW_VFU_MSG_TYPE_REPLY;
		r.hdr.error = 0;
		r.reply = true;
		r.error = false;
		n = iow_vfu_msg_encode(s->cfg, &r, nfds, b->buf, RBUF, &err);
		if (n <= 0) {
			fs_reply(s, q, &r, fds, nfds);
			return FS_HANDLED;
		}
		b->seen = true;
		b->len = (size_t)n;
		fs_answered(s, q);
		if (iow_conn_send(s->t->fd, b->buf, b->len, fds, nfds))
			s->closed = true;
		return FS_HANDLED;
	}
	if (c->sent) {
		c->after++;
		if (cmd == c->cand->command)
			c->again = true;
		return FS_DEFAULT;
	}
	if (cmd != c->cand->command || c->inst[cmd]++ != c->cand->inst)
		return FS_DEFAULT;
	{
		static uint8_t tmp[RBUF];
		uint8_t out[RBUF];

		/* the fds the device attaches; the bytes are the candidate's with this msg_id */
		if (!encode_reply(s, q, tmp, fds, &nfds))
			return FS_DEFAULT;
		memcpy(out, c->cand->buf, c->cand->len);
		put_field(out, 2, IOWC_REPLY_LE, q->m.hdr.msg_id);
		c->sent = true;
		fs_answered(s, q);
		if (iow_conn_send(s->t->fd, out, c->cand->len, fds, nfds))
			s->closed = true;
	}
	return FS_HANDLED;
}

/* ---- the mutations, applied to a base reply ---- */

static bool guards_met(const struct iowc_reply_entry *e, const uint8_t *pl, size_t plen)
{
	for (unsigned g = 0; g < e->nguards; g++) {
		const struct iowc_reply_guard *gd = &e->guards[g];
		uint64_t v;

		if (gd->off + gd->size > plen)
			return false;
		v = get_field(pl + gd->off, gd->size, gd->order) & gd->mask;
		if ((gd->op == IOWC_REPLY_G_ALL && v != gd->mask) || (gd->op == IOWC_REPLY_G_EQ && v != gd->value) ||
		    (gd->op == IOWC_REPLY_G_GE && v < gd->value))
			return false;
	}
	return e->off + e->size <= plen;
}

struct list {
	struct cand *c;
	unsigned n;
};

static struct cand *add(struct list *l, uint16_t cmd, unsigned inst, const struct iowc_reply_entry *e, const struct iowc_reply_mutation *m,
			const struct base *b)
{
	struct cand *c;

	if (l->n == MAX_CANDS)
		return NULL;
	c = &l->c[l->n++];
	c->command = cmd;
	c->inst = inst;
	c->e = e;
	c->m = m;
	c->len = b->len;
	memcpy(c->buf, b->buf, b->len);
	return c;
}

/* msg_size follows the bytes sent. */
static void resize(struct cand *c, size_t len)
{
	c->len = len;
	put_field(c->buf + 4, 4, IOWC_REPLY_LE, len);
}

/* The mutations of e, applied to the first recorded instance of cmd whose reply meets its guards. */
static void expand(struct list *l, uint16_t cmd, const struct iowc_reply_entry *e, const struct base *bases, unsigned p)
{
	const struct base *b = NULL;
	unsigned inst = 0;

	if (!(e->profiles >> p & 1))
		return;
	for (; inst < NINST && bases[inst].seen; inst++)
		if (guards_met(e, bases[inst].buf + IOWC_REPLY_HEADER_SIZE, bases[inst].len - IOWC_REPLY_HEADER_SIZE)) {
			b = &bases[inst];
			break;
		}
	if (!b)
		return;

	const uint8_t *pl = b->buf + IOWC_REPLY_HEADER_SIZE;
	size_t plen = b->len - IOWC_REPLY_HEADER_SIZE;
	unsigned bits = 8u * e->size;
	uint64_t top = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	uint64_t v;

	v = e->size ? get_field(pl + e->off, e->size, e->order) : 0;
	for (unsigned k = 0; k < e->nmutations; k++) {
		const struct iowc_reply_mutation *m = &e->mutations[k];
		struct cand *c;
		uint64_t nv;

		switch (m->op) {
		case IOWC_REPLY_OP_TRUNCATE:
			if (e->off >= plen || !(c = add(l, cmd, inst, e, m, b)))
				break;
			resize(c, IOWC_REPLY_HEADER_SIZE + e->off);
			snprintf(c->what, sizeof c->what, "the payload cut before %s (%u of %zu bytes)", e->field, e->off, plen);
			break;
		case IOWC_REPLY_OP_SET:
		case IOWC_REPLY_OP_ADD:
		case IOWC_REPLY_OP_PLEN:
		case IOWC_REPLY_OP_WRAP:
			nv = m->op == IOWC_REPLY_OP_SET ? m->arg : m->op == IOWC_REPLY_OP_ADD ? v + m->arg
			   : m->op == IOWC_REPLY_OP_PLEN ? plen + m->arg
			   : v + (UINT64_C(1) << (bits - 1)) / (e->elem_size & -e->elem_size) * 2;
			nv &= top;
			if (nv == v || !(c = add(l, cmd, inst, e, m, b)))
				break;
			put_field(c->buf + IOWC_REPLY_HEADER_SIZE + e->off, e->size, e->order, nv);
			snprintf(c->what, sizeof c->what, "%s = %llu instead of %llu (%s)", e->field, (unsigned long long)nv,
				 (unsigned long long)v, m->what);
			break;
		case IOWC_REPLY_OP_EACH_UNDEFINED: {
			/* the lowest and the highest undefined bit that is clear */
			int lo = -1, hi = -1;

			for (unsigned i = 0; i < bits; i++)
				if (!(e->defined[p] >> i & 1) && !(v >> i & 1)) {
					if (lo < 0)
						lo = (int)i;
					hi = (int)i;
				}
			for (int j = 0; j < 2 && lo >= 0; j++) {
				int bit = j ? hi : lo;

				if ((j && hi == lo) || !(c = add(l, cmd, inst, e, m, b)))
					break;
				put_field(c->buf + IOWC_REPLY_HEADER_SIZE + e->off, e->size, e->order, v | UINT64_C(1) << bit);
				snprintf(c->what, sizeof c->what, "%s |= %#llx, a bit %s does not define", e->field,
					 (unsigned long long)(UINT64_C(1) << bit), e->type);
			}
			break;
		}
		default:
			break;
		}
	}
}

/* Launches the client once for one mutated reply and judges how it took it. */
static void try_one(struct ctx *x, const struct cand *cd, unsigned *took, unsigned *refused)
{
	struct fsrv s;
	struct rm c = { .cand = cd };
	const char *name = iow_vfu_command_name(cd->command);
	enum fs_end end;
	int status;

	if (target_restart(x->t)) {
		conf_info(x, "the client could not be relaunched");
		return;
	}
	fs_init(&s, x);
	s.hook = hook;
	s.arg = &c;
	end = fs_serve(&s);
	status = fs_finish(&s, end, FS_ANY_STATUS);
	if (!c.sent) {
		conf_info(x, "%s: the relaunched client sent no %s", cd->what, name);
	} else if (status == 0 && !c.again) {
		++*took;
		if (cd->m->expect == IOWC_REPLY_REFUSE_SHOULD)
			conf_should(x, cd->m->req, "%s reply with %s: the client went on for %u commands and exited 0", name,
				    cd->what, c.after);
		else
			conf_fail(x, cd->m->req, "%s reply with %s: the client went on for %u commands and exited 0", name,
				  cd->what, c.after);
	} else {
		++*refused;
		conf_note(x, "%s reply with %s: %s", name, cd->what,
			  status > 0 ? "the client exited non-zero" : status < 0 ? "the client did not exit" : "the client asked again");
	}
	fs_release(&s);
}

static void run_class(struct ctx *x, enum iowc_reply_class cls)
{
	unsigned p = x->t->opts->cfg.profile;
	struct base *bases = calloc(NCMD * NINST, sizeof *bases);
	struct list l = { calloc(MAX_CANDS, sizeof *l.c), 0 };
	struct rm c = { .bases = bases };
	struct fsrv s;
	unsigned took = 0, refused = 0, runs;

	if (!bases || !l.c) {
		conf_info(x, "out of memory");
		goto out;
	}
	/* the session as the device answers it */
	fs_init(&s, x);
	s.hook = hook;
	s.arg = &c;
	fs_finish(&s, fs_serve(&s), "VFU-REPLY-004");
	fs_release(&s);
	for (size_t i = 0; i < iowc_reply_ncommands; i++) {
		const struct iowc_reply_command *cmd = &iowc_reply_commands[i];

		if (cmd->command >= NCMD || !(cmd->profiles >> p & 1))
			continue;
		for (size_t k = 0; k < cmd->nentries; k++)
			if (cmd->entries[k].cls == cls)
				expand(&l, cmd->command, &cmd->entries[k], &bases[cmd->command * NINST], p);
	}
	if (!l.n) {
		conf_note(x, "no reply the client's session gets has a mutation of this class");
		goto out;
	}
	runs = l.n < MAX_RUNS ? l.n : MAX_RUNS;
	for (unsigned r = 0; r < runs; r++)
		try_one(x, &l.c[(size_t)r * l.n / runs], &took, &refused);
	conf_note(x, "%u of %u mutated replies tried: %u taken as valid, %u not", runs, l.n, took, refused);
out:
	free(l.c);
	free(bases);
}

#define CASE_FN(cls, token, id, title, reqs, must) \
	static void malformed_##token(struct ctx *x) { run_class(x, cls); }
IOWC_REPLY_CLASS_CASES(CASE_FN)
#undef CASE_FN

const struct conf_case vfu_client_malformed_cases[] = {
#define CASE_ROW(cls, token, id, title, reqs, must) \
	{ id, title, reqs, (must) ? T_MUST : T_SHOULD, TK_VFU_CLIENT, true, malformed_##token },
	IOWC_REPLY_CLASS_CASES(CASE_ROW)
#undef CASE_ROW
};
const size_t vfu_client_malformed_ncases = sizeof vfu_client_malformed_cases / sizeof vfu_client_malformed_cases[0];
