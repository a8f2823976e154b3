/*
 * paths.c - the path_* family inside one read-write preopen ("sandbox",
 * empty at start): create/remove directories, unlink, rename, hard links,
 * symlinks, readlink, filestat get/set_times, path_open flags, trailing
 * slashes, "." and "..", and the errno of each failure.
 */
#include "guest.h"

static u32 d;

static void test_dirs(void) {
  OK(raw_path_create_directory(d, S("a")));
  EXPECT(raw_path_create_directory(d, S("a")), E_EXIST);
  OK(raw_path_create_directory(d, S("a/b/")));          /* trailing slash ok */
  EXPECT(raw_path_create_directory(d, S("x/y")), E_NOENT);
  EXPECT(raw_path_create_directory(d, S("")), E_NOENT);
  EXPECT(raw_path_create_directory(d, S(".")), E_EXIST);
  OK(make_file(d, "a/b/f", "data"));
  EXPECT(raw_path_create_directory(d, S("a/b/f/g")), E_NOTDIR);
  EXPECT(raw_path_remove_directory(d, S("a")), E_NOTEMPTY);
  EXPECT(raw_path_remove_directory(d, S("a/b/f")), E_NOTDIR);
  EXPECT(raw_path_remove_directory(d, S("a/b/f/")), E_NOTDIR);
  EXPECT(raw_path_remove_directory(d, S("nope")), E_NOENT);
  EXPECT(raw_path_remove_directory(d, S(".")), E_INVAL);
  EXPECT(raw_path_unlink_file(d, S("a")), E_ISDIR);
  EXPECT(raw_path_unlink_file(d, S("a/")), E_ISDIR);
  EXPECT(raw_path_unlink_file(d, S("a/b/f/")), E_NOTDIR);
  EXPECT(raw_path_unlink_file(d, S("nope")), E_NOENT);
  OK(raw_path_unlink_file(d, S("a/b/f")));
  OK(raw_path_remove_directory(d, S("a/b/")));
  OK(raw_path_remove_directory(d, S("a")));
  CHECK(!exists(d, "a"), "a removed");
  /* Bad path pointers and strings. */
  EXPECT(raw_path_create_directory(d, BAD_PTR, 4), E_FAULT);
  EXPECT(raw_path_create_directory(d, PTR("abc"), 0xffffffffu), E_FAULT);
  EXPECT(raw_path_create_directory(d, PTR("ab\0c"), 4), E_INVAL);
  EXPECT(raw_path_create_directory(d, PTR("\xff\xfe"), 2), E_ILSEQ);
  EXPECT(raw_path_create_directory(d, PTR("\xc0\xaf"), 2), E_ILSEQ);  /* overlong '/' */
  char *longp = malloc(5000);
  memset(longp, 'a', 4999);
  longp[4999] = 0;
  EXPECT(raw_path_create_directory(d, PTR(longp), 4999), E_NAMETOOLONG);
  memset(longp, 'a', 300);
  longp[300] = 0;
  EXPECT(raw_path_create_directory(d, PTR(longp), 300), E_NAMETOOLONG);
  free(longp);
  EXPECT(raw_path_create_directory(999, S("x")), E_BADF);
}

