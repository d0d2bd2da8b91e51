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
set -eu
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
targets="vfu_server vfu_client vfu_region_info vfu_io_fds iorfd_device iorfd_kvm iorfd_kvm_ioregion types"
# (and, with json-c, vfu_caps_json and the session targets: step 6)
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
objdir=$build/obj
compile() { # source [flags...]: $objdir/<name>.o
    src=$1
    shift
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 $includes "$@" -c "$src" -o "$objdir/$(basename "$src" .c).o"
}
for src in "$build/lib/src/vfio_user.c" "$build/lib/src/ioregionfd.c" "$root/fuzz/harnesses/iowf.c" \
           "$root/fuzz/harnesses/iowf_session.c"; do
    compile "$src"
done
rm -f "$build/libiowire-fuzz.a"
ar rcs "$build/libiowire-fuzz.a" "$build/obj/vfio_user.o" "$build/obj/ioregionfd.o" "$build/obj/iowf.o" \
    "$build/obj/iowf_session.o"

package() { # target seeds-dir dict-and-options-of: the seed zip, .dict and .options in $OUT
    t=$1
    seeds=$build/seeds/$t
    mkdir -p "$seeds"
    if [ -d "$2" ]; then
        cp "$2"/* "$seeds/"
    fi
    if [ -d "$root/fuzz/regressions/$t" ]; then
        for f in "$root/fuzz/regressions/$t"/*; do
            [ -f "$f" ] && cp "$f" "$seeds/regression-$(basename "$f")"
        done
    fi
    rm -f "$OUT/${t}_seed_corpus.zip"
    if [ -n "$(ls -A "$seeds")" ]; then
        (cd "$seeds" && zip -q -X "$OUT/${t}_seed_corpus.zip" ./*)
    fi
    cp "$build/fuzz/$3.dict" "$OUT/$t.dict"
    cp "$build/fuzz/$3.options" "$OUT/$t.options"
}

# 3. One fuzz target per harness, with its seeds, dictionary and options.
for t in $targets; do
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 $includes -c "$root/fuzz/harnesses/$t.c" -o "$build/obj/$t.o"
    # shellcheck disable=SC2086
    $CXX $CXXFLAGS "$build/obj/$t.o" "$build/libiowire-fuzz.a" $LIB_FUZZING_ENGINE -o "$OUT/$t"
    package "$t" "$build/fuzz/corpus/$t" "$t"
done

# 4. Session targets: a reference implementation's dispatch loop (its sources as its
# sources.cmake lists them) with the rest of libiowire (transport, the VERSION JSON) and json-c.
# The Dockerfile clones json-c into $SRC/json-c, built here with the sanitizer's flags and
# linked statically (instrumented, so MemorySanitizer can run these too; and OSS-Fuzz's runners
# have no libjson-c). Without it (a local run) the system's json-c serves, if pkg-config finds
# one, but not under MemorySanitizer, which wants every library instrumented.
if [ -d "$SRC/json-c" ]; then
    cmake -S "$SRC/json-c" -B "$WORK/json-c-build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
        -DCMAKE_BUILD_TYPE=None -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF \
        -DCMAKE_INSTALL_PREFIX="$WORK/json-c" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null
    cmake --build "$WORK/json-c-build" -j"$(nproc)" >/dev/null
    cmake --install "$WORK/json-c-build" >/dev/null
    export PKG_CONFIG_PATH="$WORK/json-c/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
    have_jsonc=1
elif [ "${SANITIZER:-}" != memory ] && pkg-config --exists json-c 2>/dev/null; then
    have_jsonc=1
else
    have_jsonc=0
    echo "iowire: no session targets (json-c: clone it into \$SRC/json-c, see the Dockerfile)" >&2
fi
session_targets="vfu_server_session vfu_client_session"
vfu_server_session_dir=conformance/reference/vfu-server
vfu_server_session_like=vfu_server
vfu_client_session_dir=conformance/reference/vfu-client
vfu_client_session_like=vfu_client
# The other target that needs json-c: the VERSION capabilities JSON (libiowire's caps_json.c).
vfu_caps_json_dir=
vfu_caps_json_like=vfu_caps_json
built=$targets

# 5. The session targets' seeds, as the CMake build makes them: sessions of the reference client
# against the reference server, recorded by fuzz/sessions/record.py (also their .options, whose
# max_len fits the recordings). The two programs run here, so they are built with $CC alone,
# without $CFLAGS (no sanitizer or fuzzer runtime to link), and with a json-c built the same way
# from $SRC/json-c (the instrumented one is for the targets), or the system's. A recording that
# fails leaves the targets with their regression inputs as seeds (and says so).
record_sessions() {
    plain=$build/plain
    mkdir -p "$plain/obj"
    if [ -d "$SRC/json-c" ]; then
        cmake -S "$SRC/json-c" -B "$WORK/json-c-plain-build" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="-O1" \
            -DCMAKE_BUILD_TYPE=None -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF \
            -DCMAKE_INSTALL_PREFIX="$WORK/json-c-plain" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null &&
            cmake --build "$WORK/json-c-plain-build" -j"$(nproc)" >/dev/null &&
            cmake --install "$WORK/json-c-plain-build" >/dev/null || return 1
        jsonc_cflags="-I$WORK/json-c-plain/include -I$WORK/json-c-plain/include/json-c"
        jsonc_libs="$WORK/json-c-plain/lib/libjson-c.a"
    else
        jsonc_cflags=$(pkg-config --cflags json-c) && jsonc_libs=$(pkg-config --libs json-c) || return 1
    fi
    lib="$build/lib/src/vfio_user.c $build/lib/src/vfio_user_caps.c $root/lib/c/src/transport.c"
    lib="$lib $root/lib/c/src/caps_json.c"
    for prog in server client; do
        dir=$root/conformance/reference/vfu-$prog
        srcs="$dir/main.c"
        for src in $(sed -n 's/^set(IOWIRE_REF_[A-Z_]*CORE_SOURCES \(.*\))$/\1/p' "$dir/sources.cmake"); do
            srcs="$srcs $dir/$src"
        done
        # shellcheck disable=SC2086
        $CC -O1 -std=c11 -D_GNU_SOURCE -I"$dir" -I"$root/conformance/reference/common" -I"$build/lib/include" -I"$root/lib/c/include" $jsonc_cflags \
            $srcs $lib $jsonc_libs -o "$plain/iowire-ref-$prog" || return 1
    done
    "$python" "$root/fuzz/sessions/record.py" --server "$plain/iowire-ref-server" --client "$plain/iowire-ref-client" \
        --header "$build/lib/include/iowire/vfio_user.h" --out "$build/sessions" --options-dir "$build/sessions" \
        --schema-seeds "$build/fuzz/corpus/vfu_server"
}
if [ "$have_jsonc" = 1 ] && ! record_sessions; then
    echo "iowire: recording the reference sessions failed: the session targets' seeds are their regressions" >&2
    rm -rf "$build/sessions"
fi

# 6. The session targets, with those seeds.
if [ "$have_jsonc" = 1 ]; then
    # shellcheck disable=SC2046
    for src in "$root/lib/c/src/transport.c" "$root/lib/c/src/caps_json.c" "$build/lib/src/vfio_user_caps.c"; do
        compile "$src" $(pkg-config --cflags json-c)
    done
    runtime="$build/obj/transport.o $build/obj/caps_json.o $build/obj/vfio_user_caps.o"
    for t in $session_targets vfu_caps_json; do
        eval "dir=\$${t}_dir like=\$${t}_like"
        seeds=$build/sessions/$t
        [ -n "$dir" ] || seeds=$build/fuzz/corpus/$t
        objdir=$build/obj/$t # implementations have files of the same names
        mkdir -p "$objdir"
        objs=
        impl=
        [ -z "$dir" ] || impl=$(sed -n 's/^set(IOWIRE_REF_[A-Z_]*CORE_SOURCES \(.*\))$/\1/p' "$root/$dir/sources.cmake")
        for src in $t.c $impl; do
            case $src in
                $t.c) path=$root/fuzz/harnesses/$src ;;
                *) path=$root/$dir/$src ;;
            esac
            compile "$path" -D_GNU_SOURCE "-I$root/$dir" "-I$root/conformance/reference/common"
            objs="$objs $objdir/$(basename "$src" .c).o"
        done
        # shellcheck disable=SC2086,SC2046
        $CXX $CXXFLAGS $objs $runtime "$build/libiowire-fuzz.a" $LIB_FUZZING_ENGINE \
            $(pkg-config --libs-only-L json-c) -Wl,-Bstatic -ljson-c -Wl,-Bdynamic -pthread -o "$OUT/$t"
        package "$t" "$seeds" "$like"
        if [ -f "$build/sessions/$t.options" ]; then
            cp "$build/sessions/$t.options" "$OUT/$t.options"
        fi
        built="$built $t"
    done
fi
echo "iowire: built $(echo $built | wc -w) fuzz targets in $OUT"
