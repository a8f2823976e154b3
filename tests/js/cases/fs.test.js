// node:fs confined to the preopened directory /scratch (--dir).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const root = '/scratch/fs-test';
fs.rmSync(root, { recursive: true, force: true });
assert.equal(fs.mkdirSync(root + '/a/b', { recursive: true }), root);
fs.writeFileSync(root + '/a/f.txt', 'hello');
fs.appendFileSync(root + '/a/f.txt', Buffer.from(' world'));
assert.equal(fs.readFileSync(root + '/a/f.txt', 'utf8'), 'hello world');
assert.deepEqual([...fs.readFileSync(root + '/a/f.txt').subarray(0, 2)], [104, 101]);
assert.ok(fs.existsSync(root + '/a/b'));
assert.ok(!fs.existsSync(root + '/nope'));
assert.deepEqual(fs.readdirSync(root + '/a'), ['b', 'f.txt']);
const ents = fs.readdirSync(root + '/a', { withFileTypes: true });
assert.deepEqual(ents.map((d) => [d.name, d.isDirectory(), d.isFile()]), [['b', true, false], ['f.txt', false, true]]);
assert.deepEqual(fs.readdirSync(root, { recursive: true }).sort(), ['a', 'a/b', 'a/f.txt']);
const st = fs.statSync(root + '/a/f.txt');
assert.equal(st.size, 11);
assert.ok(st.isFile() && !st.isDirectory());
assert.ok(st.mtime instanceof Date);
fs.renameSync(root + '/a/f.txt', root + '/g.txt');
assert.ok(fs.existsSync(root + '/g.txt'));
assert.throws(() => fs.readFileSync(root + '/a/f.txt'), { code: 'ENOENT', syscall: 'open' });
assert.throws(() => fs.mkdirSync(root + '/a'), { code: 'EEXIST' });
assert.throws(() => fs.rmSync(root + '/a'), { code: 'ERR_FS_EISDIR' });
assert.throws(() => fs.writeFileSync(root + '/g.txt', 'x', { flag: 'wx' }), { code: 'EEXIST' });

// Nothing outside the preopens, however the path is spelled.
assert.throws(() => fs.readFileSync('/etc/passwd'), { code: 'EACCES' });
assert.throws(() => fs.readFileSync('/scratch/../etc/passwd'), { code: 'EACCES' });
assert.throws(() => fs.writeFileSync('/tmp/husk-escape', 'x'), { code: 'EACCES' });
assert.equal(fs.existsSync('/etc/passwd'), false);
// A read-only preopen refuses writes.
assert.throws(() => fs.writeFileSync('/tests/x', 'x'), { code: 'EROFS' });
assert.ok(fs.readFileSync('/tests/cases/fs.test.js', 'utf8').includes('read-only'));

let callbackDone = false;
fs.readFile(root + '/g.txt', 'utf8', (err, text) => {
  assert.equal(err, null);
  assert.equal(text, 'hello world');
  callbackDone = true;
});
fs.stat(root + '/missing', (err) => assert.equal(err.code, 'ENOENT'));
(async () => {
  await fsp.writeFile(root + '/p.txt', 'promised');
  assert.equal(await fsp.readFile(root + '/p.txt', 'utf8'), 'promised');
  await assert.rejects(fsp.readFile(root + '/none'), { code: 'ENOENT' });
  await fsp.rm(root, { recursive: true });
  assert.ok(!fs.existsSync(root));
  assert.ok(callbackDone);
  console.log('fs ok');
})();
