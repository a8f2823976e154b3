#!/usr/bin/env python3
"""Run the husk benchmark suite (see bench/README.md).

For each workload in bench/src/*.c (and bench/variants.txt) this runs the
native build, husk and node, interleaved (rep 1: every workload on every
runtime, rep 2: ...), checks that each run prints the checksum line the
native build printed, and reports the median wall time per runtime. It
also measures start-up time and peak RSS of hello.wasm, and how fast husk
translates a large module (build/wasm/translate-big.wasm, from
tools/genbig.py): `husk validate` on it, on every CPU and on one.

Standard library only. Run bench/build.sh first.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
BUILD = os.path.join(BENCH, "build")
RESULTS = os.path.join(BENCH, "results")
LATEST_JSON = os.path.join(RESULTS, "latest.json")
LATEST_SVG = os.path.join(RESULTS, "latest.svg")
NODE_RUNNER = os.path.join(BENCH, "node-wasi.mjs")

RUNTIMES = ("native", "husk", "node")


# --------------------------------------------------------------------------
# discovery

def workload_names():
    names = []
    for f in sorted(os.listdir(os.path.join(BENCH, "src"))):
        if f.endswith(".c") and f != "hello.c":
            names.append(f[:-2])
    variants = os.path.join(BENCH, "variants.txt")
    if os.path.exists(variants):
        with open(variants) as fh:
            for line in fh:
                parts = line.split()
                if parts and not parts[0].startswith("#"):
                    names.append(parts[0])
    return names


def husk_command():
    """The husk launcher as an argv prefix, or None when it is not there."""
    words = shlex.split(os.environ.get("HUSK", "build/husk"))
    if not words:
        return None
    exe = words[0]
    if os.sep in exe and not os.path.isabs(exe):
        exe = os.path.join(ROOT, exe)
    elif os.sep not in exe:
        exe = shutil.which(exe) or os.path.join(ROOT, exe)
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return None
    return [exe] + words[1:]


def git_commit():
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        if out.returncode != 0:
            return None, None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip(), bool(dirty.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None, None


def tool_version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[0] if text else None
    except (OSError, subprocess.SubprocessError):
        return None


# --------------------------------------------------------------------------
# running one process

class Run:
    __slots__ = ("seconds", "rc", "stdout", "stderr", "rss_kb", "timed_out")


def run_process(argv, timeout):
    """Runs argv from the repository root; wall time, exit status, output and
    peak RSS (ru_maxrss, KiB on Linux) of that one child."""
    r = Run()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        except OSError as e:
            r.seconds, r.rc, r.stdout, r.stderr, r.rss_kb, r.timed_out = 0.0, 127, "", str(e), 0, False
            return r
        killed = []

        def kill():
            killed.append(True)
            try:
                proc.kill()
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        r.seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # keeps Popen from waiting again
        r.rc = proc.returncode
        r.rss_kb = usage.ru_maxrss
        r.timed_out = bool(killed)
        out.seek(0)
        err.seek(0)
        r.stdout = out.read().decode("utf-8", "replace")
        r.stderr = err.read().decode("utf-8", "replace")
    return r


PEAKRSS = os.path.join(BUILD, "peakrss")


def measure_rss(argv, timeout):
    """Peak RSS (KiB) of argv, measured through the small bench/build/peakrss
    launcher: a process forked straight from Python starts with Python's
    RSS high-water mark (~17 MB), which Linux keeps in ru_maxrss across
    exec. Falls back to a direct os.wait4 measurement without the launcher.
    Returns (Run, method)."""
    if os.access(PEAKRSS, os.X_OK):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "rss")
            r = run_process([PEAKRSS, report] + argv, timeout)
            try:
                with open(report) as fh:
                    _, kb, _ = fh.read().split()
                r.rss_kb = int(kb)
            except (OSError, ValueError):
                pass
        return r, "peakrss launcher"
    return run_process(argv, timeout), "direct wait4 (includes the Python parent's RSS)"


def code_section_size(path):
    """Bytes of the code section (id 10) of a Wasm file, or None."""
    def uleb(b, i):
        v = shift = 0
        while True:
            x = b[i]
            i += 1
            v |= (x & 0x7F) << shift
            shift += 7
            if not x & 0x80:
                return v, i
    try:
        with open(path, "rb") as fh:
            b = fh.read()
        i = 8
        while i < len(b):
            sid = b[i]
            size, i = uleb(b, i + 1)
            if sid == 10:
                return size
            i += size
    except (OSError, IndexError):
        pass
    return None


def measure_translation(husk, reps, timeout):
    """MB of code per second that `husk validate` translates, the process
    start included (so a lower bound), median of reps runs; on all CPUs and,
    where taskset exists, on CPU 0 alone. None when there is nothing to
    measure."""
    big = os.path.join(BUILD, "wasm", "translate-big.wasm")
    size = code_section_size(big)
    if not husk or not size:
        return None
    out = {"module": os.path.relpath(big, ROOT), "code_bytes": size}
    variants = [("all_cpus", husk + ["validate", big])]
    if shutil.which("taskset"):
        variants.append(("one_cpu", ["taskset", "-c", "0"] + husk + ["validate", big]))
    for key, argv in variants:
        times = []
        for _ in range(reps):
            r = run_process(argv, timeout)
            if r.rc != 0:
                out[key] = {"status": "FAIL", "reason": first_line(r.stderr or r.stdout)}
                break
            times.append(r.seconds)
        else:
            med = statistics.median(times)
            out[key] = {"status": "ok", "median_s": med, "mb_per_s": size / med / 1e6}
    return out


def commands(name, husk):
    wasm = os.path.join(BUILD, "wasm", name + ".wasm")
    cmds = {"native": [os.path.join(BUILD, "native", name)]}
    if husk:
        cmds["husk"] = husk + ["run", wasm]
    cmds["node"] = ["node", "--no-warnings", NODE_RUNNER, wasm]
    return cmds


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:160]
    return ""


def check_output(r, expected):
    """None if the run is good, else a short reason."""
    if r.timed_out:
        return "timeout"
    if r.rc != 0:
        why = first_line(r.stderr) or first_line(r.stdout)
        return "exit %d%s" % (r.rc, (": " + why) if why else "")
    lines = [l.strip() for l in r.stdout.splitlines()]
    if expected not in lines:
        got = [l for l in lines if " checksum=" in l]
        return "checksum mismatch: got %r" % (got[0] if got else first_line(r.stdout))
    return None


# --------------------------------------------------------------------------
# formatting

def fmt_s(x):
    return "%.3f" % x if isinstance(x, float) else x


def fmt_ratio(x):
    if not isinstance(x, float):
        return x
    return "%.2fx" % x if x < 100 else "%.0fx" % x


def geomean(values):
    values = [v for v in values if isinstance(v, float) and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def print_table(headers, rows, out=sys.stdout):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    def line(cells):
        parts = []
        for i, c in enumerate(cells):
            parts.append(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]))
        return "  ".join(parts)
    print(line(headers), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in rows:
        print(line(r), file=out)


# --------------------------------------------------------------------------
# chart

def write_svg(results, names, path):
    """Grouped bars (husk/native, node/native per workload), log scale."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return False
    rows = []
    for n in names:
        w = results[n]
        h = w["husk"].get("ratio_to_native")
        d = w["node"].get("ratio_to_native")
        if h is None and d is None:
            continue
        rows.append("%s %s %s" % (n.replace("_", "\\\\_"), "%.6g" % h if h else "NaN", "%.6g" % d if d else "NaN"))
    if not rows:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "ratios.dat")
        with open(data, "w") as fh:
            fh.write("\n".join(rows) + "\n")
        script = os.path.join(tmp, "chart.gp")
        tmp_svg = os.path.join(tmp, "chart.svg")
        with open(script, "w") as fh:
            fh.write("""
set terminal svg size 1200,520 dynamic font "sans,11" background "white"
set output '%s'
set title "husk benchmark: run time relative to native (lower is better, log scale)"
set logscale y 2
set yrange [0.5:*]
set ylabel "time / native time"
set grid ytics
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -35 nomirror
set bmargin 7
set xrange [-0.6:%d-0.4]
set key top left
set datafile missing "NaN"
plot '%s' using 2:xtic(1) title "husk" lc rgb "#c0392b", \\
     '' using 3 title "node (V8)" lc rgb "#2980b9", \\
     1 notitle with lines lc rgb "black" dt 2
""" % (tmp_svg, len(rows), data))
        r = subprocess.run([gnuplot, script], capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(tmp_svg):
            print("gnuplot failed: %s" % first_line(r.stderr), file=sys.stderr)
            return False
        shutil.copyfile(tmp_svg, path)
    return True


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated workload names")
    ap.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", "5")),
                    help="repetitions per workload and runtime (default $BENCH_REPS or 5)")
    ap.add_argument("--no-node", action="store_true", help="skip the node column")
    ap.add_argument("--no-husk", action="store_true", help="skip the husk column")
    ap.add_argument("--startup-reps", type=int, default=20, help="hello.wasm runs per runtime (default 20)")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    ap.add_argument("--no-translation", action="store_true", help="skip the translation speed measurement")
    ap.add_argument("--no-rss", action="store_true",
                    help="skip the extra run per workload and runtime that measures peak RSS")
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("BENCH_TIMEOUT", "120")),
                    help="seconds before one run is killed and counted as FAIL (default 120)")
    ap.add_argument("--save", action="store_true",
                    help="write bench/results/latest.{json,svg} even with --only")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = ap.parse_args()
    if args.reps < 1:
        ap.error("--reps must be at least 1")

    names = workload_names()
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            ap.error("unknown workload(s): %s (have: %s)" % (", ".join(unknown), ", ".join(names)))
        names = wanted
    missing = [n for n in names + ["hello"]
               if not (os.path.exists(os.path.join(BUILD, "wasm", n + ".wasm"))
                       and os.path.exists(os.path.join(BUILD, "native", n)))]
    if missing:
        sys.exit("run.py: not built: %s (run bench/build.sh first)" % ", ".join(missing))

    husk = None if args.no_husk else husk_command()
    husk_note = None
    if args.no_husk:
        husk_note = "skipped (--no-husk)"
    elif husk is None:
        husk_note = "not found: HUSK=%s" % os.environ.get("HUSK", "build/husk")
    else:
        # Preflight: a husk that cannot run a WASI hello world yet gets "n/a".
        r = run_process(husk + ["run", os.path.join(BUILD, "wasm", "hello.wasm")], args.timeout)
        if r.rc != 0 or "hello, world" not in r.stdout:
            why = first_line(r.stderr) or first_line(r.stdout)
            husk_note = "cannot run hello.wasm yet (exit %d%s)" % (r.rc, ": " + why if why else "")
            husk = None
    use_node = not args.no_node and shutil.which("node") is not None
    node_note = None if use_node else ("skipped (--no-node)" if args.no_node else "node not found")
    active = [rt for rt in RUNTIMES if rt == "native" or (rt == "husk" and husk) or (rt == "node" and use_node)]

    print("husk: %s" % (" ".join(husk) if husk else "n/a, " + husk_note))
    print("node: %s" % (tool_version(["node", "--version"]) if use_node else "n/a, " + node_note))
    print("reps: %d, workloads: %d" % (args.reps, len(names)))
    sys.stdout.flush()

    previous = None
    if os.path.exists(LATEST_JSON):
        try:
            with open(LATEST_JSON) as fh:
                previous = json.load(fh)
        except (OSError, ValueError):
            previous = None

    # ---- workloads, interleaved
    times = {n: {rt: [] for rt in RUNTIMES} for n in names}
    rss = {n: {rt: [] for rt in RUNTIMES} for n in names}
    fail = {n: {} for n in names}          # runtime -> reason
    rss_method = None
    expected = {}
    for rep in range(args.reps):
        for n in names:
            cmds = commands(n, husk)
            for rt in active:
                if rt in fail[n] or (rt != "native" and "native" in fail[n]):
                    continue
                r = run_process(cmds[rt], args.timeout)
                if rt == "native" and n not in expected:
                    want = n + " checksum="
                    lines = [l.strip() for l in r.stdout.splitlines() if l.strip().startswith(want)]
                    if r.rc != 0 or len(lines) != 1:
                        fail[n]["native"] = "no '%s...' line (exit %d)" % (want, r.rc)
                        continue
                    expected[n] = lines[0]
                reason = check_output(r, expected[n])
                if reason:
                    fail[n][rt] = reason
                    print("  FAIL %s on %s: %s" % (n, rt, reason), file=sys.stderr)
                    continue
                times[n][rt].append(r.seconds)
                if rep == 0 and not args.no_rss:
                    rr, rss_method = measure_rss(cmds[rt], args.timeout)
                    reason = check_output(rr, expected[n])
                    if reason:
                        fail[n][rt] = reason + " (peak RSS run)"
                        print("  FAIL %s on %s: %s" % (n, rt, fail[n][rt]), file=sys.stderr)
                        continue
                    rss[n][rt].append(rr.rss_kb)
            if rep == 0:
                done = ", ".join("%s %.3fs" % (rt, times[n][rt][-1]) for rt in active if times[n][rt])
                print("  [rep 1] %-14s %s" % (n, done))
                sys.stdout.flush()
        if rep > 0:
            print("  rep %d/%d done" % (rep + 1, args.reps))
            sys.stdout.flush()

    # ---- start-up: hello.wasm
    startup = {}
    if not args.no_startup:
        cmds = commands("hello", husk)
        st_times = {rt: [] for rt in active}
        st_rss = {rt: [] for rt in active}
        st_fail = {}
        for _ in range(args.startup_reps):
            for rt in active:
                if rt in st_fail:
                    continue
                r = run_process(cmds[rt], args.timeout)
                reason = check_output(r, "hello, world")
                if reason:
                    st_fail[rt] = reason
                    continue
                st_times[rt].append(r.seconds)
        for _ in range(3):
            for rt in active:
                if rt in st_fail:
                    continue
                r, rss_method = measure_rss(cmds[rt], args.timeout)
                reason = check_output(r, "hello, world")
                if reason:
                    st_fail[rt] = reason + " (peak RSS run)"
                    continue
                st_rss[rt].append(r.rss_kb)
        for rt in RUNTIMES:
            if rt not in active:
                startup[rt] = {"status": "n/a"}
            elif rt in st_fail:
                startup[rt] = {"status": "FAIL", "reason": st_fail[rt]}
            else:
                startup[rt] = {"status": "ok", "median_s": statistics.median(st_times[rt]),
                               "min_s": min(st_times[rt]), "peak_rss_kb": int(statistics.median(st_rss[rt])),
                               "max_rss_kb": max(st_rss[rt]), "runs": len(st_times[rt])}

    # ---- translation speed
    translation = None if args.no_translation else measure_translation(husk, 10, args.timeout)

    # ---- summarise
    prev_husk = {}
    if previous:
        for n, w in previous.get("workloads", {}).items():
            m = w.get("husk", {}).get("median_s")
            if isinstance(m, (int, float)) and m > 0:
                prev_husk[n] = float(m)

    results = {}
    rows = []
    for n in names:
        w = {"checksum": expected.get(n)}
        for rt in RUNTIMES:
            if rt not in active:
                w[rt] = {"status": "n/a"}
            elif rt in fail[n]:
                w[rt] = {"status": "FAIL", "reason": fail[n][rt]}
            elif "native" in fail[n]:
                w[rt] = {"status": "skipped", "reason": "native run failed"}
            else:
                t = times[n][rt]
                w[rt] = {"status": "ok", "median_s": statistics.median(t), "min_s": min(t),
                         "times_s": t, "peak_rss_kb": max(rss[n][rt]) if rss[n][rt] else None}
        nat = w["native"].get("median_s")
        for rt in ("husk", "node"):
            m = w[rt].get("median_s")
            if m is not None and nat:
                w[rt]["ratio_to_native"] = m / nat
        hm = w["husk"].get("median_s")
        if hm is not None and n in prev_husk:
            w["husk"]["ratio_to_previous"] = hm / prev_husk[n]
        results[n] = w

        def cell(rt, key, fmt):
            s = w[rt]["status"]
            if s == "ok":
                v = w[rt].get(key)
                return fmt(v) if v is not None else "-"
            return "FAIL" if s == "FAIL" else "n/a"
        prev_cell = "-"
        if "ratio_to_previous" in w["husk"]:
            prev_cell = fmt_ratio(w["husk"]["ratio_to_previous"])
        elif w["husk"]["status"] != "ok":
            prev_cell = cell("husk", "median_s", fmt_s)
        rows.append([n, cell("native", "median_s", fmt_s), cell("husk", "median_s", fmt_s),
                     cell("husk", "ratio_to_native", fmt_ratio), cell("node", "median_s", fmt_s),
                     cell("node", "ratio_to_native", fmt_ratio), prev_cell])

    geo = {
        "husk_vs_native": geomean([results[n]["husk"].get("ratio_to_native") for n in names]),
        "node_vs_native": geomean([results[n]["node"].get("ratio_to_native") for n in names]),
        "husk_vs_previous": geomean([results[n]["husk"].get("ratio_to_previous") for n in names]),
    }
    rows.append(["geomean", "", "", fmt_ratio(geo["husk_vs_native"]) if geo["husk_vs_native"] else "n/a",
                 "", fmt_ratio(geo["node_vs_native"]) if geo["node_vs_native"] else "n/a",
                 fmt_ratio(geo["husk_vs_previous"]) if geo["husk_vs_previous"] else "-"])

    print()
    print("Median wall time of %d run(s) per cell; ratios are time / native time (lower is better)." % args.reps)
    print_table(["workload", "native s", "husk s", "husk/native", "node s", "node/native", "husk vs previous"],
                rows)

    if startup:
        print()
        print("Start-up: hello.wasm, median wall time of %d process runs; peak RSS: median of 3 runs" % args.startup_reps)
        srows = []
        for rt in RUNTIMES:
            s = startup[rt]
            if s["status"] == "ok":
                srows.append([rt, "%.1f" % (s["median_s"] * 1000), "%d" % s["peak_rss_kb"]])
            else:
                srows.append([rt, s["status"], s["status"]])
        print_table(["runtime", "ms", "peak RSS KB"], srows)

    if translation:
        print()
        print("Translation: husk validate %s (%.2f MB of code), median of 10 runs, process start included"
              % (translation["module"], translation["code_bytes"] / 1e6))
        trows = []
        for key, label in (("all_cpus", "every CPU"), ("one_cpu", "one CPU (taskset -c 0)")):
            t = translation.get(key)
            if t and t["status"] == "ok":
                trows.append([label, "%.1f" % (t["median_s"] * 1000), "%.1f" % t["mb_per_s"]])
            elif t:
                trows.append([label, "FAIL", t["reason"]])
        print_table(["threads", "ms", "MB/s"], trows)

    failures = [(n, rt, results[n][rt]["reason"]) for n in names for rt in RUNTIMES
                if results[n][rt]["status"] == "FAIL"]
    failures += [("hello", rt, startup[rt]["reason"]) for rt in startup if startup[rt]["status"] == "FAIL"]
    if failures:
        print()
        print("FAILURES:")
        for n, rt, why in failures:
            print("  %s on %s: %s" % (n, rt, why))
    if husk_note:
        print()
        print("husk column n/a: %s" % husk_note)

    # ---- save
    save = not args.no_save and (not args.only or args.save)
    if save:
        commit, dirty = git_commit()
        doc = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "git_commit": commit,
            "git_dirty": dirty,
            "host": {"machine": platform.machine(), "system": platform.system(),
                     "release": platform.release(), "cpus": os.cpu_count(),
                     "python": platform.python_version()},
            "reps": args.reps,
            "rss_method": rss_method,
            "husk": {"command": husk, "note": husk_note},
            "node": {"version": tool_version(["node", "--version"]) if use_node else None, "note": node_note},
            "compiler": tool_version([os.environ.get("CC", "clang-14"), "--version"]),
            "previous": ({"date": previous.get("date"), "git_commit": previous.get("git_commit")}
                         if previous else None),
            "workloads": results,
            "geomean": geo,
            "startup": startup,
            "translation": translation,
        }
        os.makedirs(RESULTS, exist_ok=True)
        tmp = LATEST_JSON + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(doc, fh, indent=1, sort_keys=False)
            fh.write("\n")
        os.replace(tmp, LATEST_JSON)
        print()
        print("wrote %s" % os.path.relpath(LATEST_JSON, ROOT))
        if write_svg(results, names, LATEST_SVG):
            print("wrote %s" % os.path.relpath(LATEST_SVG, ROOT))
        elif not shutil.which("gnuplot"):
            print("gnuplot not installed: no chart")

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
