#!/usr/bin/env bash
# One epoch of Caffe's LeNet on the real Fashion-MNIST, what a user runs: the wall time of the whole
# `MnistApp --master local --epochs 1` process (start-up, reading the files, training, testing on 10,000 images)
# against PyTorch's epoch loop (bench/Net/torch_lenet_epoch.py: the same recipe, timed from its first step to
# its test accuracy, so PyTorch's start-up and file reading are not counted). Alternating runs, one line each,
# then the median ratio.
#
#   bench/epoch.sh [threads] [runs]        (defaults: all cores, 5)
#
# Needs: dotnet, /usr/bin/python3 with torch, dataset-fashion-mnist (apt-get install -y python3-torch
# libopenblas0-pthread dataset-fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-$(nproc)}
runs=${2:-5}
data=/usr/share/datasets/fashion-mnist
export OPENBLAS_NUM_THREADS=1
dotnet build -c Release src/Apps/MnistApp -v quiet -nologo >/dev/null
app=src/Apps/MnistApp/bin/Release/net10.0/MnistApp.dll
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| run | MnistApp wall s | accuracy | PyTorch loop s | accuracy | speed-up |"
echo "|---|---|---|---|---|---|"
ratios=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  ours=$(dotnet "$app" --master local --epochs 1 --threads "$threads" --seed "$run" --data "$data" --out "$out/$run" 2>&1 | grep -o 'done: test accuracy [0-9.]*' | awk '{print $4}')
  wall=$(/usr/bin/python3 -c "print($(date +%s.%N) - $start)")
  line=$(/usr/bin/python3 bench/Net/torch_lenet_epoch.py "$data" "$threads" "$run")
  peer_acc=$(echo "$line" | awk '{print $5}')
  peer_s=$(echo "$line" | sed 's/.*(\([0-9.]*\) s).*/\1/')
  ratio=$(/usr/bin/python3 -c "print(f'{$peer_s / $wall:.2f}')")
  ratios+=("$ratio")
  printf '| %s | %.1f | %s | %s | %s | %s× |\n' "$run" "$wall" "$ours" "$peer_s" "$peer_acc" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
echo "threads=$threads runs=$runs median speed-up ${median}× (PyTorch loop time / MnistApp wall time)"
