'use strict';
// node:fs and node:fs/promises: readFile, writeFile, appendFile, readdir,
// stat/lstat, mkdir, rm/rmdir/unlink, rename, copyFile, exists/existsSync,
// access, with Node's argument forms (encodings, flags, withFileTypes,
// recursive, force). Every call goes through fs.c, which confines it to
// the preopened directories. The callback and promise forms run the same
// synchronous call and deliver its result asynchronously.

const native = binding('fs');
const path = require('path');
const { Buffer } = require('buffer');

function toPath(p, name = 'path') {
  if (p instanceof URL) p = require('url').fileURLToPath(p);
  else if (Buffer.isBuffer(p)) p = p.toString();
  if (typeof p !== 'string') {
    const e = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${p === null ? 'null' : typeof p}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (p.includes('\0')) {
    const e = new TypeError(`The argument '${name}' must be a string without null bytes`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  return path.resolve(p);
}

const encodingOf = (opts) => (typeof opts === 'string' ? opts : opts && opts.encoding) || null;

function readFileSync(p, options) {
  if (typeof p === 'number') throw fdUnsupported();
  const buf = Buffer.from(native.readFile(toPath(p)));
  const enc = encodingOf(options);
  return enc ? buf.toString(enc) : buf;
}

function toBytes(data, enc) {
  if (typeof data === 'string') return Buffer.from(data, enc || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const e = new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function writeFileSync(p, data, options, defaultFlag = 'w') {
  if (typeof p === 'number') throw fdUnsupported();
  const o = typeof options === 'string' ? { encoding: options } : options || {};
  native.writeFile(toPath(p), toBytes(data, o.encoding), o.flag || defaultFlag, o.mode === undefined ? 0o666 : o.mode);
}

function appendFileSync(p, data, options) {
  writeFileSync(p, data, options, 'a');
}

class Dirent {
  constructor(name, kind, parentPath) {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this._kind = kind;
  }
  isFile() { return this._kind === 1; }
  isDirectory() { return this._kind === 2; }
  isSymbolicLink() { return this._kind === 3; }
  isFIFO() { return this._kind === 4; }
  isSocket() { return this._kind === 5; }
  isCharacterDevice() { return this._kind === 6; }
  isBlockDevice() { return this._kind === 7; }
}

function readdirSync(p, options) {
  const dir = toPath(p);
  const o = typeof options === 'string' ? { encoding: options } : options || {};
  const out = [];
  const walk = (abs, prefix) => {
    for (const [name, kind] of native.readdir(abs)) {
      const rel = prefix ? prefix + '/' + name : name;
      out.push(o.withFileTypes ? new Dirent(name, kind, abs) : o.encoding === 'buffer' ? Buffer.from(rel) : rel);
      if (o.recursive && kind === 2) walk(abs + '/' + name, rel);
    }
  };
  walk(dir, '');
  return out;
}

const S_IFMT = 0o170000;
class Stats {
  constructor(s) {
    Object.assign(this, s);
    this.atime = new Date(s.atimeMs);
    this.mtime = new Date(s.mtimeMs);
    this.ctime = new Date(s.ctimeMs);
    this.birthtime = new Date(s.birthtimeMs);
  }
  isFile() { return (this.mode & S_IFMT) === 0o100000; }
  isDirectory() { return (this.mode & S_IFMT) === 0o040000; }
  isSymbolicLink() { return (this.mode & S_IFMT) === 0o120000; }
  isFIFO() { return (this.mode & S_IFMT) === 0o010000; }
  isSocket() { return (this.mode & S_IFMT) === 0o140000; }
  isCharacterDevice() { return (this.mode & S_IFMT) === 0o020000; }
  isBlockDevice() { return (this.mode & S_IFMT) === 0o060000; }
}

function statWith(follow) {
  return (p, options) => {
    try {
      return new Stats(native.stat(toPath(p), follow));
    } catch (e) {
      if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
      throw e;
    }
  };
}
const statSync = statWith(true);
const lstatSync = statWith(false);

function mkdirSync(p, options) {
  const o = typeof options === 'number' ? { mode: options } : options || {};
  const r = native.mkdir(toPath(p), !!o.recursive, o.mode === undefined ? 0o777 : o.mode);
  return o.recursive ? r : undefined;
}

function rmSync(p, options) {
  const o = options || {};
  const abs = toPath(p);
  let st;
  try {
    st = native.stat(abs, false);
  } catch (e) {
    if (o.force && e.code === 'ENOENT') return;
    throw e;
  }
  if ((st.mode & S_IFMT) === 0o040000 && !o.recursive) {
    const e = new Error(`Path is a directory: rm returned EISDIR (is a directory) ${abs}`);
    e.code = 'ERR_FS_EISDIR';
    e.errno = 21;
    e.syscall = 'rm';
    e.path = abs;
    throw e;
  }
  native.rm(abs, o.recursive ? 2 : 0);
}

function rmdirSync(p, options) {
  native.rm(toPath(p), options && options.recursive ? 2 : 1);
}

function unlinkSync(p) {
  native.rm(toPath(p), 0);
}

function renameSync(from, to) {
  native.rename(toPath(from, 'oldPath'), toPath(to, 'newPath'));
}

function copyFileSync(src, dest, mode) {
  const COPYFILE_EXCL = 1;
  const data = native.readFile(toPath(src, 'src'));
  native.writeFile(toPath(dest, 'dest'), new Uint8Array(data), mode & COPYFILE_EXCL ? 'wx' : 'w', 0o666);
}

function existsSync(p) {
  try {
    return native.exists(toPath(p));
  } catch (e) {
    return false;
  }
}

function accessSync(p, mode) {
  native.stat(toPath(p), true);
  void mode;
}

function realpathSync(p) {
  const abs = toPath(p);
  native.stat(abs, true);
  return abs;
}
realpathSync.native = realpathSync;

function fdUnsupported() {
  const e = new Error('file descriptors are not supported by husk\'s fs; use paths');
  e.code = 'ERR_HUSK_NOT_SUPPORTED';
  return e;
}

const sync = {
  readFileSync, writeFileSync, appendFileSync, readdirSync, statSync, lstatSync, mkdirSync,
  rmSync, rmdirSync, unlinkSync, renameSync, copyFileSync, existsSync, accessSync, realpathSync,
};

// Callback forms: fs.readFile(path[, options], callback).
const fs = { ...sync, Stats, Dirent, constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1 } };
const later = (fn) => binding('loop').queueMicrotask(fn);
for (const name of Object.keys(sync)) {
  if (name === 'existsSync') continue;
  const base = name.slice(0, -4);
  fs[base] = function (...args) {
    const cb = args.pop();
    if (typeof cb !== 'function') {
      const e = new TypeError(`The "cb" argument must be of type function. Received ${typeof cb}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    let result, error = null;
    try {
      result = sync[name](...args);
    } catch (e) {
      error = e;
    }
    later(() => (error ? cb(error) : cb(null, result)));
  };
}
fs.exists = (p, cb) => later(() => cb(existsSync(p)));
fs.realpath.native = fs.realpath;

// fs/promises
const promises = {};
for (const name of Object.keys(sync)) {
  if (name === 'existsSync') continue;
  const base = name.slice(0, -4);
  promises[base] = (...args) => new Promise((resolve, reject) => {
    try {
      resolve(sync[name](...args));
    } catch (e) {
      reject(e);
    }
  });
}
promises.constants = fs.constants;
fs.promises = promises;

module.exports = fs;
