"""A second launch hands over to the running app and exits; it never opens the data file twice.

Runs the binary directly (no WebDriver) inside scripts/e2e.sh's Xvfb display and private D-Bus
session, where tauri-plugin-single-instance registers the first instance's name.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

from conftest import APP_BIN
from helpers import TIMEOUT

DB_FILE = "rapport.sqlite3"


def app_env(tmp: Path, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RAPPORT_DATA_DIR=str(data_dir),
        RAPPORT_TRACE_STARTUP="1",
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
    )
    return env


def wait_ready(proc: subprocess.Popen, timeout: float = 60) -> str:
    """Reads the app's start-up trace until its first screen has painted."""
    assert proc.stdout is not None
    deadline, seen = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            seen += line
            if line.startswith("rapport-app ready"):
                return line
            if not line and proc.poll() is not None:
                break
    raise AssertionError(f"the first instance never painted; it printed:\n{seen}")


def holders(path: Path) -> set[int]:
    """Processes with `path` open."""
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) == str(path):
                    pids.add(int(proc.name))
                    break
        except OSError:
            continue
    return pids


def test_a_second_launch_exits_and_leaves_the_first_alone(tmp_path: Path, data_dir: Path):
    env = app_env(tmp_path, data_dir)
    first = subprocess.Popen(
        [str(APP_BIN)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        start_new_session=True,
    )
    try:
        assert "screen=" in wait_ready(first)
        db = (data_dir / DB_FILE).resolve()
        assert holders(db) == {first.pid}

        started = time.monotonic()
        second = subprocess.run(
            [str(APP_BIN)], env=env, capture_output=True, text=True, timeout=TIMEOUT,
        )
        took = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        # It handed over before opening anything: no window, no store, no start-up trace.
        assert "rapport-app ready" not in second.stdout
        assert "stage=store-opened" not in second.stdout
        assert took < 10, f"the second launch took {took:.1f} s to exit"

        assert first.poll() is None, "the first instance exited"
        assert holders(db) == {first.pid}
    finally:
        try:
            os.killpg(first.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
