/** Argument parsers and shared options for the genmodels commands. */
import { InvalidArgumentError, Option } from 'commander';

/** Where commands write progress and warnings (stderr, so stdout stays machine-readable). */
export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number >= 0');
  return n;
}

export function unitList(value: string): number[] {
  const units = value.split(',').map((part) => Number(part.trim()));
  if (units.length === 0 || !units.every((u) => Number.isInteger(u) && u > 0)) {
    throw new InvalidArgumentError('expected comma-separated positive integers, e.g. 512,256');
  }
  return units;
}

export const backendOption = (): Option => new Option('--backend <name>', 'force a TF.js backend (same as GENMODELS_BACKEND)');
