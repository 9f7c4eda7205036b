"""The intake journey in Chromium under the strict CSP: an editor pastes a new article, accepts
the proposed mentions, creates a person and an organisation from candidates, cites passages by
selecting them with the keyboard (on the source's page and from inside a record's form),
records a quotation with a figure and sends it to review; a reviewer publishes it from the
queue; visitors' pages and the API show it with its highlighted passages."""

import json
import time
import urllib.request

import pytest
from django.urls import reverse
from django.utils import translation

from foundation.models import (
    Citation,
    Organisation,
    Person,
    ProposedMention,
    Source,
    Statement,
    Status,
)

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
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    helper = Admin(live_server, browser)
    helper.log_in(editor)
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

    def double_click(self, by, locator):
        """Double-click what `locator` finds once it is in view. Chromium's driver sometimes
        loses the node it scrolled to on a just-loaded page ("does not belong to the
        document"): the element is found again and clicked again, as a hand would."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.action_chains import ActionChains

        for attempt in range(3):
            element = self.browser.find_element(by, locator)
            self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
            try:
                ActionChains(self.browser).double_click(element).perform()
                return
            except WebDriverException:
                if attempt == 2:
                    raise

    def button(self, label):
        from selenium.webdriver.common.by import By

        return self.browser.find_element(By.CSS_SELECTOR, f'button[aria-label="{label}"]')

    def choose(self, field_id, typed, label):
        """Pick the option that reads `label` in an autocomplete field (select2) by typing
        `typed`, as an editor does."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        opener = self.browser.find_element(
            By.XPATH,
            f"//select[@id='{field_id}']/following-sibling::span[contains(@class, 'select2')]"
            "//span[contains(@class, 'select2-selection')]",
        )
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", opener)
        opener.click()
        self.clicks += 1
        self.browser.find_element(
            By.CSS_SELECTOR, ".select2-container--open input.select2-search__field"
        ).send_keys(typed)
        option = WebDriverWait(self.browser, 20).until(
            lambda b: next(
                (
                    row
                    for row in b.find_elements(By.CSS_SELECTOR, "li.select2-results__option")
                    if row.text == label
                ),
                None,
            )
        )
        option.click()
        self.clicks += 1
        WebDriverWait(self.browser, 20).until(
            lambda b: label in b.find_element(By.ID, f"select2-{field_id}-container").text
        )

    def cite_in_form(self, source, passage):
        """Select `passage` in the form's citing panel and cite it; returns the citation."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        # The panel redraws the text after each citation to show it among the passages.
        box = WebDriverWait(self.browser, 20).until(
            lambda b: b.find_element(By.CSS_SELECTOR, "#cite-from-source .source-text")
        )
        self.select_with_keyboard(box, passage)
        self.browser.find_element(By.CSS_SELECTOR, "#cite-from-source .cite-button").click()
        self.clicks += 1
        start = source.text.index(passage)
        citation = WebDriverWait(self.browser, 20).until(
            lambda b: Citation.objects.filter(
                source=source, start=start, end=start + len(passage)
            ).first()
        )
        WebDriverWait(self.browser, 20).until(
            lambda b: b.execute_script(
                "return [...document.querySelectorAll('select[name$=\"-citation\"]')]"
                ".some((s) => s.value === arguments[0]);",
                str(citation.pk),
            )
        )
        # Then the panel reads the text again, the new passage among those highlighted.
        # (Overlapping passages split the highlighting: the passage's ends bound marks.)
        WebDriverWait(self.browser, 20).until(
            lambda b: b.execute_script(
                "const marks = document.querySelectorAll('#cite-from-source .source-text mark');"
                "return [...marks].some((m) => m.dataset.start === arguments[0])"
                " && [...marks].some((m) => m.dataset.end === arguments[1]);",
                str(citation.start),
                str(citation.end),
            )
        )
        return citation

    def send_for_review(self, model, record):
        """Tick the record in its list and run the "Send for review" action."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.select import Select

        self.open(reverse(f"admin:foundation_{model._meta.model_name}_changelist"))
        box = self.browser.find_element(
            By.CSS_SELECTOR, f'input[name="_selected_action"][value="{record.pk}"]'
        )
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
        box.click()
        self.clicks += 1
        Select(self.browser.find_element(By.NAME, "action")).select_by_value("submit_for_review")
        self.clicks += 1
        self.submit(self.browser.find_element(By.CSS_SELECTOR, 'button[name="index"]'))

    def log_in(self, user):
        from selenium.webdriver.common.by import By

        self.open(reverse("admin:login"))
        self.browser.find_element(By.NAME, "username").send_keys(user.username)
        self.browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        self.submit(self.browser.find_element(By.CSS_SELECTOR, "[type=submit]"))

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


