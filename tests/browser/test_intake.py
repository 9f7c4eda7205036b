"""An editor takes in a new article in the admin, in Chromium under the strict CSP: pastes it,
accepts the proposed mentions, creates a person and an organisation from candidates, and
cites passages by selecting them with the keyboard, on the source's page and from inside a
record's form."""

import os
import time

import pytest
from django.urls import reverse

from foundation.models import Citation, Organisation, Person, ProposedMention, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase"
ARTICLE = (
    "Le 3 mars, la Fondation Linux a présenté un nouveau programme consacré à l’IA ouverte.\n"
    "Soumith Chintala, l’un des créateurs de PyTorch, y participera aux côtés de Claire "
    "Dubois, chercheuse à l’Institut Lumière.\n"
    "« Nous voulons que plus de 120 laboratoires rejoignent le programme d’ici à 2027 », "
    "a déclaré Claire Dubois. Meta soutient l’initiative."
)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def admin(live_server, browser, seed, editor):
    from selenium.webdriver.common.by import By

    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    helper = Admin(live_server, browser)
    helper.open(reverse("admin:login"))
    browser.find_element(By.NAME, "username").send_keys(editor.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    helper.submit(browser.find_element(By.CSS_SELECTOR, "[type=submit]"))
    yield helper
    browser.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
    )


AXE_PANELS = """
const [selectors, done] = [arguments[0], arguments[arguments.length - 1]];
axe.run({include: selectors.map((s) => [s])}, {resultTypes: ["violations"]})
  .then((results) => done(results.violations
    .filter((v) => ["critical", "serious"].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`)))
  .catch((error) => done([String(error)]));
"""


def axe_blocking(browser, selectors):
    from tests.browser.axe import axe_source

    browser.execute_script(axe_source())
    return browser.execute_async_script(AXE_PANELS, selectors)


