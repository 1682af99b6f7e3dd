#!/usr/bin/env bash
# Installs the native libraries ActorNet uses when present, from Debian's archive:
#   libturbojpeg0         libjpeg-turbo's TurboJPEG API: JPEG decoding for ImageNetApp (required there)
#   libopenblas0-pthread  OpenBLAS SGEMM for the CPU backend (optional: the managed SGEMM is the fallback)
# Run as root (or through sudo). Already-installed libraries are left alone.
set -euo pipefail

need=()
[ -e /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0 ] || need+=(libturbojpeg0)
[ -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ] || need+=(libopenblas0-pthread)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-native: libturbojpeg0 and libopenblas0-pthread are already installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-native: run as root to install ${need[*]}: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "install-native: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
