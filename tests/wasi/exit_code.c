/*
 * exit_code.c - proc_exit's code becomes husk run's exit status, and
 * nothing after it runs. Prints "before", exits 7.
 */
#include "guest.h"

int main(void) {
  printf("before\n");
  fflush(stdout);
  raw_proc_exit(7);
  printf("after\n");   /* must never appear */
  return 0;
}
