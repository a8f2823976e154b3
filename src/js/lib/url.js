'use strict';
// URL and URLSearchParams (WHATWG URL Standard: special schemes, relative
// resolution, dot segments, default ports, percent-encoding sets; not
// IDNA, so non-ASCII host names are kept as given), and node:url's
// fileURLToPath, pathToFileURL and legacy parse/format/resolve.

const SPECIAL = { 'ftp:': '21', 'file:': '', 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

const utf8 = (s) => binding('encoding').encode(s);
function percentEncode(s, set) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c > 0x20 && c < 0x7f && !set.includes(ch)) out += ch;
    else if (c <= 0x20 || c >= 0x7f || set.includes(ch)) {
      if (ch === '%') { out += ch; continue; }
      for (const b of utf8(ch)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}
const FRAGMENT_SET = ' "<>`';
const QUERY_SET = ' "#<>';
const SPECIAL_QUERY_SET = ' "#<>\'';
const PATH_SET = ' "#<>?`{}';
const USERINFO_SET = ' "#<>?`{}/:;=@[\\]^|';

function invalid(input) {
  const e = new TypeError(`Invalid URL${input !== undefined ? ': ' + input : ''}`);
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  return e;
}

// Removes "." and ".." segments; segments is mutated.
function normalizeSegments(segments, special) {
  const out = [];
  for (let i = 0; i < segments.length; i++) {
    let seg = segments[i];
    const last = i === segments.length - 1;
    const lower = seg.toLowerCase();
    if (lower === '.' || lower === '%2e') {
      if (last) out.push('');
    } else if (lower === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
      if (out.length) out.pop();
      if (last) out.push('');
    } else {
      out.push(seg);
    }
  }
  void special;
  return out;
}

function parseHost(host, special, input) {
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) throw invalid(input);
    return host.toLowerCase();
  }
  if (!special) return percentEncode(host, ' #<>?@[\\]^|');
  let h;
  try {
    h = decodeURIComponent(host);
  } catch (e) {
    h = host;
  }
  h = h.toLowerCase();
  if (/[\x00\t\n\r #/:<>?@[\\\]^|%]/.test(h)) throw invalid(input);
  // IPv4 in a special URL: numbers, possibly hex/octal, normalised.
  const parts = h.split('.');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length && parts.length <= 4 && /^(0x[0-9a-f]*|\d+)$/.test(parts[parts.length - 1])) {
    const nums = parts.map((p) => (/^0x/.test(p) ? parseInt(p.slice(2) || '0', 16) : /^0\d/.test(p) ? parseInt(p, 8) : /^\d+$/.test(p) ? Number(p) : NaN));
    if (nums.some((n) => Number.isNaN(n))) throw invalid(input);
    let v = nums[nums.length - 1];
    if (v >= 256 ** (5 - nums.length)) throw invalid(input);
    for (let i = 0; i < nums.length - 1; i++) {
      if (nums[i] > 255) throw invalid(input);
      v += nums[i] * 256 ** (3 - i);
    }
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  return h;
}

// The parsed record: { protocol, username, password, hostname, port,
// path (array, or string for an opaque path), query (null or string),
// fragment (null or string) }.
function parse(input, base) {
  input = String(input).replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(input);
  let r = { protocol: '', username: '', password: '', hostname: null, port: '', path: [], query: null, fragment: null };
  let rest;
  if (m) {
    r.protocol = m[1].toLowerCase() + ':';
    rest = input.slice(m[0].length);
    const special = r.protocol in SPECIAL;
    if (special && base && base.protocol === r.protocol && !/^[/\\]/.test(rest)) {
      return parseRelative(rest, base, input);
    }
    if (special || rest.startsWith('//')) {
      if (r.protocol === 'file:') return parseFile(rest, input, base);
      if (special) rest = rest.replace(/^[/\\]*/, '');
      else rest = rest.slice(2);
      return parseAuthority(r, rest, input);
    }
    // An opaque path: mailto:, data:, javascript:, ...
    let path = rest;
    const hashAt = path.indexOf('#');
    if (hashAt >= 0) { r.fragment = percentEncode(path.slice(hashAt + 1), FRAGMENT_SET); path = path.slice(0, hashAt); }
    const qAt = path.indexOf('?');
    if (qAt >= 0) { r.query = percentEncode(path.slice(qAt + 1), QUERY_SET); path = path.slice(0, qAt); }
    if (path.startsWith('/')) {
      r.path = normalizeSegments(path.slice(1).split('/').map((s) => percentEncode(s, PATH_SET)), false);
    } else {
      r.path = percentEncode(path, '');
    }
    return r;
  }
  if (!base) throw invalid(input);
  return parseRelative(input, base, input);
}

function splitTail(r, rest, special) {
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    r.fragment = percentEncode(rest.slice(hashAt + 1), FRAGMENT_SET);
    rest = rest.slice(0, hashAt);
  }
  const qAt = rest.indexOf('?');
  if (qAt >= 0) {
    r.query = percentEncode(rest.slice(qAt + 1), special ? SPECIAL_QUERY_SET : QUERY_SET);
    rest = rest.slice(0, qAt);
  }
  return rest;
}

