'use strict';
// node:assert - husk's own, the Node-compatible subset tests use: ok,
// equal/notEqual (loose), strictEqual/notStrictEqual, deepEqual and
// deepStrictEqual (and their negations), throws/doesNotThrow, rejects/
// doesNotReject, match/doesNotMatch, fail, ifError, AssertionError, and
// assert/strict where the loose forms are the strict ones.

const util = require('util');

class AssertionError extends Error {
  constructor(options) {
    const { message, actual, expected, operator } = options;
    super(message !== undefined ? String(message)
      : `${util.inspect(actual)} ${operator} ${util.inspect(expected)}`);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = message === undefined;
  }
}

function fail(actual, expected, message, operator) {
  if (message instanceof Error) throw message;
  throw new AssertionError({ actual, expected, message, operator });
}

function describeDiff(actual, expected, what) {
  return `Expected values to be ${what}:\n\n${util.inspect(actual)}\n\nshould equal\n\n${util.inspect(expected)}`;
}

// Deep equality as Node's: strict compares prototypes, types and uses
// Object.is for primitives; loose uses == for primitives.
function isDeepEqual(a, b, strict, memo) {
  if (strict ? Object.is(a, b) : a == b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp) return String(a) === String(b) && a.lastIndex === b.lastIndex;
  if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
  if (ArrayBuffer.isView(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  if (a instanceof ArrayBuffer) return isDeepEqual(new Uint8Array(a), new Uint8Array(b), strict, memo);
  if (a instanceof Number || a instanceof String || a instanceof Boolean) {
    if (!Object.is(a.valueOf(), b.valueOf())) return false;
  }
  memo = memo || { a: [], b: [] };
  const seen = memo.a.indexOf(a);
  if (seen !== -1 && memo.b[seen] === b) return true;
  memo.a.push(a);
  memo.b.push(b);
  try {
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) {
        if (!b.has(k) || !isDeepEqual(v, b.get(k), strict, memo)) return false;
      }
      return true;
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false;
      outer: for (const v of a) {
        if (b.has(v)) continue;
        if (typeof v === 'object') {
          for (const w of b) if (isDeepEqual(v, w, strict, memo)) continue outer;
        }
        return false;
      }
      return true;
    }
    if (Array.isArray(a) && a.length !== b.length) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (!isDeepEqual(a[k], b[k], strict, memo)) return false;
    }
    if (strict) {
      const sa = Object.getOwnPropertySymbols(a).filter((s) => Object.prototype.propertyIsEnumerable.call(a, s));
      const sb = Object.getOwnPropertySymbols(b).filter((s) => Object.prototype.propertyIsEnumerable.call(b, s));
      if (sa.length !== sb.length) return false;
      for (const s of sa) if (!isDeepEqual(a[s], b[s], strict, memo)) return false;
    }
    return true;
  } finally {
    memo.a.pop();
    memo.b.pop();
  }
}

function ok(value, message) {
  if (!value) {
    fail(value, true, message === undefined && arguments.length === 0
      ? 'No value argument passed to `assert.ok()`'
      : message === undefined ? `The expression evaluated to a falsy value:\n\n  assert.ok(${util.inspect(value)})\n` : message, '==');
  }
}

// Does error match expected (a class, a RegExp, an object of properties
// or a validation function)?
function matches(err, expected, message) {
  if (expected === undefined) return true;
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && err instanceof expected) return true;
    if (Error.isPrototypeOf(expected) || expected === Error) return false;
    return expected.call({}, err) === true;
  }
  if (expected instanceof RegExp) return expected.test(String(err));
  if (typeof expected === 'object' && expected !== null) {
    for (const k of Object.keys(expected)) {
      const want = expected[k];
      const got = err == null ? undefined : err[k];
      if (want instanceof RegExp && typeof got === 'string') {
        if (!want.test(got)) return false;
      } else if (!isDeepEqual(got, want, true)) {
        return false;
      }
    }
    return true;
  }
  void message;
  return false;
}

function throws(fn, expected, message) {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  let threw = false, err;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) fail(undefined, expected, message || 'Missing expected exception.', 'throws');
  if (!matches(err, expected)) {
    if (typeof expected === 'function' && expected.prototype !== undefined && !(err instanceof expected) &&
        (Error.isPrototypeOf(expected) || expected === Error)) throw err;
    fail(err, expected, message || `The error did not match the expected one:\n${util.inspect(err)}`, 'throws');
  }
}

