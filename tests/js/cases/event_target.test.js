// EventTarget, Event, AbortController and AbortSignal globals.
const assert = require('node:assert/strict');
const t = new EventTarget();
const seen = [];
const l = (e) => seen.push(['fn', e.type, e.target === t]);
t.addEventListener('ping', l);
t.addEventListener('ping', l);                       // no duplicates
t.addEventListener('ping', { handleEvent: (e) => seen.push(['obj', e.type]) }, { once: true });
assert.equal(t.dispatchEvent(new Event('ping')), true);
t.dispatchEvent(new Event('ping'));
assert.deepEqual(seen, [['fn', 'ping', true], ['obj', 'ping'], ['fn', 'ping', true]]);
t.removeEventListener('ping', l);
t.dispatchEvent(new Event('ping'));
assert.equal(seen.length, 3);
const cancel = new Event('x', { cancelable: true });
t.addEventListener('x', (e) => e.preventDefault());
assert.equal(t.dispatchEvent(cancel), false);

const ac = new AbortController();
let aborted = 0;
ac.signal.addEventListener('abort', () => aborted++);
ac.signal.onabort = () => aborted++;
ac.abort();
ac.abort();
assert.equal(aborted, 2);
assert.equal(ac.signal.aborted, true);
assert.equal(ac.signal.reason.name, 'AbortError');
assert.throws(() => ac.signal.throwIfAborted(), { name: 'AbortError' });
assert.equal(AbortSignal.abort('why').reason, 'why');
assert.equal(AbortSignal.any([new AbortController().signal, AbortSignal.abort(1)]).reason, 1);
const sig = AbortSignal.timeout(5);
const keep = setTimeout(() => {}, 50);
sig.addEventListener('abort', () => {
  assert.equal(sig.reason.name, 'TimeoutError');
  clearTimeout(keep);
  console.log('event target ok');
});
