import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerCpuFixes } from '../kernels/cpu/register-cpu-fixes.js';

/** TF.js's reference cpu backend: plain JavaScript, one thread. Always available. */
export async function loadCpu(): Promise<BackendChoice> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
  const fixed = registerCpuFixes();
  return { name: 'cpu', tfBackend: tf.getBackend(), threads: 1, details: ['TF.js reference kernels in JavaScript', `corrected here: ${fixed.join(', ')}`] };
}
