/*
 * entry.c - the file format of one cache entry.
 *
 *   header (96 bytes, native byte order: the key already pins the machine)
 *     magic "huskhkc\0", format version, reserved (0),
 *     the entry's key, payload size, stored (compressed) size,
 *     MAC: HMAC-SHA-256 over the header up to the MAC and the stored bytes
 *   stored bytes: the payload (serialize.c's form) as one zstd frame
 *
 * Decoding checks, in order: size and layout, format version, that the key
 * inside is the key looked up (so a file renamed to another module's name is
 * refused), the MAC (before decompressing anything: zstd never sees bytes an
 * attacker made), and that decompression yields exactly the recorded size.
 * A file written partly, cut short, flipped or forged fails one of them.
 *
 * Payloads are compressed and decompressed as streams (serialize.h's sink
 * and source), so the uncompressed payload, several times the module's size,
 * never sits whole in memory: a cached load touches little memory besides
 * the module it builds.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "cache/libzstd.h"
#include "wasm/serialize.h"

#define ZSTD_LEVEL 3
/* No payload is this large: modules are at most 4 GiB, their translation a
 * few times that. */
#define MAX_PAYLOAD ((uint64_t)16 << 30)

static const char MAGIC[8] = "huskhkc";

typedef struct entry_header {
  char magic[8];
  uint32_t version;
  uint32_t reserved;
  uint8_t key[CACHE_HASH_SIZE];
  uint64_t payload_size;
  uint64_t stored_size;
  uint8_t mac[CACHE_HASH_SIZE];
} entry_header;

_Static_assert(sizeof(entry_header) == 96, "entry header has padding");
#define MAC_COVERS offsetof(entry_header, mac)

/* ------------------------------------------------------------ writing */

typedef struct encoder {
  const zstd_api *lib;
  ZSTD_CCtx *z;
  uint8_t *file;               /* header space, then the compressed payload */
  size_t len, cap;
  uint64_t payload_size;
} encoder;

/* Compresses data onto the end of the file; mode ZSTD_e_end closes the frame. */
static bool compress(encoder *enc, const uint8_t *data, size_t size, ZSTD_EndDirective mode) {
  ZSTD_inBuffer in = {data, size, 0};
  for (;;) {
    if (enc->cap - enc->len < enc->lib->ZSTD_CStreamOutSize()) {
      size_t cap = enc->cap * 2;
      uint8_t *bigger = realloc(enc->file, cap);
      if (!bigger) return false;
      enc->file = bigger;
      enc->cap = cap;
    }
    ZSTD_outBuffer out = {enc->file, enc->cap, enc->len};
    size_t r = enc->lib->ZSTD_compressStream2(enc->z, &out, &in, mode);
    enc->len = out.pos;
    if (enc->lib->ZSTD_isError(r)) return false;
    if (mode == ZSTD_e_end ? r == 0 : in.pos == in.size) return true;
  }
}

static bool sink_write(void *ctx, const uint8_t *data, size_t size) {
  encoder *enc = ctx;
  enc->payload_size += size;
  return compress(enc, data, size, ZSTD_e_continue);
}

uint8_t *entry_encode(const cache_key *key, const uint8_t *secret, size_t secret_size,
                      entry_producer produce, void *arg, size_t *file_size) {
  const zstd_api *lib = zstd();
  if (!lib) return NULL;
  encoder enc = {
      .lib = lib, .z = lib->ZSTD_createCCtx(), .cap = 1 << 20, .len = sizeof(entry_header)};
  enc.file = malloc(enc.cap);
  serial_sink sink = {sink_write, &enc};
  bool ok = enc.z && enc.file &&
            !lib->ZSTD_isError(
                lib->ZSTD_CCtx_setParameter(enc.z, ZSTD_c_compressionLevel, ZSTD_LEVEL)) &&
            produce(arg, &sink) && compress(&enc, NULL, 0, ZSTD_e_end);
  lib->ZSTD_freeCCtx(enc.z);
  if (!ok) {
    free(enc.file);
    return NULL;
  }
  entry_header h = {.version = CACHE_ENTRY_VERSION,
                    .payload_size = enc.payload_size,
                    .stored_size = enc.len - sizeof h};
  memcpy(h.magic, MAGIC, sizeof h.magic);
  memcpy(h.key, key->hash, CACHE_HASH_SIZE);
  if (!cache_mac(secret, secret_size, (const uint8_t *)&h, MAC_COVERS, enc.file + sizeof h,
                 h.stored_size, h.mac)) {
    free(enc.file);
    return NULL;
  }
  memcpy(enc.file, &h, sizeof h);
  *file_size = enc.len;
  return enc.file;
}

/* ------------------------------------------------------------ reading */

typedef struct decoder {
  const zstd_api *lib;
  ZSTD_DCtx *z;
  ZSTD_inBuffer in;
  bool ended;                  /* the frame is complete */
  bool failed;                 /* damaged or cut short */
} decoder;

static size_t source_read(void *ctx, uint8_t *buf, size_t cap) {
  decoder *dec = ctx;
  ZSTD_outBuffer out = {buf, cap, 0};
  while (out.pos < cap && !dec->ended && !dec->failed) {
    size_t in_before = dec->in.pos, out_before = out.pos;
    size_t r = dec->lib->ZSTD_decompressStream(dec->z, &out, &dec->in);
    if (dec->lib->ZSTD_isError(r)) dec->failed = true;
    else if (r == 0) dec->ended = true;
    else if (dec->in.pos == in_before && out.pos == out_before) dec->failed = true;
  }
  return out.pos;
}

bool entry_decode(const cache_key *key, const uint8_t *secret, size_t secret_size,
                  const uint8_t *file, size_t file_size, entry_consumer consume, void *arg) {
  entry_header h;
  if (file_size < sizeof h) return false;
  memcpy(&h, file, sizeof h);
  const uint8_t *stored = file + sizeof h;
  if (memcmp(h.magic, MAGIC, sizeof h.magic) != 0 || h.version != CACHE_ENTRY_VERSION ||
      h.reserved != 0 || memcmp(h.key, key->hash, CACHE_HASH_SIZE) != 0 ||
      h.stored_size != file_size - sizeof h || h.payload_size > MAX_PAYLOAD)
    return false;

  uint8_t mac[CACHE_HASH_SIZE];
  if (!cache_mac(secret, secret_size, file, MAC_COVERS, stored, h.stored_size, mac) ||
      !cache_mac_equal(mac, h.mac))
    return false;

  /* Authentic from here on; still checked, as any input is: the payload
   * must be exactly the recorded size and the frame must end with it. */
  const zstd_api *lib = zstd();
  if (!lib) return false;
  decoder dec = {.lib = lib, .z = lib->ZSTD_createDCtx(), .in = {stored, h.stored_size, 0}};
  serial_source source = {source_read, &dec, h.payload_size};
  bool ok = dec.z && consume(arg, &source) && !dec.failed;
  uint8_t extra;
  ok = ok && source_read(&dec, &extra, 1) == 0 && dec.ended && dec.in.pos == dec.in.size;
  lib->ZSTD_freeDCtx(dec.z);
  return ok;
}
