"""The import wizard (issue 8) through the real app: a small vCard of our own, typed as a path,
previewed, imported; the summary's counts and the new contacts in the list. Then the Duplicates
screen finds the pair the file made with a contact already stored. Screenshots in light and dark."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.remote.file_detector import UselessFileDetector

from helpers import App, save_screenshot, tid

from conftest import SCREENSHOTS

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
    "EMAIL;TYPE=work:grace@example.org\r\nBDAY:1906-12-09\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\n"
    "EMAIL:alan@example.org\r\nTEL;TYPE=cell:+44 20 7946 0002\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nN:Johnson;Katherine;;;\r\n"
    "EMAIL:kj@example.org\r\nEND:VCARD\r\n"
)


def type_path(app: App, path: Path) -> None:
    # Selenium uploads a typed string that names a local file (it would send the file's content
    # to the driver); the wizard's field wants the path itself, as a person types it.
    app.d.file_detector = UselessFileDetector()
    app.fill(app.find('[data-screen="import"]'), "import-path", str(path))


def import_through_wizard(app: App, path: Path) -> None:
    app.find(f'[data-screen="contacts"] {tid("open-import")}').click()
    type_path(app, path)
    app.find(tid("import-add-path")).click()
    app.until(lambda: len(app.all(tid("import-file"))) == 1, "the typed path was not added")
    app.find(tid("import-next")).click()
    app.until(lambda: app.find(tid("import-format")).text == "vCard", "the preview shows no vCard")
    assert "UTF-8" in app.find(tid("import-detected-encoding")).text
    entries = app.find(tid("import-entries")).get_property("textContent")
    assert "Grace Hopper" in entries and "1906-12-09" in entries, entries
    app.find(tid("import-next")).click()
    app.find(tid("import-run")).click()
    app.find(tid("import-summary"), timeout=60)


def test_import_a_vcard_through_the_wizard_and_see_the_contacts(launch, data_dir: Path, tmp_path: Path):
    card = tmp_path / "friends.vcf"
    card.write_text(VCARD, encoding="utf-8")
    app = launch({"GTK_THEME": "Adwaita"})
    app.ready()
    # A contact already stored that the file's Alan matches by email: updated, not duplicated;
    # and one with a similar name that only the Duplicates screen can catch.
    app.find(tid("new-contact")).click()
    form = app.find(f'form{tid("contact-form")}')
    app.fill(form, "name", "Alan Turing")
    app.fill(form, "email", "alan@example.org")
    app.submit(form)
    app.row_named("Alan Turing")
    app.find(tid("new-contact")).click()
    form = app.find(f'form{tid("contact-form")}')
    app.fill(form, "name", "Grace Hoper")
    app.submit(form)
    app.row_named("Grace Hoper")

    import_through_wizard(app, card)
    assert app.find(tid("import-created")).text == "2"
    assert app.find(tid("import-updated")).text == "1"
    assert app.find(tid("import-skipped")).text == "0"
    result = app.find(tid("import-file-result"))
    assert result.get_attribute("data-outcome") == "imported"
    assert str(card) in result.get_property("textContent")
    app.screenshot()

    app.find(tid("import-to-contacts")).click()
    app.find('[data-screen="contacts"]')
    for name in ("Grace Hopper", "Katherine Johnson", "Alan Turing"):
        app.row_named(name)
    assert len(app.all(tid("contact-row"))) == 4

    # Duplicates: Grace Hoper and Grace Hopper are similar names.
    app.find(tid("open-duplicates")).click()
    app.find('[data-screen="duplicates"]')
    pair = app.find(tid("duplicate-pair"))
    assert "Grace" in pair.get_property("textContent")
    pair.click()
    app.find(tid("merge-compare"))
    save_screenshot(app.d, SCREENSHOTS / "test_duplicates_light.png")
    app.find(tid("merge-confirm")).click()
    app.until(lambda: len(app.all(tid("duplicate-pair"))) == 0, "the merged pair is still listed")
    app.find(tid("toast-undo")).click()
    app.until(lambda: len(app.all(tid("duplicate-pair"))) == 1, "undo did not bring the pair back")


def test_import_wizard_in_the_dark(launch, data_dir: Path, tmp_path: Path):
    card = tmp_path / "friends.vcf"
    card.write_text(VCARD, encoding="utf-8")
    app = launch({"GTK_THEME": "Adwaita:dark"})
    app.ready()
    app.find(f'[data-screen="contacts"] {tid("open-import")}').click()
    type_path(app, card)
    app.find(tid("import-add-path")).click()
    app.find(tid("import-next")).click()
    app.find(tid("import-entries"))
    save_screenshot(app.d, SCREENSHOTS / "test_import_preview_dark.png")
    app.find(tid("import-next")).click()
    app.find(tid("import-run")).click()
    app.find(tid("import-summary"), timeout=60)
    assert app.find(tid("import-created")).text == "3"
    app.screenshot()
