#!/usr/bin/env python3
"""Start-up bench: cold start to the first contacts list painted, against a bare Tauri window.

Each run starts a new process with a fresh data folder copy and fresh XDG data/cache folders (so
WebKit starts with no caches of its own), and measures from just before exec to the moment the
page reports its first paint through `app_ready` (CONTRACT-ui-shell.md, "Start-up hooks"): the
Rapport UI after its first contacts rows render plus two animation frames; the bare window after two
animation frames. Idle memory is the RSS (and PSS, which counts shared pages once) of the app and
every process it started (WebKitWebProcess, WebKitNetworkProcess), 5 s after the list painted.

Run through run.sh, which builds the release binaries, seeds the data and starts Xvfb.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_kib(pid: int) -> tuple[int, int, list[str]]:
    rss = pss = 0
    names = []
    for p in tree(pid):
        try:
            names.append((Path(f"/proc/{p}/comm").read_text().strip()))
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss, names


def run_once(
    binary: Path, data: Path | None, measure_memory: bool, timeout: float, extra_env: dict | None = None
) -> dict:
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.update(
            RAPPORT_TRACE_STARTUP="1",
            RAPPORT_DATA_DIR=str(tmp / "data"),
            XDG_DATA_HOME=str(tmp / "xdg-data"),
            XDG_CACHE_HOME=str(tmp / "xdg-cache"),
            XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        )
        env.update(extra_env or {})
        (tmp / "data").mkdir()
        if data is not None:
            for f in data.iterdir():
                if f.is_file():
                    shutil.copy2(f, tmp / "data" / f.name)
        t0 = time.time_ns() // 1000
        proc = subprocess.Popen(
            [str(binary)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, start_new_session=True,
        )
        result: dict = {}
        try:
            deadline = time.monotonic() + timeout
            assert proc.stdout is not None
            os.set_blocking(proc.stdout.fileno(), True)
            for line in proc.stdout:
                if line.startswith("rapport-app trace"):
                    fields = dict(kv.split("=", 1) for kv in line.split()[2:])
                    result.setdefault("stages", {})[fields["stage"]] = (
                        int(fields["epoch_us"]) - t0
                    ) / 1000
                if line.startswith("rapport-app ready"):
                    fields = dict(kv.split("=", 1) for kv in line.split()[2:])
                    result["ms"] = (int(fields["epoch_us"]) - t0) / 1000
                    result["screen"] = fields.get("screen")
                    result["rows"] = int(fields.get("rows", 0))
                    break
                if time.monotonic() > deadline:
                    break
            if "ms" not in result:
                raise RuntimeError(f"{binary.name} never reported app_ready")
            if measure_memory:
                time.sleep(5)
                result["rss_kib"], result["pss_kib"], result["procs"] = memory_kib(proc.pid)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", type=Path, required=True)
    ap.add_argument("--floor", type=Path, required=True)
    ap.add_argument("--seeded", type=Path, required=True, help="data folder with 100,000 contacts")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--baseline", type=Path,
        help="another build of the app (say, before a change), run interleaved in the same pass",
    )
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()

    # The app turns WebKitGTK's accelerated compositing off itself (src-tauri/src/webview.rs); the
    # floor is a stock Tauri window, and a second floor is that window with compositing off through
    # WebKit's environment variable, to show what the app adds over the same kind of web view.
    off = {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"}
    cases = [
        ("bare Tauri window (floor)", args.floor, None, None),
        ("bare window, compositing off", args.floor, None, off),
        ("Rapport, empty store", args.app, None, None),
        ("Rapport, 100,000 contacts", args.app, args.seeded, None),
    ]
    if args.baseline:
        cases += [
            ("baseline, empty store", args.baseline, None, None),
            ("baseline, 100,000 contacts", args.baseline, args.seeded, None),
        ]
    load_at_start = os.getloadavg()
    # One warm-up of each (the first exec after a build pays for reading the binary from disk).
    for _, binary, data, env in cases:
        run_once(binary, data, False, args.timeout, env)
    times: dict[str, list[float]] = {name: [] for name, *_ in cases}
    stages: dict[str, dict[str, list[float]]] = {name: {} for name, *_ in cases}
    rows: dict[str, int] = {}
    for _ in range(args.runs):
        for name, binary, data, env in cases:  # interleaved, so drift affects all cases alike
            r = run_once(binary, data, False, args.timeout, env)
            times[name].append(r["ms"])
            for stage, ms in r.get("stages", {}).items():
                stages[name].setdefault(stage, []).append(ms)
            rows[name] = r["rows"]
    mem = run_once(args.app, args.seeded, True, args.timeout)
    floor_mem = run_once(args.floor, None, True, args.timeout)

    floor = statistics.median(times[cases[0][0]])
    floor_off = statistics.median(times[cases[1][0]])
    print(f"\nStart-up to first paint, {args.runs} runs each (ms); load average"
          f" {load_at_start[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end:")
    print(
        f"{'case':30} {'median':>8} {'min':>8} {'max':>8} {'x floor':>8} {'x off':>8} {'rows':>6}"
    )
    for name, *_ in cases:
        t = times[name]
        med = statistics.median(t)
        print(
            f"{name:30} {med:8.0f} {min(t):8.0f} {max(t):8.0f} {med / floor:8.2f}"
            f" {med / floor_off:8.2f} {rows[name]:6}"
        )
    print("\nWhere the time goes (median ms after exec at which the shell reached each stage):")
    for name, *_ in cases:
        if stages[name]:
            parts = [f"{k} {statistics.median(v):.0f}" for k, v in stages[name].items()]
            print(f"{name:30} " + ", ".join(parts) + f", first paint {statistics.median(times[name]):.0f}")
    print("\nIdle memory 5 s after first paint (app + WebKit processes):")
    for name, m in (("Rapport, 100,000 contacts", mem), ("bare Tauri window (floor)", floor_mem)):
        print(
            f"{name:30} RSS {m['rss_kib'] / 1024:7.1f} MiB   PSS {m['pss_kib'] / 1024:7.1f} MiB"
            f"   processes: {', '.join(m['procs'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
