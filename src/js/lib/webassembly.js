'use strict';
// The WebAssembly namespace: the classes come from wasm_api.c (husk's
// engine); this adds the error classes and the promise-returning forms.

const native = binding('wasm');

class CompileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CompileError';
  }
}
class LinkError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LinkError';
  }
}
class RuntimeError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RuntimeError';
  }
}

const { Module, Instance, Memory, Table, Global } = native.init({ CompileError, LinkError, RuntimeError });

// Settles on a later job, as the promise forms must; the work itself is
// synchronous (husk compiles fast and has no background threads here).
function later(fn) {
  return new Promise((resolve, reject) => {
    queueJob(() => {
      try {
        resolve(fn());
      } catch (e) {
        reject(e);
      }
    });
  });
}
const queueJob = binding('loop').queueMicrotask;

function validate(bytes) {
  return native.validate(bytes);
}

function compile(bytes) {
  return later(() => new Module(bytes));
}

function instantiate(source, imports) {
  if (source instanceof Module) return later(() => new Instance(source, imports));
  return later(() => {
    const module = new Module(source);
    return { module, instance: new Instance(module, imports) };
  });
}

// The streaming forms take a Response (or a promise of one): anything with
// arrayBuffer() works, so a fetch polyfill or a file-backed stand-in does.
async function bytesOf(source) {
  const response = await source;
  if (response && typeof response.arrayBuffer === 'function') return response.arrayBuffer();
  throw new TypeError('WebAssembly: the streaming forms need a Response (an object with arrayBuffer())');
}
async function compileStreaming(source) {
  return new Module(await bytesOf(source));
}
async function instantiateStreaming(source, imports) {
  const module = new Module(await bytesOf(source));
  return { module, instance: new Instance(module, imports) };
}

const WebAssembly = {
  Module, Instance, Memory, Table, Global, CompileError, LinkError, RuntimeError,
  validate, compile, instantiate, compileStreaming, instantiateStreaming,
};
Object.defineProperty(WebAssembly, Symbol.toStringTag, { value: 'WebAssembly', configurable: true });
module.exports = WebAssembly;
