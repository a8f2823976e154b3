/* embedded: the kinds of kernel an embedded-systems benchmark exercises,
 * written for this suite: a linked list searched, reversed and merge-sorted
 * in place; 16-bit matrix arithmetic with 32-bit results (scale, add,
 * matrix-vector, matrix-matrix, bit-field extraction); a character state
 * machine that classifies numbers in a text buffer; and a CRC-16 folding
 * every result. Signed char and 16-bit loads, pointer chasing, short
 * data-dependent branches and small switch statements dominate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_NAME
#define BENCH_NAME "embedded"
#endif

#define ROUNDS 2200
#define LIST_NODES 200
#define MAT_N 24
#define TEXT_BYTES 1400

typedef struct item { short value, index; } item;
typedef struct node { struct node *next; item *info; } node;

static unsigned short crc_byte(unsigned char b, unsigned short crc) {
    for (int i = 0; i < 8; i++) {
        unsigned carry = (b ^ crc) & 1;
        b >>= 1;
        crc >>= 1;
        if (carry) crc ^= 0xa001;
    }
    return crc;
}

static unsigned short crc16(int v, unsigned short crc) {
    crc = crc_byte((unsigned char)v, crc);
    return crc_byte((unsigned char)(v >> 8), crc);
}

/* ---- list */

static node *list_find(node *l, short value, short index) {
    if (index >= 0) {
        while (l && l->info->index != index) l = l->next;
    } else {
        while (l && (l->info->value & 0xff) != value) l = l->next;
    }
    return l;
}

static node *list_reverse(node *l) {
    node *prev = NULL;
    while (l) {
        node *next = l->next;
        l->next = prev;
        prev = l;
        l = next;
    }
    return prev;
}

typedef int (*compare_fn)(const item *, const item *);

static int by_value(const item *a, const item *b) { return a->value - b->value; }
static int by_index(const item *a, const item *b) { return a->index - b->index; }

/* Bottom-up merge sort of a singly linked list, no recursion. */
static node *list_sort(node *l, compare_fn cmp) {
    for (int width = 1;; width *= 2) {
        node *p = l, *head = NULL, *tail = NULL;
        int merges = 0;
        while (p) {
            merges++;
            node *q = p;
            int psize = 0;
            for (int i = 0; i < width && q; i++) { psize++; q = q->next; }
            int qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p->info, q->info) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        l = head;
        if (merges <= 1) return l;
    }
}

static unsigned short bench_list(node *l, int round, unsigned short crc) {
    for (int i = 0; i < 24; i++) {
        node *f = list_find(l, (short)((round + i) & 0xff), -1);
        crc = crc16(f ? f->info->index : -1, crc);
        f = list_find(l, -1, (short)((round * 7 + i * 13) % LIST_NODES));
        crc = crc16(f ? f->info->value : -1, crc);
        l = list_reverse(l);
    }
    l = list_sort(l, by_value);
    crc = crc16(l->info->value, crc);
    l = list_sort(l, by_index);
    crc = crc16(l->next->info->index, crc);
    return crc;
}

/* ---- matrix */

static void mat_scale(short *a, short k) {
    for (int i = 0; i < MAT_N * MAT_N; i++) a[i] = (short)(a[i] * k);
}

static void mat_add(short *a, short k) {
    for (int i = 0; i < MAT_N * MAT_N; i++) a[i] = (short)(a[i] + k);
}

static void mat_vec(int *out, const short *a, const short *v) {
    for (int i = 0; i < MAT_N; i++) {
        int sum = 0;
        for (int j = 0; j < MAT_N; j++) sum += a[i * MAT_N + j] * v[j];
        out[i] = sum;
    }
}

static void mat_mat(int *out, const short *a, const short *b) {
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int sum = 0;
            for (int k = 0; k < MAT_N; k++) sum += a[i * MAT_N + k] * b[k * MAT_N + j];
            out[i * MAT_N + j] = sum;
        }
}

static void mat_mat_bits(int *out, const short *a, const short *b) {
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int sum = 0;
            for (int k = 0; k < MAT_N; k++) {
                int t = a[i * MAT_N + k] * b[k * MAT_N + j];
                sum += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
            }
            out[i * MAT_N + j] = sum;
        }
}

static unsigned short sum_results(const int *r, int n, unsigned short crc) {
    int acc = 0;
    for (int i = 0; i < n; i++) {
        acc += r[i];
        if (acc > 4096) { crc = crc16(acc, crc); acc = 0; }
    }
    return crc16(acc, crc);
}

