"""Pages fit a small phone and load everything from the site itself."""

import pytest

from tests.browser.pages import LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}

OVERFLOWING = """
const width = window.innerWidth;
const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + (typeof el.className === "string" && el.className.trim()
     ? "." + el.className.trim().split(/\\s+/).join(".") : "");
return [...document.body.querySelectorAll("*")]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .slice(0, 8)
  .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
"""

FOREIGN_URLS = """
const own = arguments[0];
const isOwn = (url) => url === own || url.startsWith(own + "/");
const fetched = performance.getEntriesByType("resource").map((entry) => entry.name);
const referenced = [...document.querySelectorAll("[src], link[href]")]
  .filter((el) => !(el.tagName === "LINK" && /\\b(alternate|canonical)\\b/.test(el.rel)))
  .map((el) => el.src || el.href);
return [...new Set([...fetched, ...referenced])].filter((url) => url && !isOwn(url));
"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_fits_a_360px_wide_phone_without_horizontal_scroll(site, page_type, lang):
    site.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser = site.open(site.page(page_type, lang))
    inner_width = browser.execute_script("return window.innerWidth")
    assert inner_width == PHONE["width"], (
        f"the page lays out {inner_width}px wide on a 360px phone: it needs "
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
    if lang == "fr":  # one phone screenshot per page type is enough to look at
        site.screenshot(f"{page_type}-360px")
    assert scroll_width <= inner_width, (
        f"{site.current_path()} scrolls sideways at 360px ({scroll_width}px wide); "
        f"too wide: {browser.execute_script(OVERFLOWING)}"
    )


def test_no_page_loads_anything_from_another_host(site):
    offenders = {}
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            browser = site.open(site.page(page_type, lang))
            foreign = browser.execute_script(FOREIGN_URLS, site.base)
            if foreign:
                offenders[f"{page_type} ({lang})"] = foreign
    assert not offenders, f"requests to hosts other than {site.base}: {offenders}"


def test_no_page_logs_a_browser_error(site):
    """Console errors catch what a visitor never sees: a blocked style, a missing file."""
    errors = {}
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            browser = site.open(site.page(page_type, lang))
            logged = [
                entry["message"]
                for entry in browser.get_log("browser")
                # The 404 page's own status is reported as a failed load: that one is expected.
                if not (page_type == "not-found" and "status of 404" in entry["message"])
            ]
            if logged:
                errors[f"{page_type} ({lang})"] = logged
    assert not errors, f"browser console errors: {errors}"
