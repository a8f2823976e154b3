/*
 * key.c - what names a cache entry.
 *
 * key = SHA-256(build hash, size of the module, module bytes), where the
 * build hash covers everything else that decides what translation produces
 * and whether this build can read the result. Two husk builds, machines or
 * configurations that could disagree about an entry never compute the same
 * key, so they never read each other's entries (and the entry format version
 * inside the file is checked as well).
 */
#include <string.h>

#include "cache/cache.h"
#include "cache/crypto.h"
#include "wasm/opinfo.h"
#include "wasm/serialize.h"

typedef EVP_MD_CTX hasher;

static void add(hasher *st, const void *p, size_t n) { crypto()->EVP_DigestUpdate(st, p, n); }

static void add_u64(hasher *st, uint64_t v) { add(st, &v, sizeof v); }

/* Strings with their length, so that no two lists hash alike. */
static void add_string(hasher *st, const char *s) {
  add_u64(st, strlen(s));
  add(st, s, strlen(s));
}

/*
 * THE place for configuration that changes translation. Every husk_config
 * field that compile.c reads must be hashed here, or engines configured
 * differently would share entries and run code translated for the other.
 * (Limits checked at run time, such as max_call_depth, do not belong here.)
 */
static void add_translation_settings(hasher *st, const husk_config *config) {
  add_u64(st, config->consume_fuel);
  add_u64(st, config->interruptible);
  add_u64(st, config->guard_pages);
}

/* SHA-256 (hardware-accelerated where the CPU has it: the key of a large
 * module costs a few milliseconds). Both return false only when out of
 * memory. */
static hasher *hash_start(void) {
  const crypto_api *cr = crypto();
  hasher *st = cr ? cr->EVP_MD_CTX_new() : NULL;
  if (st && cr->EVP_DigestInit_ex(st, cr->EVP_sha256(), NULL) != 1) {
    cr->EVP_MD_CTX_free(st);
    st = NULL;
  }
  return st;
}

static bool hash_end(hasher *st, uint8_t out[CACHE_HASH_SIZE]) {
  unsigned int n = 0;
  bool ok = crypto()->EVP_DigestFinal_ex(st, out, &n) == 1 && n == CACHE_HASH_SIZE;
  crypto()->EVP_MD_CTX_free(st);
  return ok;
}

bool cache_build_hash(const husk_config *config, const void *const *labels,
                      uint8_t out[CACHE_HASH_SIZE]) {
  hasher *st = hash_start();
  if (!st) return false;
  add_string(st, "husk compiled-module cache");
  add_string(st, HUSK_VERSION);
  add_u64(st, CACHE_ENTRY_VERSION);
  add_u64(st, SERIALIZE_FORMAT_VERSION);

  /* The machine: entries hold native-endian values and cell layouts. */
  const uint32_t order = 0x01020304;
  add(st, &order, sizeof order);
  add_u64(st, sizeof(void *));
  add_u64(st, sizeof(cell));

  /* The instruction set: numbering, lengths and operand kinds. */
  add_u64(st, OP_COUNT);
  for (int op = 0; op < OP_COUNT; op++) {
    add_string(st, op_names[op]);
    add_u64(st, op_info[op].cells);
    add_string(st, op_info[op].operands);
  }

  /* The interpreter's build: where its handlers lie relative to each other.
   * Any change to interp.c, the compiler or its flags (a sanitizer build, say)
   * moves them, which keeps such builds apart even at the same version. It is
   * a heuristic on top of the version, not a replacement for bumping
   * SERIALIZE_FORMAT_VERSION when translation changes. */
  for (int op = 0; op < OP_COUNT; op++)
    add_u64(st, (uint64_t)((uintptr_t)labels[op] - (uintptr_t)labels[0]));

  add_translation_settings(st, config);
  return hash_end(st, out);
}

bool cache_key_of(const uint8_t build[CACHE_HASH_SIZE], const uint8_t *bytes, size_t size,
                  cache_key *out) {
  hasher *st = hash_start();
  if (!st) return false;
  add(st, build, CACHE_HASH_SIZE);
  add_u64(st, size);
  add(st, bytes, size);
  return hash_end(st, out->hash);
}

void cache_key_hex(const cache_key *key, char out[2 * CACHE_HASH_SIZE + 1]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < CACHE_HASH_SIZE; i++) {
    out[2 * i] = digits[key->hash[i] >> 4];
    out[2 * i + 1] = digits[key->hash[i] & 15];
  }
  out[2 * CACHE_HASH_SIZE] = '\0';
}
