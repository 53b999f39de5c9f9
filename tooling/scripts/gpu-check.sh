#!/usr/bin/env bash
# genmodels on this machine's GPU through WebGPU (Dawn via the `webgpu` npm package, Vulkan on
# Linux): prints the adapter (vendor, architecture, features, limits) and the backend report, runs
# the webgpu kernel tests of @genmodels/backend and every family's conformance suite on webgpu
# against the cpu backend (tooling/webgpu-test, all models), then the bench's throughput for every
# bench-spec task on webgpu. Exits non-zero if any step fails. Without a GPU (Mesa's lavapipe, a
# software adapter) it says so and runs everything anyway, slowly.
#
#   bash tooling/scripts/gpu-check.sh
#   GPU_CHECK_BENCH_ARGS="--runs 3 --sample-runs 1" bash tooling/scripts/gpu-check.sh   # shorter bench
#
# Needs: Node 20, pnpm 10 (tooling/scripts/ensure-system-deps.sh), the GPU's Vulkan driver (NVIDIA:
# the proprietary driver, which ships its Vulkan ICD; check with `vulkaninfo --summary`).
set -uo pipefail
cd "$(dirname "$0")/../.."

failed=()
step() {
  local name=$1
  shift
  echo
  echo "== $name"
  local start=$SECONDS
  if "$@"; then
    echo "== $name: ok ($((SECONDS - start)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

describe_gpu() {
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  else
    echo "nvidia-smi: not found"
  fi
  if command -v vulkaninfo >/dev/null 2>&1; then vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|driverInfo|apiVersion' || true; fi
  return 0
}

# The adapter Dawn picks, as @genmodels/backend asks for it; fails when there is none.
print_adapter() {
  node --input-type=module - <<'JS'
import { createRequire } from 'node:module';
const require = createRequire(new URL('packages/backend/package.json', `file://${process.cwd()}/`));
const { create } = await import(require.resolve('webgpu'));
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
if (adapter === null) {
  console.error('no WebGPU adapter: Dawn found no GPU with a usable Vulkan driver');
  process.exit(1);
}
const { vendor, architecture, device, description, isFallbackAdapter } = adapter.info;
console.log(`adapter: vendor ${vendor || '?'}, architecture ${architecture || '?'}, device ${device || '?'}, ${description || ''}`);
if (isFallbackAdapter) console.log('NOT A GPU: this is a software adapter (e.g. Mesa lavapipe on the CPU); the checks still run, slowly, and the bench figures are not GPU figures');
console.log(`features: ${[...adapter.features].sort().join(', ')}`);
const limits = {};
for (let o = Object.getPrototypeOf(adapter.limits); o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
  for (const key of Object.getOwnPropertyNames(o)) if (typeof adapter.limits[key] === 'number') limits[key] = adapter.limits[key];
}
console.log('limits:', Object.entries(limits).map(([k, v]) => `${k}=${v}`).join(' '));
const { initBackend, formatBackendReport } = await import('./packages/backend/dist/index.js');
process.env.GENMODELS_BACKEND = 'webgpu';
console.log(formatBackendReport(await initBackend()));
process.exit(0);
JS
}

step "GPU and driver" describe_gpu
step "build" pnpm build
step "WebGPU adapter" print_adapter
step "backend webgpu kernel tests" pnpm --filter @genmodels/backend exec vitest run src/webgpu
step "conformance suites on webgpu (all models)" env GENMODELS_WEBGPU_SUITES=all pnpm --filter @genmodels/webgpu-test test
# The bench takes one task per run (several only beside PyTorch): every bench-spec task in turn.
tasks=$(node --input-type=module -e "const m = await import('./apps/bench/dist/task-registry.js'); console.log(m.SPEC_TASK_NAMES.join(' '))") || failed+=("bench task list")
for task in $tasks; do
  # shellcheck disable=SC2086 # GPU_CHECK_BENCH_ARGS is a list of options
  step "bench throughput on webgpu: $task" pnpm --silent bench -- --task "$task" --backends webgpu ${GPU_CHECK_BENCH_ARGS:-}
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "gpu-check: FAILED: ${failed[*]}"
  exit 1
fi
echo "gpu-check: all steps passed"
