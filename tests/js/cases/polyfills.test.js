// ES2022-2024 library functions QuickJS 2021-03-27 lacks, added by
// src/js/lib/polyfills.js.
const assert = require('node:assert/strict');
assert.equal([1, 2, 3].at(-1), 3);
assert.equal('abc'.at(-1), 'c');
assert.equal(new Uint8Array([5, 6]).at(-2), 5);
assert.equal(Object.hasOwn({ a: 1 }, 'a'), true);
assert.equal(Object.hasOwn({}, 'toString'), false);
assert.equal([1, 2, 3, 2].findLastIndex((x) => x === 2), 3);
assert.equal([1, 2].findLast((x) => x < 2), 1);
assert.deepEqual([3, 1, 2].toSorted(), [1, 2, 3]);
assert.deepEqual([1, 2, 3].toReversed(), [3, 2, 1]);
assert.deepEqual([1, 2].with(-1, 9), [1, 9]);
assert.deepEqual([1, 2, 3].toSpliced(1, 1), [1, 3]);
const groups = Object.groupBy([1, 2, 3], (x) => (x % 2 ? 'odd' : 'even'));
assert.deepEqual({ ...groups }, { odd: [1, 3], even: [2] });
assert.deepEqual([...Map.groupBy([1, 2, 3], (x) => x > 1)], [[false, [1]], [true, [2, 3]]]);
assert.equal('ab\uD800'.isWellFormed(), false);
assert.equal('ab\uD800'.toWellFormed(), 'ab\uFFFD');
class MyError extends Error {
  constructor(message) {
    super(message);
    Error.captureStackTrace(this, MyError);
  }
}
assert.equal(typeof new MyError('x').stack, 'string');
const target = {};
assert.equal(new WeakRef(target).deref(), target);
new FinalizationRegistry(() => {}).register(target, 1);
// husk's fix to libregexp: "\-" in a class with the u flag (fast-uri, ajv).
assert.ok(/^[\da-z\-._~]$/iu.test('-'));
const { promise, resolve } = Promise.withResolvers();
resolve(5);
promise.then((v) => assert.equal(v, 5));
Array.fromAsync([Promise.resolve(1), 2]).then((a) => {
  assert.deepEqual(a, [1, 2]);
  console.log('polyfills ok');
});
