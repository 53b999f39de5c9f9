/**
 * Checks the sampling options a command passes to a model (from flags such as --temperature or
 * --scheduler, and from --set) against the model entry's schema, so an option the model would
 * silently ignore is refused in one line naming the option and what the model takes.
 */
import type { z } from 'zod';
import { CliError } from './cli-error.js';
import type { ModelEntry } from './model-entry.js';

/** The command-line flag each sampling option comes from, e.g. { temperature: '--temperature' }. */
export type OptionFlags = Readonly<Record<string, string>>;

function describeAllowed(entry: ModelEntry, schema: z.ZodObject, flags: OptionFlags): string {
  const keys = Object.keys(schema.shape);
  if (keys.length === 0) return `${entry.modelType} takes no sampling options besides --seed${entry.conditional ? ' and --labels' : ''}`;
  return `${entry.modelType} takes ${keys.map((key) => flags[key] ?? `--set ${key}=...`).join(', ')}`;
}

function optionName(key: PropertyKey, flags: OptionFlags): string {
  return flags[String(key)] ?? `--set ${String(key)}`;
}

/**
 * The options as the model gets them; throws a CliError for an option that does not apply or a
 * bad value. `use` picks the schema: sample()'s options or inpaint()'s.
 */
export function checkSampleOptions(
  entry: ModelEntry,
  options: Record<string, unknown>,
  flags: OptionFlags,
  use: 'sample' | 'inpaint' = 'sample',
): Record<string, unknown> {
  const schema = use === 'inpaint' ? entry.inpaintOptions : entry.sampleOptions;
  const result = schema.safeParse(options);
  if (result.success) return result.data as Record<string, unknown>;
  const issue: z.core.$ZodIssue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => optionName(key, flags));
    throw new CliError(`${names.join(', ')} ${names.length === 1 ? 'does' : 'do'} not apply to ${entry.modelType}: ${describeAllowed(entry, schema, flags)}`);
  }
  const key = issue.path[0];
  const given = key === undefined ? options : options[String(key)];
  const what = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  throw new CliError(`${key === undefined ? 'sampling options' : optionName(key, flags)}: ${what}; got ${JSON.stringify(given)}`);
}
