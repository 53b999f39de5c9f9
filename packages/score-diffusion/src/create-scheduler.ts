/** Builds any scheduler by name for a process: how models swap samplers without touching weights. */
import { AnnealedLangevinScheduler } from './annealed-langevin-scheduler.js';
import { DDIMScheduler } from './ddim-scheduler.js';
import { DDPMScheduler } from './ddpm-scheduler.js';
import type { NoiseProcessConfig } from './noise-process.js';
import type { PredictionType } from './prediction-type.js';
import { PredictorCorrectorScheduler } from './predictor-corrector-scheduler.js';
import { SCHEDULER_NAMES, type Scheduler, type SchedulerName } from './scheduler.js';

/** Settings for createScheduler; each scheduler reads the ones that apply to it. */
export interface CreateSchedulerOptions {
  readonly process: NoiseProcessConfig;
  readonly predictionType?: PredictionType;
  readonly clipSample?: number | null;
  readonly timestepSpacing?: 'leading' | 'trailing' | 'linspace';
  /** DDIM. */
  readonly eta?: number;
  /** DDPM and predictor-corrector. */
  readonly varianceType?: 'fixedSmall' | 'fixedLarge';
  /** Annealed Langevin. */
  readonly stepsPerLevel?: number;
  readonly stepSize?: number;
  readonly denoiseFinal?: boolean;
  /** Predictor-corrector. */
  readonly correctorSteps?: number;
  readonly snr?: number;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function isSchedulerName(value: unknown): value is SchedulerName {
  return SCHEDULER_NAMES.includes(value as SchedulerName);
}

/**
 * A scheduler by name: 'ddpm' (ancestral), 'ddim', 'langevin' (annealed Langevin dynamics) or 'pc'
 * (predictor-corrector). Call setTimesteps(n) on the result to choose the number of steps or levels.
 */
export function createScheduler(name: SchedulerName, options: CreateSchedulerOptions): Scheduler {
  const o = defined(options);
  const base = { process: o.process, predictionType: o.predictionType, clipSample: o.clipSample, timestepSpacing: o.timestepSpacing };
  switch (name) {
    case 'ddpm':
      return new DDPMScheduler(defined({ ...base, varianceType: o.varianceType }));
    case 'ddim':
      return new DDIMScheduler(defined({ ...base, eta: o.eta }));
    case 'langevin':
      return new AnnealedLangevinScheduler(
        defined({ ...base, stepsPerLevel: o.stepsPerLevel, stepSize: o.stepSize, denoiseFinal: o.denoiseFinal }),
      );
    case 'pc':
      return new PredictorCorrectorScheduler(
        defined({ ...base, correctorSteps: o.correctorSteps, snr: o.snr, varianceType: o.varianceType }),
      );
    default:
      throw new Error(`unknown scheduler ${JSON.stringify(name)}; use one of ${SCHEDULER_NAMES.join(', ')}`);
  }
}
