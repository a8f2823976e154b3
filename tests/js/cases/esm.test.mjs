// ES modules importing ES modules, CommonJS, JSON and built-ins.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'fs';
import { EventEmitter } from 'events';
import defaultPath from 'path';
import cjs, { value } from '../fixtures/cjsnamed.js';
import data from '../fixtures/data.json';
import { esmValue } from '../fixtures/esm/mod.mjs';
import { typed } from '../fixtures/esm/typed.js';
import { detected } from '../fixtures/detect.js';
import withexports, { kind } from '../fixtures/node_modules/withexports/esm.mjs';
import { createRequire } from 'node:module';

assert.equal(value, 42);
assert.equal(cjs.default, 'not-default');     // default is module.exports, as in Node
assert.equal(cjs.value, 42);
assert.deepEqual(data.list, [1, 2]);
assert.equal(esmValue, 7);
assert.equal(typed, 'module by package.json');
assert.equal(detected, 7);
assert.equal(kind, 'esm');
assert.equal(withexports, 'esm-default');
assert.equal(path.join('a', 'b'), 'a/b');
assert.equal(defaultPath.sep, '/');
assert.equal(typeof readFileSync, 'function');
assert.equal(typeof EventEmitter, 'function');

assert.equal(import.meta.url, 'file://' + import.meta.filename);
assert.equal(import.meta.dirname, path.dirname(import.meta.filename));
assert.ok(import.meta.filename.endsWith('/esm.test.mjs'));

// No top-level await in QuickJS 2021-03-27: an async main instead.
(async () => {
  // Bare specifiers from a file under fixtures: "import" conditions and the
  // "module" field.
  const fixtures = path.join(import.meta.dirname, '../fixtures');
  const ns = await import(fixtures + '/node_modules/withexports/esm.mjs').catch(() => null);
  assert.ok(ns);
  
  const probe = path.join(fixtures, 'probe.mjs');
  const require = createRequire(probe);
  assert.deepEqual(require('withexports'), { kind: 'cjs' });
  
  // Dynamic imports resolve relative to this file.
  const mod = await import('../fixtures/node_modules/esmonly/index.js');
  assert.equal(mod.default(), 'hi');
  await assert.rejects(import('../fixtures/nope.mjs'), /Cannot find module/);
  await assert.rejects(import('node:http'), /not available in husk/);
  console.log('esm ok');
})();
