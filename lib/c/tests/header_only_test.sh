#!/bin/sh
# Generates header-only codecs with iowire-gen, compiles the vector runner against them alone
# (no libiowire) with every C compiler present, and runs every golden vector through them:
# once with all profiles selectable at run time, once built for the default profiles only.
# usage: header_only_test.sh SOURCE_DIR WORK_DIR PYTHON
set -eu
src=$1 work=$2 py=$3
vectors=$(ls "$src"/lib/c/tests/vectors/*/*.vec)
compilers=""
for cc in gcc clang; do command -v "$cc" >/dev/null 2>&1 && compilers="$compilers $cc"; done
[ -n "$compilers" ] || { echo "no C compiler found"; exit 1; }

for mode in any fixed; do
    dir=$work/$mode
    mkdir -p "$dir"
    vfu_profile="" iorfd_profile="" defs=""
    if [ "$mode" = fixed ]; then
        vfu_profile="--profile 0.9.2" iorfd_profile="--profile rfc-v3"
        defs='-DFIXED_VFU=\"0.9.2\" -DFIXED_IORFD=\"rfc-v3\"'
    fi
    # shellcheck disable=SC2086
    "$py" "$src/gen/iowire-gen" --root "$src" header "$src/schema/vfio-user.yaml" --prefix iow_vfu \
        --runtime-prefix iow $vfu_profile -o "$dir/vfio_user_header_only.h"
    # shellcheck disable=SC2086
    "$py" "$src/gen/iowire-gen" --root "$src" header "$src/schema/ioregionfd.yaml" --prefix iow_iorfd \
        --runtime-prefix iow $iorfd_profile -o "$dir/ioregionfd_header_only.h"
    for cc in $compilers; do
        # Each header must compile on its own, with nothing included before it.
        for h in vfio_user_header_only.h ioregionfd_header_only.h; do
            echo "#include \"$h\"" | $cc -std=c11 -Wall -Wextra -Werror -I"$dir" -x c -c -o /dev/null -
        done
        # shellcheck disable=SC2086
        eval $cc -std=c11 -Wall -Wextra -Werror -DIOWIRE_HEADER_ONLY $defs -I"$dir" \
            "$src/lib/c/tests/test_vectors.c" -o "$dir/test_vectors_$cc"
        echo "== header-only ($mode profile) with $cc"
        # shellcheck disable=SC2086
        "$dir/test_vectors_$cc" $vectors | tail -n 1
        "$dir/test_vectors_$cc" $vectors >/dev/null
    done
done