function setPath(r, pathText, special) {
  if (special) pathText = pathText.replace(/\\/g, '/');
  const segs = pathText.split('/');
  if (segs[0] === '') segs.shift();
  r.path = normalizeSegments(segs.map((s) => percentEncode(s, PATH_SET)), special);
}

function parseAuthority(r, rest, input) {
  const special = r.protocol in SPECIAL;
  const end = rest.search(special ? /[/\\?#]/ : /[/?#]/);
  let auth = end < 0 ? rest : rest.slice(0, end);
  rest = end < 0 ? '' : rest.slice(end);
  const at = auth.lastIndexOf('@');
  if (at >= 0) {
    const info = auth.slice(0, at);
    auth = auth.slice(at + 1);
    const colon = info.indexOf(':');
    r.username = percentEncode(colon >= 0 ? info.slice(0, colon) : info, USERINFO_SET);
    r.password = colon >= 0 ? percentEncode(info.slice(colon + 1), USERINFO_SET) : '';
  }
  const portMatch = /:(\d*)$/.exec(auth.startsWith('[') ? auth.slice(auth.indexOf(']')) : auth);
  let host = auth;
  if (portMatch) {
    host = auth.slice(0, auth.length - portMatch[0].length);
    if (portMatch[1] !== '') {
      const p = Number(portMatch[1]);
      if (p > 65535) throw invalid(input);
      r.port = String(p) === SPECIAL[r.protocol] ? '' : String(p);
    }
  } else if (/:[^\]]*$/.test(auth) && !auth.startsWith('[')) {
    throw invalid(input);
  }
  if (special && host === '') throw invalid(input);
  r.hostname = parseHost(host, special, input);
  rest = splitTail(r, rest, special);
  if (rest !== '' || special) setPath(r, rest, special);
  return r;
}

function parseFile(rest, input, base) {
  const r = { protocol: 'file:', username: '', password: '', hostname: '', port: '', path: [], query: null, fragment: null };
  rest = rest.replace(/\\/g, '/');
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const end = rest.search(/[/?#]/);
    const host = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end);
    r.hostname = host === 'localhost' ? '' : parseHost(host, true, input).replace(/^$/, '');
  } else if (!rest.startsWith('/') && base && base.protocol === 'file:') {
    return parseRelative(rest, base, input);
  }
  rest = splitTail(r, rest, true);
  setPath(r, rest, true);
  return r;
}

function parseRelative(input, base, original) {
  const special = base.protocol in SPECIAL;
  const r = { ...base, path: Array.isArray(base.path) ? base.path.slice() : base.path, query: base.query, fragment: null };
  if (typeof base.path === 'string' && !input.startsWith('#')) throw invalid(original);
  if (special ? /^[/\\]{2}/.test(input) : input.startsWith('//')) {
    if (base.protocol === 'file:') return parseFile(input, original, null);
    const fresh = { protocol: base.protocol, username: '', password: '', hostname: null, port: '', path: [], query: null, fragment: null };
    return parseAuthority(fresh, input.slice(2), original);
  }
  if (input === '') return r;
  if (special ? /^[/\\]/.test(input) : input.startsWith('/')) {
    r.query = null;
    const rest = splitTail(r, input, special);
    setPath(r, rest, special);
    return r;
  }
  if (input.startsWith('?')) {
    r.query = null;
    splitTail(r, input, special);
    return r;
  }
  if (input.startsWith('#')) {
    splitTail(r, input, special);
    return r;
  }
  r.query = null;
  const rest = splitTail(r, input, special);
  const dir = r.path.slice(0, -1);
  setPath(r, '/' + dir.concat([rest]).join('/'), special);
  if (dir.length === 0 && r.path.length === 0) r.path = [''];
  return r;
}

function serializePath(r) {
  if (typeof r.path === 'string') return r.path;
  if (r.hostname === null && r.path.length > 1 && r.path[0] === '') return '/.' + '/' + r.path.join('/');
  return r.path.length || r.protocol in SPECIAL ? '/' + r.path.join('/') : '';
}

const kRecord = Symbol('record');
const kParams = Symbol('params');

class URL {
  constructor(input, base) {
    let b = null;
    if (base !== undefined) b = base instanceof URL ? base[kRecord] : parse(String(base));
    this[kRecord] = parse(input instanceof URL ? input.href : String(input), b);
    this[kParams] = null;
  }
  static canParse(input, base) {
    try {
      new URL(input, base);
      return true;
    } catch (e) {
      return false;
    }
  }
  static parse(input, base) {
    try {
      return new URL(input, base);
    } catch (e) {
      return null;
    }
  }
  get href() {
    const r = this[kRecord];
    let s = r.protocol;
    if (r.hostname !== null) {
      s += '//';
      if (r.username || r.password) s += r.username + (r.password ? ':' + r.password : '') + '@';
      s += r.hostname + (r.port ? ':' + r.port : '');
    }
    s += serializePath(r);
    if (r.query !== null) s += '?' + r.query;
    if (r.fragment !== null) s += '#' + r.fragment;
    return s;
  }
  set href(v) {
    this[kRecord] = parse(String(v));
    if (this[kParams]) this[kParams]._reset(this[kRecord].query || '');
  }
  get origin() {
    const r = this[kRecord];
    if (r.protocol === 'blob:') {
      try {
        return new URL(serializePath(r)).origin;
      } catch (e) {
        return 'null';
      }
    }
    if (!(r.protocol in SPECIAL) || r.protocol === 'file:') return 'null';
    return `${r.protocol}//${r.hostname}${r.port ? ':' + r.port : ''}`;
  }
  get protocol() { return this[kRecord].protocol; }
  set protocol(v) {
    const p = String(v).replace(/:.*$/, '').toLowerCase() + ':';
    if (!/^[a-z][a-z0-9+.-]*:$/.test(p)) return;
    const r = this[kRecord];
    if ((p in SPECIAL) !== (r.protocol in SPECIAL)) return;
    r.protocol = p;
    if (r.port === SPECIAL[p]) r.port = '';
  }
  get username() { return this[kRecord].username; }
  set username(v) { if (this[kRecord].hostname) this[kRecord].username = percentEncode(String(v), USERINFO_SET); }
  get password() { return this[kRecord].password; }
  set password(v) { if (this[kRecord].hostname) this[kRecord].password = percentEncode(String(v), USERINFO_SET); }
  get host() {
    const r = this[kRecord];
    return r.hostname === null ? '' : r.hostname + (r.port ? ':' + r.port : '');
  }
  set host(v) {
    const r = this[kRecord];
    if (typeof r.path === 'string') return;
    try {
      const t = parseAuthority({ ...r, port: '' }, String(v), v);
      r.hostname = t.hostname;
      r.port = t.port;
    } catch (e) { /* ignored, as the standard says */ }
  }
  get hostname() { return this[kRecord].hostname || ''; }
  set hostname(v) {
    const r = this[kRecord];
    if (typeof r.path === 'string') return;
    try {
      r.hostname = parseHost(String(v), r.protocol in SPECIAL, v);
    } catch (e) { /* ignored */ }
  }
  get port() { return this[kRecord].port; }
  set port(v) {
    const r = this[kRecord];
    const s = String(v);
    if (s === '') {
      r.port = '';
      return;
    }
    const m = /^\d+/.exec(s);
    if (!m || Number(m[0]) > 65535) return;
    r.port = String(Number(m[0])) === SPECIAL[r.protocol] ? '' : String(Number(m[0]));
  }
  get pathname() { return serializePath(this[kRecord]); }
  set pathname(v) {
    const r = this[kRecord];
    if (typeof r.path === 'string') return;
    setPath(r, String(v), r.protocol in SPECIAL);
  }
  get search() {
    const q = this[kRecord].query;
    return q ? '?' + q : '';
  }
  set search(v) {
    let s = String(v);
    if (s.startsWith('?')) s = s.slice(1);
    const r = this[kRecord];
    r.query = s === '' ? null : percentEncode(s, r.protocol in SPECIAL ? SPECIAL_QUERY_SET : QUERY_SET);
    if (this[kParams]) this[kParams]._reset(s);
  }
  get searchParams() {
    if (!this[kParams]) {
      this[kParams] = new URLSearchParams(this[kRecord].query || '');
      this[kParams]._url = this;
    }
    return this[kParams];
  }
  get hash() {
    const f = this[kRecord].fragment;
    return f ? '#' + f : '';
  }
  set hash(v) {
    let s = String(v);
    if (s.startsWith('#')) s = s.slice(1);
    this[kRecord].fragment = s === '' ? null : percentEncode(s, FRAGMENT_SET);
  }
  toString() { return this.href; }
  toJSON() { return this.href; }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    const fields = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'searchParams', 'hash'];
    const util = require('util');
    return `URL {\n${fields.map((f) => `  ${f}: ${util.inspect(this[f])}`).join(',\n')}\n}`;
  }
}

