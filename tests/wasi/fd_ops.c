/*
 * fd_ops.c - the fd_* family on files, directories and stdio: read, write,
 * pread, pwrite, seek, tell, close, renumber, sync, datasync, advise,
 * allocate, fdstat (get, set_flags, set_rights), filestat (get, set_size,
 * set_times), prestat, readdir (cookies, small buffers, dirent layout), and
 * the errno of each failure. Preopen "sandbox" (read-write, empty).
 */
#include "guest.h"

static void test_io(u32 d) {
  u32 fd, n;
  OK(open_at(d, "data", O_CREAT_ | O_EXCL_, R_ALL, 0, &fd));
  CHECK(fd > 2, "new fd %u", fd);
  EXPECT(open_at(d, "data", O_CREAT_ | O_EXCL_, R_RW, 0, &n), E_EXIST);

  /* Scatter write, gather read. */
  const char *p1 = "hello ", *p2 = "world";
  u32 iov[4] = {PTR(p1), 6, PTR(p2), 5};
  OK(raw_fd_write(fd, PTR(iov), 2, PTR(&n)));
  CHECK(n == 11, "wrote %u", n);
  u64 pos = 99;
  OK(raw_fd_tell(fd, PTR(&pos)));
  CHECK(pos == 11, "tell %llu", (unsigned long long)pos);
  OK(raw_fd_seek(fd, 0, WH_SET, PTR(&pos)));
  char a[4], b[16];
  u32 riov[4] = {PTR(a), 4, PTR(b), sizeof b};
  OK(raw_fd_read(fd, PTR(riov), 2, PTR(&n)));
  CHECK(n == 11 && !memcmp(a, "hell", 4) && !memcmp(b, "o world", 7),
        "gather read %u", n);
  OK(raw_fd_read(fd, PTR(riov), 2, PTR(&n)));
  CHECK(n == 0, "read at EOF %u", n);

  /* Seek in all three bases; negative positions are EINVAL. */
  OK(raw_fd_seek(fd, -5, WH_END, PTR(&pos)));
  CHECK(pos == 6, "seek end-5 %llu", (unsigned long long)pos);
  OK(raw_fd_seek(fd, 2, WH_CUR, PTR(&pos)));
  CHECK(pos == 8, "seek cur+2 %llu", (unsigned long long)pos);
  EXPECT(raw_fd_seek(fd, -100, WH_CUR, PTR(&pos)), E_INVAL);
  EXPECT(raw_fd_seek(fd, 0, 3, PTR(&pos)), E_INVAL);
  EXPECT(raw_fd_seek(fd, 0, WH_SET, BAD_PTR), E_FAULT);
  EXPECT(raw_fd_tell(fd, BAD_PTR), E_FAULT);

  /* pread/pwrite leave the offset alone. */
  OK(raw_fd_seek(fd, 3, WH_SET, PTR(&pos)));
  u32 piov[2] = {PTR("HELLO"), 5};
  OK(raw_fd_pwrite(fd, PTR(piov), 1, 0, PTR(&n)));
  CHECK(n == 5, "pwrite %u", n);
  char c[8] = {0};
  u32 ciov[2] = {PTR(c), 7};
  OK(raw_fd_pread(fd, PTR(ciov), 1, 4, PTR(&n)));
  CHECK(n == 7 && !memcmp(c, "O world", 7), "pread '%s'", c);
  OK(raw_fd_tell(fd, PTR(&pos)));
  CHECK(pos == 3, "offset moved by pread/pwrite: %llu", (unsigned long long)pos);
  EXPECT(raw_fd_pread(fd, PTR(ciov), 1, 1ull << 63, PTR(&n)), E_INVAL);

  /* Bad iovecs: the array or a buffer out of bounds. Nothing is written. */
  u32 bad1[2] = {BAD_PTR, 8};
  u32 bad2[2] = {PTR(c), 0xffffffffu};
  EXPECT(raw_fd_write(fd, BAD_PTR, 1, PTR(&n)), E_FAULT);
  EXPECT(raw_fd_write(fd, PTR(bad1), 1, PTR(&n)), E_FAULT);
  EXPECT(raw_fd_read(fd, PTR(bad2), 1, PTR(&n)), E_FAULT);
  EXPECT(raw_fd_read(fd, PTR(riov), 0x20000000u, PTR(&n)), E_FAULT);
  EXPECT(raw_fd_write(fd, PTR(iov), 1, BAD_PTR), E_FAULT);
  EXPECT(raw_fd_pwrite(fd, PTR(bad1), 1, 0, PTR(&n)), E_FAULT);
  EXPECT(raw_fd_pread(fd, PTR(bad2), 1, 0, PTR(&n)), E_FAULT);
  OK(raw_fd_write(fd, PTR(iov), 0, PTR(&n)));
  CHECK(n == 0, "empty write %u", n);

  /* filestat of the open file, then size and times. */
  uint8_t sb[64];
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  filestat st = decode_filestat(sb);
  CHECK(st.filetype == FT_FILE && st.size == 11 && st.nlink == 1,
        "filestat type %u size %llu", st.filetype, (unsigned long long)st.size);
  filestat ps;
  OK(stat_path(d, 0, "data", &ps));
  CHECK(ps.ino == st.ino && ps.dev == st.dev, "path and fd stat agree");
  EXPECT(raw_fd_filestat_get(fd, BAD_PTR), E_FAULT);
  EXPECT(raw_fd_filestat_get(fd, 0xffffffc8u), E_FAULT);   /* 56 bytes left */
  OK(raw_fd_filestat_set_size(fd, 4));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  CHECK(decode_filestat(sb).size == 4, "truncated");
  OK(raw_fd_filestat_set_size(fd, 100));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  CHECK(decode_filestat(sb).size == 100, "extended");
  EXPECT(raw_fd_filestat_set_size(fd, 1ull << 63), E_FBIG);
  OK(raw_fd_filestat_set_times(fd, 1000000000ull * 1000, 1000000000ull * 2000,
                               FST_ATIM | FST_MTIM));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  st = decode_filestat(sb);
  CHECK(st.atim == 1000000000ull * 1000 && st.mtim == 1000000000ull * 2000,
        "times set");
  OK(raw_fd_filestat_set_times(fd, 0, 0, FST_MTIM_NOW));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  CHECK(decode_filestat(sb).mtim > 1000000000ull * 2000, "mtim now");
  CHECK(decode_filestat(sb).atim == 1000000000ull * 1000, "atim untouched");
  EXPECT(raw_fd_filestat_set_times(fd, 0, 0, FST_ATIM | FST_ATIM_NOW), E_INVAL);
  EXPECT(raw_fd_filestat_set_times(fd, 0, 0, FST_MTIM | FST_MTIM_NOW), E_INVAL);
  EXPECT(raw_fd_filestat_set_times(fd, 0, 0, 16), E_INVAL);

  /* allocate, advise, sync. */
  OK(raw_fd_allocate(fd, 0, 200));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  CHECK(decode_filestat(sb).size == 200, "allocate grew the file");
  OK(raw_fd_allocate(fd, 10, 10));
  OK(raw_fd_filestat_get(fd, PTR(sb)));
  CHECK(decode_filestat(sb).size == 200, "allocate inside keeps size");
  EXPECT(raw_fd_allocate(fd, 0, 0), E_INVAL);
  for (u32 adv = 0; adv <= 5; adv++) OK(raw_fd_advise(fd, 0, 100, adv));
  EXPECT(raw_fd_advise(fd, 0, 100, 6), E_INVAL);
  OK(raw_fd_sync(fd));
  OK(raw_fd_datasync(fd));

  /* fdstat: type, flags, rights, APPEND set and cleared. */
  uint8_t fs[24];
  OK(raw_fd_fdstat_get(fd, PTR(fs)));
  u64 base, inh;
  memcpy(&base, fs + 8, 8);
  memcpy(&inh, fs + 16, 8);
  CHECK(fs[0] == FT_FILE, "fdstat type %u", fs[0]);
  CHECK((base & R_RW) == R_RW, "requested rights present");
  CHECK(!(base & (R_PATH_OPEN | R_FD_READDIR)), "directory rights dropped on a file");
  EXPECT(raw_fd_fdstat_get(fd, BAD_PTR), E_FAULT);
  OK(raw_fd_fdstat_set_flags(fd, FD_APPEND));
  OK(raw_fd_fdstat_get(fd, PTR(fs)));
  CHECK((fs[2] | fs[3] << 8) == FD_APPEND, "append flag");
  OK(raw_fd_seek(fd, 0, WH_SET, PTR(&pos)));
  OK(write_all(fd, "Z", 1, &n));
  OK(raw_fd_tell(fd, PTR(&pos)));
  CHECK(pos == 201, "append wrote at the end: %llu", (unsigned long long)pos);
  OK(raw_fd_fdstat_set_flags(fd, 0));
  EXPECT(raw_fd_fdstat_set_flags(fd, 0x20), E_INVAL);
  EXPECT(raw_fd_fdstat_set_flags(fd, 0x10), E_NOTSUP);   /* SYNC after open */

  /* Rights can only shrink; without FD_WRITE/FD_READ I/O is refused. */
  OK(raw_fd_fdstat_set_rights(fd, base & ~R_FD_WRITE, inh));
  EXPECT(write_all(fd, "x", 1, &n), E_NOTCAPABLE);
  EXPECT(raw_fd_fdstat_set_rights(fd, base, inh), E_NOTCAPABLE);
  OK(raw_fd_fdstat_set_rights(fd, base & ~(R_FD_WRITE | R_FD_READ | R_FD_SEEK), 0));
  EXPECT(read_some(fd, c, 1, &n), E_NOTCAPABLE);
  EXPECT(raw_fd_seek(fd, 1, WH_SET, PTR(&pos)), E_NOTCAPABLE);
  OK(raw_fd_tell(fd, PTR(&pos)));             /* FD_TELL is still held */
  OK(raw_fd_seek(fd, 0, WH_CUR, PTR(&pos)));  /* ... which allows this */
  EXPECT(raw_fd_fdstat_set_rights(fd, 0, R_FD_READ), E_NOTCAPABLE);
  OK(raw_fd_fdstat_set_rights(fd, 0, 0));
  EXPECT(raw_fd_filestat_get(fd, PTR(sb)), E_NOTCAPABLE);
  EXPECT(raw_fd_filestat_set_size(fd, 1), E_NOTCAPABLE);
  EXPECT(raw_fd_filestat_set_times(fd, 0, 0, FST_MTIM_NOW), E_NOTCAPABLE);
  EXPECT(raw_fd_allocate(fd, 0, 1), E_NOTCAPABLE);
  EXPECT(raw_fd_advise(fd, 0, 1, 0), E_NOTCAPABLE);
  EXPECT(raw_fd_sync(fd), E_NOTCAPABLE);
  EXPECT(raw_fd_datasync(fd), E_NOTCAPABLE);
  EXPECT(raw_fd_fdstat_set_flags(fd, 0), E_NOTCAPABLE);
  OK(raw_fd_fdstat_get(fd, PTR(fs)));         /* always allowed */

  /* Close, then every call is EBADF. */
  OK(raw_fd_close(fd));
  EXPECT(raw_fd_close(fd), E_BADF);
  EXPECT(raw_fd_read(fd, PTR(riov), 1, PTR(&n)), E_BADF);
  EXPECT(raw_fd_write(fd, PTR(iov), 1, PTR(&n)), E_BADF);
  EXPECT(raw_fd_seek(fd, 0, WH_SET, PTR(&pos)), E_BADF);
  EXPECT(raw_fd_fdstat_get(fd, PTR(fs)), E_BADF);
  EXPECT(raw_fd_filestat_get(fd, PTR(sb)), E_BADF);
  EXPECT(raw_fd_sync(fd), E_BADF);
  EXPECT(raw_fd_fdstat_get(1000000, PTR(fs)), E_BADF);
  EXPECT(raw_fd_close(0xffffffffu), E_BADF);

  /* Opening with only some rights picks the host mode from them. */
  OK(open_at(d, "data", 0, R_FD_READ, 0, &fd));
  EXPECT(write_all(fd, "x", 1, &n), E_NOTCAPABLE);
  OK(raw_fd_close(fd));
  OK(open_at(d, "data", 0, R_FD_WRITE, 0, &fd));
  EXPECT(read_some(fd, c, 1, &n), E_NOTCAPABLE);
  OK(write_all(fd, "w", 1, &n));
  OK(raw_fd_close(fd));
  OK(open_at(d, "data", O_TRUNC_, 0, 0, &fd));
  OK(raw_fd_close(fd));
  OK(stat_path(d, 0, "data", &ps));
  CHECK(ps.size == 0, "O_TRUNC with no rights still truncates");
  OK(open_at(d, "data", 0, R_RW, FD_APPEND, &fd));
  OK(raw_fd_fdstat_get(fd, PTR(fs)));
  CHECK((fs[2] | fs[3] << 8) == FD_APPEND, "fdflags from path_open");
  OK(raw_fd_close(fd));
  OK(raw_path_unlink_file(d, S("data")));
}

