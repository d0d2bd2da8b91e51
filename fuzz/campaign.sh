#!/bin/sh
# A time-boxed libFuzzer campaign on one target (the measurements in README.md come from it).
#   fuzz/campaign.sh BUILD_DIR TARGET SECONDS OUT_DIR
# BUILD_DIR is a build with the libFuzzer targets (clang, IOWIRE_FUZZ=ON). The campaign starts
# from OUT_DIR/corpus/TARGET (kept between runs) and the generated seeds, with the generated
# dictionary and max_len; new inputs go to OUT_DIR/corpus/TARGET, crashes to
# OUT_DIR/artifacts/TARGET/, libFuzzer's log to OUT_DIR/TARGET.log. Prints one line:
#   TARGET runs=N seconds=S execs_per_sec=E corpus=FILES crashes=K exit=RC
set -u
if [ $# -ne 4 ]; then
    echo "usage: $0 BUILD_DIR TARGET SECONDS OUT_DIR" >&2
    exit 2
fi
build=$1 target=$2 seconds=$3 out=$4
gen=$build/fuzz/generated
fuzzer=$build/fuzz/$target-libfuzzer
[ -x "$fuzzer" ] || { echo "$0: $fuzzer is not built" >&2; exit 2; }
max_len=$(sed -n 's/^max_len *= *//p' "$gen/$target.options")
mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
start=$(date +%s)
"$fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="${max_len:-4096}" \
    -dict="$gen/$target.dict" -print_final_stats=1 -artifact_prefix="$out/artifacts/$target/" \
    "$out/corpus/$target" "$gen/corpus/$target" >"$out/$target.log" 2>&1
rc=$?
end=$(date +%s)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log")
elapsed=$((end - start))
[ "$elapsed" -gt 0 ] || elapsed=1
echo "$target runs=${runs:-0} seconds=$elapsed execs_per_sec=$(( ${runs:-0} / elapsed ))" \
     "corpus=$(ls "$out/corpus/$target" | wc -l) crashes=$(ls "$out/artifacts/$target" | wc -l) exit=$rc"
exit $rc
