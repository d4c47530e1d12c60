"""Issue #7 through the real app: a Google-Forms-like CSV of our own (tests/fixtures/surveys/
google-forms-e2e.csv), its path typed into the import wizard, the guessed mapping checked, imported;
the NPS on the results page equals the NPS computed here from the raw file, the Pareto of complaint
causes is drawn with its vital few, and a matched customer's page shows their survey history.
Screenshots of the wizard and the results in the light and dark appearance."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import Select

from conftest import REPO, SCREENSHOTS, cli
from helpers import App, save_screenshot, tid

FIXTURE = REPO / "tests" / "fixtures" / "surveys" / "google-forms-e2e.csv"
RECOMMEND = "How likely are you to recommend us to a friend? (0-10)"
OWN_WORDS = "In your own words"


def seed_contacts(data_dir: Path) -> dict[str, int]:
    ids = {}
    for name, email in [
        ("Ada Lovelace", "ada@bakery.example"),
        ("Grace Hopper", "grace@harbour.example"),
        ("Katherine Johnson", "katherine@example.org"),
    ]:
        ids[name] = cli(data_dir, "contacts", "add", "--name", name, "--email", email, "--json")["id"]
    return ids


def nps_from_file(path: Path) -> int:
    """NPS by hand from the raw CSV: % promoters (9–10) minus % detractors (0–6), rounded."""
    with path.open(newline="", encoding="utf-8") as f:
        scores = [int(r[RECOMMEND]) for r in csv.DictReader(f) if r[RECOMMEND].strip()]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores))


def open_wizard_with(app: App, path: Path) -> None:
    screen = app.nav("surveys")
    screen.find_element(By.CSS_SELECTOR, tid("survey-import")).click()
    # The wizard's field wants the path itself, as a person types it (not a file upload).
    app.d.file_detector = UselessFileDetector()
    app.fill(app.find(tid("survey-wizard")), "survey-path", str(path))
    app.find(tid("survey-next")).click()
    app.find(tid("survey-mapping"), timeout=30)


def reveal(app: App, el, block: str = "start") -> None:
    """Scrolls the screen's own scroller to `el`; the window itself stays put (scrollIntoView would
    also scroll the document, shifting the whole frame in the screenshot)."""
    app.d.execute_script(
        "arguments[0].scrollIntoView({block: arguments[1]});"
        "document.scrollingElement.scrollTop = 0; document.scrollingElement.scrollLeft = 0;",
        el,
        block,
    )


def mark_comment_column(app: App) -> None:
    """The free-text question names no comment word ("In your own words"): the owner tells the wizard
    what it holds."""
    select = app.find(f'{tid("survey-role")}[data-header="{OWN_WORDS}"]')
    assert select.get_property("value") == "ignore"
    # The preview table scrolls sideways; bring the column into view as a person would.
    app.d.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", select)
    Select(select).select_by_value("comment")
    app.until(
        lambda: app.find(f'{tid("survey-role")}[data-header="{OWN_WORDS}"]').get_property("value") == "comment",
        "the corrected role did not stick",
    )


def test_import_a_survey_through_the_wizard_and_see_the_nps(launch, data_dir: Path):
    ids = seed_contacts(data_dir)
    expected = nps_from_file(FIXTURE)
    assert expected == -20  # 3 promoters, 5 detractors of 10: the file is what this test says
    app = launch({"GTK_THEME": "Adwaita"})
    app.ready()
    app.nav("surveys")
    assert "Import a survey" in app.find(tid("surveys-empty")).text
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_empty_light.png")

    open_wizard_with(app, FIXTURE)
    roles = {
        el.get_attribute("data-header"): el.get_property("value") for el in app.all(tid("survey-role"))
    }
    assert roles[RECOMMEND] == "nps", roles
    assert roles["How satisfied are you overall? (1-5)"] == "csat", roles
    assert roles["Email Address"] == "email", roles
    assert roles["Timestamp"] == "timestamp", roles
    assert "ada@bakery.example" in app.find(tid("survey-preview-rows")).get_property("textContent")
    app.until(lambda: app.find(tid("survey-dry-matched")).text == "3", "the dry run did not match 3 contacts")
    assert not app.all(tid("survey-date-question")), "11/14/2026 settles the date order"
    mark_comment_column(app)
    app.fill(app.find(tid("survey-mapping")), "survey-name", "November customer survey")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_wizard_light.png")
    app.find(tid("survey-run")).click()

    summary = app.find(tid("survey-summary"), timeout=60)
    assert summary.find_element(By.CSS_SELECTOR, tid("survey-responses")).text == "10"
    assert summary.find_element(By.CSS_SELECTOR, tid("survey-matched")).text == "3"
    assert summary.find_element(By.CSS_SELECTOR, tid("survey-unmatched-count")).text == "7"
    summary.find_element(By.CSS_SELECTOR, tid("survey-open-results")).click()

    nps = app.find(tid("survey-nps"))
    app.until(lambda: nps.get_attribute("data-value") != "", "no NPS on the results page")
    assert int(nps.get_attribute("data-value")) == expected
    assert app.find(tid("survey-nps-value")).text == "−20"
    # Ten answers are too few to act on, and the page says so.
    assert "Too small to act on" in nps.text

    # The Pareto of complaint causes: bars largest first, the vital few marked.
    pareto = app.find(tid("survey-pareto"))
    bars = pareto.find_elements(By.CSS_SELECTOR, tid("pareto-bar"))
    assert len(bars) >= 2
    counts = [int(b.get_attribute("data-count")) for b in bars]
    assert counts == sorted(counts, reverse=True)
    assert bars[0].get_attribute("data-vital") == "true"
    app.screenshot_path = SCREENSHOTS / "test_surveys_results_light.png"
    app.screenshot()
    reveal(app, pareto, "start")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_pareto_light.png")
    comments = app.find(tid("survey-comments"))
    assert "Keep the sourdough coming" in comments.text

    # Take action on Grace's low score: an issue opens, linked to her answer.
    grace = next(el for el in app.all(tid("low-score")) if "Grace Hopper" in el.text)
    grace.find_element(By.CSS_SELECTOR, tid("survey-open-issue")).click()
    app.until(
        lambda: any(
            "Grace Hopper" in el.text and el.find_elements(By.CSS_SELECTOR, tid("response-issue"))
            for el in app.all(tid("low-score"))
        ),
        "the opened issue is not linked to Grace's answer",
    )
    # An unmatched respondent becomes a contact in one click.
    unmatched = app.all(tid("unmatched-row"))
    alan = next(el for el in unmatched if "alan@mill.example" in el.text)
    alan.find_element(By.CSS_SELECTOR, tid("survey-create-contact")).click()
    app.until(lambda: len(app.all(tid("unmatched-row"))) == len(unmatched) - 1, "Alan is still unmatched")
    found = cli(data_dir, "contacts", "list", "--search", "alan@mill.example", "--json")
    assert len(found["contacts"] if isinstance(found, dict) else found) == 1, found
    reveal(app, app.find(tid("survey-low-scores")), "start")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_lists_light.png")

    # The survey in the list, and Grace's answer on her page.
    app.nav("surveys")
    row = app.find(tid("survey-row"))
    assert "November customer survey" in row.text
    assert row.find_element(By.CSS_SELECTOR, tid("survey-row-nps")).text.startswith("−20")
    app.d.execute_script("location.hash = arguments[0]", f"#/contacts/{ids['Grace Hopper']}")
    history = app.find(tid("contact-surveys"))
    app.until(lambda: "NPS 4/10" in history.text, "Grace's survey answer is not on her page")
    assert "The delivery was late again" in history.text
    reveal(app, history, "start")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_contact_history_light.png")

    # The dashboard's Satisfaction card shows the latest survey with its margins.
    app.nav("dashboard")
    latest = app.find(tid("satisfaction-latest"))
    assert app.find(tid("satisfaction-nps")).text.startswith("−20")
    reveal(app, latest, "center")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_dashboard_light.png")


def test_survey_wizard_and_results_in_the_dark(launch, data_dir: Path):
    seed_contacts(data_dir)
    # An earlier survey, so the results show the trend across two (same answers: no arrow).
    cli(data_dir, "surveys", "import", str(FIXTURE), "--name", "October customer survey", "--json")
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    assert app.d.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    open_wizard_with(app, FIXTURE)
    app.until(lambda: app.find(tid("survey-dry-matched")).text == "3", "the dry run did not match 3 contacts")
    # The same three customers answered the October survey: the over-survey guard says so.
    warnings = " ".join(w.text for w in app.all(tid("survey-warning")))
    assert "Ada Lovelace" in warnings, warnings
    mark_comment_column(app)
    app.fill(app.find(tid("survey-mapping")), "survey-name", "November customer survey")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_wizard_dark.png")
    app.find(tid("survey-run")).click()
    app.find(tid("survey-open-results"), timeout=60).click()
    app.until(lambda: app.find(tid("survey-nps")).get_attribute("data-value") == "-20", "no NPS")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_results_dark.png")
    reveal(app, app.find(tid("survey-pareto-chart")), "start")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_pareto_dark.png")
    trend = app.find(tid("survey-trend"))
    assert len(trend.find_elements(By.CSS_SELECTOR, tid("trend-point"))) == 4  # NPS and CSAT, two surveys each
    assert not trend.find_elements(By.CSS_SELECTOR, tid("trend-arrow")), "no change: no arrow"
    reveal(app, trend, "start")
    save_screenshot(app.d, SCREENSHOTS / "test_surveys_trend_dark.png")


def test_survey_workbook_commands_write_their_files(launch, data_dir: Path, tmp_path: Path):
    """The save dialog cannot be driven here, so the test calls the commands the Export results and
    Blank survey sheet buttons call, through the app's own IPC, and opens the workbooks they wrote."""
    seed_contacts(data_dir)
    survey = cli(data_dir, "surveys", "import", str(FIXTURE), "--name", "November customer survey", "--json")
    app = launch()
    app.ready()

    def invoke(command: str, args: dict):
        return app.d.execute_async_script(
            """
            const [command, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(command, args)
              .then((v) => done({ok: v === undefined ? null : v}), (e) => done({error: e}));
            """,
            command,
            args,
        )

    results = tmp_path / "November results.xlsx"
    answer = invoke("export_survey", {"id": survey["survey_id"], "path": str(results)})
    assert "error" not in answer, answer
    with zipfile.ZipFile(results) as z:
        names = z.namelist()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert any(n.startswith("xl/charts/") for n in names), names
    assert "November customer survey" in strings

    sheet = tmp_path / "survey sheet.xlsx"
    answer = invoke("survey_template", {"path": str(sheet), "tag": None})
    assert answer == {"ok": 3}, answer
    with zipfile.ZipFile(sheet) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "Grace Hopper" in strings

    # A bad id is refused with a message, and nothing is written.
    missing = tmp_path / "missing.xlsx"
    answer = invoke("export_survey", {"id": 999, "path": str(missing)})
    assert answer["error"]["code"] == "not_found", answer
    assert not missing.exists()

