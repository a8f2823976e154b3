'use strict';
// node:events - EventEmitter with Node's semantics for what it implements:
// listener order, once wrappers, 'newListener'/'removeListener' events, an
// unhandled 'error' event thrown, and the max-listeners warning.

const kCapture = Symbol('kCapture');

function checkListener(l) {
  if (typeof l !== 'function') {
    const e = new TypeError(`The "listener" argument must be of type function. Received ${l === null ? 'null' : typeof l}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}
EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.defaultMaxListeners = 10;
EventEmitter.errorMonitor = Symbol('events.errorMonitor');
EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');

EventEmitter.init = function (opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts && opts.captureRejections) this[kCapture] = true;
};

const proto = EventEmitter.prototype;

proto.setMaxListeners = function (n) {
  this._maxListeners = n;
  return this;
};
proto.getMaxListeners = function () {
  return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners;
};

proto.emit = function (type, ...args) {
  const events = this._events;
  if (type === 'error' && events && events[EventEmitter.errorMonitor])
    this.emit(EventEmitter.errorMonitor, ...args);
  const handler = events !== undefined ? events[type] : undefined;
  if (handler === undefined) {
    if (type === 'error') {
      const er = args[0];
      if (er instanceof Error) throw er;
      const err = new Error(`Unhandled error. (${require('util').inspect(er)})`);
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
    return false;
  }
  if (typeof handler === 'function') {
    handler.apply(this, args);
  } else {
    for (const l of handler.slice()) l.apply(this, args);
  }
  return true;
};

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
    events = target._events;
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
  } else {
    const list = typeof existing === 'function' ? [existing] : existing;
    if (prepend) list.unshift(listener);
    else list.push(listener);
    events[type] = list;
    const m = target.getMaxListeners();
    if (m > 0 && list.length > m && !list.warned) {
      list.warned = true;
      require('console').error(`MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners added. Use emitter.setMaxListeners() to increase limit`);
    }
  }
  return target;
}

proto.addListener = function (type, listener) { return addListener(this, type, listener, false); };
proto.on = proto.addListener;
proto.prependListener = function (type, listener) { return addListener(this, type, listener, true); };

function onceWrapper(target, type, listener) {
  const state = { fired: false, target, type, listener };
  const wrapped = function (...args) {
    if (state.fired) return undefined;
    state.fired = true;
    target.removeListener(type, wrapped);
    return listener.apply(target, args);
  };
  wrapped.listener = listener;
  return wrapped;
}

proto.once = function (type, listener) {
  checkListener(listener);
  return this.on(type, onceWrapper(this, type, listener));
};
proto.prependOnceListener = function (type, listener) {
  checkListener(listener);
  return this.prependListener(type, onceWrapper(this, type, listener));
};

proto.removeListener = function (type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
    if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
  } else if (typeof list !== 'function') {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        if (list.length === 1) events[type] = list[0];
        if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
        break;
      }
    }
  }
  return this;
};
proto.off = proto.removeListener;

proto.removeAllListeners = function (type) {
  const events = this._events;
  if (events === undefined) return this;
  if (type === undefined) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (events[type] !== undefined) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  const events = target._events;
  const l = events === undefined ? undefined : events[type];
  if (l === undefined) return [];
  const list = typeof l === 'function' ? [l] : l.slice();
  return unwrap ? list.map((f) => f.listener || f) : list;
}
proto.listeners = function (type) { return listenersOf(this, type, true); };
proto.rawListeners = function (type) { return listenersOf(this, type, false); };
proto.listenerCount = function (type) { return listenersOf(this, type, false).length; };
proto.eventNames = function () { return this._events ? Reflect.ownKeys(this._events) : []; };

EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);

// events.once(emitter, name): a promise of the next event's arguments.
EventEmitter.once = function (emitter, name) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      emitter.removeListener(name, onEvent);
      reject(err);
    };
    const onEvent = (...args) => {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(args);
    };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
};

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
module.exports = EventEmitter;
