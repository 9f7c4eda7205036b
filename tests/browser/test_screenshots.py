"""The README's pictures, taken from the running site so they stay current.

Each normal run writes them under artifacts/screenshots/ (a test that the pages can be shown
as the README shows them); `make screenshots` writes them into docs/screenshots/, which the
README embeds.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.models import Source, Statement
from tests.browser.test_intake import admin  # noqa: F401  (the signed-in editor's browser)
from tests.page_helpers import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLDER = Path(
    os.environ.get("FOUNDATION_SCREENSHOTS")
    or Path(settings.BASE_DIR) / "artifacts" / "screenshots"
)
QUOTE = "chintala-blog-quote"


def shoot(browser, name):
    FOLDER.mkdir(parents=True, exist_ok=True)
    target = FOLDER / f"{name}.png"
    assert browser.get_screenshot_as_file(str(target)), target
    assert target.stat().st_size > 10_000  # a page, not a blank window
    return target


def test_the_home_page_and_a_records_passages_on_its_source(site, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 900)
    site.open(url("home", "en"))
    shoot(browser, "home")

    statement = Statement.objects.get(slug=QUOTE)
    with translation.override("en"):
        site.open(statement.get_absolute_url())
    browser.find_element(By.CSS_SELECTOR, ".evidence-list blockquote a").click()
    focus = browser.find_element(By.CSS_SELECTOR, ".source-text mark.passage.focus")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", focus)
    shoot(browser, "source-page")


def test_the_admin_citing_by_selection(admin):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser = admin.browser
    browser.set_window_size(1280, 900)
    source = Source.objects.get()
    admin.open(reverse("admin:foundation_source_change", args=[source.pk]))
    box = browser.find_element(By.CSS_SELECTOR, "#cite-passages .source-text")
    admin.select_with_keyboard(box, "Il déclare dans un communiqué de presse")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    assert browser.execute_script("return window.getSelection().toString()")
    shoot(browser, "admin-citing")
