#!/usr/bin/env bash
# Actor benchmarks on Akka.NET (the cluster's control plane): in-process Tell throughput (1 and 4 actors), two-process
# remote ping-pong (1 and 10 pairs, ActorNet's MessagePack serializer), Ask round-trip latency, on plain TCP and again
# over the mutual TLS of a node with a cluster secret (what local-cluster runs); each plain ping-pong and Ask
# figure is printed next to the old runtime's from bench/RESULTS.md (that runtime is gone, so it cannot be measured
# again). Then the bulk case: a 61M-float transfer as a data plane request (src/Actors/DataPlane) against a raw-socket
# copy of the same bytes (bulk bytes never travel over Akka). Prints the data plane's ratio to the raw socket.
# Usage: bench/actors.sh [quick]   (quick = smaller counts)
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${1:-}
TELL=20000000; PP1=200000; PP10=50000; ASKS=20000; FLOATS=61000000; REPEATS=3
if [[ "$QUICK" == quick ]]; then TELL=2000000; PP1=20000; PP10=5000; ASKS=2000; FLOATS=6100000; REPEATS=2; fi

dotnet build bench/Actors -c Release -nologo -v quiet >/dev/null
BENCH=(dotnet bench/Actors/bin/Release/net10.0/ActorNet.Bench.Actors.dll)
SERVER_PID=""
OUT=$(mktemp -d)
cleanup() { if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$OUT"; }
trap cleanup EXIT

# Starts "${BENCH[@]} $*" in the background and waits for its "listening on X" line; sets SERVER_PID and LISTEN.
# Each server gets its own log: the background job opens (truncates) its log only after the fork, so a shared log could
# still show the previous server's line to the first grep.
SERVERS=0
start_server() {
  SERVERS=$((SERVERS + 1)); local log="$OUT/server-$SERVERS.log"
  "${BENCH[@]}" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if LISTEN=$(grep -m1 -o 'listening on .*' "$log" 2>/dev/null); then LISTEN=${LISTEN#listening on }; return; fi
    sleep 0.1
  done
  echo "server did not start:"; cat "$log"; exit 1
}
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

# The old runtime's last figures (bench/RESULTS.md, "Distributed training: store traffic", session 6, `bash
# bench/actors.sh` on the final store code, load 13 at the start; same 2-vCPU machine, same counts and window).
OLD_PP1="734k msgs/s"; OLD_PP10="1.12M msgs/s"; OLD_ASK="p50 59 us, p99 103 us"

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
"${BENCH[@]}" tell 1 "$TELL"
"${BENCH[@]}" tell 4 $((TELL / 4))

start_server serve 10
"${BENCH[@]}" pingpong "$LISTEN" 1 "$PP1" 100
echo "  > old runtime (bench/RESULTS.md, load 13): ping-pong 1 pair $OLD_PP1"
"${BENCH[@]}" pingpong "$LISTEN" 10 "$PP10" 100
echo "  > old runtime (bench/RESULTS.md, load 13): ping-pong 10 pairs $OLD_PP10"
"${BENCH[@]}" ask "$LISTEN" "$ASKS"
echo "  > old runtime (bench/RESULTS.md, load 13): Ask $OLD_ASK"
stop_server
# The same over mutual TLS, which local-cluster's nodes (and any node given a cluster secret) run on Akka's port.
start_server serve 10 tls
echo "over TLS (a node with a cluster secret):"
"${BENCH[@]}" pingpong "$LISTEN" 1 "$PP1" 100
"${BENCH[@]}" pingpong "$LISTEN" 10 "$PP10" 100
"${BENCH[@]}" ask "$LISTEN" "$ASKS"
stop_server
echo "load after the Akka cases: $(cut -d' ' -f1-3 /proc/loadavg)"

start_server raw-serve
RAW=$("${BENCH[@]}" raw-bulk "$LISTEN" "$FLOATS" "$REPEATS"); echo "$RAW"
stop_server

# "fresh": the receiver maps a new array per transfer, as the raw receiver does (like for like); then the pooled steady state.
start_server dp-serve fresh
DP=$("${BENCH[@]}" dp-bulk "$LISTEN" "$FLOATS" "$REPEATS"); echo "fresh arrays: $DP"
stop_server
start_server dp-serve
DP_POOLED=$("${BENCH[@]}" dp-bulk "$LISTEN" "$FLOATS" "$REPEATS"); echo "pooled arrays: $DP_POOLED"
stop_server
best() { sed -E 's/.*best ([0-9.]+) GB\/s.*/\1/' <<<"$1"; }
awk -v dp="$(best "$DP")" -v pooled="$(best "$DP_POOLED")" -v raw="$(best "$RAW")" \
  'BEGIN { printf "data plane / raw socket (best of each): %.2f fresh arrays, %.2f pooled\n", dp / raw, pooled / raw }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