// application/x-www-form-urlencoded
function formEncode(s) {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9*\-._]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
function formDecode(s) {
  s = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s.replace(/%([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
  }
}

class URLSearchParams {
  constructor(init = '') {
    this._list = [];
    this._url = null;
    if (init instanceof URLSearchParams) this._list = init._list.map((p) => p.slice());
    else if (typeof init === 'object' && init !== null) {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = Array.from(pair);
          if (p.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
          this._list.push([String(p[0]), String(p[1])]);
        }
      } else {
        for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      }
    } else {
      this._reset(String(init).replace(/^\?/, ''));
    }
  }
  _reset(s) {
    this._list = [];
    for (const part of s.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      this._list.push(eq >= 0 ? [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))] : [formDecode(part), '']);
    }
  }
  _update() {
    if (!this._url) return;
    const s = this.toString();
    this._url[kRecord].query = s === '' ? null : s;
  }
  get size() { return this._list.length; }
  append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
  delete(k, v) {
    k = String(k);
    this._list = this._list.filter((p) => p[0] !== k || (v !== undefined && p[1] !== String(v)));
    this._update();
  }
  get(k) {
    const p = this._list.find((q) => q[0] === String(k));
    return p ? p[1] : null;
  }
  getAll(k) { return this._list.filter((p) => p[0] === String(k)).map((p) => p[1]); }
  has(k, v) { return this._list.some((p) => p[0] === String(k) && (v === undefined || p[1] === String(v))); }
  set(k, v) {
    k = String(k);
    const i = this._list.findIndex((p) => p[0] === k);
    if (i < 0) this._list.push([k, String(v)]);
    else {
      this._list[i][1] = String(v);
      this._list = this._list.filter((p, j) => j <= i || p[0] !== k);
    }
    this._update();
  }
  sort() {
    this._list = this._list.map((p, i) => [p, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map((x) => x[0]);
    this._update();
  }
  forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
  *keys() { for (const p of this._list) yield p[0]; }
  *values() { for (const p of this._list) yield p[1]; }
  *entries() { for (const p of this._list) yield [p[0], p[1]]; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this._list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    const util = require('util');
    return this._list.length ? `URLSearchParams { ${this._list.map(([k, v]) => `${util.inspect(k)} => ${util.inspect(v)}`).join(', ')} }` : 'URLSearchParams {}';
  }
}

function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') {
    const e = new TypeError('The URL must be of scheme file');
    e.code = 'ERR_INVALID_URL_SCHEME';
    throw e;
  }
  if (u.hostname !== '') {
    const e = new TypeError('File URL host must be "localhost" or empty on linux');
    e.code = 'ERR_INVALID_FILE_URL_HOST';
    throw e;
  }
  if (/%2f/i.test(u.pathname)) {
    const e = new TypeError('File URL path must not include encoded / characters');
    e.code = 'ERR_INVALID_FILE_URL_PATH';
    throw e;
  }
  return decodeURIComponent(u.pathname);
}

