#!/usr/bin/env bash
# Serializer micro-benchmark (BenchmarkDotNet, in-process): ActorNet's MessagePack serializer against Akka's default
# Newtonsoft JSON serializer, writing and reading one ten-field task-launch message; prints both sizes first.
# Usage: bench/messaging.sh [quick]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Messaging -c Release -nologo -v quiet >/dev/null
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
(cd bench/Messaging && dotnet bin/Release/net10.0/ActorNet.Bench.Messaging.dll "$@")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
