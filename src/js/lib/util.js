'use strict';
// node:util - format and inspect as console uses them (Node's output
// shapes, simplified line breaking), promisify, inherits, types, and the
// text codecs.

const kCustom = Symbol.for('nodejs.util.inspect.custom');
const IDENT = /^[A-Za-z_$][\w$]*$/;

function quote(s) {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
  const escaped = s.replace(/[\\\n\t\r\b\f\v\x00-\x1f]/g, (c) => ({
    '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v',
  })[c] || '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function formatKey(k) {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return IDENT.test(k) ? k : quote(k);
}

function constructorName(obj) {
  let proto = Object.getPrototypeOf(obj);
  while (proto) {
    const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (d && typeof d.value === 'function' && d.value.name) return d.value.name;
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const isTypedArray = (v) => v instanceof typedArrayProto.constructor;

function formatPrimitive(v, ctx) {
  switch (typeof v) {
    case 'string': return ctx.top ? v : quote(v);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint': return `${v}n`;
    case 'symbol': return v.toString();
    case 'undefined': return 'undefined';
    case 'boolean': return String(v);
  }
  return String(v);
}

function functionBase(fn) {
  const src = Function.prototype.toString.call(fn);
  if (src.startsWith('class')) return `[class ${fn.name || '(anonymous)'}]`;
  const kind = fn.constructor && fn.constructor.name === 'AsyncFunction' ? 'AsyncFunction'
    : fn.constructor && fn.constructor.name === 'GeneratorFunction' ? 'GeneratorFunction' : 'Function';
  return `[${kind}: ${fn.name || '(anonymous)'}]`;
}

function errorBase(err) {
  const stack = typeof err.stack === 'string' ? err.stack.replace(/\n$/, '') : '';
  const head = `${err.name || 'Error'}${err.message ? ': ' + err.message : ''}`;
  if (!stack) return `[${head}]`;
  return stack.startsWith(head) ? stack : `${head}\n${stack}`;
}

function hex(bytes, max) {
  const out = [];
  for (let i = 0; i < Math.min(bytes.length, max); i++) out.push(bytes[i].toString(16).padStart(2, '0'));
  if (bytes.length > max) out.push(`... ${bytes.length - max} more bytes`);
  return out.join(' ');
}

function ownEntries(obj, ctx, skipIndices) {
  const out = [];
  const keys = ctx.showHidden ? Reflect.ownKeys(obj) : Object.keys(obj).concat(
    Object.getOwnPropertySymbols(obj).filter((s) => Object.prototype.propertyIsEnumerable.call(obj, s)));
  for (const k of keys) {
    if (skipIndices && typeof k === 'string' && /^\d+$/.test(k)) continue;
    const d = Object.getOwnPropertyDescriptor(obj, k);
    let v;
    if (d.get || d.set) v = d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
    else v = formatValue(d.value, ctx);
    out.push(`${formatKey(k)}: ${v}`);
  }
  return out;
}

function wrap(prefix, entries, open, close, ctx) {
  if (entries.length === 0) return prefix ? `${prefix}${open}${close}` : `${open}${close}`;
  const start = prefix ? `${prefix}${open}` : open;
  const oneLine = `${start} ${entries.join(', ')} ${close}`;
  // ctx.indent is already the entries' indentation (formatValue added it).
  const outer = ctx.indent.slice(2);
  if (oneLine.length + outer.length <= ctx.breakLength && !oneLine.includes('\n')) return oneLine;
  return `${start}\n${ctx.indent}${entries.join(`,\n${ctx.indent}`)}\n${outer}${close}`;
}

function formatValue(v, ctx) {
  if (v === null) return 'null';
  if (typeof v !== 'object' && typeof v !== 'function') return formatPrimitive(v, ctx);
  const top = ctx.top;
  ctx.top = false;
  if (ctx.seen.includes(v)) return '[Circular *1]';
  if (ctx.customInspect !== false && typeof v[kCustom] === 'function') {
    const r = v[kCustom](ctx.depth - ctx.level, ctx, inspect);
    if (r !== v) return typeof r === 'string' ? r : formatValue(r, ctx);
  }
  const name = constructorName(v);
  if (ctx.level > ctx.depth) {
    if (Array.isArray(v)) return '[Array]';
    return `[${name || 'Object'}]`;
  }
  ctx.seen.push(v);
  ctx.level++;
  const saved = ctx.indent;
  ctx.indent += '  ';
  let out;
  try {
    out = formatObject(v, name, ctx, top);
  } finally {
    ctx.indent = saved;
    ctx.level--;
    ctx.seen.pop();
  }
  return out;
}

function formatObject(v, name, ctx) {
  if (typeof v === 'function') {
    const base = functionBase(v);
    const entries = ownEntries(v, ctx).filter((e) => !/^(prototype|length|name):/.test(e));
    return entries.length ? wrap(base + ' ', entries, '{', '}', ctx) : base;
  }
  if (Array.isArray(v)) {
    const entries = [];
    let holes = 0;
    const max = Math.min(v.length, ctx.maxArrayLength);
    const flush = () => {
      if (holes) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      holes = 0;
    };
    for (let i = 0; i < max; i++) {
      if (!Object.prototype.hasOwnProperty.call(v, i)) { holes++; continue; }
      flush();
      entries.push(formatValue(v[i], ctx));
    }
    flush();
    if (v.length > max) entries.push(`... ${v.length - max} more item${v.length - max > 1 ? 's' : ''}`);
    entries.push(...ownEntries(v, ctx, true).filter((e) => !e.startsWith('length:')));
    const prefix = name && name !== 'Array' ? `${name}(${v.length}) ` : '';
    return wrap(prefix, entries, '[', ']', ctx);
  }
  if (v instanceof Error) {
    const base = errorBase(v);
    const entries = ownEntries(v, ctx).filter((e) => !/^(stack|message):/.test(e));
    return entries.length ? wrap(base + ' ', entries, '{', '}', ctx) : base;
  }
  if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
  if (v instanceof RegExp) return RegExp.prototype.toString.call(v);
  if (v instanceof Map) {
    const entries = [];
    for (const [k, val] of v) entries.push(`${formatValue(k, ctx)} => ${formatValue(val, ctx)}`);
    return wrap(`${name || 'Map'}(${v.size}) `, entries, '{', '}', ctx);
  }
  if (v instanceof Set) {
    const entries = [];
    for (const val of v) entries.push(formatValue(val, ctx));
    return wrap(`${name || 'Set'}(${v.size}) `, entries, '{', '}', ctx);
  }
  if (isTypedArray(v)) {
    if (name === 'Buffer') return `<Buffer${v.length ? ' ' + hex(v, 50) : ''}>`;
    const entries = [];
    const max = Math.min(v.length, ctx.maxArrayLength);
    for (let i = 0; i < max; i++) entries.push(formatPrimitive(v[i], ctx));
    if (v.length > max) entries.push(`... ${v.length - max} more items`);
    return wrap(`${name}(${v.length}) `, entries, '[', ']', ctx);
  }
  if (v instanceof ArrayBuffer) {
    return wrap('ArrayBuffer ', [`[Uint8Contents]: <${hex(new Uint8Array(v), 50)}>`, `byteLength: ${v.byteLength}`], '{', '}', ctx);
  }
  if (v instanceof Promise) return 'Promise { <unknown> }';
  if (v instanceof WeakMap || v instanceof WeakSet) return `${name} { <items unknown> }`;
  if (typeof v.then === 'function' && name === 'Promise') return 'Promise {}';
  for (const [cls, label] of [[Number, 'Number'], [String, 'String'], [Boolean, 'Boolean']]) {
    if (v instanceof cls) return `[${label}: ${formatPrimitive(cls.prototype.valueOf.call(v), { top: false })}]`;
  }
  const entries = ownEntries(v, ctx);
  let prefix = '';
  if (Object.getPrototypeOf(v) === null) prefix = '[Object: null prototype] ';
  else if (name && name !== 'Object') prefix = `${name} `;
  const tag = v[Symbol.toStringTag];
  if (typeof tag === 'string' && tag !== name && tag !== 'Object') prefix = `${prefix || 'Object '}[${tag}] `;
  if (name === 'Module' || tag === 'Module') prefix = '[Module: null prototype] ';
  return wrap(prefix, entries, '{', '}', ctx);
}

function inspect(value, opts) {
  const ctx = {
    depth: 2, breakLength: 80, showHidden: false, maxArrayLength: 100, customInspect: true,
    level: 0, seen: [], indent: '', top: false,
  };
  if (opts && typeof opts === 'object') Object.assign(ctx, opts);
  if (ctx.depth === null || ctx.depth === Infinity) ctx.depth = 1e9;
  ctx.breakLength = Math.max(0, ctx.breakLength - 8);
  return formatValue(value, ctx);
}
inspect.custom = kCustom;
inspect.defaultOptions = { depth: 2 };

function format(...args) {
  return formatWithOptions({}, ...args);
}

function formatWithOptions(opts, ...args) {
  const fmt = args[0];
  let out = '';
  let i = 1;
  if (typeof fmt === 'string') {
    let last = 0;
    for (let p = 0; p < fmt.length - 1; p++) {
      if (fmt.charCodeAt(p) !== 37) continue;   // %
      const c = fmt[p + 1];
      let rep;
      if (c === '%') {
        rep = '%';
      } else if (i < args.length && 'sdifjoOc'.includes(c)) {
        const a = args[i++];
        switch (c) {
          case 's':
            rep = typeof a === 'string' ? a : typeof a === 'bigint' ? `${a}n`
              : (typeof a === 'object' && a !== null) ? inspect(a, { ...opts, depth: 1 }) : formatPrimitive(a, { top: true });
            break;
          case 'd': case 'i': {
            if (typeof a === 'bigint') rep = `${a}n`;
            else if (typeof a === 'symbol') rep = 'NaN';
            else { const n = Number(a); rep = String(c === 'i' ? Math.trunc(n) : n); }
            break;
          }
          case 'f': rep = typeof a === 'symbol' ? 'NaN' : String(parseFloat(a)); break;
          case 'j':
            try { rep = JSON.stringify(a); } catch (e) { rep = '[Circular]'; }
            break;
          case 'o': rep = inspect(a, { ...opts, showHidden: true, depth: 4 }); break;
          case 'O': rep = inspect(a, opts); break;
          case 'c': rep = ''; break;
        }
      } else {
        continue;
      }
      out += fmt.slice(last, p) + rep;
      last = p + 2;
      p++;
    }
    out += fmt.slice(last);
  } else {
    i = 0;
  }
  for (; i < args.length; i++) {
    const a = args[i];
    if (out.length || (i > 0 && typeof fmt === 'string') || (i > 0)) out += ' ';
    out += typeof a === 'string' ? a : inspect(a, opts);
  }
  return out;
}

function promisify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (fn[promisify.custom]) return fn[promisify.custom];
  return function (...args) {
    return new Promise((resolve, reject) => {
      fn.call(this, ...args, (err, ...values) => {
        if (err) reject(err);
        else resolve(values.length > 1 ? values : values[0]);
      });
    });
  };
}
promisify.custom = Symbol.for('nodejs.util.promisify.custom');

function callbackify(fn) {
  return function (...args) {
    const cb = args.pop();
    fn.apply(this, args).then((v) => cb(null, v), (e) => cb(e || new Error('Promise was rejected with a falsy value')));
  };
}

function inherits(ctor, superCtor) {
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function deprecate(fn, msg) {
  let warned = false;
  return function (...args) {
    if (!warned) {
      warned = true;
      require('console').error(`DeprecationWarning: ${msg}`);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
  };
}

const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);
const types = {
  isDate: (v) => v instanceof Date,
  isRegExp: (v) => v instanceof RegExp,
  isMap: (v) => v instanceof Map,
  isSet: (v) => v instanceof Set,
  isWeakMap: (v) => v instanceof WeakMap,
  isWeakSet: (v) => v instanceof WeakSet,
  isPromise: (v) => v instanceof Promise,
  isTypedArray,
  isUint8Array: (v) => v instanceof Uint8Array,
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer),
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isDataView: (v) => v instanceof DataView,
  isNativeError: (v) => v instanceof Error,
  isAsyncFunction: (v) => typeof v === 'function' && tag(v) === 'AsyncFunction',
  isGeneratorFunction: (v) => typeof v === 'function' && /GeneratorFunction$/.test(tag(v)),
  isGeneratorObject: (v) => tag(v) === 'Generator',
  isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean,
  isProxy: () => false,
};

function isDeepStrictEqual(a, b) {
  return require('assert').isDeepEqual(a, b, true);
}

module.exports = {
  format, formatWithOptions, inspect, promisify, callbackify, inherits, deprecate, types,
  isDeepStrictEqual,
  isArray: Array.isArray,
  isError: (v) => v instanceof Error,
  isFunction: (v) => typeof v === 'function',
  isString: (v) => typeof v === 'string',
  isNumber: (v) => typeof v === 'number',
  isObject: (v) => v !== null && typeof v === 'object',
  isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
  isUndefined: (v) => v === undefined,
  isNullOrUndefined: (v) => v == null,
  get TextEncoder() { return require('encoding').TextEncoder; },
  get TextDecoder() { return require('encoding').TextDecoder; },
};
