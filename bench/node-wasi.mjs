// Minimal WASI runner for node: node --no-warnings bench/node-wasi.mjs FILE.wasm [args...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env, exit } from 'node:process';

const file = argv[2];
if (!file) {
  console.error('usage: node --no-warnings node-wasi.mjs FILE.wasm [args...]');
  exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...argv.slice(3)],
  env: {},
  preopens: {},
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
exit(code ?? 0);
