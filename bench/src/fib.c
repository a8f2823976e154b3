/* fib: deep recursion and direct calls.
 * Naive doubly-recursive Fibonacci, Ackermann(2..3, n), and the
 * Takeuchi function; all dominated by call/return overhead. */
#include <stdio.h>

#define FIB_N 38
#define ACK_M 3
#define ACK_N 7
#define TAK_REP 6

static unsigned fib(unsigned n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static unsigned ack(unsigned m, unsigned n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int tak(int x, int y, int z) {
    if (y >= x) return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

int main(void) {
    unsigned h = 0;
    volatile unsigned fn = FIB_N; /* keep the compiler from folding */
    h = h * 31u + fib(fn);
    h = h * 31u + fib(fn - 3);
    volatile unsigned am = ACK_M, an = ACK_N;
    for (unsigned k = 0; k <= an; k++) h = h * 31u + ack(am, k);
    h = h * 31u + ack(2, 500);
    volatile int tx = 18, ty = 12, tz = 6;
    for (int r = 0; r < TAK_REP; r++) h = h * 31u + (unsigned)tak(tx, ty - r % 2, tz);
    printf("fib checksum=%08x\n", h);
    return 0;
}
