/* sieve: integer loops, byte array stores, data-dependent branches.
 * Sieve of Eratosthenes repeated several times, plus a Collatz
 * stopping-time search over a range of starting values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIEVE_N   2000000u
#define SIEVE_REP 12
#define COLLATZ_N 600000u

static unsigned sieve(unsigned char *flags, unsigned n) {
    unsigned count = 0;
    memset(flags, 1, n + 1);
    flags[0] = flags[1] = 0;
    for (unsigned i = 2; (unsigned long long)i * i <= n; i++) {
        if (!flags[i]) continue;
        for (unsigned j = i * i; j <= n; j += i) flags[j] = 0;
    }
    for (unsigned i = 0; i <= n; i++) count += flags[i];
    return count;
}

static unsigned collatz_steps(unsigned long long x) {
    unsigned steps = 0;
    while (x != 1) {
        if (x & 1) x = 3 * x + 1;
        else x >>= 1;
        steps++;
    }
    return steps;
}

int main(void) {
    unsigned char *flags = malloc(SIEVE_N + 1);
    unsigned h = 2166136261u;
    for (int r = 0; r < SIEVE_REP; r++) {
        unsigned n = SIEVE_N - (unsigned)r * 1000u;
        unsigned c = sieve(flags, n);
        h = (h ^ c) * 16777619u;
    }
    /* sum of primes below the sieve limit, to touch the whole array */
    unsigned long long psum = 0;
    for (unsigned i = 0; i <= SIEVE_N - 5000u; i++)
        if (flags[i]) psum += i;
    h = (h ^ (unsigned)psum) * 16777619u;
    h = (h ^ (unsigned)(psum >> 32)) * 16777619u;

    unsigned best = 0, best_n = 0;
    unsigned long long total = 0;
    for (unsigned n = 1; n < COLLATZ_N; n++) {
        unsigned s = collatz_steps(n);
        total += s;
        if (s > best) { best = s; best_n = n; }
    }
    h = (h ^ best) * 16777619u;
    h = (h ^ best_n) * 16777619u;
    h = (h ^ (unsigned)total) * 16777619u;
    free(flags);
    printf("sieve checksum=%08x\n", h);
    return 0;
}
