#!/bin/sh
# Line and branch coverage of the generated decoders reached by fuzzing corpora (README.md,
# "Measurements"). Replays each target's corpus through its coverage-instrumented replay build
# and reports, per target and combined, what llvm-cov counts in libiowire's generated codecs
# (vfio_user.c for a vfu_* target, ioregionfd.c for an iorfd_* one, both for `types`); for a
# session target also the reference implementation it drives and libiowire's transport.c; for
# vfu_caps_json libiowire's caps_json.c and the generated vfio_user_caps.c instead.
#   fuzz/coverage.sh COV_BUILD_DIR CORPUS_DIR OUT_DIR [TARGET...]
# COV_BUILD_DIR: a clang build with -fprofile-instr-generate -fcoverage-mapping (README.md);
# CORPUS_DIR/<target>/: the corpus to replay (the generated seeds are replayed with it).
# Needs llvm-profdata-14 and llvm-cov-14 (Debian's llvm-14), or LLVM_PROFDATA / LLVM_COV.
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 COV_BUILD_DIR CORPUS_DIR OUT_DIR [TARGET...]" >&2
    exit 2
fi
build=$1 corpus=$2 out=$3
shift 3
targets=${*:-vfu_server vfu_client vfu_region_info vfu_io_fds iorfd_device iorfd_kvm iorfd_kvm_ioregion types vfu_caps_json}
profdata=${LLVM_PROFDATA:-llvm-profdata-14}
cov=${LLVM_COV:-llvm-cov-14}
gen=$build/fuzz/generated
root=$(cd "$(dirname "$0")/.." && pwd)
sources="$build/lib/c/generated/src/vfio_user.c $build/lib/c/generated/src/ioregionfd.c"
mkdir -p "$out"
rm -f "$out"/*.profraw "$out"/*.profdata

# Row $1 (a file name or TOTAL) of llvm-cov report: lines and branches, covered/total (percent).
summary() {
    awk -v row="$1" '{ n = split($1, part, "/") } part[n] == row {
        lines = $8; lmiss = $9; br = $11; bmiss = $12;
        printf "lines %d/%d (%.1f%%)  branches %d/%d (%.1f%%)\n", lines - lmiss, lines,
               lines ? 100 * (lines - lmiss) / lines : 0, br - bmiss, br, br ? 100 * (br - bmiss) / br : 0 }'
}

# The decoding side alone: the functions that read and check (*_decode, *_decode_any, *_parse,
# *_fixed readers, *_check, *_valid, *_walk, *_at), summed from llvm-cov report -show-functions.
decoding() {
    awk '{ n = split($1, part, ":"); name = part[n] }
         name ~ /_(decode|decode_any|parse|check|valid|walk|at)$/ ||
         (name ~ /_fixed$/ && name !~ /_(write|dump|measure)_fixed$/) {
             lines += $5; lmiss += $6; br += $8; bmiss += $9 }
         END { printf "decoding functions: lines %d/%d (%.1f%%)  branches %d/%d (%.1f%%)\n",
               lines - lmiss, lines, lines ? 100 * (lines - lmiss) / lines : 0,
               br - bmiss, br, br ? 100 * (br - bmiss) / br : 0 }'
}

objects=""
for t in $targets; do
    bin=$build/fuzz/$t-replay
    LLVM_PROFILE_FILE="$out/$t.profraw" "$bin" --inputs "$corpus/$t" "$gen/corpus/$t" >"$out/$t.replay.log"
    "$profdata" merge -sparse "$out/$t.profraw" -o "$out/$t.profdata"
    # shellcheck disable=SC2086
    "$cov" report "$bin" -instr-profile="$out/$t.profdata" $sources >"$out/$t.report.txt"
    case $t in
        vfu_caps_json) files= ;; # no codec: the JSON runtime, below
        vfu_*) files=vfio_user.c ;;
        iorfd_*) files=ioregionfd.c ;;
        *) files="vfio_user.c ioregionfd.c" ;;
    esac
    for file in $files; do
        printf '%-20s %6s inputs  %-14s %s\n' "$t" "$(find "$corpus/$t" "$gen/corpus/$t" -type f 2>/dev/null | wc -l)" \
            "$file" "$(summary "$file" <"$out/$t.report.txt")"
        "$cov" report "$bin" -instr-profile="$out/$t.profdata" -show-functions \
            "$build/lib/c/generated/src/$file" >"$out/$t.$file.functions.txt"
        printf '%-20s %6s         %-14s %s\n' "" "" "" "$(decoding <"$out/$t.$file.functions.txt")"
    done
    case $t in
        vfu_client_session) impl="$root/conformance/reference/vfu-client/*.c $root/lib/c/src/transport.c" ;;
        vfu_server_session) impl="$root/conformance/reference/vfu-server/*.c $root/lib/c/src/transport.c" ;;
        vfu_caps_json) impl="$root/lib/c/src/caps_json.c $build/lib/c/generated/src/vfio_user_caps.c" ;;
        *) impl= ;;
    esac
    if [ -n "$impl" ]; then
        # shellcheck disable=SC2086
        "$cov" report "$bin" -instr-profile="$out/$t.profdata" $impl >"$out/$t.impl.txt"
        for row in $(awk '{ n = split($1, part, "/") } part[n] ~ /\.c$/ { print part[n] }' "$out/$t.impl.txt") TOTAL; do
            printf '%-20s %6s         %-14s %s\n' "" "" "$row" "$(summary "$row" <"$out/$t.impl.txt")"
        done
    fi
    if [ -z "$objects" ]; then objects=$bin; else objects="$objects -object $bin"; fi
done
"$profdata" merge -sparse "$out"/*.profraw -o "$out/combined.profdata"
# shellcheck disable=SC2086
"$cov" report $objects -instr-profile="$out/combined.profdata" $sources >"$out/combined.report.txt"
for row in vfio_user.c ioregionfd.c TOTAL; do
    line=$(summary "$row" <"$out/combined.report.txt")
    [ -n "$line" ] || continue # a file none of the targets links
    printf '%-20s %6s         %-14s %s\n' combined "" "$row" "$line"
    [ "$row" = TOTAL ] && continue
    # shellcheck disable=SC2086
    "$cov" report $objects -instr-profile="$out/combined.profdata" -show-functions \
        "$build/lib/c/generated/src/$row" >"$out/combined.$row.functions.txt"
    printf '%-20s %6s         %-14s %s\n' "" "" "" "$(decoding <"$out/combined.$row.functions.txt")"
done
