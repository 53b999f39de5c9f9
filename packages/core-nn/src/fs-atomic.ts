import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** Writes `data` to `file` and fsyncs it. */
export async function writeFileSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fsp.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory so that renames and creations inside it are durable. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; durability is best effort there.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  } finally {
    await handle?.close();
  }
}

/** Atomically replaces `file` with `data` (write to a temporary sibling, fsync, rename, fsync dir). */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFileSynced(tmp, data);
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  await syncDir(path.dirname(file));
}

/** Synchronous atomic replace (for small files written from synchronous APIs). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // best effort on platforms that cannot fsync directories
  }
}

/** The directories to create, outermost first, for `dir` to exist; throws when a part is a file. */
function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      // ENOTDIR: a part further up is a file, found as the walk goes up
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    if (stat) {
      if (!stat.isDirectory()) {
        throw Object.assign(new Error(`cannot create the directory ${dir}: ${current} is a file, not a directory`), { code: 'ENOTDIR', path: current });
      }
      return missing.reverse();
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) return missing.reverse();
    current = parent;
  }
}

function mkdirError(dir: string, created: string, error: NodeJS.ErrnoException): Error {
  const reason =
    error.code === 'ENOENT'
      ? `the file system at ${path.dirname(created)} does not allow creating directories`
      : error.code === 'EACCES' || error.code === 'EPERM'
        ? `permission denied in ${path.dirname(created)}`
        : error.code === 'EROFS'
          ? `${path.dirname(created)} is on a read-only file system`
          : error.code === 'ENOSPC'
            ? 'no space left on the device'
            : error.code === 'EEXIST'
              ? `${created} exists and is not a directory`
              : error.message;
  return Object.assign(new Error(`cannot create the directory ${dir}: ${reason} (${error.code ?? 'error'})`), { code: error.code, path: created });
}

/**
 * Creates `dir` and its missing parents one level at a time. Node 20's
 * `mkdir(dir, { recursive: true })` never returns where the kernel answers ENOENT for a parent
 * that exists (e.g. under /proc); this one fails with a one-line error naming the directory and
 * the reason, and says so when a part of the path is a file.
 */
export function ensureDirSync(dir: string): void {
  for (const part of missingDirs(dir)) {
    try {
      fs.mkdirSync(part);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(part).isDirectory()) {
        throw mkdirError(dir, part, error as NodeJS.ErrnoException);
      }
    }
  }
}

/** The asynchronous ensureDirSync. */
export async function ensureDir(dir: string): Promise<void> {
  for (const part of missingDirs(dir)) {
    try {
      await fsp.mkdir(part);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fsp.stat(part)).isDirectory()) {
        throw mkdirError(dir, part, error as NodeJS.ErrnoException);
      }
    }
  }
}
