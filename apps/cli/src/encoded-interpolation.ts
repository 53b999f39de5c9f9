/**
 * `genmodels interpolate --from i --to j` for models with an encoder (VAEs, autoencoders):
 * encodes test images i and j, decodes the path between the codes, and writes one strip
 * [image i, path..., image j]. Conditional models encode each endpoint with its own label and
 * decode the path with --label (default: the label of image i).
 */
import type { GenerativeModel } from '@genmodels/core-nn';
import { isConditionalModel, isLatentModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { CliError } from './cli-error.js';
import { writeImageGrid, writeScatterPlot } from './image-grid.js';
import { type LatentPath, interpolateLatents } from './latent-path.js';
import type { LoadedRun } from './load-run.js';
import { disposeTrainingData, loadTrainingData } from './training-data.js';

type Encoding = GenerativeModel & {
  latentShape: readonly number[];
  encode(x: tf.Tensor, labels?: { labels?: number[] }): tf.Tensor;
  decode(z: tf.Tensor, labels?: { labels?: number[] }): tf.Tensor;
};

export interface EncodedInterpolationOptions {
  from: number;
  to: number;
  steps: number;
  path: LatentPath;
  out: string;
  label?: number;
}

export async function writeEncodedInterpolation(run: LoadedRun, options: EncodedInterpolationOptions, log: (line: string) => void): Promise<void> {
  const model = run.model as Encoding;
  if (!isLatentModel(model) || typeof model.encode !== 'function') {
    throw new CliError(`${run.record.modelType} has no encoder; --from/--to need one (VAEs, autoencoders). Use --endpoints prior`);
  }
  const data = loadTrainingData(run.record.dataset, {
    ...run.entry.dataRequest(run.record.imageShape ? 'image' : 'points'),
    dir: run.record.dataDir,
    seed: run.record.seed,
  });
  try {
    const count = data.test.shape[0];
    for (const [flag, index] of [['--from', options.from], ['--to', options.to]] as const) {
      if (!Number.isInteger(index) || index < 0 || index >= count) throw new CliError(`${flag} must be a test-image index in 0..${count - 1}, got ${index}`);
    }
    const conditional = isConditionalModel(model);
    const testLabels = Array.from(await data.testLabels.data());
    const endpointLabels = [testLabels[options.from], testLabels[options.to]];
    const pathLabel = options.label ?? endpointLabels[0];
    if (conditional && pathLabel >= model.numClasses) throw new CliError(`--label must be a class index below ${model.numClasses}`);
    const latentShape = [...model.latentShape];
    const latentSize = latentShape.reduce((a, b) => a * b, 1);
    const endpoints = tf.tidy(() => tf.gather(data.test, [options.from, options.to]));
    const codes = tf.tidy(() => tf.reshape(model.encode(endpoints, conditional ? { labels: endpointLabels } : undefined), [2, latentSize]));
    const values = await codes.data();
    codes.dispose();
    const path: number[] = [];
    for (const z of interpolateLatents(values.subarray(0, latentSize), values.subarray(latentSize), options.steps, options.path)) path.push(...z);
    const decoded = tf.tidy(() =>
      model.decode(tf.tensor(path, [options.steps, ...latentShape]), conditional ? { labels: new Array<number>(options.steps).fill(pathLabel) } : undefined),
    );
    try {
      if (run.record.imageShape) {
        const strip = tf.tidy(() => {
          const shape = [1, ...run.record.imageShape!];
          const ends = tf.reshape(endpoints, [2, ...run.record.imageShape!]);
          return tf.concat([tf.reshape(tf.slice(ends, 0, 1), shape), tf.reshape(decoded, [options.steps, ...run.record.imageShape!]), tf.reshape(tf.slice(ends, 1, 1), shape)]);
        });
        try {
          await writeImageGrid(strip, options.out, { columns: options.steps + 2, range: run.record.sampleRange, scale: 3 });
        } finally {
          strip.dispose();
        }
      } else {
        await writeScatterPlot(tf.reshape(decoded, [options.steps, -1]), options.out);
      }
    } finally {
      tf.dispose([decoded, endpoints]);
    }
    log(
      `wrote a ${options.path} interpolation from test image ${options.from} to ${options.to} (${options.steps} steps, originals at both ends) ` +
        `from ${run.record.modelType} at step ${run.step} to ${options.out}`,
    );
  } finally {
    disposeTrainingData(data);
  }
}
