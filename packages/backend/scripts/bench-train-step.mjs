#!/usr/bin/env node
// ms per training step of a small conv autoencoder (the backend-lab prototype's benchmark: batch
// 32, 28x28x1, conv 3x3 s2 32 -> conv 3x3 s2 64 -> Dense 32 -> Dense 7*7*64 -> convT 3x3 s2 32 ->
// convT 3x3 s2 1, sigmoid, MSE, Adam 1e-3) on the path initBackend picks.
// Usage (after `pnpm build`): GENMODELS_BACKEND=wasm GENMODELS_THREADS=2 node scripts/bench-train-step.mjs
// A development tool: it needs the @tensorflow/tfjs union (a devDependency) for tfjs-layers.
import * as tf from '@tensorflow/tfjs';
import { formatBackendReport, initBackend } from '../dist/index.js';

const report = await initBackend();
const steps = Number(process.env.STEPS ?? (report.name === 'cpu' ? 2 : 30));
const inp = tf.input({ shape: [28, 28, 1] });
let h = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(inp);
h = tf.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(h);
h = tf.layers.flatten().apply(h);
h = tf.layers.dense({ units: 32 }).apply(h);
h = tf.layers.dense({ units: 7 * 7 * 64, activation: 'relu' }).apply(h);
h = tf.layers.reshape({ targetShape: [7, 7, 64] }).apply(h);
h = tf.layers.conv2dTranspose({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(h);
const out = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid' }).apply(h);
const model = tf.model({ inputs: inp, outputs: out });
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
const x = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1);
for (let i = 0; i < Math.min(3, steps); i++) await model.trainOnBatch(x, x);
const times = [];
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  await model.trainOnBatch(x, x); // reads the loss back, so the step is complete
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const line = `${report.name} (${report.threads} thread${report.threads === 1 ? '' : 's'}): median ${times[times.length >> 1].toFixed(1)} ms/step, best ${times[0].toFixed(1)} ms/step over ${steps} steps`;
if (process.env.VERBOSE) console.log(formatBackendReport(report));
console.log(line);
