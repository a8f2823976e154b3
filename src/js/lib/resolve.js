'use strict';
// Node's module resolution, for require (conditions "require") and import
// (conditions "import"): relative and absolute paths with extension and
// index probing, node_modules directories walked up from the importing
// file, then the embedder's search paths (and HUSK_PATH); package.json
// "exports" (subpaths, patterns, conditions), "imports" (#names), "main",
// and "module" for import when there is no "exports".

const path = require('path');
const L = binding('loader');

const FILE = 1, DIR = 2;
const kind = (p) => L.kind(p);

const EXTENSIONS = ['.js', '.json', '.mjs', '.cjs'];
const CONDITIONS = { import: ['import', 'node', 'husk', 'module-sync', 'default'],
                     require: ['require', 'node', 'husk', 'module-sync', 'default'] };

function notFound(request, from) {
  const e = new Error(`Cannot find module '${request}' from '${from}'`);
  e.code = 'MODULE_NOT_FOUND';
  return e;
}

function codeError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

// package.json files, parsed once (null: none, or unreadable).
const packages = new Map();
function readPackage(dir) {
  const file = dir + '/package.json';
  if (packages.has(file)) return packages.get(file);
  let pkg = null;
  const text = kind(file) === FILE ? L.readText(file) : null;
  if (text !== null) {
    try {
      pkg = JSON.parse(text);
    } catch (e) {
      throw codeError('ERR_INVALID_PACKAGE_CONFIG', `Invalid package config ${file}: ${e.message}`);
    }
    if (pkg === null || typeof pkg !== 'object') pkg = {};
  }
  packages.set(file, pkg);
  return pkg;
}

// The nearest package.json above file: { dir, pkg } or null.
function packageScope(file) {
  let dir = path.dirname(file);
  for (;;) {
    if (path.basename(dir) === 'node_modules') return null;
    const pkg = readPackage(dir);
    if (pkg) return { dir, pkg };
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function tryFile(p) {
  if (kind(p) === FILE) return p;
  for (const ext of EXTENSIONS) if (kind(p + ext) === FILE) return p + ext;
  return null;
}

function tryIndex(dir) {
  for (const ext of EXTENSIONS) if (kind(dir + '/index' + ext) === FILE) return dir + '/index' + ext;
  return null;
}

function tryDirectory(dir, mode) {
  if (kind(dir) !== DIR) return null;
  const pkg = readPackage(dir);
  if (pkg) {
    const mains = mode === 'import' && typeof pkg.module === 'string' ? [pkg.module, pkg.main] : [pkg.main];
    for (const main of mains) {
      if (typeof main !== 'string' || main === '') continue;
      const m = path.resolve(dir, main);
      const found = tryFile(m) || tryIndex(m);
      if (found) return found;
    }
  }
  return tryIndex(dir);
}

function tryPath(p, mode) {
  return tryFile(p) || tryDirectory(p, mode);
}

// ------------------------------------------------------------ exports maps

// The target for one exports/imports value under the active conditions,
// with * replaced by the pattern match; undefined when nothing matches,
// null when explicitly excluded.
function resolveTarget(target, match, conditions) {
  if (typeof target === 'string') return match === undefined ? target : target.split('*').join(match);
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, match, conditions);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const key of Object.keys(target)) {
      if (conditions.includes(key)) {
        const r = resolveTarget(target[key], match, conditions);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }
  return target === null ? null : undefined;
}

// Finds subpath ("." or "./x" or "#x") in a map, exact keys first, then
// the longest pattern ("./x/*").
function lookupMap(map, subpath, conditions) {
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*'))
    return resolveTarget(map[subpath], undefined, conditions);
  let best = null, bestMatch;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1) {
      // Deprecated folder mappings: "./dir/".
      if (key.endsWith('/') && subpath.startsWith(key) && (!best || key.length > best.length)) {
        best = key;
        bestMatch = null;
      }
      continue;
    }
    const prefix = key.slice(0, star), suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.length >= key.length - 1 && subpath.endsWith(suffix) &&
        (!best || prefix.length > best.indexOf('*'))) {
      best = key;
      bestMatch = subpath.slice(prefix.length, subpath.length - suffix.length);
    }
  }
  if (!best) return undefined;
  if (bestMatch === null) {
    const t = resolveTarget(map[best], undefined, conditions);
    return typeof t === 'string' ? t + subpath.slice(best.length) : t;
  }
  return resolveTarget(map[best], bestMatch, conditions);
}

