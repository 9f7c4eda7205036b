"""Every page type, in both languages, passes axe-core and shows where keyboard focus is."""

from http import HTTPStatus

import pytest

from tests.browser.axe import blocking, by_impact, describe, run_axe, save_report, save_summary
from tests.browser.pages import LANGUAGES, PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """
const style = getComputedStyle(arguments[0]);
return {
  outlineStyle: style.outlineStyle,
  outlineWidth: style.outlineWidth,
  outline: [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" "),
  boxShadow: style.boxShadow,
};
"""


def test_no_page_type_has_a_serious_or_critical_axe_violation_in_either_language(site):
    problems, summary = [], {}
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            name = f"{page_type}-{lang}"
            browser = site.open(site.page(page_type, lang))
            expected = HTTPStatus.NOT_FOUND if page_type == "not-found" else HTTPStatus.OK
            if site.status() != expected:
                problems.append(f"{name}: HTTP {site.status()}, expected {expected.value}")
            if site.lang() != lang:
                problems.append(f"{name}: <html lang={site.lang()!r}>, expected {lang!r}")
            site.screenshot(name)

            violations = run_axe(browser)
            save_report(name, site.current_path(), violations)
            summary[name] = by_impact(violations)
            if serious := blocking(violations):
                problems.append(
                    f"{name} {site.current_path()}: {by_impact(serious)}\n{describe(serious)}"
                )
    save_summary(summary)
    assert not problems, "\n".join(problems)


def focus_is_visible(focused, unfocused):
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] != "0px"
        and focused["outline"] != unfocused["outline"]
    )
    shadow = focused["boxShadow"] != "none" and focused["boxShadow"] != unfocused["boxShadow"]
    return outline or shadow


def test_keyboard_focus_is_visible_on_every_control_tabbed_to(site):
    invisible = []
    for page_type in ("home", "organisation-detail", "search"):
        browser = site.open(site.page(page_type))
        seen = 0
        for _ in range(12):
            element = site.press_tab()
            if element.tag_name.lower() == "body":
                break
            seen += 1
            focused = browser.execute_script(FOCUS_STYLE, element)
            # blur() keeps the sequential focus starting point, so the next Tab moves on.
            browser.execute_script("arguments[0].blur();", element)
            unfocused = browser.execute_script(FOCUS_STYLE, element)
            if not focus_is_visible(focused, unfocused):
                text = element.get_attribute("textContent").strip()[:40]
                invisible.append(
                    f"{page_type}: <{element.tag_name.lower()}> {text!r}: focused {focused}, "
                    f"unfocused {unfocused}"
                )
        assert seen, f"Tab reached no control on {site.current_path()}"
    assert not invisible, "focus not visible on:\n" + "\n".join(invisible)
