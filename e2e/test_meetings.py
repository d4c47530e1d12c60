"""Issue #6's shell commands through the real app's IPC (the Meetings screen is not built yet, so
this drives the commands the screen will call): a customer with an overdue open issue (seeded with
the CLI) gets it on a new meeting's agenda, the poll refuses a low score without a why, the meeting
is recorded with an action item, an update line lands in the issue's history, the action becomes a
follow-up, and the meeting pack and minutes are written as real workbooks with the expected sheets."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

from conftest import CLI_BIN
from helpers import App


def cli(data_dir: Path, *args: str):
    out = subprocess.run(
        [str(CLI_BIN), "--data-dir", str(data_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(out.stdout) if "--json" in args else out.stdout


def invoke(app: App, cmd: str, args: dict):
    """Calls a shell command as the UI does; returns (answer, error)."""
    answer = app.d.execute_async_script(
        """
        const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args)
          .then((v) => done({ok: v === undefined ? null : v}), (e) => done({err: e}));
        """,
        cmd,
        args,
    )
    return answer.get("ok"), answer.get("err")


def ok(app: App, cmd: str, args: dict):
    value, err = invoke(app, cmd, args)
    assert err is None, f"{cmd}: {err}"
    return value


def sheet_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return re.findall(r'<sheet [^>]*name="([^"]+)"', z.read("xl/workbook.xml").decode())


def test_meeting_through_the_shell_commands_and_the_workbooks(launch, data_dir: Path, tmp_path: Path):
    today = dt.date.today()
    cli(data_dir, "team", "add", "Priya")
    bakery = cli(data_dir, "contacts", "add", "--name", "Corner Bakery", "--json")["id"]
    issue = cli(
        data_dir, "issues", "add", "--customer", str(bakery), "--title", "Two trays arrived late",
        "--owner", "Priya", "--due", (today - dt.timedelta(days=3)).isoformat(), "--json",
    )["id"]
    app = launch()
    app.ready()
    team = ok(app, "team_list", {})[0]["id"]

    agenda = ok(app, "meetings_agenda", {"customer_id": bakery})
    assert agenda[0]["kind"] == "issue" and agenda[0]["issue_id"] == issue and agenda[0]["overdue"], agenda

    at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    meeting = {
        "customer_id": bakery,
        "at": at,
        "attendees": [{"team_member_id": team, "contact_id": None}, {"team_member_id": None, "contact_id": bakery}],
        "topics": ["Christmas orders"],
        "notes": "Trays late twice; agreed a new courier.",
        "happiness": 2,
        "happiness_why": None,
        "actions": [{"text": "Book the new courier", "owner": {"team_member_id": team, "contact_id": None},
                     "due": (today + dt.timedelta(days=5)).isoformat()}],
        "next_date": None,
        "cadence": "monthly",
    }
    _, err = invoke(app, "meetings_add", {"input": meeting})
    assert err is not None and err["field"] == "why", err
    assert ok(app, "meetings_list", {"filter": {"customer_id": bakery}}) == [], "a refused meeting was half-written"

    meeting["happiness_why"] = "the trays keep arriving late"
    mid = ok(app, "meetings_add", {"input": meeting})
    ok(app, "meeting_issue_update", {"meeting_id": mid, "issue_id": issue, "text": "New courier from Monday"})

    detail = ok(app, "meetings_get", {"id": mid})
    assert detail["meeting"]["happiness"] == 2
    assert [a["name"] for a in detail["attendees"]] == ["Priya", "Corner Bakery"]
    line = next(i for i in detail["agenda"] if i["issue_id"] == issue)
    assert line["update_note"] == "New courier from Monday"
    assert any(i["kind"] == "topic" and i["text"] == "Christmas orders" for i in detail["agenda"])
    history = ok(app, "issues_get", {"id": issue})["history"]
    assert any(e["kind"] == "comment" and (e["note"] or "").endswith(": New courier from Monday") for e in history), history

    action = detail["actions"][0]["id"]
    follow_up = ok(app, "meeting_action_to_follow_up", {"action_id": action})
    assert isinstance(follow_up, int)
    assert ok(app, "meetings_get", {"id": mid})["actions"][0]["follow_up_id"] == follow_up

    assert [p["score"] for p in ok(app, "meetings_happiness", {"customer_id": bakery})] == [2]
    found = ok(app, "meetings_list", {"filter": {"search": "courier"}})
    assert [m["id"] for m in found] == [mid]
    upcoming = ok(app, "meetings_upcoming", {"days": 40})
    assert any(u["customer_id"] == bakery and u["cadence"] == "monthly" for u in upcoming), upcoming

    pack = tmp_path / "Corner Bakery meeting pack.xlsx"
    counts = ok(app, "export_meeting_pack", {"path": str(pack), "customer_id": bakery})
    assert counts["rows"] >= 1
    assert sheet_names(pack) == ["Summary", "Open issues", "Timeline", "Action items", "Meeting notes", "Workload"]
    minutes = tmp_path / "minutes.xlsx"
    ok(app, "export_minutes", {"meeting_id": mid, "path": str(minutes)})
    with zipfile.ZipFile(minutes) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "Book the new courier" in strings and "the trays keep arriving late" in strings
