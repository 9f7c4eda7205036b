"""The seed is the truth: every fixture record quotes the article exactly."""

import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from foundation import services
from foundation.management.commands.load_seed import fixture_entries
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


def test_the_board_of_the_pytorch_foundation_seats_six_companies_unnamed_representatives(seed):
    board = Membership.objects.filter(
        organisation__slug="pytorch-foundation", role_en="governing board member"
    )
    # The article names no representative: each seat is held on behalf of its company, by no
    # one the record pretends to know, and no company sits as if it were a person.
    assert {(m.person_id, m.member_organisation_id) for m in board} == {(None, None)}
    assert sorted(board.values_list("on_behalf_of__slug", flat=True)) == [
        "amazon-web-services",
        "amd",
        "google",
        "meta",
        "microsoft",
        "nvidia",
    ]


# Claims the article bundles in one sentence, split: {slug: (words its passages hold, words
# they must not, since they support the other half)}.
SPLIT_CLAIMS = {
    "claim-pytorch-widely-used": ("les plus utilisés", "Meta AI"),
    "claim-pytorch-developed-by-meta-ai": ("développé par Meta AI", None),
    "claim-board-composition": ("se compose de représentants", "contribué"),
    "claim-board-contributed-to-pytorch": ("contribué à l’essor", "conseil"),
    "claim-linux-foundation-programs": ("programmes de formation", "LFX"),
    "claim-pytorch-access-to-lfx": ("portail de collaboration LFX", None),
    "claim-no-change-to-code-or-governance": ("aucune modification", "contrôle"),
    "claim-maintainers-keep-technical-governance": ("sous le contrôle des mainteneurs", "code"),
}


@pytest.mark.parametrize(("slug", "words"), SPLIT_CLAIMS.items())
def test_each_claim_makes_one_assertion_with_its_own_passage(seed, slug, words):
    held, other_half = words
    claim = Statement.objects.get(slug=slug)
    passages = " ".join(claim.citations.values_list("text", flat=True))
    assert held in passages
    if other_half is not None:
        assert other_half not in passages and other_half not in claim.text_fr
    twins = Statement.objects.filter(slug__in=SPLIT_CLAIMS).exclude(pk=claim.pk)
    own = set(claim.citations.values_list("pk", flat=True))
    assert all(set(twin.citations.values_list("pk", flat=True)) != own for twin in twins)


def test_conferences_given_as_examples_stay_examples(seed):
    figure = Figure.objects.get(statement__slug="claim-researchers-use-pytorch")
    # « telles que NeurIPS ou ICML »: examples of major ML conferences, not a closed list.
    assert "telles que NeurIPS ou ICML" in figure.scope_fr
    assert "such as NeurIPS or ICML" in figure.scope_en


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
    # The article does not say which language Zemlin spoke: only that is marked inferred.
    assert set(quote.inferences) == {"original_language", "rendered_by"}
    assert "English" in quote.inference("original_language").reasons["en"]
    assert "anglais" in quote.inference("original_language").reasons["fr"]
    assert quote.inference("text") is None


def test_every_seed_check_names_its_checker_and_what_it_covered(seed):
    for model in cited_models():
        for record in model.objects.select_related("verified_by"):
            assert record.verification == "checked", record
            assert record.checker_name == "Foundation editorial desk", record
            assert record.verification_note_en.startswith("Read against the article"), record
            assert record.verification_note_fr.startswith("Vérifié par rapport à l’article")


def test_every_seed_editorial_note_is_in_both_languages(seed):
    """Inference reasons and verification notes are read in the page's language."""
    for model in [*cited_models(), Source, Figure]:
        for record in model.objects.all():
            for inference in record.inferred_fields:
                assert set(inference.reasons) == {"fr", "en"}, (record, inference.key)
            if model in cited_models():
                assert bool(record.verification_note_fr) == bool(record.verification_note_en)


