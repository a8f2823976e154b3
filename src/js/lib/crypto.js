'use strict';
// node:crypto (random numbers only) and the Web Crypto global's
// getRandomValues and randomUUID.

const native = binding('crypto');

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array ||
      array instanceof DataView) {
    const e = new TypeError("The data argument must be an integer-type TypedArray");
    e.name = 'TypeMismatchError';
    e.code = 17;
    throw e;
  }
  if (array.byteLength > 65536) {
    const e = new RangeError(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
    e.name = 'QuotaExceededError';
    e.code = 22;
    throw e;
  }
  native.fill(array);
  return array;
}

const hexByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function randomUUID() {
  const b = new Uint8Array(16);
  native.fill(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => hexByte[x]);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}

function randomBytes(size, cb) {
  const b = require('buffer').Buffer.alloc(size);
  native.fill(b);
  if (typeof cb === 'function') {
    binding('loop').queueMicrotask(() => cb(null, b));
    return undefined;
  }
  return b;
}

function randomInt(min, max, cb) {
  if (max === undefined || typeof max === 'function') [min, max, cb] = [0, min, max];
  const range = max - min;
  const buf = new Uint32Array(2);
  let v;
  do {
    native.fill(buf);
    v = (buf[0] * 2 ** 32 + buf[1]) % 2 ** 48;
  } while (v >= 2 ** 48 - (2 ** 48 % range));
  const r = min + (v % range);
  if (typeof cb === 'function') {
    binding('loop').queueMicrotask(() => cb(null, r));
    return undefined;
  }
  return r;
}

function notAvailable(name) {
  return () => {
    const e = new Error(`crypto.${name} is not available in husk`);
    e.code = 'ERR_HUSK_NOT_AVAILABLE';
    throw e;
  };
}

const webcrypto = { getRandomValues, randomUUID };
Object.defineProperty(webcrypto, 'subtle', { get: notAvailable('subtle'), enumerable: false });

module.exports = {
  getRandomValues, randomUUID, randomBytes, randomFillSync: (b) => (native.fill(b), b), randomInt,
  webcrypto,
  createHash: notAvailable('createHash'), createHmac: notAvailable('createHmac'),
  createCipheriv: notAvailable('createCipheriv'), pbkdf2: notAvailable('pbkdf2'),
};
