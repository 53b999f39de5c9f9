import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it, vi } from 'vitest';
import { ActNorm } from './act-norm.js';
import { Glow } from './glow.js';
import { resolveGlowConfig } from './glow-config.js';
import { invertMatrix, matMul, toRows } from './host-linear-algebra.js';
import { InvertibleConv1x1 } from './invertible-conv-1x1.js';
import { blobPoints, eightBitImages } from './test-utils/batches.js';
import { checkTransform, randomizeVariables } from './test-utils/transform-checks.js';
import type { Transform } from './transform.js';

const tinyGlow = (seed: number) => new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], seed });

describeGenerativeModelConformance('Glow (4x4x1 8-bit images)', {
  createModel: tinyGlow,
  makeBatch: (seed) => eightBitImages(seed, [4, 4, 4, 1]),
  createFromConfig: (config) => new Glow(config as ConstructorParameters<typeof Glow>[0]),
});

describeGenerativeModelConformance('Glow (2-D points)', {
  createModel: (seed) => new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 3, hiddenUnits: [16], seed }),
  makeBatch: (seed) => blobPoints(seed),
  createFromConfig: (config) => new Glow(config as ConstructorParameters<typeof Glow>[0]),
});

function actNormWeights(model: Glow): Record<string, number[]> {
  const weights = model.getWeights();
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(weights)) if (name.includes('/actnorm/')) out[name] = Array.from(t.dataSync());
  tf.dispose(Object.values(weights));
  return out;
}