def test_implicit_year_of_the_announcement_is_marked_inferred(seed):
    event = Event.objects.get(slug="pytorch-joins-linux-foundation")
    inference = event.inference("date")
    assert (inference.part, inference.key) == ("year", "date.year")
    assert "le 12 septembre dernier" in inference.reason
    with translation.override("fr"):
        assert event.date_display == "12 septembre 2022"
    with translation.override("en"):
        assert event.date_display == "12 September 2022"


def test_year_only_events_display_only_their_year(seed):
    event = Event.objects.get(slug="pytorch-development-begins")
    assert (event.date_display, event.date_precision) == ("2016", "year")
    assert not event.is_inferred and event.inference("date") is None


def dump_content():
    out = io.StringIO()
    call_command(
        "dumpdata",
        *(model._meta.label for model in content_models()),
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
    translation.deactivate_all()  # the command speaks English
    for model in content_models():
        count = model._base_manager.count()
        assert f"  {model._meta.verbose_name_plural}: {count}\n" in out.getvalue()


# --- `make run` loads the seed on every start: it must never undo an editor's work ---------


def history_counts():
    return {model.__name__: model.history.count() for model in content_models()}


def edit_like_an_editor(user):
    """Edits an editor makes in the admin, through the same services: a renamed organisation
    citing one passage less, an unpublished quote, a figure's scope, a participant removed, a
    passage's note, a membership deleted."""
    meta = Organisation.objects.get(slug="meta")
    meta.name_en = "Meta Platforms"
    services.save_record(
        record=meta,
        user=user,
        expected_version=meta.version,
        citations=list(meta.citations.order_by("pk")[1:]),
    )
    services.unpublish(records=[Statement.objects.get(slug="zemlin-neutral-home-quote")], user=user)
    figure = Figure.objects.get(value=2400)
    statement = figure.statement
    figure.scope_en = "contributors, as counted by the article"
    services.save_record(
        record=statement,
        user=user,
        expected_version=statement.version,
        parts={"figures": [figure, *statement.figures.exclude(pk=figure.pk)]},
    )
    event = Event.objects.get(slug="pytorch-joins-linux-foundation")
    services.save_record(
        record=event,
        user=user,
        expected_version=event.version,
        parts={"participants": list(event.participants.order_by("pk")[1:])},
    )
    passage = Citation.objects.order_by("start").first()
    passage.note = "The article's first sentence."
    services.save_record(record=passage, user=user, expected_version=passage.version)
    membership = Membership.objects.get(slug="soumith-chintala-creator-pytorch")
    services.delete_record(record=membership, user=user, expected_version=membership.version)


def run_setup_steps():
    """What `make run` does before serving (Makefile), with DEBUG on as it sets it."""
    # The edits were committed before `make run` starts: settle the deferred constraint
    # checks as a commit would (PostgreSQL refuses migrate's ALTER TABLE while any wait).
    connection.check_constraints()
    out = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    call_command("load_seed", stdout=out)
    call_command("create_demo_editor", stdout=out)
    return out.getvalue()


def test_make_run_keeps_every_edit_version_and_history_entry(seed, editor, settings):
    settings.DEBUG = True
    edit_like_an_editor(editor)
    edited, histories = dump_content(), history_counts()

    output = run_setup_steps()
    run_setup_steps()

    assert dump_content() == edited  # text, status, citations, parts, versions, timestamps
    assert history_counts() == histories
    meta = Organisation.objects.get(slug="meta")
    assert (meta.name_en, meta.version) == ("Meta Platforms", 2)
    assert meta.history.first().history_user == editor
    assert Statement.objects.get(slug="zemlin-neutral-home-quote").status == "draft"
    assert not Membership.objects.filter(slug="soumith-chintala-creator-pytorch").exists()
    assert "0 created" in output
    assert "4 kept as edited (--reset overwrites them)" in output
    assert "2 deleted or renamed, not recreated (--reset does)" in output


def test_a_renamed_record_is_not_loaded_again_under_its_old_slug(seed, editor):
    meta = Organisation.objects.get(slug="meta")
    meta.slug = "meta-platforms"
    services.save_record(record=meta, user=editor, expected_version=meta.version)
    renamed = dump_content()
    out = io.StringIO()

    call_command("load_seed", "-v2", stdout=out)

    assert dump_content() == renamed
    assert not Organisation.objects.filter(slug="meta").exists()
    output = out.getvalue()
    assert "Not recreated organisation meta, deleted or renamed since it was loaded." in output
    # The records that name it by its old slug are there, and left alone.
    assert "not loaded, naming records deleted or renamed" in output


def test_a_fresh_database_gets_every_seed_record_with_one_history_entry(db):
    out = io.StringIO()
    call_command("load_seed", stdout=out)

    kinds = Counter(entry["model"] for entry in fixture_entries())
    counts = {model._meta.label_lower: model._base_manager.count() for model in content_models()}
    assert counts == kinds
    for model in content_models():
        for record in model._base_manager.all():
            (first,) = record.history.all()
            assert first.history_type == "+"
            assert first.history_change_reason == "Loaded from the seed fixtures"
            if model in cited_models():  # Revert to it restores the citations it had
                cited = set(record.citations.values_list("pk", flat=True))
                assert set(first.citations.values_list("citation_id", flat=True)) == cited
    assert f"{kinds.total()} created, 0 unchanged." in out.getvalue()


def test_reset_says_what_differs_and_puts_the_seed_back_with_history(seed, editor):
    edit_like_an_editor(editor)
    meta_version = Organisation.objects.get(slug="meta").version
    quote = Statement.objects.get(slug="zemlin-neutral-home-quote")
    out = io.StringIO()

    call_command("load_seed", "--reset", stdout=out)

    output = out.getvalue()
    assert "Reset organisation meta:" in output
    assert "name_en: 'Meta Platforms' → 'Meta'" in output
    assert "citations: 1 → 2 (0 removed, 1 added)" in output
    assert "Reset statement zemlin-neutral-home-quote:\n    status: 'draft' → 'published'" in output
    meta = Organisation.objects.get(slug="meta")
    assert meta.name_en == "Meta"
    assert meta.citations.count() == 2
    assert meta.version == meta_version + 1  # forward: a reset is one more write
    latest = meta.history.first()
    assert latest.history_change_reason == "Reset to the seed fixtures"
    assert latest.citations.count() == 2
    quote.refresh_from_db()
    assert quote.status == "published"
    assert quote.history.first().history_change_reason == "Reset to the seed fixtures"
    assert (
        "Recreated membership soumith-chintala-creator-pytorch, deleted or renamed since it was "
        "loaded." in output
    )
    assert Membership.objects.filter(slug="soumith-chintala-creator-pytorch").exists()
    assert Figure.objects.get(value=2400).scope_en != "contributors, as counted by the article"
    # Reset again: nothing differs any more.
    again = io.StringIO()
    call_command("load_seed", "--reset", stdout=again)
    assert "0 created" in again.getvalue() and "0 reset" in again.getvalue()


def test_dry_runs_write_nothing(seed, editor):
    edit_like_an_editor(editor)
    edited, histories = dump_content(), history_counts()
    out = io.StringIO()

    call_command("load_seed", "--reset", "--dry-run", stdout=out)

    assert "Would reset organisation meta:" in out.getvalue()
    assert "2 would be created" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert dump_content() == edited
    assert history_counts() == histories


def test_dry_run_on_a_fresh_database_creates_nothing(db):
    out = io.StringIO()
    call_command("load_seed", "--dry-run", stdout=out)
    assert f"{len(fixture_entries())} would be created" in out.getvalue()
    assert all(not model._base_manager.exists() for model in content_models())


def test_a_seed_record_new_to_the_database_is_created(seed):
    """A record added to the fixtures after the seed was first loaded (its natural key never
    existed here) is created at the next run, with its history."""
    figure = Figure.objects.get(value=80)
    Figure.history.filter(id=figure.pk).delete()
    Figure.objects.filter(pk=figure.pk).delete()
    Figure.history.filter(id=figure.pk).delete()

    call_command("load_seed", verbosity=0)

    again = Figure.objects.get(value=80)
    assert again.history.count() == 1
