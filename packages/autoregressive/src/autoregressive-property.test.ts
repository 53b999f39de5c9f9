/**
 * The autoregressive property, checked with tf.grad on every model: the parameters of
 * dimension i must not depend on any dimension j at or after i in the model's order (no leak);
 * for the models whose receptive field covers every earlier dimension, each such gradient must
 * be non-zero (no blind spot).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AutoregressiveConfig } from './autoregressive-config.js';
import type { AutoregressiveModel } from './autoregressive-model.js';
import { GatedPixelCNN } from './gated-pixelcnn.js';
import { PixelCNN } from './pixelcnn.js';
import { tinyModels } from './test-utils/tiny-models.js';

/** grads[i][j] = d sum(params of dim i) / d x_j at a random continuous point. */
function dependence(model: AutoregressiveModel<AutoregressiveConfig>, labels?: tf.Tensor1D): number[][] {
  const d = model.dataDim;
  const x = tf.randomUniform([1, d], 0.1, 0.9, 'float32', 21) as tf.Tensor2D;
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) {
    const g = tf.tidy(() =>
      tf.grad((input: tf.Tensor) => tf.sum(tf.slice(model.conditionalParams(input as tf.Tensor2D, labels), [0, i, 0], [1, 1, -1])))(x),
    );
    rows.push(Array.from(g.dataSync()));
    g.dispose();
  }
  x.dispose();
  return rows;
}

function check(model: AutoregressiveModel<AutoregressiveConfig>, expectComplete: boolean, labels?: tf.Tensor1D): { missing: [number, number][] } {
  const order = model.samplingOrder();
  const position = new Int32Array(order.length);
  order.forEach((dim, k) => (position[dim] = k));
  const missing: [number, number][] = [];
  dependence(model, labels).forEach((row, i) =>
    row.forEach((g, j) => {
      if (position[j] >= position[i]) expect(g, `params of dim ${i} depend on dim ${j} (leak)`).toBe(0);
      else if (g === 0) missing.push([i, j]);
    }),
  );
  if (expectComplete) expect(missing, 'blind spots (i, j)').toEqual([]);
  return { missing };
}

describe('autoregressive property (tf.grad)', () => {
  it.each([
    ['NADE', () => tinyModels.nade(1), true],
    ['RNADE', () => tinyModels.rnade(1), true],
    ['MADE, natural order', () => tinyModels.made(1), true],
    ['MADE, random order (mask set 0)', () => tinyModels.madeRandomOrder(2), true],
    ['PixelRNN (Row LSTM)', () => tinyModels.pixelrnn(1, 4), false],
    ['PixelCNN, categorical', () => new PixelCNN({ inputShape: [4, 4, 1], filters: 3, firstKernelSize: 3, numResidualLayers: 1, outputHiddenUnits: 3, likelihood: 'categorical', seed: 2 }), false],
  ])('%s: no dimension sees itself or a later one', (_, create, complete) => {
    const model = create();
    check(model, complete);
    model.dispose();
  });

  it('PixelCNN (masks A then B): no leak, and the known blind spot above-right is detected', () => {
    const model = new PixelCNN({ inputShape: [4, 4, 1], filters: 6, firstKernelSize: 3, numResidualLayers: 3, outputHiddenUnits: 6, seed: 3 });
    const { missing } = check(model, false);
    // pixel (1, 0) (index 4) never sees (0, 2) or (0, 3): stacked 3x3 masks cannot reach two columns right in the row above
    expect(missing).toContainEqual([4, 2]);
    expect(missing).toContainEqual([4, 3]);
    model.dispose();
  });

  it('Gated PixelCNN: no leak and no blind spot (every earlier pixel reaches every later one)', () => {
    const model = new GatedPixelCNN({ inputShape: [4, 4, 1], filters: 6, numLayers: 4, firstKernelSize: 3, kernelSize: 3, outputHiddenUnits: 6, seed: 3 });
    check(model, true);
    model.dispose();
  });

  it('class-conditional Gated PixelCNN: no leak or blind spot, and the label changes the output', () => {
    const model = new GatedPixelCNN({ inputShape: [3, 3, 1], filters: 6, numLayers: 3, firstKernelSize: 3, outputHiddenUnits: 6, numClasses: 2, seed: 4 });
    const [l0, l1] = [tf.tensor1d([0], 'int32'), tf.tensor1d([1], 'int32')];
    check(model, true, l0);
    const differs = tf.tidy(() => {
      const x = tf.ones([1, 9]) as tf.Tensor2D;
      return tf.max(tf.abs(tf.sub(model.conditionalParams(x, l0), model.conditionalParams(x, l1)))).dataSync()[0];
    });
    expect(differs).toBeGreaterThan(0);
    tf.dispose([l0, l1]);
    model.dispose();
  });
});
