// Sums vitest's per-package "Tests  N failed | M passed (T)" lines from a turbo log and prints
// the one line CI reads: "N passed, N failed". A run that failed before any test counted
// (install, build) counts as one failure, so it can never look green.
import { readFileSync } from 'node:fs';

const [logPath, exitCode] = process.argv.slice(2);
const text = readFileSync(logPath, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  const match = line.match(/\bTests\s+(.*)\(\d+\)\s*$/);
  if (!match) continue;
  for (const [, count, kind] of match[1].matchAll(/(\d+)\s+(passed|failed|skipped|todo)/g)) {
    if (kind === 'passed') passed += Number(count);
    else if (kind === 'failed') failed += Number(count);
    else skipped += Number(count);
  }
}
if (Number(exitCode) !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
