"""Reading a source plain: the highlight toggle works in a real browser, without script."""

import pytest
from selenium.webdriver.common.by import By

from tests.page_helpers import url

pytestmark = pytest.mark.browser

SOURCE = "pytorch-rejoint-la-linux-foundation"


def test_the_reader_can_read_the_article_plain(site, browser):
    browser.get(site.base + url("source-detail", slug=SOURCE))
    mark = browser.find_element(By.CSS_SELECTOR, ".source-text mark.passage")
    highlighted = mark.value_of_css_property("background-color")
    reference = browser.find_element(By.CSS_SELECTOR, ".source-text .passage-ref")
    assert reference.is_displayed()
    browser.find_element(By.ID, "show-passages").click()
    assert mark.value_of_css_property("background-color") != highlighted
    assert not reference.is_displayed()
