/*
 * tree_tool.c - a small real program, built both natively and for
 * wasm32-wasi, whose output must be identical under husk and natively.
 *
 *   tree_tool SRC DST
 *
 * 1. walks SRC (sorted, depth first) and prints every entry with its type,
 *    size, link target and an FNV-1a checksum of its contents;
 * 2. copies the tree to DST (directories, files in 4 KiB chunks, symlinks);
 * 3. in DST renames every "*.txt" to "*.md" and deletes the "scratch"
 *    directory with everything in it;
 * 4. walks DST the same way and prints a summary of both trees.
 * Exits 1 (with a message on stderr) if anything fails.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct totals {
  unsigned dirs, files, links;
  unsigned long long bytes;
  uint32_t sum;
} totals;

static void die(const char *what, const char *path) {
  fprintf(stderr, "tree_tool: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static char *join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *s = malloc(la + lb + 2);
  if (!s) die("out of memory", a);
  memcpy(s, a, la);
  s[la] = '/';
  memcpy(s + la + 1, b, lb + 1);
  return s;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, without "." and "..". */
static char **list(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) die("opendir", dir);
  size_t n = 0, cap = 16;
  char **names = malloc(cap * sizeof *names);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) names = realloc(names, (cap *= 2) * sizeof *names);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  *count = n;
  return names;
}

static uint32_t file_sum(const char *path, unsigned long long *size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die("open", path);
  unsigned char buf[4096];
  uint32_t h = 2166136261u;
  ssize_t r;
  *size = 0;
  while ((r = read(fd, buf, sizeof buf)) > 0) {
    h = fnv(h, buf, (size_t)r);
    *size += (unsigned long long)r;
  }
  if (r < 0) die("read", path);
  close(fd);
  return h;
}

/* Prints the tree under root/rel, adding to t. */
static void walk(const char *root, const char *rel, int depth, totals *t) {
  char *dir = rel[0] ? join(root, rel) : strdup(root);
  size_t n;
  char **names = list(dir, &n);
  for (size_t i = 0; i < n; i++) {
    char *path = join(dir, names[i]);
    char *r = rel[0] ? join(rel, names[i]) : strdup(names[i]);
    struct stat st;
    if (lstat(path, &st) != 0) die("lstat", path);
    printf("%*s", depth * 2, "");
    if (S_ISDIR(st.st_mode)) {
      printf("[dir]  %s/\n", names[i]);
      t->dirs++;
      walk(root, r, depth + 1, t);
    } else if (S_ISLNK(st.st_mode)) {
      char target[256];
      ssize_t k = readlink(path, target, sizeof target - 1);
      if (k < 0) die("readlink", path);
      target[k] = 0;
      printf("[link] %s -> %s\n", names[i], target);
      t->links++;
      t->sum = fnv(t->sum, (const unsigned char *)target, (size_t)k);
    } else {
      unsigned long long size;
      uint32_t h = file_sum(path, &size);
      printf("[file] %s  %llu bytes  %08x\n", names[i], size, h);
      t->files++;
      t->bytes += size;
      t->sum = fnv(t->sum, (const unsigned char *)&h, sizeof h);
    }
    free(path);
    free(r);
    free(names[i]);
  }
  free(names);
  free(dir);
}

static void copy_file(const char *from, const char *to, mode_t mode) {
  int in = open(from, O_RDONLY);
  if (in < 0) die("open", from);
  int out = open(to, O_WRONLY | O_CREAT | O_EXCL, mode & 0777);
  if (out < 0) die("create", to);
  char buf[4096];
  ssize_t r;
  while ((r = read(in, buf, sizeof buf)) > 0) {
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0) die("write", to);
      off += w;
    }
  }
  if (r < 0) die("read", from);
  close(in);
  if (close(out) != 0) die("close", to);
}

static void copy_tree(const char *from, const char *to) {
  if (mkdir(to, 0755) != 0) die("mkdir", to);
  size_t n;
  char **names = list(from, &n);
  for (size_t i = 0; i < n; i++) {
    char *a = join(from, names[i]), *b = join(to, names[i]);
    struct stat st;
    if (lstat(a, &st) != 0) die("lstat", a);
    if (S_ISDIR(st.st_mode)) {
      copy_tree(a, b);
    } else if (S_ISLNK(st.st_mode)) {
      char target[256];
      ssize_t k = readlink(a, target, sizeof target - 1);
      if (k < 0) die("readlink", a);
      target[k] = 0;
      if (symlink(target, b) != 0) die("symlink", b);
    } else {
      copy_file(a, b, st.st_mode);
    }
    free(a);
    free(b);
    free(names[i]);
  }
  free(names);
}

/* Renames *.txt to *.md below dir; returns how many. */
static unsigned rename_txt(const char *dir) {
  unsigned count = 0;
  size_t n;
  char **names = list(dir, &n);
  for (size_t i = 0; i < n; i++) {
    char *path = join(dir, names[i]);
    struct stat st;
    if (lstat(path, &st) != 0) die("lstat", path);
    size_t len = strlen(names[i]);
    if (S_ISDIR(st.st_mode)) {
      count += rename_txt(path);
    } else if (S_ISREG(st.st_mode) && len > 4 &&
               !strcmp(names[i] + len - 4, ".txt")) {
      char *to = malloc(strlen(path) + 1);
      strcpy(to, path);
      strcpy(to + strlen(to) - 4, ".md");
      if (rename(path, to) != 0) die("rename", path);
      free(to);
      count++;
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return count;
}

static unsigned remove_tree(const char *path) {
  unsigned count = 0;
  struct stat st;
  if (lstat(path, &st) != 0) die("lstat", path);
  if (S_ISDIR(st.st_mode)) {
    size_t n;
    char **names = list(path, &n);
    for (size_t i = 0; i < n; i++) {
      char *p = join(path, names[i]);
      count += remove_tree(p);
      free(p);
      free(names[i]);
    }
    free(names);
    if (rmdir(path) != 0) die("rmdir", path);
  } else if (unlink(path) != 0) {
    die("unlink", path);
  }
  return count + 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: tree_tool SRC DST\n");
    return 2;
  }
  totals src = {0, 0, 0, 0, 2166136261u}, dst = src;
  printf("== %s\n", argv[1]);
  walk(argv[1], "", 0, &src);
  copy_tree(argv[1], argv[2]);
  unsigned renamed = rename_txt(argv[2]);
  char *scratch = join(argv[2], "scratch");
  unsigned removed = 0;
  struct stat st;
  if (lstat(scratch, &st) == 0) removed = remove_tree(scratch);
  free(scratch);
  printf("== %s\n", argv[2]);
  walk(argv[2], "", 0, &dst);
  printf("source: %u dirs, %u files, %u links, %llu bytes, sum %08x\n",
         src.dirs, src.files, src.links, src.bytes, src.sum);
  printf("copy:   %u dirs, %u files, %u links, %llu bytes, sum %08x\n",
         dst.dirs, dst.files, dst.links, dst.bytes, dst.sum);
  printf("renamed %u, removed %u\n", renamed, removed);
  return 0;
}
