/* Built with the s390x cross compiler and run under qemu-s390x by endian_s390x.cmake, to show that
 * the vectors really run on a big-endian machine. Prints "big-endian" or "little-endian" as seen
 * at run time, and what the compiler believes; exits non-zero when the two disagree. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	const uint32_t word = 0x01020304;
	uint8_t b[4];
	int big, little, compiled_big;

	memcpy(b, &word, sizeof b);
	big = b[0] == 1 && b[1] == 2 && b[2] == 3 && b[3] == 4;
	little = b[0] == 4 && b[1] == 3 && b[2] == 2 && b[3] == 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	compiled_big = 1;
#else
	compiled_big = 0;
#endif
	printf("%s (bytes of 0x01020304: %02x %02x %02x %02x; compiler: %s-endian, %zu-bit)\n",
	       big ? "big-endian" : little ? "little-endian" : "mixed-endian", b[0], b[1], b[2], b[3],
	       compiled_big ? "big" : "little", sizeof(void *) * 8);
	return (big || little) && big == compiled_big ? 0 : 1;
}