function packageExports(pkgDir, pkg, subpath, conditions, request, from) {
  let exp = pkg.exports;
  if (typeof exp === 'string' || Array.isArray(exp) ||
      (exp && typeof exp === 'object' && !Object.keys(exp).some((k) => k.startsWith('.'))))
    exp = { '.': exp };
  const target = exp && typeof exp === 'object' ? lookupMap(exp, subpath, conditions) : undefined;
  if (typeof target !== 'string' || !target.startsWith('./')) {
    throw codeError('ERR_PACKAGE_PATH_NOT_EXPORTED',
      subpath === '.'
        ? `No "exports" main defined in ${pkgDir}/package.json (importing '${request}' from '${from}')`
        : `Package subpath '${subpath}' is not defined by "exports" in ${pkgDir}/package.json (importing '${request}' from '${from}')`);
  }
  const file = path.resolve(pkgDir, target);
  if (kind(file) !== FILE) throw notFound(request, from);
  return file;
}

// "lodash/fp" -> ["lodash", "./fp"]; "@scope/pkg" -> ["@scope/pkg", "."]
function splitPackage(request) {
  const parts = request.split('/');
  const n = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, n).join('/');
  const rest = parts.slice(n).join('/');
  return [name, rest ? './' + rest : '.'];
}

function resolvePackage(pkgDir, subpath, mode, request, from) {
  const pkg = readPackage(pkgDir);
  if (pkg && pkg.exports !== undefined && pkg.exports !== null)
    return packageExports(pkgDir, pkg, subpath, CONDITIONS[mode], request, from);
  if (subpath === '.') return tryDirectory(pkgDir, mode);
  return tryPath(path.resolve(pkgDir, subpath), mode);
}

// ------------------------------------------------------------ entry

// resolve(request, fromDir, mode, fromFile, searchPaths, isBuiltin) -> an
// absolute path, or "node:NAME" for a built-in.
function resolve(request, fromDir, mode, fromFile, searchPaths, isBuiltin) {
  if (request.startsWith('node:')) return request;
  if (isBuiltin(request)) return 'node:' + request;
  if (request.startsWith('file://')) request = decodeURIComponent(request.slice(7));

  if (request.startsWith('/') || request.startsWith('./') || request.startsWith('../') ||
      request === '.' || request === '..') {
    const found = tryPath(path.resolve(fromDir, request), mode);
    if (!found) throw notFound(request, fromFile);
    return L.realpath(found);
  }

  if (request.startsWith('#')) {
    const scope = packageScope(fromFile);
    const imports = scope && scope.pkg.imports;
    const target = imports && typeof imports === 'object' ? lookupMap(imports, request, CONDITIONS[mode]) : undefined;
    if (typeof target !== 'string') throw notFound(request, fromFile);
    if (target.startsWith('./')) return L.realpath(path.resolve(scope.dir, target));
    return resolve(target, scope.dir, mode, fromFile, searchPaths, isBuiltin);
  }

  const [name, subpath] = splitPackage(request);
  // A package may import itself by name when it has "exports".
  const self = packageScope(fromFile);
  if (self && self.pkg.name === name && self.pkg.exports !== undefined)
    return L.realpath(packageExports(self.dir, self.pkg, subpath, CONDITIONS[mode], request, fromFile));

  let dir = fromDir;
  for (;;) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = dir + (dir === '/' ? '' : '/') + 'node_modules/' + name;
      if (kind(candidate) === DIR) {
        const found = resolvePackage(candidate, subpath, mode, request, fromFile);
        if (found) return L.realpath(found);
      } else if (subpath === '.') {
        // node_modules/name.js
        const f = tryFile(candidate);
        if (f) return L.realpath(f);
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const sp of searchPaths) {
    const candidate = path.resolve(sp, name);
    const found = kind(candidate) === DIR ? resolvePackage(candidate, subpath, mode, request, fromFile)
                                          : subpath === '.' ? tryFile(candidate) : null;
    if (found) return L.realpath(found);
  }
  throw notFound(request, fromFile);
}

module.exports = { resolve, packageScope, readPackage };
