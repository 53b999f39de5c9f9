/**
 * Parsing user options into a complete model config with a family's zod schema, and the
 * one-line error when they do not fit: the key, what it must be and what was given, or for an
 * unknown key the keys that are allowed (the CLI's `--set` goes through the same schemas).
 */
import type { z } from 'zod';
import { ConfigError, type ConfigErrorClass } from './config-error.js';

export interface ParseConfigOptions {
  /** Names the config in messages, e.g. 'VAE config'. */
  name: string;
  /** The error class to throw (default ConfigError). */
  error?: ConfigErrorClass;
}

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;
type PathKey = PropertyKey;

/** A schema's definition, for walking wrappers (defaults, nullables, pipes) down to objects. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  getter?: () => z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The member of a discriminated union that `value` selects (by its discriminator key). */
function unionMember(def: Def, value: unknown): z.ZodType | undefined {
  const key = def.discriminator;
  if (!key || typeof value !== 'object' || value === null) return undefined;
  const wanted = (value as Record<string, unknown>)[key];
  return def.options?.find((option) => {
    const literal = unwrap(option, 'object')?.shape?.[key];
    // literals and enums list the values they accept in _zod.values
    const values = literal && (literal as unknown as { _zod: { values?: Set<unknown> } })._zod.values;
    return values?.has(wanted) ?? false;
  });
}

/** The object or array schema under wrappers, defaults, pipes and unions (chosen by `value`), or undefined. */
function unwrap(schema: z.ZodType | undefined, kind: 'object' | 'array', value?: unknown): Def | undefined {
  for (let depth = 0; schema && depth < 32; depth++) {
    const def = defOf(schema);
    if (def.type === kind) return def;
    if (WRAPPERS.has(def.type)) schema = def.innerType;
    else if (def.type === 'lazy') schema = def.getter?.();
    else if (def.type === 'union') schema = unionMember(def, value);
    else if (def.type === 'pipe') {
      const out = unwrap(def.out, kind, value);
      return out ?? unwrap(def.in, kind, value);
    } else return undefined;
  }
  return undefined;
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The keys an object schema (under any wrappers) allows at `path`, in declaration order. For a
 * discriminated union, `input` (the options as given) picks the member.
 */
export function configKeys(schema: z.ZodType, path: readonly PathKey[] = [], input?: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  path.forEach((key, i) => {
    const value = valueAt(input, path.slice(0, i));
    current = typeof key === 'number' ? unwrap(current, 'array', value)?.element : unwrap(current, 'object', value)?.shape?.[String(key)];
  });
  return Object.keys(unwrap(current, 'object', valueAt(input, path))?.shape ?? {});
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** What a value was, for messages: JSON, with non-finite numbers spelled out, cut at 80 characters. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Phrases for issues whose schema gave no message of its own ("latentDim must be <phrase>"). */
function phrase(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const names: Record<string, string> = {
        number: 'a number',
        int: 'an integer',
        string: 'a string',
        boolean: 'true or false',
        array: 'a list',
        object: 'an object',
        null: 'null',
      };
      return names[issue.expected] ?? `a ${issue.expected}`;
    }
    case 'too_small':
      return issue.origin === 'array' ? `a list of at least ${String(issue.minimum)} entries` : `${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `a list of at most ${String(issue.maximum)} entries` : `${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? quote(issue.values[0]) : `one of ${issue.values.map(quote).join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return 'one of the allowed values';
  }
}

function pathText(path: readonly PathKey[]): string {
  return path.map(String).join('.');
}

/** Levenshtein distance, for "did you mean" on a misspelled key. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

function unknownKeys(schema: z.ZodType, input: unknown, issue: Extract<Issue, { code: 'unrecognized_keys' }>): string {
  const allowed = configKeys(schema, issue.path, input);
  const where = issue.path.length ? ` in ${pathText(issue.path)}` : '';
  const names = issue.keys.map((k) => `"${k}"`).join(', ');
  let suggestion = '';
  if (issue.keys.length === 1) {
    const key = issue.keys[0];
    const best = allowed.map((k) => ({ k, d: distance(key, k) })).sort((a, b) => a.d - b.d)[0];
    if (best && best.d <= Math.max(2, Math.floor(key.length / 3))) suggestion = ` (did you mean "${best.k}"?)`;
  }
  return `unknown key${issue.keys.length > 1 ? 's' : ''} ${names}${where}${suggestion}; allowed keys: ${allowed.join(', ')}`;
}

function describeIssue(schema: z.ZodType, input: unknown, issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return unknownKeys(schema, input, issue);
  // A refinement's message is a whole sentence, unless it is marked as a phrase (see parseConfig).
  if (issue.code === 'custom' && !(issue.params as { phrase?: boolean } | undefined)?.phrase) return issue.message;
  // A bad entry of a list is reported for the whole list (its message describes the list).
  const index = issue.path.findIndex((key) => typeof key === 'number');
  const path = index >= 0 ? issue.path.slice(0, index) : issue.path;
  const value = index >= 0 ? valueAt(input, path) : (issue.input ?? valueAt(input, path));
  return `${path.length ? pathText(path) : 'the options'} must be ${issue.message}, got ${describe(value)}`;
}

/**
 * Parses `input` with `schema` into a complete config (defaults filled in), or throws one line
 * naming every problem: `VAE config: latentDim must be a positive integer, got "x"` or
 * `VAE config: unknown key "latentDm" (did you mean "latentDim"?); allowed keys: ...`.
 * Messages of the schema's checks say what a key must be ("a positive integer"); those of its
 * refinements (refine, superRefine) are whole sentences, except where the refinement passes
 * `params: { phrase: true }` (then its message is used like a check's).
 */
export function parseConfig<T>(schema: z.ZodType<T, unknown>, input: unknown, options: ParseConfigOptions): T {
  const result = schema.safeParse(input ?? {}, { reportInput: true, error: phrase });
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const messages = [...new Set(issues.map((issue) => describeIssue(schema, input, issue)))];
  const ErrorClass = options.error ?? ConfigError;
  throw new ErrorClass(`${options.name}: ${messages.join('; ')}`);
}
