#!/bin/sh
# Compares every schema with its last released version, the newest git tag schema-X.Y.Z: breaking
# changes without a new major version (or additions without a new minor one) fail.
# usage: compat_against_release.sh SOURCE_DIR PYTHON       exit 77: no release tag to compare with
set -eu
src=$1 py=$2
if ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    echo "not a git checkout: nothing to compare with"
    exit 77
fi
tag=$(git -C "$src" tag --list 'schema-*' --sort=-v:refname | head -n 1)
if [ -z "$tag" ]; then
    echo "no schema-X.Y.Z release tag yet"
    exit 77
fi
status=0
for schema in "$src"/schema/vfio-user.yaml "$src"/schema/ioregionfd.yaml; do
    "$py" "$src/gen/iowire-gen" --root "$src" compat --against-git "$tag" "$schema" || status=1
done
exit $status
