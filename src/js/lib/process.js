'use strict';
// node:process - an EventEmitter with argv, env (only what the embedder
// allowed), exit/exitCode, hrtime, nextTick, cwd, memoryUsage and the
// standard streams' write().

const native = binding('process');
const EventEmitter = require('events');
const loop = binding('loop');

const process = new EventEmitter();
const loader = require('bootstrap');

Object.defineProperty(process, 'argv', {
  enumerable: true, configurable: true, writable: true,
  value: [native.execPath(), loader.mainFilename || '[eval]', ...native.args()],
});
process.argv0 = 'husk';
process.execArgv = [];
process.execPath = process.argv[0];
process.env = native.env();
process.exitCode = undefined;
process.pid = native.pid;
process.ppid = 0;
process.platform = 'linux';
process.arch = 'x64';
process.title = 'husk';
// Packages test process.version to pick code paths: claim the Node line
// whose behaviour husk follows.
process.version = 'v20.0.0';
process.versions = { node: '20.0.0', husk: '0.1.0', quickjs: '2021-03-27' };
process.release = { name: 'husk' };
process.features = {};
process.config = { variables: {} };
process.cwd = native.cwd;
process.chdir = () => {
  const e = new Error('process.chdir() is not supported in husk');
  e.code = 'ERR_HUSK_NOT_SUPPORTED';
  throw e;
};
process.umask = () => 0o22;
process.uptime = (() => {
  const start = loop.now();
  return () => (loop.now() - start) / 1000;
})();
process.memoryUsage = native.memoryUsage;
process.emitWarning = (w) => require('console').error(`Warning: ${w instanceof Error ? w.message : w}`);
process.binding = () => { throw new Error('process.binding is not available in husk'); };

let exiting = false;
process.exit = function exit(code) {
  if (code !== undefined) process.exitCode = code;
  if (!exiting) {
    exiting = true;
    process.emit('exit', exitCodeNumber());
  }
  native.exit(exitCodeNumber());
};
process.reallyExit = process.exit;
process.abort = () => native.exit(134);

function exitCodeNumber() {
  const c = process.exitCode;
  return c === undefined || c === null ? 0 : Number(c) | 0;
}

// Called by the runtime when the loop ran dry.
process._atExit = () => {
  if (!exiting) {
    exiting = true;
    process.emit('beforeExit', exitCodeNumber());
    process.emit('exit', exitCodeNumber());
  }
  return exitCodeNumber();
};

process.hrtime = function hrtime(prev) {
  const [s, ns] = native.hrtime();
  if (!prev) return [s, ns];
  let ds = s - prev[0], dns = ns - prev[1];
  if (dns < 0) {
    ds--;
    dns += 1e9;
  }
  return [ds, dns];
};
process.hrtime.bigint = native.hrtimeBigint;

// nextTick: its queue runs before promise jobs (loop.c asks tickHook first).
let ticks = [];
process.nextTick = function nextTick(cb, ...args) {
  if (typeof cb !== 'function') {
    const e = new TypeError('The "callback" argument must be of type function');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  ticks.push([cb, args]);
};
function runTicks() {
  if (ticks.length === 0) return false;
  while (ticks.length) {
    const batch = ticks;
    ticks = [];
    for (let i = 0; i < batch.length; i++) {
      try {
        batch[i][0](...batch[i][1]);
      } catch (e) {
        ticks = batch.slice(i + 1).concat(ticks);
        throw e;
      }
    }
  }
  return true;
}
loop.setHooks(null, runTicks);

function stream(fd) {
  const s = new EventEmitter();
  s.fd = fd;
  s.isTTY = false;
  s.writable = true;
  s.write = (chunk, encoding, cb) => {
    if (typeof encoding === 'function') cb = encoding;
    if (typeof chunk !== 'string') chunk = require('buffer').Buffer.from(chunk).toString();
    native.writeRaw(fd, chunk);
    if (typeof cb === 'function') loop.queueMicrotask(cb);
    return true;
  };
  s.end = (chunk, encoding, cb) => {
    if (chunk != null && typeof chunk !== 'function') s.write(chunk, encoding);
    const done = [chunk, encoding, cb].find((f) => typeof f === 'function');
    if (done) loop.queueMicrotask(done);
  };
  s.columns = 80;
  return s;
}
process.stdout = stream(1);
process.stderr = stream(2);
process.stdin = Object.assign(new EventEmitter(), { fd: 0, isTTY: false });

module.exports = process;