describe('Glow ActNorm data-dependent initialization', () => {
  it('happens once, on the first training batch, normalizing it; later batches do not re-initialize', () => {
    const model = tinyGlow(1);
    const first = eightBitImages(1, [8, 4, 4, 1]);
    const second = eightBitImages(2, [8, 4, 4, 1]);
    try {
      const before = actNormWeights(model);
      expect(Object.entries(before).filter(([n]) => n.endsWith('initialized')).every(([, v]) => v[0] === 0)).toBe(true);
      // evaluation never initializes
      tf.dispose(Object.values(model.evaluateStep(first)));
      expect(actNormWeights(model)).toEqual(before);
      tf.dispose(Object.values(model.trainStep(first, { step: 0, epoch: 0, seed: 5 })));
      const after = actNormWeights(model);
      const flags = Object.entries(after).filter(([n]) => n.endsWith('initialized'));
      expect(flags.length).toBe(4);
      expect(flags.every(([, v]) => v[0] === 1)).toBe(true);
      // the biases moved away from zero: the layers saw data
      expect(Object.entries(after).some(([n, v]) => n.endsWith('bias') && v.some((b) => Math.abs(b) > 0.01))).toBe(true);
      // a later step changes the ActNorm parameters only by gradient steps (lr 1e-3), never by re-initialization
      const biasBefore = Object.entries(after).filter(([n]) => n.endsWith('bias'));
      tf.dispose(Object.values(model.trainStep(second, { step: 1, epoch: 0, seed: 6 })));
      const later = actNormWeights(model);
      for (const [name, values] of biasBefore) {
        values.forEach((v, i) => expect(Math.abs(later[name][i] - v), name).toBeLessThan(5e-3));
      }
    } finally {
      tf.dispose([first, second]);
      model.dispose();
    }
  });

  it('survives save/load: a loaded model keeps the trained ActNorm parameters when it trains on', () => {
    const source = tinyGlow(1);
    const target = tinyGlow(2);
    const batch = eightBitImages(3, [8, 4, 4, 1]);
    const other = eightBitImages(4, [8, 4, 4, 1]);
    try {
      tf.dispose(Object.values(source.trainStep(batch, { step: 0, epoch: 0, seed: 5 })));
      const weights = source.getWeights();
      target.setWeights(weights);
      tf.dispose(Object.values(weights));
      const saved = actNormWeights(target);
      // Training the loaded model on a very different batch must not re-run the initialization.
      tf.dispose(Object.values(target.trainStep(other, { step: 1, epoch: 0, seed: 6 })));
      const trained = actNormWeights(target);
      for (const [name, values] of Object.entries(saved)) {
        if (!name.endsWith('bias')) continue;
        values.forEach((v, i) => expect(Math.abs(trained[name][i] - v), name).toBeLessThan(5e-3));
      }
      // whereas a fresh model initializes from that batch, giving clearly different biases
      const fresh = tinyGlow(2);
      tf.dispose(Object.values(fresh.trainStep(other, { step: 1, epoch: 0, seed: 6 })));
      const freshValues = actNormWeights(fresh);
      fresh.dispose();
      const differs = Object.entries(saved).some(
        ([name, values]) => name.endsWith('bias') && values.some((v, i) => Math.abs(freshValues[name][i] - v) > 0.01),
      );
      expect(differs).toBe(true);
    } finally {
      tf.dispose([batch, other]);
      source.dispose();
      target.dispose();
    }
  });

  it('keeps the flag on the host: training steps read no ActNorm flag back; setWeights reads each once', () => {
    const source = tinyGlow(1);
    const target = tinyGlow(2);
    const batch = eightBitImages(3, [8, 4, 4, 1]);
    const layers = [...collectActNorms(source), ...collectActNorms(target)];
    expect(layers.length).toBe(8);
    const reads = layers.flatMap((layer) => [vi.spyOn(layer.initialized, 'dataSync'), vi.spyOn(layer.initialized, 'arraySync')]);
    const count = () => reads.reduce((total, spy) => total + spy.mock.calls.length, 0);
    try {
      expect(collectActNorms(source).some((layer) => layer.isInitialized())).toBe(false);
      // the first step initializes, the next ones train: no read of the flags in either
      for (let step = 0; step < 2; step++) tf.dispose(Object.values(source.trainStep(batch, { step, epoch: 0, seed: step + 1 })));
      expect(count()).toBe(0);
      expect(collectActNorms(source).every((layer) => layer.isInitialized())).toBe(true);
      // loading reads each loaded flag once, and the loaded model's steps read none
      const weights = source.getWeights();
      target.setWeights(weights);
      tf.dispose(Object.values(weights));
      expect(count()).toBe(4);
      expect(collectActNorms(target).every((layer) => layer.isInitialized())).toBe(true);
      tf.dispose(Object.values(target.trainStep(batch, { step: 2, epoch: 0, seed: 3 })));
      expect(count()).toBe(4);
      // and loading weights of an untrained model clears the mirror again
      const fresh = tinyGlow(3);
      const untrained = fresh.getWeights();
      target.setWeights(untrained);
      tf.dispose(Object.values(untrained));
      fresh.dispose();
      expect(collectActNorms(target).some((layer) => layer.isInitialized())).toBe(false);
    } finally {
      reads.forEach((spy) => spy.mockRestore());
      batch.dispose();
      source.dispose();
      target.dispose();
    }
  });
});

describe('LU invertible 1x1 convolution', () => {
  it('stays invertible after training steps: W W^-1 = I, det = prod(exp(logScale)), and the flow inverts', () => {
    const model = tinyGlow(3);
    const batch = eightBitImages(7, [8, 4, 4, 1]);
    try {
      for (let step = 0; step < 15; step++) tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: step + 1 })));
      const convs = collectConvs(model);
      expect(convs.length).toBe(4);
      for (const conv of convs) {
        const w = conv.weight();
        const c = w.shape[0];
        const rows = toRows(w.dataSync(), c);
        w.dispose();
        const product = matMul(rows, invertMatrix(rows));
        product.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 4)));
        // logScale moved during training, and |det W| = exp(sum logScale) (P, L unit-triangular)
        const logScale = Array.from(conv.logScale.dataSync());
        const expectedLogDet = logScale.reduce((a, b) => a + b, 0);
        expect(logAbsDet(rows)).toBeCloseTo(expectedLogDet, 3);
      }
      // the whole trained transform (after dequantization and logit) inverts
      const transform = model.flow.transform;
      const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 3);
      const inner = (transform as unknown as { transforms: { forward: (t: tf.Tensor) => { outputs: tf.Tensor } }[] }).transforms[2];
      const z = tf.tidy(() => inner.forward(x).outputs);
      const back = tf.tidy(() => (inner as unknown as { inverse: (t: tf.Tensor) => { outputs: tf.Tensor } }).inverse(z).outputs);
      const error = tf.tidy(() => tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]);
      expect(error).toBeLessThan(1e-4);
      tf.dispose([x, z, back]);
    } finally {
      batch.dispose();
      model.dispose();
    }
  });
});

