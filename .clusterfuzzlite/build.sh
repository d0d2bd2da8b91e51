#!/bin/bash -eu
# ClusterFuzzLite runs $SRC/build.sh; the build is OSS-Fuzz's (fuzz/oss-fuzz/build.sh).
exec bash "$SRC/iowire/fuzz/oss-fuzz/build.sh"
