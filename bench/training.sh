#!/usr/bin/env bash
# Distributed training's store traffic on local-cluster[4,1] (a seed and 4 worker processes, one task slot each), each
# figure next to plain loopback TCP moving the same bytes in the same run:
#   1. a model-averaging round of CaffeNet-size weights (61M floats): 4 tasks pull version r, push for step r (assign);
#   2. parameter-server push (momentum(0.9)) + pull of LeNet's 431,080 floats and of 16M floats, K = 2 and 4.
# Usage: bench/training.sh [quick] [options passed on, e.g. --slices 16384,65536 --only averaging]   (from anywhere)
#   quick: 16M floats for the averaging round, 2 timed rounds, 128 MB per parameter-server task.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL="$*"; ARGS=()
if [[ "${1:-}" == quick ]]; then shift; ARGS=(--floats 16000000 --rounds 2 --ps-mb 128); fi
dotnet build bench/Training -c Release -nologo -v quiet >/dev/null
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), $(free -g | awk '/Mem:/{print $2 " GiB RAM, " $7 " GiB available"}'), dotnet $(dotnet --version)"
echo "command: bench/training.sh $ALL"
# Bounded: a stuck run ends here rather than holding the machine (the cluster's processes leave with the driver).
timeout --signal=INT --kill-after=30 3000 dotnet bench/Training/bin/Release/net10.0/ActorNet.Bench.Training.dll "${ARGS[@]}" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
