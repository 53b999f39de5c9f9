type Immediate = ReturnType<typeof setImmediate>;
type SetImmediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) => Immediate;

/** Dawn callbacks scheduled and not yet run, oldest first. */
let pendingTicks: (() => void)[] = [];
let installed = false;

/**
 * dawn.node's `AsyncRunner` processes Dawn's events (a finished buffer mapping, a popped error
 * scope) in a callback it schedules with the JavaScript global `setImmediate`, looked up at each
 * call: a nameless native function of no parameters, rescheduled by itself while any GPU promise
 * is pending. JavaScript cannot make such a function (bound functions are named 'bound ...', and
 * promise resolvers, also nameless natives, take one parameter), so this wrapper recognises that
 * callback, still schedules it as usual, and keeps it so that {@link pumpDawnEvents} can run it
 * synchronously; each runs once, whichever comes first. Must be installed before Dawn schedules
 * its first callback, i.e. before `requestAdapter`. Idempotent.
 */
export function captureDawnEventCallbacks(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.setImmediate as unknown as SetImmediate;
  const wrapper: SetImmediate = (callback, ...args) => {
    if (args.length === 0 && isDawnCallback(callback)) {
      let done = false;
      const tick = (): void => {
        if (done) return; // already run by pumpDawnEvents
        done = true;
        pendingTicks = pendingTicks.filter((t) => t !== tick);
        callback();
      };
      pendingTicks.push(tick);
      return original(tick);
    }
    return original(callback, ...args);
  };
  // Keep util.promisify.custom and any other property of the original.
  Object.defineProperties(wrapper, Object.getOwnPropertyDescriptors(original));
  globalThis.setImmediate = wrapper as unknown as typeof setImmediate;
}

function isDawnCallback(callback: unknown): callback is () => void {
  return (
    typeof callback === 'function' && callback.name === '' && callback.length === 0 && Function.prototype.toString.call(callback).includes('[native code]')
  );
}

/**
 * Runs Dawn's pending event-processing callbacks now (Dawn reschedules one when work is still
 * outstanding). Returns false when none was pending, i.e. Dawn awaits nothing.
 */
export function pumpDawnEvents(): boolean {
  const ticks = pendingTicks;
  if (ticks.length === 0) return false;
  for (const tick of ticks) tick();
  return true;
}
