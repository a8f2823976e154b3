// process.env holds only what --env gave; the arguments follow the script.
// husk-args: --env "HUSK_TEST_VALUE=set by ctest" one --two three
const assert = require('node:assert/strict');
assert.deepEqual(process.argv.slice(2), ['one', '--two', 'three']);
assert.equal(process.env.HUSK_TEST_VALUE, 'set by ctest');
assert.equal(process.env.PATH, undefined);     // the host's environment is not inherited
assert.deepEqual(Object.keys(process.env), ['HUSK_TEST_VALUE']);
process.exitCode = 0;
console.log('process env ok');
