/* The VERSION capabilities JSON: defaults, real proposals and replies, every error class, unknown
 * keys, NUL handling, emit -> parse round trips and the subset rule.  Prints TAP and a closing
 * "N passed, N failed" line. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "iowire/caps_json.h"

static int n_run, n_passed, n_failed;

static bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool check(bool cond, const char *fmt, ...)
{
	va_list ap;

	n_run++;
	if (cond)
		n_passed++;
	else
		n_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", n_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The JSON exactly as a VERSION payload carries it: the text and its NUL. */
static enum iow_caps_status parse_text(const char *text, struct iow_vfu_caps *caps, struct iow_caps_report *rep)
{
	return iow_vfu_caps_parse(text, strlen(text) + 1, caps, rep);
}

static const char QEMU_PROPOSAL[] =
	"{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":1048576,\"max_dma_maps\":65535,"
	"\"pgsizes\":4096,\"migration\":{\"pgsize\":4096,\"max_bitmap_size\":268435456},"
	"\"write_multiple\":true}}";

static const char LIBVFIO_USER_REPLY[] =
	"{ \"capabilities\": { \"max_msg_fds\": 8, \"max_data_xfer_size\": 1048576, "
	"\"migration\": { \"pgsize\": 4096 } } }";

static void test_defaults(void)
{
	struct iow_vfu_caps c;

	memset(&c, 0xa5, sizeof c);
	iow_vfu_caps_defaults(&c);
	check(c.max_msg_fds == 1, "default max_msg_fds is 1 (receiver must assume 1)");
	check(c.max_data_xfer_size == 1048576, "default max_data_xfer_size is 1 MiB");
	check(c.max_dma_maps == 65535, "default max_dma_maps is 65535");
	check(c.pgsizes == 4096, "default pgsizes is 4096 (4k only)");
	check(c.migration.pgsize == 4096, "default migration.pgsize is 4096");
	check(c.migration.max_bitmap_size == 268435456, "default migration.max_bitmap_size is 256 MiB");
	check(!c.twin_socket.supported && c.twin_socket.fd_index == 0, "default twin_socket is unsupported");
	check(!c.write_multiple, "default write_multiple is false");
	check(c.present == 0, "defaults mark nothing present");
	check(IOW_VFU_CAPS_MAX_MSG_FDS_DEFAULT == 1 && IOW_VFU_CAPS_MAX_MSG_FDS_MAX == 253 &&
	      IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT == 1048576 && IOW_VFU_CAPS_PGSIZES_MIN == 4096 &&
	      IOW_VFU_CAPS_TWIN_SOCKET_FD_INDEX_MAX == 252 && IOW_VFU_CAPS_PGSIZES_MAX == UINT64_MAX &&
	      IOW_VFU_CAPS_MIGRATION_MAX_BITMAP_SIZE_DEFAULT == 268435456 &&
	      IOW_VFU_CAPS_WRITE_MULTIPLE_DEFAULT == false,
	      "generated #defines carry the schema's defaults and limits");
	check(IOW_VFU_CAPS_NKEYS == 11 && IOW_VFU_CAPS_HAS_ALL == 0x7ff, "11 keys, 11 presence bits");
}

static void test_qemu_proposal(void)
{
	struct iow_vfu_caps c;
	struct iow_caps_report rep;
	enum iow_caps_status st = parse_text(QEMU_PROPOSAL, &c, &rep);

	if (!check(st == IOW_CAPS_OK, "QEMU's proposal parses (%s)", rep.message))
		return;
	check(c.max_msg_fds == 16 && c.max_data_xfer_size == 1048576 && c.max_dma_maps == 65535 &&
	      c.pgsizes == 4096, "QEMU: max_msg_fds 16, xfer 1 MiB, 65535 maps, pgsizes 4096");
	check(c.migration.pgsize == 4096 && c.migration.max_bitmap_size == 268435456,
	      "QEMU: migration pgsize 4096, max_bitmap_size 256 MiB");
	check(c.write_multiple, "QEMU: write_multiple true");
	check(c.present == (IOW_VFU_CAPS_HAS_ALL & ~(IOW_VFU_CAPS_HAS_TWIN_SOCKET |
						     IOW_VFU_CAPS_HAS_TWIN_SOCKET_SUPPORTED |
						     IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX)),
	      "QEMU: every key but twin_socket present (present=%#llx)", (unsigned long long)c.present);
	check(!c.twin_socket.supported, "QEMU: absent twin_socket keeps its default");
	check(rep.status == IOW_CAPS_OK && rep.n_unknown == 0 && rep.path[0] == '\0',
	      "QEMU: report clean, no unknown keys");
}

