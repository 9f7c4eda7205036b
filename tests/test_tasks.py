"""Background work runs through Django's task framework, queued in the database."""

import pytest
from django.db import transaction
from django_tasks import task

from foundation.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def rename(slug, name):
    Organisation.objects.filter(slug=slug).update(name=name)


def test_a_task_enqueued_by_a_write_runs_in_the_worker(seed, run_tasks):
    rename.enqueue("pytorch-foundation", "Renamed in the background")
    assert Organisation.objects.get(slug="pytorch-foundation").name != "Renamed in the background"
    assert run_tasks() == 1
    assert Organisation.objects.get(slug="pytorch-foundation").name == "Renamed in the background"


def test_a_write_that_rolls_back_leaves_no_task_behind(seed, run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        rename.enqueue("pytorch-foundation", "Never")
        raise RuntimeError
    assert run_tasks() == 0
