/** The machine a figure was measured on, written next to every result. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';

export interface MachineInfo {
  /** lscpu's "Model name" (what the figures were measured on), else Node's CPU model string. */
  cpu: string;
  logicalCores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  tfjsCore: string;
}

/** The "Model name:" line of `lscpu` output, or null. */
export function modelNameFromLscpu(text: string): string | null {
  return /^Model name:\s*(.+?)\s*$/m.exec(text)?.[1] ?? null;
}

function cpuModel(): string {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return (lscpu.status === 0 ? modelNameFromLscpu(lscpu.stdout) : null) ?? os.cpus()[0]?.model ?? 'unknown';
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    logicalCores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjsCore: tf.version_core,
  };
}
