'use strict';
// bootstrap.js - the first script a runtime runs: the CommonJS loader, the
// ES module glue the C hooks call (resolveImport, loadForImport), the
// built-in module table and the globals of the selected built-ins.
//
// Built-in modules are lib/*.js files loaded on first use; a global such as
// Buffer is a getter that loads its module the first time it is read, so a
// program pays only for what it touches.

const L = binding('loader');
const api = module.exports = {
  requireLib, resolveImport, loadForImport, runMain, runMainCompiled, runScript,
  initImportMeta, formatOf, atExit, createRequire, builtinNames, Module: null,
};
L.setLoader(api);

const config = L.config();
const BIT = {
  console: 1, timers: 2, process: 4, path: 8, events: 16, buffer: 32, encoding: 64,
  url: 128, crypto: 256, performance: 512, structuredClone: 1024, fs: 2048,
  util: 4096, assert: 8192, webassembly: 16384,
};
const enabled = (bit) => bit === 0 || (config.builtins & bit) !== 0;

// ------------------------------------------------------------ libraries

const libs = Object.create(null);
libs.bootstrap = api;   // libraries reach the loader as require('bootstrap')
function requireLib(name) {
  let m = libs[name];
  if (m === undefined) m = libs[name] = L.loadLib(name);
  return m;
}

requireLib('polyfills');
const path = requireLib('path');
const { resolve: resolvePath, packageScope } = requireLib('resolve');

// ------------------------------------------------------------ built-ins

// name -> [library, selection bit, part of the library's exports]
const BUILTINS = {
  assert: ['assert', BIT.assert], 'assert/strict': ['assert', BIT.assert, 'strict'],
  buffer: ['buffer', BIT.buffer], console: ['console', BIT.console],
  crypto: ['crypto', BIT.crypto], events: ['events', BIT.events],
  fs: ['fs', BIT.fs], 'fs/promises': ['fs', BIT.fs, 'promises'],
  module: ['module', 0], os: ['os', BIT.process], path: ['path', BIT.path], 'path/posix': ['path', BIT.path],
  perf_hooks: ['perf_hooks', BIT.performance], process: ['process', BIT.process],
  string_decoder: ['string_decoder', BIT.buffer],
  timers: ['timers', BIT.timers], 'timers/promises': ['timers', BIT.timers, 'promises'],
  tty: ['tty', BIT.process],
  url: ['url', BIT.url], util: ['util', BIT.util], 'util/types': ['util', BIT.util, 'types'],
};

// Node's own modules: a bare name from this list is a built-in (taking
// precedence over node_modules), so one husk lacks fails clearly instead
// of being looked up on disk.
const NODE_CORE = new Set(('assert assert/strict async_hooks buffer child_process cluster console ' +
  'constants crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http ' +
  'http2 https inspector module net os path path/posix path/win32 perf_hooks process punycode ' +
  'querystring readline readline/promises repl stream stream/consumers stream/promises stream/web ' +
  'string_decoder sys timers timers/promises tls trace_events tty url util util/types v8 vm ' +
  'wasi worker_threads zlib test').split(' '));

const isBuiltin = (name) => NODE_CORE.has(name);

function builtinNames() {
  return Object.keys(BUILTINS).filter((n) => enabled(BUILTINS[n][1]));
}

function notAvailable(name, why) {
  const e = new Error(`Module 'node:${name}' is not available in husk${why ? ` (${why})` : ''}`);
  e.code = 'ERR_HUSK_MODULE_NOT_AVAILABLE';
  return e;
}

// Why name cannot be loaded, or null when it can.
function unavailable(name, from) {
  const entry = BUILTINS[name];
  const where = from ? `, imported from ${from}` : '';
  if (!entry) return notAvailable(name, where ? where.slice(2) : '');
  if (!enabled(entry[1])) return notAvailable(name, `not enabled in this runtime${where}`);
  return null;
}

function loadBuiltin(name) {
  const err = unavailable(name);
  if (err) throw err;
  const entry = BUILTINS[name];
  const lib = requireLib(entry[0]);
  return entry[2] ? lib[entry[2]] : lib;
}

// ------------------------------------------------------------ formats

// "esm", "cjs", "json" or "addon", by Node's rules: the extension, else the
// nearest package.json's "type", else (no "type") the syntax, as node
// 22's detection does.
function formatOf(file) {
  const ext = path.extname(file);
  if (ext === '.mjs') return 'esm';
  if (ext === '.cjs') return 'cjs';
  if (ext === '.json') return 'json';
  if (ext === '.node') return 'addon';
  const scope = packageScope(file);
  const type = scope && scope.pkg.type;
  if (type === 'module') return 'esm';
  if (type === 'commonjs') return 'cjs';
  const source = L.readText(file);
  return source !== null && looksLikeModule(source, file) ? 'esm' : 'cjs';
}