function priorWeights(model: Glow): Record<string, number[]> {
  const weights = model.getWeights();
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(weights)) if (name.includes('/prior/')) out[name] = Array.from(t.dataSync());
  tf.dispose(Object.values(weights));
  return out;
}

/** The model's own bijection, after dequantization and logit. */
function glowTransform(model: Glow): Transform {
  return (model.flow.transform as unknown as { transforms: Transform[] }).transforms[2];
}

describe('Glow learned split prior', () => {
  it('is on by default for new configs and written explicitly; off keeps the plain factoring', () => {
    const config = resolveGlowConfig({ inputShape: [4, 4, 1] });
    expect(config.learnedSplitPrior).toBe(true);
    expect(JSON.parse(JSON.stringify(config)).learnedSplitPrior).toBe(true);
    // modelType alone does not make an input a stored config
    expect(resolveGlowConfig({ modelType: 'glow', numLevels: 3, inputShape: [8, 8, 1] }).learnedSplitPrior).toBe(true);
    expect(() => resolveGlowConfig({ learnedSplitPrior: 'yes' as never })).toThrow(/learnedSplitPrior must be true or false/);
    const on = tinyGlow(1);
    const off = new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], seed: 1, learnedSplitPrior: false });
    try {
      expect(Object.keys(priorWeights(on)).sort()).toEqual(['transform/level0/prior/conv/bias', 'transform/level0/prior/conv/kernel']);
      expect(Object.keys(priorWeights(off))).toEqual([]);
    } finally {
      on.dispose();
      off.dispose();
    }
  });

  it('starts as N(0, 1) (zero-initialized: the same log p(x) as the plain factoring) and moves after a training step', () => {
    const on = tinyGlow(1);
    const off = new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], seed: 1, learnedSplitPrior: false });
    const batch = eightBitImages(5, [8, 4, 4, 1]);
    try {
      const initial = priorWeights(on);
      expect(Object.values(initial).every((values) => values.every((v) => v === 0))).toBe(true);
      const a = on.logProb(batch);
      const b = off.logProb(batch);
      const [la, lb] = [Array.from(a.dataSync()), Array.from(b.dataSync())];
      tf.dispose([a, b]);
      la.forEach((v, i) => expect(v).toBeCloseTo(lb[i], 3));
      tf.dispose(Object.values(on.trainStep(batch, { step: 0, epoch: 0, seed: 5 })));
      const trained = priorWeights(on);
      for (const [name, values] of Object.entries(trained)) {
        expect(Math.max(...values.map(Math.abs)), `${name} moved`).toBeGreaterThan(1e-5);
      }
    } finally {
      batch.dispose();
      on.dispose();
      off.dispose();
    }
  });

  it('the whole image bijection with non-trivial split priors inverts and matches a numerical Jacobian', () => {
    const model = tinyGlow(4);
    const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 8);
    try {
      const variables = model.getWeights();
      const names = Object.keys(variables);
      tf.dispose(Object.values(variables));
      expect(names.some((n) => n.includes('/prior/'))).toBe(true);
      randomizeVariables((model as unknown as { params: { variables: tf.Variable[] } }).params.variables, 6, 0.2);
      checkTransform(glowTransform(model), x);
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  it('a stored config written before the key existed resolves to off and loads that model\'s weights', () => {
    const old = new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], seed: 1, learnedSplitPrior: false });
    const stored = JSON.parse(JSON.stringify(old.config)) as Record<string, unknown>;
    delete stored.learnedSplitPrior;
    expect(resolveGlowConfig(stored).learnedSplitPrior).toBe(false);
    const loaded = new Glow(stored);
    const weights = old.getWeights();
    try {
      expect(loaded.config.learnedSplitPrior).toBe(false);
      expect(() => loaded.setWeights(weights)).not.toThrow();
      // whereas the new default has prior weights the old checkpoint lacks
      const fresh = tinyGlow(1);
      expect(() => fresh.setWeights(weights)).toThrow(/missing: .*prior/);
      fresh.dispose();
    } finally {
      tf.dispose(Object.values(weights));
      old.dispose();
      loaded.dispose();
    }
  });

  it('samples images at a temperature: 0 gives the decoded zero latent (the priors\' means)', () => {
    const model = tinyGlow(2);
    const batch = eightBitImages(6, [8, 4, 4, 1]);
    try {
      for (let step = 0; step < 3; step++) tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: step + 1 })));
      const zero = tf.zeros([2, 4, 4, 1]);
      const decodedZero = model.decode(zero);
      const cold = model.sample(2, { temperature: 0, seed: 4 });
      const warm = model.sample(2, { temperature: 1, seed: 4 });
      expect(Array.from(cold.dataSync())).toEqual(Array.from(decodedZero.dataSync()));
      expect(Array.from(warm.dataSync())).not.toEqual(Array.from(cold.dataSync()));
      tf.dispose([zero, decodedZero, cold, warm]);
    } finally {
      batch.dispose();
      model.dispose();
    }
  });
});

