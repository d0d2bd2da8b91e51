#!/bin/sh
# ctest fuzz-afl-<target>: runs every file in the directories given through an AFL++ build of a
# harness, as AFL++ hands it a test case outside afl-fuzz (on standard input, one per run), so
# that the persistent-mode build is known to work. Fails on the first input it does not survive.
#   afl_replay.sh AFL_BINARY DIR...
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 AFL_BINARY DIR..." >&2
    exit 2
fi
bin=$1
shift
n=0
for dir in "$@"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        if ! "$bin" <"$f" >/dev/null 2>"${TMPDIR:-/tmp}/afl_replay.$$"; then
            cat "${TMPDIR:-/tmp}/afl_replay.$$" >&2
            rm -f "${TMPDIR:-/tmp}/afl_replay.$$"
            echo "afl_replay: $bin failed on $f" >&2
            exit 1
        fi
        n=$((n + 1))
    done
done
rm -f "${TMPDIR:-/tmp}/afl_replay.$$"
[ "$n" -gt 0 ] || { echo "afl_replay: no inputs in $*" >&2; exit 1; }
echo "afl_replay: $n inputs through $(basename "$bin")"
