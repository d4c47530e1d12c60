"""The contact scenarios of the issue, through the real app and webview."""

from __future__ import annotations

import datetime as dt

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import App, tid


def new_contact_form(app: App):
    app.nav("contacts")
    app.find(tid("new-contact")).click()
    return app.find(f'form{tid("contact-form")}')


def next_birthday_age(born: dt.date, today: dt.date) -> int:
    this_year = born.replace(year=today.year)
    return today.year - born.year + (0 if this_year >= today else 1)


def test_contact_lifecycle_create_find_log_edit_delete_undo_restore(app: App):
    born = dt.date(1985, 3, 14)
    # Create, with a birthday.
    form = new_contact_form(app)
    app.fill(form, "name", "Ada Lovelace")
    app.fill(form, "email", "ada@example.org")
    app.fill(form, "birthday", born.isoformat())
    app.fill(form, "tags", "vip, pioneer")
    app.submit(form)
    row = app.row_named("Ada Lovelace")
    contact_id = row.get_attribute("data-id")
    assert contact_id and contact_id.isdigit()

    # Find it with the search box (another contact first, so the search has something to exclude).
    form = new_contact_form(app)
    app.fill(form, "name", "Charles Babbage")
    app.submit(form)
    app.row_named("Charles Babbage")
    search = app.find(f'input{tid("contacts-search")}')
    search.click()
    search.send_keys("lovel")
    app.until(
        lambda: [r.get_attribute("data-id") for r in app.all(tid("contact-row"))] == [contact_id],
        "the search did not narrow the list to Ada",
    )

    # Clear the search again (the name changes below), then open Ada: the detail pane shows the
    # birthday with its next date and the age then.
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.DELETE)
    app.until(lambda: len(app.all(tid("contact-row"))) == 2, "clearing the search did not bring both back")
    app.row(int(contact_id)).click()
    detail = app.find(tid("contact-detail"))
    app.until(lambda: app.find(tid("contact-name")).text.strip() == "Ada Lovelace", "detail name")
    birthday = app.find(tid("contact-birthday")).text
    age = next_birthday_age(born, dt.date.today())
    assert str(age) in birthday, birthday

    # Log an interaction.
    log = app.find(f'form{tid("log-interaction")}')
    app.fill(log, "channel", "call")
    app.fill(log, "tone", "positive")
    app.fill(log, "summary", "Asked about the analytical engine")
    app.submit(log)
    app.until(
        lambda: any("analytical engine" in t.text for t in app.all(tid("timeline-item"))),
        "the logged call is not on the timeline",
    )

    # Edit it.
    app.find(tid("edit-contact")).click()
    form = app.find(f'form{tid("contact-form")}')
    assert form.find_element(By.CSS_SELECTOR, '[name="name"]').get_attribute("value") == "Ada Lovelace"
    app.fill(form, "name", "Ada King")
    app.submit(form)
    app.until(lambda: app.find(tid("contact-name")).text.strip() == "Ada King", "edit not shown")

    # Delete, then Undo from the toast.
    app.find(tid("delete-contact")).click()
    app.find(tid("toast"))
    app.gone(f'{tid("contact-row")}[data-id="{contact_id}"]')
    app.find(tid("toast-undo")).click()
    app.row(int(contact_id))

    # Delete again and restore it from the Trash.
    app.row(int(contact_id)).click()
    app.find(tid("delete-contact")).click()
    app.gone(f'{tid("contact-row")}[data-id="{contact_id}"]')
    app.nav("trash")
    trash_row = app.find(f'{tid("trash-row")}[data-id="{contact_id}"]')
    assert "Ada King" in trash_row.get_property("textContent")
    trash_row.find_element(By.CSS_SELECTOR, tid("trash-restore")).click()
    app.gone(f'{tid("trash-row")}[data-id="{contact_id}"]')
    app.nav("contacts")
    app.row(int(contact_id))
    app.screenshot()


def test_contact_named_like_html_is_shown_literally_and_runs_nothing(app: App):
    hostile = "<img src=x onerror=alert(1)>"
    form = new_contact_form(app)
    app.fill(form, "name", hostile)
    app.submit(form)
    row = app.row_named(hostile)
    row.click()
    app.until(lambda: app.find(tid("contact-name")).text.strip() == hostile, "name not literal")
    assert not app.alert_open(), "an alert opened: the name ran as code"
    assert app.all('img[src="x"]') == [], "the name became an img element"
    assert app.d.execute_script("return document.querySelectorAll('[onerror]').length") == 0
    app.screenshot()


def test_invalid_email_shows_the_field_error(app: App):
    form = new_contact_form(app)
    app.fill(form, "name", "Grace Hopper")
    app.fill(form, "email", "not-an-email")
    app.submit(form)
    error = app.find(f'{tid("field-error")}[data-field="email"]')
    assert "not-an-email" in error.text or "email" in error.text.lower()
    # Nothing was saved.
    assert app.all(f'form{tid("contact-form")}'), "the form closed on an invalid email"
    app.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
    app.screenshot()
