"""Proposed mentions: the finder on the seed against the fixtures, and the editor's decisions."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from foundation import services
from foundation.mentions import Name, find_candidates, find_mentions, names_of
from foundation.models import (
    Citation,
    Organisation,
    Person,
    ProposedMention,
    Source,
)
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "pytorch_foundation.json"


def answer_key():
    """{(start, end): {record slug}}: for each passage the fixtures cite for a person, an
    organisation or a membership, the people and organisations it is evidence about (a
    membership's passage is about its member and its organisation); and the direct
    (slug, start, end) citations of people and organisations."""
    entries = json.loads(FIXTURE.read_text(encoding="utf-8"))
    by_passage, direct = {}, set()
    for entry in entries:
        model, fields = entry["model"], entry["fields"]
        if model in ("foundation.person", "foundation.organisation"):
            for _source, start, end in fields.get("citations", []):
                by_passage.setdefault((start, end), set()).add(fields["slug"])
                direct.add((fields["slug"], start, end))
        elif model == "foundation.membership":
            ends = [fields.get(name) for name in ("person", "member_organisation", "organisation")]
            for _source, start, end in fields.get("citations", []):
                by_passage.setdefault((start, end), set()).update(end_[0] for end_ in ends if end_)
    return by_passage, direct


def named_freely(text, names, record, mentions, start, end):
    """Does text[start:end] name `record` in its own right: one of its names or aliases as a
    word, not inside a longer name of another record ("Linux" in "Linux Fondation" names the
    foundation)? Flat named-entity annotation reads names so; a citation whose passage does
    not name its record is evidence of some other kind, which no mention can find."""
    own = find_mentions(text, [name for name in names if (name.kind, name.pk) == record])
    for place in own:
        if not (start <= place.start and place.end <= end):
            continue
        nested = any(
            (other.kind, other.pk) != record
            and other.start <= place.start
            and place.end <= other.end
            and other.end - other.start > place.end - place.start
            for other in mentions
        )
        if not nested:
            return True
    return False


def measure(mentions, slug_of, named):
    """Recall and precision of `mentions` against the answer key.

    Recall: the share of the fixtures' citations of people and organisations whose passage
    names their record (`named`) that hold a mention of it. Precision: on the passages the
    key speaks about, the share of the records mentioned there (once per passage) that the
    key cites there. Mentions outside every such passage are not judged: the key says
    nothing about them.
    """
    by_passage, direct = answer_key()
    inside = {
        passage: {slug_of[m] for m in mentions if passage[0] <= m.start and m.end <= passage[1]}
        for passage in by_passage
    }
    found = {(slug, start, end) for slug, start, end in direct if slug in inside[(start, end)]}
    judged = {citation for citation in direct if named(*citation)}
    proposed = sum(len(records) for records in inside.values())
    right = sum(len(inside[passage] & truth) for passage, truth in by_passage.items())
    return found, judged, direct, right, proposed


def test_mentions_of_the_seed_meet_the_recall_and_precision_targets(seed):
    source = Source.objects.get()
    names = names_of(Person.objects.all(), Organisation.objects.all())
    record_of = {}
    for model, kind in ((Person, "person"), (Organisation, "organisation")):
        for pk, slug in model.objects.values_list("pk", "slug"):
            record_of[slug] = (kind, pk)
    mentions = find_mentions(source.text, names)
    slug_of = {record: slug for slug, record in record_of.items()}
    keyed = {mention: slug_of[(mention.kind, mention.pk)] for mention in mentions}

    def named(slug, start, end):
        return named_freely(source.text, names, record_of[slug], mentions, start, end)

    found, judged, cited, right, proposed = measure(mentions, keyed, named)
    recall = len(found & judged) / len(judged)
    precision = right / proposed
    print(
        f"\nmentions on the seed: recall {recall:.1%} ({len(found & judged)}/{len(judged)} "
        f"citations of people and organisations whose passage names them; "
        f"{len(found)}/{len(cited)} = {len(found) / len(cited):.1%} of all their citations), "
        f"precision {precision:.1%} ({right}/{proposed} records proposed on the key's "
        f"passages), {len(mentions)} mentions in all"
    )
    for slug, start, end in sorted(cited - judged, key=lambda c: (c[1], c[0])):
        print(f"  not a mention: {slug} cited on «{source.text[start:end]}»")
    assert recall >= 0.95
    assert precision >= 0.80
    # Every citation of a person or organisation in the seed names its record: recall over
    # all of them is the recall above.
    assert cited == judged


SOURCE_TEXT = (
    "Selon SOUMITH CHINTALA, l’essor d’AMD et de l'Institut Pasteur est réel. "
    "Le projet pytorch n’est pas PyTorch-Lightning. La Fondation  PyTorch et Meta AI "
    "travaillent avec Méta et Marie Curie de l’Université de Lyon."
)


def test_finder_tolerates_case_accents_elision_and_spacing_and_prefers_the_longest_name():
    names = [
        Name("Soumith Chintala", "person", 1),
        Name("AMD", "organisation", 2),
        Name("Institut Pasteur", "organisation", 3),
        Name("PyTorch", "organisation", 4),
        Name("Fondation PyTorch", "organisation", 5),
        Name("Meta", "organisation", 6),
        Name("Meta AI", "organisation", 7),
    ]
    mentions = find_mentions(SOURCE_TEXT, names)
    found = [(SOURCE_TEXT[m.start : m.end], m.pk) for m in mentions]

    assert found == [
        ("SOUMITH CHINTALA", 1),
        ("AMD", 2),
        ("Institut Pasteur", 3),
        ("Fondation  PyTorch", 5),
        ("Meta AI", 7),
        ("Méta", 6),
    ]
    # "pytorch" in lower case is a word, not the project; "PyTorch-Lightning" is another name,
    # a candidate.
    candidates = [c.text for c in find_candidates(SOURCE_TEXT, mentions)]
    assert candidates == ["PyTorch-Lightning", "Marie Curie", "Université de Lyon"]


@pytest.fixture
def article(db, editor):
    """People and organisations of the record, and a new article naming them and others."""
    Person.objects.create(slug="soumith-chintala", name="Soumith Chintala")
    Organisation.objects.create(
        slug="linux-foundation",
        name_fr="Linux Foundation",
        other_names="Fondation Linux",
        kind="foundation",
    )
    source = Source(
        slug="second-article",
        title="Second article",
        language="fr",
        text=(
            "La Fondation Linux accueille un nouveau projet. "
            "Soumith Chintala s’en félicite, comme Ada Lovelace de la Société Analytique."
        ),
    )
    services.save_record(record=source, user=editor)
    return source


def proposals(source):
    return {
        (row.text, row.target.split(":")[0], row.status)
        for row in ProposedMention.objects.filter(source=source)
    }


def test_saving_a_source_proposes_known_records_and_candidates(article):
    assert proposals(article) == {
        ("Fondation Linux", "organisation", "proposed"),
        ("Soumith Chintala", "person", "proposed"),
        ("Ada Lovelace", "candidate", "proposed"),
        ("Société Analytique", "candidate", "proposed"),
    }


def test_accepting_a_mention_cites_its_sentence_and_dismissals_stay(article, editor):
    person = Person.objects.get(slug="soumith-chintala")
    mention = ProposedMention.objects.get(source=article, person=person)
    services.accept_mention(mention=mention, user=editor)
    linux = ProposedMention.objects.get(source=article, organisation__isnull=False)
    services.dismiss_mention(mention=linux, user=editor)

    citation = person.citations.get()
    assert citation.text == (
        "Soumith Chintala s’en félicite, comme Ada Lovelace de la Société Analytique."
    )
    assert citation.text == article.text[citation.start : citation.end]
    assert person.history.first().history_user == editor
    # Finding the mentions again keeps both decisions.
    services.propose_mentions(article)
    assert ("Soumith Chintala", "person", "accepted") in proposals(article)
    assert ("Fondation Linux", "organisation", "dismissed") in proposals(article)


def mention_url(source, mention):
    return reverse("admin:foundation_source_mention", args=[source.pk, mention.pk])


def test_editor_accepts_a_mention_and_starts_a_person_from_a_candidate(article, editor_client):
    page = editor_client.get(reverse("admin:foundation_source_change", args=[article.pk]))
    html = page.content.decode()
    assert "Ada Lovelace" in html
    assert 'value="person"' in html and 'value="accept"' in html

    linux = ProposedMention.objects.get(source=article, organisation__isnull=False)
    response = editor_client.post(mention_url(article, linux), {"action": "accept"})
    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.get().citations.get().text == (
        "La Fondation Linux accueille un nouveau projet."
    )

    ada = ProposedMention.objects.get(source=article, text="Ada Lovelace")
    response = editor_client.post(mention_url(article, ada), {"action": "person"})
    assert response.status_code == HTTPStatus.FOUND
    add_form = editor_client.get(response["Location"])
    data = form_data(add_form)
    assert data["name"] == "Ada Lovelace" and data["slug"] == "ada-lovelace"
    cited = Citation.objects.get(pk=data["Person_citations-0-citation"])
    assert cited.text.startswith("Soumith Chintala s’en félicite")

    saved = editor_client.post(response["Location"], data)
    assert saved.status_code == HTTPStatus.FOUND, saved.content.decode()[:3000]
    ada_record = Person.objects.get(slug="ada-lovelace")
    assert list(ada_record.citations.all()) == [cited]
    # The candidate is now a person who cites the place: nothing left to decide there.
    assert not ProposedMention.objects.filter(
        source=article, text="Ada Lovelace", status="proposed"
    )


def test_a_user_without_content_rights_cannot_decide(article, client, django_user_model):
    staff = django_user_model.objects.create_user(
        "staff", password="x-long-password", is_staff=True
    )
    client.force_login(staff)
    mention = ProposedMention.objects.filter(source=article).first()
    response = client.post(mention_url(article, mention), {"action": "dismiss"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert ProposedMention.objects.get(pk=mention.pk).status == "proposed"


@pytest.mark.django_db(transaction=True)
def test_a_new_name_is_looked_for_in_every_source_in_the_background(editor, run_tasks):
    from django_tasks_db.models import DBTaskResult

    source = Source(slug="s", title="S", language="fr", text="Ada Lovelace écrit à Babbage.")
    services.save_record(record=source, user=editor)
    ada = Person(slug="ada-lovelace", name="Ada Lovelace")
    services.save_record(record=ada, user=editor)  # cites nothing yet

    assert run_tasks() == 1
    assert ("Ada Lovelace", "person", "proposed") in proposals(source)
    # An edit that changes no name searches nothing.
    ada.description_en = "Mathematician."
    services.save_record(record=ada, user=editor, expected_version=ada.version)
    assert DBTaskResult.objects.count() == 1
