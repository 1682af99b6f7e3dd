#!/usr/bin/env bash
# GPU benchmark: ActorNet's ILGPU kernels + cuBLAS against PyTorch + cuDNN on the same GPU in the same run.
# Times forward + backward (as `caffe time`) of cifar10_quick (batch 100) and CaffeNet (batch 256) on random inputs.
#
#   bench/gpu.sh [device]            (default: cuda)
#
# Publishes `actornet` self-contained for linux-x64 first (a GPU machine may have no .NET; build it where there is
# one and copy bench/out/actornet over, or run this script there). Needs on the GPU machine: the NVIDIA driver, and
# python3 with torch (CUDA build); cuBLAS 12 comes with torch's wheels (nvidia-cublas-cu12), and this script puts
# its lib folder on LD_LIBRARY_PATH so that ActorNet's cuBLAS calls find libcublas.so.12 there.
set -euo pipefail
cd "$(dirname "$0")/.."
device=${1:-cuda}
out=bench/out/actornet
iterations=${BENCH_ITERATIONS:-20}

if [[ ! -x $out/actornet || ${BENCH_REPUBLISH:-1} == 1 ]] && command -v dotnet >/dev/null 2>&1; then
  dotnet publish src/Apps/Node -c Release -r linux-x64 -p:ActorNetSelfContained=true -o "$out" -nologo -v quiet
fi
[[ -x $out/actornet ]] || { echo "gpu.sh: no $out/actornet; publish it on a machine with .NET 10 and copy it here" >&2; exit 1; }

python=${PYTHON:-python3}
if cublas=$("$python" -c 'import nvidia.cublas, os; print(os.path.join(os.path.dirname(nvidia.cublas.__file__), "lib"))' 2>/dev/null); then
  export LD_LIBRARY_PATH="$cublas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

# "images/s: N" is the last line of `actornet time`.
ours() { # prototxt, C,H,W of the data layer's images
  "$out/actornet" time --model "$1" --shape "$2" --iterations "$iterations" --device "$device" | awk '/^images\/s: /{print $2}' | tr -d ','
}

printf '| net | batch | ActorNet %s images/s | PyTorch+cuDNN images/s | ratio |\n|---|---|---|---|---|\n' "$device"
while read -r name batch model shape; do
  a=$(ours "models/$model" "$shape")
  t=$("$python" bench/gpu_torch.py "$name" "$batch" "$iterations" | awk '{print $3}')
  ratio=$(awk -v a="$a" -v t="$t" 'BEGIN { printf "%.2f×", a / t }')
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$batch" "$a" "$t" "$ratio"
done <<'NETS'
cifar10_quick 100 cifar10_quick/cifar10_quick_train_test.prototxt 3,32,32
caffenet 256 bvlc_reference_caffenet/train_val.prototxt 3,256,256
NETS
