"""The read replica router, against two real connections (the replica is the same file).

The settings read REPLICA_DATABASE_URL at start-up, so the scenario runs in a fresh Python
process with the variable set, and reports which connection ran each query.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCENARIO = r"""
import json, re, django
django.setup()
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from django.contrib.auth import get_user_model
from foundation.models import Organisation

call_command("migrate", verbosity=0)
seen = {"default": [], "replica": []}

def recorder(alias):
    def record(execute, sql, params, many, context):
        table = re.search(r'FROM "([^"]+)"', sql)
        seen[alias].append(sql.split()[0].upper() + " " + table[1] if table else sql)
        return execute(sql, params, many, context)
    return record

def run(label, action):
    for alias in seen:
        seen[alias].clear()
    with connections["default"].execute_wrapper(recorder("default")), \
         connections["replica"].execute_wrapper(recorder("replica")):
        result = action()
    report[label] = {alias: list(queries) for alias, queries in seen.items()}
    return result

report = {}
Organisation.objects.create(slug="lf", name_fr="Fondation Linux", kind="foundation",
                            status="published")
editor = get_user_model().objects.create_superuser("boss", "b@example.org", "pw-123456789")
client = Client()

run("anonymous list page", lambda: client.get("/api/v1/organisations/"))
def explicit_transaction():
    with transaction.atomic():
        list(Organisation.objects.all())
run("read in an explicit transaction", explicit_transaction)
writer = Client()
writer.force_login(editor)
run("signed-in read", lambda: writer.get("/api/v1/organisations/lf/"))
run("write then read in one request", lambda: writer.post(
    "/api/v1/organisations/",
    {"slug": "pf", "name_fr": "Fondation PyTorch", "kind": "foundation"},
    content_type="application/json",
))
run("next anonymous request", lambda: client.get("/api/v1/organisations/?page_size=10"))
print("REPORT" + json.dumps(report))
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    database = tmp_path_factory.mktemp("replica") / "primary.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "REPLICA_DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("REPORT"))
    return json.loads(line.removeprefix("REPORT"))


def tables(queries):
    return " ".join(queries)


def test_anonymous_pages_read_content_from_the_replica(report):
    queries = report["anonymous list page"]
    assert "foundation_organisation" in tables(queries["replica"])
    assert "foundation_content_version" in tables(queries["replica"])
    assert "foundation_organisation" not in tables(queries["default"])


def test_reads_inside_an_explicit_transaction_stay_on_the_primary(report):
    queries = report["read in an explicit transaction"]
    assert "foundation_organisation" in tables(queries["default"])
    assert queries["replica"] == []


def test_sessions_and_users_are_read_from_the_primary(report):
    queries = report["signed-in read"]
    assert "django_session" in tables(queries["default"])
    assert "auth_user" in tables(queries["default"])
    assert "django_session" not in tables(queries["replica"])


def test_a_request_that_writes_reads_only_from_the_primary(report):
    queries = report["write then read in one request"]
    assert "INSERT" in tables(queries["default"])
    assert "foundation_organisation" in tables(queries["default"])
    assert not any("foundation_organisation" in query for query in queries["replica"])


def test_the_next_request_reads_from_the_replica_again(report):
    queries = report["next anonymous request"]
    assert "foundation_organisation" in tables(queries["replica"])
