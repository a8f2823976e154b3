'use strict';
// node:string_decoder - decodes a byte stream without splitting characters.

const { Buffer } = require('buffer');
const { TextDecoder } = require('encoding');

class StringDecoder {
  constructor(encoding = 'utf8') {
    this.encoding = String(encoding).toLowerCase().replace('-', '');
    this._utf8 = this.encoding === 'utf8';
    this._decoder = this._utf8 ? new TextDecoder('utf-8', { ignoreBOM: true }) : null;
  }
  write(buf) {
    if (typeof buf === 'string') return buf;
    if (this._utf8) return this._decoder.decode(buf, { stream: true });
    return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString(this.encoding);
  }
  end(buf) {
    let s = buf ? this.write(buf) : '';
    if (this._utf8) s += this._decoder.decode();
    return s;
  }
}

module.exports = { StringDecoder };
