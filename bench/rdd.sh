#!/usr/bin/env bash
# RDD engine benchmarks in local mode: empty-task throughput, ReduceByKey of (int, long) pairs, TreeAggregate
# of float arrays, each with an in-process peer measured in the same run.
# With --cluster: the same on local-cluster[2] (a seed and two worker processes): empty tasks, Collect of 10M floats
# next to a raw loopback socket copy of the same bytes, ReduceByKey with the shuffle crossing processes.
# Usage: bench/rdd.sh [--quick] [--master local[N]] [--tasks N] [--only]   (--only: task throughput only)     (run from the repository root)
#        bench/rdd.sh --cluster [--quick] [--master local-cluster[N]] [--only | --collect]   (--collect: the Collect figures only)
# The cluster's empty-task figure is taken after 20 s of warm-up (the first run is printed too); each Collect figure is the
# median of 9 runs alternating with the raw socket copy it is compared with, after 9 such pairs of warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Rdd/ActorNet.Rdd.Bench.csproj -c Release -v quiet -nologo >/dev/null
dotnet bench/Rdd/bin/Release/net10.0/ActorNet.Rdd.Bench.dll "$@"