class Admin:
    def __init__(self, live_server, browser):
        self.base = live_server.url
        self.browser = browser
        self.clicks = 0

    def open(self, path):
        self.browser.get(self.base + path)

    def violations(self):
        return self.browser.execute_script("return window.__cspViolations || []")

    def submit(self, element):
        """Click what sends a form and wait for the next page."""
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.wait import WebDriverWait

        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        self.clicks += 1
        WebDriverWait(self.browser, 20).until(expected_conditions.staleness_of(element))
        WebDriverWait(self.browser, 20).until(
            lambda b: b.execute_script("return document.readyState") == "complete"
        )
        assert self.violations() == []

    def button(self, label):
        from selenium.webdriver.common.by import By

        return self.browser.find_element(By.CSS_SELECTOR, f'button[aria-label="{label}"]')

    def select_with_keyboard(self, box, passage):
        """Put the caret before `passage` in the text box, then Shift+Right over it."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        box.click()
        self.browser.execute_script(
            """
            const [box, passage] = arguments;
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node, seen = "";
            const at = box.textContent.indexOf(passage);
            while ((node = walker.nextNode())) {
              if (seen.length + node.data.length > at) {
                const range = document.createRange();
                range.setStart(node, at - seen.length);
                range.collapse(true);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
              }
              seen += node.data;
            }
            """,
            box,
            passage,
        )
        keys = ActionChains(self.browser)
        keys.key_down(Keys.SHIFT)
        for _ in passage:
            keys.send_keys(Keys.ARROW_RIGHT)
        keys.key_up(Keys.SHIFT).perform()


def test_editor_takes_in_an_article_accepts_mentions_creates_records_and_cites_by_selection(
    admin,
):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    browser = admin.browser
    began = time.monotonic()
    # Paste the article into a new source.
    admin.open(reverse("admin:foundation_source_add"))
    browser.find_element(By.NAME, "title").send_keys("La Fondation Linux lance un programme")
    Select(browser.find_element(By.NAME, "language")).select_by_value("fr")
    browser.execute_script(
        "const box = arguments[0]; box.focus(); box.value = arguments[1];"
        "box.dispatchEvent(new Event('input', {bubbles: true}));",
        browser.find_element(By.NAME, "text"),
        ARTICLE,
    )
    admin.submit(browser.find_element(By.NAME, "_continue"))
    source = Source.objects.get(title="La Fondation Linux lance un programme")
    # Browsers send a text area's line breaks as CRLF; the source keeps them verbatim, and
    # selection offsets must count them.
    assert source.text == ARTICLE.replace("\n", "\r\n")

    # The panels pass axe-core (no critical or serious violation).
    assert axe_blocking(browser, ["#cite-passages", "#proposed-mentions"]) == []

    # The known people and organisations it names are proposed; accept them.
    proposed = ProposedMention.objects.filter(source=source).exclude(target="candidate")
    assert {row.record.name for row in proposed} == {
        "Linux Foundation",
        "Soumith Chintala",
        "PyTorch",
        "Meta",
    }
    for row in proposed.order_by("start"):
        admin.submit(admin.button(f"Accept {row.record.name} at {row.start}"))
    soumith = Person.objects.get(slug="soumith-chintala")
    assert soumith.citations.filter(source=source).get().text == (
        "Soumith Chintala, l’un des créateurs de PyTorch, y participera aux côtés de Claire "
        "Dubois, chercheuse à l’Institut Lumière."
    )

    # Names the record does not have are candidates: start a person and an organisation.
    admin.submit(admin.button("New person: Claire Dubois"))
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "Claire Dubois"
    admin.submit(browser.find_element(By.NAME, "_save"))
    claire = Person.objects.get(name="Claire Dubois")
    assert claire.citations.get().source == source

    admin.open(reverse("admin:foundation_source_change", args=[source.pk]))
    admin.submit(admin.button("New organisation: Institut Lumière"))
    Select(browser.find_element(By.NAME, "kind")).select_by_value("research_lab")
    admin.submit(browser.find_element(By.NAME, "_continue"))
    institut = Organisation.objects.get(name_fr="Institut Lumière")
    assert "Institut Lumière" in institut.citations.get().text

    if os.environ.get("INTAKE_SCREENSHOTS"):
        admin.open(reverse("admin:foundation_source_change", args=[source.pk]))
        from tests.browser.conftest import Site

        site = Site.__new__(Site)
        site.browser = browser
        print(site.screenshot("intake-source"))
    # Cite a passage by selecting it with the keyboard on the source's page.
    quote = "Nous voulons que plus de 120 laboratoires rejoignent le programme d’ici à 2027"
    admin.open(reverse("admin:foundation_source_change", args=[source.pk]))
    box = browser.find_element(By.CSS_SELECTOR, "#cite-passages .source-text")
    admin.select_with_keyboard(box, quote)
    admin.submit(browser.find_element(By.CSS_SELECTOR, "#cite-passages .cite-button"))
    start = source.text.index(quote)
    assert Citation.objects.filter(source=source, start=start, end=start + len(quote)).exists()
    # The page shows it highlighted among the passages.
    marks = browser.find_elements(By.CSS_SELECTOR, "#cite-passages mark.cited")
    assert any(quote in mark.text for mark in marks)

    # With the mouse: a double click selects a word, cited as it is in the source.
    word = browser.find_element(
        By.XPATH, "//*[@id='cite-passages']//*[contains(text(), 'chercheuse')]"
    )
    ActionChains(browser).double_click(word).perform()
    selected = browser.execute_script("return window.getSelection().toString().trim();")
    assert selected
    admin.submit(browser.find_element(By.CSS_SELECTOR, "#cite-passages .cite-button"))
    clicked = Citation.objects.filter(source=source, text=selected).get()
    assert source.text[clicked.start : clicked.end] == selected

    # From inside the institute's form: choose the source, select, cite, save.
    admin.open(reverse("admin:foundation_organisation_change", args=[institut.pk]))
    Select(browser.find_element(By.ID, "cite-source-choice")).select_by_visible_text(source.title)
    box = WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "#cite-from-source .source-text")
    )
    passage = "le programme d’ici à 2027"
    admin.select_with_keyboard(box, passage)
    browser.find_element(By.CSS_SELECTOR, "#cite-from-source .cite-button").click()
    admin.clicks += 1
    start = source.text.index(passage)
    citation = WebDriverWait(browser, 20).until(
        lambda b: Citation.objects.filter(source=source, start=start).first()
    )
    WebDriverWait(browser, 20).until(
        lambda b: b.execute_script(
            "return [...document.querySelectorAll('select[name$=\"-citation\"]')]"
            ".some((s) => s.value === arguments[0]);",
            str(citation.pk),
        )
    )
    admin.submit(browser.find_element(By.NAME, "_continue"))
    assert set(institut.citations.all()) == {
        institut.citations.exclude(pk=citation.pk).get(),
        citation,
    }
    assert admin.violations() == []
    print(f"\nintake journey: {admin.clicks} clicks, {time.monotonic() - began:.1f} s")
