#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine: headless Chromium
# for the browser tests, Xvfb and the X11/GL headers for the native ebiten
# build, Node (for GOOS=js tests of the core), and Python's NumPy (the practice
# judge's tests run NumPy solutions). Skips what is present.
set -euo pipefail
pkgs=(chromium xvfb xauth gcc libc6-dev pkg-config libx11-dev libxext-dev libgl1-mesa-dev
      libxcursor-dev libxi-dev libxinerama-dev libxrandr-dev libxxf86vm-dev nodejs python3-numpy)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && ! { [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; }; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
go mod download
