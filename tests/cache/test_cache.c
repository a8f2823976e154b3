/*
 * test_cache.c - cache_test_cache SAMPLE.wasm: the compiled-module cache
 * through the API, with a look inside where a check needs it.
 *
 * Everything happens under a fresh temporary directory, which also stands in
 * for HOME and the XDG directories, so the user's own cache and key are
 * never touched.
 */
#include "common.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/cache.h"
#include "wasm/opinfo.h"
#include "wasm/serialize.h"

static char root[64];
static uint8_t *sample;
static size_t sample_size;
static char *reference;        /* what the sample's exports do, compiled normally */

static const uint8_t test_key[32] = "0123456789abcdef0123456789abcdef";

/* ------------------------------------------------------------ helpers */

static char *path_in(const char *name) {
  static char paths[8][256];
  static int next;
  char *p = paths[next++ % 8];
  snprintf(p, 256, "%s/%s", root, name);
  return p;
}

static int warnings;
static char last_warning[512];
static void on_warning(void *data, const char *message) {
  (void)data;
  warnings++;
  snprintf(last_warning, sizeof last_warning, "%s", message);
}

/* A cache config in root/dir with the test key (or the key file when
 * key_file is set). */
static husk_cache_config *config_for(const char *dir, uint64_t capacity) {
  husk_cache_config *c = husk_cache_config_new();
  husk_cache_config_directory(c, path_in(dir));
  husk_cache_config_key(c, test_key, sizeof test_key);
  husk_cache_config_min_module_size(c, 0);   /* the test modules are tiny */
  if (capacity) husk_cache_config_capacity(c, capacity);
  husk_cache_config_warning(c, on_warning, NULL);
  return c;
}

/* The sample with a custom section "pad" holding `n` pseudo-random bytes
 * seeded by `variant` appended: a distinct module that behaves the same. */
static uint8_t *variant(uint32_t v, size_t n, size_t *size) {
  uint8_t *b = malloc(sample_size + n + 16);
  memcpy(b, sample, sample_size);
  size_t at = sample_size;
  b[at++] = 0;                                  /* custom section */
  uint32_t len = 4 + (uint32_t)n;               /* name "pad" + contents */
  do {
    uint8_t byte = len & 0x7f;
    len >>= 7;
    b[at++] = byte | (len ? 0x80 : 0);
  } while (len);
  b[at++] = 3;
  memcpy(b + at, "pad", 3);
  at += 3;
  uint32_t x = v * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    b[at++] = (uint8_t)x;
  }
  *size = at;
  return b;
}

/* Compiles bytes in e, checks the module behaves like the sample, and
 * returns whether it came from the cache. */
static bool load_and_check(husk_engine *e, const uint8_t *bytes, size_t size) {
  husk_cache_stats before, after;
  husk_engine_cache_stats(e, &before);
  husk_module *m = NULL;
  husk_error *err = husk_module_new(e, bytes, size, &m);
  CHECK(!err);
  husk_error_delete(err);
  if (!m) return false;
  char *run = run_exports(e, m, false);
  CHECK(strcmp(run, reference) == 0);
  free(run);
  husk_module_delete(m);
  husk_engine_cache_stats(e, &after);
  return after.hits > before.hits;
}

/* One engine for one load: hit or not. */
static bool fresh_load(const husk_cache_config *c, const uint8_t *bytes, size_t size) {
  husk_engine *e = new_engine(c, false);
  bool hit = load_and_check(e, bytes, size);
  husk_engine_delete(e);
  return hit;
}

/* The entry file of bytes in an engine of config c. */
static char *entry_path(const husk_cache_config *c, const uint8_t *bytes, size_t size) {
  static char path[512];
  husk_engine *e = new_engine(c, false);
  cache_key key;
  char hex[2 * CACHE_HASH_SIZE + 1];
  cache_key_of(engine_cache(e)->build, bytes, size, &key);
  cache_key_hex(&key, hex);
  snprintf(path, sizeof path, "%s/%s%s", engine_cache(e)->dir, hex, ENTRY_SUFFIX);
  husk_engine_delete(e);
  return path;
}

static husk_cache_stats dir_stats(const husk_cache_config *c) {
  husk_cache_stats st;
  husk_error *err = husk_cache_stats_read(c, &st);
  CHECK(!err);
  husk_error_delete(err);
  return st;
}

