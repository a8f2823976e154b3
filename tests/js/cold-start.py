#!/usr/bin/env python3
"""cold-start.py HUSK [RUNS] - cold start and peak memory of `husk run`
against `node`, as reported in docs/js.md.

For each program: the median wall and CPU (user + system) time of RUNS
process runs (default 20,
after 2 warm-up runs that fill the page cache) and the peak resident set
size, from GNU time's %M in a separate run (ru_maxrss of a child forked
from Python would count Python's own pages, which the child had before
exec). Programs: hello.js (one
console.log), and a ~300 KB generated CommonJS file run as source and as
husk bytecode (husk compile), which is where bytecode pays off.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def peak_rss_mib(argv):
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def measure(argv, runs):
    """Median wall and CPU milliseconds. posix_spawn (vfork-like) keeps the
    cost of starting a process from Python out of the numbers; /bin/true is
    printed as the baseline."""
    exe = shutil.which(argv[0])
    devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    times, cpu = [], []
    for i in range(runs + 2):
        start = time.perf_counter()
        pid = os.posix_spawn(exe, argv, os.environ, file_actions=devnull)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(argv)} failed")
        if i >= 2:
            times.append(elapsed)
            cpu.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000, peak_rss_mib(argv)


def big_program(path):
    # Many small functions and object literals: parse-heavy, like a bundle.
    with open(path, "w") as f:
        for i in range(3000):
            f.write(f"function f{i}(a, b) {{ const o = {{ k{i}: a + {i}, s: 'v{i}', l: [a, b, {i}] }}; "
                    f"return o.k{i} + o.l.length; }}\n")
        f.write("let sum = 0;\nfor (let i = 0; i < 3000; i += 100) sum += globalThis['f' + i] ? 0 : 1;\n")
        f.write("console.log('big', sum, f2999(1, 2));\n")


def main():
    husk = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    node = shutil.which("node")
    tmp = tempfile.mkdtemp()
    hello = os.path.join(tmp, "hello.js")
    with open(hello, "w") as f:
        f.write("console.log('hello');\n")
    big = os.path.join(tmp, "big.js")
    big_program(big)
    subprocess.run([husk, "compile", big, "-o", os.path.join(tmp, "big.hbc")], check=True)
    subprocess.run([husk, "compile", hello, "-o", os.path.join(tmp, "hello.hbc")], check=True)

    rows = [
        ("/bin/true (baseline)", ["/bin/true"]),
        ("husk run hello.js", [husk, "run", hello]),
        ("husk run hello.hbc", [husk, "run", os.path.join(tmp, "hello.hbc")]),
        ("husk run big.js (300 KB)", [husk, "run", big]),
        ("husk run big.hbc", [husk, "run", os.path.join(tmp, "big.hbc")]),
    ]
    if node:
        rows += [("node hello.js", [node, hello]), ("node big.js", [node, big])]
    print(f"{'program':28} {'wall ms':>9} {'CPU ms':>8} {'peak RSS MiB':>13}   (medians of {runs} runs)")
    for name, argv in rows:
        ms, cpu, mib = measure(argv, runs)
        print(f"{name:28} {ms:9.2f} {cpu:8.2f} {mib:13.1f}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
