"""Pages fit a small phone and load everything from the site itself."""

import pytest

from tests.browser.pages import LANGUAGES, PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


def test_no_page_type_scrolls_sideways_on_a_360px_wide_phone(site):
    site.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    problems = []
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            browser = site.open(site.page(page_type, lang))
            if lang == "fr":  # one phone screenshot per page type is enough to look at
                site.screenshot(f"{page_type}-360px")
            inner_width = browser.execute_script("return window.innerWidth")
            scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
            if inner_width != PHONE["width"]:
                problems.append(
                    f"{page_type} ({lang}) lays out {inner_width}px wide on a 360px phone: it "
                    'needs <meta name="viewport" content="width=device-width, initial-scale=1">'
                )
            elif scroll_width > inner_width:
                problems.append(
                    f"{page_type} ({lang}) is {scroll_width}px wide; too wide: "
                    f"{browser.execute_script(OVERFLOWING)}"
                )
    assert not problems, "\n".join(problems)


def test_no_page_type_loads_from_another_host_or_logs_a_browser_error(site):
    """Everything comes from the site itself, and the console stays quiet: no blocked style,
    no missing file, no script refused by the content security policy."""
    problems = []
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            browser = site.open(site.page(page_type, lang))
            if foreign := browser.execute_script(FOREIGN_URLS, site.base):
                problems.append(f"{page_type} ({lang}) requests another host: {foreign}")
            logged = [
                entry["message"]
                for entry in browser.get_log("browser")
                # The 404 page's own status is reported as a failed load: that one is expected.
                if not (page_type == "not-found" and "status of 404" in entry["message"])
            ]
            if logged:
                problems.append(f"{page_type} ({lang}) logs errors: {logged}")
    assert not problems, "\n".join(problems)