def test_editor_takes_in_an_article_records_a_quotation_and_a_reviewer_publishes_it(
    admin, reviewer
):
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
    admin.double_click(By.XPATH, "//*[@id='cite-passages']//*[contains(text(), 'chercheuse')]")
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
    intake = (admin.clicks, time.monotonic() - began)

    # The quotation: Claire Dubois speaks; its passage and its figure's are cited by selection
    # in the statement's form, the figure picks its passage among them.
    admin.open(reverse("admin:foundation_statement_add"))
    Select(browser.find_element(By.NAME, "kind")).select_by_value("quote")
    browser.find_element(By.NAME, "text_fr").send_keys(quote)
    Select(browser.find_element(By.NAME, "language")).select_by_value("fr")
    admin.choose("id_speaker", "Dubois", "Claire Dubois")
    Select(browser.find_element(By.ID, "cite-source-choice")).select_by_visible_text(source.title)
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "#cite-from-source .source-text")
    )
    said = admin.cite_in_form(source, quote)
    counted = admin.cite_in_form(source, "plus de 120 laboratoires")
    add_figure = browser.find_element(By.CSS_SELECTOR, "#figures-group .add-row a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", add_figure)
    add_figure.click()
    admin.clicks += 1
    browser.find_element(By.NAME, "figures-0-value").send_keys("120")
    Select(browser.find_element(By.NAME, "figures-0-qualifier")).select_by_value("more_than")
    browser.find_element(By.NAME, "figures-0-unit_fr").send_keys("laboratoires")
    admin.choose("id_figures-0-citation", "120 laboratoires", str(counted))
    # Sent to review as it is saved: editors may not publish.
    Select(browser.find_element(By.NAME, "status")).select_by_value(Status.IN_REVIEW)
    admin.submit(browser.find_element(By.NAME, "_continue"))
    errors = browser.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")
    assert not errors, [error.text for error in errors]
    statement = Statement.objects.get(speaker=claire)
    assert statement.status == Status.IN_REVIEW
    assert set(statement.citations.all()) == {said, counted}
    figure = statement.figures.get()
    assert (figure.value, figure.unit_fr, figure.citation) == (120, "laboratoires", counted)

    # The new source, person and organisation go to review with it.
    for model, record in [(Source, source), (Person, claire), (Organisation, institut)]:
        admin.send_for_review(model, record)
        record.refresh_from_db()
        assert record.status == Status.IN_REVIEW

    # A reviewer signs in in the same browser and publishes from the queue, the records the
    # statement links to first (the queue publishes one record at a time).
    admin.submit(browser.find_element(By.CSS_SELECTOR, "#logout-form [type=submit]"))
    admin.log_in(reviewer)
    queue = reverse("admin:review_queue")
    admin.submit(browser.find_element(By.CSS_SELECTOR, f'a[href="{queue}"]'))
    entry = browser.find_element(By.ID, f"review-foundation.statement-{statement.pk}")
    assert quote in entry.text
    for record in [source, claire, institut, statement]:
        form = browser.find_element(By.ID, f"review-form-{record._meta.label_lower}-{record.pk}")
        admin.submit(form.find_element(By.CSS_SELECTOR, 'button[value="publish"]'))
        assert not browser.find_elements(By.CSS_SELECTOR, ".messagelist .error")
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED, record

    # An anonymous visitor: the statement's page shows the quote and its evidence...
    browser.delete_all_cookies()
    with translation.override("fr"):
        statement_url = statement.get_absolute_url()
        source_url = source.get_absolute_url()
    admin.open(statement_url)
    assert quote in browser.find_element(By.TAG_NAME, "main").text
    evidence = browser.find_element(By.CSS_SELECTOR, ".evidence-list").text
    assert quote in evidence and "plus de 120 laboratoires" in evidence
    assert source.title in evidence
    # ...the source's page highlights the passages...
    admin.open(source_url)
    for citation in (said, counted):
        # Each passage is one mark; overlapping ones nest, each followed by its [number].
        highlighted = browser.execute_script(
            "const mark = document.getElementById(arguments[0]).cloneNode(true);"
            "mark.querySelectorAll('.passage-ref').forEach((ref) => ref.remove());"
            "return mark.textContent;",
            f"passage-{citation.pk}",
        )
        assert highlighted == citation.text
    # ...and the API gives the statement, its passages and its figure as a number.
    request = urllib.request.Request(
        admin.base + f"/api/v1/statements/{statement.slug}/",
        headers={"Accept": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        data = json.load(response)
    assert data["text_fr"] == quote
    cited = json.dumps(data["citations"], ensure_ascii=False)
    assert quote in cited and "plus de 120 laboratoires" in cited
    assert [(f["value"], f["qualifier"]) for f in data["figures"]] == [(120, "more_than")]
    assert not isinstance(data["figures"][0]["value"], str)
    assert admin.violations() == []
    print(
        f"\nintake: {intake[0]} clicks, {intake[1]:.1f} s; whole journey (intake, quotation "
        f"and figure, review, publication, public pages and API): {admin.clicks} clicks, "
        f"{time.monotonic() - began:.1f} s"
    )
