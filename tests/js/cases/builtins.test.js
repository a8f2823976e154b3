// The built-in modules and globals, against Node's behaviour.
const assert = require('node:assert/strict');
const path = require('node:path');
const util = require('node:util');
const EventEmitter = require('node:events');
const { Buffer } = require('node:buffer');
const { StringDecoder } = require('node:string_decoder');
const url = require('node:url');
const crypto = require('node:crypto');

// path
assert.equal(path.join('/a/b', '../c', './d.js'), '/a/c/d.js');
assert.equal(path.resolve('/x', 'y', '..', 'z'), '/x/z');
assert.equal(path.relative('/a/b/c', '/a/d'), '../../d');
assert.equal(path.dirname('/a/b/'), '/a');
assert.equal(path.basename('/a/b.txt', '.txt'), 'b');
assert.equal(path.extname('x.tar.gz'), '.gz');
assert.equal(path.normalize('a//b/../c/.'), 'a/c');
assert.equal(path.isAbsolute('/a'), true);
assert.deepEqual(path.parse('/home/u/f.txt'), { root: '/', dir: '/home/u', base: 'f.txt', ext: '.txt', name: 'f' });
assert.equal(path.format({ dir: '/x', base: 'y.js' }), '/x/y.js');
assert.equal(path.posix, path);

// events
const e = new EventEmitter();
const seen = [];
e.on('x', (v) => seen.push('on' + v));
e.prependListener('x', (v) => seen.push('first' + v));
e.once('x', (v) => seen.push('once' + v));
e.emit('x', 1);
e.emit('x', 2);
assert.deepEqual(seen, ['first1', 'on1', 'once1', 'first2', 'on2']);
assert.equal(e.listenerCount('x'), 2);
assert.throws(() => e.emit('error', new Error('unhandled')), /unhandled/);
class Sub extends EventEmitter {}
const s = new Sub();
let got;
s.on('y', function (v) { got = [this === s, v]; });
s.emit('y', 5);
assert.deepEqual(got, [true, 5]);

// Buffer
const b = Buffer.from('héllo');
assert.equal(b.length, 6);
assert.equal(b.toString('hex'), '68c3a96c6c6f');
assert.equal(b.toString('base64'), 'aMOpbGxv');
assert.equal(Buffer.from('aMOpbGxv', 'base64').toString(), 'héllo');
assert.equal(Buffer.from('68c3a96c6c6f', 'hex').toString('utf8'), 'héllo');
assert.equal(Buffer.from([1, 2, 3]).toString('base64url'), 'AQID');
assert.equal(Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString(), 'abcd');
assert.equal(Buffer.alloc(3, 'a').toString(), 'aaa');
assert.equal(Buffer.byteLength('€'), 3);
const rw = Buffer.alloc(8);
rw.writeUInt32BE(0xdeadbeef, 0);
rw.writeInt16LE(-2, 4);
assert.equal(rw.readUInt32BE(0), 0xdeadbeef);
assert.equal(rw.readInt16LE(4), -2);
assert.equal(rw.subarray(0, 2).toString('hex'), 'dead');
assert.ok(Buffer.isBuffer(rw.slice(1)));
assert.equal(Buffer.compare(Buffer.from('a'), Buffer.from('b')), -1);
assert.equal(b.indexOf('l'), 3);
assert.deepEqual(Buffer.from('hi').toJSON(), { type: 'Buffer', data: [104, 105] });
assert.equal(util.inspect(Buffer.from('hi')), '<Buffer 68 69>');
assert.equal(atob(btoa('hello')), 'hello');
const sd = new StringDecoder('utf8');
assert.equal(sd.write(Buffer.from([0xe2, 0x82])) + sd.write(Buffer.from([0xac])), '€');

// TextEncoder / TextDecoder
const enc = new TextEncoder().encode('€a');
assert.deepEqual([...enc], [0xe2, 0x82, 0xac, 0x61]);
assert.equal(new TextDecoder().decode(enc), '€a');
assert.equal(new TextDecoder().decode(new Uint8Array([0xff, 0x61])), '\ufffda');
assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])), TypeError);
const into = new Uint8Array(3);
assert.deepEqual(new TextEncoder().encodeInto('a€', into), { read: 1, written: 1 });
assert.equal(new TextDecoder('utf-16le').decode(new Uint8Array([0x68, 0, 0x69, 0])), 'hi');

