/* gemm: dense double-precision matrix multiply.
 * C = A*B with an i-k-j loop order and a blocked variant, then
 * checksums the result bits. Exercises f64 loads/stores/mul/add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 520
#define BS 40

static unsigned lcg_state = 12345u;
static unsigned lcg(void) { lcg_state = lcg_state * 1103515245u + 12345u; return lcg_state >> 8; }

static void gemm_ikj(const double *a, const double *b, double *c, int n) {
    memset(c, 0, sizeof(double) * n * n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double aik = a[i * n + k];
            const double *brow = b + k * n;
            double *crow = c + i * n;
            for (int j = 0; j < n; j++) crow[j] += aik * brow[j];
        }
}

static void gemm_blocked(const double *a, const double *b, double *c, int n) {
    memset(c, 0, sizeof(double) * n * n);
    for (int ii = 0; ii < n; ii += BS)
        for (int kk = 0; kk < n; kk += BS)
            for (int jj = 0; jj < n; jj += BS)
                for (int i = ii; i < ii + BS; i++)
                    for (int k = kk; k < kk + BS; k++) {
                        double aik = a[i * n + k];
                        for (int j = jj; j < jj + BS; j++) c[i * n + j] += aik * b[k * n + j];
                    }
}

static unsigned long long hash_doubles(const double *x, int count) {
    unsigned long long h = 1469598103934665603ull;
    for (int i = 0; i < count; i++) {
        unsigned long long bits;
        memcpy(&bits, &x[i], 8);
        h = (h ^ bits) * 1099511628211ull;
    }
    return h;
}

int main(void) {
    double *a = malloc(sizeof(double) * N * N);
    double *b = malloc(sizeof(double) * N * N);
    double *c = malloc(sizeof(double) * N * N);
    double *d = malloc(sizeof(double) * N * N);
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)(lcg() % 2001) / 1000.0 - 1.0;
        b[i] = (double)(lcg() % 2001) / 1000.0 - 1.0;
    }
    gemm_ikj(a, b, c, N);
    gemm_blocked(a, b, d, N);
    /* second round: multiply the result back (C*A) to chain data */
    gemm_ikj(c, a, b, N);
    unsigned long long h = hash_doubles(c, N * N);
    h ^= hash_doubles(d, N * N) * 3;
    h ^= hash_doubles(b, N * N) * 7;
    double trace = 0;
    for (int i = 0; i < N; i++) trace += b[i * N + i];
    unsigned long long tbits;
    memcpy(&tbits, &trace, 8);
    h ^= tbits;
    printf("gemm checksum=%016llx\n", h);
    free(a); free(b); free(c); free(d);
    return 0;
}