static void test_open_flags(void) {
  u32 fd, fd2;
  EXPECT(open_at(d, "missing", 0, R_RW, 0, &fd), E_NOENT);
  OK(open_at(d, "f", O_CREAT_, R_RW, 0, &fd));
  OK(raw_fd_close(fd));
  EXPECT(open_at(d, "f", O_CREAT_ | O_EXCL_, R_RW, 0, &fd), E_EXIST);
  EXPECT(open_at(d, "f", O_DIR_, R_FD_READ, 0, &fd), E_NOTDIR);
  EXPECT(open_at(d, "f/", 0, R_FD_READ, 0, &fd), E_NOTDIR);
  EXPECT(open_at(d, "f///", 0, R_FD_READ, 0, &fd), E_NOTDIR);
  EXPECT(open_at(d, "f", O_DIR_ | O_CREAT_, 0, 0, &fd), E_INVAL);
  EXPECT(open_at(d, "f", O_DIR_ | O_TRUNC_, 0, 0, &fd), E_INVAL);
  EXPECT(open_at(d, "f", 0x10, 0, 0, &fd), E_INVAL);       /* unknown oflag */
  EXPECT(open_at(d, "f", 0, 0, 0x20, &fd), E_INVAL);       /* unknown fdflag */
  EXPECT(raw_path_open(d, 0, S("f"), 0, R_RW, 0, 0, BAD_PTR), E_FAULT);
  EXPECT(raw_path_open(d, 0, BAD_PTR, 3, 0, R_RW, 0, 0, PTR(&fd)), E_FAULT);
  EXPECT(raw_path_open(d, 0, PTR("f\0"), 2, 0, R_RW, 0, 0, PTR(&fd)), E_INVAL);
  /* Directories, with and without a trailing slash; "." and "..". */
  OK(raw_path_create_directory(d, S("dir")));
  OK(open_at(d, "dir/", 0, 0, 0, &fd));
  OK(raw_fd_close(fd));
  OK(open_at(d, "dir///", O_DIR_, 0, 0, &fd));
  /* Each directory fd is its own root: ".." above it is refused. */
  EXPECT(open_at(fd, "..", O_DIR_, 0, 0, &fd2), E_NOTCAPABLE);
  EXPECT(open_at(fd, "../f", 0, R_FD_READ, 0, &fd2), E_NOTCAPABLE);
  OK(raw_fd_close(fd));
  OK(open_at(d, "dir/./../dir/../f", 0, R_FD_READ, 0, &fd));
  OK(raw_fd_close(fd));
  OK(open_at(d, ".", O_DIR_, R_DIR, 0, &fd));
  OK(raw_fd_close(fd));
  OK(raw_path_remove_directory(d, S("dir")));
  /* O_TRUNC empties; O_CREAT on an existing file keeps it. */
  OK(make_file(d, "f", "12345"));
  OK(open_at(d, "f", O_CREAT_, R_RW, 0, &fd));
  OK(raw_fd_close(fd));
  filestat st;
  OK(stat_path(d, 0, "f", &st));
  CHECK(st.size == 5, "O_CREAT kept contents");
  OK(open_at(d, "f", O_TRUNC_, R_RW, 0, &fd));
  OK(raw_fd_close(fd));
  OK(stat_path(d, 0, "f", &st));
  CHECK(st.size == 0, "O_TRUNC emptied");
  OK(raw_path_unlink_file(d, S("f")));
}