function pathToFileURL(p) {
  const path = require('path');
  let resolved = path.resolve(p);
  if (p.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const u = new URL('file://');
  u.pathname = resolved.replace(/%/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23');
  return u;
}

// Legacy url.parse: the fields of Node's Url object, computed with URL
// where the input is absolute.
function legacyParse(str, parseQuery) {
  const out = { protocol: null, slashes: null, auth: null, host: null, port: null, hostname: null,
    hash: null, search: null, query: null, pathname: null, path: null, href: str };
  let u = null;
  try {
    u = new URL(str);
  } catch (e) { /* relative */ }
  if (u) {
    out.protocol = u.protocol;
    out.slashes = /^[a-z][a-z0-9+.-]*:\/\//i.test(str) || null;
    out.auth = u.username ? decodeURIComponent(u.username) + (u.password ? ':' + decodeURIComponent(u.password) : '') : null;
    out.host = u.host || (out.slashes ? '' : null);
    out.port = u.port || null;
    out.hostname = u.hostname || (out.slashes ? '' : null);
    out.hash = u.hash || null;
    out.search = u.search || null;
    out.pathname = u.pathname || null;
    out.href = u.href;
  } else {
    const m = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(str);
    out.pathname = m[1] || null;
    out.search = m[2] || null;
    out.hash = m[3] || null;
  }
  out.query = out.search ? out.search.slice(1) : null;
  if (parseQuery) out.query = Object.fromEntries(new URLSearchParams(out.query || ''));
  out.path = (out.pathname || '') + (out.search || '') || null;
  return out;
}

function legacyFormat(obj) {
  if (typeof obj === 'string') return obj;
  if (obj instanceof URL) return obj.href;
  let s = '';
  if (obj.protocol) s += obj.protocol.endsWith(':') ? obj.protocol : obj.protocol + ':';
  if (obj.slashes || obj.host || obj.hostname) s += '//';
  if (obj.auth) s += obj.auth + '@';
  s += obj.host || (obj.hostname ? obj.hostname + (obj.port ? ':' + obj.port : '') : '');
  s += obj.pathname || '';
  if (obj.search) s += obj.search.startsWith('?') ? obj.search : '?' + obj.search;
  else if (obj.query && typeof obj.query === 'object') {
    const q = new URLSearchParams(obj.query).toString();
    if (q) s += '?' + q;
  }
  if (obj.hash) s += obj.hash.startsWith('#') ? obj.hash : '#' + obj.hash;
  return s;
}

function legacyResolve(from, to) {
  const u = new URL(to, new URL(from, 'resolve://'));
  if (u.protocol === 'resolve:') return u.pathname + u.search + u.hash;
  return u.href;
}

module.exports = {
  URL, URLSearchParams, fileURLToPath, pathToFileURL,
  parse: legacyParse, format: legacyFormat, resolve: legacyResolve,
  domainToASCII: (d) => d.toLowerCase(), domainToUnicode: (d) => d,
};
