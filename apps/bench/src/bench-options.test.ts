import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PYTHON, parseBenchOptions } from './bench-options.js';
import { SPEC_TASK_NAMES } from './task-registry.js';

const quietly = <T>(fn: () => T): T => {
  // Commander writes its own usage errors to stderr before throwing; keep test output clean.
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return fn();
  } finally {
    process.stderr.write = write;
  }
};

describe('parseBenchOptions', () => {
  it('keeps the bench-spec defaults and drops the leading -- that pnpm passes', () => {
    const options = parseBenchOptions(['--', '--task', 'vae-mlp']);
    expect(options).toMatchObject({ tasks: ['vae-mlp'], mode: 'throughput', dataset: 'fashion-mnist', runs: 20, sampleRuns: 10, sampleSeconds: 60, python: DEFAULT_PYTHON, child: false });
    expect(options.compare).toBeUndefined();
  });

  it('runs every bench-spec task with --compare pytorch and no task, or with --task all', () => {
    expect(parseBenchOptions(['--compare', 'pytorch']).tasks).toEqual(SPEC_TASK_NAMES);
    expect(parseBenchOptions(['--compare', 'pytorch', '--task', 'all']).tasks).toEqual(SPEC_TASK_NAMES);
    expect(parseBenchOptions(['--compare', 'pytorch', '--task', 'nade, pixelcnn,nade']).tasks).toEqual(['nade', 'pixelcnn']);
  });

  it('reads thread counts, the Python path and the sampling time limit', () => {
    const options = parseBenchOptions(['--compare', 'pytorch', '--task', 'dcgan', '--threads', '1', '--python', '/opt/py', '--sample-seconds', '2.5']);
    expect(options).toMatchObject({ tasks: ['dcgan'], threads: ['1'], python: '/opt/py', sampleSeconds: 2.5, compare: 'pytorch' });
  });

  it('needs no task in kernels mode', () => {
    expect(parseBenchOptions(['--mode', 'kernels', '--compare', 'pytorch'])).toMatchObject({ tasks: [], mode: 'kernels', compare: 'pytorch' });
  });

  it('rejects what it cannot run with a one-line reason', () => {
    expect(() => parseBenchOptions([])).toThrow(/^--task is required; choose one of: vae-mlp/);
    expect(() => parseBenchOptions(['--task', 'nope'])).toThrow(/^unknown task "nope"; choose one of: vae-mlp.*, or all$/);
    expect(() => parseBenchOptions(['--task', 'vae-mlp,dcgan'])).toThrow(/only with --compare pytorch/);
    expect(() => parseBenchOptions(['--task', 'all'])).toThrow(/only with --compare pytorch/);
    expect(() => parseBenchOptions(['--compare', 'pytorch', '--task', 'vae-mlp', '--mode', 'quality'])).toThrow(/throughput and kernels modes, not quality/);
    expect(() => parseBenchOptions(['--compare', 'pytorch', '--threads', '1,2'])).toThrow(/one backend and one thread count/);
    expect(() => parseBenchOptions(['--task', 'vae-mlp', '--threads', 'two'])).toThrow(/"two" is not a positive integer/);
  });

  it('leaves unknown choices and malformed numbers to commander', () => {
    expect(() => quietly(() => parseBenchOptions(['--compare', 'jax']))).toThrow(CommanderError);
    expect(() => quietly(() => parseBenchOptions(['--task', 'vae-mlp', '--sample-seconds', '0']))).toThrow(CommanderError);
    expect(() => quietly(() => parseBenchOptions(['--task', 'vae-mlp', '--runs', '1.5']))).toThrow(CommanderError);
  });
});