static void test_rename(void) {
  OK(make_file(d, "src", "S"));
  OK(raw_path_rename(d, S("src"), d, S("dst")));
  CHECK(!exists(d, "src") && exists(d, "dst"), "renamed");
  OK(make_file(d, "other", "O"));
  OK(raw_path_rename(d, S("dst"), d, S("other")));        /* replaces */
  char buf[8];
  OK(slurp(d, "other", buf, sizeof buf));
  CHECK(!strcmp(buf, "S"), "replaced contents %s", buf);
  EXPECT(raw_path_rename(d, S("nope"), d, S("x")), E_NOENT);
  OK(raw_path_create_directory(d, S("dir")));
  EXPECT(raw_path_rename(d, S("other"), d, S("dir")), E_ISDIR);
  EXPECT(raw_path_rename(d, S("dir"), d, S("other")), E_NOTDIR);
  EXPECT(raw_path_rename(d, S("other/"), d, S("x")), E_NOTDIR);
  EXPECT(raw_path_rename(d, S("other"), d, S("x/")), E_NOTDIR);
  OK(raw_path_rename(d, S("dir/"), d, S("dir2/")));
  OK(raw_path_rename(d, S("dir2"), d, S("dir")));
  OK(raw_path_create_directory(d, S("full")));
  OK(make_file(d, "full/x", "x"));
  EXPECT(raw_path_rename(d, S("dir"), d, S("full")), E_NOTEMPTY);
  OK(raw_path_create_directory(d, S("empty")));
  OK(raw_path_rename(d, S("dir"), d, S("empty")));        /* dir over empty dir */
  /* Between two directory descriptors. */
  u32 sub;
  OK(open_at(d, "full", O_DIR_, R_DIR, 0, &sub));
  OK(raw_path_rename(d, S("other"), sub, S("moved")));
  CHECK(exists(d, "full/moved"), "renamed across fds");
  OK(raw_path_rename(sub, S("moved"), d, S("back")));
  EXPECT(raw_path_rename(d, S("back"), sub, S("../escape")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(sub, S("../back"), sub, S("x")), E_NOTCAPABLE);
  EXPECT(raw_path_rename(d, S("back"), 999, S("x")), E_BADF);
  EXPECT(raw_path_rename(d, BAD_PTR, 4, d, S("x")), E_FAULT);
  OK(raw_fd_close(sub));
  OK(raw_path_unlink_file(d, S("back")));
  OK(raw_path_unlink_file(d, S("full/x")));
  OK(raw_path_remove_directory(d, S("full")));
  OK(raw_path_remove_directory(d, S("empty")));
}

static void test_links(void) {
  OK(make_file(d, "file", "contents"));
  OK(raw_path_link(d, 0, S("file"), d, S("hard")));
  filestat a, b;
  OK(stat_path(d, 0, "file", &a));
  OK(stat_path(d, 0, "hard", &b));
  CHECK(a.ino == b.ino && a.nlink == 2, "hard link shares the inode");
  EXPECT(raw_path_link(d, 0, S("file"), d, S("hard")), E_EXIST);
  EXPECT(raw_path_link(d, 0, S("file"), d, S("file")), E_EXIST);
  EXPECT(raw_path_link(d, 0, S("nope"), d, S("x")), E_NOENT);
  EXPECT(raw_path_link(d, 0, S("file"), d, S("new/")), E_NOENT);
  EXPECT(raw_path_link(d, 0, S("file/"), d, S("x")), E_NOTDIR);
  OK(raw_path_create_directory(d, S("dir")));
  EXPECT(raw_path_link(d, 0, S("dir"), d, S("x")), E_PERM);
  OK(raw_path_unlink_file(d, S("hard")));

  /* Symlinks: create, read, stat with and without following. */
  OK(raw_path_symlink(S("file"), d, S("sym")));
  EXPECT(raw_path_symlink(S("file"), d, S("sym")), E_EXIST);
  EXPECT(raw_path_symlink(S("file"), d, S("dir")), E_EXIST);
  EXPECT(raw_path_symlink(S("x"), d, S("nolink/")), E_NOENT);
  EXPECT(raw_path_symlink(S("x"), d, S("dir/")), E_EXIST);
  EXPECT(raw_path_symlink(S("x"), d, S("file/")), E_NOTDIR);
  EXPECT(raw_path_symlink(S(""), d, S("empty")), E_NOENT);
  char buf[16];
  u32 n;
  memset(buf, '#', sizeof buf);
  OK(raw_path_readlink(d, S("sym"), PTR(buf), sizeof buf, PTR(&n)));
  CHECK(n == 4 && !memcmp(buf, "file", 4) && buf[4] == '#', "readlink");
  OK(raw_path_readlink(d, S("sym"), PTR(buf), 2, PTR(&n)));
  CHECK(n == 2 && !memcmp(buf, "fi", 2), "readlink truncates");
  EXPECT(raw_path_readlink(d, S("file"), PTR(buf), sizeof buf, PTR(&n)), E_INVAL);
  EXPECT(raw_path_readlink(d, S("nope"), PTR(buf), sizeof buf, PTR(&n)), E_NOENT);
  EXPECT(raw_path_readlink(d, S("sym"), BAD_PTR, 16, PTR(&n)), E_FAULT);
  EXPECT(raw_path_readlink(d, S("sym"), PTR(buf), 16, BAD_PTR), E_FAULT);
  filestat ls, fs;
  OK(stat_path(d, 0, "sym", &ls));
  OK(stat_path(d, FOLLOW, "sym", &fs));
  CHECK(ls.filetype == FT_SYMLINK && ls.size == 4, "lstat of a symlink");
  CHECK(fs.filetype == FT_FILE && fs.size == 8, "stat through a symlink");
  /* Opening a symlink without FOLLOW is ELOOP; with it, the target. */
  u32 fd;
  EXPECT(raw_path_open(d, 0, S("sym"), 0, R_RW, 0, 0, PTR(&fd)), E_LOOP);
  OK(raw_path_open(d, FOLLOW, S("sym"), 0, R_RW, 0, 0, PTR(&fd)));
  OK(raw_fd_close(fd));
  /* Hard link of the symlink itself (no follow), and of its target. */
  OK(raw_path_link(d, 0, S("sym"), d, S("symhard")));
  OK(stat_path(d, 0, "symhard", &ls));
  CHECK(ls.filetype == FT_SYMLINK, "link to a symlink is a symlink");
  OK(raw_path_unlink_file(d, S("symhard")));
  OK(raw_path_link(d, FOLLOW, S("sym"), d, S("filehard")));
  OK(stat_path(d, 0, "filehard", &ls));
  CHECK(ls.filetype == FT_FILE && ls.ino == a.ino, "followed link");
  OK(raw_path_unlink_file(d, S("filehard")));
  /* Dangling symlinks. */
  OK(raw_path_symlink(S("target-missing"), d, S("dangling")));
  EXPECT(raw_path_open(d, FOLLOW, S("dangling"), 0, R_RW, 0, 0, PTR(&fd)), E_NOENT);
  EXPECT(raw_path_open(d, 0, S("dangling"), O_DIR_, 0, 0, 0, PTR(&fd)), E_NOTDIR);
  OK(raw_path_open(d, FOLLOW, S("dangling"), O_CREAT_, R_RW, 0, 0, PTR(&fd)));
  OK(raw_fd_close(fd));
  CHECK(exists(d, "target-missing"), "created through a dangling link");
  OK(raw_path_unlink_file(d, S("target-missing")));
  OK(raw_path_unlink_file(d, S("dangling")));
  /* A symlink to a directory: traversed in the middle of a path. */
  OK(make_file(d, "dir/inner", "in"));
  OK(raw_path_symlink(S("dir"), d, S("dlink")));
  OK(slurp(d, "dlink/inner", buf, sizeof buf));
  CHECK(!strcmp(buf, "in"), "through a dir symlink");
  EXPECT(raw_path_open(d, 0, S("dlink"), O_DIR_, 0, 0, 0, PTR(&fd)), E_NOTDIR);
  OK(raw_path_open(d, FOLLOW, S("dlink"), O_DIR_, 0, 0, 0, PTR(&fd)));
  OK(raw_fd_close(fd));
  EXPECT(raw_path_remove_directory(d, S("dlink")), E_NOTDIR);
  OK(raw_path_unlink_file(d, S("dlink")));
  OK(raw_path_unlink_file(d, S("dir/inner")));
  OK(raw_path_remove_directory(d, S("dir")));
  OK(raw_path_unlink_file(d, S("sym")));
  OK(raw_path_unlink_file(d, S("file")));
}

static void test_times(void) {
  OK(make_file(d, "t", "x"));
  OK(raw_path_symlink(S("t"), d, S("tl")));
  u64 t1 = 1500000000ull * 1000000000ull, t2 = 1600000000ull * 1000000000ull;
  OK(raw_path_filestat_set_times(d, 0, S("t"), t1, t2, FST_ATIM | FST_MTIM));
  filestat st, lst;
  OK(stat_path(d, 0, "t", &st));
  CHECK(st.atim == t1 && st.mtim == t2, "path times set");
  /* Without FOLLOW the link itself changes, not its target. */
  OK(raw_path_filestat_set_times(d, 0, S("tl"), 0, t1, FST_MTIM));
  OK(stat_path(d, 0, "tl", &lst));
  OK(stat_path(d, 0, "t", &st));
  CHECK(lst.mtim == t1 && st.mtim == t2, "symlink times, target untouched");
  OK(raw_path_filestat_set_times(d, FOLLOW, S("tl"), 0, t1, FST_MTIM));
  OK(stat_path(d, 0, "t", &st));
  CHECK(st.mtim == t1, "times through the link");
  EXPECT(raw_path_filestat_set_times(d, 0, S("t"), 0, 0, FST_MTIM | FST_MTIM_NOW), E_INVAL);
  EXPECT(raw_path_filestat_set_times(d, 0, S("t"), 0, 0, FST_ATIM | FST_ATIM_NOW), E_INVAL);
  OK(stat_path(d, 0, "t", &st));
  CHECK(st.mtim == t1, "failed call changed nothing");
  EXPECT(raw_path_filestat_set_times(d, 0, S("nope"), 0, 0, FST_MTIM_NOW), E_NOENT);
  EXPECT(raw_path_filestat_get(d, 0, S("t"), BAD_PTR), E_FAULT);
  EXPECT(raw_path_filestat_get(d, 0, S("nope"), PTR(&st)), E_NOENT);
  EXPECT(raw_path_filestat_get(d, 0, S("t/"), PTR(&st)), E_NOTDIR);
  OK(raw_path_unlink_file(d, S("tl")));
  OK(raw_path_unlink_file(d, S("t")));
}

/* Rights on directories: dropping a right refuses the call. */
static void test_dir_rights(void) {
  u32 sub, fd;
  OK(raw_path_create_directory(d, S("r")));
  OK(open_at(d, "r", O_DIR_, R_DIR, 0, &sub));
  uint8_t fs[24];
  OK(raw_fd_fdstat_get(sub, PTR(fs)));
  u64 base, inh;
  memcpy(&base, fs + 8, 8);
  memcpy(&inh, fs + 16, 8);
  u64 drop = R_PATH_CREATE_FILE | R_PATH_CREATE_DIRECTORY |
             R_PATH_FILESTAT_SET_SIZE | R_PATH_SYMLINK | R_FD_WRITE;
  base &= ~drop;
  inh &= ~drop;
  OK(raw_fd_fdstat_set_rights(sub, base, inh));
  EXPECT(open_at(sub, "new", O_CREAT_, 0, 0, &fd), E_NOTCAPABLE);
  EXPECT(raw_path_create_directory(sub, S("x")), E_NOTCAPABLE);
  EXPECT(raw_path_symlink(S("x"), sub, S("y")), E_NOTCAPABLE);
  OK(make_file(d, "r/f", "abc"));
  EXPECT(open_at(sub, "f", O_TRUNC_, 0, 0, &fd), E_NOTCAPABLE);
  EXPECT(open_at(sub, "f", 0, R_FD_WRITE, 0, &fd), E_NOTCAPABLE);
  OK(open_at(sub, "f", 0, R_FD_READ, 0, &fd));       /* reading still fine */
  OK(raw_fd_close(fd));
  /* Children cannot regain rights dropped from base and inheriting. */
  u32 again;
  OK(open_at(sub, ".", O_DIR_, R_DIR, 0, &again));
  EXPECT(raw_path_create_directory(again, S("x")), E_NOTCAPABLE);
  OK(raw_fd_close(again));
  OK(raw_fd_fdstat_set_rights(sub, base & ~R_PATH_OPEN, inh));
  EXPECT(raw_fd_fdstat_set_rights(sub, base, inh), E_NOTCAPABLE);
  EXPECT(open_at(sub, "f", 0, R_FD_READ, 0, &fd), E_NOTCAPABLE);
  OK(raw_fd_close(sub));
  OK(raw_path_unlink_file(d, S("r/f")));
  OK(raw_path_remove_directory(d, S("r")));
}

int main(void) {
  test_name = "paths";
  int fd = preopen("sandbox");
  CHECK(fd >= 3, "preopen sandbox");
  if (fd < 0) return finish();
  d = (u32)fd;
  test_dirs();
  test_open_flags();
  test_rename();
  test_links();
  test_times();
  test_dir_rights();
  return finish();
}
