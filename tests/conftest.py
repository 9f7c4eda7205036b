"""Shared fixtures: the seed, users in each role, and the WSGI check of every response."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from foundation.roles import EDITOR_GROUP, REVIEWER_GROUP
from tests import wsgi_conformance


@pytest.fixture(autouse=True, scope="session")
def wsgi_conformant_responses():
    """Every response the test client receives must be one a WSGI server can send as it is
    (tests/wsgi_conformance.py): a header gunicorn or wsgiref refuses fails the test."""
    wsgi_conformance.install()
    yield
    wsgi_conformance.uninstall()


@pytest.fixture(autouse=True)
def default_language():
    """A request leaves its language active in the thread; no test inherits another's."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test's database is rolled back, so its content versions come again in the next
    test: without this, a test could be served entries another test's data built."""
    cache.clear()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed, loaded once for a module inside a transaction rolled back at its end.

    For modules that only read it: each test still runs in its own savepoint, so a test that
    edits a record (a draft) undoes it. Such a module's own `seed` fixture asks for this one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed(db):
    """The PyTorch Foundation article and every record extracted from it."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editor-test", "editor@example.org", "a-long-test-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer(db):
    """An editor who also publishes (the Reviewer group)."""
    user = get_user_model().objects.create_user(
        "reviewer-test", "reviewer@example.org", "a-long-test-passphrase", is_staff=True
    )
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def reader(db):
    """Authenticated, but with no permission: reads what anonymous visitors read."""
    return get_user_model().objects.create_user("reader-test", "reader@example.org", "a-long-pw-1")


@pytest.fixture
def run_tasks(transactional_db):
    """Runs the real worker (django-tasks' database backend) until the queue is empty.

    The worker commits and closes connections as in production, so tests that use it run
    outside a test transaction. Returns the number of task results that finished meanwhile."""
    from django_tasks_db.models import DBTaskResult

    def run():
        before = DBTaskResult.objects.exclude(finished_at=None).count()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        return DBTaskResult.objects.exclude(finished_at=None).count() - before

    return run
