/** The machine a figure was measured on, written next to every result. */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';

export interface MachineInfo {
  cpu: string;
  logicalCores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  tfjsCore: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    logicalCores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjsCore: tf.version_core,
  };
}
