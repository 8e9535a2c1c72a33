#!/usr/bin/env bash
# Installs what `make bench` compares against, when missing: Debian's
# PyTorch and torchvision (the reference side; nms and box_iou come from
# torchvision), and libopenblas0-pthread. Debian's torch links the generic
# libblas.so.3, which without libopenblas0-pthread is the reference BLAS
# (5-7 GFLOP/s on 1024^3, against 90-400 with OpenBLAS on this 2-core
# machine): every ratio would then be 25-40x in dlprep's favour and mean
# nothing. Installs the way tools/ci/deps.sh installs things, when root or
# sudo is available; otherwise says so and leaves the decision to
# tools/bench, which measures the BLAS torch really uses and refuses to
# print ratios against a slow one (or prints n/a where torch cannot run).
set -euo pipefail
pkgs=(python3-torch python3-torchvision libopenblas0-pthread)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "bench: ${missing[*]} not installed and there is no root or sudo to install them;" >&2
  echo "bench: tools/bench will check which BLAS PyTorch uses and refuse to print ratios against a slow one." >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "bench: installing ${missing[*]} (the PyTorch side of the comparison, multiplying with OpenBLAS)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
