"""Issue #6 through the real app. First the shell commands over IPC: a customer with an overdue open issue (seeded with
the CLI) gets it on a new meeting's agenda, the poll refuses a low score without a why, the meeting
is recorded with an action item, an update line lands in the issue's history, the action becomes a
follow-up, and the meeting pack and minutes are written as real workbooks with the expected sheets. Then the
same story through the screens: Start meeting on the customer's page, the overdue issue on the
agenda, an update line, the poll, an action item, Ctrl+Enter, the meeting in the past list, the
update in the issue's history, the happiness trend on the contact page, and the meeting pack
exported with the button and read back by openpyxl; screenshots in light and dark."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import SCREENSHOTS, cli
from helpers import App, tid
from native_dialog import answer_save_dialog
from test_appearance import mean_luminance


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


# ---- the same story through the screens ----



def shot(app: App, name: str) -> Path:
    app.screenshot_path = SCREENSHOTS / name
    app.screenshot()
    return app.screenshot_path


def seed_overdue(data_dir: Path) -> dict[str, int]:
    today = dt.date.today()
    cli(data_dir, "team", "add", "Priya")
    bakery = cli(data_dir, "contacts", "add", "--name", "Corner Bakery", "--kind", "organization", "--json")["id"]
    ada = cli(data_dir, "contacts", "add", "--name", "Ada Baker", "--org", "Corner Bakery", "--json")["id"]
    issue = cli(
        data_dir, "issues", "add", "--customer", str(bakery), "--title", "Two trays arrived late",
        "--owner", "Priya", "--due", (today - dt.timedelta(days=3)).isoformat(), "--json",
    )["id"]
    return {"bakery": bakery, "ada": ada, "issue": issue}


def test_a_meeting_run_through_the_screens_and_its_pack(launch, data_dir: Path, tmp_path: Path):
    import openpyxl

    ids = seed_overdue(data_dir)
    app = launch()
    app.ready()
    team = ok(app, "team_list", {})[0]["id"]

    # From the customer's page: Start meeting opens the in-meeting view with the overdue issue first.
    app.nav("contacts")
    app.row(ids["bakery"]).click()
    detail = app.find(f'{tid("contact-detail")}[data-id="{ids["bakery"]}"]')
    app.find(tid("happiness-empty"))
    detail.find_element(By.CSS_SELECTOR, tid("start-meeting")).click()
    form = app.find(f'[data-screen="meetings"] {tid("meeting-form")}')
    item = app.find(f'{tid("agenda-item")}[data-issue-id="{ids["issue"]}"]')
    assert item.get_attribute("data-overdue") == "true"
    assert "Two trays arrived late" in item.text

    app.fill(form, f"update-{ids['issue']}", "New courier from Monday")
    shot(app, "test_meeting_agenda_light.png")
    form.find_element(By.CSS_SELECTOR, f'[name="attendee-team-{team}"]').click()
    form.find_element(By.CSS_SELECTOR, f'[name="attendee-contact-{ids["ada"]}"]').click()
    app.fill(form, "notes", "Trays late twice; agreed a new courier.")
    app.fill(form, "happiness", "2")
    # Saving without the why is refused, naming the field, and writes nothing.
    form.find_element(By.CSS_SELECTOR, tid("meeting-save")).click()
    err = app.find(f'{tid("field-error")}[data-field="why"]')
    assert "why" in err.text.lower()
    assert ok(app, "meetings_list", {"filter": {"customer_id": ids["bakery"]}}) == []
    app.fill(form, "why", "the trays keep arriving late")
    app.fill(form, "action-text-0", "Book the new courier")
    app.fill(form, "action-owner-0", f"team:{team}")
    app.fill(form, "action-due-0", (dt.date.today() + dt.timedelta(days=5)).isoformat())
    app.fill(form, "cadence", "monthly")
    shot(app, "test_meeting_in_meeting_light.png")
    # Ctrl+Enter saves from the field being typed in.
    form.find_element(By.CSS_SELECTOR, '[name="why"]').send_keys(Keys.CONTROL, Keys.ENTER)

    shown = app.find(tid("meeting-detail"))
    app.until(lambda: tid("agenda-update") and app.all(tid("agenda-update")), "the update line is not shown")
    assert app.find(tid("agenda-update")).text == "New courier from Monday"
    mid = int(shown.get_attribute("data-id"))
    assert "2 of 5" in app.find(tid("meeting-happiness")).text
    action = app.find(tid("meeting-action"))
    assert "Book the new courier" in action.text and "Priya" in action.text
    rows = app.all(tid("meeting-row"))
    assert [int(r.get_attribute("data-id")) for r in rows] == [mid]
    app.find(f'{tid("upcoming-meeting")}[data-customer-id="{ids["bakery"]}"]')
    shot(app, "test_meeting_detail_light.png")

    # The update line is in the issue's history.
    app.d.execute_script("location.hash = arguments[0]", f"#/issues/{ids['issue']}")
    app.find(f'{tid("issue-detail")}[data-id="{ids["issue"]}"]')
    app.until(
        lambda: any("New courier from Monday" in h.text for h in app.all(f'{tid("issue-history-item")}[data-kind="comment"]')),
        "the meeting's update line is not in the issue's history",
    )

    # The action item becomes a follow-up in one click.
    app.d.execute_script("location.hash = arguments[0]", f"#/meetings/{mid}")
    app.find(tid("action-follow-up")).click()
    app.gone(tid("action-follow-up"))
    assert ok(app, "meetings_get", {"id": mid})["actions"][0]["follow_up_id"] is not None

    # The contact page now shows the happiness trend.
    app.d.execute_script("location.hash = arguments[0]", f"#/contacts/{ids['bakery']}")
    trend = app.find(tid("happiness-trend"))
    assert [p.get_attribute("data-score") for p in trend.find_elements(By.CSS_SELECTOR, tid("happiness-point"))] == ["2"]

    # Export meeting pack from the Meetings screen (all customers), through the button.
    pack = tmp_path / "All customers meeting pack.xlsx"
    app.nav("meetings")
    app.find(tid("export-meeting-pack")).click()
    answer_save_dialog("Export meeting pack", str(pack))
    app.until(lambda: any("Meeting pack saved" in t.text for t in app.all(tid("toast"))), "no 'saved' message")
    assert pack.is_file()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir()), "a temp file was left"
    wb = openpyxl.load_workbook(pack)
    assert wb.sheetnames == ["Summary", "Open issues", "Timeline", "Action items", "Meeting notes", "Workload"]
    open_issues = wb["Open issues"]
    assert open_issues.freeze_panes == "A2"
    assert open_issues.tables, "Open issues is not an Excel table"
    cells = [c.value for row in open_issues.iter_rows() for c in row]
    assert "Two trays arrived late" in cells
    notes = {row[0]: row[1] for row in wb["Meeting notes"].iter_rows(values_only=True) if row[0]}
    assert notes["Happiness"] == "2 of 5 — the trays keep arriving late"
    assert notes["Attendees"] == "Priya, Ada Baker (Corner Bakery)"
    assert "New courier from Monday" in notes.values()
    actions = [c.value for row in wb["Action items"].iter_rows() for c in row]
    assert "Book the new courier" in actions
    assert wb["Workload"]._charts, "the Workload sheet has no chart"


def test_meetings_screens_in_the_dark(launch, data_dir: Path):
    ids = seed_overdue(data_dir)
    today = dt.date.today()
    cli(
        data_dir, "meetings", "add", "--customer", str(ids["bakery"]),
        "--at", (today - dt.timedelta(days=40)).isoformat() + "T10:00", "--attendee", "Priya",
        "--notes", "Autumn deliveries: two late trays.", "--happiness", "3", "--why", "late trays",
        "--action", f"Send the delivery schedule;Priya;{(today - dt.timedelta(days=30)).isoformat()}",
        "--cadence", "monthly",
    )
    cli(
        data_dir, "meetings", "add", "--customer", str(ids["bakery"]),
        "--at", (today - dt.timedelta(days=9)).isoformat() + "T10:00", "--attendee", "Priya",
        "--notes", "New courier; no late trays since.", "--happiness", "4", "--cadence", "monthly",
    )
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    assert app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    app.nav("meetings")
    rows = app.until(lambda: len(app.all(tid("meeting-row"))) == 2 and app.all(tid("meeting-row")), "two meetings")
    rows[0].click()
    app.find(tid("meeting-happiness"))
    assert mean_luminance(shot(app, "test_meetings_dark.png").read_bytes()) < 80, "the meetings screen painted light"
    app.find(tid("new-meeting")).click()
    form = app.find(tid("meeting-form"))
    form.find_element(By.CSS_SELECTOR, '[name="internal"]').click()
    assert mean_luminance(shot(app, "test_meeting_form_dark.png").read_bytes()) < 80, "the form painted light"
    app.d.execute_script("location.hash = arguments[0]", f"#/contacts/{ids['bakery']}")
    app.find(tid("happiness-trend"))
    assert mean_luminance(shot(app, "test_contact_meetings_dark.png").read_bytes()) < 80


def test_a_large_meeting_pack_shows_progress_and_cancel_leaves_no_file(launch, data_dir: Path, tmp_path: Path):
    cli(data_dir, "dev", "seed", "--contacts", "300", "--issues", "60000")
    app = launch()
    app.ready()
    out = tmp_path / "out"
    out.mkdir()
    pack = out / "All customers meeting pack.xlsx"
    app.nav("meetings")
    app.find(tid("export-meeting-pack")).click()
    answer_save_dialog("Export meeting pack", str(pack))
    progress = app.find(tid("export-progress"), timeout=30)
    app.until(
        lambda: "%" in progress.text and progress.text.strip().split()[0] not in ("0", "Writing…"),
        "the progress bar did not move",
        timeout=60,
    )
    shot(app, "test_meeting_pack_progress_light.png")
    app.find(tid("export-cancel")).click()
    app.until(lambda: any("Export stopped" in t.text for t in app.all(tid("toast"))), "no 'stopped' message", timeout=60)
    app.gone(tid("export-progress"))
    assert list(out.iterdir()) == [], f"a cancelled export left files: {list(out.iterdir())}"


def test_issue_report_and_contact_list_through_their_buttons(launch, data_dir: Path, tmp_path: Path):
    import openpyxl

    ids = seed_overdue(data_dir)
    cli(data_dir, "contacts", "add", "--name", "=HYPERLINK(\"http://evil.invalid\")", "--json")
    app = launch()
    app.ready()

    report = tmp_path / "Issue report.xlsx"
    app.nav("issues")
    app.find(tid("export-issues")).click()
    answer_save_dialog("Export the issue report", str(report))
    app.until(lambda: any("Issue report saved" in t.text for t in app.all(tid("toast"))), "no 'saved' message")
    sheet = openpyxl.load_workbook(report).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.tables, "the issue report is not a frozen Excel table"
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Two trays arrived late" in values and ids["issue"] in values

    contacts = tmp_path / "Contact list.xlsx"
    app.nav("settings")
    app.find(tid("export-contact-list")).click()
    answer_save_dialog("Export the contact list", str(contacts))
    assert "3 contact(s) written" in app.find(tid("export-done")).text
    sheet = openpyxl.load_workbook(contacts).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    hostile = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert hostile.data_type == "s", "a formula-like name was written as a formula"
    assert {"Corner Bakery", "Ada Baker"} <= {c.value for c in cells}
