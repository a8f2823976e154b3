// wasm-bindgen --target web shaped glue, loaded as an ES module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, { upper, logged, initSync } from '../fixtures/bindgen_web.mjs';

init(readFileSync('/wasm/bindgen.wasm')).then(() => {
  assert.equal(upper('web target'), 'WEB TARGET');
  assert.deepEqual(logged, ['WEB TARGET']);
  assert.equal(typeof initSync, 'function');
  console.log('wasm web ok');
});
