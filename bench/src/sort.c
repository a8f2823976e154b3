/* sort: quicksort (median-of-three, insertion sort cutoff) and a
 * bottom-up/top-down mergesort over a large LCG-generated array.
 * Exercises compares, swaps, recursion and sequential memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 400000
#define ROUNDS 2

static unsigned lcg_state = 2463534242u;
static unsigned lcg(void) { lcg_state = lcg_state * 1664525u + 1013904223u; return lcg_state; }

static void insertion(unsigned *a, int lo, int hi) {
    for (int i = lo + 1; i <= hi; i++) {
        unsigned v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void swap(unsigned *a, int i, int j) { unsigned t = a[i]; a[i] = a[j]; a[j] = t; }

static void quicksort(unsigned *a, int lo, int hi) {
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        unsigned pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { swap(a, i, j); i++; j--; }
        }
        /* recurse into the smaller half, loop on the larger */
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
        else { quicksort(a, i, hi); hi = j; }
    }
    insertion(a, lo, hi);
}

static void merge(unsigned *a, unsigned *tmp, int lo, int mid, int hi) {
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = (a[j] < a[i]) ? a[j++] : a[i++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof(unsigned));
}

static void mergesort_rec(unsigned *a, unsigned *tmp, int lo, int hi) {
    if (hi - lo <= 12) { insertion(a, lo, hi - 1); return; }
    int mid = lo + (hi - lo) / 2;
    mergesort_rec(a, tmp, lo, mid);
    mergesort_rec(a, tmp, mid, hi);
    if (a[mid - 1] <= a[mid]) return;
    merge(a, tmp, lo, mid, hi);
}

static void mergesort_bu(unsigned *a, unsigned *tmp, int n) {
    for (int w = 1; w < n; w *= 2)
        for (int lo = 0; lo < n - w; lo += 2 * w) {
            int hi = lo + 2 * w < n ? lo + 2 * w : n;
            merge(a, tmp, lo, lo + w, hi);
        }
}

static unsigned check(const unsigned *a, int n, unsigned h) {
    for (int i = 0; i < n; i++) {
        if (i && a[i - 1] > a[i]) { printf("sort: not sorted at %d\n", i); exit(1); }
        h = (h ^ a[i]) * 16777619u;
    }
    return h;
}

int main(void) {
    unsigned *orig = malloc(N * sizeof(unsigned));
    unsigned *a = malloc(N * sizeof(unsigned));
    unsigned *tmp = malloc(N * sizeof(unsigned));
    unsigned h = 2166136261u;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) orig[i] = lcg() >> (r * 12); /* round 1 has many duplicates */
        memcpy(a, orig, N * sizeof(unsigned));
        quicksort(a, 0, N - 1);
        h = check(a, N, h);
        memcpy(a, orig, N * sizeof(unsigned));
        mergesort_rec(a, tmp, 0, N);
        h = check(a, N, h);
        memcpy(a, orig, N * sizeof(unsigned));
        mergesort_bu(a, tmp, N);
        h = check(a, N, h);
    }
    printf("sort checksum=%08x\n", h);
    free(orig); free(a); free(tmp);
    return 0;
}
