#!/usr/bin/env bash
# CPU benchmark of ActorNet's nets against PyTorch (Debian's python3-torch), same nets, batches, solver
# settings and thread counts: LeNet training (batch 64, SGD lr 0.01 momentum 0.9), cifar10_quick training
# and inference (batch 100), and SGEMM 2048^3 of the managed GEMM against OpenBLAS.
#
#   bench/net.sh [threads...]        (default: 1 2)
#
# Needs: dotnet, /usr/bin/python3 with torch (apt-get install -y python3-torch libopenblas0-pthread).
# BENCH_CLOCK=cpu (the default here) times single-thread runs by process CPU time on both sides, which
# stays meaningful when other processes load the machine; multi-thread runs are always timed by wall clock.
# BENCH_BLAS=managed|openblas|auto (default auto) picks ActorNet's GEMM provider for the nets.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=("${@:-1}")
[[ $# -eq 0 ]] && threads=(1 2)
export OPENBLAS_NUM_THREADS=1
# ActorNet's GEMM provider, as actornet.gpu.blas names it: auto (the default), managed or openblas.
blas=${BENCH_BLAS:-auto}
dotnet build -c Release bench/Net -v quiet -nologo >/dev/null
ours=bench/Net/bin/Release/net10.0/ActorNet.Bench.Net.dll
out=$(mktemp)
for t in "${threads[@]}"; do
  clock=wall
  [[ $t -eq 1 ]] && clock=${BENCH_CLOCK:-cpu}
  for what in lenet cifar-train cifar-infer; do
    BENCH_CLOCK=$clock /usr/bin/python3 bench/Net/torch_peer.py "$t" "$what" | sed 's/^/torch /' >>"$out"
    BENCH_CLOCK=$clock dotnet "$ours" models "$t" "$what" "$blas" | sed 's/^/actornet /' >>"$out"
  done
  BENCH_CLOCK=$clock dotnet "$ours" models "$t" sgemm | sed 's/^/actornet /' >>"$out"
done
cat "$out"
/usr/bin/python3 - "$out" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    who, name, threads, value, unit = line.split()
    rows[(name, threads)][who] = float(value)
print("\n| measurement | threads | ActorNet | peer | ratio |")
print("|---|---|---|---|---|")
for (name, threads), v in sorted(rows.items()):
    t = threads.split("=")[1]
    if name.startswith("sgemm2048_openblas"):
        continue
    if name.startswith("sgemm2048_managed"):
        peer = rows.get(("sgemm2048_openblas", threads), {}).get("actornet")
        ours = v["actornet"]
        label = "SGEMM 2048³ GFLOPS (managed vs OpenBLAS)"
    else:
        peer, ours = v.get("torch"), v.get("actornet")
        label = name.replace("_", " ") + " images/s (vs PyTorch)"
    ratio = f"{ours / peer:.2f}×" if peer and ours else "n/a"
    print(f"| {label} | {t} | {ours:.1f} | {peer if peer is None else round(peer, 1)} | {ratio} |")
PY
rm -f "$out"
