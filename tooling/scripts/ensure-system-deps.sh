#!/usr/bin/env bash
# Installs what genmodels needs from outside npm on a fresh Debian machine: pnpm 10 (corepack
# does not work here), OpenBLAS and oneDNN for the native kernels of @genmodels/backend, Debian's
# Fashion-MNIST, PyTorch (the bench's comparison) and Chromium (the studio's browser tests). Skips
# what is already there; without root it only reports.
set -euo pipefail

if ! command -v pnpm >/dev/null 2>&1; then
  echo "installing pnpm 10 with npm"
  npm i -g pnpm@10 >/dev/null
fi

missing=()
[ -e /usr/include/x86_64-linux-gnu/cblas.h ] || [ -e /usr/include/cblas.h ] || dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
# OpenBLAS built on OpenMP: the addon prefers it, because it shares libgomp's threads with oneDNN
# instead of starting a second pool (installing it leaves the system's default OpenBLAS as it was).
dpkg -s libopenblas0-openmp >/dev/null 2>&1 || [ ! -x /usr/bin/dpkg ] || missing+=(libopenblas0-openmp)
# oneDNN (the convolutions of the native addon; headers for the build, libdnnl.so.2 at run time).
[ -e /usr/include/dnnl.h ] || dpkg -s libdnnl-dev >/dev/null 2>&1 || missing+=(libdnnl-dev)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
# PyTorch for `pnpm bench -- --compare pytorch` and the tests of its PyTorch side (apps/bench/pytorch).
/usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
# Debian's Chromium: the studio's browser tests drive it headless (apps/studio/test).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: not installed: ${missing[*]} (run as root: apt-get install ${missing[*]});" \
      "genmodels still works: native kernels fall back to the JS path, Fashion-MNIST needs --data-dir," \
      "and the bench runs without its PyTorch comparison"
  fi
fi

# The webgpu tests run TF.js's WebGPU backend on Mesa's software Vulkan driver (lavapipe) when there
# is no GPU. Dawn rejects Debian 12's Mesa 22.3; bookworm-backports has 25.0.
mesa=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
if ! dpkg --compare-versions "${mesa:-0}" ge 24 || ! dpkg -s libvulkan1 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && grep -qs 'VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "installing Mesa's lavapipe (mesa-vulkan-drivers) from bookworm-backports"
    grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/ ||
      printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >/etc/apt/sources.list.d/bookworm-backports.sources
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
  else
    echo "note: no Mesa >= 24 Vulkan driver (as root on Debian 12: apt-get install -t bookworm-backports mesa-vulkan-drivers); the webgpu tests need it"
  fi
fi
