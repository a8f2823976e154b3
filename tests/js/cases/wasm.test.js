// The WebAssembly JS API on husk's engine (modules from tests/js/wasm,
// assembled at build time and preopened as /wasm).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const bytes = fs.readFileSync('/wasm/api.wasm');

assert.equal(WebAssembly.validate(bytes), true);
assert.equal(WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99])), false);
assert.equal(String(WebAssembly), '[object WebAssembly]');

const mod = new WebAssembly.Module(bytes);
assert.deepEqual(WebAssembly.Module.imports(mod), [
  { module: 'env', name: 'log', kind: 'function' },
  { module: 'env', name: 'g', kind: 'global' },
]);
assert.deepEqual(WebAssembly.Module.exports(mod).map((e) => `${e.name}:${e.kind}`),
  ['mem:memory', 'counter:global', 'tbl:table', 'add:function', 'add64:function', 'callLog:function',
   'grow:function', 'trap:function', 'spin:function', 'store:function', 'two:function']);
assert.deepEqual(WebAssembly.Module.customSections(mod, 'none'), []);

const logged = [];
const instance = new WebAssembly.Instance(mod, { env: { log: (x) => logged.push(x), g: 100 } });
const e = instance.exports;
assert.equal(Object.getPrototypeOf(e), null);
assert.ok(Object.isFrozen(e) || !Object.isExtensible(e));
assert.equal(e.add(2, 3), 5);
assert.equal(e.add(0x7fffffff, 1), -0x80000000);        // i32 wraps
assert.equal(e.add64(2n, 40n), 42n);                     // i64 as BigInt
assert.equal(e.add64(-1n, 0n), -1n);
assert.throws(() => e.add64(1, 2), TypeError);           // a Number is not an i64
assert.deepEqual(e.two(), [1, 2.5]);                     // multi-value
e.callLog(5);
assert.deepEqual(logged, [105]);

// Globals
assert.ok(e.counter instanceof WebAssembly.Global);
assert.equal(e.counter.value, 5n);
e.counter.value = 7n;
assert.equal(e.counter.valueOf(), 7n);
const g = new WebAssembly.Global({ value: 'f32', mutable: false }, 1.5);
assert.equal(g.value, 1.5);
assert.throws(() => { g.value = 2; }, TypeError);

// Memory: buffer aliases linear memory; growth detaches old buffers.
assert.ok(e.mem instanceof WebAssembly.Memory);
const view = new Uint8Array(e.mem.buffer);
e.store(8, 0x04030201);
assert.deepEqual([...view.subarray(8, 12)], [1, 2, 3, 4]);
view[16] = 99;
assert.equal(new Uint8Array(e.mem.buffer)[16], 99);
assert.equal(e.mem.buffer, e.mem.buffer);                // same object until it changes
const before = e.mem.buffer;
assert.equal(e.grow(1), 1);                              // memory.grow inside Wasm
assert.equal(before.byteLength, 0);                      // detached
assert.equal(view.length, 0);
assert.equal(e.mem.buffer.byteLength, 2 * 65536);
assert.equal(new Uint8Array(e.mem.buffer)[16], 99);      // contents kept
const b2 = e.mem.buffer;
assert.equal(e.mem.grow(1), 2);                          // Memory.prototype.grow
assert.equal(b2.byteLength, 0);
assert.throws(() => e.mem.grow(100), RangeError);        // past the maximum (10)
const mem = new WebAssembly.Memory({ initial: 1, maximum: 2 });
assert.equal(mem.buffer.byteLength, 65536);
assert.equal(mem.grow(0), 1);

// Tables hold exported functions, with identity.
assert.equal(e.tbl.length, 2);
assert.equal(e.tbl.get(0), e.add);
assert.equal(e.tbl.get(1), null);
e.tbl.set(1, e.add64);
assert.equal(e.tbl.get(1), e.add64);
assert.equal(e.tbl.grow(2), 2);
assert.equal(e.tbl.length, 4);
assert.throws(() => e.tbl.get(10), RangeError);
assert.throws(() => e.tbl.set(0, () => 1), TypeError);
const t = new WebAssembly.Table({ element: 'anyfunc', initial: 1 });
assert.equal(t.get(0), null);

// Errors
assert.throws(() => e.trap(), (err) => err instanceof WebAssembly.RuntimeError && /unreachable/.test(err.message));
assert.throws(() => new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])), WebAssembly.CompileError);
assert.throws(() => new WebAssembly.Module(42), TypeError);
assert.throws(() => new WebAssembly.Instance(mod, { env: { log: 1, g: 1 } }), WebAssembly.LinkError);
assert.throws(() => new WebAssembly.Instance(mod, { env: { log() {}, g: 1n } }), WebAssembly.LinkError);
assert.throws(() => new WebAssembly.Instance(mod, {}), TypeError);
assert.throws(() => new WebAssembly.Instance(mod), TypeError);
assert.throws(() => WebAssembly.Module(bytes), TypeError);  // needs new
assert.ok(new WebAssembly.CompileError('x') instanceof Error);

// A JS exception thrown by an import reaches the caller unchanged.
const boom = new Error('from js');
const thrower = new WebAssembly.Instance(mod, { env: { log: () => { throw boom; }, g: 0 } });
assert.throws(() => thrower.exports.callLog(1), (err) => err === boom);

// An exported function imported by another instance keeps its identity
// and is called directly.
const second = new WebAssembly.Instance(mod, { env: { log: e.callLog, g: e.counter.value === 7n ? 1 : 0 } });
void second;

// Promise forms
let async1 = false;
WebAssembly.compile(bytes)
  .then((m) => WebAssembly.instantiate(m, { env: { log() {}, g: 1 } }))
  .then((inst) => {
    assert.ok(inst instanceof WebAssembly.Instance);
    return WebAssembly.instantiate(bytes, { env: { log() {}, g: 1 } });
  })
  .then(({ module: m, instance: i }) => {
    assert.ok(m instanceof WebAssembly.Module);
    assert.equal(i.exports.add(20, 22), 42);
    return WebAssembly.instantiate(new Uint8Array([1, 2, 3]));
  })
  .then(() => assert.fail('should reject'), (err) => {
    assert.ok(err instanceof WebAssembly.CompileError);
    async1 = true;
  });
process.on('exit', () => assert.ok(async1));

// wasm-bindgen --target nodejs shaped glue.
const glue = require('../fixtures/bindgen_glue.js');
assert.equal(glue.upper('hello, wasm'), 'HELLO, WASM');
assert.deepEqual(glue.logged, ['HELLO, WASM']);
assert.equal(glue.upper('again'), 'AGAIN');            // views refreshed after growth
assert.equal(glue.pages(), 3);
console.log('wasm ok');
