// Timers on the event loop, in Node's order.
const assert = require('node:assert/strict');
const { setTimeout: sleep } = require('node:timers/promises');
const order = [];
setTimeout(() => order.push('timeout 20'), 20);
setTimeout(() => order.push('timeout 5'), 5);
const cancelled = setTimeout(() => order.push('cancelled'), 1);
clearTimeout(cancelled);
setImmediate(() => order.push('immediate'));
process.nextTick(() => order.push('tick'));
Promise.resolve().then(() => order.push('promise'));
queueMicrotask(() => order.push('microtask'));
order.push('sync');
let n = 0;
const iv = setInterval(() => {
  order.push('interval');
  if (++n === 3) clearInterval(iv);
}, 2);
// An unref'd timer does not keep the loop alive.
setTimeout(() => { throw new Error('unref timer ran'); }, 10000).unref();
// clearTimeout by number, as code written for browsers does.
const byNumber = setTimeout(() => order.push('by number'), 1);
clearTimeout(+byNumber);
const t0 = Date.now();
sleep(30, 'value').then((v) => {
  assert.equal(v, 'value');
  assert.ok(Date.now() - t0 >= 29, 'slept at least 30 ms');
  order.push('sleep');
});
// Microtasks run between timer callbacks.
setTimeout(() => {
  order.push('t-a');
  Promise.resolve().then(() => order.push('t-a micro'));
}, 40);
setTimeout(() => order.push('t-b'), 40);
process.on('exit', () => {
  assert.deepEqual(order.slice(0, 4), ['sync', 'tick', 'promise', 'microtask']);
  assert.equal(order.filter((x) => x === 'interval').length, 3);
  assert.ok(order.indexOf('timeout 5') < order.indexOf('timeout 20'));
  assert.ok(order.includes('immediate'));
  assert.ok(!order.includes('cancelled') && !order.includes('by number'));
  assert.deepEqual(order.slice(-4), ['sleep', 't-a', 't-a micro', 't-b']);
  console.log('timers ok');
});
