#!/usr/bin/env bash
# Sharding benchmarks, each against its peer in the same run: Tell routing through an Akka.Cluster.Sharding region vs Tell
# straight to the same entity actors (one process), and ShardedVectorStore push+pull rounds on a two-node in-process
# cluster (both nodes hosting, slices on the other node over its data plane) vs one plain actor holding the
# whole vector. Usage: bench/sharding.sh [quick]
set -euo pipefail
cd "$(dirname "$0")/.."
ENTITIES=1000; MESSAGES=5000000; FLOATS=10000000; ROUNDS=10
if [[ "${1:-}" == quick ]]; then MESSAGES=500000; FLOATS=1000000; ROUNDS=5; fi
dotnet build bench/Sharding -c Release -nologo -v quiet >/dev/null
BENCH=(dotnet bench/Sharding/bin/Release/net10.0/ActorNet.Bench.Sharding.dll)
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
"${BENCH[@]}" route "$ENTITIES" "$MESSAGES"
"${BENCH[@]}" store "$FLOATS" "$ROUNDS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
