/** Draws samples from a model and writes them as an image grid or, for 2-D data, a scatter plot. */
import type { GenerativeModel, SampleOptions } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { writeImageGrid, writeScatterPlot } from './image-grid.js';

export interface SampleLayout {
  /** [height, width, channels] of one image, or null for 2-D points. */
  imageShape: readonly [number, number, number] | null;
  /** Value range of image samples. */
  range: 'unit' | 'symmetric';
}

export async function writeSamples(
  model: GenerativeModel,
  layout: SampleLayout,
  path: string,
  numSamples: number,
  seed: number,
  options: Omit<SampleOptions, 'seed'> & Record<string, unknown> = {},
): Promise<void> {
  const samples = model.sample(numSamples, { ...options, seed });
  try {
    await writeTensorSamples(samples, layout, path);
  } finally {
    samples.dispose();
  }
}

export async function writeTensorSamples(samples: tf.Tensor, layout: SampleLayout, path: string): Promise<void> {
  if (layout.imageShape) {
    const images = tf.reshape(samples, [samples.shape[0], ...layout.imageShape]);
    try {
      await writeImageGrid(images, path, { range: layout.range });
    } finally {
      images.dispose();
    }
  } else {
    await writeScatterPlot(samples, path);
  }
}
