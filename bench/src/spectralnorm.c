/* spectralnorm: power iteration for the spectral norm of the infinite
 * matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1). f64 division heavy, nested
 * loops with function calls. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#define N 1500

static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_Av(const double *v, double *out, int n) {
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += A(i, j) * v[j];
        out[i] = s;
    }
}

static void mul_Atv(const double *v, double *out, int n) {
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += A(j, i) * v[j];
        out[i] = s;
    }
}

static void mul_AtAv(const double *v, double *out, double *tmp, int n) {
    mul_Av(v, tmp, n);
    mul_Atv(tmp, out, n);
}

int main(void) {
    double *u = malloc(N * sizeof(double)), *v = malloc(N * sizeof(double)), *t = malloc(N * sizeof(double));
    for (int i = 0; i < N; i++) u[i] = 1.0;
    for (int i = 0; i < 10; i++) {
        mul_AtAv(u, v, t, N);
        mul_AtAv(v, u, t, N);
    }
    double vBv = 0, vv = 0;
    for (int i = 0; i < N; i++) { vBv += u[i] * v[i]; vv += v[i] * v[i]; }
    double r = sqrt(vBv / vv);
    unsigned long long bits;
    memcpy(&bits, &r, 8);
    printf("spectralnorm checksum=%016llx\n", bits);
    free(u); free(v); free(t);
    return 0;
}
