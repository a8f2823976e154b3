'use strict';
// node:perf_hooks - performance.now (monotonic milliseconds since the
// runtime started), timeOrigin, and marks/measures.

const loop = binding('loop');
const start = loop.now();
const timeOrigin = Date.now() - 0;
const entries = [];

const performance = {
  now: () => loop.now() - start,
  timeOrigin,
  mark(name, opts) {
    const e = { name, entryType: 'mark', startTime: opts && opts.startTime !== undefined ? opts.startTime : performance.now(), duration: 0, detail: opts && opts.detail };
    entries.push(e);
    return e;
  },
  measure(name, startMark, endMark) {
    const find = (m) => (typeof m === 'string' ? (entries.filter((e) => e.name === m).pop() || {}).startTime : undefined);
    const s = find(startMark) || 0;
    const t = endMark !== undefined ? find(endMark) : performance.now();
    const e = { name, entryType: 'measure', startTime: s, duration: t - s };
    entries.push(e);
    return e;
  },
  getEntries: () => entries.slice(),
  getEntriesByName: (n) => entries.filter((e) => e.name === n),
  getEntriesByType: (t) => entries.filter((e) => e.entryType === t),
  clearMarks: (n) => { for (let i = entries.length - 1; i >= 0; i--) if (entries[i].entryType === 'mark' && (n === undefined || entries[i].name === n)) entries.splice(i, 1); },
  clearMeasures: (n) => { for (let i = entries.length - 1; i >= 0; i--) if (entries[i].entryType === 'measure' && (n === undefined || entries[i].name === n)) entries.splice(i, 1); },
  toJSON: () => ({ timeOrigin }),
};

module.exports = { performance };
