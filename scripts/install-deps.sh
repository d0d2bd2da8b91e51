#!/bin/sh
# Installs what iowire needs from Debian 12 packages (run as root). The one list of dependencies.
set -eu
packages="
  build-essential cmake pkg-config clang libclang-rt-14-dev zip afl++
  python3 python3-yaml python3-jinja2 python3-jsonschema python3-pytest python3-construct
  chromium python3-sphinx
  libjson-c-dev
  protobuf-c-compiler libprotobuf-c-dev nanopb libnanopb-dev valgrind
  gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user
"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps: everything is installed"
    exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
