/**
 * `--set key=value`: values are JSON where they parse as JSON (numbers, booleans, null, arrays,
 * objects) and strings otherwise; a dotted key (`optimizer.learningRate`) sets a key inside an
 * object. Numbers must be finite: JSON.parse turns 1e999 into Infinity, which a config cannot store.
 */
import { InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.js';

/** The first non-finite number in a parsed JSON value, as a path ('' for the value itself). */
function nonFinitePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinitePath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const found = nonFinitePath(inner, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Parses one `key=value`; commander calls it for every `--set`, accumulating into `previous`. */
export function collectSetting(text: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, e.g. --set latentDim=16; got ${JSON.stringify(text)}`);
  const key = text.slice(0, eq).trim();
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(key)) {
    throw new InvalidArgumentError(`"${key}" is not a config key (letters and digits, dots for nested keys: optimizer.learningRate)`);
  }
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: the string itself
  }
  const bad = nonFinitePath(value);
  if (bad !== undefined) {
    throw new InvalidArgumentError(`${key}${bad}=${raw}: the number is out of range (not finite); give a finite number`);
  }
  if (Object.hasOwn(previous, key)) throw new InvalidArgumentError(`${key} is set twice; give each key once`);
  return { ...previous, [key]: value };
}

/** `base` with the settings applied: dotted keys reach into (copies of) nested objects. */
export function withSettings(base: object, settings: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(settings)) {
    const parts = key.split('.');
    let target = result;
    for (let i = 0; i < parts.length - 1; i++) {
      const inner = target[parts[i]];
      if (inner !== undefined && inner !== null && (typeof inner !== 'object' || Array.isArray(inner))) {
        throw new CliError(`--set ${key}: ${parts.slice(0, i + 1).join('.')} is ${JSON.stringify(inner)}, not an object with keys`);
      }
      const copy = { ...((inner as Record<string, unknown> | null | undefined) ?? {}) };
      target[parts[i]] = copy;
      target = copy;
    }
    target[parts[parts.length - 1]] = value;
  }
  return result;
}