static void test_libvfio_user_reply(void)
{
	struct iow_vfu_caps c;
	struct iow_caps_report rep;
	enum iow_caps_status st = parse_text(LIBVFIO_USER_REPLY, &c, &rep);

	if (!check(st == IOW_CAPS_OK, "libvfio-user's json-c formatted reply parses (%s)", rep.message))
		return;
	check(c.max_msg_fds == 8 && c.max_data_xfer_size == 1048576, "libvfio-user: max_msg_fds 8, xfer 1 MiB");
	check(c.migration.pgsize == 4096 && c.migration.max_bitmap_size == 268435456,
	      "libvfio-user: migration.pgsize 4096, max_bitmap_size defaulted");
	check(c.max_dma_maps == 65535 && c.pgsizes == 4096 && !c.write_multiple,
	      "libvfio-user: absent keys take the defaults");
	check(c.present == (IOW_VFU_CAPS_HAS_MAX_MSG_FDS | IOW_VFU_CAPS_HAS_MAX_DATA_XFER_SIZE |
			    IOW_VFU_CAPS_HAS_MIGRATION | IOW_VFU_CAPS_HAS_MIGRATION_PGSIZE),
	      "libvfio-user: present = max_msg_fds, max_data_xfer_size, migration, migration.pgsize");
}

static void test_empty(void)
{
	struct iow_vfu_caps c, d;
	struct iow_caps_report rep;

	iow_vfu_caps_defaults(&d);
	check(parse_text("{}", &c, &rep) == IOW_CAPS_OK && memcmp(&c, &d, sizeof c) == 0 && rep.n_unknown == 0,
	      "{} gives the defaults, nothing present");
	check(parse_text("{\"capabilities\":{}}", &c, &rep) == IOW_CAPS_OK && memcmp(&c, &d, sizeof c) == 0,
	      "{\"capabilities\":{}} gives the defaults");
	check(parse_text(" \n\t{ } \r\n", &c, &rep) == IOW_CAPS_OK, "whitespace around the object is fine");
	check(parse_text("{\"capabilities\":{\"migration\":{}}}", &c, &rep) == IOW_CAPS_OK &&
	      c.present == IOW_VFU_CAPS_HAS_MIGRATION && c.migration.pgsize == 4096,
	      "an empty nested object is present, its members defaulted");
	check(parse_text("{\"capabilities\":{\"max_msg_fds\":0,\"pgsizes\":18446744073709551615,"
			 "\"twin_socket\":{\"supported\":true,\"fd_index\":252}}}", &c, &rep) == IOW_CAPS_OK &&
	      c.max_msg_fds == 0 && c.pgsizes == UINT64_MAX && c.twin_socket.supported &&
	      c.twin_socket.fd_index == 252, "limits themselves are accepted (0, UINT64_MAX, 252)");
}

/* Parse `text`, expect `code` at `path` with `message` (NULL: not compared), and *out untouched. */
static void expect_error(const char *what, const char *text, size_t len, enum iow_caps_status code,
			 const char *path, const char *message)
{
	struct iow_vfu_caps c, before;
	struct iow_caps_report rep;
	enum iow_caps_status st;

	memset(&c, 0x5a, sizeof c);
	before = c;
	st = iow_vfu_caps_parse(text, len, &c, &rep);
	check(st == code && rep.status == code && streq(rep.path, path) &&
	      (!message || streq(rep.message, message)) && memcmp(&c, &before, sizeof c) == 0,
	      "%s: %s at \"%s\" (got %s at \"%s\": %s)", what, iow_caps_status_name(code), path,
	      iow_caps_status_name(st), rep.path, rep.message);
}

