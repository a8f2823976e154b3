'use strict';
// node:os, as a sandboxed guest sees it: the platform's constants and
// facts every program may know (EOL, platform, arch, CPU count, page of
// memory figures), and neutral values for what would identify the host
// (hostname "localhost", no network interfaces, home from process.env).

const process = require('process');

const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20,
};

module.exports = {
  EOL: '\n',
  devNull: '/dev/null',
  platform: () => 'linux',
  type: () => 'Linux',
  arch: () => process.arch,
  machine: () => 'x86_64',
  release: () => '0.0.0-husk',
  version: () => 'husk',
  endianness: () => 'LE',
  hostname: () => 'localhost',
  homedir: () => process.env.HOME || '/',
  tmpdir: () => process.env.TMPDIR || '/tmp',
  uptime: () => process.uptime(),
  loadavg: () => [0, 0, 0],
  totalmem: () => 0,
  freemem: () => 0,
  availableParallelism: () => 1,
  cpus: () => [],
  networkInterfaces: () => ({}),
  userInfo: () => ({ uid: -1, gid: -1, username: 'husk', homedir: process.env.HOME || '/', shell: null }),
  constants: { signals, errno: {}, priority: {} },
};
