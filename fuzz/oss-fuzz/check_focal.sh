#!/bin/bash
# check_focal.sh: build and run iowire's OSS-Fuzz targets in an Ubuntu 20.04 "focal" chroot, the
# distribution of gcr.io/oss-fuzz-base/base-builder, as close to the Dockerfile as this gets
# without a Docker engine. Opt-in: needs root and the network (not a ctest, not in .ci/run).
# See fuzz/README.md, "OSS-Fuzz", for what it proves and what it cannot.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: fuzz/oss-fuzz/check_focal.sh [options] CHROOT_DIR

Builds iowire's OSS-Fuzz targets on Ubuntu 20.04 "focal" (base-builder's distribution):

  1. debootstraps focal (--variant=minbase) into CHROOT_DIR, or reuses the focal chroot there;
  2. writes the sources.list of the ubuntu:20.04 image (focal, -updates, -security; main
     restricted universe multiverse), runs apt-get update and upgrade;
  3. runs the apt-get line of fuzz/oss-fuzz/Dockerfile verbatim;
  4. installs what base-builder itself brings, from focal: clang-N, llvm-N (llvm-symbolizer),
     libc++-N-dev, libc++abi-N-dev, git, make, cmake; /usr/local/bin/clang, clang++ and
     llvm-symbolizer point at them (base-builder's compiler is clang on PATH);
  5. puts `git archive REV` of the source tree at /src/iowire (for the Dockerfile's clone of
     the placeholder URL) and build.sh at /src/build.sh, and runs the Dockerfile's other
     `RUN git clone` lines in /src (or copies what --clone names instead);
  6. for each sanitizer, runs build.sh as OSS-Fuzz's `compile` does for libFuzzer (SRC=/src
     OUT=/out WORK=/work CC=clang CXX=clang++, its CFLAGS and CXXFLAGS for that sanitizer,
     LIB_FUZZING_ENGINE=-fsanitize=fuzzer), then runs every target in /out over its
     <target>_seed_corpus.zip (-runs=0) and fuzzes it for SECONDS (-max_total_time) with its
     .options' max_len and dictionary. A crash, leak, timeout or sanitizer report fails it,
     and so does a target of build.sh's targets= or session_targets= missing from /out.

Options:
  --sanitizers LIST   comma-separated: address, undefined, memory (default: address)
  --seconds N         -max_total_time of each fuzzing run (default: 10)
  --rev REV           the commit to test (default: HEAD; uncommitted changes are not tested)
  --source DIR        the iowire git tree (default: the one holding this script)
  --llvm N            focal's clang-N to stand in for base-builder's clang (default: 12)
  --mirror URL        Ubuntu archive (default: http://archive.ubuntu.com/ubuntu)
  --keyring FILE      keyring debootstrap checks the archive with (default:
                      /usr/share/keyrings/ubuntu-archive-keyring.gpg if it exists; without
                      one debootstrap runs with --no-check-gpg and says so)
  --clone DEST=DIR    instead of the Dockerfile's `git clone ... DEST`, copy DIR to /src/DEST
                      (where the clone's host cannot be reached; repeatable)
  --pytest            also run the generator's tests (gen/tests) with focal's python3-pytest
  -h, --help          this text

Needs: root, debootstrap (apt-get install debootstrap), git, and the Ubuntu archive over the
network. Logs go to CHROOT_DIR/iowire-check/. The script mounts proc and /dev in the chroot and
unmounts what it mounted on exit; the chroot is kept for the next run (rm -rf it when done).
Exit status: 0 when every target of every sanitizer built and passed, 1 otherwise, 2 on usage.
EOF
}

die() { echo "check_focal.sh: $*" >&2; exit 1; }
say() { echo "check_focal.sh: $*"; }

sanitizers=address seconds=10 rev=HEAD llvm=12 run_pytest=0 keyring=
clones=()
mirror=http://archive.ubuntu.com/ubuntu
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
chroot_dir=
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --sanitizers|--seconds|--rev|--source|--llvm|--mirror|--keyring)
            [ $# -ge 2 ] || { echo "check_focal.sh: $1 needs a value (--help)" >&2; exit 2; }
            case $1 in
                --sanitizers) sanitizers=$2 ;; --seconds) seconds=$2 ;; --rev) rev=$2 ;;
                --source) source_dir=$2 ;; --llvm) llvm=$2 ;; --mirror) mirror=$2 ;;
                --keyring) keyring=$2 ;;
            esac
            shift 2 ;;
        --clone)
            case ${2:-} in *=?*) ;; *) echo "check_focal.sh: --clone wants DEST=DIR (--help)" >&2; exit 2 ;; esac
            [ -d "${2#*=}" ] || { echo "check_focal.sh: --clone $2: no such directory" >&2; exit 2; }
            clones+=("${2%%=*}=$(cd "${2#*=}" && pwd)"); shift 2 ;;
        --pytest) run_pytest=1; shift ;;
        -*) echo "check_focal.sh: unknown option $1 (--help)" >&2; exit 2 ;;
        *) [ -z "$chroot_dir" ] || { echo "check_focal.sh: one CHROOT_DIR only (--help)" >&2; exit 2; }
           chroot_dir=$1; shift ;;
    esac
