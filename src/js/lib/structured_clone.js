'use strict';
// structuredClone: the HTML structured clone algorithm for the types a
// program can make here: primitives, wrappers, Date, RegExp, ArrayBuffer
// and views, Map, Set, Error, arrays and plain objects, with cycles and
// shared references preserved. Functions and symbols throw
// DataCloneError, as they do in Node.

function dataCloneError(what) {
  const e = new Error(`${what} could not be cloned.`);
  e.name = 'DataCloneError';
  e.code = 25;
  return e;
}

function structuredClone(value, options) {
  const memory = new Map();
  const transfer = options && options.transfer ? options.transfer : [];

  function clone(v) {
    if (typeof v === 'symbol') throw dataCloneError(String(v));
    if (typeof v === 'function') throw dataCloneError(String(v).split('\n')[0].slice(0, 60));
    if (v === null || typeof v !== 'object') return v;
    if (memory.has(v)) return memory.get(v);
    let out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof Boolean || v instanceof Number || v instanceof String) out = Object(v.valueOf());
    else if (typeof BigInt === 'function' && Object.prototype.toString.call(v) === '[object BigInt]') out = Object(v.valueOf());
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      const buf = clone(v.buffer);
      // A subclass (Buffer) clones as its base type, as in Node.
      const Base = globalThis[Object.prototype.toString.call(v).slice(8, -1)];
      out = v instanceof DataView ? new DataView(buf, v.byteOffset, v.byteLength)
        : new Base(buf, v.byteOffset, v.length);
    } else if (v instanceof Map) {
      out = new Map();
      memory.set(v, out);
      for (const [k, val] of v) out.set(clone(k), clone(val));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      memory.set(v, out);
      for (const val of v) out.add(clone(val));
      return out;
    } else if (v instanceof Error) {
      const ctors = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
      const C = ctors[v.name] || Error;
      out = Object.create(C.prototype);
      memory.set(v, out);
      if (v.message !== undefined) Object.defineProperty(out, 'message', { value: String(v.message), writable: true, configurable: true });
      if (v.stack !== undefined) Object.defineProperty(out, 'stack', { value: String(v.stack), writable: true, configurable: true });
      if ('cause' in v) Object.defineProperty(out, 'cause', { value: clone(v.cause), writable: true, configurable: true });
      return out;
    } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
      throw dataCloneError(`#<${v.constructor.name}>`);
    } else if (Array.isArray(v)) {
      out = new Array(v.length);
      memory.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    } else {
      out = {};
      memory.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    memory.set(v, out);
    return out;
  }

  const result = clone(value);
  for (const t of transfer) if (t instanceof ArrayBuffer && typeof t.transfer === 'function') t.transfer();
  return result;
}

module.exports = structuredClone;
