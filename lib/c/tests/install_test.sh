#!/bin/sh
# Installs the build into a scratch prefix, then builds a small program against the installed
# headers through pkg-config, once shared and once static, and runs both.
# usage: install_test.sh BUILD_DIR WORK_DIR
set -eu
build=$1 work=$2
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
pcdir=$(dirname "$(find "$work/prefix" -name iowire.pc | head -n 1)")
export PKG_CONFIG_PATH="$pcdir"
cat > "$work/use.c" <<'PROG'
#include <stdio.h>
#include <iowire/caps_json.h>
#include <iowire/transport.h>
#include <iowire/vfio_user.h>

int main(void)
{
	static const uint8_t reset[16] = { 1, 0, 13, 0, 16, 0, 0, 0 };
	struct iow_cfg cfg = { IOW_VFU_PROFILE_DEFAULT, IOW_ORDER_LE };
	struct iow_vfu_caps caps;
	struct iow_vfu_msg msg;
	struct iow_error err;

	iow_vfu_caps_defaults(&caps);
	if (iow_vfu_msg_decode(&cfg, reset, sizeof reset, 0, &msg, &err) || caps.max_msg_fds != 1)
		return 1;
	printf("%s\n", iow_vfu_msg_name(msg.hdr.command, msg.reply));
	return 0;
}
PROG
cc=${CC:-cc}
# shellcheck disable=SC2046
$cc -std=c11 -Wall -Wextra -Werror "$work/use.c" -o "$work/use-shared" $(pkg-config --cflags --libs iowire) \
    -Wl,-rpath,"$(pkg-config --variable=libdir iowire)"
# shellcheck disable=SC2046
$cc -std=c11 -Wall -Wextra -Werror "$work/use.c" -o "$work/use-static" $(pkg-config --cflags iowire) \
    "$(pkg-config --variable=libdir iowire)/libiowire.a" $(pkg-config --libs-only-l --static iowire | sed 's/-liowire//')
"$work/use-shared"
"$work/use-static"
