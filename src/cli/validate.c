/*
 * validate.c - `husk validate FILE.wasm...`: decodes and validates each file
 * without translating or running it.
 */
#include <stdlib.h>

#include "cli.h"

static int validate_file(husk_engine *engine, const char *path) {
  cli_file file;
  int status = cli_read_file(path, &file);
  if (status != CLI_OK) return status;
  husk_error *err = husk_module_validate(engine, file.bytes, file.size);
  if (err) {
    cli_error("%s: %s", path, husk_error_message(err));
    husk_error_delete(err);
    status = CLI_INVALID;
  } else {
    printf("%s: valid\n", path);
  }
  cli_file_release(&file);
  return status;
}

/* Every file is checked, so one run reports all the invalid ones. */
int cli_validate(int argc, char **argv) {
  if (argc < 2) {
    cli_error("usage: husk validate FILE.wasm...");
    return CLI_USAGE;
  }
  husk_engine *engine = cli_engine_new(NULL);
  if (!engine) return CLI_TRAP;
  int status = CLI_OK;
  for (int i = 1; i < argc; i++)
    if (validate_file(engine, argv[i]) != CLI_OK) status = CLI_INVALID;
  husk_engine_delete(engine);
  return status;
}
