"""100,000 contacts: the list is virtual, so scrolling keeps the DOM small."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_data
from helpers import tid

MAX_ROWS_IN_DOM = 300


def test_scrolling_100k_contacts_keeps_a_few_hundred_rows_in_the_dom(launch, data_dir: Path, seeded_100k):
    copy_data(seeded_100k, data_dir)
    app = launch()
    app.ready()
    app.nav("contacts")
    app.find(tid("contact-row"), timeout=60)
    first_ids = {r.get_attribute("data-id") for r in app.all(tid("contact-row"))}
    assert 0 < len(first_ids) <= MAX_ROWS_IN_DOM

    # Scroll the list's scroll container (the nearest scrollable ancestor of a row) far down.
    scroll = """
        let el = document.querySelector('[data-testid="contact-row"]');
        while (el && !(el.scrollHeight > el.clientHeight + 1 &&
               ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))) el = el.parentElement;
        el = el || document.scrollingElement;
        el.scrollTop = el.scrollHeight * arguments[0];
        el.dispatchEvent(new Event('scroll'));
        return [el.scrollTop, el.scrollHeight];
    """
    for fraction in (0.25, 0.5, 0.9):
        app.d.execute_script(scroll, fraction)
        app.until(
            lambda: app.all(tid("contact-row"))
            and not ({r.get_attribute("data-id") for r in app.all(tid("contact-row"))} & first_ids),
            f"the list did not show other contacts after scrolling to {fraction:.0%}",
        )
        count = len(app.all(tid("contact-row")))
        assert 0 < count <= MAX_ROWS_IN_DOM, f"{count} rows in the DOM after scrolling"
    app.screenshot()
