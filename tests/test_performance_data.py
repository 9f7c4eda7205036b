"""generate_demo_data: a realistic synthetic archive that can be removed without a trace."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foundation.management.commands import _demo_vocabulary as words
from foundation.models import (
    Event,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
)
from foundation.models.kinds import content_models, record_models
from foundation.search import search

pytestmark = pytest.mark.django_db


def generate(statements=500, seed=1, **options):
    out = io.StringIO()
    call_command("generate_demo_data", statements=statements, seed=seed, stdout=out, **options)
    return out.getvalue()


def counts():
    """Rows of every content model, its citation links and its history."""
    tables = set()
    for model in content_models():
        history = model.history.model
        tables |= {model, history, *(rel.related_model for rel in history._meta.related_objects)}
        tables |= {m2m.remote_field.through for m2m in model._meta.many_to_many}
    return {table.__name__: table._base_manager.count() for table in tables}


def fingerprint():
    return [
        (statement.slug, statement.text_fr, statement.text_en, statement.speaker_id is not None)
        for statement in Statement.objects.filter(slug__startswith="synthetic-").order_by("slug")
    ]


def test_sizes_follow_the_number_of_statements():
    generate(statements=2000)
    assert Statement.objects.count() == 2000
    assert Event.objects.count() == 100
    assert Membership.objects.count() == 60
    assert Person.objects.count() == 20
    assert Organisation.objects.count() == 12
    assert Source.objects.filter(publisher="Synthetic").count() == 40


def test_every_statement_cites_the_exact_words_of_a_generated_source():
    generate()
    statements = Statement.objects.prefetch_related("citations__source")
    for statement in statements:
        (citation,) = statement.citations.all()
        assert citation.source.text[citation.start : citation.end] == citation.text
        assert citation.text == getattr(statement, f"text_{statement.language}")
    for figure in Figure.objects.select_related("citation"):
        assert str(int(figure.value)) in figure.citation.text.replace("\N{NO-BREAK SPACE}", "")


def test_the_same_seed_gives_the_same_archive():
    generate(seed=7)
    first = fingerprint()
    generate(seed=7)
    assert fingerprint() == first
    generate(seed=8)
    assert fingerprint() != first


def test_generated_records_are_searchable_and_valid():
    generate()
    person = Person.objects.filter(status="published").first()
    assert person.search_text
    assert person.slug in [found.slug for found in search(person.name)["people"]]
    for model in content_models():
        records = model._base_manager.all()[:50]
        assert records, f"no synthetic {model._meta.verbose_name_plural}"
        for record in records:
            record.full_clean(validate_unique=False)
            if model in record_models():
                # The search text save() would have stored.
                assert record.search_text == record.build_search_text(), record


def test_the_vocabulary_uses_the_models_own_choices():
    def values(model, field):
        return {value for value, _label in model._meta.get_field(field).choices}

    assert set(words.ORGANISATION_PATTERNS) <= values(Organisation, "kind")
    assert set(words.ORGANISATION_DESCRIPTIONS) == set(words.ORGANISATION_PATTERNS)
    assert {kind for kind, *_titles in words.EVENTS} <= values(Event, "kind")
    assert {kind for kind, *_rest in words.STATEMENTS} <= values(Statement, "kind")
    assert {medium for _kind, medium, *_texts in words.STATEMENTS} <= values(Statement, "medium")
    assert {qualifier for qualifier, *_units in words.FIGURES.values()} <= values(
        Figure, "qualifier"
    )


def test_purge_removes_exactly_the_synthetic_data(seed):
    before = counts()
    generate()
    assert counts()["Statement"] == before["Statement"] + 500
    # Edited since: history rows (and their citation rows) to remove too.
    for model in record_models():
        record = model.objects.filter(slug__startswith="synthetic-").first()
        record.save()
        assert record.history.exists()

    out = generate(purge=True)

    assert counts() == before
    assert "Removed 500 synthetic statements." in out


def test_generating_again_replaces_the_previous_synthetic_data():
    generate(statements=300)
    generate(statements=300)
    assert Statement.objects.count() == 300


def test_dry_run_writes_nothing():
    out = generate(dry_run=True)
    assert "Dry run" in out
    assert Statement.objects.count() == 0


def test_a_zero_size_is_refused_with_a_message():
    with pytest.raises(CommandError, match="at least 1"):
        generate(statements=0)
