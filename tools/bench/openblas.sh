#!/usr/bin/env bash
# Makes Debian's PyTorch multiply with OpenBLAS before `make bench` compares
# against it. Debian's torch links the generic libblas.so.3, which without
# libopenblas0-pthread is the reference BLAS (5-7 GFLOP/s on 1024^3, against
# 140-300 with OpenBLAS on the development machine): every ratio would then
# be 25-40x in dlprep's favour and mean nothing. Installs the package the
# way tools/ci/deps.sh installs things, when root or sudo is available;
# otherwise says so and leaves the decision to tools/bench, which measures
# the BLAS torch really uses and refuses to print ratios against a slow one.
set -euo pipefail
pkg=libopenblas0-pthread
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  exit 0
fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "bench: $pkg is not installed and there is no root or sudo to install it;" >&2
  echo "bench: tools/bench will check which BLAS PyTorch uses and refuse to print ratios against a slow one." >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "bench: installing $pkg so that PyTorch multiplies with OpenBLAS, not the reference BLAS"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
