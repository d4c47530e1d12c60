"""Start-up never opens an empty database in place of a damaged one."""

from __future__ import annotations

from pathlib import Path

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
