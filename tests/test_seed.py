"""The seed is the truth: every fixture record quotes the article exactly."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from foundation.models import (
    Citation,
    Event,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
)
from foundation.models.kinds import cited_models, content_models

pytestmark = pytest.mark.django_db

SEED_FILE = Path(settings.BASE_DIR) / "seeds" / "000_f754d39028b1c723.txt"


def test_source_text_is_the_seed_file_byte_for_byte(seed):
    source = Source.objects.get()
    assert source.text.encode("utf-8") == SEED_FILE.read_bytes()


def test_every_citation_quotes_its_source_at_its_offsets(seed):
    citations = list(Citation.objects.select_related("source"))
    assert len(citations) >= 25
    for citation in citations:
        assert citation.source.text[citation.start : citation.end] == citation.text, citation.pk


@pytest.mark.parametrize("model", cited_models(), ids=lambda m: m.__name__)
def test_every_record_cites_at_least_one_passage(seed, model):
    uncited = model.objects.filter(citations__isnull=True)
    assert model.objects.exists()
    assert list(uncited) == []


def test_every_figure_cites_the_words_that_give_its_number(seed):
    for figure in Figure.objects.select_related("citation"):
        digits = figure.value_display.replace(",", "")
        assert digits in figure.citation.text.replace(" ", ""), figure


def test_every_record_passes_model_validation(seed):
    for model in content_models():
        assert model.objects.exists(), model
        for record in model.objects.all():
            record.full_clean()


def test_organisations_and_people_the_article_names_are_all_there(seed):
    names = set(Organisation.objects.values_list("name_en", flat=True))
    assert {
        "PyTorch",
        "PyTorch Foundation",
        "Linux Foundation",
        "Meta",
        "Meta AI",
        "AMD",
        "Amazon Web Services",
        "Google",
        "Microsoft",
        "NVIDIA",
        "NeurIPS",
        "ICML",
        "Linux",
        "Kubernetes",
        "LFX",
        "PyTorch-Distributed",
    } <= names
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Soumith Chintala",
        "Jim Zemlin",
        "Adam Paszke",
        "Sam Gross",
        "Gregory Chanan",
    }


def test_the_board_of_the_pytorch_foundation_has_its_six_companies(seed):
    board = Membership.objects.filter(
        organisation__slug="pytorch-foundation", role_en="governing board member"
    )
    assert sorted(board.values_list("member_organisation__slug", flat=True)) == [
        "amazon-web-services",
        "amd",
        "google",
        "meta",
        "microsoft",
        "nvidia",
    ]


def test_figures_keep_their_qualifiers(seed):
    figures = {
        (f.value, f.qualifier, f.unit_en)
        for f in Figure.objects.all()  # three figures in the article
    }
    assert figures == {
        (Decimal("2400"), "more_than", "contributors"),
        (Decimal("154000"), "nearly", "projects"),
        (Decimal("80"), "more_than", "%"),
    }


def test_quotations_know_they_were_translated_by_the_source(seed):
    quote = Statement.objects.get(slug="zemlin-neutral-home-quote")
    assert (quote.language, quote.original_language, quote.rendered_by) == ("fr", "en", "source")
    assert quote.speaker.slug == "jim-zemlin"
    assert quote.on_behalf_of.slug == "linux-foundation"
    assert quote.inferred and "English" in quote.inference_note


def test_implicit_year_of_the_announcement_is_marked_inferred(seed):
    event = Event.objects.get(slug="pytorch-joins-linux-foundation")
    assert event.inferred
    assert "le 12 septembre dernier" in event.inference_note
    with translation.override("fr"):
        assert event.date_display == "12 septembre 2022"
    with translation.override("en"):
        assert event.date_display == "12 September 2022"


def test_year_only_events_display_only_their_year(seed):
    event = Event.objects.get(slug="pytorch-development-begins")
    assert (event.date_display, event.date_precision) == ("2016", "year")
    assert not event.inferred


def dump_content():
    out = io.StringIO()
    call_command(
        "dumpdata",
        "foundation",
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_loading_the_seed_twice_changes_nothing(seed):
    before = dump_content()
    call_command("load_seed", verbosity=0)
    assert dump_content() == before


@pytest.mark.parametrize("model", content_models(), ids=lambda m: m.__name__)
def test_load_seed_gives_each_record_one_first_history_entry(seed, model):
    assert model.history.count() == model._base_manager.count() > 0
    call_command("load_seed", verbosity=0)
    assert model.history.count() == model._base_manager.count()


def test_load_seed_prints_the_count_of_each_kind_of_record(db):
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    for model in content_models():
        count = model._base_manager.count()
        assert f"  {model._meta.verbose_name_plural}: {count}\n" in out.getvalue()
