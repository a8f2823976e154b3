/*
 * cache.c - the compiled-module cache on the command line:
 *   husk cache stats [--json] [--cache-dir DIR]   entries, bytes, hits, misses
 *   husk cache clear [--cache-dir DIR]            removes every entry
 * and the cache that `husk run` uses (on by default, in the default
 * directory; --cache-dir DIR, --no-cache).
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* The library never prints: its one warning per engine comes here. */
static void warn(void *unused, const char *message) {
  (void)unused;
  cli_error("warning: %s", message);
}

/* A cache config for dir (NULL: the default), or NULL when out of memory. */
static husk_cache_config *cache_config(const char *dir) {
  husk_cache_config *c = husk_cache_config_new();
  if (c) {
    husk_cache_config_warning(c, warn, NULL);
    if (dir) husk_cache_config_directory(c, dir);
  }
  return c;
}

void cli_cache_configure(husk_config *config, const cli_run_options *o) {
  if (o->no_cache) return;             /* a config has no cache until given one */
  husk_cache_config *c = cache_config(o->cache_dir);
  if (!c) {
    cli_error("warning: out of memory; compiled-module cache disabled");
    return;
  }
  if (o->cache_min_size_set) husk_cache_config_min_module_size(c, o->cache_min_size);
  husk_config_cache(config, c);
  husk_cache_config_delete(c);
}

/* JSON string contents: the directory may hold quotes or control bytes. */
static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') printf("\\%c", ch);
    else if (ch < 0x20) printf("\\u%04x", ch);
    else putchar(ch);
  }
  putchar('"');
}

static int show_stats(const husk_cache_config *c, bool json) {
  husk_cache_stats st;
  husk_error *err = husk_cache_stats_read(c, &st);
  if (err) {
    cli_error("cache: %s", husk_error_message(err));
    husk_error_delete(err);
    return CLI_TRAP;
  }
  char dir[4096];
  husk_cache_config_directory_path(c, dir, sizeof dir);
  if (json) {
    printf("{\"directory\": ");
    print_json_string(dir);
    printf(", \"entries\": %" PRIu64 ", \"bytes\": %" PRIu64 ", \"capacity\": %" PRIu64
           ", \"hits\": %" PRIu64 ", \"misses\": %" PRIu64 "}\n",
           st.entries, st.bytes, st.capacity, st.hits, st.misses);
  } else {
    printf("directory: %s\nentries:   %" PRIu64 "\nbytes:     %" PRIu64 "\ncapacity:  %" PRIu64
           "\nhits:      %" PRIu64 "\nmisses:    %" PRIu64 "\n",
           dir, st.entries, st.bytes, st.capacity, st.hits, st.misses);
  }
  return CLI_OK;
}

static int clear(const husk_cache_config *c) {
  husk_error *err = husk_cache_clear(c);
  if (err) {
    cli_error("cache: %s", husk_error_message(err));
    husk_error_delete(err);
    return CLI_TRAP;
  }
  return CLI_OK;
}

int cli_cache(int argc, char **argv) {
  if (argc < 2 || (strcmp(argv[1], "stats") != 0 && strcmp(argv[1], "clear") != 0)) {
    cli_error("cache: expected 'stats' or 'clear' (see husk --help)");
    return CLI_USAGE;
  }
  bool stats = strcmp(argv[1], "stats") == 0, json = false;
  const char *dir = NULL;
  for (int i = 2; i < argc; i++) {
    if (stats && strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (strncmp(argv[i], "--cache-dir=", 12) == 0) {
      dir = argv[i] + 12;
    } else if (strcmp(argv[i], "--cache-dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else {
      cli_error("cache %s: unexpected '%s' (see husk --help)", argv[1], argv[i]);
      return CLI_USAGE;
    }
  }
  husk_cache_config *c = cache_config(dir);
  if (!c) {
    cli_error("out of memory");
    return CLI_TRAP;
  }
  int status = stats ? show_stats(c, json) : clear(c);
  husk_cache_config_delete(c);
  return status;
}
