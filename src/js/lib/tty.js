'use strict';
// node:tty: a husk guest has no terminal (its output goes through the
// console sink), which is what colour-detecting packages need to know.

module.exports = {
  isatty: () => false,
  ReadStream: class ReadStream {},
  WriteStream: class WriteStream {},
};
