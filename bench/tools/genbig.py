#!/usr/bin/env python3
"""Writes a large C program to stdout, for measuring translation speed
(bench/README.md, "Translation speed"): N functions (default 6000) of
loops, table reads and writes, shifts and an 8-way switch, all called
through a function table so that none is dead. Deterministic (fixed seed).
Built with clang-14 --target=wasm32-wasi -O1, it has a code section of
about 1.8 MB.

usage: genbig.py [N] > big.c
"""
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
rng = random.Random(7)
STEPS = ["x = x * %d + y;", "y ^= x >> %d;", "s += tab[(x + %d) & 1023];",
         "tab[(y + %d) & 1023] = s;", "x = (x << 3) | (y >> %d);"]
out = ["#include <stdint.h>", "#include <stdio.h>", "uint32_t tab[1024];"]
for i in range(N):
    out.append(f"uint32_t f{i}(uint32_t a, uint32_t b) {{")
    out.append(f"  uint32_t x = a ^ {rng.randint(0, 1 << 20)}, y = b + {rng.randint(0, 1 << 20)}, s = 0;")
    out.append("  for (uint32_t k = 0; k < (a & 15); k++) {")
    for _ in range(rng.randint(6, 14)):
        out.append("    " + rng.choice(STEPS) % rng.randint(1, 31))
    out.append("    switch ((x + k) & 7) {")
    for case in range(8):
        out.append(f"    case {case}: s += x * {rng.randint(1, 99)} + y; break;")
    out.append("    }")
    out.append("  }")
    out.append("  return s + x + y;")
    out.append("}")
out.append("typedef uint32_t (*fn)(uint32_t, uint32_t);")
out.append("static fn fns[] = {" + ",".join(f"f{i}" for i in range(N)) + "};")
out.append("int main(void) {")
out.append(f"  uint32_t s = 0;")
out.append(f"  for (int i = 0; i < {N}; i++) s += fns[i]((uint32_t)i, s);")
out.append('  printf("%u\\n", s);')
out.append("  return 0;")
out.append("}")
print("\n".join(out))
