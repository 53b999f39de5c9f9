/**
 * Trains a small RealNVP on two-moons inside the page's worker with core-nn's Trainer, and every
 * few steps sends its exact density exp(log p(x)) on a grid plus the loss: the studio's
 * "training in the browser" case. A 'stop' message stops the Trainer after its current step.
 */
import { initBackend, isBrowserBackendName } from '@genmodels/backend';
import { makeToyDataset, tensorDataSource } from '@genmodels/core-data';
import { Trainer, type TrainerCallback } from '@genmodels/core-nn';
import { RealNVP } from '@genmodels/flow';
import * as tf from '@tensorflow/tfjs-core';
import { EXTENT, GRID, type MoonsRequest, type MoonsResponse } from './two-moons-protocol.js';
import { WASM_PATHS } from './wasm-paths.js';

let trainer: Trainer | null = null;
const post = (message: MoonsResponse, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(message, transfer);

function gridPoints(): tf.Tensor2D {
  const [x0, x1, y0, y1] = EXTENT;
  const values = new Float32Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      values[2 * (r * GRID + c)] = x0 + ((c + 0.5) / GRID) * (x1 - x0);
      values[2 * (r * GRID + c) + 1] = y1 - ((r + 0.5) / GRID) * (y1 - y0);
    }
  }
  return tf.tensor2d(values, [GRID * GRID, 2]);
}

async function train(steps: number, backendName: string | undefined): Promise<void> {
  const backend = await initBackend({ wasmPaths: WASM_PATHS, ...(isBrowserBackendName(backendName) ? { force: backendName } : {}) });
  post({ type: 'started', backend: backend.name });
  const data = makeToyDataset('two-moons', 1024, { seed: 1 });
  const points = tf.tensor2d(data.points, [data.count, 2]);
  const grid = gridPoints();
  const model = new RealNVP({ inputShape: [2], numCouplings: 6, hiddenUnits: [64, 64], optimizer: { learningRate: 3e-3 }, seed: 1 } as never);
  const redraw: TrainerCallback = {
    async onBatchEnd(logs) {
      if (!logs) return;
      const density = tf.tidy(() => tf.exp(model.logProb(grid)));
      const values = (await density.data()) as Float32Array;
      density.dispose();
      post({ type: 'progress', step: logs.step, loss: logs.metrics.loss ?? Number.NaN, density: values }, [values.buffer]);
    },
  };
  trainer = new Trainer({ epochs: 1_000_000, maxSteps: steps, logEvery: 10, seed: 7, batchSize: 256, callbacks: [redraw] });
  try {
    const result = await trainer.fit(model, tensorDataSource(points, { batchSize: 256, seed: 3 }));
    post({ type: 'done', step: result.state.step, reason: result.reason });
  } finally {
    trainer = null;
    tf.dispose([points, grid]);
    model.dispose();
  }
}

self.onmessage = (event: MessageEvent<MoonsRequest>) => {
  const request = event.data;
  if (request.type === 'stop') {
    trainer?.stop();
    return;
  }
  if (trainer !== null) return;
  train(request.steps, request.backend).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
};
