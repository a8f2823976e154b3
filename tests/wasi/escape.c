/*
 * escape.c - every way out of a preopen must fail, and a read-only preopen
 * must refuse every write. The driver (run-guest.sh escape) builds:
 *
 *   outside/secret, outside/dir/        never reachable
 *   sandbox/ (preopen "sandbox", rw):   inside.txt, sub/, and symlinks
 *       link_abs -> <abs>/outside       link_abs_file -> <abs>/outside/secret
 *       link_rel -> ../outside          link_rel_file -> ../outside/secret
 *       link_deep -> sub/../../outside/secret
 *       sub/up -> ../..   sub/up_ok -> ..   link_etc -> /etc
 *       loop_a -> loop_b -> loop_a      self -> self
 *       dangling_out -> ../outside/created
 *   ro/ (preopen "ro", read-only):      file.txt, dir/nested.txt, link -> file.txt
 *   other/ (preopen "other", rw):       empty
 *
 * and afterwards checks that outside/ and ro/ are byte-for-byte unchanged.
 */
#include "guest.h"

static u32 sb, ro, other;

/* Every way of reaching outside/secret for reading. */
static void test_read_escapes(void) {
  static const char *const follow_escapes[] = {
    "..", "../", "../outside/secret", "sub/../../outside/secret",
    "./sub/../../outside/secret", "sub/../..", "/etc/passwd", "/",
    "link_abs/secret", "link_abs_file", "link_abs", "link_rel/secret",
    "link_rel_file", "link_rel", "link_deep", "sub/up/outside/secret",
    "sub/up", "sub/up/", "link_etc/passwd", "link_etc", "sub/up_ok/..",
    "sub/up_ok/../outside/secret", "link_rel/../sandbox/inside.txt",
  };
  for (size_t i = 0; i < sizeof follow_escapes / sizeof *follow_escapes; i++) {
    const char *p = follow_escapes[i];
    u32 fd;
    filestat st;
    int32_t e = raw_path_open(sb, FOLLOW, S(p), 0, R_FD_READ, 0, 0, PTR(&fd));
    CHECK(e == E_NOTCAPABLE, "open %s: errno %d, want NOTCAPABLE", p, e);
    e = stat_path(sb, FOLLOW, p, &st);
    CHECK(e == E_NOTCAPABLE, "stat %s: errno %d, want NOTCAPABLE", p, e);
  }
  /* Without FOLLOW a final symlink is not followed at all. */
  u32 fd;
  EXPECT(raw_path_open(sb, 0, S("link_rel_file"), 0, R_FD_READ, 0, 0, PTR(&fd)), E_LOOP);
  EXPECT(raw_path_open(sb, 0, S("link_abs_file"), 0, R_FD_READ, 0, 0, PTR(&fd)), E_LOOP);
  filestat st;
  OK(stat_path(sb, 0, "link_abs_file", &st));     /* the link itself is inside */
  CHECK(st.filetype == FT_SYMLINK, "lstat of an outward link");
  /* ... but an intermediate one always is, and is still checked. */
  EXPECT(raw_path_open(sb, 0, S("link_rel/secret"), 0, R_FD_READ, 0, 0, PTR(&fd)),
         E_NOTCAPABLE);
  /* Legitimate uses of ".." and symlinks inside keep working. */
  char buf[32];
  OK(slurp(sb, "sub/../inside.txt", buf, sizeof buf));
  CHECK(!strcmp(buf, "inside"), "inside via ..");
  OK(slurp(sb, "sub/up_ok/inside.txt", buf, sizeof buf));
  CHECK(!strcmp(buf, "inside"), "inside via sub/up_ok");

  /* Loops. */
  static const char *const loops[] = {"loop_a", "loop_b", "self", "loop_a/x",
                                      "sub/../self/x"};
  for (size_t i = 0; i < sizeof loops / sizeof *loops; i++) {
    int32_t e = raw_path_open(sb, FOLLOW, S(loops[i]), 0, R_FD_READ, 0, 0, PTR(&fd));
    CHECK(e == E_LOOP, "open %s: errno %d, want LOOP", loops[i], e);
  }
  EXPECT(stat_path(sb, FOLLOW, "self", &st), E_LOOP);
  OK(stat_path(sb, 0, "self", &st));
  /* A chain of 41 links is too long; 40 is fine. */
  char name[16], target[16];
  for (int i = 1; i <= 41; i++) {
    snprintf(name, sizeof name, "chain%d", i);
    if (i == 1) snprintf(target, sizeof target, "inside.txt");
    else snprintf(target, sizeof target, "chain%d", i - 1);
    OK(raw_path_symlink(S(target), sb, S(name)));
  }
  OK(slurp(sb, "chain40", buf, sizeof buf));
  EXPECT(slurp(sb, "chain41", buf, sizeof buf), E_LOOP);
  for (int i = 1; i <= 41; i++) {
    snprintf(name, sizeof name, "chain%d", i);
    OK(raw_path_unlink_file(sb, S(name)));
  }
  /* NUL bytes cannot cut a path short. */
  EXPECT(raw_path_open(sb, FOLLOW, PTR("inside.txt\0/../../outside/secret"), 32, 0,
                       R_FD_READ, 0, 0, PTR(&fd)), E_INVAL);
}

