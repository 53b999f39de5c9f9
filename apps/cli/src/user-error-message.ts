/**
 * What the person at the terminal sees when a command fails: the whole message of an error the
 * CLI or a library raised on purpose (several lines when it lists things, such as the places a
 * dataset was looked for), system errors (ENOSPC, EACCES, ...) translated into what happened to
 * which path and what to do, and never a stack trace (GENMODELS_DEBUG=1 adds it).
 */
import { NonFiniteLossError, NonFiniteWeightsError } from '@genmodels/core-nn';
import { RunDirLockedError } from '@genmodels/core-nn/node';
import { CliError } from './cli-error.js';

export interface UserErrorMessage {
  message: string;
  exitCode: number;
  /** False for an error nobody anticipated (a bug): main then says how to get the stack trace. */
  expected: boolean;
}

type SystemError = Error & { code: string; syscall?: string; path?: string; dest?: string };

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string' && /^E[A-Z]+$/.test((error as SystemError).code);
}

/** A system error as one line: what failed on which path, and what to do. */
export function describeSystemError(error: SystemError): string {
  const where = error.path ? ` ${error.path}` : '';
  const doing = error.syscall ? `${error.syscall}${where}` : `access${where}`;
  switch (error.code) {
    case 'ENOSPC':
      return `no space left on the device (${doing}); free some space (a run resumes with --resume from its last complete checkpoint)`;
    case 'EDQUOT':
      return `disk quota exceeded (${doing}); free some space or write elsewhere`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${doing}); choose a path you can write to`;
    case 'EROFS':
      return `read-only file system (${doing}); choose a writable path`;
    case 'EEXIST':
      return `${error.path ?? 'the path'} already exists and is not what was expected (${error.syscall ?? 'create'}); choose another path`;
    case 'ENOTDIR':
      return `a part of ${error.path ?? 'the path'} is a file, not a directory; choose another path`;
    case 'EISDIR':
      return `${error.path ?? 'the path'} is a directory; give a file name`;
    case 'ENOENT':
      return `no such file or directory: ${error.path ?? '(unknown path)'}${error.syscall ? ` (${error.syscall})` : ''}`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files; raise the limit (ulimit -n) and try again';
    default:
      return error.message.split('\n')[0];
  }
}

export function userErrorMessage(error: unknown): UserErrorMessage {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, expected: true };
  if (error instanceof RunDirLockedError || error instanceof NonFiniteLossError || error instanceof NonFiniteWeightsError) {
    return { message: error.message, exitCode: 1, expected: true };
  }
  if (isSystemError(error)) {
    // core-nn's ensureDir already says what failed in one line; keep that.
    const own = error.message.startsWith('cannot create the directory');
    return { message: own ? error.message : describeSystemError(error), exitCode: 1, expected: true };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: message.trim() || (error instanceof Error ? error.name : 'unknown error'), exitCode: 1, expected: false };
}
