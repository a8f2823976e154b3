'use strict';
// node:buffer - Buffer as a Uint8Array subclass, with the common subset of
// Node's API: from/alloc/concat/compare/byteLength, toString and write in
// utf8, hex, base64, base64url, latin1/binary, ascii and utf16le, slicing
// (views, as in Node), search, and the fixed-width read/write methods.

const native = binding('encoding');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64DEC = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  B64DEC[B64.charCodeAt(i)] = i;
  B64DEC[B64URL.charCodeAt(i)] = i;
}
const kMaxLength = 2 ** 32;

function normEncoding(enc) {
  if (enc === undefined || enc === null) return 'utf8';
  switch (String(enc).toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
  }
  const e = new TypeError(`Unknown encoding: ${enc}`);
  e.code = 'ERR_UNKNOWN_ENCODING';
  throw e;
}

function encode(str, enc) {
  switch (enc) {
    case 'utf8': return native.encode(str);
    case 'hex': {
      const n = str.length >>> 1;
      const out = new Uint8Array(n);
      let i = 0;
      for (; i < n; i++) {
        const b = parseInt(str.substr(i * 2, 2), 16);
        if (Number.isNaN(b)) break;
        out[i] = b;
      }
      return i === n ? out : out.subarray(0, i);
    }
    case 'base64': case 'base64url': {
      const out = new Uint8Array(Math.ceil(str.length * 3 / 4));
      let bits = 0, acc = 0, n = 0;
      for (let i = 0; i < str.length; i++) {
        const v = B64DEC[str.charCodeAt(i) & 0xff];
        if (v < 0) {
          if (str[i] === '=') break;
          continue;
        }
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[n++] = (acc >> bits) & 0xff;
        }
      }
      return out.subarray(0, n);
    }
    case 'latin1': case 'ascii': {
      const out = new Uint8Array(str.length);
      for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i);
      return out;
    }
    case 'utf16le': {
      const out = new Uint8Array(str.length * 2);
      for (let i = 0; i < str.length; i++) {
        const c = str.charCodeAt(i);
        out[2 * i] = c & 0xff;
        out[2 * i + 1] = c >> 8;
      }
      return out;
    }
  }
}

function decode(bytes, enc) {
  switch (enc) {
    case 'utf8': return native.decode(bytes, false);
    case 'hex': {
      let s = '';
      for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
      return s;
    }
    case 'base64': case 'base64url': {
      const alpha = enc === 'base64' ? B64 : B64URL;
      let s = '';
      let i = 0;
      for (; i + 2 < bytes.length; i += 3) {
        const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        s += alpha[v >> 18] + alpha[(v >> 12) & 63] + alpha[(v >> 6) & 63] + alpha[v & 63];
      }
      if (i < bytes.length) {
        const v = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
        s += alpha[v >> 18] + alpha[(v >> 12) & 63];
        if (i + 1 < bytes.length) s += alpha[(v >> 6) & 63];
        if (enc === 'base64') s += i + 1 < bytes.length ? '=' : '==';
      }
      return s;
    }
    case 'latin1': case 'ascii': {
      let s = '';
      const mask = enc === 'ascii' ? 0x7f : 0xff;
      for (let i = 0; i < bytes.length; i += 8192)
        s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192), (b) => b & mask));
      return s;
    }
    case 'utf16le': {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return s;
    }
  }
}

