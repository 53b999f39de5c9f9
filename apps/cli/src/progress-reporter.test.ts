import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressReporter, formatDuration, startProgress } from './progress-reporter.js';
import { createStepProgress } from './step-progress.js';

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
    columns: 160,
    cursorTo: (x: number) => chunks.push(`<cursor ${x}>`),
    clearLine: () => chunks.push('<clear>'),
    moveCursor: () => true,
    text: () => chunks.join(''),
  });
  return stream;
}

describe('startProgress, not on a terminal', () => {
  it('writes a line at the start, at most one every everyMs with rate and time left, and one at the end', () => {
    const stream = recorder(false);
    let now = 0;
    const progress = startProgress('sampling 64 with DDIM, 100 steps', 100, { stream, everyMs: 5000, now: () => now });
    for (let i = 0; i < 40; i++) {
      now += 100; // 10 steps/s
      progress.tick();
    }
    expect(stream.text()).toBe('sampling 64 with DDIM, 100 steps: started\n'); // 4 s: no line yet
    now += 1000;
    progress.tick(10, { stage: 'sampling', detail: 'x0 clipped' });
    // 50 steps in 5 s: 10 steps/s, 50 left -> 5 s
    expect(stream.text().split('\n')[1]).toBe('sampling 64 with DDIM, 100 steps: sampling step 50/100 (x0 clipped), 10.0 steps/s, about 5s left');
    now += 100;
    progress.tick();
    expect(stream.text().split('\n')).toHaveLength(3); // throttled
    now += 4900;
    progress.update(100);
    progress.done();
    progress.done();
    expect(stream.text().split('\n').slice(2)).toEqual(['sampling 64 with DDIM, 100 steps: done, 100 steps in 10s (x0 clipped)', '']);
  });

  it('counts the rate from where a resumed count starts, and says where an unfinished one stopped', () => {
    const stream = recorder(false);
    let now = 0;
    const progress = startProgress('training', 1000, { stream, start: 900, everyMs: 1000, now: () => now });
    now = 2000;
    progress.update(920);
    progress.done();
    expect(stream.text().split('\n')).toEqual([
      'training: started at step 900 of 1000',
      'training: step 920/1000, 10.0 steps/s, about 8s left',
      'training: stopped at step 920/1000 after 2s',
      '',
    ]);
  });

  it('names other units, and GENMODELS_PROGRESS_SECONDS=0 gives a line at every update', () => {
    const stream = recorder(false);
    const previous = process.env.GENMODELS_PROGRESS_SECONDS;
    process.env.GENMODELS_PROGRESS_SECONDS = '0';
    try {
      let now = 0;
      const progress = startProgress('FID features', 3, { stream, unit: 'batch', now: () => (now += 500) });
      progress.tick();
      progress.tick();
      progress.tick();
      progress.done();
      expect(stream.text().split('\n')).toEqual([
        'FID features: started',
        'FID features: batch 1/3, 2.00 batches/s, about 1s left',
        'FID features: batch 2/3, 2.00 batches/s, about 1s left',
        'FID features: done, 3 batches in 2s',
        '',
      ]);
    } finally {
      if (previous === undefined) delete process.env.GENMODELS_PROGRESS_SECONDS;
      else process.env.GENMODELS_PROGRESS_SECONDS = previous;
    }
  });
});

describe('startProgress on a terminal', () => {
  it('draws a cli-progress bar with the stage, the count and the detail, a new total, and stops on done', () => {
    const stream = recorder(true);
    const progress = startProgress('interpolating', 10, { unit: 'step', stream });
    progress.update(3, { stage: 'inverting', detail: 'image 2 of 4' });
    progress.update(12, { stage: 'sampling', total: 20 });
    progress.update(20);
    progress.done();
    const text = stream.text();
    expect(text).toContain(' interpolating ');
    // cli-progress redraws at most every 100 ms; the last state shows the new total and the kept detail
    expect(text).toContain('sampling 20/20 steps | image 2 of 4');
    expect(text).not.toContain('\u001b[?25l'); // the cursor is never hidden
  });
});

describe('createStepProgress (the diffusion commands) is the same display', () => {
  it('takes the total with each update and writes the same lines', () => {
    const stream = recorder(false);
    const previous = process.env.GENMODELS_PROGRESS_SECONDS;
    process.env.GENMODELS_PROGRESS_SECONDS = '0';
    try {
      const progress = createStepProgress('inpainting 2 images', stream);
      progress.update(1, 4, 'inverting');
      progress.update(4, 4, 'sampling');
      progress.stop();
      const lines = stream.text().split('\n');
      expect(lines[0]).toBe('inpainting 2 images: started');
      expect(lines[1]).toMatch(/^inpainting 2 images: inverting step 1\/4, [0-9.?]+ steps\/s, about \S+ left$/);
      expect(lines[2]).toMatch(/^inpainting 2 images: done, 4 steps in \d+s$/);
    } finally {
      if (previous === undefined) delete process.env.GENMODELS_PROGRESS_SECONDS;
      else process.env.GENMODELS_PROGRESS_SECONDS = previous;
    }
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
      'training: started',
      'training: step 10/20 (epoch 0, loss 1.5000, g/loss 0.2500, 640 samples/s), 6.67 steps/s, about 2s left',
      'training: done, 20 steps in 2s (epoch 0, loss 1.5000, g/loss 0.2500, 640 samples/s)',
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