const ESM_SYNTAX = /(^|[\n;{}])\s*(import\s*[\w{*'"]|import\.meta|export\s+(default|const|let|var|function|class|async|\{|\*))/;
function looksLikeModule(source, file) {
  if (L.detectModule(source)) return true;
  if (!ESM_SYNTAX.test(source)) return false;
  // The pattern may match inside a string: only a file that is not valid
  // CommonJS is taken as a module.
  try {
    L.compile(source, file);
    return false;
  } catch (e) {
    return e instanceof SyntaxError;
  }
}

// ------------------------------------------------------------ CommonJS

class Module {
  constructor(id, parent) {
    this.id = id;
    this.filename = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.loaded = false;
    this.parent = parent || null;
    this.children = [];
    if (parent) parent.children.push(this);
  }
}
Module._cache = Object.create(null);
Module.builtinModules = builtinNames();
api.Module = Module;
let mainModule;

function makeRequire(mod) {
  const require = (id) => requireFrom(id, mod);
  require.resolve = (id) => {
    const r = resolveRequest(id, mod);
    return r.startsWith('node:') && !id.startsWith('node:') ? r.slice(5) : r;
  };
  require.resolve.paths = () => [];
  require.cache = Module._cache;
  require.main = mainModule;
  return require;
}

function createRequire(filename) {
  if (typeof filename !== 'string') filename = String(filename);
  if (filename.startsWith('file://')) filename = decodeURIComponent(filename.slice(7));
  const m = new Module(filename, null);
  return makeRequire(m);
}

function resolveRequest(request, mod, mode) {
  if (typeof request !== 'string' || request === '') {
    const e = new TypeError(`The "id" argument must be a non-empty string. Received ${typeof request}`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  return resolvePath(request, mod.path, mode || 'require', mod.filename, config.searchPaths, isBuiltin);
}

function requireFrom(request, parent) {
  const id = resolveRequest(request, parent);
  if (id.startsWith('node:')) return loadBuiltin(id.slice(5));
  return loadFile(id, parent);
}

// Node's cycle semantics: a module is cached before it runs, so a require
// cycle sees the partial exports of the module still running.
function loadFile(id, parent) {
  const cached = Module._cache[id];
  if (cached) return cached.exports;
  const format = formatOf(id);
  if (format === 'esm') return requireModule(id, parent);
  if (format === 'addon') throw notAvailable(`native addon ${id}`, 'husk cannot load .node files');
  const mod = new Module(id, parent);
  Module._cache[id] = mod;
  let ok = false;
  try {
    evaluate(mod, format);
    ok = true;
  } finally {
    if (!ok) delete Module._cache[id];
  }
  mod.loaded = true;
  return mod.exports;
}

// require() of an ES module, as Node 20.19+ does: its namespace object (or
// its "module.exports" export). The import() it starts settles within the
// jobs it queues, since QuickJS 2021 has no top-level await; running them
// here may run other pending jobs early, a deviation from Node's order.
function requireModule(id, parent) {
  const box = { done: false };
  import(id).then((ns) => Object.assign(box, { done: true, ns }),
    (err) => Object.assign(box, { done: true, err }));
  if (!L.runJobsUntil(() => box.done)) {
    const e = new Error(`require() of ES Module ${id} from ${parent ? parent.filename : '?'} did not finish`);
    e.code = 'ERR_REQUIRE_ASYNC_MODULE';
    throw e;
  }
  if (box.err) throw box.err;
  return 'module.exports' in box.ns ? box.ns['module.exports'] : box.ns;
}

function stripBOM(s) {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function readSource(file) {
  const text = L.readText(file);
  if (text === null) {
    const e = new Error(`Cannot read module '${file}'`);
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  return stripBOM(text);
}

function evaluate(mod, format, wrapper) {
  if (format === 'json') {
    const text = readSource(mod.filename);
    try {
      mod.exports = JSON.parse(text);
    } catch (e) {
      e.message = `${mod.filename}: ${e.message}`;
      throw e;
    }
    return;
  }
  const fn = wrapper || L.compile(readSource(mod.filename), mod.filename);
  fn.call(mod.exports, mod.exports, makeRequire(mod), mod, mod.filename, mod.path);
}

// ------------------------------------------------------------ entry points

function runMain(file) {
  api.mainFilename = file;
  const format = formatOf(file);
  if (format === 'esm') return L.evalModule(file, true);
  mainModule = new Module(file, null);
  mainModule.id = '.';
  Module._cache[file] = mainModule;
  evaluate(mainModule, format);
  mainModule.loaded = true;
}

function runMainCompiled(file, wrapper) {
  api.mainFilename = file;
  mainModule = new Module(file, null);
  mainModule.id = '.';
  Module._cache[file] = mainModule;
  evaluate(mainModule, 'cjs', wrapper);
  mainModule.loaded = true;
}

function runScript(source, file) {
  api.mainFilename = file;
  mainModule = new Module(path.resolve(file), null);
  mainModule.id = '.';
  evaluate(mainModule, 'cjs', L.compile(source, mainModule.filename));
  mainModule.loaded = true;
}

// ------------------------------------------------------------ ES modules

function resolveImport(specifier, referrer) {
  if (referrer.startsWith('node:')) referrer = path.resolve('.');
  const from = path.isAbsolute(referrer) ? referrer : path.resolve(referrer);
  const id = resolvePath(specifier, path.dirname(from), 'import', from, config.searchPaths, isBuiltin);
  // Fail here, where the importing file is known.
  const err = id.startsWith('node:') && unavailable(id.slice(5), from);
  if (err) throw err;
  return id;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
function exportNames(value) {
  const names = ['default'];
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    for (const k of Object.keys(value)) if (k !== 'default' && IDENTIFIER.test(k)) names.push(k);
  }
  return names;
}

// What the C load hook turns into a module: { source } for an ES module,
// { value, names } for everything else (value becomes default, and each
// name a named export taken from it).
function loadForImport(id) {
  if (id.startsWith('node:')) {
    const value = loadBuiltin(id.slice(5));
    return { value, names: exportNames(value) };
  }
  const format = formatOf(id);
  if (format === 'esm') return { source: readSource(id) };
  if (format === 'json') {
    const mod = { filename: id, exports: undefined };
    evaluate(mod, 'json');
    return { value: mod.exports, names: ['default'] };
  }
  const value = loadFile(id, null);
  return { value, names: exportNames(value) };
}

function initImportMeta(meta, filename, isMain) {
  meta.url = 'file://' + encodeURI(filename).replace(/[?#]/g, encodeURIComponent);
  meta.filename = filename;
  meta.dirname = path.dirname(filename);
  meta.main = isMain;
  meta.resolve = (specifier) => {
    const r = resolveImport(specifier, filename);
    return r.startsWith('node:') ? r : 'file://' + encodeURI(r);
  };
  if (isMain) api.mainFilename = filename;
}

// At the end of a run: process's 'exit' event and exitCode, if the program
// used process at all.
function atExit() {
  const proc = libs.process;
  return proc ? proc._atExit() : 0;
}

// ------------------------------------------------------------ globals

function defineValue(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

function lazyGlobal(name, bit, get) {
  if (!enabled(bit)) return;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: false,
    get() {
      const v = get();
      defineValue(name, v);
      return v;
    },
    set(v) {
      defineValue(name, v);
    },
  });
}

defineValue('global', globalThis);
lazyGlobal('console', BIT.console, () => requireLib('console'));
for (const n of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'])
  lazyGlobal(n, BIT.timers, () => requireLib('timers')[n]);
if (enabled(BIT.timers)) defineValue('queueMicrotask', binding('loop').queueMicrotask);
lazyGlobal('process', BIT.process, () => requireLib('process'));
for (const n of ['Event', 'EventTarget', 'AbortController', 'AbortSignal'])
  lazyGlobal(n, BIT.events, () => requireLib('event_target')[n]);
lazyGlobal('Buffer', BIT.buffer, () => requireLib('buffer').Buffer);
lazyGlobal('atob', BIT.buffer, () => requireLib('buffer').atob);
lazyGlobal('btoa', BIT.buffer, () => requireLib('buffer').btoa);
lazyGlobal('TextEncoder', BIT.encoding, () => requireLib('encoding').TextEncoder);
lazyGlobal('TextDecoder', BIT.encoding, () => requireLib('encoding').TextDecoder);
lazyGlobal('URL', BIT.url, () => requireLib('url').URL);
lazyGlobal('URLSearchParams', BIT.url, () => requireLib('url').URLSearchParams);
lazyGlobal('crypto', BIT.crypto, () => requireLib('crypto').webcrypto);
lazyGlobal('performance', BIT.performance, () => requireLib('perf_hooks').performance);
lazyGlobal('structuredClone', BIT.structuredClone, () => requireLib('structured_clone'));
lazyGlobal('WebAssembly', BIT.webassembly, () => requireLib('webassembly'));
