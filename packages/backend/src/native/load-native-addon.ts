import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** What the addon found at run time (it dlopens the libraries, so it loads without either). */
export interface NativeLibraries {
  /** 'OpenBLAS 0.3.21 ... (libopenblas.so.0)', as openblas_get_config() reports it and the file loaded; null if not found. */
  openblas: string | null;
  /** Why OpenBLAS was not loaded (null when it was). */
  openblasError: string | null;
  /** 'oneDNN 2.6.3 (libdnnl.so.2, OpenMP, ISA avx2)'; null if not found or not compiled in. */
  onednn: string | null;
  onednnError: string | null;
  /** The library running sgemm (matmuls and the im2col convolutions): OpenBLAS when found, else oneDNN. */
  sgemm: 'openblas' | 'onednn' | null;
  /** Whether convolutions run on oneDNN (loaded, and not switched off with setOnednn(false)). */
  onednnEnabled: boolean;
  /** Whether the memory-bound kernels (group norm, Adam, sums, ReLU gradients) run on oneDNN's OpenMP threads; single-threaded otherwise. */
  openmp: boolean;
}

/** The N-API addon in native/genmodels-blas.c: matmul and convolutions, fused and layout kernels. */
export interface NativeAddon {
  libraries(): NativeLibraries;
  /** Lets convolutions use oneDNN (true, the default when it loaded) or forces im2col + sgemm (false). */
  setOnednn(enabled: boolean): void;
  /** One line per cached oneDNN convolution primitive: mode, geometry and oneDNN's implementation name. */
  onednnImplementations(): string;
  /** Threads of the pool that runs sgemm. */
  getThreads(): number;
  /** Sets the threads of OpenBLAS's and oneDNN's pools. */
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
   * NHWC convolution on oneDNN, or im2col + sgemm. mode 0: out = act(conv(in0 = x, in1 = w) +
   * bias); 1: out = dx from in0 = dy, in1 = w; 2: out = dw from in0 = x, in1 = dy. `geometry` is
   * [batch, inH, inW, inC, kH, kW, outC, outH, outW, strideH, strideW, padTop, padLeft,
   * dilationH, dilationW]. Returns 1 when oneDNN ran it, 0 when im2col + sgemm did.
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
  ): 0 | 1;
  /**
   * The gradients of y = act(conv(x, w) + b) for activation 0 (linear) or 1 (relu), given dy and
   * y (@genmodels/core-nn's GenmodelsConv2DGrad): g = dy * act'(y), db = sums of g over all but
   * the channel axis, dx and dw from g as conv modes 1 and 2. Returns how many of those two
   * convolutions oneDNN ran.
   */
  convGrad(geometry: Int32Array, dy: Float32Array, x: Float32Array, w: Float32Array, y: Float32Array, activation: 0 | 1, dx: Float32Array | null, dw: Float32Array, db: Float32Array): number;
  /**
   * The gradients of y = act(x w + b), x [n, k], w [k, m], for activation 0 (linear) or 1 (relu)
   * (@genmodels/core-nn's GenmodelsDenseGrad): g = dy * act'(y), dx = g w^T, dw = x^T g,
   * db = the column sums of g.
   */
  denseGrad(n: number, k: number, m: number, dy: Float32Array, x: Float32Array, w: Float32Array, y: Float32Array, activation: 0 | 1, dx: Float32Array | null, dw: Float32Array, db: Float32Array): void;
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
  /**
   * Training-mode batch normalization of x [rows, channels] (`dims`) over the rows, then
   * activation 0 (linear), 1 (relu) or 2 (leaky relu with slope `leakyAlpha`); writes y and the
   * per-channel batch mean and biased variance.
   */
  batchNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    dims: Int32Array,
    epsilon: number,
    activation: 0 | 1 | 2,
    leakyAlpha: number,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /** The gradients of batchNorm's y with respect to x, gamma and beta, given dy and the forward's statistics. */
  batchNormGrad(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    dims: Int32Array,
    epsilon: number,
    activation: 0 | 1 | 2,
    leakyAlpha: number,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;
  /** Splits x [rows, width] along its last axis into `outputs` of sizes[k] columns each. */
  splitLastAxis(x: Float32Array, rows: number, width: number, sizes: Int32Array, outputs: Float32Array[]): void;
  /** Concatenates inputs[k] [rows, sizes[k]] along the last axis into y [rows, sum of sizes]. */
  concatLastAxis(inputs: Float32Array[], sizes: Int32Array, rows: number, y: Float32Array): void;
  /** y [outer, indices.length, inner] = x [outer, dim, inner] at `indices` on the middle axis (`dims` = [outer, dim, inner]); throws on an index outside [0, dim). */
  gather(x: Float32Array, dims: Int32Array, indices: Int32Array, y: Float32Array): void;
  /** dx [n, h, w, c] = the sums of dy [n, h * fh, w * fw, c] over fh x fw blocks (`dims` = [n, h, w, c, fh, fw]). */
  resizeNearestGrad(dy: Float32Array, dims: Int32Array, dx: Float32Array): void;
  /** out[j] = the sum over r of x[r, j], x [rows, cols]. */
  sumLeadingAxes(x: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /**
   * One Adam step of one variable (@genmodels/core-nn's GenmodelsAdamUpdate contract), in place:
   * x, m and v updated from the gradient g; `constants` = [beta1, beta2, 1 - beta1, 1 - beta2,
   * epsilon, -learningRate, 1 - beta1^t, 1 - beta2^t] as float32. Returns the sum of g^2 (the
   * value sumOfSquares(g) gives), taken in the same pass.
   */
  adamUpdate(x: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, constants: Float32Array): number;
  /** out[r] = sum over c of the Bernoulli NLL of logits[r, c] for x[r, c] (softplus(l) - l x, in its stable form); rows = out.length. */
  bernoulliNll(logits: Float32Array, x: Float32Array, cols: number, out: Float32Array): void;
  /** dlogits[r, c] = dy[r] * (sigmoid(logits[r, c]) - x[r, c]); rows = dy.length. */
  bernoulliNllGrad(dy: Float32Array, logits: Float32Array, x: Float32Array, cols: number, dlogits: Float32Array): void;
  /** dx = dy where y > 0, else 0 (@genmodels/core-nn's GenmodelsReluGrad); y as long as dy. */
  reluGrad(dy: Float32Array, y: Float32Array, dx: Float32Array): void;
  /** out = a op b element-wise for op 0 (add), 1 (sub), 2 (multiply); a and b of one length. */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** y = op(x) element-wise over x's length; op codes of native/unary-math.h (0 exp, 1 log, 2 log1p, 3 sigmoid, 4 softplus, 5 relu). */
  unary(op: number, x: Float32Array, y: Float32Array): void;
  /** The sum of x[i]^2, accumulated in double in fixed blocks (independent of the thread count). */
  sumOfSquares(x: Float32Array): number;
}

/** Where the addon is looked for, in order: a source build, then the prebuilt one the tarball ships for this platform. */
export const NATIVE_ADDON_CANDIDATES: readonly { path: string; kind: 'source build' | 'prebuilt' }[] = [
  { path: fileURLToPath(new URL('../../build/genmodels-blas.node', import.meta.url)), kind: 'source build' },
  { path: fileURLToPath(new URL(`../../prebuilds/${process.platform}-${process.arch}/node.napi.node`, import.meta.url)), kind: 'prebuilt' },
];

/** The addon file loadNativeAddon() loaded (undefined before a successful load). */
export function loadedAddonFile(): { path: string; kind: 'source build' | 'prebuilt' } | undefined {
  return loadedFrom;
}

let loadedFrom: { path: string; kind: 'source build' | 'prebuilt' } | undefined;

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
const ADDON_FUNCTIONS = ['libraries', 'setOnednn', 'onednnImplementations', 'getThreads', 'setThreads', 'sgemm', 'conv', 'convGrad', 'denseGrad', 'groupNorm', 'groupNormGrad', 'batchNorm', 'batchNormGrad', 'splitLastAxis', 'concatLastAxis', 'gather', 'resizeNearestGrad', 'sumLeadingAxes', 'adamUpdate', 'bernoulliNll', 'bernoulliNllGrad', 'reluGrad', 'binary', 'unary', 'sumOfSquares'] as const;

/**
 * Loads the addon once: the first candidate file that exists (NATIVE_ADDON_CANDIDATES). Returns
 * it, or throws an Error saying why it is not usable (not built and no prebuilt for this
 * platform; a load failure; neither OpenBLAS nor oneDNN found at run time).
 * GENMODELS_ONEDNN=0 keeps convolutions off oneDNN (im2col + sgemm), to compare or test that path.
 */
export function loadNativeAddon(): NativeAddon {
  if (cached === undefined) cached = load();
  if (cached.addon === undefined) throw new Error(cached.error);
  return cached.addon;
}

function load(): { addon?: NativeAddon; error?: string } {
  const candidates = NATIVE_ADDON_CANDIDATES.filter((c) => existsSync(c.path));
  if (candidates.length === 0) {
    return {
      error: `native addon not built and no prebuilt for ${process.platform}-${process.arch} (install gcc, then run \`pnpm build\` in @genmodels/backend)`,
    };
  }
  const errors: string[] = [];
  for (const candidate of candidates) {
    const result = loadFile(candidate.path);
    if (typeof result === 'string') {
      errors.push(`native addon (${candidate.kind}) ${result}`);
      continue;
    }
    if (process.env.GENMODELS_ONEDNN === '0') result.setOnednn(false);
    loadedFrom = candidate;
    return { addon: result };
  }
  return { error: errors.join('; ') };
}

/** The addon at `file`, or why it is not usable. */
function loadFile(file: string): NativeAddon | string {
  let addon: NativeAddon;
  try {
    preferAvx512Kernels();
    addon = require(file) as NativeAddon;
  } catch (error) {
    return `failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0) return `is out of date (no ${missing.join(', ')}): run \`pnpm build\` in @genmodels/backend to rebuild it`;
  const libraries = addon.libraries();
  if (libraries.sgemm === null) return `found neither OpenBLAS nor oneDNN: ${libraries.openblasError}; ${libraries.onednnError}`;
  return addon;
}
