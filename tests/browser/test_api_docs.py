"""The API reference in a real browser, cold and warm: Swagger UI and Redoc list the operations
both when the page is rendered and when it is replayed from the page cache, under the same
Content-Security-Policy (Redoc's inline-style exception must survive the replay)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from selenium.webdriver.support.wait import WebDriverWait

from foundation.caching.middleware import ContentCacheMiddleware

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
"""

# Each reference page, and what it shows once it has listed the operations.
OPERATIONS = {
    "api:docs": ".opblock",
    "api:redoc": '[data-section-id^="operation/"]',
}
# Redoc's "powered by" logo is an image on its CDN: refusing other hosts is the policy's point.
THIRD_PARTY = "cdn.redoc.ly"
# Redoc's page names no icon, so the browser asks for /favicon.ico, which the site lacks.
FAVICON = re.compile(r"/favicon\.ico - Failed to load resource: .* 404")


@pytest.fixture
def violations_recorded(browser):
    """A listener for CSP violations in every page the test opens (and only this test's)."""
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    yield
    browser.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
    )


@pytest.fixture
def cache_answers(monkeypatch):
    """How the page cache answered each path (the live server runs in this process)."""
    answered = []
    replay, not_modified = ContentCacheMiddleware.replay, ContentCacheMiddleware.not_modified

    def counting_replay(self, request, entry):
        answered.append(("replay", request.path))
        return replay(self, request, entry)

    def counting_not_modified(etag, source=None):
        answered.append(("304", etag))
        return not_modified(etag, source)

    monkeypatch.setattr(ContentCacheMiddleware, "replay", counting_replay)
    monkeypatch.setattr(ContentCacheMiddleware, "not_modified", staticmethod(counting_not_modified))
    return answered


def browser_cache(browser, enabled):
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": not enabled})


# Each visit of a reference page: how the page gets to the browser.
VISITS = {
    "cold": "rendered by its view, and stored in the page cache",
    "warm": "replayed from the page cache (the browser's own cache off, as for a new visitor)",
    "revisit": "the browser's kept copy, revalidated: a 304",
}


def test_api_reference_lists_the_operations_cold_and_warm(site, violations_recorded, cache_answers):
    cache.clear()
    problems = []
    try:
        for name, operation in OPERATIONS.items():
            path = reverse(name)
            for visit in VISITS:
                browser_cache(site.browser, enabled=visit != "warm")
                answered = len(cache_answers)
                browser = site.open(path)
                WebDriverWait(browser, 40).until(
                    lambda driver, operation=operation: (
                        driver.execute_script(
                            "return document.querySelectorAll(arguments[0]).length", operation
                        )
                        > 5
                    ),
                    f"{path} lists no operations when {VISITS[visit]}",
                )
                how = [kind for kind, _ in cache_answers[answered:]]
                if visit == "warm":
                    assert ("replay", path) in cache_answers[answered:], how
                if visit == "revisit":
                    assert "304" in how, how
                violations = [
                    violation
                    for violation in browser.execute_script("return window.__cspViolations || []")
                    if THIRD_PARTY not in violation
                ]
                if violations:
                    problems.append(f"{path} ({visit}) violates the policy: {violations}")
                logged = [
                    entry["message"]
                    for entry in browser.get_log("browser")
                    if THIRD_PARTY not in entry["message"] and not FAVICON.search(entry["message"])
                ]
                if logged:
                    problems.append(f"{path} ({visit}) logs errors: {logged}")
    finally:
        browser_cache(site.browser, enabled=True)
    assert not problems, "\n".join(problems)
