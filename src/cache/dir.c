/*
 * dir.c - the cache directory, shared by any number of processes.
 *
 * Layout: one file per entry, named by its key in hex plus ENTRY_SUFFIX;
 * temporary files ".tmp-XXXXXX" while an entry is being written; "stats"
 * holding the hit and miss counts. Nothing else in the directory is touched.
 *
 * Concurrency without a directory lock:
 *   - an entry appears whole or not at all: it is written to a temporary file
 *     in the same directory and renamed over its name (atomic in POSIX), and
 *     never modified after; a reader that opened the old file keeps reading
 *     it even if it is replaced or deleted meanwhile;
 *   - least-recently-used order is the files' modification times, set to now
 *     on every hit (futimens), so it needs no shared index;
 *   - eviction runs in the writer after each insert: it lists the entries,
 *     deletes the oldest until the rest fit. Two evicting at once may delete
 *     a little more than needed, never anything being read;
 *   - the counts file is updated under flock, best-effort.
 * A crashed writer leaves a temporary file behind; eviction removes those
 * older than an hour (a live writer finishes in far less).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"

#define TEMP_PREFIX ".tmp-"
#define STATS_NAME "stats"
#define STALE_TEMP_SECONDS 3600
#define KEY_HEX (2 * CACHE_HASH_SIZE)

/* dir/name in buf; false when it does not fit. */
static bool join(char *buf, const char *dir, const char *name) {
  int n = snprintf(buf, PATH_MAX, "%s/%s", dir, name);
  return n > 0 && n < PATH_MAX;
}

int dir_prepare(const char *dir) {
  char path[PATH_MAX];
  if (strlen(dir) >= sizeof path) return ENAMETOOLONG;
  strcpy(path, dir);
  /* mkdir -p: each prefix in turn; existing ones are fine. */
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char c = *p;
    *p = '\0';
    if (mkdir(path, 0700) != 0 && errno != EEXIST) return errno;
    *p = c;
    if (c == '\0') break;
  }
  struct stat st;
  if (stat(dir, &st) != 0) return errno;
  if (!S_ISDIR(st.st_mode)) return ENOTDIR;
  if (access(dir, R_OK | W_OK | X_OK) != 0) return errno;
  return 0;
}

int dir_read(const char *dir, const char *name, uint64_t max_size, uint8_t **data,
             size_t *size) {
  char path[PATH_MAX];
  if (!join(path, dir, name)) return ENAMETOOLONG;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat st;
  int err = 0;
  uint8_t *buf = NULL;
  if (fstat(fd, &st) != 0) err = errno;
  else if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max_size) err = EINVAL;
  else if (!(buf = malloc(st.st_size ? (size_t)st.st_size : 1))) err = ENOMEM;
  size_t got = 0;
  while (!err && got < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    else if (n == 0) err = EINVAL;   /* shorter than it said: not an entry */
    else got += (size_t)n;
  }
  if (!err) futimens(fd, NULL);      /* used now: best-effort */
  close(fd);
  if (err) {
    free(buf);
    return err;
  }
  *data = buf;
  *size = got;
  return 0;
}

static int write_all(int fd, const uint8_t *data, size_t size) {
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

int dir_write(const char *dir, const char *name, const uint8_t *data, size_t size) {
  char tmp[PATH_MAX], path[PATH_MAX];
  if (!join(tmp, dir, TEMP_PREFIX "XXXXXX") || !join(path, dir, name)) return ENAMETOOLONG;
  int fd = mkstemp(tmp);
  if (fd < 0) return errno;
  int err = write_all(fd, data, size);
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, path) != 0) err = errno;
  if (err) unlink(tmp);
  return err;
}

/* ------------------------------------------------------------ listing */

typedef struct item {
  struct timespec used;
  uint64_t size;
  char name[KEY_HEX + sizeof ENTRY_SUFFIX];
} item;

static bool is_entry_name(const char *name) {
  size_t n = strlen(name);
  if (n != KEY_HEX + strlen(ENTRY_SUFFIX) || strcmp(name + KEY_HEX, ENTRY_SUFFIX) != 0) return false;
  for (size_t i = 0; i < KEY_HEX; i++)
    if (!strchr("0123456789abcdef", name[i])) return false;
  return true;
}

/* The entries of dir in *items (malloc'd). Temporary files are removed when
 * `temps_older_than` is not negative and they are older than that many
 * seconds. Returns 0 or an errno value. */
