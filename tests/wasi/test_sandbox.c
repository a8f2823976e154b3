/*
 * test_sandbox.c - unit test of the path resolver (src/wasi/sandbox.c),
 * natively, without the engine. Every case runs twice: with openat2 (when
 * the kernel has it) and with the user-space walk, which must agree.
 *
 * The tree built under a fresh temporary directory:
 *   outside/secret
 *   box/file, box/dir/nested/file2, and symlinks in box/ pointing inside,
 *   outside (absolute and relative), in loops, and dangling.
 * The resolver's root is box/. Nothing may ever open outside/secret.
 */
#define _GNU_SOURCE
#include "wasi/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;
static const char *mode_name;

#define CHECK(cond, ...)                                                     \
  do {                                                                       \
    if (cond) passed++;                                                      \
    else {                                                                   \
      failed++;                                                              \
      fprintf(stderr, "FAIL [%s] %s:%d: ", mode_name, __FILE__, __LINE__);   \
      fprintf(stderr, __VA_ARGS__);                                          \
      fputc('\n', stderr);                                                   \
    }                                                                        \
  } while (0)

static char top[4096];
static int boxfd;
static ino_t secret_ino;

static void must(int ok, const char *what) {
  if (!ok) { perror(what); exit(2); }
}

static void put_file(const char *rel, const char *content) {
  char p[4200];
  snprintf(p, sizeof p, "%s/%s", top, rel);
  FILE *f = fopen(p, "w");
  must(f != NULL, p);
  fputs(content, f);
  fclose(f);
}

static void mk(const char *rel) {
  char p[4200];
  snprintf(p, sizeof p, "%s/%s", top, rel);
  must(mkdir(p, 0755) == 0, p);
}

static void ln(const char *target, const char *rel) {
  char p[4200];
  snprintf(p, sizeof p, "%s/%s", top, rel);
  must(symlink(target, p) == 0, p);
}

static bool exists(const char *rel) {
  char p[4200];
  struct stat st;
  snprintf(p, sizeof p, "%s/%s", top, rel);
  return lstat(p, &st) == 0;
}

