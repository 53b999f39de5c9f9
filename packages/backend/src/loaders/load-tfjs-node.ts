import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { importOptional, type LoaderOptions } from './loader.js';

/**
 * Loads `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` (libtensorflow through N-API).
 * Both are optional peer dependencies the user installs; their install script downloads
 * libtensorflow, which fails on machines without general internet access.
 */
export async function loadTfjsNode(variant: 'tfjs-node' | 'tfjs-node-gpu', options: LoaderOptions): Promise<BackendChoice> {
  const specifier = `@tensorflow/${variant}`;
  await importOptional(specifier, ' (optional; its install downloads libtensorflow)');
  if (!(await tf.setBackend('tensorflow'))) {
    throw new Error(`${specifier} loaded but its 'tensorflow' backend failed to initialise`);
  }
  const threads = Math.max(options.threads, availableParallelism());
  return {
    name: variant,
    tfBackend: tf.getBackend(),
    threads,
    details: [`libtensorflow through ${specifier} (TensorFlow's own thread pools)`],
  };
}
