"""One headless Debian Chromium per session, driven by Selenium against pytest-django's live server.

Without Chromium, chromedriver, selenium or axe-core the browser tests skip and say why;
with REQUIRE_BROWSER=1 (set by .ci/run) the same condition fails them, so they can never
silently stop running.
"""

import base64
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait
except ImportError:  # missing_requirements() turns this into a skip, or a failure in CI
    webdriver = None

from tests.browser.axe import AXE_JS
from tests.browser.pages import PAGE_TYPES

CHROMIUM = Path(os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
WINDOW = (1280, 900)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def missing_requirements():
    """What the browser tests need and this machine lacks, each with how to get it."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not os.access(CHROMEDRIVER, os.X_OK):
        missing.append(f"{CHROMEDRIVER} is missing (apt-get install chromium-driver)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(settings.BASE_DIR)} is missing (npm ci)")
    if webdriver is None:
        missing.append("selenium is not installed (pip install -e '.[dev]')")
    return missing


def require_browser():
    missing = missing_requirements()
    if not missing:
        return
    reason = "browser tests need: " + "; ".join(missing)
    if os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def driver():
    """The session's single Chromium; never lets Selenium Manager look for a browser online."""
    require_browser()

    os.environ["SE_OFFLINE"] = "true"
    profile = tempfile.mkdtemp(prefix="foundation-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size={},{}".format(*WINDOW))
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    try:
        chrome = webdriver.Chrome(
            service=Service(executable_path=str(CHROMEDRIVER)), options=options
        )
        chrome.set_script_timeout(30)
        chrome.set_page_load_timeout(30)
        yield chrome
        chrome.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(driver):
    """The shared Chromium, reset between tests: desktop size, no cookies (language choice)."""
    driver.set_window_size(*WINDOW)
    driver.delete_all_cookies()
    driver.get_log("browser")  # drop the previous test's console messages
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.delete_all_cookies()


@pytest.fixture
def without_javascript(browser):
    """Page scripts stay off (the test's own WebDriver scripts still run)."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


class Site:
    """The live server as a visitor reaches it: URLs by route name and language."""

    def __init__(self, live_server, browser):
        self.base = live_server.url
        self.browser = browser

    def path(self, name, lang="fr", **kwargs):
        with translation.override(lang):
            return reverse(name, kwargs=kwargs or None)

    def page(self, page_type, lang="fr"):
        """The path of one page type in one language."""
        route, kwargs, query = PAGE_TYPES[page_type]
        if "slug" in kwargs and kwargs["slug"] is None:
            kwargs = {"slug": self.source_slug()}
        return self.path(route, lang, **kwargs) + query

    @staticmethod
    def source_slug():
        from foundation.models import Statement

        statement = Statement.objects.get(slug="zemlin-neutral-home-quote")
        return statement.citations.select_related("source").first().source.slug

    def status(self):
        """The HTTP status of the page the browser shows (Navigation Timing level 2)."""
        return self.browser.execute_script(
            "return performance.getEntriesByType('navigation')[0].responseStatus;"
        )

    def open(self, path):
        self.browser.get(self.base + path)
        return self.browser

    def press_tab(self):
        """Press Tab as a keyboard user would; returns the element that has focus."""

        ActionChains(self.browser).send_keys(Keys.TAB).perform()
        return self.browser.switch_to.active_element

    def visible_links(self, matches):
        """Visible links whose resolved address satisfies matches(url)."""

        return [
            link
            for link in self.browser.find_elements(By.CSS_SELECTOR, "a[href]")
            if matches(link.get_attribute("href")) and link.is_displayed()
        ]

    def click(self, element, arrives_at):
        """Click like a visitor (the element must be visible and on top), wait for the page."""
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        return self.click_done(arrives_at)

    def click_done(self, arrives_at):

        WebDriverWait(self.browser, 20).until(
            lambda browser: (
                arrives_at(browser.current_url)
                and browser.execute_script("return document.readyState") == "complete"
            ),
            "the page did not go where expected",
        )
        return self.browser

    def follow(self, path):
        """Click the first visible link to path and land on it."""
        url = self.base + path
        links = self.visible_links(lambda href: href == url)
        assert links, f"no visible link to {path} on {self.current_path()}"
        return self.click(links[0], lambda current: current == url)

    def switch_language(self, lang):
        """Use the page's language switcher: a link or a button for lang."""

        candidates = self.browser.find_elements(
            By.CSS_SELECTOR,
            f'body a[hreflang="{lang}"], body a[lang="{lang}"], '
            f'button[name="language"][value="{lang}"], '
            f'input[type="submit"][name="language"][value="{lang}"]',
        )
        visible = [element for element in candidates if element.is_displayed()]
        assert visible, f"no visible switch to {lang!r} on {self.current_path()}"
        prefix = f"{self.base}/{lang}/"
        return self.click(visible[0], lambda current: current.startswith(prefix))

    def search_box(self):

        boxes = [
            box
            for box in self.browser.find_elements(By.CSS_SELECTOR, 'form input[name="q"]')
            if box.is_displayed()
        ]
        assert boxes, f"no visible search box on {self.current_path()}"
        return boxes[0]

    def search(self, query):
        """Type into the search box and press Enter, as a visitor does."""

        box = self.search_box()
        box.clear()
        box.send_keys(query + Keys.ENTER)
        search_url = self.base + self.path("foundation:search", self.lang())
        return self.click_done(lambda current: current.startswith(search_url + "?"))

    def lang(self):
        return self.browser.execute_script("return document.documentElement.lang")

    def current_path(self):
        parts = urlsplit(self.browser.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def is_own(self, url):
        return url == self.base or url.startswith(self.base + "/")

    def screenshot(self, name):
        """Save the whole page, not just the window, under artifacts/screenshots/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        metrics = self.browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = self.browser.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "optimizeForSpeed": True,
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": min(size["height"], 8000),
                    "scale": 1,
                },
            },
        )
        target.write_bytes(base64.b64decode(shot["data"]))
        return target


@pytest.fixture
def site(live_server, browser, seed):
    """The seeded site in the shared browser.

    live_server makes the test transactional, so the seed is committed where the server's
    own connection sees it, and flushed afterwards. Loading it costs seconds, so each test
    sweeps several pages rather than one.
    """
    return Site(live_server, browser)
