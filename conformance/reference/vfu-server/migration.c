/* Migration v2: the device state machine and the migration data stream.
 *
 * The stream is a sequence of records; each one is the whole device state:
 *   u32 magic "IOWM", u16 version 1, u16 zero, u32 body length, u32 FNV-1a of the body,
 *   then the body: config space (256), BAR0 (256), BAR1 (16384); all little-endian.
 * PRE_COPY offers one record (the state when it was entered) and STOP_COPY the final one; the
 * destination may receive both, and the last whole record wins when it leaves RESUMING. The
 * stream is device data, opaque to the protocol. */
#include "server.h"

#include <errno.h>
#include <string.h>

enum {
	S_ERROR = IOW_VFU_MIG_STATE_ERROR,
	S_STOP = IOW_VFU_MIG_STATE_STOP,
	S_RUNNING = IOW_VFU_MIG_STATE_RUNNING,
	S_STOP_COPY = IOW_VFU_MIG_STATE_STOP_COPY,
	S_RESUMING = IOW_VFU_MIG_STATE_RESUMING,
	S_PRE_COPY = IOW_VFU_MIG_STATE_PRE_COPY,
};

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 0x811c9dc5u;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x01000193u;
	}
	return h;
}

static void snapshot(struct server *s)
{
	struct migration *m = &s->mig;
	uint8_t *body = m->save + MIG_HDR_SIZE;

	memcpy(body, s->config, CFG_SIZE);
	memcpy(body + CFG_SIZE, s->bar0, BAR0_SIZE);
	memcpy(body + CFG_SIZE + BAR0_SIZE, s->bar1, BAR1_SIZE);
	iow_st_le32(m->save + 0, MIG_MAGIC, IOW_ORDER_LE);
	iow_st_le16(m->save + 4, MIG_VERSION, IOW_ORDER_LE);
	iow_st_le16(m->save + 6, 0, IOW_ORDER_LE);
	iow_st_le32(m->save + 8, MIG_BODY_SIZE, IOW_ORDER_LE);
	iow_st_le32(m->save + 12, fnv1a(body, MIG_BODY_SIZE), IOW_ORDER_LE);
	m->save_len = MIG_RECORD_SIZE;
	m->save_pos = 0;
}

static void restore(struct server *s, const uint8_t *body)
{
	memcpy(s->config, body, CFG_SIZE);
	memcpy(s->bar0, body + CFG_SIZE, BAR0_SIZE);
	memcpy(s->bar1, body + CFG_SIZE + BAR0_SIZE, BAR1_SIZE);
	/* What this device had pending belongs to the state just replaced; a copy that was running
	 * on the source does not carry over. */
	s->dma_pending = 0;
	memset(s->irq_pending, 0, sizeof s->irq_pending);
	if (reg32(s, R_DMA_STATUS) == DMA_BUSY) {
		set_reg32(s, R_DMA_STATUS, DMA_ERROR);
		set_reg32(s, R_DMA_ERRNO, ECANCELED);
	}
}

/* The next state on the way from cur to target, the kernel's VFIO table for a device without
 * P2P: the shortest path that has no saving state (PRE_COPY, STOP_COPY) inside it. S_ERROR: no
 * way (STOP_COPY to PRE_COPY). */
static uint32_t next_state(uint32_t cur, uint32_t target)
{
	switch (cur) {
	case S_STOP:
		return target == S_PRE_COPY ? S_RUNNING : target;
	case S_RUNNING:
		return target == S_PRE_COPY ? S_PRE_COPY : S_STOP;
	case S_PRE_COPY:
		return target == S_STOP_COPY ? S_STOP_COPY : S_RUNNING;
	case S_STOP_COPY:
		return target == S_PRE_COPY ? S_ERROR : S_STOP;
	case S_RESUMING:
		return S_STOP;
	default:
		return S_ERROR;
	}
}