class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return fromBytes(encode(value, normEncoding(encodingOrOffset)));
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) {
      const off = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      const len = length === undefined ? value.byteLength - off : Number(length);
      return new Buffer(value, off, len);
    }
    if (ArrayBuffer.isView(value)) {
      const b = Buffer.allocUnsafe(value.length);
      for (let i = 0; i < value.length; i++) b[i] = value[i];
      return b;
    }
    if (value && typeof value === 'object') {
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArray(value.data);
      if (typeof value.length === 'number' || Array.isArray(value)) return fromArray(value);
      if (typeof value.valueOf === 'function' && value.valueOf() !== value) return Buffer.from(value.valueOf(), encodingOrOffset, length);
    }
    const e = new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  static alloc(size, fill, encoding) {
    checkSize(size);
    const b = new Buffer(size);
    if (fill !== undefined && fill !== 0) b.fill(fill, 0, b.length, encoding);
    return b;
  }
  static allocUnsafe(size) {
    checkSize(size);
    return new Buffer(size);
  }
  static allocUnsafeSlow(size) { return Buffer.allocUnsafe(size); }
  static isBuffer(b) { return b instanceof Buffer; }
  static isEncoding(enc) {
    try {
      normEncoding(enc);
      return typeof enc === 'string';
    } catch (e) {
      return false;
    }
  }
  static byteLength(value, encoding) {
    if (typeof value !== 'string') return value.byteLength;
    return encode(value, normEncoding(encoding)).length;
  }
  static concat(list, totalLength) {
    if (totalLength === undefined) totalLength = list.reduce((n, b) => n + b.length, 0);
    const out = Buffer.alloc(totalLength);
    let pos = 0;
    for (const b of list) {
      if (pos >= totalLength) break;
      const part = b.length > totalLength - pos ? b.subarray(0, totalLength - pos) : b;
      out.set(part, pos);
      pos += part.length;
    }
    return out;
  }
  static compare(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }

  toString(encoding, start = 0, end = this.length) {
    start = Math.max(0, start | 0);
    end = Math.min(this.length, end === undefined ? this.length : end | 0);
    if (end <= start) return '';
    const view = start === 0 && end === this.length ? this : this.subarray(start, end);
    return decode(view, normEncoding(encoding));
  }
  toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
  equals(other) { return Buffer.compare(this, other) === 0; }
  compare(target, tStart = 0, tEnd = target.length, sStart = 0, sEnd = this.length) {
    return Buffer.compare(this.subarray(sStart, sEnd), target.subarray(tStart, tEnd));
  }
  copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    const n = Math.max(0, Math.min(sourceEnd - sourceStart, target.length - targetStart));
    target.set(this.subarray(sourceStart, sourceStart + n), targetStart);
    return n;
  }
  // Node's slice is a view, unlike TypedArray's.
  slice(start, end) { return this.subarray(start, end); }
  subarray(start, end) {
    const v = Uint8Array.prototype.subarray.call(this, start, end);
    return new Buffer(v.buffer, v.byteOffset, v.length);
  }
  write(string, offset, length, encoding) {
    if (typeof offset === 'string') [encoding, offset, length] = [offset, 0, undefined];
    else if (typeof length === 'string') [encoding, length] = [length, undefined];
    offset = offset >>> 0;
    const bytes = encode(String(string), normEncoding(encoding));
    let n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
    if (normEncoding(encoding) === 'utf8' && n < bytes.length) while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  fill(value, offset = 0, end = this.length, encoding) {
    if (typeof offset === 'string') [encoding, offset, end] = [offset, 0, this.length];
    if (typeof value === 'string') {
      const bytes = value.length === 1 && value.charCodeAt(0) < 128 ? [value.charCodeAt(0)] : encode(value, normEncoding(encoding));
      if (bytes.length === 0) return Uint8Array.prototype.fill.call(this, 0, offset, end);
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
      return this;
    }
    if (value instanceof Uint8Array) {
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % value.length) this[i] = value[j];
      return this;
    }
    return Uint8Array.prototype.fill.call(this, Number(value) & 255, offset, end);
  }
  indexOf(value, byteOffset = 0, encoding) {
    const needle = typeof value === 'number' ? [value & 255]
      : typeof value === 'string' ? encode(value, normEncoding(encoding)) : value;
    if (byteOffset < 0) byteOffset = Math.max(0, this.length + byteOffset);
    outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  lastIndexOf(value, byteOffset = this.length, encoding) {
    const needle = typeof value === 'number' ? [value & 255]
      : typeof value === 'string' ? encode(value, normEncoding(encoding)) : value;
    outer: for (let i = Math.min(byteOffset, this.length - needle.length); i >= 0; i--) {
      for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; }
  toLocaleString(enc, s, e) { return this.toString(enc, s, e); }
  inspect() { return require('util').inspect(this); }
  swap16() { for (let i = 0; i + 1 < this.length; i += 2) [this[i], this[i + 1]] = [this[i + 1], this[i]]; return this; }
  swap32() { for (let i = 0; i + 3 < this.length; i += 4) { this.subarray(i, i + 4).reverse(); } return this; }
}

function checkSize(size) {
  if (typeof size !== 'number' || size < 0 || size > kMaxLength || size !== size) {
    const e = new RangeError(`The argument 'size' is invalid. Received ${size}`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
}
function fromBytes(u8) { return new Buffer(u8.buffer, u8.byteOffset, u8.length); }
function fromArray(a) {
  const b = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) b[i] = a[i] & 255;
  return b;
}

// Fixed-width reads and writes through a DataView over the same bytes.
const dv = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
function bounds(b, offset, size) {
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number' || offset % 1 !== 0 || offset < 0 || offset + size > b.length) {
    const e = new RangeError(`The value of "offset" is out of range. It must be >= 0 and <= ${b.length - size}. Received ${offset}`);
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  return offset;
}
const P = Buffer.prototype;
for (const [name, size, get, set, le] of [
  ['UInt8', 1, 'getUint8', 'setUint8'], ['Int8', 1, 'getInt8', 'setInt8'],
  ['UInt16LE', 2, 'getUint16', 'setUint16', true], ['UInt16BE', 2, 'getUint16', 'setUint16', false],
  ['Int16LE', 2, 'getInt16', 'setInt16', true], ['Int16BE', 2, 'getInt16', 'setInt16', false],
  ['UInt32LE', 4, 'getUint32', 'setUint32', true], ['UInt32BE', 4, 'getUint32', 'setUint32', false],
  ['Int32LE', 4, 'getInt32', 'setInt32', true], ['Int32BE', 4, 'getInt32', 'setInt32', false],
  ['FloatLE', 4, 'getFloat32', 'setFloat32', true], ['FloatBE', 4, 'getFloat32', 'setFloat32', false],
  ['DoubleLE', 8, 'getFloat64', 'setFloat64', true], ['DoubleBE', 8, 'getFloat64', 'setFloat64', false],
  ['BigInt64LE', 8, 'getBigInt64', 'setBigInt64', true], ['BigInt64BE', 8, 'getBigInt64', 'setBigInt64', false],
  ['BigUInt64LE', 8, 'getBigUint64', 'setBigUint64', true], ['BigUInt64BE', 8, 'getBigUint64', 'setBigUint64', false],
]) {
  P['read' + name] = function (offset) {
    return dv(this)[get](bounds(this, offset, size), le);
  };
  P['write' + name] = function (value, offset) {
    offset = bounds(this, offset, size);
    dv(this)[set](offset, value, le);
    return offset + size;
  };
  if (name.startsWith('UInt')) {
    P['readUint' + name.slice(4)] = P['read' + name];
    P['writeUint' + name.slice(4)] = P['write' + name];
  }
  if (name.startsWith('BigUInt')) {
    P['readBigUint' + name.slice(7)] = P['read' + name];
    P['writeBigUint' + name.slice(7)] = P['write' + name];
  }
}

function atob(s) {
  s = String(s).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
    const e = new Error('The string to be decoded is not correctly encoded.');
    e.name = 'InvalidCharacterError';
    throw e;
  }
  return decode(encode(s, 'base64'), 'latin1');
}
function btoa(s) {
  s = String(s);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) {
      const e = new Error('Invalid character');
      e.name = 'InvalidCharacterError';
      throw e;
    }
  }
  return decode(encode(s, 'latin1'), 'base64');
}

module.exports = { Buffer, atob, btoa, kMaxLength, constants: { MAX_LENGTH: kMaxLength }, SlowBuffer: Buffer };
