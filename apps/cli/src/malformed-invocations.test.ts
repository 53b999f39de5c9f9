/**
 * The malformed-invocation sweep, kept in the suite: every command with bad numbers, unknown
 * options and keys, wrong types, missing and damaged files and impossible requests. Each must
 * exit non-zero and print its whole message on stderr (one line unless it lists things on
 * purpose), with no stack trace and no "unexpected error" hint.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu', GENMODELS_DEBUG: '' };

let root = '';
/** Paths inside the sweep's temporary directory. */
const at = (...parts: string[]): string => join(root, ...parts);

interface Outcome {
  status: number | null;
  stderr: string;
}

/** Runs the command as a child process (asynchronously, so several run at once). */
function runAsync(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

/** Every case's outcome, `width` processes at a time. */
async function runAll(cases: readonly (readonly string[])[], width: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      outcomes[index] = await runAsync(cases[index]);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}

/** stderr without progress, backend and warning lines and TF.js's cpu banner: the error itself. */
function errorText(stderr: string): string {
  return stderr
    .replace(/\n?=+\nHi, looks like you are running TensorFlow\.js in Node\.js[^\n]*\n=+\n/g, '\n')
    .split('\n')
    .filter((line) => line !== '' && !/^(backend: |warning: |training|drawing )/.test(line))
    .join('\n');
}

/** A small run of each kind the commands need, made once. */
async function train(out: string, args: string[]): Promise<void> {
  const result = await runAsync(['train', ...args, '--out', out, '--seed', '3', '--log-every', '1']);
  expect(result.status, result.stderr).toBe(0);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-sweep-'));
  // a VAE on 2-D points, and one on MNIST images (a 2-D latent, one step)
  await Promise.all([
    train(at('toy'), ['vae', '--dataset', 'two-moons', '--hidden', '8', '--latent-dim', '2', '--batch-size', '32', '--max-steps', '2', '--num-samples', '4']),
    train(at('image'), ['vae', '--hidden', '8', '--latent-dim', '2', '--batch-size', '16', '--max-steps', '1', '--num-samples', '4']),
  ]);
  // the train refusals each get their own copy: cases run side by side, and each process takes
  // the run directory's lock before it reads the run
  for (const name of ['toy-existing', 'toy-other-model', 'toy-other-data', 'toy-other-settings']) cpSync(at('toy'), at(name), { recursive: true });
  // a run whose every checkpoint is damaged
  cpSync(at('toy'), at('damaged'), { recursive: true });
  for (const step of readdirSync(at('damaged', 'checkpoints')).filter((name) => name.startsWith('step-'))) {
    const file = at('damaged', 'checkpoints', step, 'weights.safetensors');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
  }
  // a run record without checkpoints; not-a-run directories; a file where a directory belongs
  mkdirSync(at('untrained'));
  cpSync(at('toy', 'config.json'), at('untrained', 'config.json'));
  mkdirSync(at('empty'));
  mkdirSync(at('bad-json'));
  writeFileSync(at('bad-json', 'config.json'), '{"format": "genmodels-run", ');
  mkdirSync(at('foreign'));
  writeFileSync(at('foreign', 'config.json'), '{"name": "something else"}');
  writeFileSync(at('a-file'), 'not a directory');
  writeFileSync(at('mask.txt'), 'not a mask');
  writeFileSync(at('mask.png'), 'not a PNG either');
  // IDX directories: images without labels, and damaged IDX files
  mkdirSync(at('images-only'));
  writeFileSync(at('images-only', 'train-images-idx3-ubyte'), Buffer.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]));
  mkdirSync(at('damaged-idx'));
  for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    writeFileSync(at('damaged-idx', name), Buffer.from('this is not an IDX file'));
  }
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Expected = string | RegExp;
/** [why, arguments, the whole error text] */
type Case = [string, () => string[], () => Expected];

const TOY_TRAIN = ['--dataset', 'two-moons', '--max-steps', '1'];

let fresh = 0;
/** A run directory of its own for each training case: cases run three at a time, and one that gets
 * as far as taking the run-directory lock must not meet another's lock. */
const out = (): string => at(`x-${++fresh}`);

