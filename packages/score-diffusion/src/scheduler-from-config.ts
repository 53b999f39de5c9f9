/**
 * A scheduler for a model's noise process and prediction target, built from a name (what the CLI
 * and the model's own `sample` use): the config's sampling defaults (scheduler, numInferenceSteps,
 * eta, stepsPerLevel, stepSize, clipSample), each overridden by `settings`.
 */
import { createScheduler, isSchedulerName } from './create-scheduler.js';
import { type DiffusionConfig, DiffusionConfigError, processOf } from './diffusion-config.js';
import type { Scheduler, SchedulerName } from './scheduler.js';

export interface SchedulerSettings {
  readonly scheduler?: SchedulerName;
  /** DDPM/DDIM: steps; Langevin and predictor-corrector: noise levels (capped at the training levels). */
  readonly numInferenceSteps?: number;
  readonly eta?: number;
  readonly stepsPerLevel?: number;
  readonly stepSize?: number;
  readonly clipSample?: number | null;
  readonly correctorSteps?: number;
  readonly snr?: number;
}

/** Steps of a scheduler the config does not name: DDIM 50, DDPM every level, Langevin and PC 10 levels. */
function defaultSteps(config: DiffusionConfig, name: SchedulerName, numLevels: number): number {
  if (name === config.scheduler) return config.numInferenceSteps;
  if (name === 'ddim') return 50;
  return name === 'ddpm' ? numLevels : 10;
}

export function createSchedulerFromConfig(config: DiffusionConfig, settings: SchedulerSettings = {}): Scheduler {
  const name = settings.scheduler ?? config.scheduler;
  if (!isSchedulerName(name)) {
    throw new DiffusionConfigError(`${config.modelType}: unknown scheduler ${JSON.stringify(name)}; use ddpm, ddim, langevin or pc`);
  }
  const scheduler = createScheduler(name, {
    process: processOf(config),
    predictionType: config.predictionType,
    clipSample: settings.clipSample !== undefined ? settings.clipSample : config.clipSample,
    eta: settings.eta ?? config.eta,
    stepsPerLevel: settings.stepsPerLevel ?? config.stepsPerLevel,
    stepSize: settings.stepSize ?? config.stepSize,
    correctorSteps: settings.correctorSteps,
    snr: settings.snr,
  });
  const numLevels = scheduler.process.numLevels;
  scheduler.setTimesteps(Math.min(settings.numInferenceSteps ?? defaultSteps(config, name, numLevels), numLevels));
  return scheduler;
}
