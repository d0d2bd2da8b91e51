#!/bin/sh
# usage: against-server.sh SERVER CLIENT SERVER-ARGS CLIENT-ARGS
# Starts the server on a socket in a temporary directory, runs one client session against it
# with --strict, stops the server, and exits with the client's status.
set -u
server=$1 client=$2 server_args=$3 client_args=$4
dir=$(mktemp -d /tmp/iowire-ref-client-XXXXXX) || exit 1
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
# shellcheck disable=SC2086 # the argument lists are split on purpose
"$server" --socket-path="$dir/sock" $server_args &
pid=$!
# shellcheck disable=SC2086
"$client" --socket-path="$dir/sock" --strict --timeout=5000 -v $client_args
