#!/usr/bin/env python3
"""Side by side: Rapport importing a survey export (.xlsx) and computing its report, against pandas +
openpyxl reading the same file and computing the same NPS and CSAT.

Usage: compare.py RAPPORT_BINARY FILE.xlsx [RUNS]

Each side runs RUNS times (default 3) and the median is reported. Rapport's time is the whole
user action through the real binary: `surveys import` (read, detect, check every cell, write
50,000 responses and their answers in one transaction) then `surveys report --json`, each on a
fresh data folder. pandas' time is `read_excel(engine="openpyxl")` plus the two figures, which is
less work than Rapport does. The figures of both sides must agree.
"""
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import pandas as pd

NPS = "How likely are you to recommend us? (0-10)"
CSAT = "Overall satisfaction (1-5)"


def rapport_once(binary, path):
    with tempfile.TemporaryDirectory() as data:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [binary, "--data-dir", data, "surveys", "import", path, "--name", "bench", "--json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = subprocess.run(
            [binary, "--data-dir", data, "surveys", "report", "1", "--json"],
            check=True,
            capture_output=True,
        ).stdout
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads(out)
    return elapsed, report["nps"], report["csat"], report["n"], cpu


def pandas_once(path):
    start = time.perf_counter()
    cpu_start = time.process_time()
    df = pd.read_excel(path, engine="openpyxl")
    nps_scores = df[NPS].dropna()
    n = len(nps_scores)
    nps = 100.0 * ((nps_scores >= 9).sum() - (nps_scores <= 6).sum()) / n
    csat_scores = df[CSAT].dropna()
    csat = 100.0 * (csat_scores >= 4).sum() / len(csat_scores)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return elapsed, float(nps), float(csat), len(df), cpu


def main():
    binary, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    ours = [rapport_once(binary, path) for _ in range(runs)]
    theirs = [pandas_once(path) for _ in range(runs)]
    for label, results in (("rapport", ours), ("pandas+openpyxl", theirs)):
        _, nps, csat, n, _ = results[0]
        print(f"{label:16} rows={n} NPS={nps:.3f} CSAT={csat:.3f} wall=" +
              ", ".join(f"{r[0]:.2f}s" for r in results) + " cpu=" +
              ", ".join(f"{r[4]:.2f}s" for r in results))
    if abs(ours[0][1] - theirs[0][1]) > 1e-9 or abs(ours[0][2] - theirs[0][2]) > 1e-9 or ours[0][3] != theirs[0][3]:
        print("FIGURES DIFFER", file=sys.stderr)
        sys.exit(1)
    a = statistics.median(r[0] for r in ours)
    b = statistics.median(r[0] for r in theirs)
    ca = statistics.median(r[4] for r in ours)
    cb = statistics.median(r[4] for r in theirs)
    print(f"median wall: rapport {a:.2f}s (import + report), pandas+openpyxl {b:.2f}s (read + NPS + CSAT): "
          f"{b / a:.1f}x faster")
    # CPU time is steadier than wall time on a shared machine.
    print(f"median cpu:  rapport {ca:.2f}s, pandas+openpyxl {cb:.2f}s: {cb / ca:.1f}x less")


if __name__ == "__main__":
    main()