function doesNotThrow(fn, expected, message) {
  try {
    fn();
  } catch (e) {
    if (typeof expected === 'string') message = expected;
    fail(e, undefined, `Got unwanted exception${message ? ': ' + message : '.'}\nActual message: "${e && e.message}"`, 'doesNotThrow');
  }
}

async function rejects(promiseOrFn, expected, message) {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  const p = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  let err, threw = false;
  try {
    await p;
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) fail(undefined, expected, message || 'Missing expected rejection.', 'rejects');
  if (!matches(err, expected)) fail(err, expected, message || `The rejection did not match the expected one:\n${util.inspect(err)}`, 'rejects');
}

async function doesNotReject(promiseOrFn, message) {
  const p = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
  try {
    await p;
  } catch (e) {
    fail(e, undefined, `Got unwanted rejection.\nActual message: "${e && e.message}"${message ? '\n' + message : ''}`, 'doesNotReject');
  }
}

function makeAssert(strict) {
  const assert = (value, message) => ok(value, message);
  Object.assign(assert, {
    ok, fail: (message) => fail(undefined, undefined, message === undefined ? 'Failed' : message, 'fail'),
    AssertionError, throws, doesNotThrow, rejects, doesNotReject, isDeepEqual,
    strictEqual(a, b, message) {
      if (!Object.is(a, b)) fail(a, b, message !== undefined ? message : `Expected values to be strictly equal:\n\n${util.inspect(a)} !== ${util.inspect(b)}\n`, 'strictEqual');
    },
    notStrictEqual(a, b, message) {
      if (Object.is(a, b)) fail(a, b, message !== undefined ? message : `Expected "actual" to be strictly unequal to: ${util.inspect(b)}`, 'notStrictEqual');
    },
    deepStrictEqual(a, b, message) {
      if (!isDeepEqual(a, b, true)) fail(a, b, message !== undefined ? message : describeDiff(a, b, 'strictly deep-equal'), 'deepStrictEqual');
    },
    notDeepStrictEqual(a, b, message) {
      if (isDeepEqual(a, b, true)) fail(a, b, message !== undefined ? message : `Expected "actual" not to be strictly deep-equal to: ${util.inspect(b)}`, 'notDeepStrictEqual');
    },
    match(s, re, message) {
      if (typeof s !== 'string' || !re.test(s)) fail(s, re, message !== undefined ? message : `The input did not match the regular expression ${re}. Input:\n\n${util.inspect(s)}\n`, 'match');
    },
    doesNotMatch(s, re, message) {
      if (typeof s === 'string' && re.test(s)) fail(s, re, message !== undefined ? message : `The input was expected to not match the regular expression ${re}. Input:\n\n${util.inspect(s)}\n`, 'doesNotMatch');
    },
    ifError(v) {
      if (v !== null && v !== undefined) {
        if (v instanceof Error) throw v;
        fail(v, null, `ifError got unwanted exception: ${util.inspect(v)}`, 'ifError');
      }
    },
  });
  if (strict) {
    assert.equal = assert.strictEqual;
    assert.notEqual = assert.notStrictEqual;
    assert.deepEqual = assert.deepStrictEqual;
    assert.notDeepEqual = assert.notDeepStrictEqual;
  } else {
    assert.equal = (a, b, message) => {
      if (!(a == b || (a !== a && b !== b))) fail(a, b, message !== undefined ? message : `${util.inspect(a)} == ${util.inspect(b)}`, '==');
    };
    assert.notEqual = (a, b, message) => {
      if (a == b || (a !== a && b !== b)) fail(a, b, message !== undefined ? message : `${util.inspect(a)} != ${util.inspect(b)}`, '!=');
    };
    assert.deepEqual = (a, b, message) => {
      if (!isDeepEqual(a, b, false)) fail(a, b, message !== undefined ? message : describeDiff(a, b, 'loosely deep-equal'), 'deepEqual');
    };
    assert.notDeepEqual = (a, b, message) => {
      if (isDeepEqual(a, b, false)) fail(a, b, message !== undefined ? message : `Expected "actual" not to be loosely deep-equal to: ${util.inspect(b)}`, 'notDeepEqual');
    };
  }
  return assert;
}

const assert = makeAssert(false);
assert.strict = makeAssert(true);
assert.strict.strict = assert.strict;
module.exports = assert;
