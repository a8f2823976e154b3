'use strict';
// node:module - createRequire, builtinModules, isBuiltin.

const loader = require('bootstrap');
const Module = loader.Module;
Module.createRequire = loader.createRequire;
Module.builtinModules = loader.builtinNames();
Module.isBuiltin = (name) => {
  const n = String(name).replace(/^node:/, '');
  return Module.builtinModules.includes(n);
};
Module.Module = Module;
module.exports = Module;
