#!/usr/bin/env python3
"""Turns the RESULT lines of a benchmark run into benchmarks/results.md.

usage: summarize.py RESULTS_TXT OUT_MD [--section TITLE FILE]...

RESULT contender=<name> workload=<W1|...|W5> value=<number> unit=<...> extra=<k:v,...>
For each (contender, workload): the median, min and max of value over the rounds, the ratio of
the median to xestimator's median, and the median of the CPU time (extra cpu:) when present.
W1-W4 share two tables (wall-clock, CPU); W5 (the CNN, with its own set of contenders) gets a
table of its own holding both clocks.
Each --section appends a titled block with FILE's contents (machine, engine ratios, hook cost,
compile cost).
"""
import re
import statistics
import sys
from collections import OrderedDict, defaultdict

LINE = re.compile(r"^RESULT contender=(\S+) workload=(W[1-5]) value=(\S+) unit=(\S+)(?: extra=(\S*))?")
WORKLOADS = [("W1", "ns/step"), ("W2", "µs/step"), ("W3", "ms/step"), ("W4", "µs/step")]
REFERENCE = "xestimator"


def parse(path):
    runs = defaultdict(list)  # (contender, workload) -> [(value, extra dict)]
    order = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.strip())
            if not m:
                continue
            contender, workload, value, _unit, extra = m.groups()
            try:
                v = float(value)
            except ValueError:
                continue
            fields = {}
            for kv in (extra or "").split(","):
                if ":" in kv:
                    k, _, val = kv.partition(":")
                    fields[k] = val
            runs[(contender, workload)].append((v, fields))
            order.setdefault(contender, None)
    return runs, list(order)


def fmt(v):
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(samples):
    values = [v for v, _ in samples]
    med = statistics.median(values)
    if len(values) > 1:
        return med, f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})"
    return med, fmt(med)


def cpu_median(samples):
    cpu = [float(e["cpu"]) for _, e in samples if "cpu" in e]
    return statistics.median(cpu) if cpu else None


def extra_text(workload, samples):
    last = samples[-1][1]
    if workload == "W1" and "W" in last:
        return f"W={float(last['W']):.4f}, b={float(last['b']):.4f}"
    if workload == "W2" and "test_acc" in last:
        return f"acc {float(last['test_acc']):.3f}"
    if workload == "W5" and "test_acc" in last:
        return f"{float(last['test_acc']):.4f}"
    if workload == "W3" and "gflops" in last:
        g = statistics.median(float(e["gflops"]) for _, e in samples if "gflops" in e)
        text = f"{g:.1f} GFLOP/s"
        if "peak_gflops" in last:
            text += f" (peak {float(last['peak_gflops']):.1f})"
        return text
    if workload == "W4" and "pool_loss" in last:
        return f"loss {float(last['pool_loss']):.4f}"
    return ""


def table(runs, contenders, use_cpu):
    head = "| contender |"
    rule = "|---|"
    for w, unit in WORKLOADS:
        head += f" {w} {unit} | {w} / xestimator | {w} result |"
        rule += "---:|---:|---|"
    rows = [head, rule]
    ref = {}
    for w, _ in WORKLOADS:
        s = runs.get((REFERENCE, w))
        if s:
            ref[w] = cpu_median(s) if use_cpu else cell(s)[0]
    for c in contenders:
        row = f"| {c} |"
        for w, _ in WORKLOADS:
            s = runs.get((c, w))
            if not s:
                row += " – | – | – |"
                continue
            if use_cpu:
                med = cpu_median(s)
                if med is None:
                    row += " n/a | – | – |"
                    continue
                text = fmt(med)
            else:
                med, text = cell(s)
            r = ref.get(w)
            ratio = f"{med / r:.2f}" if r else "–"
            row += f" {text} | {ratio} | {extra_text(w, s)} |"
        rows.append(row)
    return "\n".join(rows)


def w5_table(runs, contenders):
    """W5: wall-clock median (min–max) and CPU median per contender, each with its ratio to xestimator."""
    rows = ["| contender | wall µs/step | wall / xestimator | CPU µs/step | CPU / xestimator | test accuracy |",
            "|---|---:|---:|---:|---:|---|"]
    ref = runs.get((REFERENCE, "W5"))
    ref_wall = cell(ref)[0] if ref else None
    ref_cpu = cpu_median(ref) if ref else None
    # xestimator, then the same step in plain loops, then the peers in the order they ran.
    first = [c for c in (REFERENCE, "handwritten") if c in contenders]
    for c in first + [c for c in contenders if c not in first]:
        s = runs.get((c, "W5"))
        if not s:
            continue
        wall, text = cell(s)
        cpu = cpu_median(s)
        wall_ratio = f"{wall / ref_wall:.2f}" if ref_wall else "–"
        cpu_text = fmt(cpu) if cpu is not None else "n/a"
        cpu_ratio = f"{cpu / ref_cpu:.2f}" if cpu is not None and ref_cpu else "–"
        rows.append(f"| {c} | {text} | {wall_ratio} | {cpu_text} | {cpu_ratio} | {extra_text('W5', s)} |")
    return "\n".join(rows)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    runs, contenders = parse(argv[1])
    if REFERENCE in contenders:
        contenders.remove(REFERENCE)
        contenders.insert(0, REFERENCE)
    sections = []
    i = 3
    while i < len(argv):
        if argv[i] != "--section" or i + 2 >= len(argv):
            print(f"bad argument {argv[i]}", file=sys.stderr)
            return 2
        sections.append((argv[i + 1], argv[i + 2]))
        i += 3
    rounds = max((len(v) for v in runs.values()), default=0)
    # The W1-W4 tables list the contenders that ran one of them; W5's table lists its own.
    main_contenders = [c for c in contenders if any((c, w) in runs for w, _ in WORKLOADS)]
    out = ["# Benchmark results", "",
           "Written by `benchmarks/run.sh`; the workloads and columns are defined in `benchmarks/README.md`.", "",
           f"## Wall-clock time per step: median (min–max) over {rounds} round(s)", "",
           "Ratio: the contender's median divided by xestimator's (above 1: slower than xestimator).", "",
           table(runs, main_contenders, use_cpu=False), "",
           "## CPU time per step: median", "",
           "The same runs measured in process CPU time, which excludes the time a process waited for a core "
           "(the better clock when the machine is shared).", "",
           table(runs, main_contenders, use_cpu=True), ""]
    if any(w == "W5" for _, w in runs):
        out += ["## W5 cnn-digits (a small CNN): time per step", "",
                f"Wall-clock median (min–max) and CPU-time median over {max(len(v) for (_, w), v in runs.items() if w == 'W5')} "
                "round(s); ratio: the contender's median divided by xestimator's (above 1: slower than xestimator). "
                "Test accuracy on the last 360 rows after the run's steps.", "",
                w5_table(runs, contenders), ""]
    for title, path in sections:
        try:
            with open(path, encoding="utf-8") as f:
                body = f.read().rstrip()
        except OSError:
            body = "(not measured)"
        out += [f"## {title}", "", body, ""]
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