// URL
const u = new URL('../a/./b?x=1&y=%20#f', 'HTTP://User:pw@Example.COM:80/p/q/r');
assert.equal(u.href, 'http://User:pw@example.com/p/a/b?x=1&y=%20#f');
assert.equal(u.origin, 'http://example.com');
assert.equal(u.searchParams.get('y'), ' ');
u.searchParams.append('z', 'a b');
assert.equal(u.search, '?x=1&y=+&z=a+b');
assert.equal(new URL('https://h:443/').port, '');
assert.equal(new URL('file:///tmp/a%20b').pathname, '/tmp/a%20b');
assert.equal(url.fileURLToPath('file:///tmp/a%20b'), '/tmp/a b');
assert.equal(url.pathToFileURL('/tmp/a b').href, 'file:///tmp/a%20b');
assert.throws(() => new URL('not a url'), { code: 'ERR_INVALID_URL' });
assert.equal(new URL('mailto:me@example.com').pathname, 'me@example.com');
assert.equal(new URLSearchParams({ a: '1', b: 'é' }).toString(), 'a=1&b=%C3%A9');
assert.deepEqual([...new URLSearchParams('a=1&a=2&b')], [['a', '1'], ['a', '2'], ['b', '']]);
assert.equal(URL.canParse('http://x'), true);

// crypto
const r = crypto.getRandomValues(new Uint8Array(16));
assert.equal(r.length, 16);
assert.match(crypto.randomUUID(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
assert.equal(globalThis.crypto.getRandomValues(new Uint8Array(4)).length, 4);
assert.equal(crypto.randomBytes(8).length, 8);
assert.throws(() => crypto.getRandomValues(new Float64Array(2)), { name: 'TypeMismatchError' });

// performance, structuredClone
const t0 = performance.now();
assert.ok(t0 >= 0 && performance.now() >= t0);
const orig = { a: [1, { b: 2n }], m: new Map([[1, new Set(['x'])]]), d: new Date(5), u8: new Uint8Array([1, 2]) };
orig.self = orig;
const copy = structuredClone(orig);
assert.notEqual(copy, orig);
assert.equal(copy.self, copy);
assert.deepEqual(copy.a, [1, { b: 2n }]);
assert.ok(copy.m.get(1).has('x'));
assert.equal(copy.d.getTime(), 5);
assert.deepEqual([...copy.u8], [1, 2]);
assert.throws(() => structuredClone({ f() {} }), { name: 'DataCloneError' });

// util
assert.equal(util.format('%s=%d %j', 'a', 42, { x: 1 }), 'a=42 {"x":1}');
assert.equal(util.inspect({ a: { b: { c: { d: 1 } } } }), '{ a: { b: { c: [Object] } } }');
assert.equal(util.inspect(new Map([['k', [1, 'two']]])), "Map(1) { 'k' => [ 1, 'two' ] }");
assert.equal(util.inspect('str'), "'str'");
assert.equal(util.inspect([1, , 3]), '[ 1, <1 empty item>, 3 ]');
assert.equal(util.inspect(-0), '-0');
assert.equal(util.inspect(Object.create(null)), '[Object: null prototype] {}');
class Point { constructor() { this.x = 1; } }
assert.equal(util.inspect(new Point()), 'Point { x: 1 }');
assert.ok(util.types.isDate(new Date()));
const p = util.promisify((x, cb) => cb(null, x * 2));
p(21).then((v) => assert.equal(v, 42));

// process
assert.equal(process.argv[1], __filename);
assert.ok(Array.isArray(process.argv));
assert.equal(typeof process.hrtime.bigint(), 'bigint');
assert.equal(process.hrtime().length, 2);
assert.equal(process.platform, 'linux');
assert.equal(process.cwd(), path.resolve('.'));
assert.equal(typeof process.memoryUsage().rss, 'number');
let ticked = false;
process.nextTick((v) => { ticked = v; }, true);
Promise.resolve().then(() => assert.equal(ticked, true));   // nextTick before promises
console.log('builtins ok');
