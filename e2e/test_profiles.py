"""Issue #9 through the real app: a customer with an overdue issue, a negative-tone call and a
present kick-out factor (seeded with the CLI) is at the top of the dashboard's at-risk list, and their
profile on the contact page shows why — each signal with its weight and evidence — and takes an
override with a reason. Screenshots of the dashboard and the profile in the light and dark
appearance."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS, cli
from helpers import App, tid
from test_appearance import mean_luminance


def seed(data_dir: Path) -> dict[str, int]:
    today = dt.date.today()
    cli(data_dir, "team", "add", "Priya")
    bakery = cli(data_dir, "contacts", "add", "--name", "Corner Bakery", "--json")["id"]
    cafe = cli(data_dir, "contacts", "add", "--name", "Harbour Cafe", "--json")["id"]
    birthday = (today + dt.timedelta(days=2)).replace(year=1984).isoformat()
    cli(data_dir, "contacts", "add", "--name", "Ada Lovelace", "--birthday", birthday, "--json")
    issue = cli(
        data_dir, "issues", "add", "--customer", str(bakery), "--title", "Two trays arrived late",
        "--owner", "Priya", "--category", "Delivery", "--due", (today - dt.timedelta(days=3)).isoformat(), "--json",
    )["id"]
    cli(
        data_dir, "issues", "add", "--customer", str(cafe), "--title", "Invoice charged VAT twice",
        "--due", (today - dt.timedelta(days=1)).isoformat(), "--json",
    )
    cli(
        data_dir, "interactions", "add", "--contact", str(bakery), "--channel", "call",
        "--summary", "Angry about the late trays", "--tone", "negative", "--json",
    )
    cli(
        data_dir, "profiles", "kick-out", str(bakery), "--description",
        "Would switch after another late delivery", "--status", "present",
        "--review", (today + dt.timedelta(days=7)).isoformat(), "--json",
    )
    cli(
        data_dir, "profiles", "rate", str(bakery), "--attribute", "Delivery on time",
        "--importance", "5", "--performance", "2", "--json",
    )
    cli(data_dir, "kudos", "add", "--text", "Priya sorted the wedding order in an hour", "--to", "Priya",
        "--customer", str(cafe), "--json")
    return {"bakery": bakery, "cafe": cafe, "issue": issue}


def shot(app: App, name: str) -> Path:
    app.screenshot_path = SCREENSHOTS / name
    app.screenshot()
    return app.screenshot_path


def open_profile_from_dashboard(app: App, ids: dict[str, int]):
    app.nav("dashboard")
    item = app.find(f'{tid("at-risk-item")}[data-id="{ids["bakery"]}"]')
    item.find_element(By.CSS_SELECTOR, "a.name").click()
    app.find(f'{tid("contact-detail")}[data-id="{ids["bakery"]}"]')
    profile = app.find(tid("contact-profile"))
    app.until(lambda: app.find(tid("profile-level")).text.strip() != "", "the profile level did not load")
    return profile


def test_at_risk_customer_is_on_the_dashboard_and_the_profile_says_why(launch, data_dir: Path):
    ids = seed(data_dir)
    app = launch({"GTK_THEME": "Adwaita"})
    app.ready()

    app.nav("dashboard")
    items = app.until(lambda: app.all(tid("at-risk-item")) or None, "no customer at risk on the dashboard")
    # Most severe first: kick-out present (3) + negative call (2) + overdue issue (2) = 7, severe;
    # the cafe's overdue issue alone (2) is moderate.
    assert [i.get_attribute("data-id") for i in items] == [str(ids["bakery"]), str(ids["cafe"])]
    first = items[0]
    assert first.get_attribute("data-level") == "severe"
    assert first.find_element(By.CSS_SELECTOR, tid("level-badge")).text.strip() == "Severe"
    assert "A kick-out factor is present" in first.text
    assert "Resolve by" in first.text
    assert items[1].get_attribute("data-level") == "moderate"
    assert app.find(tid("satisfaction-empty")).text.startswith("No surveys yet")
    assert "Priya sorted the wedding order" in app.find(tid("kudos-item")).text
    assert app.find(tid("coming-up-item")).get_attribute("data-kind") == "birthday"
    # Two issues opened this week against nothing before: not enough to flag (at least 3 above).
    assert app.find(tid("early-warning")).get_attribute("data-flagged") == "false"
    assert "twice the square root" in app.find(tid("early-warning-rule")).text
    # This quarter's complaints: one Delivery issue, one without a category; both are the vital few.
    causes = app.find(tid("complaint-causes"))
    bars = causes.find_elements(By.CSS_SELECTOR, tid("pareto-bar"))
    assert [b.get_attribute("data-cause") for b in bars] == ["Delivery", "No category"]
    assert "Fix first: Delivery, No category" in app.find(tid("causes-vital")).text
    assert app.find(tid("dashboard-happiness-empty")).text.startswith("No happiness polls")
    shot(app, "test_dashboard_light.png")
    # Scroll the screen's own body (not the window) to the card, as the wheel would.
    app.d.execute_script(
        "const body = arguments[0].closest('.screen-body');"
        "body.scrollTop += arguments[0].getBoundingClientRect().top - body.getBoundingClientRect().top - 16;",
        causes,
    )
    shot(app, "test_dashboard_causes_light.png")

    profile = open_profile_from_dashboard(app, ids)
    assert app.find(tid("profile-level")).text.strip() == "Severe"
    signals = {s.get_attribute("data-name"): s for s in profile.find_elements(By.CSS_SELECTOR, tid("profile-signal"))}
    assert set(signals) == {"kick_out_present", "negative_interactions", "overdue_issues"}
    assert "+3" in signals["kick_out_present"].text
    assert "Would switch after another late delivery" in signals["kick_out_present"].text
    assert "Angry about the late trays" in signals["negative_interactions"].text
    link = signals["overdue_issues"].find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("href").endswith(f"#/issues/{ids['issue']}")
    assert "Two trays arrived late" in link.text
    assert "Delivery on time" in app.find(tid("profile-gap")).text
    assert app.find(tid("kick-out")).get_attribute("data-status") == "present"
    app.d.execute_script("arguments[0].scrollIntoView({block: 'end'})", profile)
    # Only the contact pane scrolls: the window itself (navigation, search bar) stays put.
    assert app.d.execute_script("return document.scrollingElement.scrollTop") == 0
    shot(app, "test_profile_light.png")

    # The owner knows better: the level goes down to moderate, with the reason kept in history.
    app.find(tid("change-level")).click()
    form = app.find(tid("level-form"))
    app.fill(form, "level", "moderate")
    app.submit(form)
    err = app.find(f'{tid("field-error")}[data-field="reason"]')
    assert "reason" in err.text.lower()
    app.fill(form, "reason", "Spoke to the owner: the trays are sorted")
    app.submit(form)
    app.until(lambda: app.find(tid("profile-level")).text.strip() == "Moderate", "the override did not apply")
    assert "Spoke to the owner: the trays are sorted" in app.find(tid("profile-decision")).text

    app.nav("dashboard")
    app.until(
        lambda: app.find(f'{tid("at-risk-item")}[data-id="{ids["bakery"]}"]').get_attribute("data-level") == "moderate",
        "the dashboard did not follow the override",
    )

    # Praise logged from the dashboard is credited to the team member and listed at once.
    app.find(tid("log-kudos")).click()
    form = app.find(f'form{tid("kudos-form")}')
    app.fill(form, "to", "1")
    app.fill(form, "text", "Priya phoned ahead about the delay: thank you")
    shot(app, "test_kudos_dialog.png")
    app.submit(form)
    app.gone(tid("kudos-dialog"))
    app.until(
        lambda: any("Priya phoned ahead" in k.text and "for Priya" in k.text for k in app.all(tid("kudos-item"))),
        "the new kudos is not listed",
    )


def test_dashboard_and_profile_in_the_dark_appearance(launch, data_dir: Path):
    ids = seed(data_dir)
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    assert app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    app.nav("dashboard")
    app.find(f'{tid("at-risk-item")}[data-id="{ids["bakery"]}"]')
    assert mean_luminance(shot(app, "test_dashboard_dark.png").read_bytes()) < 80, "the dashboard painted light"
    profile = open_profile_from_dashboard(app, ids)
    app.find(tid("profile-signal"))
    app.d.execute_script("arguments[0].scrollIntoView({block: 'end'})", profile)
    assert app.d.execute_script("return document.scrollingElement.scrollTop") == 0
    assert mean_luminance(shot(app, "test_profile_dark.png").read_bytes()) < 80, "the profile painted light"


def test_export_profile_command_writes_the_workbook(launch, data_dir: Path, tmp_path: Path):
    """The save dialog cannot be driven here, so the test calls the command the Export button calls,
    through the app's own IPC, and checks the workbook it wrote."""
    ids = seed(data_dir)
    app = launch()
    app.ready()
    out = tmp_path / "Corner Bakery profile.xlsx"
    error = app.d.execute_async_script(
        """
        const [id, path, done] = arguments;
        window.__TAURI_INTERNALS__.invoke('profile_export', {customer_id: id, path})
          .then(() => done(null), (e) => done(JSON.stringify(e)));
        """,
        ids["bakery"],
        str(out),
    )
    assert error is None, error
    data = out.read_bytes()
    assert data[:2] == b"PK", "not an xlsx (zip) file"
    with zipfile.ZipFile(out) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "Corner Bakery" in strings
    assert "Would switch after another late delivery" in strings
