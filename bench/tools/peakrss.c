/* peakrss: run a command and report its peak resident set size.
 *
 *   peakrss OUTFILE COMMAND [ARGS...]
 *
 * Forks and execs COMMAND, waits for it with wait4() and writes
 * "<exit status> <ru_maxrss KiB> <wall ns>" to OUTFILE; exits with the
 * command's exit code. Used by bench/run.py because a child forked
 * directly from Python inherits the interpreter's RSS high-water mark
 * (Linux keeps the pre-exec mm's peak in ru_maxrss), which would put a
 * ~17 MB floor under every measurement. This launcher is small, so the
 * floor drops to about a megabyte. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: peakrss OUTFILE COMMAND [ARGS...]\n");
        return 125;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("peakrss: fork"); return 125; }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peakrss: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { perror("peakrss: wait4"); return 125; }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *f = fopen(argv[1], "w");
    if (!f) { perror("peakrss: output file"); return 125; }
    fprintf(f, "%d %ld %lld\n", code, ru.ru_maxrss, ns);
    fclose(f);
    return code;
}
