/* mandelbrot: escape-time fractal on a grid, f64 mul/add/compare in a
 * tight loop with a data-dependent exit; bits are packed into bytes. */
#include <stdio.h>

#define W 1024
#define H 768
#define ITER 400

int main(void) {
    unsigned h = 2166136261u;
    unsigned long long total_iters = 0;
    for (int py = 0; py < H; py++) {
        double ci = (double)py * 2.4 / H - 1.2;
        unsigned char byte = 0;
        int bit = 0;
        for (int px = 0; px < W; px++) {
            double cr = (double)px * 3.2 / W - 2.2;
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int it = 0;
            while (it < ITER && zr2 + zi2 <= 4.0) {
                zi = 2.0 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                it++;
            }
            total_iters += (unsigned)it;
            byte = (unsigned char)((byte << 1) | (it == ITER));
            if (++bit == 8) { h = (h ^ byte) * 16777619u; byte = 0; bit = 0; }
        }
    }
    h = (h ^ (unsigned)total_iters) * 16777619u;
    printf("mandelbrot checksum=%08x\n", h);
    return 0;
}
