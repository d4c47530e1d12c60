"""Small, explicit helpers over selenium for the Rapport selector contract (CONTRACT-ui-shell.md)."""

from __future__ import annotations

from pathlib import Path

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 20


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


class App:
    def __init__(self, driver: WebDriver, screenshot: Path):
        self.d = driver
        self.screenshot_path = screenshot

    # ---- waiting ----
    def wait(self, timeout: float = TIMEOUT) -> WebDriverWait:
        return WebDriverWait(
            self.d, timeout, ignored_exceptions=(StaleElementReferenceException,)
        )

    def find(self, css: str, timeout: float = TIMEOUT) -> WebElement:
        return self.wait(timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, css)), f"no visible {css}"
        )

    def all(self, css: str) -> list[WebElement]:
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def gone(self, css: str, timeout: float = TIMEOUT) -> None:
        self.wait(timeout).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, css), f"{css} is still shown"
        )

    def until(self, condition, message: str, timeout: float = TIMEOUT):
        return self.wait(timeout).until(lambda d: condition(), message)

    def ready(self) -> None:
        """The app has rendered its first screen (or the start-up problem screen)."""
        self.find("[data-screen], " + tid("startup-error"), timeout=60)

    # ---- acting ----
    def nav(self, screen: str) -> WebElement:
        self.find(f'[data-nav="{screen}"]').click()
        return self.find(f'[data-screen="{screen}"]')

    def fill(self, scope: WebElement, name: str, value: str) -> None:
        """Sets a form field the way a person would: typing, choosing or ticking."""
        el = self.wait().until(
            lambda d: scope.find_element(By.CSS_SELECTOR, f'[name="{name}"]'), f"no field {name}"
        )
        tag = el.tag_name.lower()
        kind = (el.get_attribute("type") or "").lower()
        if tag == "select":
            Select(el).select_by_value(value)
        elif kind == "radio":
            scope.find_element(By.CSS_SELECTOR, f'[name="{name}"][value="{value}"]').click()
        elif kind == "date":
            # WebKit's date inputs do not take typed text reliably: set the value and fire the
            # events a person's edit fires.
            self.d.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                el,
                value,
            )
        else:
            el.click()
            el.send_keys(Keys.CONTROL, "a")
            el.send_keys(Keys.DELETE)
            el.send_keys(value)

    def submit(self, form: WebElement) -> None:
        form.find_element(
            By.CSS_SELECTOR, 'button[type="submit"], input[type="submit"], button:not([type])'
        ).click()

    def row(self, contact_id: int) -> WebElement:
        return self.find(f'{tid("contact-row")}[data-id="{contact_id}"]')

    def row_named(self, name: str, timeout: float = TIMEOUT) -> WebElement:
        def look():
            for r in self.all(tid("contact-row")):
                # textContent: WebKitWebDriver's rendered text leaves out the row's clipped name.
                if name in (r.get_property("textContent") or ""):
                    return r
            return False

        return self.until(look, f"no contact row shows {name!r}", timeout)

    # ---- checking ----
    def alert_open(self) -> bool:
        try:
            _ = self.d.switch_to.alert.text
            return True
        except NoAlertPresentException:
            return False

    def screenshot(self) -> None:
        """Saves what the screen shows now (after two frames, so it is not an older frame)."""
        self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
        save_screenshot(self.d, self.screenshot_path)


# The app runs WebKitGTK without accelerated compositing (src-tauri/src/webview.rs). WebKitWebDriver's
# screenshot waits for the web view's next paint, and without compositing WebKit paints only what
# changed: on a screen where nothing changes (the start-up problem screen) that paint never comes
# and the command, and the driver with it, waits forever. So, while the screenshot is taken, a
# 1x1 px corner cell changes its colour every 16 ms between two all-but-transparent shades
# (alpha 1/255), which asks WebKit for a paint without changing what the screenshot shows.
_PAINT_TICKER = """
    const id = 'e2e-paint-ticker';
    document.getElementById(id)?.remove();
    const cell = document.createElement('div');
    cell.id = id;
    cell.setAttribute('aria-hidden', 'true');
    cell.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;' +
        'pointer-events:none;z-index:2147483647;background:rgba(0,0,0,0)';
    document.documentElement.appendChild(cell);
    let on = false;
    const timer = setInterval(() => {
        on = !on;
        cell.style.background = on ? 'rgba(0,0,0,0.004)' : 'rgba(0,0,0,0)';
    }, 16);
    // Stops on its own, however the test ends.
    setTimeout(() => { clearInterval(timer); cell.remove(); }, 10000);
    cell.stop = () => { clearInterval(timer); cell.remove(); };
"""


def save_screenshot(driver: WebDriver, path: Path) -> None:
    """WebDriver screenshot of the app's web view, safe on a screen where nothing repaints."""
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.execute_script(_PAINT_TICKER)
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.execute_script("document.getElementById('e2e-paint-ticker')?.stop()")
