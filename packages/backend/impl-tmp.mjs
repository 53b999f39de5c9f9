import { initBackend } from '/work/main/packages/backend/dist/index.js';
import { loadNativeAddon } from '/work/main/packages/backend/dist/native/load-native-addon.js';
import * as tf from '@tensorflow/tfjs-core';
await initBackend({ backend: 'wasm-native', threads: 2 });
const ad = loadNativeAddon();
function time(f) { for (let i = 0; i < 5; i++) f().dispose(); const t = []; for (let i = 0; i < 30; i++) { const s = performance.now(); f().dispose(); t.push(performance.now() - s); } t.sort((a, b) => a - b); return t[15]; }
for (const [xs, k, co, s] of [[[64, 28, 28, 1], 4, 64, 2], [[64, 28, 28, 1], 3, 64, 1], [[64, 28, 28, 1], 7, 64, 1], [[64, 28, 28, 2], 3, 64, 1], [[64, 28, 28, 4], 3, 64, 1]]) {
  const x = tf.randomNormal(xs), w = tf.randomNormal([k, k, xs[3], co]);
  const info = tf.backend_util.computeConv2DInfo(xs, [k, k, xs[3], co], s, 1, 'same');
  const dy = tf.randomNormal(info.outShape);
  const row = [];
  for (const on of [true, false]) {
    ad.setOnednn(on);
    row.push(time(() => tf.conv2d(x, w, s, 'same')).toFixed(2), time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: s, pad: 'same', dataFormat: 'NHWC', filterShape: [k, k, xs[3], co] })).toFixed(2));
  }
  console.log(JSON.stringify(xs), k, s, 'onednn fwd/dW', row[0], row[1], 'im2col fwd/dW', row[2], row[3]);
}
