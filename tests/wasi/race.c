/*
 * race.c - while the driver keeps swapping sandbox/race between a real
 * directory and symlinks to a directory outside the sandbox, open
 * race/secret over and over: every open must fail or find the harmless
 * file inside, never the secret outside.
 */
#include "guest.h"

int main(void) {
  test_name = "race";
  int d = preopen("sandbox");
  CHECK(d >= 3, "preopen");
  if (d < 0) return finish();
  int leaks = 0, opened = 0, refused = 0;
  for (int i = 0; i < 20000; i++) {
    char buf[32];
    int32_t e = slurp((u32)d, "race/secret", buf, sizeof buf);
    if (e == 0) {
      opened++;
      if (strcmp(buf, "harmless") != 0) leaks++;
    } else if (e == E_NOTCAPABLE) {
      refused++;
    }
    filestat st;
    if (stat_path((u32)d, FOLLOW, "race/secret", &st) == 0 && st.size != 8) leaks++;
  }
  CHECK(leaks == 0, "%d reads reached outside the sandbox", leaks);
  fprintf(stderr, "race: %d opened, %d refused\n", opened, refused);
  return finish();
}
