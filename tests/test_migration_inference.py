"""Existing records keep what they said when inference moves from the record to the field."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("foundation", "0010_membership_slug_help")
AFTER = ("foundation", "0011_inference_per_field_and_named_checks")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_record_level_inference_becomes_a_mark_on_its_field_and_unnamed_checks_are_undone():
    apps = migrate(BEFORE)
    try:
        Event = apps.get_model("foundation", "Event")
        Statement = apps.get_model("foundation", "Statement")
        Person = apps.get_model("foundation", "Person")
        Source = apps.get_model("foundation", "Source")
        Figure = apps.get_model("foundation", "Figure")
        Citation = apps.get_model("foundation", "Citation")
        day = datetime.date(2022, 9, 12)
        Event.objects.create(
            slug="joins",
            title_fr="Adhésion",
            kind="joining",
            date=day,
            date_precision="day",
            inferred=True,
            inference_note="The year is inferred.",
        )
        quote = Statement.objects.create(
            slug="quote",
            kind="claim",
            text_fr="Bonjour.",
            language="fr",
            original_language="en",
            rendered_by="source",
            inferred=True,
            inference_note="Said in English, it is inferred.",
        )
        Person.objects.create(
            slug="p",
            name="P",
            verification="checked",
            verified_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )
        source = Source.objects.create(
            slug="s",
            title="S",
            language="fr",
            text="Texte 2022.",
            published_on=day,
            published_on_precision="year",
            published_on_note="2022 or later.",
        )
        passage = Citation.objects.create(source=source, start=6, end=10, text="2022")
        Figure.objects.create(
            statement=quote,
            value=1,
            unit_fr="x",
            citation=passage,
            as_of=day,
            as_of_precision="year",
            as_of_inferred=True,
            as_of_note="The article's today.",
        )

        apps = migrate(AFTER)

        def get(model, **lookup):
            return apps.get_model("foundation", model).objects.get(**lookup)

        assert get("Event", slug="joins").inferences == {"date": "The year is inferred."}
        assert get("Statement", slug="quote").inferences == {
            "original_language": "Said in English, it is inferred."
        }
        person = get("Person", slug="p")  # checked by no one named: no longer "checked"
        assert (person.verification, person.verified_at) == ("unverified", None)
        assert get("Source", slug="s").inferences == {"published_on": "2022 or later."}
        assert get("Figure", value=1).inferences == {"as_of": "The article's today."}
    finally:
        (latest,) = MigrationExecutor(connection).loader.graph.leaf_nodes("foundation")
        migrate(latest)
