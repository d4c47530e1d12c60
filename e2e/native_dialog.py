"""Answering the app's native save dialog (GTK's file chooser) from a test, as a person would: find
the dialog's window by its title, give it the keyboard, select the name, type the full path, press
Enter. The window is found with `xwininfo` (x11-utils) and the keys go through libxdo (the library
the Tauri build already needs, libxdo-dev) over XTEST, so the real dialog and the real plugin run.

WebDriver cannot reach native dialogs, and the page cannot stand in for the dialog plugin: Tauri
defines `window.__TAURI_INTERNALS__.invoke` read-only."""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys
import time

CURRENT_WINDOW = 0
KEY_DELAY_US = 12_000


def _window_titled(title: str, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    pattern = re.compile(r'^\s*(0x[0-9a-f]+) "(.*)":')
    while time.monotonic() < deadline:
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=10).stdout
        for line in tree.splitlines():
            m = pattern.match(line)
            if m and m.group(2) == title and _viewable(m.group(1)):
                return int(m.group(1), 16)
        time.sleep(0.2)
    raise TimeoutError(f"no window titled {title!r} appeared")


def _viewable(window: str) -> bool:
    """Mapped and shown: X refuses to focus a window that is not (BadMatch)."""
    info = subprocess.run(["xwininfo", "-id", window], capture_output=True, text=True, timeout=10).stdout
    return "IsViewable" in info


def answer_save_dialog(title: str, path: str, timeout: float = 20) -> None:
    """Types `path` into the save dialog titled `title` and confirms it. Runs in a child process:
    Xlib's I/O error handler ends the whole process, which must not be the test runner."""
    done = subprocess.run(
        [sys.executable, __file__, title, path, str(timeout)], capture_output=True, text=True, timeout=timeout + 30
    )
    if done.returncode != 0:
        raise RuntimeError(f"answering the save dialog failed ({done.returncode}): {done.stderr.strip()}")


def _type_into_dialog(title: str, path: str, timeout: float) -> None:
    xdo_lib = ctypes.CDLL("libxdo.so.3")
    xdo_lib.xdo_new.restype = ctypes.c_void_p
    xdo_lib.xdo_new.argtypes = [ctypes.c_char_p]
    xdo_lib.xdo_free.argtypes = [ctypes.c_void_p]
    xdo_lib.xdo_focus_window.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xdo_lib.xdo_send_keysequence_window.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_uint]
    xdo_lib.xdo_enter_text_window.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_uint]
    xdo = xdo_lib.xdo_new(None)
    if not xdo:
        raise RuntimeError("libxdo could not open the display")
    try:
        window = _window_titled(title, timeout)
        # The chooser builds its widgets after it maps; give it a moment before typing.
        time.sleep(1.0)
        xdo_lib.xdo_focus_window(xdo, window)
        time.sleep(0.3)
        xdo_lib.xdo_send_keysequence_window(xdo, CURRENT_WINDOW, b"ctrl+a", KEY_DELAY_US)
        xdo_lib.xdo_enter_text_window(xdo, CURRENT_WINDOW, path.encode(), KEY_DELAY_US)
        time.sleep(0.2)
        xdo_lib.xdo_send_keysequence_window(xdo, CURRENT_WINDOW, b"Return", KEY_DELAY_US)
    finally:
        xdo_lib.xdo_free(xdo)


if __name__ == "__main__":
    _type_into_dialog(sys.argv[1], sys.argv[2], float(sys.argv[3]))