done
[ -n "$chroot_dir" ] || { usage >&2; exit 2; }
case $seconds in ''|*[!0-9]*) echo "check_focal.sh: --seconds wants a number" >&2; exit 2 ;; esac
case $llvm in ''|*[!0-9]*) echo "check_focal.sh: --llvm wants a version number (10, 12)" >&2; exit 2 ;; esac
for s in ${sanitizers//,/ }; do
    case $s in address|undefined|memory) ;;
        *) echo "check_focal.sh: unknown sanitizer '$s' (address, undefined, memory)" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot and mount need it)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (apt-get install debootstrap)"
for tool in chroot mount umount mountpoint git tar; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
git -C "$source_dir" rev-parse --verify -q "$rev^{commit}" >/dev/null \
    || die "$source_dir: no commit '$rev' (--source, --rev)"
dockerfile=$(git -C "$source_dir" show "$rev:fuzz/oss-fuzz/Dockerfile") \
    || die "$rev has no fuzz/oss-fuzz/Dockerfile"
# The Dockerfile's RUN instruction that runs apt-get install, continuation lines joined.
apt_line=$(printf '%s\n' "$dockerfile" | sed -n '/^RUN .*apt-get .*install/,/[^\\]$/p' \
           | sed 's/\\$//' | tr '\n' ' ' | sed -e 's/^RUN  *//' -e 's/  */ /g' -e 's/ $//')
[ -n "$apt_line" ] || die "fuzz/oss-fuzz/Dockerfile at $rev has no 'RUN ... apt-get install' line"

mkdir -p "$chroot_dir"
chroot_dir=$(cd "$chroot_dir" && pwd)
logs=$chroot_dir/iowire-check
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# 1. The chroot: debootstrap focal, or reuse a complete one.
if [ -e "$chroot_dir/debootstrap" ]; then
    die "$chroot_dir: an unfinished debootstrap (remove the directory and run again)"
elif [ -f "$chroot_dir/etc/os-release" ]; then
    grep -qx 'VERSION_CODENAME=focal' "$chroot_dir/etc/os-release" \
        || die "$chroot_dir holds a system that is not Ubuntu focal"
    say "reusing the focal chroot in $chroot_dir"
elif [ -n "$(ls -A "$chroot_dir")" ]; then
    die "$chroot_dir is neither empty nor a focal chroot"
