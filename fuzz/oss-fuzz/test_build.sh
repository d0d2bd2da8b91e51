#!/bin/sh
# ctest oss-fuzz-build: runs build.sh as OSS-Fuzz runs it for libFuzzer + AddressSanitizer
# (SRC, OUT and WORK in a temporary directory, the source at $SRC/iowire, the compiler flags
# of that configuration), then checks that every target exists, runs 100 inputs from its
# seed corpus without a finding, and has its _seed_corpus.zip, .dict and .options.
#   test_build.sh SOURCE_DIR
# Exits 77 (skipped) without clang, clang++ or zip.
set -eu
source_dir=$(cd "$1" && pwd)
for tool in clang clang++ zip; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "oss-fuzz-build: SKIPPED: $tool is not installed (scripts/install-deps.sh installs it)"
        exit 77
    fi
done
targets="vfu_server vfu_client vfu_region_info vfu_io_fds iorfd_device iorfd_kvm iorfd_kvm_ioregion types"
# vfu_caps_json and the session targets need json-c (here the system's); the session targets'
# seeds are recorded sessions.
if pkg-config --exists json-c 2>/dev/null; then
    targets="$targets vfu_caps_json vfu_server_session vfu_client_session"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/out" "$tmp/work"
ln -s "$source_dir" "$tmp/src/iowire"

# What OSS-Fuzz exports for FUZZING_ENGINE=libfuzzer SANITIZER=address (base-builder's compile).
export SRC="$tmp/src" OUT="$tmp/out" WORK="$tmp/work"
export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
(cd "$SRC/iowire" && bash fuzz/oss-fuzz/build.sh)

passed=0 failed=0
fail() { echo "not ok - $*"; failed=$((failed + 1)); }
for t in $targets; do
    ok=1
    for f in "$t" "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
        [ -s "$OUT/$f" ] || { fail "$t: \$OUT/$f is missing"; ok=0; }
    done
    [ $ok = 1 ] || continue
    [ -x "$OUT/$t" ] || { fail "$t: not executable"; continue; }
    grep -q "^dict = $t.dict\$" "$OUT/$t.options" || { fail "$t: $t.options does not name $t.dict"; continue; }
    mkdir -p "$tmp/seeds/$t"
    python3 -m zipfile -e "$OUT/${t}_seed_corpus.zip" "$tmp/seeds/$t"
    n=$(ls "$tmp/seeds/$t" | wc -l)
    [ "$n" -gt 0 ] || { fail "$t: empty seed corpus"; continue; }
    # As ClusterFuzz runs it: from $OUT, with the options' dictionary and max_len.
    max_len=$(sed -n 's/^max_len *= *//p' "$OUT/$t.options")
    if (cd "$OUT" && "./$t" -runs=100 -max_len="$max_len" -dict="$t.dict" -timeout=10 \
            "$tmp/seeds/$t") >"$tmp/$t.log" 2>&1; then
        echo "ok - $t: $n seeds, 100 runs"
        passed=$((passed + 1))
    else
        tail -30 "$tmp/$t.log"
        fail "$t: the fuzz target failed on its seed corpus"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
