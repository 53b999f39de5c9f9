/**
 * End-to-end tests of the flow entries through the built `genmodels` command: train on a 2-D set,
 * evaluate the exact NLL, write the density heat map and temperature samples; train on images and
 * report bits/dim. Tiny settings on the cpu backend.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ENV = { ...process.env, GENMODELS_BACKEND: 'cpu' };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'genmodels-flow-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: ENV, timeout: 240_000 });
  if (result.status !== 0) throw new Error(`genmodels ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

describe('flows from the CLI', () => {
  for (const model of ['realnvp', 'glow', 'maf']) {
    it(`${model}: train on two-moons, eval exact NLL, density heat map with mass near 1, samples at a temperature`, () => {
      const out = join(root, `${model}-moons`);
      run(['train', model, '--dataset', 'two-moons', '--max-steps', '20', '--batch-size', '64', '--hidden', '16', '--log-every', '10', '--out', out]);
      const evaluated = JSON.parse(run(['eval', out, '--json', '--max-examples', '500']).stdout.trim().split('\n').pop()!).likelihood;
      expect(evaluated).toMatchObject({ kind: 'exact', isBound: false });
      expect(Number.isFinite(evaluated.natsPerExample)).toBe(true);
      const density = run(['density', out, '--out', join(out, 'density.png'), '--grid', '60', '--samples', '200']);
      const mass = Number(/probability mass in view: ([0-9.]+)/.exec(density.stderr + density.stdout)?.[1]);
      expect(mass).toBeGreaterThan(0.8);
      expect(mass).toBeLessThan(1.05);
      expect(readFileSync(join(out, 'density.png')).subarray(1, 4).toString()).toBe('PNG');
      run(['sample', out, '--n', '50', '--temperature', '0.5', '--out', join(out, 'cold.png')]);
      expect(existsSync(join(out, 'cold.png'))).toBe(true);
    });
  }

  it('realnvp on 8-bit MNIST reports exact bits/dim (dequantization and logit counted)', () => {
    const out = join(root, 'realnvp-mnist');
    run(['train', 'realnvp', '--dataset', 'mnist', '--max-steps', '2', '--batch-size', '8', '--hidden', '4', '--set', 'numCouplings=2', '--out', out]);
    const evaluated = JSON.parse(run(['eval', out, '--json', '--max-examples', '16', '--batch-size', '16']).stdout.trim().split('\n').pop()!).likelihood;
    // Exact density of dequantized data: an upper bound on the 8-bit NLL, and labelled so.
    expect(evaluated).toMatchObject({ kind: 'exact', isBound: true, dequantizationOffsetNats: 0 });
    expect(evaluated.label).toMatch(/upper bound on the 8-bit NLL/);
    expect(evaluated.dims).toBe(784);
    // Finite and positive (an untrained flow sits well above the 8 bits/dim of the uniform model).
    expect(evaluated.bitsPerDim).toBeGreaterThan(1);
    expect(evaluated.bitsPerDim).toBeLessThan(500);
    expect(evaluated.bitsPerDim).toBeCloseTo(evaluated.natsPerExample / (784 * Math.LN2), 6);
  });

  it('density refuses image runs with a one-line error', () => {
    const out = join(root, 'realnvp-mnist');
    const result = spawnSync(process.execPath, [MAIN, 'density', out], { encoding: 'utf8', env: ENV, timeout: 120_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/density plots are for 2-D sets/);
  });
});