/* Loads in a new engine and returns how many entries it rejected. */
static uint64_t rejected_by_load(const husk_cache_config *c, const uint8_t *bytes, size_t size,
                                 bool *hit) {
  husk_engine *e = new_engine(c, false);
  *hit = load_and_check(e, bytes, size);
  uint64_t n = atomic_load(&engine_cache(e)->rejected);
  husk_engine_delete(e);
  return n;
}

/* A payload as entry_encode's producer and entry_decode's consumer see it. */
typedef struct blob { uint8_t *data; size_t size; } blob;

static bool take_payload(void *arg, const serial_source *source) {
  blob *b = arg;
  b->size = (size_t)source->size;
  b->data = malloc(b->size + 1);
  for (size_t got = 0, n; got < b->size; got += n)
    if ((n = source->read(source->ctx, b->data + got, b->size - got)) == 0) return false;
  return true;
}

static bool give_payload(void *arg, const serial_sink *sink) {
  const blob *b = arg;
  return sink->write(sink->ctx, b->data, b->size);
}

/* ------------------------------------------------------------ tests */

/* Compile, store, load in another engine: same behaviour, counted. */
static void test_roundtrip(void) {
  husk_cache_config *c = config_for("roundtrip", 0);
  CHECK(!fresh_load(c, sample, sample_size));
  CHECK(fresh_load(c, sample, sample_size));
  CHECK(fresh_load(c, sample, sample_size));
  husk_cache_stats st = dir_stats(c);
  CHECK(st.entries == 1 && st.bytes > 96);
  CHECK(st.hits == 2 && st.misses == 1);

  /* One engine, two loads: the second is a hit too. */
  husk_engine *e = new_engine(c, false);
  CHECK(load_and_check(e, sample, sample_size));
  husk_cache_stats mine;
  husk_engine_cache_stats(e, &mine);
  CHECK(mine.hits == 1 && mine.misses == 0);
  husk_engine_delete(e);

  /* A module of several megabytes (the entry leaves its bytes out). */
  size_t big_size;
  uint8_t *big = variant(9, 3 << 20, &big_size);
  CHECK(!fresh_load(c, big, big_size));
  CHECK(fresh_load(c, big, big_size));
  free(big);

  /* Validation alone neither reads nor writes the cache. */
  e = new_engine(c, false);
  husk_error_delete(husk_module_validate(e, sample, sample_size));
  husk_engine_cache_stats(e, &mine);
  CHECK(mine.hits == 0 && mine.misses == 0);
  husk_engine_delete(e);

  /* Clearing removes the entries and the counts. */
  husk_error *err = husk_cache_clear(c);
  CHECK(!err);
  husk_error_delete(err);
  st = dir_stats(c);
  CHECK(st.entries == 0 && st.bytes == 0 && st.hits == 0 && st.misses == 0);
  CHECK(!fresh_load(c, sample, sample_size));
  husk_cache_config_delete(c);
  CHECK(warnings == 0);
}

/* Every way of damaging an entry file is noticed: the load recompiles, and
 * the entry it writes back is the intact one. */
