#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of iowire's fuzz targets (see fuzz/README.md, "OSS-Fuzz").
#
# Runs in the base-builder image with the source at $SRC/iowire, and honours what the
# infrastructure sets: $CC $CFLAGS (sanitizer, coverage and engine instrumentation), $CXX
# $CXXFLAGS and $LIB_FUZZING_ENGINE (the engine, linked with the C++ driver as OSS-Fuzz does),
# $OUT (fuzz targets and their files) and $WORK (scratch). For every harness in
# fuzz/harnesses/ it writes to $OUT:
#   <target>                   the fuzz target
#   <target>_seed_corpus.zip   the seeds generated from schema/ and fuzz/regressions/<target>/
#   <target>.dict              the generated dictionary
#   <target>.options           the generated [libfuzzer] options (max_len, dict)
# libiowire's codecs are generated from schema/ here, so the build needs python3 with jinja2,
# PyYAML and jsonschema, and zip (the Dockerfile installs them).
: "${SRC:?}" "${OUT:?}" "${WORK:?}" "${CC:?}" "${LIB_FUZZING_ENGINE:?}"
CFLAGS=${CFLAGS:-}
CXX=${CXX:-$CC}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
root=${IOWIRE_SRC:-$SRC/iowire}
# The generator's python3: the distribution's (jinja2, PyYAML, jsonschema from apt) before the
# python3 base-builder puts first on PATH, unless IOWIRE_PYTHON names one.
python=${IOWIRE_PYTHON:-}
if [ -z "$python" ]; then
    for candidate in /usr/bin/python3 python3; do
        if "$candidate" -c "import jinja2, yaml, jsonschema" 2>/dev/null; then
            python=$candidate
            break
        fi
    done
    [ -n "$python" ] || { echo "build.sh: no python3 with jinja2, yaml and jsonschema" >&2; exit 1; }
fi
targets="vfu_server vfu_client vfu_region_info vfu_io_fds iorfd_device iorfd_kvm iorfd_kvm_ioregion"
schemas="$root/schema/vfio-user.yaml $root/schema/ioregionfd.yaml"

build=$WORK/iowire-fuzz
rm -rf "$build"
mkdir -p "$build/obj" "$OUT"

# 1. libiowire's codecs and the fuzzing seeds, dictionaries and options, from the schema.
# shellcheck disable=SC2086
"$python" "$root/gen/iowire-gen" --root "$root" c --out-dir "$build/lib" $schemas
# shellcheck disable=SC2086
"$python" "$root/gen/iowire-gen" --root "$root" fuzz --out-dir "$build/fuzz" $schemas

# 2. libiowire (the generated codecs the harnesses exercise) and the harnesses' shared oracle.
includes="-I$build/lib/include -I$root/lib/c/include -I$root/fuzz/harnesses -I$build/fuzz"
for src in "$build/lib/src/vfio_user.c" "$build/lib/src/ioregionfd.c" "$root/fuzz/harnesses/iowf.c"; do
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 $includes -c "$src" -o "$build/obj/$(basename "$src" .c).o"
done
rm -f "$build/libiowire-fuzz.a"
ar rcs "$build/libiowire-fuzz.a" "$build/obj/vfio_user.o" "$build/obj/ioregionfd.o" "$build/obj/iowf.o"

# 3. One fuzz target per harness, with its seeds, dictionary and options.
for t in $targets; do
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 $includes -c "$root/fuzz/harnesses/$t.c" -o "$build/obj/$t.o"
    # shellcheck disable=SC2086
    $CXX $CXXFLAGS "$build/obj/$t.o" "$build/libiowire-fuzz.a" $LIB_FUZZING_ENGINE -o "$OUT/$t"

    seeds=$build/seeds/$t
    mkdir -p "$seeds"
    cp "$build/fuzz/corpus/$t"/* "$seeds/"
    if [ -d "$root/fuzz/regressions/$t" ]; then
        for f in "$root/fuzz/regressions/$t"/*; do
            [ -f "$f" ] && cp "$f" "$seeds/regression-$(basename "$f")"
        done
    fi
    rm -f "$OUT/${t}_seed_corpus.zip"
    (cd "$seeds" && zip -q -X "$OUT/${t}_seed_corpus.zip" ./*)
    cp "$build/fuzz/$t.dict" "$OUT/$t.dict"
    cp "$build/fuzz/$t.options" "$OUT/$t.options"
done
echo "iowire: built $(echo $targets | wc -w) fuzz targets in $OUT"
