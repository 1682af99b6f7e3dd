#!/usr/bin/env bash
# The soak of issue 19: mixed jobs (word count with a shuffle, a cached RDD, a broadcast, MnistApp training as another
# application) on one cluster of actornet processes, a worker killed and restarted every few minutes; memory, threads,
# descriptors and shuffle files are sampled, and a series still growing over the second half fails it (exit 1).
# Usage: bench/soak.sh [--minutes M (20)] [--kill-every S (240)] [--sample-every S (10)] [--mnist-every N (3)] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
for p in src/Apps/Node src/Apps/MnistApp bench/Soak; do dotnet build "$p" -c Release -nologo -v quiet >/dev/null; done
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
echo "command: bench/soak.sh $*"
dotnet bench/Soak/bin/Release/net10.0/ActorNet.Bench.Soak.dll "$@"
