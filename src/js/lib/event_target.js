'use strict';
// EventTarget, Event, AbortController and AbortSignal (the DOM Standard's
// shapes, as Node provides them globally): listener options once/signal,
// handleEvent objects, stopImmediatePropagation, AbortSignal.abort/timeout/any.

const kListeners = Symbol('listeners');

class Event {
  constructor(type, options = {}) {
    if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
    this.type = String(type);
    this.bubbles = !!options.bubbles;
    this.cancelable = !!options.cancelable;
    this.composed = !!options.composed;
    this.defaultPrevented = false;
    this.timeStamp = binding('loop').now();
    this.target = null;
    this.currentTarget = null;
    this._stop = false;
  }
  preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
  stopPropagation() {}
  stopImmediatePropagation() { this._stop = true; }
  composedPath() { return this.currentTarget ? [this.currentTarget] : []; }
}

class EventTarget {
  constructor() {
    this[kListeners] = new Map();
  }
  addEventListener(type, listener, options) {
    if (listener == null) return;
    const opts = typeof options === 'boolean' ? { capture: options } : options || {};
    if (opts.signal && opts.signal.aborted) return;
    let list = this[kListeners].get(type);
    if (!list) this[kListeners].set(type, (list = []));
    if (list.some((l) => l.listener === listener && l.capture === !!opts.capture)) return;
    const entry = { listener, capture: !!opts.capture, once: !!opts.once };
    list.push(entry);
    if (opts.signal) opts.signal.addEventListener('abort', () => this.removeEventListener(type, listener, opts));
  }
  removeEventListener(type, listener, options) {
    const capture = typeof options === 'boolean' ? options : !!(options && options.capture);
    const list = this[kListeners].get(type);
    if (!list) return;
    const i = list.findIndex((l) => l.listener === listener && l.capture === capture);
    if (i >= 0) list.splice(i, 1);
  }
  dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event');
    event.target = event.currentTarget = this;
    const list = (this[kListeners].get(event.type) || []).slice();
    for (const entry of list) {
      if (entry.once) this.removeEventListener(event.type, entry.listener, entry.capture);
      const l = entry.listener;
      try {
        if (typeof l === 'function') l.call(this, event);
        else if (l && typeof l.handleEvent === 'function') l.handleEvent(event);
      } catch (err) {
        // As in Node: a throwing listener does not stop the others; the
        // error is reported as uncaught, on a later job.
        binding('loop').queueMicrotask(() => { throw err; });
      }
      if (event._stop) break;
    }
    event.currentTarget = null;
    return !event.defaultPrevented;
  }
}

function abortError(reason) {
  if (reason !== undefined) return reason;
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  e.code = 20;
  return e;
}

class AbortSignal extends EventTarget {
  constructor() {
    super();
    this.aborted = false;
    this.reason = undefined;
    this.onabort = null;
  }
  throwIfAborted() { if (this.aborted) throw this.reason; }
  _abort(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = abortError(reason);
    const ev = new Event('abort');
    if (typeof this.onabort === 'function') this.onabort.call(this, ev);
    this.dispatchEvent(ev);
  }
  static abort(reason) {
    const s = new AbortSignal();
    s._abort(reason);
    return s;
  }
  static timeout(ms) {
    const s = new AbortSignal();
    const e = new Error('The operation was aborted due to timeout');
    e.name = 'TimeoutError';
    e.code = 23;
    require('timers').setTimeout(() => s._abort(e), ms).unref();
    return s;
  }
  static any(signals) {
    const s = new AbortSignal();
    for (const other of signals) {
      if (other.aborted) {
        s._abort(other.reason);
        break;
      }
      other.addEventListener('abort', () => s._abort(other.reason), { once: true });
    }
    return s;
  }
}

class AbortController {
  constructor() { this.signal = new AbortSignal(); }
  abort(reason) { this.signal._abort(reason); }
}

module.exports = { Event, EventTarget, AbortController, AbortSignal };
