/** The first line of an error's message, with its name (what the CLI prints for a failure). */
function oneLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]!}`;
  return String(error).split('\n')[0]!;
}

function printUncaughtError(error: unknown): void {
  // A handler the application installed (before or after this one) decides instead.
  if (process.listenerCount('uncaughtException') > 1) return;
  const text = process.env.GENMODELS_DEBUG
    ? error instanceof Error && error.stack !== undefined
      ? error.stack
      : String(error)
    : `${oneLine(error)} (GENMODELS_DEBUG=1 prints the stack)`;
  process.stderr.write(`Uncaught ${text}\n`);
  process.exit(1);
}

let installed = false;

/**
 * Prints an uncaught exception (or an unhandled rejection, which Node raises as one) as one line,
 * `Uncaught Error: <first line of the message>`, or with its stack when GENMODELS_DEBUG is set,
 * and exits with status 1. Installed in place of the handlers tfjs-backend-wasm's emscripten
 * module adds, which rethrow the error from inside the module, so that Node printed the module's
 * one minified source line (30-50 KB) before the message. Steps aside when the application has an
 * uncaughtException handler of its own. Idempotent.
 */
export function installUncaughtErrorPrinter(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', printUncaughtError);
}

/** The process's listeners for the two events emscripten's Node glue takes over. */
export type ProcessErrorListeners = Record<'uncaughtException' | 'unhandledRejection', ((...args: unknown[]) => void)[]>;

export function processErrorListeners(): ProcessErrorListeners {
  return {
    uncaughtException: process.listeners('uncaughtException') as ProcessErrorListeners['uncaughtException'],
    unhandledRejection: process.listeners('unhandledRejection') as ProcessErrorListeners['unhandledRejection'],
  };
}

/** Removes every uncaughtException / unhandledRejection listener added since `before` was taken. */
export function removeErrorListenersAddedSince(before: ProcessErrorListeners): void {
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.uncaughtException.includes(listener as (...args: unknown[]) => void)) process.removeListener('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (!before.unhandledRejection.includes(listener as (...args: unknown[]) => void)) process.removeListener('unhandledRejection', listener);
  }
}
