"""Start-up never opens an empty database in place of a damaged one."""

from __future__ import annotations

from pathlib import Path

from conftest import wait_for_exit
from helpers import tid


def test_garbage_data_file_shows_the_startup_problem_screen(launch, data_dir: Path):
    garbage = b"this is not a database, just some bytes " * 100
    (data_dir / "rapport.sqlite3").write_bytes(garbage)
    app = launch()
    screen = app.find(tid("startup-error"), timeout=60)
    assert screen.text.strip(), "the start-up problem screen says nothing"
    assert not app.all(tid("contact-row"))
    # The damaged file is left exactly as it was.
    assert (data_dir / "rapport.sqlite3").read_bytes() == garbage
    app.screenshot()


def test_a_folder_opened_from_the_startup_problem_screen_is_opened_at_the_next_launch(
    launch, tmp_path: Path
):
    # No RAPPORT_DATA_DIR (an empty value counts as unset): the app opens its default folder, under
    # the test's private XDG_DATA_HOME, and that one holds a damaged file.
    default = tmp_path / "xdg-data" / "app.rapport.desktop"
    default.mkdir(parents=True)
    (default / "rapport.sqlite3").write_bytes(b"not a database " * 100)
    other = tmp_path / "other-folder"
    other.mkdir()
    env = {"RAPPORT_DATA_DIR": ""}

    app = launch(env)
    app.find(tid("startup-error"), timeout=60)
    # What "Open another data folder…" does once the folder picker returns `other`.
    status = app.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke('app_open_folder', { path: arguments[0] })"
        "  .then(done, (e) => done({ failed: e }));",
        str(other),
    )
    assert status.get("ready"), status
    app.d.quit()
    wait_for_exit(tmp_path / "app.pids")

    # The next launch opens the folder picked last time, not the damaged default.
    app = launch(env)
    app.find("[data-screen]", timeout=60)
    assert not app.all(tid("startup-error"))
    status = app.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke('app_status').then(done, (e) => done({ failed: e }));"
    )
    assert status["data_dir"] == str(other), status
    assert (other / "rapport.sqlite3").is_file()
    assert (default / "rapport.sqlite3").read_bytes() == b"not a database " * 100
    app.screenshot()
