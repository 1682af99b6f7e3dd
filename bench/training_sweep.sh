#!/usr/bin/env bash
# Fashion-MNIST LeNet, one epoch, distributed on local-cluster[2] (a seed and two worker processes, 2 slots each):
# test accuracy against wall time and against epochs for every mode, K workers and sync interval tau. Each run is
# MnistApp with --epochs 1 and four test points; its metrics.csv lands in runs/sweep/<mode>-k<K>-tau<tau>/.
# Then bench/plot_sweep.py draws docs/training-sweep.svg and prints the table for bench/RESULTS.md.
# Usage: bench/training_sweep.sh [modes] [Ks] [taus]   e.g. bench/training_sweep.sh "averaging ps" "1 4" "10 50"
# (defaults: "averaging ps allreduce" "1 2 4" "1 10 50"; run from the repository root; needs dataset-fashion-mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
MODES=${1:-"averaging ps allreduce"}; KS=${2:-"1 2 4"}; TAUS=${3:-"1 10 50"}
OUT=runs/sweep
mkdir -p "$OUT"
dotnet build src/Apps/MnistApp -c Release -nologo -v quiet >/dev/null
APP=(dotnet src/Apps/MnistApp/bin/Release/net10.0/MnistApp.dll)
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
for mode in $MODES; do
  for k in $KS; do
    for tau in $TAUS; do
      rounds=$(( (60000 + k * 64 * tau - 1) / (k * 64 * tau) ))
      every=$(( rounds / 4 > 0 ? rounds / 4 : 1 ))
      dir="$OUT/$mode-k$k-tau$tau"
      rm -rf "$dir"
      start=$(date +%s.%N)
      if ! timeout 1200 "${APP[@]}" --master "local-cluster[2]" --mode "$mode" --workers "$k" --sync-interval "$tau" \
          --epochs 1 --test-every "$every" --out "$dir" > "$dir.log" 2>&1; then
        echo "$mode K=$k tau=$tau: FAILED (see $dir.log)"; continue
      fi
      end=$(date +%s.%N)
      echo "$mode K=$k tau=$tau: $(tail -n 1 "$dir/metrics.csv") (wall $(echo "$end - $start" | bc) s)"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/plot_sweep.py "$OUT" docs/training-sweep.svg
