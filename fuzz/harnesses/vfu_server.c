/* vfu_server: what a vfio-user server parses. Input: [sel] [nfds] message, where sel picks the
 * profile (bits 0-3), host byte order (bit 4) and whether msg_size is set to the real length
 * (bit 5). Client commands and replies to DMA_READ and DMA_WRITE go through decode -> encode ->
 * decode (iowf_roundtrip). */
#include "iowf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iowf_vfu_message(data, size, true);
	return 0;
}
