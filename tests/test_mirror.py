"""The integrator's mirror (issue 14): the sync loop of docs/api.md, run as written against a
live server, copies the public record through the change feed, then follows the webhooks the
real worker sends while an editor creates, edits, renames, publishes, unpublishes and deletes
records, and merges two — and ends with exactly what the public API serves, field by field."""

import json
import re
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation import services
from foundation.changes import type_name
from foundation.models import Citation, Endpoint, Event, Organisation, Person
from foundation.models.kinds import record_models

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"


def sync_loop():
    """The guide's Python block, executed as it is written there."""
    (code,) = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    namespace = {"__name__": "integrator"}
    exec(compile(code, str(GUIDE), "exec"), namespace)
    return namespace


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def public_record(base):
    """What the public API serves: every record of every kind, in detail, by (type, id)."""
    served = {}
    for model in record_models():
        url = base + reverse(f"api:{type_name(model)}-list") + "?page_size=200"
        while url:
            page = fetch(url)
            for item in page["results"]:
                served[(type_name(model), item["id"])] = fetch(item["url"])
            url = page["next"]
    return served


def assert_same(mirror, served):
    assert sorted(mirror) == sorted(served)
    for key, record in served.items():
        for field, value in record.items():
            assert mirror[key].get(field) == value, (key, field)
        assert mirror[key] == record


@pytest.fixture
def live(settings, live_server):
    settings.FOUNDATION_BASE_URL = live_server.url
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # the integrator's receiver is on loopback
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    return live_server.url


def test_a_mirror_follows_the_feed_then_the_webhooks_to_an_exact_copy(
    live, seed, reviewer, admin_client, run_tasks
):
    loop = sync_loop()
    api = f"{live}/api/v1"
    mirror = {}
    cursor = loop["catch_up"](mirror, api)
    assert len(mirror) > 50
    assert_same(mirror, public_record(live))

    integrator = get_user_model().objects.create_user("integrator", "i@example.org", "pw-12345")
    applied = []

    def receive(body, headers):
        loop["on_webhook"](mirror, endpoint.secret, body, headers)
        applied.append(json.loads(body)["type"])
        return 204

    with Receiver(handle=receive) as receiver:
        endpoint = Endpoint.objects.create(url=receiver.url, owner=integrator)
        editor_api = APIClient()
        editor_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer)}")

        def write(method, path, body=None):
            etag = editor_api.get(path)["ETag"] if method != "post" else None
            kwargs = {"HTTP_IF_MATCH": etag} if etag else {}
            response = getattr(editor_api, method)(path, body, format="json", **kwargs)
            assert response.status_code < 300, response.content
            return response

        def detail(kind, slug):
            return reverse(f"api:{kind}-detail", kwargs={"slug": slug})

        # Creates, published at once or as a draft.
        cited = [Citation.objects.order_by("pk").first().pk]
        write("post", reverse("api:organisation-list"), {
            "slug": "acme-ai", "name_fr": "Acme IA", "kind": "company", "status": "published",
            "citations": cited,
        })  # fmt: skip
        write("post", reverse("api:statement-list"), {
            "slug": "acme-claim", "kind": "claim", "text_fr": "Acme rejoint la fondation.",
            "language": "fr", "event": "pytorch-foundation-launch", "status": "published",
            "citations": cited,
        })  # fmt: skip
        write("post", reverse("api:organisation-list"), {
            "slug": "draft-lab", "name_fr": "Labo en préparation", "kind": "research_lab",
            "citations": cited,
        })  # fmt: skip
        # Edits, one of them a new address.
        write("patch", detail("person", "jim-zemlin"), {"description_fr": "Directeur."})
        write("patch", detail("membership", "jim-zemlin-director-linux-foundation"), {
            "role_fr": "directeur exécutif",
        })  # fmt: skip
        write("patch", detail("organisation", "acme-ai"), {"slug": "acme-labs"})
        # Published and unpublished in the admin: a speaker's statements and memberships go
        # with them.
        changelist = reverse("admin:foundation_organisation_changelist")
        draft = Organisation.objects.get(slug="draft-lab")
        admin_client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
        speaker = Person.objects.get(slug="soumith-chintala")
        admin_client.post(
            reverse("admin:foundation_person_changelist"),
            {"action": "unpublish", "_selected_action": [speaker.pk]},
        )
        # Deleted through the API and in the admin.
        write("delete", detail("statement", "acme-claim"))
        event = Event.objects.get(slug="pytorch-distributed-first-version")
        response = admin_client.post(
            reverse("admin:foundation_event_delete", args=[event.pk]), {"post": "yes"}
        )
        assert response.status_code == 302

        # Two people found to be one: merged (the feed names the survivor).
        survivor, duplicate = (
            Person.objects.get(slug="sam-gross"),
            Person.objects.get(slug="gregory-chanan"),
        )
        services.merge_records(
            survivor=survivor,
            duplicate=duplicate,
            user=reviewer,
            survivor_version=survivor.version,
            duplicate_version=duplicate.version,
        )

        # Nothing reaches the integrator until the worker runs.
        assert applied == []
        run_tasks()

    assert {"record.created", "record.updated", "record.published"} <= set(applied)
    assert {"record.unpublished", "record.deleted", "record.merged"} <= set(applied)
    assert_same(mirror, public_record(live))
    # The feed alone, from where the first copy stopped, says the same.
    loop["catch_up"](mirror, api, cursor)
    assert_same(mirror, public_record(live))
