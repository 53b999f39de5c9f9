import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDir, ensureDirSync, writeFileAtomic, writeFileAtomicSync } from './fs-atomic.js';

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-fs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing directory', async () => {
    const root = tmpDir();
    ensureDirSync(path.join(root, 'a', 'b'));
    await ensureDir(path.join(root, 'a', 'b', 'c'));
    ensureDirSync(path.join(root, 'a'));
    expect(fs.statSync(path.join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
  });

  it('says in one line when a part of the path is a file', async () => {
    const root = tmpDir();
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => ensureDirSync(path.join(root, 'file'))).toThrow(`cannot create the directory ${path.join(root, 'file')}: ${path.join(root, 'file')} is a file, not a directory`);
    await expect(ensureDir(path.join(root, 'file', 'sub'))).rejects.toThrow(/is a file, not a directory/);
  });

  it.skipIf(!fs.existsSync('/proc/self'))('fails at once where the kernel refuses (under /proc) instead of looping like mkdir -p in Node 20', async () => {
    const started = Date.now();
    expect(() => ensureDirSync('/proc/genmodels-x/run')).toThrow('cannot create the directory /proc/genmodels-x/run: the file system at /proc does not allow creating directories (ENOENT)');
    await expect(ensureDir('/proc/genmodels-x')).rejects.toThrow(/does not allow creating directories/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('atomic writes', () => {
  it('replace the file and leave no temporary sibling, also when the write fails', async () => {
    const root = tmpDir();
    const file = path.join(root, 'config.json');
    writeFileAtomicSync(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    // the rename fails (the target is a non-empty directory): the temporary file is removed
    const blocked = path.join(root, 'blocked');
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true });
    expect(() => writeFileAtomicSync(blocked, 'x')).toThrow();
    await expect(writeFileAtomic(blocked, 'x')).rejects.toThrow();
    expect(fs.readdirSync(root).sort()).toEqual(['blocked', 'config.json']);
  });
});