static void test_damaged_entries(void) {
  husk_cache_config *c = config_for("damaged", 0);
  CHECK(!fresh_load(c, sample, sample_size));
  char path[512];
  snprintf(path, sizeof path, "%s", entry_path(c, sample, sample_size));
  size_t size;
  uint8_t *good = read_file(path, &size);
  CHECK(good && size > 200);
  if (!good) return;
  uint8_t *bad = malloc(size + 1);

  size_t cuts[] = {0, 1, 50, 95, 96, 97, size / 2, size - 1};
  size_t flips[] = {0, 8, 12, 16, 47, 48, 56, 64, 95, 96, 100, size / 2, size - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof *cuts + sizeof flips / sizeof *flips + 1; i++) {
    size_t n = size;
    memcpy(bad, good, size);
    if (i < sizeof cuts / sizeof *cuts) n = cuts[i];                      /* truncated */
    else if (i < sizeof cuts / sizeof *cuts + sizeof flips / sizeof *flips)
      bad[flips[i - sizeof cuts / sizeof *cuts]] ^= 0x20;                /* corrupted */
    else bad[n++] = 0;                                                    /* grown */
    CHECK(write_file(path, bad, n));
    bool hit;
    uint64_t rejected = rejected_by_load(c, sample, sample_size, &hit);
    if (hit || rejected != 1) fprintf(stderr, "  damage #%zu went unnoticed\n", i);
    CHECK(!hit && rejected == 1);
    size_t again_size;
    uint8_t *again = read_file(path, &again_size);
    CHECK(again && again_size == size && memcmp(again, good, size) == 0);
    free(again);
  }
  CHECK(fresh_load(c, sample, sample_size));

  /* An entry of another format version, MAC and all: refused. */
  memcpy(bad, good, size);
  bad[8] ^= 1;                                   /* version */
  cache_mac(test_key, sizeof test_key, bad, 64, bad + 96, size - 96, bad + 64);
  CHECK(write_file(path, bad, size));
  bool hit;
  CHECK(rejected_by_load(c, sample, sample_size, &hit) == 1 && !hit);

  /* Another module's entry under this module's name: refused (the key
   * inside differs), and the right module is compiled. */
  size_t other_size;
  uint8_t *other = variant(1, 10, &other_size);
  CHECK(!fresh_load(c, other, other_size));
  const char *other_path = entry_path(c, other, other_size);
  size_t swapped_size;
  uint8_t *swapped = read_file(other_path, &swapped_size);
  CHECK(swapped && write_file(path, swapped, swapped_size));
  CHECK(rejected_by_load(c, sample, sample_size, &hit) == 1 && !hit);
  free(swapped);
  free(other);

  /* Forged: a real payload, altered, authenticated with another key (an
   * attacker who can write the directory but not read the key file). */
  CHECK(write_file(path, good, size));
  cache_key key;
  memcpy(key.hash, good + 16, CACHE_HASH_SIZE);
  blob payload = {0};
  CHECK(entry_decode(&key, test_key, sizeof test_key, good, size, take_payload, &payload));
  if (payload.data) {
    payload.data[payload.size - 20] ^= 0x01;     /* inside the last function's code */
    uint8_t other_key[32];
    memset(other_key, 7, sizeof other_key);
    size_t forged_size;
    uint8_t *forged = entry_encode(&key, other_key, sizeof other_key, give_payload, &payload,
                                   &forged_size);
    CHECK(forged && write_file(path, forged, forged_size));
    CHECK(rejected_by_load(c, sample, sample_size, &hit) == 1 && !hit);
    /* The same with the right key is accepted by the MAC, and then it is
     * the loader's checks or the content comparison that must cope. */
    free(forged);
    free(payload.data);
  }
  CHECK(warnings == 0);
  /* A directory where the entry should be is ignored; replacing it fails,
   * which turns the engine's cache off with its one warning. */
  unlink(path);
  CHECK(mkdir(path, 0700) == 0);
  CHECK(rejected_by_load(c, sample, sample_size, &hit) == 1 && !hit);
  CHECK(warnings == 1 && strstr(last_warning, "cannot write"));
  rmdir(path);
  warnings = 0;
  free(bad);
  free(good);
  husk_cache_config_delete(c);
}

/* Engines whose settings change translation use different entries. */
static void test_translation_settings(void) {
  husk_cache_config *c = config_for("settings", 0);
  for (int round = 0; round < 2; round++) {
    for (int fuel = 0; fuel < 2; fuel++) {
      husk_engine *e = new_engine(c, fuel);
      husk_module *m = NULL;
      husk_error_delete(husk_module_new(e, sample, sample_size, &m));
      CHECK(m != NULL);
      husk_cache_stats st;
      husk_engine_cache_stats(e, &st);
      CHECK(st.hits == (uint64_t)round);
      husk_module_delete(m);
      husk_engine_delete(e);
    }
  }
  CHECK(dir_stats(c).entries == 2);
  husk_cache_config_delete(c);
}

/* The loader's own checks, on serialized forms altered by hand. Each
 * alteration is made in a compiled module's code (then put back), so that
 * it is exactly the one intended. */

static int op_at(const husk_engine *e, const cell *c) {
  for (int op = 0; op < OP_COUNT; op++)
    if (e->op_labels[op] == c->op) return op;
  return -1;
}

/* The first instruction (from function `from` on) whose operand kinds
 * contain `kind`; its operand number in *half. */