const CASES: Case[] = [
  // every command: unknown options, commands and missing arguments
  ['unknown command', () => ['trian'], () => "genmodels: unknown command 'trian'\n(Did you mean train?)"],
  ['unknown option, with a suggestion', () => ['train', 'vae', '--out', out(), '--epoch', '3'], () => "genmodels: unknown option '--epoch'\n(Did you mean --epochs?)"],
  ['info: unknown backend', () => ['info', '--backend', 'tpu'], () => /^genmodels: unknown backend "tpu"; choose one of: [a-z-]+(, [a-z-]+)+$/],
  ['train: unknown model', () => ['train', 'vea', '--out', out()], () => /^genmodels: unknown model "vea"; choose one of: vae, /],
  ['train: --out missing', () => ['train', 'vae'], () => "genmodels: required option '--out <dir>' not specified"],
  ['train: unknown dataset', () => ['train', 'vae', '--out', out(), '--dataset', 'cifar'], () => 'genmodels: unknown dataset "cifar"; choose one of: mnist, fashion-mnist, two-moons, eight-gaussians, checkerboard, swiss-roll'],
  ['train: model on the wrong kind of data', () => ['train', 'iaf', '--out', out()], () => 'genmodels: model iaf does not train on images (mnist)'],
  ['train: conv model on points', () => ['train', 'conv-vae', '--out', out(), '--dataset', 'two-moons'], () => 'genmodels: model conv-vae does not train on 2-D points (two-moons)'],
  // bad numbers
  ['train: --epochs 0', () => ['train', 'vae', '--out', out(), '--epochs', '0'], () => "genmodels: option '--epochs <n>' argument '0' is invalid. expected a positive integer"],
  ['train: --batch-size abc', () => ['train', 'vae', '--out', out(), '--batch-size', 'abc'], () => "genmodels: option '--batch-size <n>' argument 'abc' is invalid. expected a positive integer"],
  ['train: --lr 1e999', () => ['train', 'vae', '--out', out(), '--lr', '1e999'], () => "genmodels: option '--lr <rate>' argument '1e999' is invalid. expected a positive number"],
  ['train: --lr -1', () => ['train', 'vae', '--out', out(), '--lr=-1'], () => "genmodels: option '--lr <rate>' argument '-1' is invalid. expected a positive number"],
  ['train: --hidden 64,abc', () => ['train', 'vae', '--out', out(), '--hidden', '64,abc'], () => "genmodels: option '--hidden <units>' argument '64,abc' is invalid. expected comma-separated positive integers, e.g. 512,256"],
  ['train: --seed 1.5', () => ['train', 'vae', '--out', out(), '--seed', '1.5'], () => "genmodels: option '--seed <n>' argument '1.5' is invalid. expected an integer"],
  ['train: --batch-size beyond the data', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--batch-size', '1e9'], () => 'genmodels: --batch-size 1000000000 is larger than the 20000 training examples of two-moons; use at most 20000'],
  // --set: form, numbers, applicability
  ['train: --set without =', () => ['train', 'vae', '--out', out(), '--set', 'latentDim'], () => `genmodels: option '--set <key=value>' argument 'latentDim' is invalid. expected key=value, e.g. --set latentDim=16; got "latentDim"`],
  ['train: --set with a non-finite number', () => ['train', 'vae', '--out', out(), '--set', 'latentDim=1e999'], () => "genmodels: option '--set <key=value>' argument 'latentDim=1e999' is invalid. latentDim=1e999: the number is out of range (not finite); give a finite number"],
  ['train: --set a key that is not a name', () => ['train', 'vae', '--out', out(), '--set', 'latent dim=3'], () => `genmodels: option '--set <key=value>' argument 'latent dim=3' is invalid. "latent dim" is not a config key (letters and digits, dots for nested keys: optimizer.learningRate)`],
  ['train: --set the same key twice', () => ['train', 'vae', '--out', out(), '--set', 'beta=1', '--set', 'beta=2'], () => "genmodels: option '--set <key=value>' argument 'beta=2' is invalid. beta is set twice; give each key once"],
  ['train: --set a wrong type', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'seed=abc'], () => 'genmodels: VAE config: seed must be an integer, got "abc"'],
  ['train: --set an unknown key', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'noSuchKey=1'], () =>
    'genmodels: VAE config: unknown key "noSuchKey"; allowed keys: modelType, inputShape, architecture, encoderUnits, decoderUnits, convChannels, kernelSize, latentDim, observationModel, decoderVariance, denoising, optimizer, clipNorm, seed, beta, klWarmup, numImportanceSamples, numClasses'],
  ['train: --set a key of another family', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'hiddenUnits=abc'], () => /^genmodels: VAE config: unknown key "hiddenUnits"; allowed keys: modelType, /],
  ['train: --set an object to a number', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'optimizer=5'], () => 'genmodels: VAE config: optimizer must be an object, got 5'],
  ['train: --set a nested key to a string', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'optimizer.learningRate=abc'], () => 'genmodels: VAE config: optimizer.learningRate must be a positive number, got "abc"'],
  ['train: --set a GAN key to a bad value', () => ['train', 'gan', '--out', out(), '--dataset', 'eight-gaussians', '--max-steps', '1', '--set', 'loss=bogus'], () => /^genmodels: GAN config: loss must be one of .*got "bogus"$/],
  ['train: --set into a number', () => ['train', 'vae', '--out', out(), ...TOY_TRAIN, '--set', 'latentDim.size=3'], () => '--set latentDim.size: latentDim is 2, not an object with keys'],
  ['train: a flag the model does not take', () => ['train', 'pixelcnn', '--out', out(), '--latent-dim', '3'], () => 'genmodels: --latent-dim does not apply to pixelcnn: it takes --hidden, --lr (other settings with --set key=value)'],
  ['train: two flags the model does not take', () => ['train', 'realnvp', '--out', out(), '--latent-dim', '3', '--beta', '2'], () => 'genmodels: --latent-dim, --beta do not apply to realnvp: it takes --hidden, --lr (other settings with --set key=value)'],
  ['train: --hidden on a convolutional GAN', () => ['train', 'dcgan', '--out', out(), '--hidden', '64'], () => 'genmodels: --hidden does not apply to dcgan: it takes --latent-dim, --lr (other settings with --set key=value)'],
  ['train: one width for nade', () => ['train', 'nade', '--out', out(), '--max-steps', '1', '--hidden', '64,32'], () => 'genmodels: nade takes one width from --hidden (the hidden units H), got 64,32; e.g. --hidden 64'],
  // run directories
  ['train: --out is a file', () => ['train', 'vae', '--out', at('a-file')], () => `genmodels: --out ${at('a-file')} is a file, not a directory; choose a directory for the run`],
  ['train: --out cannot be created', () => ['train', 'vae', '--out', '/proc/genmodels-run', '--max-steps', '1'], () => 'genmodels: cannot create the directory /proc/genmodels-run: the file system at /proc does not allow creating directories (ENOENT)'],
  ['train: --out under a file', () => ['train', 'vae', '--out', at('a-file', 'run')], () => `genmodels: cannot create the directory ${at('a-file', 'run')}: ${at('a-file')} is a file, not a directory`],
  ['train: over an existing run', () => ['train', 'vae', '--out', at('toy-existing'), ...TOY_TRAIN], () => `genmodels: ${at('toy-existing')} already holds a run; pass --resume to continue it, or choose another --out`],
  ['train: --resume of a directory without a run', () => ['train', 'vae', '--out', at('empty'), '--resume'], () => `genmodels: not a genmodels run directory (no config.json): ${at('empty')}`],
  ['train: --resume of another model', () => ['train', 'gan', '--out', at('toy-other-model'), '--resume', '--dataset', 'two-moons'], () => `genmodels: ${at('toy-other-model')} holds a "vae" run, not "gan"; resume it with \`genmodels train vae --out ${at('toy-other-model')} --resume\` or choose another --out`],
  ['train: --resume on other data', () => ['train', 'vae', '--out', at('toy-other-data'), '--resume'], () => `genmodels: ${at('toy-other-data')} was trained on two-moons, not mnist; resume with --dataset two-moons`],
  ['train: --resume with other model settings', () => ['train', 'vae', '--out', at('toy-other-settings'), '--resume', '--dataset', 'two-moons', '--batch-size', '32', '--hidden', '8', '--lr', '0.1'], () =>
    `genmodels: --hidden, --lr would change optimizer.learningRate from 0.001 to 0.1, but a resumed run keeps the model in ${at('toy-other-settings', 'config.json')}; drop the model settings, or train a new run into another --out`],
  ['train: --resume with every checkpoint damaged', () => ['train', 'vae', '--out', at('damaged'), '--resume', '--dataset', 'two-moons', '--batch-size', '32'], () =>
    new RegExp(`^genmodels: cannot resume ${esc(at('damaged'))}: every checkpoint in ${esc(at('damaged', 'checkpoints'))} is damaged; nothing was loaded or deleted:\\ncheckpoint ${esc(at('damaged', 'checkpoints', 'step-2'))} is damaged: weights\\.safetensors has sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64} \\(the file is corrupted\\)$`)],
  // datasets: missing and damaged files (multi-line on purpose: the places searched and the fix)
  ['train: --data-dir that does not exist', () => ['train', 'vae', '--out', out(), '--data-dir', at('nowhere')], () =>
    new RegExp(`^genmodels: MNIST train split not found: need train-images-idx3-ubyte and train-labels-idx1-ubyte \\(raw or \\.gz\\) in one directory\\. Looked in:\\n  1\\. ${esc(at('nowhere'))} \\(the dir option\\): directory does not exist; tried .*\\nTo get it: .*pass --data-dir <dir> naming a directory with the four IDX files.*$`)],
  ['train: --data-dir without the labels', () => ['train', 'vae', '--out', out(), '--data-dir', at('images-only')], () =>
    new RegExp(`Looked in:\\n  1\\. ${esc(at('images-only'))} \\(the dir option\\): found ${esc(at('images-only', 'train-images-idx3-ubyte'))} but no labels file; tried .*\\nTo get it: `)],
  ['train: damaged IDX files', () => ['train', 'vae', '--out', out(), '--data-dir', at('damaged-idx')], () => new RegExp(`^genmodels: ${esc(at('damaged-idx', 'train-images-idx3-ubyte'))}: [^\\n]+$`)],
  // sample
  ['sample: no such run', () => ['sample', at('nowhere')], () => `genmodels: run directory not found: ${at('nowhere')}`],
  ['sample: not a run', () => ['sample', at('empty')], () => `genmodels: not a genmodels run directory (no config.json): ${at('empty')}`],
  ['sample: damaged config.json', () => ['sample', at('bad-json')], () => new RegExp(`^genmodels: cannot read ${esc(at('bad-json', 'config.json'))}: ${esc(at('bad-json', 'config.json'))} is not valid JSON: [^\\n]+$`)],
  ['sample: a foreign config.json', () => ['sample', at('foreign')], () => `genmodels: ${at('foreign', 'config.json')} is not a genmodels run record`],
  ['sample: a run without checkpoints', () => ['sample', at('untrained')], () => `genmodels: ${at('untrained')} has no checkpoint yet; train it first (genmodels train vae --out ${at('untrained')} --resume)`],
  ['sample: every checkpoint damaged', () => ['sample', at('damaged'), '--out', at('s.png')], () => new RegExp(`^genmodels: cannot load a checkpoint from ${esc(at('damaged'))}: every checkpoint in .* is damaged; nothing was loaded or deleted:\\ncheckpoint .*step-2 is damaged: weights\\.safetensors has sha256 `)],
  ['sample: --n 0', () => ['sample', at('toy'), '--n', '0'], () => "genmodels: option '--n <n>' argument '0' is invalid. expected a positive integer"],
  ['sample: --n beyond a grid', () => ['sample', at('image'), '--n', '1e9'], () => 'genmodels: --n 1000000000 is more than one image grid can show (at most 10000); ask for fewer, or for sample-quality figures over many samples use `genmodels quality <run> --n N`, which draws them in batches'],
  ['sample: --temperature for a VAE', () => ['sample', at('toy'), '--temperature', '0.7'], () => 'genmodels: --temperature does not apply to vae: vae takes no sampling options besides --seed'],
  ['sample: --scheduler for a VAE', () => ['sample', at('toy'), '--scheduler', 'ddim', '--steps', '10'], () => 'genmodels: --scheduler, --steps do not apply to vae: vae takes no sampling options besides --seed'],
  ['sample: --set an unknown option', () => ['sample', at('toy'), '--set', 'foo=bar'], () => 'genmodels: --set foo does not apply to vae: vae takes no sampling options besides --seed'],
  ['sample: --labels for an unconditional model', () => ['sample', at('toy'), '--labels', '1'], () => 'genmodels: vae is not a conditional model; drop --labels'],
  ['sample: --labels that are not classes', () => ['sample', at('toy'), '--labels', 'a,b'], () => "genmodels: option '--labels <list>' argument 'a,b' is invalid. expected class indices, e.g. 3 or 0,1,2"],
  ['sample: --out that cannot be written', () => ['sample', at('toy'), '--n', '2', '--out', '/proc/genmodels-x/s.png'], () => 'genmodels: cannot create the directory /proc/genmodels-x: the file system at /proc does not allow creating directories (ENOENT)'],
  // eval and quality
  ['eval: unknown metric', () => ['eval', at('toy'), '--metrics', 'nll,bogus'], () => /^genmodels: option '--metrics <list>' argument 'nll,bogus' is invalid\. expected a comma-separated list of nll, fid, /],
  ['eval: no such run', () => ['eval', at('nowhere')], () => `genmodels: run directory not found: ${at('nowhere')}`],
  ['eval: too few samples for FID', () => ['eval', at('image'), '--metrics', 'fid', '--n', '50'], () =>
    'genmodels: fid needs at least 129 samples, got 50: FID fits a 128x128 covariance to the classifier features. Pass --n 129 or more (FID is usually reported on 10000), or leave fid out of --metrics'],
  // Refused before the likelihood is computed: nothing but the one line.
  ['eval: nll and FID with too few samples for FID', () => ['eval', at('image'), '--metrics', 'nll,fid', '--n', '50'], () =>
    'genmodels: fid needs at least 129 samples, got 50: FID fits a 128x128 covariance to the classifier features. Pass --n 129 or more (FID is usually reported on 10000), or leave fid out of --metrics'],
  ['eval: --max-examples caps the samples below what FID needs', () => ['eval', at('image'), '--metrics', 'fid', '--max-examples', '20'], () =>
    'genmodels: fid needs at least 129 samples, got 20: FID fits a 128x128 covariance to the classifier features. Pass --max-examples 129 or more (FID is usually reported on 10000), or leave fid out of --metrics'],
  ['quality: too few test images for precision/recall', () => ['quality', at('image'), '--metrics', 'pr', '--n', '10', '--reference', '3'], () =>
    'genmodels: pr needs at least 4 test images, got 3: precision/recall looks at the 3 nearest neighbours. Pass --reference 4 or more, or leave pr out of --metrics'],
  ['quality: a 2-D run', () => ['quality', at('toy'), '--n', '10'], () => `genmodels: sample quality needs an MNIST or Fashion-MNIST image run; ${at('toy')} holds two-moons`],
  // the other commands
  ['interpolate: --steps 1', () => ['interpolate', at('toy'), '--steps', '1'], () => "genmodels: option '--steps <n>' argument '1' is invalid. expected an integer >= 2"],
  ['interpolate: unknown path', () => ['interpolate', at('toy'), '--path', 'curved'], () => "genmodels: option '--path <kind>' argument 'curved' is invalid. Allowed choices are linear, spherical."],
  ['interpolate: --from without --to', () => ['interpolate', at('toy'), '--from', '0'], () => 'genmodels: give both --from and --to (test-image indices)'],
  ['interpolate: --label for an unconditional model', () => ['interpolate', at('toy'), '--label', '1'], () => 'genmodels: vae is not a conditional model; drop --label'],
  ['complete: --image-index missing', () => ['complete', at('image')], () => "genmodels: required option '--image-index <list>' not specified"],
  ['complete: a 2-D run', () => ['complete', at('toy'), '--image-index', '0'], () => 'genmodels: vae was trained on points, not images; complete needs an image model'],
  ['complete: unknown region', () => ['complete', at('image'), '--image-index', '0', '--known', 'middle'], () => /^genmodels: option '--known <region>' argument 'middle' is invalid\. Allowed choices are top-half, /],
  ['inpaint: --mask missing', () => ['inpaint', at('image')], () => "genmodels: required option '--mask <region>' not specified"],
  ['inpaint: a 2-D run', () => ['inpaint', at('toy'), '--mask', 'center', '--out', at('i.png')], () => 'genmodels: vae was trained on points, not images; inpaint needs an image model'],
  ['inpaint: a mask that is not a PNG', () => ['inpaint', at('image'), '--mask', at('mask.txt'), '--out', at('i.png')], () => `genmodels: --mask must be center, left-half or a .png file, got ${JSON.stringify(at('mask.txt'))}`],
  ['inpaint: a damaged PNG mask', () => ['inpaint', at('image'), '--mask', at('mask.png'), '--out', at('i.png')], () => new RegExp(`^genmodels: cannot read the mask ${esc(at('mask.png'))}: [^\\n]+$`)],
  ['inpaint: --scheduler for a VAE', () => ['inpaint', at('image'), '--mask', 'center', '--scheduler', 'ddim', '--out', at('i.png')], () => 'genmodels: --scheduler does not apply to vae: vae takes no sampling options besides --seed'],
  ['denoise: no noise level', () => ['denoise', at('image')], () => 'genmodels: give --noise <level> (or --sigma <std> for Gaussian noise)'],
  ['denoise: a fraction above 1', () => ['denoise', at('image'), '--kind', 'pixels', '--noise', '2'], () => 'genmodels: --noise of kind pixels is a fraction; give a value in [0, 1]'],
  ['denoise: --iterations for Gaussian noise', () => ['denoise', at('image'), '--noise', '0.3', '--iterations', '5'], () => 'genmodels: --iterations applies to the mask kinds (--kind pixels or block), not to gaussian noise; drop it'],
  ['denoise: --sigma with a mask kind', () => ['denoise', at('image'), '--kind', 'block', '--sigma', '0.3'], () => '--sigma is Gaussian noise; it does not combine with --kind block (use --noise)'],
  ['denoise: a 2-D run', () => ['denoise', at('toy'), '--noise', '0.3'], () => `genmodels: ${at('toy')} was trained on 2-D points; denoise works on images`],
  ['anomaly: unknown dataset', () => ['anomaly', at('toy'), '--dataset', 'cifar'], () => 'genmodels: unknown dataset "cifar"; choose one of: mnist, fashion-mnist, two-moons, eight-gaussians, checkerboard, swiss-roll'],
  ['anomaly: data of another shape', () => ['anomaly', at('toy'), '--dataset', 'mnist', '--n', '10'], () => 'genmodels: mnist examples are shaped [784], the model\'s are [2]'],
  ['density: an image run', () => ['density', at('image')], () => `genmodels: density plots are for 2-D sets; ${at('image')} was trained on mnist images`],
  ['density: --grid 0', () => ['density', at('toy'), '--grid', '0'], () => "genmodels: option '--grid <n>' argument '0' is invalid. expected a positive integer"],
  ['latent: --scatter that cannot be written', () => ['latent', at('toy'), '--scatter', '/proc/genmodels-x/codes.svg', '--n', '10'], () => 'genmodels: cannot create the directory /proc/genmodels-x: the file system at /proc does not allow creating directories (ENOENT)'],
  ['nll-map: a model without NLL maps', () => ['nll-map', at('image'), '--image-index', '0'], () => 'genmodels: vae has no per-pixel NLL map (autoregressive image models have one)'],
  ['studio: no such runs directory', () => ['studio', at('nowhere'), '--port', '0'], () => `genmodels: runs directory not found: ${at('nowhere')} (train a model first, e.g. genmodels train vae --out ${at('nowhere', 'vae')})`],
  ['studio: a port out of range', () => ['studio', at('toy'), '--port', '70000'], () => 'genmodels: --port must be in 0..65535, got 70000'],
  ['nll-map: a negative index', () => ['nll-map', at('image'), '--image-index', '-1'], () => "genmodels: option '--image-index <list>' argument '-1' is invalid. expected image indices, e.g. 0 or 0,5,9"],
];

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('malformed invocations: the whole message, a non-zero exit, no stack trace', () => {
  let outcomes: Outcome[] = [];
  beforeAll(async () => {
    outcomes = await runAll(
      CASES.map(([, args]) => args()),
      3,
    );
  }, 600_000);

  it.each(CASES.map((c, index) => [...c, index] as const))('%s', (_why, _args, expected, index) => {
    const result = outcomes[index];
    expect(result.status, result.stderr).not.toBe(0);
    expect(result.status).not.toBeNull(); // exited, not killed (no hang)
    const text = errorText(result.stderr);
    const want = expected();
    if (typeof want === 'string') expect(text).toBe(want.startsWith('genmodels: ') ? want : `genmodels: ${want}`);
    else expect(text).toMatch(want);
    expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
    expect(result.stderr).not.toMatch(/GENMODELS_DEBUG/); // every case is anticipated, none is "unexpected"
  });
});
