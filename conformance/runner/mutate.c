/* What the generated malformed-message cases share, whatever table they come from. */
#include "conform.h"

unsigned invalid_enum_values(uint64_t mask, bool (*known)(const void *ctx, uint64_t k), const void *ctx,
			     uint64_t out[2])
{
	unsigned shift = (unsigned)__builtin_ctzll(mask), n = 0;
	uint64_t range = mask >> shift;

	for (uint64_t k = 0; k <= range; k++) {
		if (!known(ctx, k)) {
			out[n++] = k;
			break;
		}
	}
	if (!known(ctx, range) && (n == 0 || out[0] != range))
		out[n++] = range;
	return n;
}