else
    [ -f /usr/share/debootstrap/scripts/focal ] \
        || die "this debootstrap has no script for focal (/usr/share/debootstrap/scripts/focal)"
    if [ -z "$keyring" ] && [ -f /usr/share/keyrings/ubuntu-archive-keyring.gpg ]; then
        keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
    fi
    if [ -n "$keyring" ]; then
        [ -f "$keyring" ] || die "--keyring $keyring: no such file"
        check=(--keyring "$keyring")
    else
        say "WARNING: no Ubuntu archive keyring here (Debian has no package of it): debootstrap runs" \
            "with --no-check-gpg; apt inside the chroot then checks against the ubuntu-keyring it installed"
        check=(--no-check-gpg)
    fi
    t0=$(date +%s)
    say "debootstrap --variant=minbase ${check[*]} focal $chroot_dir $mirror"
    debootstrap --variant=minbase "${check[@]}" focal "$chroot_dir" "$mirror" >"$chroot_dir.debootstrap.log" 2>&1 \
        || { tail -20 "$chroot_dir.debootstrap.log" >&2; die "debootstrap failed (log: $chroot_dir.debootstrap.log)"; }
    say "debootstrap: $(elapsed "$t0")"
fi
mkdir -p "$logs"

# Mounts: proc (the sanitizers read /proc/self/maps) and /dev (null, urandom); only what this
# run mounted is unmounted, in reverse order, however it ends.
mounted=()
cleanup() {
    local i
    for (( i=${#mounted[@]}-1; i>=0; i-- )); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" \
            || echo "check_focal.sh: could not unmount ${mounted[i]}" >&2
    done
    mounted=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in() {   # mount_in TARGET mount-arguments...
    local target=$chroot_dir$1; shift
    if mountpoint -q "$target"; then
        say "$target is already mounted: using it and leaving it mounted"
        return
    fi
    mount "$@" "$target" || die "cannot mount $target"
    mounted+=("$target")
}
mount_in /proc -t proc proc
mount_in /dev --bind /dev

base_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
in_chroot() {  # a clean environment: nothing of this machine's PATH, Python or locale
    chroot "$chroot_dir" /usr/bin/env -i PATH="$base_path" HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
step() {       # step NAME command...: run, log to $logs/NAME.log, stop with its tail on failure
    local name=$1 t0; shift
    t0=$(date +%s)
    if "$@" >"$logs/$name.log" 2>&1; then
        say "$name: ok ($(elapsed "$t0"))"
    else
        tail -25 "$logs/$name.log" >&2
        die "$name failed (log: $logs/$name.log)"
    fi
}

# 2. The ubuntu:20.04 image's sources, updated as base-builder is.
cp -L /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"   # start no services
chmod 755 "$chroot_dir/usr/sbin/policy-rc.d"
{
    for suite in focal focal-updates focal-security; do
        echo "deb $mirror $suite main restricted universe multiverse"
    done
} >"$chroot_dir/etc/apt/sources.list"
step apt-upgrade in_chroot /bin/sh -c 'apt-get update && apt-get -y upgrade'

# 3. The Dockerfile's line, as written.
say "Dockerfile: $apt_line"
step apt-dockerfile in_chroot /bin/bash -c "$apt_line"

# 4. What base-builder brings itself, from focal.
step apt-base-builder in_chroot apt-get install -y --no-install-recommends \
    "clang-$llvm" "llvm-$llvm" "libc++-$llvm-dev" "libc++abi-$llvm-dev" git make cmake
for tool in clang clang++ llvm-symbolizer; do
    ln -sf "/usr/bin/$tool-$llvm" "$chroot_dir/usr/local/bin/$tool"
done

# 5. The source, as the Dockerfile's git clone and COPY leave it.
rm -rf "$chroot_dir/src"
mkdir -p "$chroot_dir/src/iowire"
git -C "$source_dir" archive "$rev" | tar -x -C "$chroot_dir/src/iowire"
cp "$chroot_dir/src/iowire/fuzz/oss-fuzz/build.sh" "$chroot_dir/src/build.sh"
commit=$(git -C "$source_dir" rev-parse --short "$rev")
# The Dockerfile's other clones (the iowire one has a placeholder URL: the archive stands in).
while read -r clone_line; do
    [ -n "$clone_line" ] || continue
    dest=${clone_line##* }
    copy=
    for c in ${clones[@]+"${clones[@]}"}; do
        if [ "${c%%=*}" = "$dest" ]; then copy=${c#*=}; fi
    done
    if [ -n "$copy" ]; then
        cp -a "$copy" "$chroot_dir/src/$dest"
        say "/src/$dest: a copy of $copy (for: $clone_line)"
    elif in_chroot /bin/sh -c "cd /src && $clone_line" >"$logs/clone-$dest.log" 2>&1; then
        say "/src/$dest: $clone_line"
    else
        say "WARNING: '$clone_line' failed ($(tail -1 "$logs/clone-$dest.log")); build.sh runs" \
            "without /src/$dest (--clone $dest=DIR stands in for it)"
    fi
done < <(printf '%s\n' "$dockerfile" | sed -n 's/^RUN  *\(git clone .*\)$/\1/p' | grep -v '<')
expected=$(sed -n -e 's/^targets="\(.*\)"$/\1/p' -e 's/^session_targets="\(.*\)"$/\1/p' \
           "$chroot_dir/src/build.sh" | tr '\n' ' ')

# shellcheck disable=SC2016  # expanded in the chroot
in_chroot /bin/sh -c '
    . /etc/os-release; echo "distribution: $PRETTY_NAME"
    python3 -c "import sys, jinja2, yaml, jsonschema
print(\"python3:\", sys.executable, sys.version.split()[0])
print(\"jinja2:\", jinja2.__version__, \" PyYAML:\", yaml.__version__, \" jsonschema:\", jsonschema.__version__)"
    echo "clang: $(clang --version | head -1)"
    echo "zip: $(zip -v | sed -n 2p)"
    echo "bash: $(bash --version | head -1)"' >"$logs/versions.txt" 2>&1 \
    || { cat "$logs/versions.txt" >&2; die "the Dockerfile's packages do not give python3 with jinja2, yaml and jsonschema"; }
sed 's/^/  /' "$logs/versions.txt"

# 6. build.sh and the targets, per sanitizer, with the flags of OSS-Fuzz's compile for libFuzzer.
common="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
ubsan_checks=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
ubsan_fatal=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
passed=0 failed=0
for sanitizer in ${sanitizers//,/ }; do
    case $sanitizer in
        address) flags="-fsanitize=address -fsanitize-address-use-after-scope" ;;
        undefined) flags="-fsanitize=$ubsan_checks -fno-sanitize-recover=$ubsan_fatal" ;;
        memory) flags="-fsanitize=memory -fsanitize-memory-track-origins" ;;
    esac
    cflags="$common $flags -fsanitize=fuzzer-no-link"
    rm -rf "$chroot_dir/out" "$chroot_dir/work" "$chroot_dir/seeds" "$chroot_dir/corpus"
    mkdir -p "$chroot_dir/out" "$chroot_dir/work"
    t0=$(date +%s)
    if in_chroot SRC=/src OUT=/out WORK=/work CC=clang CXX=clang++ CFLAGS="$cflags" \
            CXXFLAGS="$cflags -stdlib=libc++" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
            SANITIZER="$sanitizer" FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c \
            /bin/bash -c 'cd /src/iowire && bash -eu /src/build.sh' >"$logs/build-$sanitizer.log" 2>&1; then
        say "build.sh ($sanitizer): ok ($(elapsed "$t0")): $(tail -1 "$logs/build-$sanitizer.log")"
    else
        tail -25 "$logs/build-$sanitizer.log" >&2
        echo "not ok - $sanitizer: build.sh failed (log: $logs/build-$sanitizer.log)"
        failed=$((failed + 1)); continue
    fi
    # build.sh's targets, and whatever else it put in /out with its .options.
    targets=$expected
    for f in "$chroot_dir/out"/*.options; do
        t=$(basename "$f" .options)
        case " $targets " in *" $t "*) ;; *) targets="$targets $t" ;; esac
    done
    for t in $targets; do
        if ! [ -f "$chroot_dir/out/$t" ] || ! [ -x "$chroot_dir/out/$t" ]; then
            echo "not ok - $sanitizer $t: build.sh names it, but /out/$t is missing"
            failed=$((failed + 1)); continue
        fi
        t0=$(date +%s)
        log=$logs/$sanitizer-$t.log
        for f in "$t.dict" "$t.options"; do
            [ -s "$chroot_dir/out/$f" ] || { echo "not ok - $sanitizer $t: no $f in /out"; failed=$((failed + 1)); continue 2; }
        done
        # As ClusterFuzz runs a target: from $OUT, with base-runner's sanitizer options.
        # shellcheck disable=SC2016  # expanded in the chroot
        if in_chroot ASAN_OPTIONS=detect_leaks=1:symbolize=1 MSAN_OPTIONS=symbolize=1 \
                UBSAN_OPTIONS=print_stacktrace=1:print_summary=1:silence_unsigned_overflow=1 \
                /bin/bash -c '
            set -e
            t=$1 seconds=$2
            mkdir -p /seeds/$t /corpus/$t
            if [ -f /out/${t}_seed_corpus.zip ]; then    # build.sh zips none for no seeds
                python3 -m zipfile -e /out/${t}_seed_corpus.zip /seeds/$t
            fi
            echo "seeds: $(ls /seeds/$t | wc -l)"
            max_len=$(sed -n "s/^max_len *= *//p" /out/$t.options)
            cd /out
            echo "== -runs=0"
            ./$t -runs=0 /seeds/$t
            echo "== -max_total_time=$seconds"
            ./$t -max_total_time=$seconds -timeout=25 -rss_limit_mb=2560 -max_len=$max_len \
                -dict=$t.dict /corpus/$t /seeds/$t' sh "$t" "$seconds" >"$log" 2>&1 \
                && ! grep -q 'runtime error:\|Sanitizer:' "$log"; then
            n=$(sed -n 's/^seeds: //p' "$log")
            done_line=$(grep '^Done ' "$log" | tail -1)
            [ "$n" != 0 ] && seeds="$n seeds (-runs=0)" || seeds="no seed corpus"
            echo "ok - $sanitizer $t: $seeds; $done_line ($(elapsed "$t0"))"
            passed=$((passed + 1))
        else
            grep -m1 -A12 'runtime error:\|ERROR: \|==ERROR\|Sanitizer:' "$log" >&2 || tail -20 "$log" >&2
            echo "not ok - $sanitizer $t (log: $log)"
            failed=$((failed + 1))
        fi
    done
done

# The generator's own tests on focal's Python (cc for the compile checks: clang).
if [ "$run_pytest" = 1 ]; then
    step apt-pytest in_chroot apt-get install -y --no-install-recommends python3-pytest
    mkdir -p "$chroot_dir/opt/iowire-check/bin"
    ln -sf "/usr/bin/clang-$llvm" "$chroot_dir/opt/iowire-check/bin/cc"
    rm -rf "$chroot_dir/tmp/iowire-pytest" && cp -a "$chroot_dir/src/iowire" "$chroot_dir/tmp/iowire-pytest"
    t0=$(date +%s)
    if chroot "$chroot_dir" /usr/bin/env -i PATH="/opt/iowire-check/bin:$base_path" HOME=/root LANG=C.UTF-8 \
            /bin/sh -c 'cd /tmp/iowire-pytest && python3 -m pytest -q -rs -p no:cacheprovider gen/tests' \
            >"$logs/pytest.log" 2>&1; then
        echo "ok - gen/tests on focal: $(tail -1 "$logs/pytest.log") ($(elapsed "$t0"))"
        passed=$((passed + 1))
    else
        grep -E '^(FAILED|ERROR|E  )' "$logs/pytest.log" | head -20 >&2 || true
        echo "not ok - gen/tests on focal (log: $logs/pytest.log)"
        failed=$((failed + 1))
    fi
fi

say "iowire $commit on $(sed -n 's/^distribution: //p' "$logs/versions.txt"), total $(elapsed "$started"); logs in $logs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