static void build_tree(void) {
  snprintf(top, sizeof top, "%s/husk-sandbox-XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  must(mkdtemp(top) != NULL, "mkdtemp");
  mk("outside");
  put_file("outside/secret", "secret");
  mk("box");
  put_file("box/file", "in");
  mk("box/dir");
  mk("box/dir/nested");
  put_file("box/dir/nested/file2", "in2");
  ln("dir/nested", "box/link_in");
  ln("file", "box/link_file");
  char abs[4200];
  snprintf(abs, sizeof abs, "%s/outside", top);
  ln(abs, "box/link_abs");
  ln("/etc", "box/link_etc");
  ln("../outside", "box/link_out");
  ln("dir/../../outside", "box/link_out2");
  ln("../outside/new", "box/link_out_create");
  ln("loop2", "box/loop1");
  ln("loop1", "box/loop2");
  ln("self", "box/self");
  ln("nothere", "box/dangling");
  ln("..", "box/dir/up");
  ln("../..", "box/dir/up2");
  ln("nested/../../dir/nested/file2", "box/dir/zigzag");
  /* chain40 -> chain39 -> ... -> chain1 -> file: 40 expansions from chain40 */
  char name[64], target[64];
  for (int i = 1; i <= 41; i++) {
    snprintf(name, sizeof name, "box/chain%d", i);
    if (i == 1) snprintf(target, sizeof target, "file");
    else snprintf(target, sizeof target, "chain%d", i - 1);
    ln(target, name);
  }
  char box[4200];
  snprintf(box, sizeof box, "%s/box", top);
  boxfd = open(box, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  must(boxfd >= 0, box);
  struct stat st;
  char sec[4200];
  snprintf(sec, sizeof sec, "%s/outside/secret", top);
  must(stat(sec, &st) == 0, sec);
  secret_ino = st.st_ino;
}

static void remove_tree(void) {
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", top);
}

/* Opens path for reading and returns its first bytes in buf, or -errno. */
static int read_via(const sb_resolver *r, const char *path, bool follow,
                    char *buf, size_t size) {
  int fd = sb_open(r, boxfd, path, O_RDONLY, 0, follow);
  if (fd < 0) return fd;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_ino == secret_ino) {
    failed++;
    fprintf(stderr, "FAIL [%s] %s reached outside/secret\n", mode_name, path);
  }
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  buf[n > 0 ? n : 0] = 0;
  return 0;
}

#define EXPECT_READ(path, follow, want)                                      \
  do {                                                                       \
    char b_[64];                                                             \
    int rc_ = read_via(r, path, follow, b_, sizeof b_);                      \
    CHECK(rc_ == 0 && strcmp(b_, want) == 0, "%s: rc %d (%s), got '%s'",     \
          path, rc_, strerror(-rc_), rc_ == 0 ? b_ : "");                    \
  } while (0)

#define EXPECT_ERR(path, flags, follow, err)                                 \
  do {                                                                       \
    int fd_ = sb_open(r, boxfd, path, flags, 0644, follow);                  \
    if (fd_ >= 0) close(fd_);                                                \
    CHECK(fd_ == -(err), "%s: want %s, got %d (%s)", path, strerror(err),    \
          fd_, fd_ < 0 ? strerror(-fd_) : "success");                        \
  } while (0)

static void test_open(const sb_resolver *r) {
  EXPECT_READ("file", false, "in");
  EXPECT_READ("./file", false, "in");
  EXPECT_READ("dir/nested/file2", false, "in2");
  EXPECT_READ("dir/../file", false, "in");
  EXPECT_READ("dir/.//nested/../../dir/nested/../nested///./file2", false,
              "in2");
  EXPECT_READ("link_in/file2", false, "in2");
  EXPECT_READ("link_file", true, "in");
  EXPECT_READ("dir/up/file", false, "in");
  EXPECT_READ("dir/zigzag", true, "in2");
  EXPECT_READ("link_in/../nested/file2", false, "in2");  /* physical ".." */
  EXPECT_READ("chain40", true, "in");

  EXPECT_ERR("link_file", O_RDONLY, false, ELOOP);
  EXPECT_ERR("chain41", O_RDONLY, true, ELOOP);
  EXPECT_ERR("loop1", O_RDONLY, true, ELOOP);
  EXPECT_ERR("loop1/x", O_RDONLY, true, ELOOP);
  EXPECT_ERR("self", O_RDONLY, true, ELOOP);
  EXPECT_ERR("..", O_RDONLY, true, EXDEV);
  EXPECT_ERR("../outside/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("dir/../../outside/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("/etc/passwd", O_RDONLY, true, EXDEV);
  EXPECT_ERR("link_abs/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("link_abs", O_RDONLY, true, EXDEV);
  EXPECT_ERR("link_etc/passwd", O_RDONLY, true, EXDEV);
  EXPECT_ERR("link_out/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("link_out2/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("dir/up2/outside/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("dir/up/../outside/secret", O_RDONLY, true, EXDEV);
  EXPECT_ERR("file/", O_RDONLY, true, ENOTDIR);
  EXPECT_ERR("file/x", O_RDONLY, true, ENOTDIR);
  EXPECT_ERR("", O_RDONLY, true, ENOENT);
  EXPECT_ERR("nothere", O_RDONLY, true, ENOENT);
  EXPECT_ERR("dangling", O_RDONLY, true, ENOENT);
  EXPECT_ERR("dir/nested/nothere/x", O_RDONLY, true, ENOENT);

  /* Creating through symlinks: inside is fine, outside is refused and
   * leaves the outside untouched. */
  EXPECT_ERR("link_out_create", O_WRONLY | O_CREAT, true, EXDEV);
  CHECK(!exists("outside/new"), "outside/new was created");
  EXPECT_ERR("link_out/new2", O_WRONLY | O_CREAT, true, EXDEV);
  CHECK(!exists("outside/new2"), "outside/new2 was created");
  EXPECT_ERR("dangling", O_WRONLY | O_CREAT, false, ELOOP);
  EXPECT_ERR("dangling", O_WRONLY | O_CREAT | O_EXCL, true, EEXIST);
  int fd = sb_open(r, boxfd, "dangling", O_WRONLY | O_CREAT, 0644, true);
  CHECK(fd >= 0, "create through dangling: %s", strerror(-fd));
  if (fd >= 0) close(fd);
  CHECK(exists("box/nothere"), "box/nothere not created");
  unlinkat(boxfd, "nothere", 0);

  /* Directories and O_PATH. */
  fd = sb_open(r, boxfd, "dir/", O_RDONLY | O_DIRECTORY, 0, false);
  CHECK(fd >= 0, "dir/: %s", strerror(-fd));
  if (fd >= 0) close(fd);
  fd = sb_open(r, boxfd, "link_in/", O_RDONLY | O_DIRECTORY, 0, false);
  CHECK(fd >= 0, "link_in/ (trailing slash follows): %s", strerror(-fd));
  if (fd >= 0) close(fd);
  fd = sb_open(r, boxfd, ".", O_RDONLY | O_DIRECTORY, 0, false);
  CHECK(fd >= 0, ".: %s", strerror(-fd));
  if (fd >= 0) close(fd);
  fd = sb_open(r, boxfd, "link_file", O_PATH, 0, false);
  struct stat st;
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode),
        "O_PATH nofollow should give the link itself");
  if (fd >= 0) close(fd);
  fd = sb_open(r, boxfd, "link_file", O_PATH, 0, true);
  CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode),
        "O_PATH follow should give the file");
  if (fd >= 0) close(fd);
  EXPECT_ERR("link_abs", O_PATH, true, EXDEV);
}

static void test_parent(const sb_resolver *r) {
  int parent;
  char name[256];
  bool slash;
  int rc = sb_parent(r, boxfd, "file", &parent, name, sizeof name, &slash);
  CHECK(rc == 0 && parent == boxfd && strcmp(name, "file") == 0 && !slash,
        "parent of file");
  sb_release_parent(boxfd, parent);

  rc = sb_parent(r, boxfd, "link_in/file2", &parent, name, sizeof name, &slash);
  struct stat st;
  CHECK(rc == 0 && strcmp(name, "file2") == 0 &&
            fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0,
        "parent of link_in/file2: %d", rc);
  sb_release_parent(boxfd, parent);

  rc = sb_parent(r, boxfd, "dir/nested//", &parent, name, sizeof name, &slash);
  CHECK(rc == 0 && strcmp(name, "nested") == 0 && slash,
        "parent of dir/nested//");
  sb_release_parent(boxfd, parent);

  rc = sb_parent(r, boxfd, "dir/..", &parent, name, sizeof name, &slash);
  CHECK(rc == 0 && strcmp(name, ".") == 0 &&
            fstatat(parent, "file", &st, 0) == 0,
        "dir/.. is the root, acted on as '.'");
  sb_release_parent(boxfd, parent);

  rc = sb_parent(r, boxfd, "..", &parent, name, sizeof name, &slash);
  CHECK(rc == -EXDEV, ".. must escape: %d", rc);
  rc = sb_parent(r, boxfd, "dir/../..", &parent, name, sizeof name, &slash);
  CHECK(rc == -EXDEV, "dir/../.. must escape: %d", rc);
  rc = sb_parent(r, boxfd, "link_out/secret", &parent, name, sizeof name, &slash);
  CHECK(rc == -EXDEV, "link_out/secret must escape: %d", rc);
  rc = sb_parent(r, boxfd, "/abs", &parent, name, sizeof name, &slash);
  CHECK(rc == -EXDEV, "/abs must escape: %d", rc);
  rc = sb_parent(r, boxfd, "", &parent, name, sizeof name, &slash);
  CHECK(rc == -ENOENT, "empty path: %d", rc);
  rc = sb_parent(r, boxfd, "file/x", &parent, name, sizeof name, &slash);
  CHECK(rc == -ENOTDIR, "file/x: %d", rc);
  rc = sb_parent(r, boxfd, "loop1/x", &parent, name, sizeof name, &slash);
  CHECK(rc == -ELOOP, "loop1/x: %d", rc);
}

/* A thread keeps swapping box/race between a real directory and a symlink
 * to outside/ while the main thread opens race/secret. Neither resolver may
 * ever return the outside file: it must fail or find box's own file. */
static volatile int stop_race;

static void *racer(void *arg) {
  (void)arg;
  char out[4200];
  snprintf(out, sizeof out, "%s/outside", top);
  while (!stop_race) {
    symlinkat(out, boxfd, "race_link");
    renameat(boxfd, "race_link", boxfd, "race");  /* race -> outside */
    mkdirat(boxfd, "race_dir", 0755);
    int fd = openat(boxfd, "race_dir/secret", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
    renameat2(boxfd, "race_dir", boxfd, "race", RENAME_EXCHANGE);
    unlinkat(boxfd, "race_dir", 0);               /* the old symlink */
    unlinkat(boxfd, "race_dir/secret", 0);
    unlinkat(boxfd, "race_dir", AT_REMOVEDIR);
  }
  return NULL;
}

static void test_race(const sb_resolver *r) {
  pthread_t t;
  stop_race = 0;
  pthread_create(&t, NULL, racer, NULL);
  int escapes = 0, opened = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < 20000; i++) {
    int fd = sb_open(r, boxfd, "race/secret", O_RDONLY, 0, true);
    if (fd >= 0) {
      struct stat st;
      opened++;
      if (fstat(fd, &st) == 0 && st.st_ino == secret_ino) escapes++;
      close(fd);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (t1.tv_sec - t0.tv_sec >= 2) break;      /* bounded in time */
  }
  stop_race = 1;
  pthread_join(t, NULL);
  if (getenv("SB_VERBOSE")) printf("[%s] race: %d opens, %d escapes\n", mode_name, opened, escapes);
  CHECK(escapes == 0, "race: %d of %d opens reached outside/secret", escapes,
        opened);
  /* Clean whatever state the racer stopped in. */
  unlinkat(boxfd, "race/secret", 0);
  unlinkat(boxfd, "race", 0);
  unlinkat(boxfd, "race", AT_REMOVEDIR);
  unlinkat(boxfd, "race_dir/secret", 0);
  unlinkat(boxfd, "race_dir", 0);
  unlinkat(boxfd, "race_dir", AT_REMOVEDIR);
  unlinkat(boxfd, "race_link", 0);
}

static void run_all(const sb_resolver *r) {
  test_open(r);
  test_parent(r);
  test_race(r);
}

int main(void) {
  build_tree();
  sb_resolver walk = {.use_openat2 = false};
  mode_name = "walk";
  run_all(&walk);
  if (sb_probe_openat2()) {
    sb_resolver o2 = {.use_openat2 = true};
    mode_name = "openat2";
    run_all(&o2);
  } else {
    printf("openat2 with RESOLVE_BENEATH not available: walk only\n");
  }
  close(boxfd);
  remove_tree();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
