"""How the shipped web view draws: without accelerated compositing (src-tauri/src/webview.rs), in
the light and the dark appearance, with a list that scrolls."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

from conftest import CLI_BIN
from helpers import tid


def mean_luminance(png: bytes) -> float:
    """Mean luminance (0-255) of an 8-bit RGB or RGBA, non-interlaced PNG (what WebKit writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    prev, total, i = bytearray(stride), 0.0, 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        for x in range(0, stride, bpp * 8):  # every 8th pixel is plenty for a mean
            total += 0.2126 * line[x] + 0.7152 * line[x + 1] + 0.0722 * line[x + 2]
        prev = line
    return total / (height * len(range(0, stride, bpp * 8)))


def seed(data_dir: Path, contacts: int) -> None:
    subprocess.run(
        [str(CLI_BIN), "--data-dir", str(data_dir), "dev", "seed", "--contacts", str(contacts)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_dark_appearance_paints_the_contacts_list_dark(launch, data_dir: Path):
    seed(data_dir, 300)
    # GTK's dark theme is what WebKitGTK reports to the page as prefers-color-scheme: dark.
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    app.nav("contacts")
    app.find(tid("contact-row"), timeout=60)
    assert app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    # Scroll the list a little, so what is painted is the virtual list after a scroll.
    app.d.execute_script(
        """
        let el = document.querySelector('[data-testid="contact-row"]');
        while (el && !(el.scrollHeight > el.clientHeight + 1)) el = el.parentElement;
        el.scrollTop = 40 * 52;
        el.dispatchEvent(new Event('scroll'));
        """
    )
    app.screenshot()
    assert mean_luminance(app.screenshot_path.read_bytes()) < 80, "the dark window painted light"


def test_light_appearance_paints_the_contacts_list_light(launch, data_dir: Path):
    seed(data_dir, 300)
    app = launch({"GTK_THEME": "Adwaita"})
    app.ready()
    app.nav("contacts")
    app.find(tid("contact-row"), timeout=60)
    assert not app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    app.screenshot()
    assert mean_luminance(app.screenshot_path.read_bytes()) > 170, "the light window painted dark"
