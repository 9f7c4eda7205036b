"""Every public page reads as its language is written: French typography, no text left in the
other language, dates and organisation names as French writes them (tests/language_check.py)."""

import pytest
from django.utils import translation

from foundation.models.kinds import page_models
from tests.language_check import findings
from tests.page_helpers import get_ok

pytestmark = pytest.mark.django_db


def every_page(language):
    with translation.override(language):
        from django.urls import reverse

        addresses = [reverse("foundation:home"), reverse("foundation:search") + "?q=pytorch"]
        for model in page_models():
            addresses.append(reverse(f"foundation:{model._meta.model_name}-list"))
            addresses += [record.get_absolute_url() for record in model.objects.public()]
    return addresses


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_reads_as_its_language_is_written(client, seed, language):
    problems = []
    for address in every_page(language):
        problems += [f"{address}: {found}" for found in findings(get_ok(client, address), language)]
    assert not problems, f"{len(problems)} findings:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(
    ("html", "language", "expected"),
    [
        ("<main><p>Langue : français</p></main>", "fr", "a plain space before high punctuation"),
        ("<main><p>au sein de la Linux Foundation</p></main>", "fr", None),
        ("<main><p>au nom de AMD</p></main>", "fr", "a missing contraction"),
        ("<main><p>en 4 mars 2025</p></main>", "fr", "'en' before a full date"),
        ("<main><p>checked against the source</p></main>", "fr", "text in the other language"),
        ('<main><p lang="en">checked against the source</p></main>', "fr", None),
        ("<main><blockquote>Il dit : « oui »</blockquote></main>", "fr", None),
        ("<main><p>la traduction</p></main>", "en", "text in the other language"),
        ("<main><p>Zemlin, in their words</p></main>", "en", "'in their words'"),
    ],
)
def test_the_check_finds_what_a_reader_would(html, language, expected):
    found = findings(html, language)
    if expected is None:
        assert found == []
    else:
        assert any(line.startswith(expected) for line in found), found
