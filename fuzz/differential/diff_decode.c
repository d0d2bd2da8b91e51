/* iowire-diff-decode: the C side of the differential harness (see README.md, "Differential").
 * Decodes inputs with libiowire and prints, per input, what the Python decoder built from the
 * construct description prints for the same input (fuzz/differential/pydecode.py):
 *
 *   in:   PROTOCOL WHAT PROFILE ORDER NFDS HEX        one input per line on standard input
 *         PROTOCOL vfio-user | ioregionfd; WHAT msg (a vfio-user message) or a structure name;
 *         PROFILE a profile name; ORDER le | host; HEX the bytes ("-" when empty)
 *   out:  ok, then one "path value" line per dumped field, then "end"; or
 *         error KIND PATH (PATH "-" when empty), then "end"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iowire/ioregionfd.h"
#include "iowire/runtime.h"
#include "iowire/vfio_user.h"

static void on_line(void *ctx, const char *path, const char *value)
{
	(void)ctx;
	printf("%s %s\n", path, value);
}

static int unhex(const char *s, uint8_t *out, size_t *n)
{
	size_t len = strlen(s);

	*n = 0;
	if (!strcmp(s, "-"))
		return 0;
	if (len % 2)
		return -1;
	for (size_t i = 0; i < len; i += 2) {
		unsigned v;

		if (sscanf(s + i, "%2x", &v) != 1)
			return -1;
		out[(*n)++] = (uint8_t)v;
	}
	return 0;
}

static void print_error(const struct iow_error *err)
{
	printf("error %s %s\nend\n", iow_status_name(err->code), err->path[0] ? err->path : "-");
}

int main(void)
{
	static char line[1 << 20];
	static uint8_t buf[1 << 19];

	while (fgets(line, sizeof line, stdin)) {
		char proto[32], what[64], profile[32], order[8], hex[sizeof line];
		unsigned nfds;
		size_t n;
		struct iow_cfg cfg;
		struct iow_error err;
		struct iow_dump d;
		int p, rc;

		if (sscanf(line, "%31s %63s %31s %7s %u %s", proto, what, profile, order, &nfds, hex) != 6 ||
		    unhex(hex, buf, &n)) {
			fprintf(stderr, "iowire-diff-decode: bad input line: %.80s\n", line);
			return 2;
		}
		/* An exact-size copy, so that the sanitizers see reads past the end. */
		uint8_t *data = malloc(n ? n : 1);

		if (!data)
			abort();
		memcpy(data, buf, n);
		memset(&err, 0, sizeof err);
		memset(&d, 0, sizeof d);
		d.fn = on_line;
		cfg.order = !strcmp(order, "host") ? IOW_ORDER_HOST : IOW_ORDER_LE;
		if (!strcmp(proto, "vfio-user")) {
			p = iow_vfu_profile_by_name(profile);
			if (p < 0) {
				fprintf(stderr, "iowire-diff-decode: unknown profile %s\n", profile);
				return 2;
			}
			cfg.profile = (unsigned)p;
			if (!strcmp(what, "msg")) {
				struct iow_vfu_msg m;

				rc = iow_vfu_msg_decode(&cfg, data, n, nfds, &m, &err);
				if (rc) {
					print_error(&err);
				} else {
					puts("ok");
					iow_vfu_msg_dump(&cfg, &m, &d);
					puts("end");
				}
				free(data);
				continue;
			}
		} else {
			p = iow_iorfd_profile_by_name(profile);
			if (p < 0) {
				fprintf(stderr, "iowire-diff-decode: unknown profile %s\n", profile);
				return 2;
			}
			cfg.profile = (unsigned)p;
		}
		{
			const struct iow_type_info *t = !strcmp(proto, "vfio-user") ? iow_vfu_type_by_name(what)
										   : iow_iorfd_type_by_name(what);
			void *v;

			if (!t) {
				fprintf(stderr, "iowire-diff-decode: unknown structure %s\n", what);
				return 2;
			}
			v = calloc(1, t->c_size);
			if (!v)
				abort();
			rc = t->decode(&cfg, data, n, v, &err);
			if (rc) {
				print_error(&err);
			} else {
				puts("ok");
				t->dump(&cfg, v, &d);
				puts("end");
			}
			free(v);
		}
		free(data);
	}
	return 0;
}
