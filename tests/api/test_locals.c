/*
 * test_locals.c - locals start at zero even though the frame zeroes only
 * those a read may find unassigned (compile.c, "Locals read before
 * written"). Each probe reads a local along a path that skips its write: an
 * if without else, an else that writes nothing, a br_if or br_table out of
 * the block before the write, a loop's first turn, a local past the 64 the
 * translator tracks, locals of every type. A driver first calls a function
 * that fills its locals with junk, then the probe at the same height, so the
 * probe's frame lies on the junk and any local left unzeroed shows. The
 * listing shows which probes zero and that fully written ones do not.
 */
#include "../common/api.h"

#define DIRTY_LOCALS 80
#define JUNK 0x5a5a5a5a

static const struct probe {
  const char *name;
  const char *locals;     /* after the one i32 param */
  const char *body;       /* returns an i32 */
  int32_t arg, want;
  bool zeroes;            /* whether its frame must zero a local */
} probes[] = {
  {"if_no_else", "i32", "(if (local.get 0) (then (local.set 1 (i32.const 7)))) (local.get 1)", 0, 0, true},
  {"if_no_else_taken", "i32", "(if (local.get 0) (then (local.set 1 (i32.const 7)))) (local.get 1)", 1, 7, true},
  {"else_writes_nothing", "i32",
   "(if (local.get 0) (then (local.set 1 (i32.const 7))) (else nop)) (local.get 1)", 0, 0, true},
  {"both_arms_write", "i32",
   "(if (local.get 0) (then (local.set 1 (i32.const 3))) (else (local.set 1 (i32.const 4)))) (local.get 1)",
   0, 4, false},
  {"br_if_skips_write", "i32",
   "(block (br_if 0 (local.get 0)) (local.set 1 (i32.const 5))) (local.get 1)", 1, 0, true},
  {"br_table_skips_write", "i32",
   "(block (block (br_table 0 1 (local.get 0))) (local.set 1 (i32.const 5))) (local.get 1)", 1, 0, true},
  {"br_table_both_write", "i32",
   "(block (block (br_table 0 1 (local.get 0))) (local.set 1 (i32.const 5)) (br 0)) "
   "(if (i32.eqz (local.get 0)) (then unreachable)) (local.set 1 (i32.const 6)) (local.get 1)", 1, 6, false},
  {"loop_first_turn", "i32 i32",
   /* local 2 keeps what local 1 held on the first turn; the write comes after */
   "(local.set 2 (i32.const -1)) "
   "(loop (if (i32.eq (local.get 2) (i32.const -1)) (then (local.set 2 (local.get 1)))) "
   "  (local.set 1 (i32.const 9)) "
   "  (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) "
   "(local.get 2)", 3, 0, true},
  {"written_in_loop_read_after", "i32",
   "(loop (local.set 1 (local.get 0)) (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) "
   "(local.get 1)", 3, 1, false},
  {"tee_then_read", "i32", "(drop (local.tee 1 (i32.const 11))) (local.get 1)", 0, 11, false},
  {"read_after_return_path", "i32",
   "(if (local.get 0) (then (return (i32.const 12)))) (local.set 1 (i32.const 13)) (local.get 1)", 0, 13, false},
  {"wide_types", "i64 f32 f64",
   "(i32.or (i32.or (i32.wrap_i64 (i64.or (local.get 1) (i64.shr_u (local.get 1) (i64.const 32)))) "
   "  (i32.reinterpret_f32 (local.get 2))) "
   "  (i32.wrap_i64 (i64.reinterpret_f64 (local.get 3))))", 0, 0, true},
  {"past_64", "", NULL, 0, 0, true},   /* 70 locals; reads the last: see probe_locals */
};
#define PROBES (sizeof probes / sizeof probes[0])

static const char *probe_locals(const struct probe *p, char *buf, size_t size) {
  if (p->body) return p->locals;
  int len = 0;
  for (int i = 0; i < 70; i++) len += snprintf(buf + len, size - len, " i32");
  return buf;
}

static void test_probes(husk_engine *e) {
  static char wat[1 << 16], many[512];
  int len = snprintf(wat, sizeof wat, "(module (func $dirty (param i32) (result i32) (local");
  for (int i = 0; i < DIRTY_LOCALS; i++) len += snprintf(wat + len, sizeof wat - len, " i64");
  len += snprintf(wat + len, sizeof wat - len, ")");
  for (int i = 1; i <= DIRTY_LOCALS; i++)
    len += snprintf(wat + len, sizeof wat - len, " (local.set %d (i64.const %lld))", i,
                    (long long)JUNK * 0x100000001ll);
  len += snprintf(wat + len, sizeof wat - len, " (i32.const 0))");
  for (size_t i = 0; i < PROBES; i++) {
    const struct probe *p = &probes[i];
    len += snprintf(wat + len, sizeof wat - len,
                    " (func $%s (param i32) (result i32) (local %s) %s)"
                    " (func (export \"%s\") (param i32) (result i32)"
                    "  (drop (call $dirty (local.get 0))) (call $%s (local.get 0)))",
                    p->name, probe_locals(p, many, sizeof many), p->body ? p->body : "(local.get 70)",
                    p->name, p->name);
  }
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *st;
  husk_instance *inst = instantiate(e, wat, &m, &st);
  if (!inst) return;
  char *listing = bytecode_listing(m);
  for (size_t i = 0; i < PROBES; i++) {
    const struct probe *p = &probes[i];
    husk_val arg = husk_val_i32(p->arg), result;
    husk_trap *t = husk_func_call(st, export_func(inst, p->name), &arg, 1, &result, 1);
    CHECK(!t && result.of.i32 == p->want, "%s(%d) = %d, want %d%s%s", p->name, p->arg,
          t ? -1 : result.of.i32, p->want, t ? ": " : "", t ? husk_trap_message(t) : "");
    husk_trap_delete(t);
    if (!listing) continue;
    /* Probe i is function 1 + 2i; its listing runs to the next "func[". */
    char head[32];
    snprintf(head, sizeof head, "func[%zu] ", 1 + 2 * i);
    const char *at = strstr(listing, head), *next = at ? strstr(at + 1, "func[") : NULL;
    const char *zero = at ? strstr(at, "  zero s") : NULL;
    bool zeroes = zero && (!next || zero < next);
    CHECK(at && zeroes == p->zeroes, "%s %s locals on entry", p->name, p->zeroes ? "zeroes" : "does not zero");
  }
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  test_probes(e);
  husk_engine_delete(e);
  return test_report("locals");
}
