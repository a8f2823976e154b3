'use strict';
// node:timers - setTimeout, setInterval, setImmediate and their clear*
// functions, on the runtime's event loop (loop.c). The timers live here, in
// a binary heap ordered by due time then creation; the loop calls tick()
// each turn, which runs what is due and returns how long to wait (-1:
// nothing keeps the loop alive). Microtasks run after every callback, as
// in Node.

const loop = binding('loop');
const now = loop.now;
const TIMEOUT_MAX = 2 ** 31 - 1;

const heap = [];
let seq = 0;
let refed = 0;            // ref'd timers pending
let immediates = [];
let refedImmediates = 0;

const less = (a, b) => a.when < b.when || (a.when === b.when && a.seq < b.seq);
function siftUp(i) {
  const t = heap[i];
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(t, heap[p])) break;
    heap[i] = heap[p];
    heap[i].index = i;
    i = p;
  }
  heap[i] = t;
  t.index = i;
}
function siftDown(i) {
  const t = heap[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= heap.length) break;
    if (c + 1 < heap.length && less(heap[c + 1], heap[c])) c++;
    if (!less(heap[c], t)) break;
    heap[i] = heap[c];
    heap[i].index = i;
    i = c;
  }
  heap[i] = t;
  t.index = i;
}
function push(t) {
  t.index = heap.length;
  heap.push(t);
  siftUp(t.index);
}
function remove(t) {
  const i = t.index;
  if (i < 0) return;
  t.index = -1;
  const last = heap.pop();
  if (i < heap.length) {
    heap[i] = last;
    last.index = i;
    siftDown(i);
    siftUp(last.index);
  }
}

function checkCallback(cb) {
  if (typeof cb !== 'function') {
    const e = new TypeError(`The "callback" argument must be of type function. Received ${cb === null ? 'null' : typeof cb}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}

function delayOf(ms) {
  ms = Number(ms);
  return !(ms >= 1 && ms <= TIMEOUT_MAX) ? 1 : ms;
}

class Timeout {
  constructor(cb, ms, args, repeat) {
    this._onTimeout = cb;
    this._idleTimeout = delayOf(ms);
    this._args = args;
    this._repeat = repeat ? this._idleTimeout : null;
    this._refed = true;
    this._destroyed = false;
    this.id = ++seq;
    this.seq = seq;
    this.when = now() + this._idleTimeout;
    this.index = -1;
    refed++;
    push(this);
  }
  ref() {
    if (!this._refed && !this._destroyed) refed++;
    this._refed = true;
    return this;
  }
  unref() {
    if (this._refed && !this._destroyed) refed--;
    this._refed = false;
    return this;
  }
  hasRef() { return this._refed; }
  refresh() {
    if (this._destroyed) return this;
    remove(this);
    this.when = now() + this._idleTimeout;
    this.seq = ++seq;
    push(this);
    return this;
  }
  close() {
    clearTimeout(this);
    return this;
  }
  [Symbol.toPrimitive]() { return this.id; }
}

function destroy(t) {
  if (t._destroyed) return;
  t._destroyed = true;
  if (t._refed) refed--;
  remove(t);
  byId.delete(t.id);
}

// Timer ids used as numbers (clearTimeout(+t)) still find their timer.
const byId = new Map();

function setTimeout(cb, ms, ...args) {
  checkCallback(cb);
  const t = new Timeout(cb, ms, args, false);
  byId.set(t.id, t);
  return t;
}
function setInterval(cb, ms, ...args) {
  checkCallback(cb);
  const t = new Timeout(cb, ms, args, true);
  byId.set(t.id, t);
  return t;
}
function clearTimeout(t) {
  if (t == null) return;
  if (typeof t === 'number' || typeof t === 'string') t = byId.get(Number(t));
  if (t instanceof Timeout) destroy(t);
}

class Immediate {
  constructor(cb, args) {
    this._onImmediate = cb;
    this._args = args;
    this._refed = true;
    this._destroyed = false;
    refedImmediates++;
  }
  ref() {
    if (!this._refed && !this._destroyed) refedImmediates++;
    this._refed = true;
    return this;
  }
  unref() {
    if (this._refed && !this._destroyed) refedImmediates--;
    this._refed = false;
    return this;
  }
  hasRef() { return this._refed; }
}

function setImmediate(cb, ...args) {
  checkCallback(cb);
  const i = new Immediate(cb, args);
  immediates.push(i);
  return i;
}
function clearImmediate(i) {
  if (!(i instanceof Immediate) || i._destroyed) return;
  i._destroyed = true;
  if (i._refed) refedImmediates--;
}

// One turn of the loop: due timers, then immediates queued before this
// turn (ones they queue run next turn, as in Node).
function tick() {
  const t0 = now();
  while (heap.length && heap[0].when <= t0) {
    const t = heap[0];
    remove(t);
    if (t._repeat === null) destroy(t);
    else {
      t.when = t0 + t._repeat;
      t.seq = ++seq;
      push(t);
    }
    t._onTimeout(...t._args);
    loop.runMicrotasks();
  }
  const batch = immediates;
  immediates = [];
  for (const i of batch) {
    if (i._destroyed) continue;
    i._destroyed = true;
    if (i._refed) refedImmediates--;
    i._onImmediate(...i._args);
    loop.runMicrotasks();
  }
  if (refedImmediates > 0) return 0;
  if (refed > 0) {
    // Unref'd timers at the head do not count, but are still run when a
    // ref'd one keeps the loop waiting past them.
    return Math.max(0, heap[0].when - now());
  }
  return -1;
}

loop.setHooks(tick, null);

const promises = {
  setTimeout: (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value)),
  setImmediate: (value) => new Promise((resolve) => setImmediate(resolve, value)),
  async *setInterval(ms, value) {
    for (;;) yield await new Promise((resolve) => setTimeout(resolve, ms, value));
  },
  scheduler: { wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
};

module.exports = {
  setTimeout, clearTimeout, setInterval, clearInterval: clearTimeout,
  setImmediate, clearImmediate, queueMicrotask: loop.queueMicrotask, promises,
};
