#!/bin/sh
# Quick start: install the Debian packages iowire needs, build everything, run the main job.
# Until the conformance suite exists the main job decodes a sample vfio-user session and an
# ioregionfd exchange with libiowire.
set -eu
cd "$(dirname "$0")"
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
build/tools/iowire-decode --demo
