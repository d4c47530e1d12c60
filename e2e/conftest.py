"""Fixtures for the end-to-end tests: the real rapport-app, driven through WebKitWebDriver.

scripts/e2e.sh starts Xvfb and `TAURI_WEBVIEW_AUTOMATION=true WebKitWebDriver --port=4444`, then runs
pytest. Each test gets its own data folder: the app is launched through a tiny wrapper script that
sets RAPPORT_DATA_DIR, because WebKitWebDriver starts the binary itself with its own environment.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection

from helpers import App, save_screenshot

REPO = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
if not TARGET.is_absolute():
    TARGET = REPO / TARGET
APP_BIN = Path(os.environ.get("RAPPORT_APP_BIN") or TARGET / "debug" / "rapport-app")
CLI_BIN = Path(os.environ.get("RAPPORT_CLI_BIN") or TARGET / "debug" / "rapport")
WEBDRIVER_URL = os.environ.get("WEBDRIVER_URL", "http://127.0.0.1:4444")
SCREENSHOTS = REPO / "target" / "e2e-screenshots"


def cli(data_dir: Path, *args: str):
    """Runs the `rapport` CLI on a data folder: the parsed JSON with `--json`, else its output."""
    out = subprocess.run(
        [str(CLI_BIN), "--data-dir", str(data_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(out.stdout) if "--json" in args else out.stdout


def _launcher(tmp: Path, data_dir: Path, env: dict[str, str] | None = None) -> Path:
    """A wrapper that starts the app on `data_dir` (WebKitWebDriver passes no environment)."""
    script = tmp / "launch-rapport.sh"
    extra = "".join(f"export {k}='{v}'\n" for k, v in (env or {}).items())
    script.write_text(
        "#!/bin/sh\n"
        f"export RAPPORT_DATA_DIR='{data_dir}'\n"
        # A private XDG data/cache/config home so WebKit's own storage and the app's settings
        # (the remembered data folder) never leak between tests or into the user's.
        f"export XDG_DATA_HOME='{tmp / 'xdg-data'}'\n"
        f"export XDG_CACHE_HOME='{tmp / 'xdg-cache'}'\n"
        f"export XDG_CONFIG_HOME='{tmp / 'xdg-config'}'\n"
        f"{extra}"
        # The pid (exec keeps it), so the test can wait for the app to be gone after quitting.
        f"echo $$ >> '{tmp / 'app.pids'}'\n"
        # Each test's app on a session bus of its own: an app from the previous test that is still
        # shutting down holds the single-instance name on a shared bus, and the next app would hand
        # over to it and exit (test_single_instance.py tests the hand-over on one bus, on purpose).
        f"exec dbus-run-session -- '{APP_BIN}' \"$@\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def start_app(tmp: Path, data_dir: Path, env: dict[str, str] | None = None) -> webdriver.Remote:
    if not APP_BIN.is_file():
        pytest.fail(f"{APP_BIN} is missing: build it with `cargo build --workspace`")
    options = ArgOptions()
    options.set_capability(
        "webkitgtk:browserOptions", {"binary": str(_launcher(tmp, data_dir, env)), "args": []}
    )
    # A keep-alive client: one TCP connection for the whole session (see DESKTOP-NOTES.md).
    config = ClientConfig(remote_server_addr=WEBDRIVER_URL, keep_alive=True, timeout=120)
    return webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def launch(request, tmp_path: Path, data_dir: Path):
    """Starts the app on `data_dir` (prepare the folder first), with `env` added to its
    environment; quits it after the test."""
    drivers = []

    def start(env: dict[str, str] | None = None) -> App:
        driver = start_app(tmp_path, data_dir, env)
        drivers.append(driver)
        return App(driver, SCREENSHOTS / f"{request.node.name}.png")

    yield start
    failed = getattr(request.node, "rep_call", None)
    for i, driver in enumerate(drivers):
        if failed is not None and failed.failed:
            # What the screen showed when the test failed, beside the screenshots of passing tests.
            suffix = "" if i == 0 else f"-{i}"
            try:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                save_screenshot(driver, SCREENSHOTS / f"{request.node.name}{suffix}-FAILED.png")
            except Exception:  # noqa: BLE001 - the failure itself is what matters
                pass
        try:
            driver.quit()
        except Exception:  # noqa: BLE001 - a test may have quit it already (to relaunch)
            pass
    wait_for_exit(tmp_path / "app.pids")


def wait_for_exit(pids_file: Path, timeout: float = 15) -> None:
    """Waits until every app a test started has exited. WebKitWebDriver's quit only asks the window
    to close; an app still shutting down holds the single-instance D-Bus name, and the next test's
    app would hand over to it and exit instead of starting."""
    if not pids_file.is_file():
        return
    deadline = time.monotonic() + timeout
    for pid in {int(p) for p in pids_file.read_text().split()}:
        stat = Path(f"/proc/{pid}/stat")
        while time.monotonic() < deadline:
            try:
                state = stat.read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                break
            if state in ("Z", "X"):
                break
            time.sleep(0.05)


@pytest.fixture
def app(launch) -> App:
    """The app on a fresh, empty data folder, with its first screen shown."""
    a = launch()
    a.ready()
    return a


@pytest.fixture(scope="session")
def seeded_100k(tmp_path_factory) -> Path:
    """A data folder with 100,000 sample contacts, made once per run with the CLI and copied per test."""
    d = tmp_path_factory.mktemp("seed100k")
    if not CLI_BIN.is_file():
        pytest.fail(f"{CLI_BIN} is missing: build it with `cargo build --workspace`")
    subprocess.run(
        [str(CLI_BIN), "--data-dir", str(d), "dev", "seed", "--contacts", "100000"],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return d


def copy_data(src: Path, dst: Path) -> None:
    for item in src.iterdir():
        if item.is_file():
            shutil.copy2(item, dst / item.name)
