"""Reminders in the real app (issue #5): a follow-up due today, seeded through the CLI, is on the
Today screen and marking it done removes it; today's birthday logs a greeting on the timeline;
the contact's page lists their follow-ups with the stay-in-touch badge. Screenshots of Today and
of the contact's follow-ups, in the light and the dark appearance."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from conftest import CLI_BIN, SCREENSHOTS
from helpers import App, save_screenshot, tid


def cli(data_dir: Path, *args: str) -> str:
    out = subprocess.run(
        [str(CLI_BIN), "--data-dir", str(data_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout


def seed(data_dir: Path) -> dict[str, int]:
    """Ada has a follow-up today, one overdue and a stay-in-touch cadence; Grace's birthday is
    today; Linus has a follow-up in three days."""
    today = dt.date.today()
    ids = {}
    for name, extra in [
        ("Ada Lovelace", ["--tag", "VIP"]),
        ("Grace Hopper", [f"--birthday=--{today:%m-%d}"]),
        ("Linus Pauling", []),
    ]:
        ids[name] = json.loads(cli(data_dir, "contacts", "add", "--name", name, *extra, "--json"))["id"]
    ada, linus = str(ids["Ada Lovelace"]), str(ids["Linus Pauling"])
    cli(data_dir, "followups", "add", "--contact", ada, "--due", today.isoformat(), "--note", "Call about the invoice")
    cli(data_dir, "followups", "add", "--contact", ada, "--due", (today - dt.timedelta(days=2)).isoformat(),
        "--note", "Send the signed contract back")
    cli(data_dir, "followups", "add", "--contact", ada, "--due", (today + dt.timedelta(days=5)).isoformat(),
        "--stay-in-touch", "30d")
    cli(data_dir, "followups", "add", "--contact", linus, "--due", (today + dt.timedelta(days=3)).isoformat(),
        "--note", "Ask how the new oven works")
    cli(data_dir, "interactions", "add", "--contact", ada, "--channel", "call", "--summary", "Agreed the quote",
        "--at", (dt.datetime.now() - dt.timedelta(days=25)).strftime("%Y-%m-%dT%H:%M"))
    return ids


def shot(app: App, name: str) -> Path:
    app.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
    )
    path = SCREENSHOTS / f"{name}.png"
    save_screenshot(app.d, path)
    return path


# Scrolls the detail pane (not the window) so the section is at its top.
SCROLL_PANE_TO = """
const el = arguments[0];
let box = el.parentElement;
while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
window.scrollTo(0, 0);
"""


def item_titled(app: App, section: str, title: str):
    def look():
        for el in app.all(f'{tid(f"reminders-{section}")} {tid("reminder-item")}'):
            if title in el.text:
                return el
        return False

    return app.until(look, f"no reminder {title!r} under {section}")


def test_a_follow_up_due_today_is_on_today_and_done_removes_it(launch, data_dir: Path):
    ids = seed(data_dir)
    app = launch()
    app.ready()
    app.nav("today")
    row = item_titled(app, "today", "Call about the invoice")
    assert "Ada Lovelace" in row.text
    item_titled(app, "overdue", "Send the signed contract back")
    item_titled(app, "week", "Ask how the new oven works")
    birthday = item_titled(app, "birthdays", "Grace Hopper")
    shot(app, "reminders-today-light")

    row.find_element("css selector", tid("reminder-done")).click()
    app.until(
        lambda: all("Call about the invoice" not in el.text for el in app.all(tid("reminder-item"))),
        "the done follow-up is still on Today",
    )
    app.find(tid("reminders-today-empty"))
    # The overdue one is still there: only the one marked done went.
    item_titled(app, "overdue", "Send the signed contract back")

    # A greeting for today's birthday is logged on Grace's timeline.
    birthday = item_titled(app, "birthdays", "Grace Hopper")
    birthday.find_element("css selector", tid("log-greeting")).click()
    app.until(lambda: "Greeting logged" in birthday.text, "the greeting was not logged")
    app.d.get(app.d.current_url.split("#")[0] + f"#/contacts/{ids['Grace Hopper']}")
    app.until(
        lambda: any("Birthday greeting" in el.text for el in app.all(tid("timeline-item"))),
        "no greeting on Grace's timeline",
    )

    # Ada's page: her follow-ups (the overdue one and the stay-in-touch one) and an amber badge
    # (25 days since the last call, every 30 days).
    app.d.get(app.d.current_url.split("#")[0] + f"#/contacts/{ids['Ada Lovelace']}")
    section = app.find(tid("contact-followups"))
    app.until(lambda: len(section.find_elements("css selector", tid("followup-row"))) == 2, "Ada's follow-ups")
    badge = app.find(tid("staleness"))
    assert badge.get_attribute("data-level") == "amber", badge.text
    app.d.execute_script(SCROLL_PANE_TO, section)
    shot(app, "reminders-contact-followups-light")


def test_today_and_follow_ups_in_the_dark_appearance(launch, data_dir: Path):
    ids = seed(data_dir)
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    assert app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    app.nav("today")
    item_titled(app, "today", "Call about the invoice")
    shot(app, "reminders-today-dark")
    app.d.get(app.d.current_url.split("#")[0] + f"#/contacts/{ids['Ada Lovelace']}")
    section = app.find(tid("contact-followups"))
    app.find(tid("staleness"))
    app.d.execute_script(SCROLL_PANE_TO, section)
    shot(app, "reminders-contact-followups-dark")