/* Every modifying call with a path that leaves the sandbox. */
static void test_write_escapes(void) {
  u32 fd, n;
  char buf[16];
  EXPECT(raw_path_create_directory(sb, S("../outside/newdir")), E_NOTCAPABLE);
  EXPECT(raw_path_create_directory(sb, S("link_rel/newdir")), E_NOTCAPABLE);
  EXPECT(raw_path_remove_directory(sb, S("../outside/dir")), E_NOTCAPABLE);
  EXPECT(raw_path_remove_directory(sb, S("link_abs/dir")), E_NOTCAPABLE);
  EXPECT(raw_path_unlink_file(sb, S("../outside/secret")), E_NOTCAPABLE);
  EXPECT(raw_path_unlink_file(sb, S("link_rel/secret")), E_NOTCAPABLE);
  EXPECT(raw_path_unlink_file(sb, S("sub/up/outside/secret")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(sb, S("../outside/secret"), sb, S("stolen")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(sb, S("link_rel/secret"), sb, S("stolen")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(sb, S("inside.txt"), sb, S("../outside/planted")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(sb, S("inside.txt"), sb, S("link_abs/planted")), E_NOTCAPABLE);
  EXPECT(raw_path_link(sb, 0, S("../outside/secret"), sb, S("hl")), E_NOTCAPABLE);
  EXPECT(raw_path_link(sb, 0, S("link_rel/secret"), sb, S("hl")), E_NOTCAPABLE);
  EXPECT(raw_path_link(sb, FOLLOW, S("link_rel_file"), sb, S("hl")), E_NOTCAPABLE);
  EXPECT(raw_path_link(sb, FOLLOW, S("link_abs_file"), sb, S("hl")), E_NOTCAPABLE);
  EXPECT(raw_path_link(sb, 0, S("inside.txt"), sb, S("../outside/hl")), E_NOTCAPABLE);
  EXPECT(raw_path_symlink(S("x"), sb, S("../outside/sl")), E_NOTCAPABLE);
  EXPECT(raw_path_symlink(S("x"), sb, S("link_rel/sl")), E_NOTCAPABLE);
  EXPECT(raw_path_symlink(S("/etc/passwd"), sb, S("abs")), E_NOTCAPABLE);
  EXPECT(raw_path_readlink(sb, S("../outside/x"), PTR(buf), sizeof buf, PTR(&n)), E_NOTCAPABLE);
  EXPECT(raw_path_filestat_set_times(sb, 0, S("../outside/secret"), 0, 0, FST_MTIM_NOW),
         E_NOTCAPABLE);
  EXPECT(raw_path_filestat_set_times(sb, FOLLOW, S("link_rel_file"), 0, 0, FST_MTIM_NOW),
         E_NOTCAPABLE);
  EXPECT(raw_path_filestat_set_times(sb, FOLLOW, S("link_abs_file"), 0, 0, FST_MTIM_NOW),
         E_NOTCAPABLE);
  EXPECT(raw_path_open(sb, FOLLOW, S("link_rel/created"), O_CREAT_, R_RW, 0, 0, PTR(&fd)),
         E_NOTCAPABLE);
  EXPECT(raw_path_open(sb, FOLLOW, S("dangling_out"), O_CREAT_, R_RW, 0, 0, PTR(&fd)),
         E_NOTCAPABLE);
  EXPECT(raw_path_open(sb, FOLLOW, S("link_rel_file"), O_TRUNC_, R_RW, 0, 0, PTR(&fd)),
         E_NOTCAPABLE);
  EXPECT(raw_path_open(sb, FOLLOW, S("../outside/secret"), O_TRUNC_, R_RW, 0, 0, PTR(&fd)),
         E_NOTCAPABLE);
  /* A guest-made link pointing out exists, but leads nowhere. */
  OK(raw_path_symlink(S("../outside/secret"), sb, S("mylink")));
  EXPECT(slurp(sb, "mylink", buf, sizeof buf), E_NOTCAPABLE);
  OK(raw_path_unlink_file(sb, S("mylink")));
  /* A symlink turned into a directory of ours does not help either: an
   * fd opened on sub is a root of its own. */
  OK(open_at(sb, "sub", O_DIR_, R_DIR, 0, &fd));
  EXPECT(slurp(fd, "../inside.txt", buf, sizeof buf), E_NOTCAPABLE);
  EXPECT(slurp(fd, "up_ok/inside.txt", buf, sizeof buf), E_NOTCAPABLE);
  OK(raw_fd_close(fd));
}

/* Between two preopens: only through names the guest holds in both. */
static void test_cross_preopen(void) {
  OK(make_file(sb, "shared", "s"));
  OK(raw_path_link(sb, 0, S("shared"), other, S("shared-link")));
  OK(raw_path_rename(other, S("shared-link"), sb, S("shared-back")));
  OK(raw_path_unlink_file(sb, S("shared-back")));
  OK(raw_path_unlink_file(sb, S("shared")));
  EXPECT(raw_path_link(other, 0, S("../sandbox/inside.txt"), other, S("x")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(other, S("../sandbox/inside.txt"), other, S("x")), E_NOTCAPABLE);
}

/* The read-only preopen: reads work, every write is refused. */
static void test_read_only(void) {
  char buf[32];
  u32 fd, n, sub;
  OK(slurp(ro, "file.txt", buf, sizeof buf));
  CHECK(!strcmp(buf, "readonly"), "ro read");
  OK(slurp(ro, "link", buf, sizeof buf));
  OK(slurp(ro, "dir/nested.txt", buf, sizeof buf));
  filestat st;
  OK(stat_path(ro, 0, "file.txt", &st));
  uint8_t dents[512];
  OK(raw_fd_readdir(ro, PTR(dents), sizeof dents, 0, PTR(&n)));
  OK(raw_path_readlink(ro, S("link"), PTR(buf), sizeof buf, PTR(&n)));

  uint8_t fs[24];
  OK(raw_fd_fdstat_get(ro, PTR(fs)));
  u64 base, inh;
  memcpy(&base, fs + 8, 8);
  memcpy(&inh, fs + 16, 8);
  u64 writes = R_FD_WRITE | R_PATH_CREATE_FILE | R_PATH_CREATE_DIRECTORY |
               R_PATH_UNLINK_FILE | R_PATH_REMOVE_DIRECTORY | R_PATH_RENAME_SOURCE |
               R_PATH_RENAME_TARGET | R_PATH_LINK_SOURCE | R_PATH_LINK_TARGET |
               R_PATH_SYMLINK | R_PATH_FILESTAT_SET_TIMES | R_PATH_FILESTAT_SET_SIZE |
               R_FD_FILESTAT_SET_SIZE | R_FD_FILESTAT_SET_TIMES | R_FD_ALLOCATE;
  CHECK(!(base & writes) && !(inh & writes), "ro preopen has no write rights");
  EXPECT(raw_fd_fdstat_set_rights(ro, R_ALL, R_ALL), E_NOTCAPABLE);

  for (int pass = 0; pass < 2; pass++) {
    /* pass 0: the preopen; pass 1: a directory opened from it. */
    u32 dir = ro;
    const char *f = "file.txt";
    if (pass == 1) {
      OK(open_at(ro, "dir", O_DIR_, R_DIR, 0, &sub));
      dir = sub;
      f = "nested.txt";
      OK(raw_fd_fdstat_get(sub, PTR(fs)));
      memcpy(&base, fs + 8, 8);
      memcpy(&inh, fs + 16, 8);
      CHECK(!(base & writes) && !(inh & writes), "child of ro has no write rights");
    }
    EXPECT(open_at(dir, "new", O_CREAT_, R_RW, 0, &fd), E_NOTCAPABLE);
    EXPECT(open_at(dir, "new", O_CREAT_, R_FD_READ, 0, &fd), E_NOTCAPABLE);
    EXPECT(open_at(dir, f, O_TRUNC_, R_FD_READ, 0, &fd), E_NOTCAPABLE);
    EXPECT(open_at(dir, f, 0, R_FD_WRITE, 0, &fd), E_NOTCAPABLE);
    EXPECT(open_at(dir, f, 0, R_RW, FD_APPEND, &fd), E_NOTCAPABLE);
    EXPECT(raw_path_create_directory(dir, S("newdir")), E_NOTCAPABLE);
    EXPECT(raw_path_unlink_file(dir, S(f)), E_NOTCAPABLE);
    EXPECT(raw_path_remove_directory(dir, S("dir")), E_NOTCAPABLE);
    EXPECT(raw_path_rename(dir, S(f), dir, S("renamed")), E_NOTCAPABLE);
    EXPECT(raw_path_rename(dir, S(f), other, S("stolen")), E_NOTCAPABLE);
    EXPECT(raw_path_rename(other, S("x"), dir, S("planted")), E_NOTCAPABLE);
    EXPECT(raw_path_link(dir, 0, S(f), dir, S("hl")), E_NOTCAPABLE);
    EXPECT(raw_path_link(dir, 0, S(f), other, S("hl")), E_NOTCAPABLE);
    EXPECT(raw_path_symlink(S("x"), dir, S("sl")), E_NOTCAPABLE);
    EXPECT(raw_path_filestat_set_times(dir, 0, S(f), 0, 0, FST_MTIM_NOW), E_NOTCAPABLE);
    EXPECT(raw_fd_filestat_set_times(dir, 0, 0, FST_MTIM_NOW), E_NOTCAPABLE);
    /* A file opened for reading cannot be written, resized or touched. */
    OK(open_at(dir, f, 0, R_FD_READ | R_FD_SEEK | R_FD_FILESTAT_GET, 0, &fd));
    EXPECT(write_all(fd, "x", 1, &n), E_NOTCAPABLE);
    u32 iov[2] = {PTR("x"), 1};
    EXPECT(raw_fd_pwrite(fd, PTR(iov), 1, 0, PTR(&n)), E_NOTCAPABLE);
    EXPECT(raw_fd_filestat_set_size(fd, 0), E_NOTCAPABLE);
    EXPECT(raw_fd_filestat_set_times(fd, 0, 0, FST_MTIM_NOW), E_NOTCAPABLE);
    EXPECT(raw_fd_allocate(fd, 0, 100), E_NOTCAPABLE);
    EXPECT(raw_fd_fdstat_set_rights(fd, R_ALL, 0), E_NOTCAPABLE);
    OK(raw_fd_close(fd));
    /* Asking for every right does not give write rights either. */
    OK(raw_path_open(dir, FOLLOW, S(f), 0, R_ALL & ~R_FD_WRITE, R_ALL, 0, PTR(&fd)));
    OK(raw_fd_fdstat_get(fd, PTR(fs)));
    memcpy(&base, fs + 8, 8);
    CHECK(!(base & writes), "file from ro has no write rights");
    EXPECT(raw_fd_allocate(fd, 0, 100), E_NOTCAPABLE);
    OK(raw_fd_close(fd));
  }
  OK(raw_fd_close(sub));
}

int main(void) {
  test_name = "escape";
  int a = preopen("sandbox"), b = preopen("ro"), c = preopen("other");
  CHECK(a >= 3 && b >= 3 && c >= 3, "preopens %d %d %d", a, b, c);
  if (a < 0 || b < 0 || c < 0) return finish();
  sb = (u32)a;
  ro = (u32)b;
  other = (u32)c;
  test_read_escapes();
  test_write_escapes();
  test_cross_preopen();
  test_read_only();
  return finish();
}
