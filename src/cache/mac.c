/*
 * mac.c - the secret key that authenticates cache entries, and the MAC.
 *
 * Entries carry HMAC-SHA-256 under a per-user secret. The secret lives
 * outside the cache directory (by default ~/.config/husk/cache.key), so
 * write access to the directory, e.g. a cache shared with a less trusted
 * user or a directory another program can write, is not enough to make
 * husk run forged bytecode: without the key no entry verifies.
 *
 * The key file is created on first use with 32 random bytes, mode 0600, and
 * atomically: written under a temporary name, then link()ed into place, which
 * fails rather than replaces if another process got there first (both then
 * use the winner's key). A key file that is not a regular file owned by the
 * user, is accessible by anyone else, or has the wrong size is refused:
 * caching is then off, with a warning, rather than trusting a key others
 * could know.
 */
#define _GNU_SOURCE              /* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/crypto.h"

#define KEY_FILE_SIZE 32

/* Sets *why to "cache key file PATH: WHY" (NULL if even that fails) and
 * returns false. */
static bool refuse(char **why, const char *path, const char *what) {
  if (asprintf(why, "cache key file %s: %s", path, what) < 0) *why = NULL;
  return false;
}

/* Reads the key file. Sets *missing when it does not exist. */
static bool read_key_file(const char *path, uint8_t *key, bool *missing, char **why) {
  *missing = false;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *missing = errno == ENOENT;
    return refuse(why, path, strerror(errno));
  }
  struct stat st;
  const char *bad = NULL;
  if (fstat(fd, &st) != 0) bad = strerror(errno);
  else if (!S_ISREG(st.st_mode)) bad = "not a regular file";
  else if (st.st_uid != geteuid()) bad = "not owned by this user";
  else if (st.st_mode & 077) bad = "accessible by other users (chmod 600 it)";
  else if (st.st_size != KEY_FILE_SIZE) bad = "not a husk cache key (wrong size)";
  else if (read(fd, key, KEY_FILE_SIZE) != KEY_FILE_SIZE) bad = "cannot read it";
  close(fd);
  return bad ? refuse(why, path, bad) : true;
}

/* Creates the key file unless another process does first. */
static bool create_key_file(const char *path, char **why) {
  char *dir = strdup(path), *tmp = NULL;
  if (!dir || asprintf(&tmp, "%s.XXXXXX", path) < 0) {
    free(dir);
    return refuse(why, path, "out of memory");
  }
  char *slash = strrchr(dir, '/');
  int e = 0;
  if (slash && slash != dir) {
    *slash = '\0';
    e = dir_prepare(dir);
  }
  int fd = e ? -1 : mkstemp(tmp);   /* mode 0600 */
  if (!e && fd < 0) e = errno;
  if (fd >= 0) {
    uint8_t key[KEY_FILE_SIZE];
    if (!crypto() || crypto()->RAND_bytes(key, sizeof key) != 1) e = EIO;
    else if (write(fd, key, sizeof key) != (ssize_t)sizeof key || fsync(fd) != 0) e = errno ? errno : EIO;
    explicit_bzero(key, sizeof key);
    close(fd);
    if (!e && link(tmp, path) != 0 && errno != EEXIST) e = errno;
    unlink(tmp);
  }
  free(tmp);
  free(dir);
  return e ? refuse(why, path, strerror(e)) : true;
}

bool cache_secret_load(const husk_cache_config *c, uint8_t key[CACHE_KEY_MAX], size_t *size,
                       char **why) {
  *why = NULL;
  if (c->key_size) {
    memcpy(key, c->key, c->key_size);
    *size = c->key_size;
    return true;
  }
  char *path = c->key_file ? strdup(c->key_file)
                           : cache_default_path("XDG_CONFIG_HOME", ".config", "husk/cache.key");
  if (!path) {
    *why = strdup("no place for the cache key file: HOME is not set");
    return false;
  }
  bool missing;
  bool ok = read_key_file(path, key, &missing, why);
  if (!ok && missing) {
    free(*why);
    *why = NULL;
    ok = create_key_file(path, why) && read_key_file(path, key, &missing, why);
  }
  free(path);
  if (ok) *size = KEY_FILE_SIZE;
  return ok;
}

bool cache_mac(const uint8_t *key, size_t key_size, const uint8_t *a, size_t a_size,
               const uint8_t *b, size_t b_size, uint8_t out[CACHE_HASH_SIZE]) {
  const crypto_api *cr = crypto();
  if (!cr) return false;
  EVP_MAC *mac = cr->EVP_MAC_fetch(NULL, "HMAC", NULL);
  EVP_MAC_CTX *ctx = mac ? cr->EVP_MAC_CTX_new(mac) : NULL;
  OSSL_PARAM params[] = {
    cr->OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
    cr->OSSL_PARAM_construct_end(),
  };
  size_t n = 0;
  bool ok = ctx && cr->EVP_MAC_init(ctx, key, key_size, params) == 1 &&
            cr->EVP_MAC_update(ctx, a, a_size) == 1 && cr->EVP_MAC_update(ctx, b, b_size) == 1 &&
            cr->EVP_MAC_final(ctx, out, &n, CACHE_HASH_SIZE) == 1 && n == CACHE_HASH_SIZE;
  if (ctx) cr->EVP_MAC_CTX_free(ctx);
  if (mac) cr->EVP_MAC_free(mac);
  return ok;
}

/* In constant time: how much of a MAC matched must not leak. */
bool cache_mac_equal(const uint8_t a[CACHE_HASH_SIZE], const uint8_t b[CACHE_HASH_SIZE]) {
  return crypto()->CRYPTO_memcmp(a, b, CACHE_HASH_SIZE) == 0;
}
