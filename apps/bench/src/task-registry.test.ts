import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCES } from './references.js';
import { TASK_NAMES, getTask } from './task-registry.js';

const specPath = new URL('../../../docs/bench-spec.md', import.meta.url);

describe('task registry', () => {
  it('implements every task of the bench spec', () => {
    const spec = readFileSync(specPath, 'utf8');
    const specTasks = [...spec.matchAll(/^\| ([a-z][a-z0-9-]+) \|/gm)].map((m) => m[1]).filter((name) => name !== 'task');
    expect(specTasks.length).toBeGreaterThanOrEqual(6);
    for (const name of specTasks) expect(TASK_NAMES, `bench-spec task ${name}`).toContain(name);
  });

  it('has unique task names and references only for known tasks', () => {
    expect(new Set(TASK_NAMES).size).toBe(TASK_NAMES.length);
    for (const ref of REFERENCES) expect(getTask(ref.task), `reference for ${ref.task}`).toBeDefined();
    expect(getTask('no-such-task')).toBeUndefined();
  });
});
