/* hello.c - a WASI command: prints its arguments and one environment
 * variable, so `husk run` can show argument and --env passing.
 *   husk run --env GREETING=hi build/examples/hello/hello.wasm a b */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  const char *greeting = getenv("GREETING");
  printf("%s from WebAssembly!\n", greeting ? greeting : "Hello");
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
