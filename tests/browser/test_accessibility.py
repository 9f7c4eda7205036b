"""Every page type, in both languages, passes axe-core and shows where keyboard focus is."""

from http import HTTPStatus

import pytest

from tests.browser.axe import blocking, by_impact, describe, run_axe, save_report
from tests.browser.pages import LANGUAGES, PAGE_TYPES

pytestmark = pytest.mark.browser

FOCUS_STYLE = """
const style = getComputedStyle(arguments[0]);
return {
  outlineStyle: style.outlineStyle,
  outlineWidth: style.outlineWidth,
  outline: [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" "),
  boxShadow: style.boxShadow,
};
"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_has_no_serious_or_critical_axe_violation(site, page_type, lang):
    browser = site.open(site.page(page_type, lang))
    expected = HTTPStatus.NOT_FOUND if page_type == "not-found" else HTTPStatus.OK
    assert site.status() == expected
    assert browser.execute_script("return document.documentElement.lang") == lang
    site.screenshot(f"{page_type}-{lang}")

    violations = run_axe(browser)
    save_report(f"{page_type}-{lang}", site.current_path(), violations)
    serious = blocking(violations)
    assert not serious, (
        f"axe-core: {by_impact(serious)} on {site.current_path()} ({page_type}, {lang}):\n"
        + describe(serious)
    )


def focus_is_visible(focused, unfocused):
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] != "0px"
        and focused["outline"] != unfocused["outline"]
    )
    shadow = focused["boxShadow"] != "none" and focused["boxShadow"] != unfocused["boxShadow"]
    return outline or shadow


@pytest.mark.parametrize("page_type", ["home", "organisation-detail", "search"])
def test_keyboard_focus_is_visible_on_every_control_tabbed_to(site, page_type):
    browser = site.open(site.page(page_type))
    invisible, seen = [], []
    for _ in range(12):
        element = site.press_tab()
        if element.tag_name.lower() == "body":
            break
        focused = browser.execute_script(FOCUS_STYLE, element)
        # blur() keeps the sequential focus starting point, so the next Tab moves on.
        browser.execute_script("arguments[0].blur();", element)
        unfocused = browser.execute_script(FOCUS_STYLE, element)
        text = element.get_attribute("textContent").strip()[:40]
        label = f"<{element.tag_name.lower()}> {text!r}"
        seen.append(label)
        if not focus_is_visible(focused, unfocused):
            invisible.append(f"{label}: focused {focused}, unfocused {unfocused}")
    assert seen, f"Tab reached no control on {site.current_path()}"
    assert not invisible, "focus not visible on:\n" + "\n".join(invisible)