static bool find_operand(const husk_module *m, char kind, uint32_t *func, uint32_t *pc,
                         uint32_t *half) {
  for (uint32_t f = 0; f < m->wasm->code_count; f++) {
    const compiled_func *cf = &m->funcs[f];
    for (uint32_t p = 0; p < cf->code_cells;) {
      int op = op_at(m->engine, &cf->code[p]);
      const char *k = op_info[op].operands;
      if (*k == 'M') k++;
      const char *hit = strchr(k, kind);
      if (hit) {
        *func = f, *pc = p, *half = (uint32_t)(hit - k);
        return true;
      }
      p += (uint32_t)op_length(op, &cf->code[p]);
    }
  }
  return false;
}

/* The first instruction with op `op` in m's code, or NULL. */
static cell *find_op(const husk_engine *e, husk_module *m, int op) {
  for (uint32_t f = 0; f < m->wasm->code_count; f++) {
    compiled_func *cf = &m->funcs[f];
    for (uint32_t p = 0; p < cf->code_cells; p += (uint32_t)op_length(op_at(e, &cf->code[p]), &cf->code[p]))
      if (op_at(e, &cf->code[p]) == op) return &cf->code[p];
  }
  return NULL;
}

/* Serializes m and expects the loader to refuse it. */
static void expect_refused(husk_engine *e, const husk_module *m, const char *what) {
  size_t size;
  uint8_t *blob = module_serialize(m, &size);
  CHECK(blob != NULL);
  husk_module *loaded = NULL;
  const char *msg = blob ? module_deserialize(e, blob, size, &loaded) : "no blob";
  if (!msg) fprintf(stderr, "  loader accepted: %s\n", what);
  CHECK(msg != NULL && loaded == NULL);
  husk_module_delete(loaded);
  free(blob);
}

/* A source that hands out a whole buffer in as few pieces as asked. */
static size_t whole_read(void *ctx, uint8_t *buf, size_t cap) {
  blob *b = ctx;
  size_t n = cap < b->size ? cap : b->size;
  memcpy(buf, b->data, n);
  b->data += n;
  b->size -= n;
  return n;
}

/* Reading a form with parts larger than the stream's window (the module's
 * bytes, here), which bypass it. */
static void test_large_form(void) {
  husk_engine *e = new_engine(NULL, false);
  size_t size, form_size;
  uint8_t *bytes = variant(9, 3 << 20, &size);
  husk_module *m = NULL, *loaded = NULL;
  husk_error_delete(husk_module_new(e, bytes, size, &m));
  uint8_t *form = m ? module_serialize(m, &form_size) : NULL;
  CHECK(form != NULL);
  if (form) {
    blob b = {form, form_size};
    serial_source source = {whole_read, &b, form_size};
    CHECK(module_deserialize_from(e, &source, NULL, 0, &loaded) == NULL && loaded);
    CHECK(loaded && loaded->wasm->size == size && memcmp(loaded->wasm->bytes, bytes, size) == 0);
  }
  husk_module_delete(loaded);
  husk_module_delete(m);
  free(form);
  free(bytes);
  husk_engine_delete(e);
}

