import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDirSync } from './fs-atomic.js';

/** What a lock file holds: who writes the run directory. */
export interface RunDirLockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** What the writer is doing, e.g. 'genmodels train vae'. */
  command?: string;
}

/** Thrown when another live process holds a run directory's lock; the message is one line. */
export class RunDirLockedError extends Error {
  constructor(
    readonly runDir: string,
    readonly owner: RunDirLockOwner,
    readonly lockFile: string,
  ) {
    const elsewhere = owner.host !== os.hostname();
    super(
      `${runDir} is in use by process ${owner.pid} on ${elsewhere ? `host ${owner.host}` : 'this machine'}` +
        `${owner.command ? ` (${owner.command})` : ''} since ${owner.startedAt}; wait for it to finish or stop it. ` +
        (elsewhere
          ? `Its liveness cannot be checked from here: if it is no longer running, delete ${lockFile}.`
          : `If that process is not a genmodels run, delete ${lockFile}.`),
    );
    this.name = 'RunDirLockedError';
  }
}

const LOCK_FILE = 'lock';

/** Whether process `pid` on this machine is running (a zombie counts as exited). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." where S is the state; Z = zombie (exited, not reaped).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function readOwner(file: string): RunDirLockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as RunDirLockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates `file` holding `owner` if it does not exist; false when it exists. The contents are
 * written to a temporary file first and hard-linked into place (atomic, fails when `file`
 * exists), so a reader never sees a lock without its owner; O_EXCL where hard links are refused.
 */
function createExclusive(file: string, owner: RunDirLockOwner): boolean {
  const tmp = writeTemporary(file, owner);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    writeSynced(file, owner, 'wx');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Puts `owner` in `file` by renaming a complete temporary file over it (atomic on POSIX). */
function replaceAtomically(file: string, owner: RunDirLockOwner): void {
  const tmp = writeTemporary(file, owner);
  try {
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes `owner` to a new temporary file beside `file`, synced; returns its path. */
function writeTemporary(file: string, owner: RunDirLockOwner): string {
  const tmp = `${file}.${process.pid}-${Date.now()}.tmp`;
  writeSynced(tmp, owner, 'w');
  return tmp;
}

function writeSynced(file: string, owner: RunDirLockOwner, flags: 'w' | 'wx'): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(owner)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An exclusive lock on a run directory for its one writer: `<runDir>/lock` holds the writer's pid,
 * host and start time. A second writer gets RunDirLockedError naming the holder. A lock left by a
 * process that no longer runs on this machine (kill -9, a crash) is stale and taken over; the
 * takeover runs under a short-lived `lock.takeover` guard so that two processes finding the same
 * stale lock cannot both win. Lock files are complete when they appear (written, then hard-linked
 * into place, and a stale one is replaced by a rename), so a reader always finds an owner; one that
 * cannot be parsed is damaged and treated as stale. The lock is released on release() and, as a
 * last resort, when the process exits.
 */
export class RunDirLock {
  readonly file: string;
  private released = false;
  private readonly onExit = (): void => this.release();

  private constructor(
    readonly runDir: string,
    readonly owner: RunDirLockOwner,
    /** The stale owner this lock replaced, if any. */
    readonly tookOverFrom?: RunDirLockOwner,
  ) {
    this.file = path.join(runDir, LOCK_FILE);
    process.on('exit', this.onExit);
  }

  /** Takes the lock of `runDir` (creating the directory), or throws RunDirLockedError. */
  static acquire(runDir: string, options: { command?: string } = {}): RunDirLock {
    ensureDirSync(runDir);
    const file = path.join(runDir, LOCK_FILE);
    const owner: RunDirLockOwner = {
      pid: process.pid,
      host: os.hostname(),
      startedAt: new Date().toISOString(),
      ...(options.command ? { command: options.command } : {}),
    };
    // A holder that releases between our attempt and our read leaves no owner to name: try again.
    for (let attempt = 0; ; attempt++) {
      if (createExclusive(file, owner)) return new RunDirLock(runDir, owner);
      const stale = RunDirLock.takeOverStale(file, owner);
      if (stale) return new RunDirLock(runDir, owner, stale.previous);
      const holder = readOwner(file);
      if (holder || attempt >= 4) {
        throw new RunDirLockedError(runDir, holder ?? { pid: -1, host: 'unknown', startedAt: 'an unknown time' }, file);
      }
    }
  }

  /** Replaces a stale lock by ours under the takeover guard; undefined when the lock is live. */
  private static takeOverStale(file: string, owner: RunDirLockOwner): { previous?: RunDirLockOwner } | undefined {
    const guard = `${file}.takeover`;
    if (!createExclusive(guard, owner)) {
      // A guard is held for microseconds; one left behind belongs to a process that died mid-takeover.
      const guardOwner = readOwner(guard);
      if (guardOwner && guardOwner.host === owner.host && isRunning(guardOwner.pid)) return undefined;
      fs.rmSync(guard, { force: true });
      if (!createExclusive(guard, owner)) return undefined;
    }
    try {
      const previous = readOwner(file);
      const live = previous !== undefined && (previous.host !== owner.host || previous.pid === owner.pid || isRunning(previous.pid));
      if (live) return undefined;
      // Replaced in one rename, so a process reading the lock meanwhile sees the stale owner or us,
      // never a missing or half-written file.
      replaceAtomically(file, owner);
      return { previous };
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }

  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const current = readOwner(this.file);
    if (current && current.pid === this.owner.pid && current.host === this.owner.host && current.startedAt === this.owner.startedAt) {
      fs.rmSync(this.file, { force: true });
    }
  }
}