static unsigned short bench_matrix(short *a, short *b, int *out, int round, unsigned short crc) {
    short k = (short)(round | 1);
    mat_add(a, k);
    mat_vec(out, a, b);
    crc = sum_results(out, MAT_N, crc);
    mat_scale(a, k);
    mat_mat(out, a, b);
    crc = sum_results(out, MAT_N * MAT_N, crc);
    mat_mat_bits(out, a, b);
    crc = sum_results(out, MAT_N * MAT_N, crc);
    mat_add(a, (short)-k);
    return crc;
}

/* ---- state machine */

enum state { START, INVALID, S1, S2, INT, FLOAT, EXPONENT, SCIENTIFIC, NSTATES };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Classifies the number at *p (up to a comma), advancing past it. */
static enum state next_state(const char **p, int *transitions) {
    const char *s = *p;
    enum state st = START;
    for (; *s && st != INVALID; s++) {
        char c = *s;
        if (c == ',') { s++; break; }
        switch (st) {
        case START:
            if (is_digit(c)) st = INT;
            else if (c == '+' || c == '-') st = S1;
            else if (c == '.') st = FLOAT;
            else { st = INVALID; transitions[INVALID]++; }
            transitions[START]++;
            break;
        case S1:
            if (is_digit(c)) { st = INT; transitions[S1]++; }
            else if (c == '.') { st = FLOAT; transitions[S1]++; }
            else { st = INVALID; transitions[S1]++; }
            break;
        case INT:
            if (c == '.') { st = FLOAT; transitions[INT]++; }
            else if (!is_digit(c)) { st = INVALID; transitions[INT]++; }
            break;
        case FLOAT:
            if (c == 'E' || c == 'e') { st = S2; transitions[FLOAT]++; }
            else if (!is_digit(c)) { st = INVALID; transitions[FLOAT]++; }
            break;
        case S2:
            if (c == '+' || c == '-') { st = EXPONENT; transitions[S2]++; }
            else { st = INVALID; transitions[S2]++; }
            break;
        case EXPONENT:
            if (is_digit(c)) { st = SCIENTIFIC; transitions[EXPONENT]++; }
            else { st = INVALID; transitions[EXPONENT]++; }
            break;
        case SCIENTIFIC:
            if (!is_digit(c)) { st = INVALID; transitions[INVALID]++; }
            break;
        default:
            break;
        }
    }
    *p = s;
    return st;
}

static unsigned short bench_state(char *text, int round, unsigned short crc) {
    int finals[NSTATES] = {0}, transitions[NSTATES] = {0};
    const char *p = text;
    while (*p) finals[next_state(&p, transitions)]++;
    /* corrupt a few characters so that the next round walks other paths */
    for (int i = round % 7; i < TEXT_BYTES; i += 97)
        if (text[i] != ',') text[i] ^= 0x01;
    for (int i = 0; i < NSTATES; i++) {
        crc = crc16(finals[i], crc);
        crc = crc16(transitions[i], crc);
    }
    return crc;
}

static void make_text(char *text, unsigned seed) {
    static const char *const forms[] = {"5012", "1234", "-874", "+122", "35.54", ".1234",
                                        "-110.7", "+0.64", "5.500e+3", "-.123e-2", "-87e+832",
                                        "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
    int n = 0;
    while (n < TEXT_BYTES - 12) {
        seed = seed * 1103515245u + 12345u;
        const char *f = forms[(seed >> 16) & 15];
        size_t len = strlen(f);
        memcpy(text + n, f, len);
        n += (int)len;
        text[n++] = ',';
    }
    text[n] = '\0';
}

int main(void) {
    node *nodes = malloc(LIST_NODES * sizeof *nodes);
    item *items = malloc(LIST_NODES * sizeof *items);
    short *a = malloc(MAT_N * MAT_N * sizeof *a), *b = malloc(MAT_N * MAT_N * sizeof *b);
    int *out = malloc(MAT_N * MAT_N * sizeof *out);
    char *text = malloc(TEXT_BYTES + 1);
    unsigned seed = 0x3415;
    for (int i = 0; i < LIST_NODES; i++) {
        seed = seed * 1103515245u + 12345u;
        items[i].value = (short)((seed >> 12) & 0x7fff);
        items[i].index = (short)i;
        nodes[i].info = &items[i];
        nodes[i].next = i + 1 < LIST_NODES ? &nodes[i + 1] : NULL;
    }
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (short)((seed >> 16) & 0xff);
        b[i] = (short)(((seed >> 8) & 0xff) - 128);
    }
    make_text(text, seed);

    node *list = nodes;
    unsigned short crc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        crc = bench_list(list, r, crc);
        list = list_sort(list, by_index);
        crc = bench_matrix(a, b, out, r, crc);
        crc = bench_state(text, r, crc);
    }
    printf("%s checksum=%04x\n", BENCH_NAME, crc);
    return 0;
}
