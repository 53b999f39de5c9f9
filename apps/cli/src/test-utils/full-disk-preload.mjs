/**
 * Test-only fault injection, loaded with `node --import` into a child `genmodels` process: a full
 * disk under GENMODELS_TEST_FULL_DIR once GENMODELS_TEST_FULL_AFTER bytes have been written there.
 * Every write of a file below that directory past the budget fails with ENOSPC, as on a full file
 * system (for machines where a small tmpfs cannot be mounted). Nothing in the shipped code reads
 * these variables; this module patches node:fs in the child only.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const dir = process.env.GENMODELS_TEST_FULL_DIR && path.resolve(process.env.GENMODELS_TEST_FULL_DIR);
let left = Number(process.env.GENMODELS_TEST_FULL_AFTER ?? 'Infinity');
const fdPaths = new Map();

const inside = (file) => dir !== undefined && typeof file === 'string' && path.resolve(file).startsWith(`${dir}${path.sep}`);
const size = (data) => (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);

function spend(file, data) {
  if (!inside(file)) return;
  const bytes = size(data);
  if (bytes > left) {
    left = 0;
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { errno: -28, code: 'ENOSPC', syscall: 'write', path: file });
  }
  left -= bytes;
}

const target = (fileOrFd) => (typeof fileOrFd === 'number' ? fdPaths.get(fileOrFd) : String(fileOrFd));

const { openSync, closeSync, writeSync, writeFileSync, appendFileSync } = fs;
fs.openSync = function (file, ...rest) {
  const fd = openSync.call(this, file, ...rest);
  fdPaths.set(fd, String(file));
  return fd;
};
fs.closeSync = function (fd) {
  fdPaths.delete(fd);
  return closeSync.call(this, fd);
};
fs.writeSync = function (fd, data, ...rest) {
  spend(fdPaths.get(fd), typeof data === 'string' ? data : data.subarray(rest[0] ?? 0, (rest[0] ?? 0) + (rest[1] ?? data.byteLength)));
  return writeSync.call(this, fd, data, ...rest);
};
fs.writeFileSync = function (file, data, ...rest) {
  spend(target(file), data);
  return writeFileSync.call(this, file, data, ...rest);
};
fs.appendFileSync = function (file, data, ...rest) {
  spend(target(file), data);
  return appendFileSync.call(this, file, data, ...rest);
};

const promises = fs.promises;
const { open } = promises;
promises.open = async function (file, ...rest) {
  const handle = await open.call(this, file, ...rest);
  const { writeFile, write } = handle;
  handle.writeFile = async function (data, ...more) {
    spend(String(file), data);
    return writeFile.call(this, data, ...more);
  };
  handle.write = async function (data, ...more) {
    spend(String(file), data);
    return write.call(this, data, ...more);
  };
  return handle;
};
const { writeFile, appendFile } = promises;
promises.writeFile = async function (file, data, ...rest) {
  spend(target(file), data);
  return writeFile.call(this, file, data, ...rest);
};
promises.appendFile = async function (file, data, ...rest) {
  spend(target(file), data);
  return appendFile.call(this, file, data, ...rest);
};
syncBuiltinESMExports();
