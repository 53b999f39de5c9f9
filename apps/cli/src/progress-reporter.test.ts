import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressReporter, formatDuration, startProgress } from './progress-reporter.js';

/** A stream that records what is written; `tty` makes it look like a terminal to cli-progress. */
function recorder(tty: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, {
    isTTY: tty,
    columns: 120,
    cursorTo: (x: number) => chunks.push(`<cursor ${x}>`),
    clearLine: () => chunks.push('<clear>'),
    moveCursor: () => true,
    text: () => chunks.join(''),
  });
  return stream;
}

describe('startProgress, not on a terminal', () => {
  it('writes a line at the start, at most one every everyMs with rate and eta, and one at the end', () => {
    const stream = recorder(false);
    let now = 0;
    const progress = startProgress('sampling (ddim)', 100, { unit: 'steps', stream, everyMs: 5000, now: () => now });
    for (let i = 0; i < 40; i++) {
      now += 100; // 10 steps/s
      progress.tick();
    }
    expect(stream.text()).toBe('sampling (ddim): 100 steps\n'); // 4 s: no line yet
    now += 1000;
    progress.tick(10, 'x0 clipped');
    // 50 steps in 5 s: 10 steps/s, 50 left -> 5 s
    expect(stream.text().split('\n')[1]).toBe('sampling (ddim): 50/100 steps (50%), x0 clipped, 10.0 steps/s, eta 5s');
    now += 100;
    progress.tick();
    expect(stream.text().split('\n')).toHaveLength(3); // throttled
    now += 4900;
    progress.update(100);
    progress.done();
    progress.done();
    expect(stream.text().split('\n').slice(2)).toEqual(['sampling (ddim): 100/100 steps in 10s, x0 clipped', '']);
  });

  it('counts the rate from the starting value of a resumed count', () => {
    const stream = recorder(false);
    let now = 0;
    const progress = startProgress('training', 1000, { stream, start: 900, everyMs: 1000, now: () => now });
    now = 2000;
    progress.update(920);
    expect(stream.text()).toBe('training: from 900 to 1000 steps\ntraining: 920/1000 steps (92%), 10.0 steps/s, eta 8s\n');
  });
});

describe('startProgress on a terminal', () => {
  it('draws a cli-progress bar with the count and status, and stops it on done', () => {
    const stream = recorder(true);
    const progress = startProgress('FID features', 10, { unit: 'batches', stream });
    progress.tick(3, 'batch 500');
    progress.update(10);
    progress.done();
    const text = stream.text();
    expect(text).toContain(' FID features ');
    expect(text).toContain('10/10 batches | batch 500');
    expect(text).not.toContain('\u001b[?25l'); // the cursor is never hidden
  });
});

describe('ProgressReporter', () => {
  it('shows the steps, the epoch and every loss of the last log step', () => {
    const stream = recorder(false);
    let now = 0;
    const reporter = new ProgressReporter(20, { stream, everyMs: 1000, now: () => now });
    const context = (step: number) => ({ state: { step, epoch: 0, batchIndex: step, seed: 1 }, model: {}, trainer: {} }) as never;
    reporter.onTrainBegin(context(0));
    now = 1500;
    reporter.onBatchEnd({ step: 10, epoch: 0, metrics: { loss: 1.5, 'g/loss': 0.25, 'd/real': 0.5 }, samplesPerSecond: 640 }, context(10));
    now = 1600;
    reporter.onTrainEnd(context(20));
    expect(stream.text().split('\n')).toEqual([
      'training: 20 steps',
      'training: 10/20 steps (50%), epoch 0, loss 1.5000, g/loss 0.2500, 640 samples/s, 6.67 steps/s, eta 2s',
      'training: 20/20 steps in 2s, epoch 0, loss 1.5000, g/loss 0.2500, 640 samples/s',
      '',
    ]);
  });
});

describe('formatDuration', () => {
  it.each([
    [9.4, '9s'],
    [75, '1m 15s'],
    [3725, '1h 02m'],
    [Number.POSITIVE_INFINITY, '?'],
  ])('%s s -> %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
