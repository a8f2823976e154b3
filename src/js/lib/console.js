'use strict';
// node:console - formats with util.format and hands each message to the
// runtime's console sink (console.c) with its level.

const { write } = binding('console');
const util = require('util');
const DEBUG = 0, INFO = 1, WARN = 2, ERROR = 3;

let groupIndent = '';
const counts = new Map();
const timers = new Map();

function emit(level, args) {
  let msg = util.format(...args);
  if (groupIndent) msg = groupIndent + msg.split('\n').join('\n' + groupIndent);
  write(level, msg);
}

const now = () => binding('loop').now();

const console = {
  log: (...a) => emit(INFO, a),
  info: (...a) => emit(INFO, a),
  debug: (...a) => emit(DEBUG, a),
  warn: (...a) => emit(WARN, a),
  error: (...a) => emit(ERROR, a),
  dir: (obj, opts) => write(INFO, groupIndent + util.inspect(obj, opts)),
  dirxml: (...a) => emit(INFO, a),
  trace(...a) {
    const err = new Error(util.format(...a));
    const stack = String(err.stack).split('\n').slice(1).join('\n');
    write(ERROR, `${groupIndent}Trace${a.length ? ': ' + err.message : ''}\n${stack}`.replace(/\n$/, ''));
  },
  assert(cond, ...a) {
    if (!cond) emit(ERROR, a.length ? ['Assertion failed:', ...a] : ['Assertion failed']);
  },
  count(label = 'default') {
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    emit(INFO, [`${label}: ${n}`]);
  },
  countReset(label = 'default') { counts.delete(label); },
  group(...a) {
    if (a.length) emit(INFO, a);
    groupIndent += '  ';
  },
  groupEnd() { groupIndent = groupIndent.slice(2); },
  time(label = 'default') { timers.set(label, now()); },
  timeLog(label = 'default', ...a) {
    const t = timers.get(label);
    if (t !== undefined) emit(INFO, [`${label}: ${(now() - t).toFixed(3)}ms`, ...a]);
  },
  timeEnd(label = 'default') {
    const t = timers.get(label);
    if (t === undefined) return;
    timers.delete(label);
    emit(INFO, [`${label}: ${(now() - t).toFixed(3)}ms`]);
  },
  table: (data) => write(INFO, groupIndent + util.inspect(data)),
};
console.groupCollapsed = console.group;
console.Console = function Console() { return console; };
module.exports = console;