static void test_renumber(u32 d) {
  u32 a, b, n;
  OK(make_file(d, "ra", "AAAA"));
  OK(make_file(d, "rb", "BBBB"));
  OK(open_at(d, "ra", 0, R_RW, 0, &a));
  OK(open_at(d, "rb", 0, R_RW, 0, &b));
  OK(raw_fd_renumber(a, b));
  EXPECT(raw_fd_close(a), E_BADF);
  char buf[8] = {0};
  OK(read_some(b, buf, 4, &n));
  CHECK(!strcmp(buf, "AAAA"), "renumbered fd reads ra: %s", buf);
  EXPECT(raw_fd_renumber(b, a), E_BADF);      /* target must be open */
  EXPECT(raw_fd_renumber(a, b), E_BADF);      /* source must be open */
  OK(raw_fd_renumber(b, b));
  /* Renumber onto stdin and back out: stdin is then closed. */
  u32 e;
  OK(open_at(d, "rb", 0, R_RW, 0, &e));
  OK(raw_fd_renumber(0, e));
  uint8_t fs[24];
  EXPECT(raw_fd_fdstat_get(0, PTR(fs)), E_BADF);
  OK(raw_fd_fdstat_get(e, PTR(fs)));
  OK(raw_fd_close(e));
  OK(raw_fd_close(b));
  /* The lowest free number is reused: 0 is free now. */
  OK(open_at(d, "ra", 0, R_RW, 0, &e));
  CHECK(e == 0, "lowest free descriptor reused: %u", e);
  OK(raw_fd_close(e));
  OK(raw_path_unlink_file(d, S("ra")));
  OK(raw_path_unlink_file(d, S("rb")));
}

