"""The Content-Security-Policy in a real browser: nothing the pages need is blocked.

Chromium records every CSP violation through a listener installed before any page script
runs; the admin (login, index, change form with its widgets), the public pages and the API
documentation (Swagger UI, Redoc) must load without one, and still work.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
PASSWORD = "a-long-test-passphrase"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        webdriver = None
    if webdriver is None or not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        message = "needs selenium, /usr/bin/chromium and /usr/bin/chromedriver"
        if os.environ.get("REQUIRE_BROWSER", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_BROWSER=1 but this test {message}", pytrace=False)
        pytest.skip(message)
    profile = tempfile.mkdtemp(prefix="foundation-csp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def violations(browser):
    return browser.execute_script("return window.__cspViolations || []")


def visit(browser, live_server, url):
    browser.get(live_server.url + url)
    return violations(browser)


def wait_for(browser, script, seconds=20):
    from selenium.webdriver.support.wait import WebDriverWait

    return WebDriverWait(browser, seconds).until(lambda driver: driver.execute_script(script))


def log_in(browser, live_server, editor):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    assert visit(browser, live_server, reverse("admin:login")) == []
    browser.find_element(By.NAME, "username").send_keys(editor.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_for(browser, "return document.body.classList.contains('dashboard')")


def test_admin_works_under_the_policy(browser, live_server, seed, editor, settings):
    # Chromium keeps Secure cookies from http://localhost, so production cookie flags stay on.
    log_in(browser, live_server, editor)
    assert violations(browser) == []
    organisation_change = reverse("admin:foundation_organisation_changelist")
    assert visit(browser, live_server, organisation_change) == []
    from foundation.models import Organisation

    pk = Organisation.objects.get(slug="pytorch-foundation").pk
    change = reverse("admin:foundation_organisation_change", args=[pk])
    assert visit(browser, live_server, change) == []
    # The admin's own scripts ran: the inline "add another" row and the autocomplete widget.
    wait_for(browser, "return document.querySelector('.add-row a, .select2') !== null")
    assert violations(browser) == []


def test_public_pages_load_without_violations(browser, live_server, seed):
    for url in (
        reverse("foundation:home"),
        reverse("foundation:organisation-detail", args=["pytorch-foundation"]),
        reverse("foundation:event-list"),
    ):
        assert visit(browser, live_server, url) == [], url


def test_swagger_ui_renders_under_the_policy(browser, live_server, seed):
    assert visit(browser, live_server, reverse("api:docs")) == []
    wait_for(browser, "return document.querySelectorAll('.opblock').length > 5", seconds=40)
    assert violations(browser) == []


def test_redoc_renders_under_the_policy(browser, live_server, seed):
    visit(browser, live_server, reverse("api:redoc"))
    wait_for(browser, "return document.querySelectorAll('[data-section-id]').length > 5", 40)
    # Redoc's "powered by" logo comes from its CDN: blocking third parties is the point.
    assert [v for v in violations(browser) if "cdn.redoc.ly" not in v] == []