#define EXPECT(what, text, code, path, message) expect_error(what, text, sizeof(text), code, path, message)

static void test_errors(void)
{
	struct iow_caps_report rep;
	struct iow_vfu_caps c;

	/* malformed JSON */
	EXPECT("truncated object", "{\"capabilities\":", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("empty text", "", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("trailing garbage", "{}x", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("two objects", "{}{}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("trailing comma", "{\"capabilities\":{\"max_msg_fds\":1,}}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("single quotes", "{'capabilities':{}}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("unquoted key", "{capabilities:{}}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("comment", "{/* c */}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("leading zero", "{\"capabilities\":{\"max_msg_fds\":01}}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("NaN", "{\"capabilities\":{\"max_msg_fds\":NaN}}", IOW_CAPS_E_SYNTAX, "", NULL);
	EXPECT("invalid UTF-8", "{\"\xff\":1}", IOW_CAPS_E_SYNTAX, "", NULL);
	iow_vfu_caps_parse("{}x", 4, &c, &rep);
	check(rep.json_offset == 2 && strstr(rep.message, "malformed JSON at byte 2") == rep.message,
	      "syntax error names the byte: \"%s\"", rep.message);

	/* top level not an object */
	EXPECT("array at top", "[1]", IOW_CAPS_E_TOP_LEVEL, "", "top level: expected an object");
	EXPECT("string at top", "\"abc\"", IOW_CAPS_E_TOP_LEVEL, "", "top level: expected an object");
	EXPECT("number at top", "42", IOW_CAPS_E_TOP_LEVEL, "", "top level: expected an object");
	EXPECT("null at top", "null", IOW_CAPS_E_TOP_LEVEL, "", "top level: expected an object");

	/* capabilities, or an object capability, not an object */
	EXPECT("capabilities array", "{\"capabilities\":[]}", IOW_CAPS_E_NOT_OBJECT, "capabilities",
	       "capabilities: expected an object");
	EXPECT("capabilities null", "{\"capabilities\":null}", IOW_CAPS_E_NOT_OBJECT, "capabilities",
	       "capabilities: expected an object");
	EXPECT("capabilities string", "{\"capabilities\":\"all\"}", IOW_CAPS_E_NOT_OBJECT, "capabilities",
	       "capabilities: expected an object");
	EXPECT("migration a number", "{\"capabilities\":{\"migration\":4096}}", IOW_CAPS_E_NOT_OBJECT,
	       "capabilities.migration", "capabilities.migration: expected an object");
	EXPECT("twin_socket a bool", "{\"capabilities\":{\"twin_socket\":true}}", IOW_CAPS_E_NOT_OBJECT,
	       "capabilities.twin_socket", "capabilities.twin_socket: expected an object");

	/* wrong types */
	EXPECT("string for a number", "{\"capabilities\":{\"max_msg_fds\":\"16\"}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_msg_fds", "capabilities.max_msg_fds: expected an unsigned integer");
	EXPECT("float for a number", "{\"capabilities\":{\"max_msg_fds\":16.0}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_msg_fds", "capabilities.max_msg_fds: expected an unsigned integer");
	EXPECT("exponent for a number", "{\"capabilities\":{\"max_data_xfer_size\":1e6}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_data_xfer_size", "capabilities.max_data_xfer_size: expected an unsigned integer");
	EXPECT("negative number", "{\"capabilities\":{\"max_msg_fds\":-1}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_msg_fds", "capabilities.max_msg_fds: expected an unsigned integer");
	EXPECT("huge negative number", "{\"capabilities\":{\"pgsizes\":-99999999999999999999999}}",
	       IOW_CAPS_E_TYPE, "capabilities.pgsizes", NULL);
	EXPECT("bool for a number", "{\"capabilities\":{\"max_dma_maps\":true}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_dma_maps", "capabilities.max_dma_maps: expected an unsigned integer");
	EXPECT("null for a number", "{\"capabilities\":{\"pgsizes\":null}}", IOW_CAPS_E_TYPE,
	       "capabilities.pgsizes", NULL);
	EXPECT("object for a number", "{\"capabilities\":{\"max_msg_fds\":{}}}", IOW_CAPS_E_TYPE,
	       "capabilities.max_msg_fds", NULL);
	EXPECT("number for a bool", "{\"capabilities\":{\"write_multiple\":1}}", IOW_CAPS_E_TYPE,
	       "capabilities.write_multiple", "capabilities.write_multiple: expected a boolean");
	EXPECT("string for a nested bool", "{\"capabilities\":{\"twin_socket\":{\"supported\":\"yes\"}}}",
	       IOW_CAPS_E_TYPE, "capabilities.twin_socket.supported",
	       "capabilities.twin_socket.supported: expected a boolean");
	EXPECT("float in migration", "{\"capabilities\":{\"migration\":{\"pgsize\":4096.5}}}", IOW_CAPS_E_TYPE,
	       "capabilities.migration.pgsize", "capabilities.migration.pgsize: expected an unsigned integer");
	parse_text("{\"capabilities\":{\"max_msg_fds\":1.5}}", &c, &rep);
	check(streq(rep.got, "non-integer number"), "the report says what type was found (%s)", rep.got);
	parse_text("{\"capabilities\":{\"max_msg_fds\":-3}}", &c, &rep);
	check(streq(rep.got, "negative integer"), "a negative number is reported as such (%s)", rep.got);

	/* out of range */
	EXPECT("fd_index above 252", "{\"capabilities\":{\"twin_socket\":{\"supported\":true,\"fd_index\":300}}}",
	       IOW_CAPS_E_RANGE, "capabilities.twin_socket.fd_index",
	       "capabilities.twin_socket.fd_index: 300 is above the maximum 252");
	EXPECT("max_msg_fds above 253", "{\"capabilities\":{\"max_msg_fds\":254}}", IOW_CAPS_E_RANGE,
	       "capabilities.max_msg_fds", "capabilities.max_msg_fds: 254 is above the maximum 253");
	EXPECT("max_data_xfer_size 0", "{\"capabilities\":{\"max_data_xfer_size\":0}}", IOW_CAPS_E_RANGE,
	       "capabilities.max_data_xfer_size", "capabilities.max_data_xfer_size: 0 is below the minimum 1");
	EXPECT("max_data_xfer_size 2^32", "{\"capabilities\":{\"max_data_xfer_size\":4294967296}}",
	       IOW_CAPS_E_RANGE, "capabilities.max_data_xfer_size",
	       "capabilities.max_data_xfer_size: 4294967296 is above the maximum 4294967295");
	EXPECT("pgsizes below 4096", "{\"capabilities\":{\"pgsizes\":2048}}", IOW_CAPS_E_RANGE,
	       "capabilities.pgsizes", "capabilities.pgsizes: 2048 is below the minimum 4096");
	EXPECT("migration.pgsize 0", "{\"capabilities\":{\"migration\":{\"pgsize\":0}}}", IOW_CAPS_E_RANGE,
	       "capabilities.migration.pgsize", "capabilities.migration.pgsize: 0 is below the minimum 1");
	EXPECT("pgsizes 2^64 (json-c would clamp it)", "{\"capabilities\":{\"pgsizes\":18446744073709551616}}",
	       IOW_CAPS_E_RANGE, "capabilities.pgsizes", NULL);
	EXPECT("max_msg_fds of 30 digits", "{\"capabilities\":{\"max_msg_fds\":999999999999999999999999999999}}",
	       IOW_CAPS_E_RANGE, "capabilities.max_msg_fds", NULL);
	EXPECT("first error in document order wins",
	       "{\"capabilities\":{\"write_multiple\":0,\"max_msg_fds\":\"x\"}}", IOW_CAPS_E_TYPE,
	       "capabilities.write_multiple", NULL);

	/* arguments */
	check(iow_vfu_caps_parse("{}", 3, NULL, &rep) == IOW_CAPS_E_INVALID, "NULL out is E_INVALID");
	check(iow_vfu_caps_parse(NULL, 3, &c, &rep) == IOW_CAPS_E_INVALID, "NULL json is E_INVALID");
	{
		static const char bad[] = "{\"capabilities\":{\"max_msg_fds\":\"x\"}}";

		check(iow_vfu_caps_parse(bad, sizeof bad, &c, NULL) == IOW_CAPS_E_TYPE, "a NULL report is allowed");
	}
}

static void test_unknown(void)
{
	struct iow_vfu_caps c;
	struct iow_caps_report rep;
	char text[1024];
	size_t pos;

	check(parse_text("{\"version\":\"x\",\"capabilities\":{\"max_msg_fds\":4,\"bogus\":[1,{\"a\":\"b\"}],"
			 "\"migration\":{\"pgsize\":4096,\"extra\":true},"
			 "\"twin_socket\":{\"supported\":false,\"why\":null}}}", &c, &rep) == IOW_CAPS_OK,
	      "unknown keys at every level are not fatal");
	check(rep.n_unknown == 4 && streq(rep.unknown[0], "version") && streq(rep.unknown[1], "capabilities.bogus") &&
	      streq(rep.unknown[2], "capabilities.migration.extra") &&
	      streq(rep.unknown[3], "capabilities.twin_socket.why"),
	      "unknown keys are listed as key paths in document order");
	check(c.max_msg_fds == 4 && c.migration.pgsize == 4096 && !c.twin_socket.supported &&
	      !(c.present & IOW_VFU_CAPS_HAS_WRITE_MULTIPLE), "known keys next to unknown ones still parse");
	check(parse_text("{\"capabilities\":{\"x\":{\"max_msg_fds\":\"not checked\"}}}", &c, &rep) == IOW_CAPS_OK &&
	      rep.n_unknown == 1 && c.max_msg_fds == 1, "the inside of an unknown key is not read");

	pos = (size_t)snprintf(text, sizeof text, "{\"capabilities\":{");
	for (int i = 0; i < 12; i++)
		pos += (size_t)snprintf(text + pos, sizeof text - pos, "\"k%d\":%d,", i, i);
	snprintf(text + pos, sizeof text - pos, "\"max_msg_fds\":2}}");
	check(parse_text(text, &c, &rep) == IOW_CAPS_OK && rep.n_unknown == 12 &&
	      streq(rep.unknown[IOW_CAPS_MAX_UNKNOWN - 1], "capabilities.k7") && c.max_msg_fds == 2,
	      "12 unknown keys: all counted, the first %d listed", IOW_CAPS_MAX_UNKNOWN);

	pos = (size_t)snprintf(text, sizeof text, "{\"capabilities\":{\"");
	memset(text + pos, 'z', 300);
	pos += 300;
	snprintf(text + pos, sizeof text - pos, "\\n\":1}}");
	check(parse_text(text, &c, &rep) == IOW_CAPS_OK && rep.n_unknown == 1 &&
	      strlen(rep.unknown[0]) == IOW_CAPS_PATH_MAX - 1 && strncmp(rep.unknown[0], "capabilities.zzz", 16) == 0,
	      "a 300-byte unknown key is cut to the report's bound");
	check(parse_text("{\"capabilities\":{\"max_msg_fds\":\"x\",\"max_msg_fds\":5}}", &c, &rep) == IOW_CAPS_OK &&
	      c.max_msg_fds == 5, "a key given twice: the last value counts (json-c keeps the last)");
	pos = (size_t)snprintf(text, sizeof text, "{\"capabilities\":{\"deep\":");
	for (int i = 0; i < 40; i++)
		text[pos++] = '[';
	for (int i = 0; i < 40; i++)
		text[pos++] = ']';
	snprintf(text + pos, sizeof text - pos, "}}");
	check(parse_text(text, &c, &rep) == IOW_CAPS_E_SYNTAX, "nesting past json-c's depth limit is malformed (%s)",
	      rep.message);
	check(parse_text("{\"capabilities\":{\"a\\u0001b\\n\":1}}", &c, &rep) == IOW_CAPS_OK &&
	      streq(rep.unknown[0], "capabilities.a?b?"), "control bytes of unknown keys are shown as '?'");
}

static void test_nul(void)
{
	struct iow_vfu_caps c;
	struct iow_caps_report rep;
	const char exact[] = "{\"capabilities\":{\"max_msg_fds\":3}}";
	const char padded[] = "{\"capabilities\":{\"max_msg_fds\":3}}\0\0\0";

	expect_error("no NUL", "{}", 2, IOW_CAPS_E_NO_NUL, "", "no NUL terminator within the 2 bytes given");
	expect_error("no NUL, JSON complete", exact, sizeof exact - 1, IOW_CAPS_E_NO_NUL, "", NULL);
	expect_error("zero length", "", 0, IOW_CAPS_E_NO_NUL, "", NULL);
	check(iow_vfu_caps_parse(exact, sizeof exact, &c, &rep) == IOW_CAPS_OK && c.max_msg_fds == 3,
	      "NUL as the last byte: parsed");
	check(iow_vfu_caps_parse(padded, sizeof padded, &c, &rep) == IOW_CAPS_OK && c.max_msg_fds == 3,
	      "NUL padding after the JSON: parsed up to the first NUL");
	EXPECT("NUL inside the JSON", "{\"capabilities\":\0{}}", IOW_CAPS_E_SYNTAX, "", NULL);
}

static void test_emit(void)
{
	struct iow_vfu_caps c, back;
	struct iow_caps_report rep;
	char buf[512];
	size_t len = 0;

	parse_text(QEMU_PROPOSAL, &c, &rep);
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK && streq(buf, QEMU_PROPOSAL) &&
	      len == sizeof QEMU_PROPOSAL, "QEMU's proposal: parse -> emit gives the same bytes and its NUL");

	parse_text(LIBVFIO_USER_REPLY, &c, &rep);
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK &&
	      streq(buf, "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576,"
			 "\"migration\":{\"pgsize\":4096}}}"),
	      "libvfio-user's reply: only present keys are written (%s)", buf);

	iow_vfu_caps_defaults(&c);
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK && streq(buf, "{\"capabilities\":{}}") &&
	      len == 20, "nothing present: {\"capabilities\":{}}");

	c.present = IOW_VFU_CAPS_HAS_TWIN_SOCKET_FD_INDEX;
	c.twin_socket.fd_index = 0;
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK &&
	      streq(buf, "{\"capabilities\":{\"twin_socket\":{\"fd_index\":0}}}"),
	      "a present nested key brings its object along (%s)", buf);

	iow_vfu_caps_defaults(&c);
	c.max_msg_fds = 253;
	c.max_data_xfer_size = 4294967295u;
	c.max_dma_maps = 7;
	c.pgsizes = UINT64_MAX;
	c.migration.pgsize = 65536;
	c.migration.max_bitmap_size = 9223372036854775808u;
	c.twin_socket.supported = true;
	c.twin_socket.fd_index = 252;
	c.write_multiple = true;
	iow_vfu_caps_mark_all_present(&c);
	check(c.present == IOW_VFU_CAPS_HAS_ALL, "mark_all_present sets every bit");
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK && len == strlen(buf) + 1,
	      "every key at its limit: emitted (%s)", buf);
	check(iow_vfu_caps_parse(buf, len, &back, &rep) == IOW_CAPS_OK && memcmp(&c, &back, sizeof c) == 0,
	      "emit -> parse round trip gives the same struct, presence included (%s)", rep.message);

	/* buffer too small */
	check(iow_vfu_caps_emit(&c, buf, len - 1, &len) == IOW_CAPS_E_NO_SPACE && len == strlen(buf) + 1,
	      "one byte short (no room for the NUL): E_NO_SPACE and the size needed");
	{
		size_t need = len;
		char small[8];

		memset(small, 'q', sizeof small);
		check(iow_vfu_caps_emit(&c, small, sizeof small, &len) == IOW_CAPS_E_NO_SPACE && len == need &&
		      small[0] == 'q', "a small buffer is left untouched");
		check(iow_vfu_caps_emit(&c, NULL, 0, &len) == IOW_CAPS_E_NO_SPACE && len == need,
		      "NULL buffer of size 0 asks for the size");
		check(iow_vfu_caps_emit(&c, buf, need, &len) == IOW_CAPS_OK && len == need,
		      "exactly the size needed is enough");
	}
	check(iow_vfu_caps_emit(NULL, buf, sizeof buf, &len) == IOW_CAPS_E_INVALID, "NULL caps is E_INVALID");
	check(iow_vfu_caps_emit(&c, NULL, 10, &len) == IOW_CAPS_E_INVALID, "NULL buffer with a size is E_INVALID");

	/* values outside the limits are written as they are, and the parser then rejects them */
	c.twin_socket.fd_index = 300;
	check(iow_vfu_caps_emit(&c, buf, sizeof buf, &len) == IOW_CAPS_OK &&
	      iow_vfu_caps_parse(buf, len, &back, &rep) == IOW_CAPS_E_RANGE &&
	      streq(rep.message, "capabilities.twin_socket.fd_index: 300 is above the maximum 252"),
	      "an out-of-range value is emitted as is and rejected on parse");
}

static void test_subset(void)
{
	struct iow_vfu_caps proposed, reply;
	struct iow_caps_report rep;
	const char *bad;

	parse_text(QEMU_PROPOSAL, &proposed, &rep);
	parse_text(LIBVFIO_USER_REPLY, &reply, &rep);
	check(iow_vfu_caps_subset_check(&proposed, &reply) == NULL, "libvfio-user's reply is a subset of QEMU's proposal");
	check(iow_vfu_caps_subset_check(&proposed, &proposed) == NULL, "a set is a subset of itself");

	parse_text("{\"capabilities\":{\"max_msg_fds\":8,\"twin_socket\":{\"supported\":true,\"fd_index\":0}}}",
		   &reply, &rep);
	bad = iow_vfu_caps_subset_check(&proposed, &reply);
	check(streq(bad, "capabilities.twin_socket"), "twin_socket not proposed: named (%s)", bad ? bad : "NULL");

	parse_text("{}", &proposed, &rep);
	parse_text(LIBVFIO_USER_REPLY, &reply, &rep);
	bad = iow_vfu_caps_subset_check(&proposed, &reply);
	check(streq(bad, "capabilities.max_msg_fds"),
	      "empty proposal: libvfio-user's full reply fails on its first key (%s)", bad ? bad : "NULL");

	parse_text("{\"capabilities\":{\"twin_socket\":{\"supported\":true}}}", &proposed, &rep);
	parse_text("{\"capabilities\":{\"twin_socket\":{\"supported\":true,\"fd_index\":0}}}", &reply, &rep);
	check(iow_vfu_caps_subset_check(&proposed, &reply) == NULL,
	      "twin_socket reply adding fd_index to a proposed twin_socket is a subset");

	parse_text("{\"capabilities\":{\"max_msg_fds\":16}}", &proposed, &rep);
	parse_text("{\"capabilities\":{\"max_msg_fds\":8,\"write_multiple\":false,\"pgsizes\":4096}}", &reply, &rep);
	bad = iow_vfu_caps_subset_check(&proposed, &reply);
	check(streq(bad, "capabilities.pgsizes"), "first offending key in schema order (%s)", bad ? bad : "NULL");
}

static void test_status_names(void)
{
	check(streq(iow_caps_status_name(IOW_CAPS_E_RANGE), "range") &&
	      streq(iow_caps_status_name(IOW_CAPS_E_NO_NUL), "no-nul") &&
	      streq(iow_caps_status_name((enum iow_caps_status)99), "unknown"), "status names");
}

int main(void)
{
	test_defaults();
	test_qemu_proposal();
	test_libvfio_user_reply();
	test_empty();
	test_errors();
	test_unknown();
	test_nul();
	test_emit();
	test_subset();
	test_status_names();
	printf("1..%d\n", n_run);
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed ? 1 : 0;
}
