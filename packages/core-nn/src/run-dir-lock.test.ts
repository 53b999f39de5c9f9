import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunDirLock, RunDirLockedError } from './run-dir-lock.js';

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(runDir: string, owner: Record<string, unknown>): void {
  fs.writeFileSync(path.join(runDir, 'lock'), `${JSON.stringify(owner)}\n`);
}

describe('RunDirLock', () => {
  it('creates the directory and a lock file holding pid, host and start time; release removes it', () => {
    const runDir = path.join(tmpDir(), 'a', 'run');
    const lock = RunDirLock.acquire(runDir, { command: 'genmodels train vae' });
    const owner = JSON.parse(fs.readFileSync(path.join(runDir, 'lock'), 'utf8')) as Record<string, unknown>;
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'genmodels train vae' });
    expect(Date.parse(owner.startedAt as string)).not.toBeNaN();
    expect(fs.readdirSync(runDir)).toEqual(['lock']);
    lock.release();
    lock.release();
    expect(fs.readdirSync(runDir)).toEqual([]);
    RunDirLock.acquire(runDir).release(); // free again
  });

  it('refuses a second writer in one line naming the process that holds the lock', () => {
    const runDir = tmpDir();
    const lock = RunDirLock.acquire(runDir, { command: 'genmodels train vae' });
    let error: unknown;
    try {
      RunDirLock.acquire(runDir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RunDirLockedError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`${runDir} is in use by process ${process.pid} on this machine (genmodels train vae) since`);
    lock.release();
  });

  it('a live process on this machine holds the lock, and a process on another host cannot be checked', () => {
    const runDir = tmpDir();
    writeLock(runDir, { pid: process.ppid, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    expect(() => RunDirLock.acquire(runDir)).toThrow(`is in use by process ${process.ppid} on this machine since 2026-01-01T00:00:00.000Z`);
    writeLock(runDir, { pid: deadPid(), host: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' });
    expect(() => RunDirLock.acquire(runDir)).toThrow(/on host elsewhere .*cannot be checked from here: if it is no longer running, delete .*lock\.$/);
  });

  it('takes over the stale lock of a process that no longer runs (kill -9), and a damaged lock file', () => {
    const runDir = tmpDir();
    const dead = deadPid();
    writeLock(runDir, { pid: dead, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    const lock = RunDirLock.acquire(runDir);
    expect(lock.tookOverFrom?.pid).toBe(dead);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(runDir)).toEqual(['lock']); // no guard or temporary file left
    lock.release();
    fs.writeFileSync(path.join(runDir, 'lock'), '{"pid": 12');
    const again = RunDirLock.acquire(runDir);
    expect(again.tookOverFrom).toBeUndefined();
    again.release();
  });

  it('a takeover guard left by a process that died mid-takeover does not block', () => {
    const runDir = tmpDir();
    writeLock(runDir, { pid: deadPid(), host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    fs.writeFileSync(path.join(runDir, 'lock.takeover'), JSON.stringify({ pid: deadPid(), host: os.hostname(), startedAt: 'x' }));
    const lock = RunDirLock.acquire(runDir);
    expect(fs.readdirSync(runDir)).toEqual(['lock']);
    lock.release();
  });

  it('processes racing for a stale lock: one wins, every other names the winner (never a missing owner)', async () => {
    // Each child tries to take the lock and holds it for a moment; the built module is what runs.
    const moduleUrl = new URL('../dist/run-dir-lock.js', import.meta.url).href;
    const script = `
      const { RunDirLock } = await import(${JSON.stringify(moduleUrl)});
      try {
        const lock = RunDirLock.acquire(process.argv[1]);
        setTimeout(() => { lock.release(); console.log('won'); }, 2000);
      } catch (error) {
        console.log(error.message);
      }`;
    const race = (runDir: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, runDir], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(out.trim()));
      });
    for (let round = 0; round < 5; round++) {
      const runDir = tmpDir();
      writeLock(runDir, { pid: deadPid(), host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => race(runDir)));
      expect(outcomes.filter((o) => o === 'won'), outcomes.join('\n')).toHaveLength(1);
      for (const lost of outcomes.filter((o) => o !== 'won')) expect(lost).toMatch(/is in use by process \d+ on this machine since /);
      expect(fs.readdirSync(runDir)).toEqual([]);
    }
  }, 60_000);

  it('release leaves a lock that is no longer its own', () => {
    const runDir = tmpDir();
    const lock = RunDirLock.acquire(runDir);
    writeLock(runDir, { pid: process.ppid, host: os.hostname(), startedAt: 'later' });
    lock.release();
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'lock'), 'utf8')).startedAt).toBe('later');
  });
});
