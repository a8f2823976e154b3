/*
 * args_env.c - args_*, environ_*, proc_exit.
 * Run as: husk run --env FOO=bar --env EMPTY= args_env.wasm one "two words"
 * The guest must see exactly those arguments and variables and nothing of
 * the host environment. Ends with proc_exit(0) after printing its summary.
 */
#include "guest.h"

int main(void) {
  test_name = "args_env";
  u32 argc = 0, argv_size = 0;
  OK(raw_args_sizes_get(PTR(&argc), PTR(&argv_size)));
  CHECK(argc == 3, "argc %u", argc);
  /* "args_env.wasm\0one\0two words\0" with argv[0] as husk passes it */
  char **argv = calloc(argc + 1, sizeof *argv);
  char *buf = malloc(argv_size);
  OK(raw_args_get(PTR(argv), PTR(buf)));
  CHECK(argc == 3 && !strcmp(argv[1], "one") && !strcmp(argv[2], "two words"),
        "argv contents");
  CHECK(strstr(argv[0], "args_env") != NULL, "argv[0] %s", argv[0]);
  u32 total = 0;
  for (u32 i = 0; i < argc; i++) total += (u32)strlen(argv[i]) + 1;
  CHECK(total == argv_size, "argv size %u vs %u", total, argv_size);

  u32 envc = 0, env_size = 0;
  OK(raw_environ_sizes_get(PTR(&envc), PTR(&env_size)));
  CHECK(envc == 2, "envc %u (nothing may leak from the host)", envc);
  char **env = calloc(envc + 1, sizeof *env);
  char *ebuf = malloc(env_size);
  OK(raw_environ_get(PTR(env), PTR(ebuf)));
  int foo = 0, empty = 0;
  for (u32 i = 0; i < envc; i++) {
    if (!strcmp(env[i], "FOO=bar")) foo++;
    else if (!strcmp(env[i], "EMPTY=")) empty++;
    else CHECK(0, "unexpected variable %s", env[i]);
  }
  CHECK(foo == 1 && empty == 1, "FOO=bar and EMPTY= expected");
  CHECK(getenv("PATH") == NULL, "PATH leaked");

  /* Bad pointers: EFAULT, and nothing written. */
  EXPECT(raw_args_sizes_get(BAD_PTR, PTR(&argv_size)), E_FAULT);
  EXPECT(raw_args_sizes_get(PTR(&argc), BAD_PTR), E_FAULT);
  EXPECT(raw_args_get(BAD_PTR, PTR(buf)), E_FAULT);
  EXPECT(raw_args_get(PTR(argv), BAD_PTR), E_FAULT);
  /* The buffer starts in memory but runs past its end. */
  EXPECT(raw_args_get(PTR(argv), 0xffffffffu), E_FAULT);
  EXPECT(raw_environ_sizes_get(BAD_PTR, PTR(&env_size)), E_FAULT);
  EXPECT(raw_environ_get(PTR(env), BAD_PTR), E_FAULT);
  EXPECT(raw_environ_get(BAD_PTR, PTR(ebuf)), E_FAULT);

  int status = finish();
  raw_proc_exit((u32)status);   /* exit through proc_exit explicitly */
  return 99;                    /* not reached */
}
