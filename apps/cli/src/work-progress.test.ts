import { describe, expect, it } from 'vitest';
import { WorkProgress } from './work-progress.js';

/** A stream that is not a terminal (as in CI logs and pipes) and keeps what is written. */
function pipe() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(...text.split('\n').filter((l) => l !== '')) };
  return { lines, stream: stream as unknown as NodeJS.WriteStream };
}

describe('WorkProgress off a terminal', () => {
  it('writes one line at the start, then at most one every interval with rate and time left, and a last one', () => {
    const { lines, stream } = pipe();
    let now = 0;
    const progress = new WorkProgress('nll on the test split', 1000, 'examples', { stream, intervalSeconds: 5, now: () => now });
    expect(lines).toEqual(['nll on the test split: 0/1000 examples']);
    now = 1000;
    progress.update(100); // 1 s in: too soon for a line
    expect(lines).toHaveLength(1);
    now = 5000;
    progress.update(400);
    expect(lines[1]).toBe('nll on the test split: 400/1000 examples (40%, 80.0 examples/s, about 8 s left)');
    now = 6000;
    progress.update(500);
    expect(lines).toHaveLength(2);
    now = 10_000;
    progress.update(1000);
    progress.stop();
    expect(lines[2]).toBe('nll on the test split: 1000/1000 examples (100%, 100.0 examples/s), done');
    expect(lines).toHaveLength(3);
  });

  it('writes no "done" line when the work stopped early', () => {
    const { lines, stream } = pipe();
    const progress = new WorkProgress('features', 10, 'images', { stream, now: () => 0 });
    progress.update(3);
    progress.stop(false);
    expect(lines).toEqual(['features: 0/10 images']);
  });
});
