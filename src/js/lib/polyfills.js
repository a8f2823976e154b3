'use strict';
// Library additions from ES2022-ES2024 that QuickJS 2021-03-27 lacks and
// npm packages commonly use, written to the spec's algorithms. Syntax
// (class static blocks, `#x in obj`, top-level await, RegExp /d and /v)
// cannot be added this way: docs/js.md lists what is missing.

function define(obj, name, value) {
  if (!Object.prototype.hasOwnProperty.call(obj, name))
    Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false });
}

const toIntegerOrInfinity = (v) => {
  const n = Number(v);
  if (n !== n || n === 0) return 0;
  return n === Infinity || n === -Infinity ? n : Math.trunc(n);
};
const TypedArray = Object.getPrototypeOf(Uint8Array);

function at(index) {
  const o = Object(this);
  const len = o.length >>> 0;
  let k = toIntegerOrInfinity(index);
  if (k < 0) k += len;
  return k < 0 || k >= len ? undefined : typeof o === 'object' && o instanceof String ? String(this)[k] : o[k];
}
define(Array.prototype, 'at', at);
define(TypedArray.prototype, 'at', at);
define(String.prototype, 'at', function (index) {
  const s = String(this);
  let k = toIntegerOrInfinity(index);
  if (k < 0) k += s.length;
  return k < 0 || k >= s.length ? undefined : s[k];
});

define(Object, 'hasOwn', (o, key) => Object.prototype.hasOwnProperty.call(Object(o), key));

function findLast(pred, thisArg) {
  for (let i = (this.length >>> 0) - 1; i >= 0; i--) if (pred.call(thisArg, this[i], i, this)) return this[i];
  return undefined;
}
function findLastIndex(pred, thisArg) {
  for (let i = (this.length >>> 0) - 1; i >= 0; i--) if (pred.call(thisArg, this[i], i, this)) return i;
  return -1;
}
for (const proto of [Array.prototype, TypedArray.prototype]) {
  define(proto, 'findLast', findLast);
  define(proto, 'findLastIndex', findLastIndex);
}

// Change array by copy (ES2023).
define(Array.prototype, 'toReversed', function () { return Array.from(this).reverse(); });
define(Array.prototype, 'toSorted', function (cmp) {
  if (cmp !== undefined && typeof cmp !== 'function') throw new TypeError('The comparison function must be either a function or undefined');
  return Array.from(this).sort(cmp);
});
define(Array.prototype, 'toSpliced', function (...args) {
  const copy = Array.from(this);
  copy.splice(...args);
  return copy;
});
define(Array.prototype, 'with', function (index, value) {
  const copy = Array.from(this);
  let k = toIntegerOrInfinity(index);
  if (k < 0) k += copy.length;
  if (k < 0 || k >= copy.length) throw new RangeError('Invalid index');
  copy[k] = value;
  return copy;
});
define(TypedArray.prototype, 'toReversed', function () { return this.slice().reverse(); });
define(TypedArray.prototype, 'toSorted', function (cmp) { return this.slice().sort(cmp); });
define(TypedArray.prototype, 'with', function (index, value) {
  const copy = this.slice();
  let k = toIntegerOrInfinity(index);
  if (k < 0) k += copy.length;
  if (k < 0 || k >= copy.length) throw new RangeError('Invalid typed array index');
  copy[k] = value;
  return copy;
});

define(String.prototype, 'isWellFormed', function () {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/.test(String(this));
});
define(String.prototype, 'toWellFormed', function () {
  return String(this).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/g,
    (m) => (m.length === 2 ? m[0] + '\uFFFD' : '\uFFFD'));
});

define(Promise, 'withResolvers', function () {
  let resolve, reject;
  const promise = new this((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
});

function groupBy(items, key, make, add) {
  const out = make();
  let i = 0;
  for (const item of items) add(out, key(item, i++), item);
  return out;
}
define(Object, 'groupBy', (items, key) => groupBy(items, key, () => Object.create(null), (o, k, v) => {
  k = typeof k === 'symbol' ? k : String(k);
  (o[k] || (o[k] = [])).push(v);
}));
define(Map, 'groupBy', (items, key) => groupBy(items, key, () => new Map(), (m, k, v) => {
  if (!m.has(k)) m.set(k, []);
  m.get(k).push(v);
}));

define(Array, 'fromAsync', async function (items, mapFn, thisArg) {
  const out = [];
  if (items[Symbol.asyncIterator]) {
    for await (const v of items) out.push(mapFn ? await mapFn.call(thisArg, v, out.length) : v);
  } else {
    for (const v of Array.from(items)) out.push(mapFn ? await mapFn.call(thisArg, await v, out.length) : await v);
  }
  return out;
});

// V8's Error.captureStackTrace, which many npm packages call (often
// unguarded) to give custom errors a stack.
define(Error, 'captureStackTrace', function (target) {
  const stack = new Error().stack;
  Object.defineProperty(target, 'stack', {
    value: String(stack).split('\n').slice(1).join('\n'),
    writable: true, configurable: true,
  });
});
if (Error.stackTraceLimit === undefined) Error.stackTraceLimit = 10;

// WeakRef and FinalizationRegistry (ES2021) without a collector hook:
// a WeakRef holds its target strongly and a registry never calls back.
// Both are allowed behaviours (collection is never guaranteed), and they
// let code that feature-tests for them, or caches through them, run.
if (typeof globalThis.WeakRef !== 'function') {
  class WeakRef {
    constructor(target) {
      if (target === null || (typeof target !== 'object' && typeof target !== 'function'))
        throw new TypeError('WeakRef: target must be an object');
      this._target = target;
    }
    deref() { return this._target; }
  }
  Object.defineProperty(WeakRef.prototype, Symbol.toStringTag, { value: 'WeakRef', configurable: true });
  define(globalThis, 'WeakRef', WeakRef);
}
if (typeof globalThis.FinalizationRegistry !== 'function') {
  class FinalizationRegistry {
    constructor(cleanup) {
      if (typeof cleanup !== 'function') throw new TypeError('FinalizationRegistry: cleanup must be callable');
    }
    register() {}
    unregister() { return false; }
  }
  define(globalThis, 'FinalizationRegistry', FinalizationRegistry);
}
