import { describe, expect, it } from 'vitest';
import { captureDawnEventCallbacks, pumpDawnEvents } from './dawn-event-pump.js';

// dawn.node schedules a nameless native function of no parameters; a callable Proxy of an anonymous
// arrow function has the same name, length and source text, so it stands in for one here.
function dawnLike(run: () => void): () => void {
  return new Proxy(() => run(), {});
}

const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('captureDawnEventCallbacks / pumpDawnEvents', () => {
  captureDawnEventCallbacks();

  it('runs a pending Dawn callback synchronously, exactly once (the event loop no longer runs it)', async () => {
    let runs = 0;
    setImmediate(dawnLike(() => runs++));
    expect(pumpDawnEvents()).toBe(true);
    expect(runs).toBe(1);
    expect(pumpDawnEvents()).toBe(false);
    await turn();
    expect(runs).toBe(1);
  });

  it('leaves it to the event loop when nobody pumps, and then it is no longer pending', async () => {
    let runs = 0;
    setImmediate(dawnLike(() => runs++));
    await turn();
    expect(runs).toBe(1);
    expect(pumpDawnEvents()).toBe(false);
  });

  it('never takes other callbacks: promise resolvers, named functions, callbacks with arguments', async () => {
    const order: string[] = [];
    setImmediate(function named() {
      order.push('named');
    });
    setImmediate((value: string) => order.push(value), 'with argument');
    await new Promise<void>((resolve) => setImmediate(resolve)); // a resolver: nameless and native, one parameter
    expect(pumpDawnEvents()).toBe(false);
    expect(order).toEqual(['named', 'with argument']);
  });

  it('keeps every pending Dawn callback when several are scheduled before a pump', () => {
    let runs = 0;
    setImmediate(dawnLike(() => runs++));
    setImmediate(dawnLike(() => runs++));
    expect(pumpDawnEvents()).toBe(true);
    expect(runs).toBe(2);
  });
});
