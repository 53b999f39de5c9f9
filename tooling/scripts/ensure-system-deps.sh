#!/usr/bin/env bash
# Installs what genmodels needs from outside npm on a fresh Debian machine: pnpm 10 (corepack
# does not work here), OpenBLAS headers for the native kernels of @genmodels/backend, and
# Debian's Fashion-MNIST, Chromium for the studio's browser tests. Skips what is already there; without root it only reports.
set -euo pipefail

if ! command -v pnpm >/dev/null 2>&1; then
  echo "installing pnpm 10 with npm"
  npm i -g pnpm@10 >/dev/null
fi

missing=()
[ -e /usr/include/x86_64-linux-gnu/cblas.h ] || [ -e /usr/include/cblas.h ] || dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
# Debian's Chromium: the studio's browser tests drive it headless (apps/studio/test).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: not installed: ${missing[*]} (run as root: apt-get install ${missing[*]});" \
      "genmodels still works: native kernels fall back to the JS path, and Fashion-MNIST needs --data-dir"
  fi
fi
