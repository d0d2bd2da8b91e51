#!/bin/sh
# Quick start: install the Debian packages iowire needs, build everything, and run the main job:
# the conformance suite against the bundled reference implementations (a vfio-user server and
# client, an ioregionfd device and an ioregionfd KVM side), with the report on the terminal and in
# HTML.
set -eu
cd "$(dirname "$0")"
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"

conform=build/conformance/runner/iowire-conform
status=0
for target in vfio-user-server vfio-user-client ioregionfd-device ioregionfd-kvm; do
    echo "== iowire-conform $target (reference implementation)"
    $conform "$target" --strict --json "build/conform-$target.json" || status=1
    conformance/report/iowire-conform-html "build/conform-$target.json" -o "build/conform-$target.html"
done
echo "== reports: build/conform-*.html, build/conform-*.json"
exit $status
