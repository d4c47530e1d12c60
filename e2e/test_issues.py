"""The customer-issue scenario of issue #4, through the real app and webview: a contact, an issue
opened for it, moved across the board (by a real drag and by the keyboard's "Move to…" list),
an illegal drop refused with the core's message, closed as confirmed with a score, and the whole
story read back in the detail's history."""

from __future__ import annotations

import datetime as dt

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from helpers import App, tid

# Dispatches the HTML5 drag-and-drop events a mouse drag fires, with one shared DataTransfer.
# WebKitWebDriver has no native drag and drop, so this is the closest to a person's drag.
DRAG = """
const [src, dst] = arguments;
let dt = null;
try { dt = new DataTransfer(); } catch (e) { dt = null; }
const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
fire(src, 'dragstart');
fire(dst, 'dragenter');
fire(dst, 'dragover');
fire(dst, 'drop');
fire(src, 'dragend');
"""


def card(app: App, issue_id: str):
    return app.find(f'{tid("issue-card")}[data-id="{issue_id}"]')


def column(app: App, status: str):
    return app.find(f'{tid("board-column")}[data-status="{status}"]')


def wait_status(app: App, issue_id: str, status: str) -> None:
    app.until(
        lambda: any(
            c.get_attribute("data-status") == status
            and c.find_elements(By.XPATH, "ancestor::*[@data-testid='board-column']")[0].get_attribute("data-status")
            == status
            for c in app.all(f'{tid("issue-card")}[data-id="{issue_id}"]')
        ),
        f"issue {issue_id} is not in the {status} column",
    )


def move_with_keyboard(app: App, issue_id: str, status: str) -> None:
    Select(card(app, issue_id).find_element(By.CSS_SELECTOR, tid("issue-move"))).select_by_value(status)


def test_issue_lifecycle_board_close_confirmed_and_history(app: App):
    # A customer.
    app.nav("contacts")
    app.find(tid("new-contact")).click()
    form = app.find(f'form{tid("contact-form")}')
    app.fill(form, "name", "Grace Hopper")
    app.submit(form)
    app.row_named("Grace Hopper")

    # No issues yet: the screen explains and offers a new one.
    app.nav("issues")
    app.find(tid("issues-empty"))
    app.find(tid("new-issue")).click()
    form = app.find(f'form{tid("issue-form")}')

    # Saving without a customer is refused beside the field, before anything is sent.
    app.submit(form)
    err = app.find(f'{tid("field-error")}[data-field="customer"]')
    assert "customer" in err.text.lower()

    customer = form.find_element(By.CSS_SELECTOR, '[name="customer"]')
    customer.click()
    customer.send_keys("Grace")
    app.find(tid("contact-option")).click()
    app.until(lambda: customer.get_attribute("value") == "Grace Hopper", "the customer was not picked")
    app.fill(form, "title", "Invoice charged VAT twice")
    app.fill(form, "description", "The November invoice adds VAT on top of the VAT-inclusive price.")
    app.fill(form, "category", "Billing")
    app.fill(form, "priority", "high")
    app.fill(form, "due", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    app.submit(form)

    detail = app.find(tid("issue-detail"))
    app.until(lambda: app.find(tid("issue-title")).text.strip() == "Invoice charged VAT twice", "detail title")
    issue_id = detail.get_attribute("data-id")
    assert issue_id and issue_id.isdigit()
    assert app.find(tid("issue-customer")).text.strip() == "Grace Hopper"

    # The board: open → in progress by a drag, then the keyboard's "Move to…" list.
    app.nav("issues")
    app.find(f'{tid("issues-tab")}[data-view="board"]').click()
    wait_status(app, issue_id, "open")
    app.d.execute_script(DRAG, card(app, issue_id), column(app, "in_progress"))
    wait_status(app, issue_id, "in_progress")
    move_with_keyboard(app, issue_id, "waiting_on_customer")
    wait_status(app, issue_id, "waiting_on_customer")
    move_with_keyboard(app, issue_id, "resolved")
    wait_status(app, issue_id, "resolved")

    # A resolved issue does not go back to waiting on the customer: the core says so.
    app.d.execute_script(DRAG, card(app, issue_id), column(app, "waiting_on_customer"))
    app.until(
        lambda: any("cannot move to waiting on customer" in t.text for t in app.all(tid("toast"))),
        "the refused drop did not show the core's message",
    )
    wait_status(app, issue_id, "resolved")

    app.screenshot_path = SCREENSHOTS / "test_issue_board.png"
    app.screenshot()

    # Dropping on Closed asks whether the customer confirmed the fix (the toasts are put away
    # first: they sit above everything, dialogs included).
    for close in app.all(f'{tid("toast")} button[aria-label="Dismiss"]'):
        close.click()
    app.gone(tid("toast"))
    app.d.execute_script(DRAG, card(app, issue_id), column(app, "closed"))
    dialog = app.find(tid("close-issue-dialog"))
    assert "Did the customer confirm they are satisfied with the fix?" in dialog.text
    dialog.find_element(By.CSS_SELECTOR, '[name="confirmed"][value="yes"]').click()
    app.find('[name="score"][value="5"]').click()
    app.fill(dialog, "comment", "Credit note sent; she is happy")
    dialog.find_element(By.CSS_SELECTOR, tid("close-issue-confirm")).click()
    app.gone(tid("close-issue-dialog"))
    app.gone(f'{tid("issue-card")}[data-id="{issue_id}"]')

    # The list, filtered to closed issues, opens the detail with the whole story.
    app.find(f'{tid("issues-tab")}[data-view="list"]').click()
    Select(app.find(tid("filter-status"))).select_by_value("closed")
    row = app.find(f'{tid("issue-row")}[data-id="{issue_id}"]')
    assert row.get_attribute("data-status") == "closed"
    row.find_element(By.CSS_SELECTOR, "a").click()
    app.find(f'{tid("issue-detail")}[data-status="closed"]')
    app.find(tid("reopen-issue"))

    def history():
        return [(h.get_attribute("data-kind"), h.text) for h in app.all(tid("issue-history-item"))]

    app.until(lambda: any(kind == "closed" for kind, _ in history()), "no closed event in the history")
    events = history()
    statuses = [text for kind, text in events if kind == "status"]
    assert any("from Open to In progress" in t for t in statuses), statuses
    assert any("from In progress to Waiting on customer" in t for t in statuses), statuses
    assert any("from Waiting on customer to Resolved" in t for t in statuses), statuses
    closed = [text for kind, text in events if kind == "closed"]
    assert len(closed) == 1 and "Closed, confirmed by the customer" in closed[0], closed
    assert "Satisfaction 5 out of 5" in closed[0], closed
    assert events[0][0] == "opened"
    assert "satisfaction 5 out of 5" in app.find(tid("issue-closed-how")).text

    app.screenshot_path = SCREENSHOTS / "test_issue_detail.png"
    app.screenshot()
