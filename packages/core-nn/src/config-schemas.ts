/**
 * Schema pieces every family's config is made of (zod), each with the phrase its errors use
 * ("latentDim must be a positive integer (e.g. 32), got 0"): numbers and lists, the input
 * shape, the seed, gradient clipping, class counts, the Adam optimizer, and per-model-type
 * defaults. A family's config is one strict object built from these in its *-config.ts; the
 * resolved config type is its z.output and the options type its z.input.
 */
import { z } from 'zod';

function quote(value: string): string {
  return `'${value}'`;
}

/** A positive integer; `example` is quoted in the message, e.g. positiveInteger('32'). */
export function positiveInteger(example?: string) {
  const error = example ? `a positive integer (e.g. ${example})` : 'a positive integer';
  return z.int({ error }).positive({ error });
}

/** An integer >= 0. */
export function nonNegativeInteger(error = 'an integer >= 0') {
  return z.int({ error }).min(0, { error });
}

/** A finite number > 0. */
export function positiveNumber(error = 'a positive number') {
  return z.number({ error }).positive({ error });
}

/** A finite number >= 0. */
export function nonNegativeNumber(error = 'a finite number >= 0') {
  return z.number({ error }).min(0, { error });
}

/** A number in [0, 1) (momenta, decays, Adam's betas). */
export function fraction(error = 'a number in [0, 1)') {
  return z.number({ error }).min(0, { error }).lt(1, { error });
}

/** true or false. */
export function flag() {
  return z.boolean({ error: 'true or false' });
}

/** One of the given strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: values.length === 1 ? quote(values[0]) : `one of ${values.map(quote).join(', ')}` });
}

/** A list of positive integers (layer widths, channels); non-empty unless `allowEmpty`. */
export function widths(options: { allowEmpty?: boolean; what?: string } = {}) {
  const error = `a ${options.allowEmpty ? '' : 'non-empty '}list of positive integers${options.what ? ` (${options.what})` : ''}`;
  const list = z.array(z.int({ error }).positive({ error }), { error });
  return (options.allowEmpty ? list : list.min(1, { error })).readonly();
}

/** Shape of one example: a non-empty list of positive integers. */
export function inputShape(error = 'a non-empty list of positive integers such as [784] or [28, 28, 1]') {
  return z
    .array(z.int({ error }).positive({ error }), { error })
    .min(1, { error })
    .readonly();
}

/** The seed of the weight initialization: an integer, default 1. */
export const seedSchema = z.int({ error: 'an integer' }).default(1);

/** Global-norm gradient clipping threshold (Pascanu et al. 2013), or null for none (the default). */
export const clipNormSchema = positiveNumber('a positive number or null').nullable().default(null);

/** Classes of a class-conditional model, 0 (the default) for an unconditional one. */
export const numClassesSchema = nonNegativeInteger('an integer >= 0 (0: unconditional)').default(0);

export interface AdamDefaults {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** The fields of an Adam optimizer (Kingma & Ba 2015), with the given defaults (betas 0.9, 0.999). */
export function adamFields(defaults: AdamDefaults) {
  return {
    learningRate: positiveNumber().default(defaults.learningRate),
    beta1: fraction().default(defaults.beta1 ?? 0.9),
    beta2: fraction().default(defaults.beta2 ?? 0.999),
    epsilon: positiveNumber().default(defaults.epsilon ?? 1e-7),
  };
}

/**
 * An Adam optimizer config `{ name: 'adam', learningRate, beta1, beta2, epsilon }`; every key has
 * a default, so `{ learningRate: 1e-4 }` or nothing at all (use it with `.prefault({})`) parse.
 */
export function adamSchema(defaults: AdamDefaults) {
  return z.strictObject({ name: z.literal('adam', { error: "'adam'" }).default('adam'), ...adamFields(defaults) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * `input` over `defaults`: keys of input win, except that nested objects (optimizer settings)
 * merge key by key and undefined values count as absent.
 */
export function mergeDefaults(defaults: Readonly<Record<string, unknown>>, input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const base = out[key];
    out[key] = isPlainObject(value) && isPlainObject(base) ? mergeDefaults(base, value) : value;
  }
  return out;
}

/**
 * A config schema whose defaults depend on the options (their modelType, or whether the input is
 * an image): `defaultsFor(options)` gives the keys that differ from the schema's own defaults,
 * and the options are merged over them (mergeDefaults) before `schema` parses them. The result
 * keeps `schema`'s input and output types.
 */
export function withTypeDefaults<S extends z.ZodType>(
  schema: S,
  defaultsFor: (options: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>,
): z.ZodType<z.output<S>, z.input<S>> {
  const merged = z.preprocess((input) => (isPlainObject(input) ? mergeDefaults(defaultsFor(input), input) : input), schema);
  return merged as unknown as z.ZodType<z.output<S>, z.input<S>>;
}