static void test_prestat(u32 d) {
  uint8_t st[8];
  OK(raw_fd_prestat_get(d, PTR(st)));
  u32 len;
  memcpy(&len, st + 4, 4);
  CHECK(st[0] == 0 && len == 7, "prestat tag %u len %u", st[0], len);
  char name[16];
  memset(name, '#', sizeof name);
  OK(raw_fd_prestat_dir_name(d, PTR(name), sizeof name));
  CHECK(!memcmp(name, "sandbox", 7) && name[7] == '#', "name without NUL");
  EXPECT(raw_fd_prestat_dir_name(d, PTR(name), 6), E_NAMETOOLONG);
  EXPECT(raw_fd_prestat_dir_name(d, BAD_PTR, 7), E_FAULT);
  EXPECT(raw_fd_prestat_get(d, BAD_PTR), E_FAULT);
  EXPECT(raw_fd_prestat_get(1, PTR(st)), E_BADF);       /* not a preopen */
  EXPECT(raw_fd_prestat_get(999, PTR(st)), E_BADF);
  EXPECT(raw_fd_prestat_dir_name(1, PTR(name), 16), E_BADF);
  /* Preopen rights: all directory rights, and all file rights inherited. */
  uint8_t fs[24];
  OK(raw_fd_fdstat_get(d, PTR(fs)));
  u64 base, inh;
  memcpy(&base, fs + 8, 8);
  memcpy(&inh, fs + 16, 8);
  CHECK(fs[0] == FT_DIR, "preopen is a directory");
  CHECK((base & (R_PATH_OPEN | R_PATH_CREATE_FILE | R_FD_READDIR | R_PATH_SYMLINK)) ==
            (R_PATH_OPEN | R_PATH_CREATE_FILE | R_FD_READDIR | R_PATH_SYMLINK),
        "directory base rights");
  CHECK((inh & (R_FD_READ | R_FD_WRITE | R_FD_SEEK)) == (R_FD_READ | R_FD_WRITE | R_FD_SEEK),
        "inheriting rights");
  CHECK(!(base & (R_FD_READ | R_FD_WRITE | R_FD_SEEK)), "no file I/O rights on a directory");
}

