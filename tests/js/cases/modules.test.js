// CommonJS loading and Node's resolution, against tests/js/fixtures.
const assert = require('node:assert/strict');
const path = require('path');
const F = path.join(__dirname, '../fixtures');
const req = (p) => require(path.join(F, p));

// Relative, extension and index probing, JSON.
assert.equal(require('../fixtures/dir/withindex'), 'index');
assert.deepEqual(require('../fixtures/data.json'), { ok: true, list: [1, 2] });
assert.equal(require('../fixtures/cjsnamed').value, 42);

// node_modules walked up from the requiring file; main without extension.
const plain = req('node_modules/plain/lib/main.js');
assert.equal(require(F + '/../fixtures/node_modules/plain').name, 'plain');
assert.equal(plain.name, 'plain');
// A nested package finds its own dependency first.
assert.deepEqual(req('node_modules/outer'), { inner: 2 });
assert.equal(req('node_modules/inner').version, 1);
assert.equal(req('node_modules/@scope/pkg'), 'scoped');

// A require from inside fixtures/ resolves packages there.
const fromFixtures = require('module').createRequire(F + '/x.js');
assert.deepEqual(fromFixtures('withexports'), { kind: 'cjs' });            // "require" condition
assert.equal(fromFixtures('withexports/feature'), 'feature-node');         // "node" before "default"
assert.equal(fromFixtures('withexports/sub/a'), 'sub-a');                  // pattern
assert.equal(fromFixtures('withexports/package.json').name, 'withexports');
assert.throws(() => fromFixtures('withexports/private/x'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
assert.throws(() => fromFixtures('withexports/src/a.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
assert.deepEqual(fromFixtures('modfield'), { from: 'main' });               // require ignores "module"
assert.equal(fromFixtures.resolve('plain'), F + '/node_modules/plain/lib/main.js');
assert.equal(fromFixtures.resolve('node:fs'), 'node:fs');

// package.json "imports", to a file and to a package.
assert.deepEqual(req('pkgimports'), { dep: 'dep', ext: 1 });

// A require cycle: b sees a's partial exports, as in Node.
const a = req('cycle/a.js');
assert.equal(a.loaded, true);
assert.deepEqual(a.bSawA, { loaded: false, fromA: 'a' });

// Missing modules and built-ins husk lacks.
assert.throws(() => require('./no-such-file'),
  { code: 'MODULE_NOT_FOUND', message: `Cannot find module './no-such-file' from '${__filename}'` });
assert.throws(() => require('no-such-package'), { code: 'MODULE_NOT_FOUND' });
assert.throws(() => require('http'), { code: 'ERR_HUSK_MODULE_NOT_AVAILABLE', message: /Module 'node:http' is not available in husk/ });
// os and tty exist, with a sandboxed view of the host.
assert.equal(require('os').EOL, '\n');
assert.equal(require('node:os').hostname(), 'localhost');
assert.equal(require('tty').isatty(1), false);
assert.throws(() => require('node:child_process'), /not available in husk/);

// A module that throws while loading is not cached: the next require
// throws again instead of returning half an object.
assert.throws(() => req('throws.js'), /load failure/);
assert.throws(() => req('throws.js'), /load failure/);

// node: prefixes and the bare names give the same objects.
assert.equal(require('node:path'), require('path'));
assert.equal(require('fs/promises'), require('node:fs').promises);

// require() of an ES module gives its namespace (Node 20.19+), and so
// does import().
const ns = req('esm/mod.mjs');
assert.equal(ns.esmValue, 7);
assert.deepEqual(ns.default, { d: 1 });
assert.equal(req('esm/mod.mjs'), ns);
assert.equal(fromFixtures('esmonly').default(), 'hi');   // an ESM-only package
let imported = false;
import(F + '/esm/mod.mjs').then((ns) => {
  assert.equal(ns.esmValue, 7);
  assert.deepEqual(ns.default, { d: 1 });
  imported = true;
});
process.on('exit', () => assert.ok(imported, 'dynamic import finished'));

assert.equal(require.main, module);
assert.equal(module.id, '.');
assert.equal(typeof require.cache, 'object');
console.log('modules ok');