static int list_entries(const char *dir, long temps_older_than, item **items, size_t *count) {
  *items = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return errno;
  size_t cap = 0;
  int err = 0;
  time_t now = time(NULL);
  struct dirent *de;
  while (!err && (de = readdir(d)) != NULL) {
    struct stat st;
    bool entry = is_entry_name(de->d_name);
    bool temp = !entry && strncmp(de->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) == 0;
    if ((!entry && !temp) || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;                      /* not ours, or gone meanwhile */
    if (temp) {
      if (temps_older_than >= 0 && now - st.st_mtime > temps_older_than)
        unlinkat(dirfd(d), de->d_name, 0);
      continue;
    }
    if (*count == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      item *bigger = realloc(*items, ncap * sizeof *bigger);
      if (!bigger) {
        err = ENOMEM;
        break;
      }
      *items = bigger;
      cap = ncap;
    }
    item *it = &(*items)[(*count)++];
    it->used = st.st_mtim;
    it->size = (uint64_t)st.st_size;
    strcpy(it->name, de->d_name);
  }
  closedir(d);
  if (err) {
    free(*items);
    *items = NULL;
    *count = 0;
  }
  return err;
}

static int by_use(const void *a, const void *b) {
  const struct timespec *x = &((const item *)a)->used, *y = &((const item *)b)->used;
  if (x->tv_sec != y->tv_sec) return x->tv_sec < y->tv_sec ? -1 : 1;
  return (x->tv_nsec > y->tv_nsec) - (x->tv_nsec < y->tv_nsec);
}

/* Over capacity, entries go down to 90% of it, so that a full cache does not
 * evict on every insert. */
void dir_evict(const char *dir, uint64_t capacity) {
  item *items;
  size_t count;
  if (list_entries(dir, STALE_TEMP_SECONDS, &items, &count) != 0) return;
  uint64_t total = 0;
  for (size_t i = 0; i < count; i++) total += items[i].size;
  if (total > capacity) {
    uint64_t target = capacity - capacity / 10;
    qsort(items, count, sizeof *items, by_use);
    char path[PATH_MAX];
    for (size_t i = 0; i < count && total > target; i++) {
      if (join(path, dir, items[i].name) && unlink(path) != 0 && errno != ENOENT) continue;
      total -= items[i].size;
    }
  }
  free(items);
}

int dir_totals(const char *dir, uint64_t *entries, uint64_t *bytes) {
  item *items;
  size_t count;
  int err = list_entries(dir, -1, &items, &count);
  *entries = count;
  *bytes = 0;
  for (size_t i = 0; i < count; i++) *bytes += items[i].size;
  free(items);
  return err;
}

int dir_clear(const char *dir) {
  item *items;
  size_t count;
  int err = list_entries(dir, STALE_TEMP_SECONDS, &items, &count);
  char path[PATH_MAX];
  for (size_t i = 0; i < count; i++)
    if (join(path, dir, items[i].name) && unlink(path) != 0 && errno != ENOENT && !err) err = errno;
  free(items);
  if (join(path, dir, STATS_NAME) && unlink(path) != 0 && errno != ENOENT && !err) err = errno;
  return err;
}

/* ------------------------------------------------------------ counts */

/* Two native uint64_t: hits, misses. A short or missing file counts zero. */
static void read_counts(int fd, uint64_t counts[2]) {
  counts[0] = counts[1] = 0;
  if (pread(fd, counts, 2 * sizeof(uint64_t), 0) != 2 * sizeof(uint64_t)) counts[0] = counts[1] = 0;
}

void dir_count(const char *dir, int which) {
  char path[PATH_MAX];
  if (!join(path, dir, STATS_NAME)) return;
  int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  if (flock(fd, LOCK_EX) == 0) {
    uint64_t counts[2];
    read_counts(fd, counts);
    counts[which]++;
    if (pwrite(fd, counts, sizeof counts, 0) != sizeof counts) { /* best-effort */ }
  }
  close(fd);                         /* releases the lock */
}

void dir_read_counts(const char *dir, uint64_t *hits, uint64_t *misses) {
  char path[PATH_MAX];
  uint64_t counts[2] = {0, 0};
  int fd = join(path, dir, STATS_NAME) ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
  if (fd >= 0) {
    if (flock(fd, LOCK_SH) == 0) read_counts(fd, counts);
    close(fd);
  }
  *hits = counts[0];
  *misses = counts[1];
}