static void test_loader_checks(void) {
  husk_engine *e = new_engine(NULL, false);
  husk_module *m = NULL;
  husk_error_delete(husk_module_new(e, sample, sample_size, &m));
  CHECK(m != NULL);
  if (!m) return;
  size_t size;
  uint8_t *blob = module_serialize(m, &size);
  husk_module *loaded = NULL;
  CHECK(blob && module_deserialize(e, blob, size, &loaded) == NULL && loaded);
  husk_module_delete(loaded);

  /* Operands out of range, one kind at a time. */
  static const struct { char kind; const char *what; } cases[] = {
    {'s', "slot past the frame"}, {'o', "branch into an instruction"},
    {'n', "br_table target outside the function"}, {'F', "call to no function"},
    {'b', "call frame past the frame"}, {'g', "unknown global"},
    {'t', "unknown table"}, {'d', "unknown data segment"}, {'e', "unknown element segment"},
    {'f', "unknown function"}, {'T', "unknown type"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    uint32_t f, pc, half;
    if (!find_operand(m, cases[i].kind, &f, &pc, &half)) {
      fprintf(stderr, "  sample has no operand of kind %c\n", cases[i].kind);
      failures++;
      continue;
    }
    compiled_func *cf = &m->funcs[f];
    /* The cell altered: the operand's, or br_table's first offset cell. */
    cell *at = &cf->code[cases[i].kind == 'n' ? pc + 2 : pc + 1 + half / 2];
    cell saved = *at;
    uint32_t *v = &at->u32[half % 2];
    const wasm_module *w = m->wasm;
    switch (cases[i].kind) {
    case 's': case 'b': *v = cf->frame_slots; break;
    case 'o': *v = 1; break;
    case 'n': at->s32[0] = (int32_t)cf->code_cells; break;
    case 'F': at->ptr = &m->funcs[w->code_count]; break;
    case 'g': *v = w->global_count; break;
    case 't': *v = w->table_count; break;
    case 'd': *v = w->data_count; break;
    case 'e': *v = w->elem_count; break;
    case 'f': *v = w->func_count; break;
    case 'T': *v = UINT32_MAX; break;    /* no type has this canonical id */
    }
    if (cases[i].kind == 'T') {
      /* The writer cannot name such a type: it refuses to serialize. */
      size_t n;
      uint8_t *b = module_serialize(m, &n);
      CHECK(b == NULL);
      free(b);
    } else {
      expect_refused(e, m, cases[i].what);
    }
    *at = saved;
  }

  /* A loop op whose turn is not what its handler runs: another op in the
   * turn, or slots shared otherwise (the run's destination the count, a
   * funnel's word the index, a word loop's addresses not its own). */
  cell *turn = find_op(e, m, OP_move8_loop_down);
  CHECK(turn);   /* the sample has a move8_loop_down */
  if (turn) {
    cell saved = turn[HUSK_MOVE_LOOP_THIRD];
    turn[HUSK_MOVE_LOOP_THIRD].op = e->op_labels[OP_add_br_i32_eq_imm];
    expect_refused(e, m, "a loop op's turn ending in another branch");
    turn[HUSK_MOVE_LOOP_THIRD] = saved;
    saved = turn[5];
    turn[5].u32[0] = turn[HUSK_MOVE_LOOP_THIRD + 1].u32[1];
    expect_refused(e, m, "a loop op's run writing its count");
    turn[5] = saved;
  }
  turn = find_op(e, m, OP_move32_funnel_loop);
  CHECK(turn);   /* and a move32_funnel_loop */
  if (turn) {
    cell saved = turn[HUSK_FUNNEL_LOOP_TEST];
    turn[HUSK_FUNNEL_LOOP_TEST].op = e->op_labels[OP_add_br_i32_ne_imm];
    expect_refused(e, m, "a funnel loop's turn ending in another branch");
    turn[HUSK_FUNNEL_LOOP_TEST] = saved;
    cell *word = &turn[HUSK_FUNNEL_LOOP_MOVE(2) + 3];
    saved = *word;
    word->u32[0] = turn[1].u32[1];
    expect_refused(e, m, "a funnel loop's word loaded into its index");
    *word = saved;
  }
  turn = find_op(e, m, OP_move64x4_loop);
  CHECK(turn);   /* and the aligned word loops, up and down */
  if (turn) {
    cell *move = &turn[HUSK_WORD_LOOP_MOVE(2, 0) + 1], saved = *move;
    move->u32[1] = move->u32[0];
    expect_refused(e, m, "a word loop's move from another address");
    *move = saved;
    cell *step = &turn[HUSK_WORD_LOOP_MOVE(4, 0) + 1];
    saved = *step;
    step->u32[1] = turn[HUSK_WORD_LOOP_MOVE(4, 1) + 1].u32[1];
    expect_refused(e, m, "a word loop's address stepped from its count");
    *step = saved;
  }
  turn = find_op(e, m, OP_move32x4_loop_down);
  CHECK(turn);
  if (turn) {
    cell saved = turn[2];
    turn[2].u32[0] = turn[1].u32[0];
    expect_refused(e, m, "a down word loop's destination summed with itself");
    turn[2] = saved;
  }

  /* Frames too small for what entering and returning write. */
  compiled_func *f0 = &m->funcs[0];
  uint32_t saved_slots = f0->frame_slots;
  f0->frame_slots = f0->param_count + f0->local_count + f0->const_count - 1;
  expect_refused(e, m, "frame smaller than params + locals + constants");
  f0->frame_slots = saved_slots;
  f0->param_count++;
  expect_refused(e, m, "parameter count not the type's");
  f0->param_count--;

  /* Code that runs off its end: the final return cut off. */
  compiled_func *last = &m->funcs[m->wasm->code_count - 1];
  last->code_cells -= 1;
  expect_refused(e, m, "code falling off its end");
  last->code_cells += 1;

  /* Op numbers and lengths, patched into the serialized form: the last
   * function's code ends the payload. */
  size_t code_at = size - (size_t)last->code_cells * sizeof(cell);
  uint8_t *bad = malloc(size);
  const uint32_t patches[][3] = {     /* cell offset, half, value */
    {0, 0, OP_COUNT}, {0, 0, UINT32_MAX}, {0, 1, 1},
    {0, 0, OP_br_table}, {1, 1, UINT32_MAX},
  };
  for (size_t i = 0; i < sizeof patches / sizeof *patches; i++) {
    memcpy(bad, blob, size);
    if (i == 4) {                      /* br_table with n past the code */
      uint32_t op = OP_br_table;
      memcpy(bad + code_at, &op, 4);
    }
    memcpy(bad + code_at + patches[i][0] * 8 + patches[i][1] * 4, &patches[i][2], 4);
    loaded = NULL;
    CHECK(module_deserialize(e, bad, size, &loaded) != NULL && !loaded);
    husk_module_delete(loaded);
  }

  /* Any cut or random damage: refused or loaded, never a crash or a read
   * out of bounds (the sanitizer build checks). Half of the damage lands in
   * the code, where the module-level checks do not help. */
  for (size_t n = 0; n < size; n += n < 64 ? 1 : 97) {
    loaded = NULL;
    CHECK(module_deserialize(e, blob, n, &loaded) != NULL);
    husk_module_delete(loaded);
  }
  uint32_t x = 12345;
  for (int i = 0; i < 3000; i++) {
    memcpy(bad, blob, size);
    for (int k = 0; k < 1 + i % 4; k++) {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      size_t pos = (i % 2) ? code_at + x % (size - code_at) : x % size;
      bad[pos] ^= (uint8_t)(1u << (x >> 29));
    }
    loaded = NULL;
    module_deserialize(e, bad, size, &loaded);
    husk_module_delete(loaded);
  }
  free(bad);
  free(blob);
  husk_module_delete(m);
  husk_engine_delete(e);
}

/* A directory that cannot be used: one warning, no cache, loads work. */
static void test_unusable(void) {
  CHECK(write_file(path_in("not-a-dir"), (const uint8_t *)"x", 1));
  /* Permissions do not stop root: that case only runs for other users. */
  CHECK(mkdir(path_in("no-access"), 0) == 0);
  const char *dirs[] = {"not-a-dir", "not-a-dir/below", "no-access"};
  for (size_t i = 0; i < (geteuid() == 0 ? 2u : 3u); i++) {
    husk_cache_config *c = config_for(dirs[i], 0);
    warnings = 0;
    husk_engine *e = new_engine(c, false);
    CHECK(e != NULL && engine_cache(e) == NULL);
    CHECK(warnings == 1 && strstr(last_warning, "caching disabled"));
    CHECK(!load_and_check(e, sample, sample_size));
    CHECK(!load_and_check(e, sample, sample_size));
    CHECK(warnings == 1);
    husk_engine_delete(e);
    husk_cache_config_delete(c);
  }

  /* A full disk, as a file size limit: writes fail with EFBIG. */
  pid_t pid = fork();
  if (pid == 0) {
    failures = 0;
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {64, 64};
    setrlimit(RLIMIT_FSIZE, &lim);
    husk_cache_config *c = config_for("full", 0);
    warnings = 0;
    husk_engine *e = new_engine(c, false);
    for (uint32_t v = 0; v < 3; v++) {
      size_t n;
      uint8_t *b = variant(v, 100, &n);
      CHECK(!load_and_check(e, b, n));
      free(b);
    }
    CHECK(warnings == 1 && strstr(last_warning, "cannot write"));
    husk_engine_delete(e);
    husk_cache_config_delete(c);
    _exit(failures != 0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fprintf(stderr, "  child status 0x%x\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  warnings = 0;
}

/* The key file: created private on first use, refused when others can read
 * it; the default directories follow XDG. */
static void test_key_file_and_defaults(void) {
  husk_cache_config *c = husk_cache_config_new();
  husk_cache_config_warning(c, on_warning, NULL);
  husk_cache_config_min_module_size(c, 0);
  warnings = 0;
  CHECK(!fresh_load(c, sample, sample_size));
  CHECK(fresh_load(c, sample, sample_size));
  struct stat st;
  CHECK(stat(path_in("xdg-config/husk/cache.key"), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600 && st.st_size == 32);
  CHECK(stat(path_in("xdg-cache/husk"), &st) == 0 && S_ISDIR(st.st_mode));
  char dir[256];
  husk_cache_config_directory_path(c, dir, sizeof dir);
  CHECK(strcmp(dir, path_in("xdg-cache/husk")) == 0);
  CHECK(dir_stats(c).entries == 1);

  /* Another key, another MAC: the entry is not accepted. */
  husk_cache_config *other = husk_cache_config_new();
  husk_cache_config_min_module_size(other, 0);
  husk_cache_config_key_file(other, path_in("other.key"));
  bool hit;
  CHECK(rejected_by_load(other, sample, sample_size, &hit) == 1 && !hit);
  husk_cache_config_delete(other);

  chmod(path_in("xdg-config/husk/cache.key"), 0644);
  husk_engine *e = new_engine(c, false);
  CHECK(e && engine_cache(e) == NULL);
  CHECK(warnings == 1 && strstr(last_warning, "other users"));
  husk_engine_delete(e);
  chmod(path_in("xdg-config/husk/cache.key"), 0600);
  husk_cache_config_delete(c);
  warnings = 0;
}

static void test_config_errors(void) {
  struct { husk_cache_config *c; const char *msg; } cases[3];
  cases[0].c = husk_cache_config_capacity(husk_cache_config_new(), 0);
  cases[0].msg = "capacity";
  cases[1].c = husk_cache_config_key(husk_cache_config_new(), test_key, 3);
  cases[1].msg = "key";
  cases[2].c = husk_cache_config_directory(husk_cache_config_new(), "");
  cases[2].msg = "directory";
  for (int i = 0; i < 3; i++) {
    husk_config *config = husk_config_new();
    husk_config_cache(config, cases[i].c);
    husk_engine *e = NULL;
    husk_error *err = husk_engine_new(config, &e);
    CHECK(err && !e && strstr(husk_error_message(err), cases[i].msg));
    husk_error_delete(err);
    husk_cache_stats st;
    err = husk_cache_stats_read(cases[i].c, &st);
    CHECK(err != NULL);
    husk_error_delete(err);
    husk_config_delete(config);
    husk_cache_config_delete(cases[i].c);
  }
  /* Disabled: no directory is even created. */
  husk_cache_config *c = config_for("disabled", 0);
  husk_cache_config_disabled(c, true);
  husk_engine *e = new_engine(c, false);
  CHECK(e && engine_cache(e) == NULL);
  struct stat st;
  CHECK(stat(path_in("disabled"), &st) != 0);
  husk_engine_delete(e);
  husk_cache_config_delete(c);
}

/* Past the capacity, least recently used entries go. */
static void test_eviction(void) {
  husk_cache_config *probe = config_for("evict-probe", 0);
  size_t n;
  uint8_t *b = variant(0, 2000, &n);
  CHECK(!fresh_load(probe, b, n));
  uint64_t entry = dir_stats(probe).bytes;
  husk_cache_config_delete(probe);
  free(b);

  uint64_t capacity = entry * 7 / 2;              /* room for three */
  if (capacity < 4096) capacity = 4096;           /* the smallest allowed */
  husk_cache_config *c = config_for("evict", capacity);
  husk_engine *e = new_engine(c, false);
  size_t hot_size;
  uint8_t *hot = variant(0, 2000, &hot_size);
  CHECK(!load_and_check(e, hot, hot_size));
  for (uint32_t v = 1; v <= 10; v++) {
    b = variant(v, 2000, &n);
    CHECK(!load_and_check(e, b, n));
    free(b);
    husk_cache_stats st = dir_stats(c);
    CHECK(st.bytes <= capacity && st.entries >= 2);
    CHECK(load_and_check(e, hot, hot_size));      /* used: kept */
  }
  b = variant(1, 2000, &n);                       /* long unused: gone */
  CHECK(!load_and_check(e, b, n));
  free(b);
  free(hot);
  husk_engine_delete(e);
  husk_cache_config_delete(c);
}

/* Processes sharing a directory, writing, reading and evicting the same
 * entries at once, never read a damaged one. */
static void test_concurrency(void) {
  enum { PROCS = 6, ROUNDS = 25, VARIANTS = 8 };
  husk_cache_config *probe = config_for("concurrent-probe", 0);
  size_t n;
  uint8_t *b = variant(0, 2000, &n);
  CHECK(!fresh_load(probe, b, n));
  uint64_t capacity = dir_stats(probe).bytes * 4;
  if (capacity < 4096) capacity = 4096;
  husk_cache_config_delete(probe);
  free(b);

  husk_cache_config *c = config_for("concurrent", capacity);
  pid_t pids[PROCS];
  for (int p = 0; p < PROCS; p++) {
    if ((pids[p] = fork()) != 0) continue;
    failures = 0;
    uint32_t x = 777 + (uint32_t)p * 131;
    uint64_t rejected = 0, hits = 0;
    for (int r = 0; r < ROUNDS; r++) {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      b = variant(x % VARIANTS, 2000, &n);
      husk_engine *e = new_engine(c, false);
      hits += load_and_check(e, b, n);
      rejected += atomic_load(&engine_cache(e)->rejected);
      husk_engine_delete(e);
      free(b);
    }
    if (rejected) fprintf(stderr, "  process %d read %" PRIu64 " damaged entries\n", p, rejected);
    _exit(failures != 0 || rejected != 0 || warnings != 0 || hits == 0);
  }
  for (int p = 0; p < PROCS; p++) {
    int status = 0;
    waitpid(pids[p], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fprintf(stderr, "  child status 0x%x\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  husk_cache_stats st = dir_stats(c);
  CHECK(st.bytes <= capacity);
  CHECK(st.hits + st.misses == PROCS * ROUNDS);
  husk_cache_config_delete(c);
}

/* Every op has an entry whose operand kinds fit in its cells. */
static void test_op_table(void) {
  for (int op = 0; op < OP_COUNT; op++) {
    if (!op_info[op].cells) {
      fprintf(stderr, "  op %d has no entry in src/wasm/opinfo.c\n", op);
      failures++;
      continue;
    }
    const char *k = op_info[op].operands;
    CHECK(memchr(op_names[op], 0, OP_NAME_SIZE) && memchr(k, 0, OP_KINDS_SIZE));
    if (*k == 'M') k++;
    CHECK(strlen(k) <= 2u * (op_info[op].cells - 1u));
    CHECK(strspn(k, "soni0FITbfgtRde") == strlen(k));
  }
}

int main(int argc, char **argv) {
  if (argc != 2 || !(sample = read_file(argv[1], &sample_size))) {
    fprintf(stderr, "usage: cache_test_cache SAMPLE.wasm\n");
    return 2;
  }
  strcpy(root, "/tmp/husk-cache-test-XXXXXX");
  if (!mkdtemp(root)) return 2;
  setenv("HOME", root, 1);
  setenv("XDG_CACHE_HOME", path_in("xdg-cache"), 1);
  setenv("XDG_CONFIG_HOME", path_in("xdg-config"), 1);

  husk_engine *plain = new_engine(NULL, false);
  husk_module *m = NULL;
  husk_error *err = husk_module_new(plain, sample, sample_size, &m);
  if (err) {
    fprintf(stderr, "sample: %s\n", husk_error_message(err));
    return 2;
  }
  reference = run_exports(plain, m, false);
  husk_module_delete(m);
  husk_engine_delete(plain);

  static const struct { const char *name; void (*run)(void); } tests[] = {
    {"op table", test_op_table},
    {"round trip", test_roundtrip},
    {"damaged entries", test_damaged_entries},
    {"translation settings", test_translation_settings},
    {"loader checks", test_loader_checks},
    {"large form", test_large_form},
    {"unusable directory", test_unusable},
    {"key file and defaults", test_key_file_and_defaults},
    {"config errors", test_config_errors},
    {"eviction", test_eviction},
    {"concurrency", test_concurrency},
  };
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
    int before = failures;
    tests[i].run();
    bool ok = failures == before;
    printf("%s: %s\n", ok ? "ok" : "FAILED", tests[i].name);
    ok ? passed++ : failed++;
  }
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", root);
  free(reference);
  free(sample);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
