/** The bench-spec tasks this runner implements; other families add theirs as they land. */
import type { BenchTask } from './tasks/bench-task.js';
import { dcganTask } from './tasks/dcgan.js';
import { ddpmDdim50Task, ddpmTask } from './tasks/ddpm.js';
import { ncsnTask } from './tasks/ncsn.js';
import { madeTask } from './tasks/made.js';
import { nadeTask } from './tasks/nade.js';
import { pixelcnnTask } from './tasks/pixelcnn.js';
import { pixelrnnTask } from './tasks/pixelrnn.js';
import { realnvpTask } from './tasks/realnvp.js';
import { vaeMlpTask } from './tasks/vae-mlp.js';

const TASKS: readonly BenchTask[] = [vaeMlpTask, realnvpTask, dcganTask, pixelcnnTask, nadeTask, madeTask, pixelrnnTask, ddpmTask, ddpmDdim50Task, ncsnTask];

export const TASK_NAMES: readonly string[] = TASKS.map((task) => task.name);

/**
 * The tasks of docs/bench-spec.md (ddpm twice: its 1000-step and its DDIM-50 sampler), the list
 * `--task all` runs and the PyTorch side implements; the others are extra comparisons.
 */
export const SPEC_TASK_NAMES: readonly string[] = ['vae-mlp', 'dcgan', 'pixelcnn', 'realnvp', 'ddpm', 'ddpm-ddim50', 'ncsn'];

export function getTask(name: string): BenchTask | undefined {
  return TASKS.find((task) => task.name === name);
}