describe('Glow config and sampling', () => {
  it('checks that the image can be squeezed numLevels times', () => {
    expect(() => resolveGlowConfig({ inputShape: [6, 6, 1], numLevels: 2 })).toThrow(/divisible by 4/);
  });

  it('temperature 0 gives the decoded zero latent and lower temperatures shrink the spread of the latents', () => {
    const model = new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 2, hiddenUnits: [8], seed: 2 });
    try {
      const zero = tf.zeros([3, 2]);
      const decodedZero = model.decode(zero);
      const cold = model.sample(3, { temperature: 0, seed: 4 });
      expect(Array.from(cold.dataSync())).toEqual(Array.from(decodedZero.dataSync()).map((v) => expect.closeTo(v, 5)));
      const spread = (t: number) =>
        tf.tidy(() => {
          const s = model.sample(200, { temperature: t, seed: 9 });
          const z = model.encode(s);
          return tf.moments(z).variance.dataSync()[0];
        });
      expect(spread(0.5)).toBeLessThan(spread(1) * 0.5);
      tf.dispose([zero, decodedZero, cold]);
    } finally {
      model.dispose();
    }
  });
});

function collectActNorms(model: Glow): ActNorm[] {
  const found: ActNorm[] = [];
  const visit = (node: unknown): void => {
    if (node instanceof ActNorm) found.push(node);
    if (node && typeof node === 'object') {
      const record = node as { transforms?: unknown[]; inner?: unknown };
      record.transforms?.forEach(visit);
      if (record.inner) visit(record.inner);
    }
  };
  visit(model.flow.transform);
  return found;
}

function collectConvs(model: Glow): InvertibleConv1x1[] {
  const found: InvertibleConv1x1[] = [];
  const visit = (node: unknown): void => {
    if (node instanceof InvertibleConv1x1) found.push(node);
    if (node && typeof node === 'object') {
      const record = node as { transforms?: unknown[]; inner?: unknown; base?: unknown };
      record.transforms?.forEach(visit);
      if (record.inner) visit(record.inner);
      if (record.base && typeof record.base === 'object' && 'forward' in (record.base as object)) visit(record.base);
    }
  };
  visit(model.flow.transform);
  return found;
}

function logAbsDet(rows: number[][]): number {
  const n = rows.length;
  const a = rows.map((r) => r.slice());
  let total = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    total += Math.log(Math.abs(a[k][k]));
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return total;
}
