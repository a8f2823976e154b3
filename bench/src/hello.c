/* Start-up measurement: the smallest useful WASI program. */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
