#!/usr/bin/env python3
"""gen-big.py N OUT.c - writes a C program of N generated functions (loops,
switches, table lookups, calls to earlier functions) whose wasm32-wasi build
has several megabytes of code: the "large module" of the cache measurements
(tests/cache/bench-cache.sh). Deterministic: the same N gives the same file."""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(1234)
out = ["#include <stdio.h>", "static unsigned tbl[256];", "static double dt[64];"]
for i in range(n):
    out.append(f"__attribute__((noinline)) unsigned f{i}(unsigned x, unsigned y);")
for i in range(n):
    k = [rng.randrange(1, 1 << 31) for _ in range(12)]
    cases = []
    for c in range(8):
        op = rng.choice(["acc += tbl[(acc >> {s}) & 255] * {k}u;",
                         "acc ^= (acc << {s}) | {k}u;",
                         "acc = acc * {k}u + y;",
                         "dt[acc & 63] += (double)acc / {k}.0; acc += (unsigned)dt[(acc >> 3) & 63];",
                         "tbl[acc & 255] = acc ^ {k}u;",
                         "acc = (acc >> {s}) | (acc << (32 - {s}));"])
        cases.append(f"      case {c}: " + op.format(s=rng.randrange(1, 31), k=k[c]) + " break;")
    call = ""
    if i > 0:
        j = rng.randrange(max(0, i - 50), i)
        call = f"  if ((acc & 15) == {rng.randrange(16)}) acc += f{j}(acc, y >> 1);"
    out.append(f"""unsigned f{i}(unsigned x, unsigned y) {{
  unsigned acc = x ^ {k[8]}u;
  for (unsigned k = 0; k < (y & 7) + 1; k++) {{
    switch ((acc + k * {k[9]}u) & 7) {{
{chr(10).join(cases)}
    }}
    if (acc % {k[10] % 97 + 2}u == 0) acc += {k[11]}u;
  }}
{call}
  return acc;
}}""")
# Every function is called once (through a table, so none is optimised out
# or dropped by the linker), which keeps the run short next to compiling.
out.append("static unsigned (*const fns[])(unsigned, unsigned) = {")
out.append(",\n".join(f"  f{i}" for i in range(n)))
out.append("};")
out.append("int main(void) {\n  unsigned s = 0;")
out.append(f"  for (unsigned i = 0; i < {n}; i++) s += fns[i](s, 5);")
out.append('  printf("%u\\n", s);\n  return 0;\n}')
open(sys.argv[2], "w").write("\n".join(out) + "\n")
