import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The N-API addon in native/genmodels-blas.c: OpenBLAS sgemm and im2col/col2im convolutions. */
export interface NativeAddon {
  /** 'OpenBLAS 0.3.21 ...' as openblas_get_config() reports it. */
  blasConfig(): string;
  getThreads(): number;
  setThreads(threads: number): void;
  /**
   * C[p] = act(op(A[p]) op(B[p]) + bias) for p < batch, row-major, C items m*n apart,
   * `aStride`/`bStride` elements between A/B items (0 broadcasts one matrix to every item).
   * `activation`: 0 linear, 1 relu, 2 relu6, 3 leakyrelu (slope `alpha`), 4 sigmoid, 5 elu.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    batch: number,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aStride: number,
    b: Float32Array,
    bStride: number,
    c: Float32Array,
    bias: Float32Array | null,
    activation: number,
    alpha: number,
  ): void;
  /**
   * NHWC convolution through im2col + sgemm. mode 0: out = act(conv(in0 = x, in1 = w) + bias);
   * 1: out = dx from in0 = dy, in1 = w; 2: out = dw from in0 = x, in1 = dy. `geometry` is
   * [batch, inH, inW, inC, kH, kW, outC, outH, outW, strideH, strideW, padTop, padLeft,
   * dilationH, dilationW].
   */
  conv(
    mode: 0 | 1 | 2,
    geometry: Int32Array,
    in0: Float32Array,
    in1: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    activation: number,
    alpha: number,
  ): void;
  /**
   * Group normalization (+ SiLU when `silu`) of x [n, pixels, channels] with `dims` = [n, pixels,
   * channels, groups]; writes y and the per-(example, group) mean and 1 / sqrt(var + epsilon).
   */
  groupNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    dims: Int32Array,
    epsilon: number,
    silu: boolean,
    y: Float32Array,
    mean: Float32Array,
    invStd: Float32Array,
  ): void;
  /** The gradients of groupNorm's y with respect to x, gamma and beta, given dy and the forward's statistics. */
  groupNormGrad(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    mean: Float32Array,
    invStd: Float32Array,
    dims: Int32Array,
    silu: boolean,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;
  /** Splits x [rows, width] along its last axis into `outputs` of sizes[k] columns each. */
  splitLastAxis(x: Float32Array, rows: number, width: number, sizes: Int32Array, outputs: Float32Array[]): void;
  /** dx [n, h, w, c] = the sums of dy [n, h * fh, w * fw, c] over fh x fw blocks (`dims` = [n, h, w, c, fh, fw]). */
  resizeNearestGrad(dy: Float32Array, dims: Int32Array, dx: Float32Array): void;
  /** out[j] = the sum over r of x[r, j], x [rows, cols]. */
  sumLeadingAxes(x: Float32Array, rows: number, cols: number, out: Float32Array): void;
}

/** Path of the compiled addon (built by scripts/build-native.mjs at install or build time). */
export const NATIVE_ADDON_PATH = fileURLToPath(new URL('../../build/genmodels-blas.node', import.meta.url));

let cached: { addon?: NativeAddon; error?: string } | undefined;

let coreTypeChosenHere: string | undefined;

/** The OPENBLAS_CORETYPE this package set before loading OpenBLAS (undefined: OpenBLAS chose, or the user did). */
export function chosenCoreType(): string | undefined {
  return coreTypeChosenHere;
}

/** The AVX-512 subsets OpenBLAS's SkylakeX kernels use. */
const AVX512_FLAGS = ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

/**
 * Picks OpenBLAS's SkylakeX (AVX-512) kernels on x86-64 Linux CPUs that have AVX-512, unless
 * OPENBLAS_CORETYPE is set (an explicit setting wins; this project's dev machines set Haswell).
 * OpenBLAS 0.3.21 (Debian 12) runs its Haswell (AVX2) kernels on AMD
 * Zen 4; the SkylakeX sgemm measured 1.3-2.5x faster there. Must run before the library loads:
 * a DYNAMIC_ARCH OpenBLAS reads the variable once, in its constructor.
 */
function preferAvx512Kernels(): void {
  if (process.env.OPENBLAS_CORETYPE || process.platform !== 'linux' || process.arch !== 'x64') return;
  try {
    const flagsLine = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((line) => line.startsWith('flags')) ?? '';
    const flags = new Set(flagsLine.split(':')[1]?.trim().split(/\s+/) ?? []);
    if (AVX512_FLAGS.every((f) => flags.has(f))) {
      process.env.OPENBLAS_CORETYPE = 'SKYLAKEX';
      coreTypeChosenHere = 'SKYLAKEX';
    }
  } catch {
    // no /proc/cpuinfo: keep OpenBLAS's own choice
  }
}

/** What this version of the package calls; an addon built from older sources lacks some. */
const ADDON_FUNCTIONS = ['blasConfig', 'getThreads', 'setThreads', 'sgemm', 'conv', 'groupNorm', 'groupNormGrad', 'splitLastAxis', 'resizeNearestGrad', 'sumLeadingAxes'] as const;

/**
 * Loads the addon once. Returns it, or throws an Error saying why it is not usable
 * (not built: no C compiler or no libopenblas-dev at install time; or a load failure).
 */
export function loadNativeAddon(): NativeAddon {
  if (cached === undefined) {
    if (!existsSync(NATIVE_ADDON_PATH)) {
      cached = {
        error: `native addon not built (${NATIVE_ADDON_PATH} missing: install gcc and libopenblas-dev, then run \`pnpm build\` in @genmodels/backend)`,
      };
    } else {
      try {
        preferAvx512Kernels();
        const addon = require(NATIVE_ADDON_PATH) as NativeAddon;
        const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
        cached =
          missing.length === 0
            ? { addon }
            : { error: `native addon is out of date (no ${missing.join(', ')}): run \`pnpm build\` in @genmodels/backend to rebuild it` };
      } catch (error) {
        cached = { error: `native addon failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      }
    }
  }
  if (cached.addon === undefined) throw new Error(cached.error);
  return cached.addon;
}