static void test_directory_fd(u32 d) {
  /* I/O on a directory fails; its base rights lack the I/O rights. */
  u32 n;
  u64 pos;
  char buf[8];
  EXPECT(read_some(d, buf, 8, &n), E_NOTCAPABLE);
  EXPECT(write_all(d, "x", 1, &n), E_NOTCAPABLE);
  EXPECT(raw_fd_seek(d, 0, WH_CUR, PTR(&pos)), E_NOTCAPABLE);
  EXPECT(raw_fd_tell(d, PTR(&pos)), E_NOTCAPABLE);
  EXPECT(raw_fd_allocate(d, 0, 1), E_NOTCAPABLE);
  EXPECT(raw_fd_filestat_set_size(d, 0), E_NOTCAPABLE);
  uint8_t sb[64];
  OK(raw_fd_filestat_get(d, PTR(sb)));
  CHECK(decode_filestat(sb).filetype == FT_DIR, "directory filestat");
  OK(raw_fd_sync(d));
  /* Opening "." for writing is EISDIR; with FD_SEEK asked it is dropped. */
  u32 fd;
  EXPECT(open_at(d, ".", O_DIR_, R_FD_READ | R_FD_WRITE, 0, &fd), E_ISDIR);
  OK(open_at(d, ".", O_DIR_, R_FD_SEEK | R_FD_READDIR, 0, &fd));
  uint8_t fs[24];
  OK(raw_fd_fdstat_get(fd, PTR(fs)));
  u64 base;
  memcpy(&base, fs + 8, 8);
  CHECK(fs[0] == FT_DIR && !(base & R_FD_SEEK) && (base & R_FD_READDIR),
        "directory rights filtered");
  OK(raw_fd_close(fd));
  /* A file is not a directory for path calls or readdir. */
  OK(make_file(d, "plain", "x"));
  OK(open_at(d, "plain", 0, R_ALL, 0, &fd));
  EXPECT(open_at(fd, "x", O_CREAT_, 0, 0, &n), E_NOTDIR);
  EXPECT(raw_path_create_directory(fd, S("x")), E_NOTDIR);
  EXPECT(raw_fd_readdir(fd, PTR(buf), 8, 0, PTR(&n)), E_NOTCAPABLE);
  OK(raw_fd_close(fd));
  OK(raw_path_unlink_file(d, S("plain")));
}

