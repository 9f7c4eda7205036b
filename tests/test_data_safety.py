"""Data safety: migrations reverse cleanly, a dump reloads identically, every edit is history.

The migration and dump round trips use a fresh database of the same engine as the suite
(SQLite file, or a PostgreSQL database of our own), driven through manage.py in a subprocess,
as an operator would.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation.models import Organisation
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
FRESH_PG_DATABASE = "foundation_security_roundtrip"
DUMP_ARGS = ["--natural-foreign", "--natural-primary", "--indent", "1"]


def content_labels():
    """Every model of the app except the history tables, which are the log, not the content,
    and the accounts the content names (a check names its checker)."""
    return [
        "auth.group",
        "auth.user",
        *(
            f"foundation.{model._meta.model_name}"
            for model in apps.get_app_config("foundation").get_models()
            if not model._meta.model_name.startswith("historical")
        ),
    ]


def canonical(dump):
    """Objects sorted by model and identity, keys sorted: equal dumps compare equal."""
    objects = json.loads(dump)
    identity = [
        (obj["model"], json.dumps(obj.get("pk"), sort_keys=True), json.dumps(obj["fields"]))
        for obj in objects
    ]
    return json.dumps([objects[i] for i, _ in sorted(enumerate(identity), key=lambda p: p[1])])


def counts(dump):
    return Counter(obj["model"] for obj in json.loads(dump))


@pytest.fixture(scope="module")
def fresh_database(django_db_blocker):
    """A second database, empty, of the suite's engine; manage.py runs against it."""
    with django_db_blocker.unblock():
        vendor = connection.vendor
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    env["DJANGO_DEBUG"] = "1"
    tmp = tempfile.mkdtemp(prefix="foundation-roundtrip-")
    if vendor == "postgresql":
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qtAc"]
        drop = f'DROP DATABASE IF EXISTS "{FRESH_PG_DATABASE}" WITH (FORCE)'
        subprocess.run([*psql, drop], check=True, timeout=60)
        subprocess.run([*psql, f'CREATE DATABASE "{FRESH_PG_DATABASE}"'], check=True, timeout=60)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{FRESH_PG_DATABASE}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/fresh.sqlite3"

    def django(code):
        """Run code with Django set up against the fresh database; return its stdout."""
        result = subprocess.run(
            [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
            cwd=BASE_DIR,
            env=env | {"DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    django(MIGRATE)
    django.tmp = Path(tmp)
    yield django
    if vendor == "postgresql":
        subprocess.run([*psql, drop], check=True, timeout=60)


MIGRATE = "from django.core.management import call_command\ncall_command('migrate', verbosity=0)"
APPLIED = (
    "from django.db import connection\n"
    "from django.db.migrations.recorder import MigrationRecorder\n"
    "print(MigrationRecorder(connection).applied_migrations().__len__())\n"
    "print(sorted(n for a, n in MigrationRecorder(connection).applied_migrations() "
    "if a == 'foundation'))\n"
)


def test_migrations_go_forward_back_to_zero_and_forward_again(fresh_database):
    steps = [
        APPLIED,
        "call_command('migrate', 'foundation', 'zero', verbosity=0)",
        APPLIED,
        "call_command('migrate', verbosity=0)",
        APPLIED,
    ]
    out = fresh_database(
        "from django.core.management import call_command\n" + "\n".join(steps)
    ).splitlines()
    (total, foundation), (_, after_zero), (total_again, foundation_again) = (
        (int(out[i]), out[i + 1]) for i in (0, 2, 4)
    )
    assert foundation.startswith("['0001_initial'")
    assert after_zero == "[]"
    assert (total_again, foundation_again) == (total, foundation)


def test_dump_of_the_content_reloads_identically_into_a_fresh_database(seed, fresh_database):
    original = StringIO()
    call_command("dumpdata", *content_labels(), *DUMP_ARGS, stdout=original)
    original = original.getvalue()
    assert counts(original)["foundation.organisation"] >= 16

    dump_file = fresh_database.tmp / "content.json"
    dump_file.write_text(original)
    reloaded = fresh_database(
        f"{MIGRATE}\n"
        f"call_command('loaddata', {str(dump_file)!r}, verbosity=0)\n"
        f"call_command('dumpdata', *{content_labels()!r}, *{DUMP_ARGS!r})"
    )

    assert counts(reloaded) == counts(original)
    for label in content_labels():
        model = apps.get_model(label)
        assert counts(reloaded)[label] == model.objects.count(), label
    assert canonical(reloaded) == canonical(original)


# --- History: every edit, from any surface, names its user; revert restores -----------------


def test_api_and_admin_edits_both_leave_history_and_revert_undoes_them(seed, editor):
    organisation = Organisation.objects.get(slug="pytorch-foundation")
    original_name, original_website = organisation.name_en, organisation.website
    history_before = organisation.history.count()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    detail = reverse("api:organisation-detail", args=[organisation.slug])
    etag = api.get(detail)["ETag"]
    response = api.patch(
        detail, {"name_en": "Renamed through the API"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == HTTPStatus.OK, response.content

    admin = Client()
    admin.force_login(editor)
    change = reverse("admin:foundation_organisation_change", args=[organisation.pk])
    data = form_data(admin.get(change))
    data["website"] = "https://changed-through-the-admin.example"
    response = admin.post(change, data)
    assert response.status_code == HTTPStatus.FOUND

    organisation.refresh_from_db()
    assert organisation.name_en == "Renamed through the API"
    assert organisation.website == "https://changed-through-the-admin.example"
    history = list(organisation.history.all()[:2])
    assert organisation.history.count() == history_before + 2
    assert [h.history_user for h in history] == [editor, editor]
    assert history[0].website == "https://changed-through-the-admin.example"
    assert history[1].name_en == "Renamed through the API"

    # Revert, in the admin, to the record as it was before both edits.
    before_both = organisation.history.all()[2]
    revert = reverse(
        "admin:foundation_organisation_simple_history",
        args=[organisation.pk, before_both.history_id],
    )
    response = admin.post(revert, form_data(admin.get(revert)))
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.name_en == original_name
    assert organisation.website == original_website
    assert organisation.history.first().history_user == editor
