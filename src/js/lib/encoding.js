'use strict';
// TextEncoder and TextDecoder (UTF-8, plus utf-16le and latin1 decoding),
// with the UTF-8 work in C (encoding.c).

const native = binding('encoding');

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    return native.encode(String(input));
  }
  encodeInto(src, dest) {
    const bytes = native.encode(String(src));
    // Only whole characters fit: back off to a UTF-8 boundary.
    let n = Math.min(bytes.length, dest.length);
    if (n < bytes.length) while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
    dest.set(bytes.subarray(0, n));
    let read = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[i];
      if ((b & 0xc0) !== 0x80) read += b >= 0xf0 ? 2 : 1;
    }
    return { read, written: n };
  }
}

const LABELS = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
  'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', ucs2: 'utf-16le', 'ucs-2': 'utf-16le',
  latin1: 'windows-1252', 'iso-8859-1': 'windows-1252', ascii: 'windows-1252',
  'us-ascii': 'windows-1252', 'windows-1252': 'windows-1252',
};

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer) return new Uint8Array(input);
  const e = new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const enc = LABELS[String(label).trim().toLowerCase()];
    if (!enc) {
      const e = new RangeError(`The "${label}" encoding is not supported`);
      e.code = 'ERR_ENCODING_NOT_SUPPORTED';
      throw e;
    }
    this._encoding = enc;
    this._fatal = !!options.fatal;
    this._ignoreBOM = !!options.ignoreBOM;
    this._pending = null;
  }
  get encoding() { return this._encoding; }
  get fatal() { return this._fatal; }
  get ignoreBOM() { return this._ignoreBOM; }
  decode(input, options = {}) {
    let bytes = toBytes(input);
    if (this._pending) {
      const joined = new Uint8Array(this._pending.length + bytes.length);
      joined.set(this._pending);
      joined.set(bytes, this._pending.length);
      bytes = joined;
      this._pending = null;
    }
    if (this._encoding === 'utf-8') {
      if (options.stream) {
        // Keep an incomplete trailing sequence for the next call.
        let cut = bytes.length;
        for (let k = 1; k <= 3 && k <= bytes.length; k++) {
          const b = bytes[bytes.length - k];
          if ((b & 0xc0) === 0x80) continue;
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
          if (need > k) cut = bytes.length - k;
          break;
        }
        if (cut < bytes.length) {
          this._pending = bytes.slice(cut);
          bytes = bytes.subarray(0, cut);
        }
      }
      let s = native.decode(bytes, this._fatal);
      if (!this._ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
    if (this._encoding === 'utf-16le') {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (!this._ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
}

module.exports = { TextEncoder, TextDecoder };
