/* vfu_client: what a vfio-user client parses. Input: [sel] [nfds] message (as vfu_server).
 * Replies to the client's commands and the server's DMA_READ and DMA_WRITE commands go through
 * decode -> encode -> decode (iowf_roundtrip). */
#include "iowf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iowf_vfu_message(data, size, false);
	return 0;
}
