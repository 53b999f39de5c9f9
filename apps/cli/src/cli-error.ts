/**
 * An error meant for the person at the terminal: printed as one line (no stack trace) and
 * turned into a non-zero exit code.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