/* One direct arc. */
static int arc(struct server *s, uint32_t from, uint32_t to)
{
	struct migration *m = &s->mig;

	if (from == S_RESUMING) {
		/* Leaving RESUMING loads what was received: a stream cut inside a record fails. */
		if (m->rx_len)
			return EINVAL;
		if (m->have_staged)
			restore(s, m->staged);
		m->have_staged = false;
	}
	if (from == S_PRE_COPY || from == S_STOP_COPY) {
		m->save_len = 0;
		m->save_pos = 0;
	}
	if (to == S_PRE_COPY || to == S_STOP_COPY)
		snapshot(s);
	if (to == S_RESUMING) {
		m->rx_len = 0;
		m->have_staged = false;
	}
	m->state = to;
	if ((to == S_RUNNING || to == S_PRE_COPY) && !(from == S_RUNNING || from == S_PRE_COPY))
		device_resumed(s);
	return 0;
}

int mig_set_state(struct server *s, uint32_t target)
{
	struct migration *m = &s->mig;

	if (target != S_STOP && target != S_RUNNING && target != S_STOP_COPY && target != S_RESUMING &&
	    target != S_PRE_COPY)
		return EINVAL; /* ERROR cannot be asked for; the P2P states are not offered */
	if (m->state == S_ERROR)
		return EINVAL; /* only DEVICE_RESET leaves ERROR */
	while (m->state != target) {
		uint32_t next = next_state(m->state, target);
		int err;

		if (next == S_ERROR)
			return EINVAL; /* STOP_COPY -> PRE_COPY: refused, state unchanged */
		err = arc(s, m->state, next);
		if (err) {
			m->state = S_ERROR;
			return err;
		}
	}
	return 0;
}

int mig_read(struct server *s, uint32_t size, const uint8_t **data, uint32_t *got)
{
	struct migration *m = &s->mig;
	size_t left;

	if (m->state != S_PRE_COPY && m->state != S_STOP_COPY)
		return EINVAL;
	left = m->save_len - m->save_pos;
	*got = size < left ? size : (uint32_t)left;
	*data = m->save + m->save_pos;
	m->save_pos += *got;
	return 0;
}

static bool header_ok(const uint8_t *h)
{
	return iow_ld_le32(h, IOW_ORDER_LE) == MIG_MAGIC && iow_ld_le16(h + 4, IOW_ORDER_LE) == MIG_VERSION &&
	       iow_ld_le16(h + 6, IOW_ORDER_LE) == 0 && iow_ld_le32(h + 8, IOW_ORDER_LE) == MIG_BODY_SIZE;
}

/* Appends to the stream being received. A write that brings a bad record header or a record
 * whose checksum does not match fails and has no effect: the stream stays as it was. */
int mig_write(struct server *s, const uint8_t *data, uint32_t size)
{
	static uint8_t rx_before[MIG_RECORD_SIZE], staged_before[MIG_BODY_SIZE];
	struct migration *m = &s->mig;
	size_t rx_len_before = m->rx_len;
	bool have_before = m->have_staged, staged_saved = false;

	if (m->state != S_RESUMING)
		return EINVAL;
	memcpy(rx_before, m->rx, m->rx_len);
	while (size) {
		size_t want = (m->rx_len < MIG_HDR_SIZE ? MIG_HDR_SIZE : MIG_RECORD_SIZE) - m->rx_len;
		size_t n = size < want ? size : want;
		bool bad = false;

		memcpy(m->rx + m->rx_len, data, n);
		m->rx_len += n;
		data += n;
		size -= (uint32_t)n;
		if (m->rx_len == MIG_HDR_SIZE && !header_ok(m->rx))
			bad = true;
		if (m->rx_len == MIG_RECORD_SIZE) {
			const uint8_t *body = m->rx + MIG_HDR_SIZE;

			if (fnv1a(body, MIG_BODY_SIZE) != iow_ld_le32(m->rx + 12, IOW_ORDER_LE)) {
				bad = true;
			} else {
				if (!staged_saved && m->have_staged) {
					memcpy(staged_before, m->staged, MIG_BODY_SIZE);
					staged_saved = true;
				}
				memcpy(m->staged, body, MIG_BODY_SIZE);
				m->have_staged = true;
				m->rx_len = 0;
			}
		}
		if (bad) {
			memcpy(m->rx, rx_before, rx_len_before);
			m->rx_len = rx_len_before;
			m->have_staged = have_before;
			if (staged_saved)
				memcpy(m->staged, staged_before, MIG_BODY_SIZE);
			return EINVAL;
		}
	}
	return 0;
}
