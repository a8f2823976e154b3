/*
 * stub-lib.c - a shared library with none of the functions the cache needs,
 * built as libzstd.so.1 and as libcrypto.so.3 (tests/cache/CMakeLists.txt):
 * found first through LD_LIBRARY_PATH, it makes the real one unloadable.
 */
int husk_stub_lib;