/* Parses a fd_readdir buffer; returns the number of complete entries and
 * fills names (sorted by the caller) and the last d_next. */
typedef struct ent {
  u64 next, ino;
  u32 namlen;
  uint8_t type;
  char name[64];
} ent;

static int parse_dirents(const uint8_t *buf, u32 used, ent *out, int max) {
  int k = 0;
  u32 at = 0;
  while (at + 24 <= used && k < max) {
    ent *e = &out[k];
    memcpy(&e->next, buf + at, 8);
    memcpy(&e->ino, buf + at + 8, 8);
    memcpy(&e->namlen, buf + at + 16, 4);
    e->type = buf[at + 20];
    if (at + 24 + e->namlen > used || e->namlen >= sizeof e->name) break;
    memcpy(e->name, buf + at + 24, e->namlen);
    e->name[e->namlen] = 0;
    at += 24 + e->namlen;
    k++;
  }
  return k;
}

static void test_readdir(u32 d) {
  OK(raw_path_create_directory(d, S("rd")));
  u32 rd;
  OK(open_at(d, "rd", O_DIR_, R_DIR, 0, &rd));
  uint8_t buf[4096];
  u32 used;
  ent ents[64];

  /* Empty directory: exactly "." and ".." with the right types/inodes. */
  OK(raw_fd_readdir(rd, PTR(buf), sizeof buf, 0, PTR(&used)));
  int k = parse_dirents(buf, used, ents, 64);
  CHECK(k == 2 && used < sizeof buf, "empty dir has 2 entries, got %d", k);
  uint8_t sb[64];
  OK(raw_fd_filestat_get(rd, PTR(sb)));
  CHECK(k >= 1 && !strcmp(ents[0].name, ".") && ents[0].type == FT_DIR &&
            ents[0].ino == decode_filestat(sb).ino && ents[0].next == 1,
        "first entry is .");
  CHECK(k >= 2 && !strcmp(ents[1].name, "..") && ents[1].type == FT_DIR &&
            ents[1].next == 2, "second entry is ..");

  /* 20 files and a subdirectory and a symlink. */
  char name[32];
  for (int i = 0; i < 20; i++) {
    snprintf(name, sizeof name, "file%02d", i);
    OK(make_file(rd, name, "x"));
  }
  OK(raw_path_create_directory(rd, S("sub")));
  OK(raw_path_symlink(S("file00"), rd, S("link")));

  /* Read all at once. */
  OK(raw_fd_readdir(rd, PTR(buf), sizeof buf, 0, PTR(&used)));
  k = parse_dirents(buf, used, ents, 64);
  CHECK(k == 24, "24 entries, got %d", k);
  int files = 0, dirs = 0, links = 0;
  for (int i = 0; i < k; i++) {
    CHECK(ents[i].next == (u64)i + 1, "d_next of entry %d is %llu", i,
          (unsigned long long)ents[i].next);
    if (!strncmp(ents[i].name, "file", 4)) {
      files++;
      filestat st;
      OK(stat_path(rd, 0, ents[i].name, &st));
      CHECK(st.ino == ents[i].ino && ents[i].type == FT_FILE, "inode of %s", ents[i].name);
    } else if (!strcmp(ents[i].name, "sub")) {
      dirs += ents[i].type == FT_DIR;
    } else if (!strcmp(ents[i].name, "link")) {
      links += ents[i].type == FT_SYMLINK;
    }
  }
  CHECK(files == 20 && dirs == 1 && links == 1, "entry types");

  /* Page with a small buffer using cookies: same 24 entries, each once. */
  int seen = 0, rounds = 0;
  u64 cookie = 0;
  uint8_t small[100];
  for (;;) {
    OK(raw_fd_readdir(rd, PTR(small), sizeof small, cookie, PTR(&used)));
    k = parse_dirents(small, used, ents, 64);
    if (k == 0) {
      CHECK(used < sizeof small, "no progress with a full buffer");
      break;
    }
    seen += k;
    cookie = ents[k - 1].next;
    if (used < sizeof small) break;
    if (++rounds > 100) break;
  }
  CHECK(seen == 24, "paged readdir saw %d entries", seen);

  /* A buffer smaller than one entry: truncated dirent, buffer full. */
  OK(raw_fd_readdir(rd, PTR(small), 10, 0, PTR(&used)));
  CHECK(used == 10, "truncated entry fills the buffer: %u", used);
  /* A cookie past the end: nothing. */
  OK(raw_fd_readdir(rd, PTR(buf), sizeof buf, 1000, PTR(&used)));
  CHECK(used == 0, "cookie past end gives 0 bytes");
  EXPECT(raw_fd_readdir(rd, BAD_PTR, 100, 0, PTR(&used)), E_FAULT);
  EXPECT(raw_fd_readdir(rd, PTR(buf), 100, 0, BAD_PTR), E_FAULT);
  EXPECT(raw_fd_readdir(rd, PTR(buf), 0xffffffffu, 0, PTR(&used)), E_FAULT);

  /* Entries created after the snapshot appear after a rewind (cookie 0). */
  OK(make_file(rd, "late", "x"));
  OK(raw_fd_readdir(rd, PTR(buf), sizeof buf, 0, PTR(&used)));
  CHECK(parse_dirents(buf, used, ents, 64) == 25, "rewind sees new entry");

  /* Clean up. */
  for (int i = 0; i < 20; i++) {
    snprintf(name, sizeof name, "file%02d", i);
    OK(raw_path_unlink_file(rd, S(name)));
  }
  OK(raw_path_unlink_file(rd, S("late")));
  OK(raw_path_unlink_file(rd, S("link")));
  OK(raw_path_remove_directory(rd, S("sub")));
  OK(raw_fd_close(rd));
  OK(raw_path_remove_directory(d, S("rd")));
}

static void test_stdio(void) {
  uint8_t fs[24];
  for (u32 fd = 0; fd < 3; fd++) OK(raw_fd_fdstat_get(fd, PTR(fs)));
  u32 n;
  OK(write_all(1, "", 0, &n));
  /* stderr, when it is not a file, has no seek right. */
  u64 pos;
  OK(raw_fd_fdstat_get(2, PTR(fs)));
  if (fs[0] != FT_FILE) {
    EXPECT(raw_fd_seek(2, 0, WH_SET, PTR(&pos)), E_NOTCAPABLE);
    EXPECT(raw_fd_pwrite(2, PTR(fs), 0, 0, PTR(&n)), E_NOTCAPABLE);
  }
}

int main(void) {
  test_name = "fd_ops";
  int d = preopen("sandbox");
  CHECK(d >= 3, "preopen sandbox");
  if (d < 0) return finish();
  test_stdio();
  test_io((u32)d);
  test_renumber((u32)d);
  test_prestat((u32)d);
  test_directory_fd((u32)d);
  test_readdir((u32)d);
  return finish();
}
