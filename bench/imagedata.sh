#!/usr/bin/env bash
# ImageNetApp's input pipeline, single-threaded, against a PyTorch peer on the same files: JPEG decode
# (both through libturbojpeg), decode + bilinear resize to 256x256 (ours: managed ImageResize; peer:
# torch.nn.functional.interpolate), and ours through the whole tar-shard reader. Process CPU time on both
# sides, best of 3 passes.
#
#   bench/imagedata.sh [count]        (default 200 JPEGs of 500x375)
#
# Needs: dotnet, libturbojpeg0 (scripts/install-native.sh), /usr/bin/python3 with numpy and torch.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
dotnet build -c Release bench/ImageData -v quiet -nologo >/dev/null
ours=$(mktemp); peer=$(mktemp)
dotnet bench/ImageData/bin/Release/net10.0/ActorNet.Bench.ImageData.dll "$folder" "$count" | tee "$ours"
OMP_NUM_THREADS=1 /usr/bin/python3 bench/ImageData/peer.py "$folder" | sed 's/^/torch /' | tee "$peer"
/usr/bin/python3 - "$ours" "$peer" <<'PY'
import sys
ours = dict(l.split()[0:2] for l in open(sys.argv[1]) if not l.startswith("#"))
peer = {l.split()[1]: l.split()[2] for l in open(sys.argv[2])}
for metric in ("decode", "decode+resize256"):
    print(f"ratio {metric}: actornet/torch = {float(ours[metric]) / float(peer[metric]):.2f} (images/s; higher is faster)")
PY
