"""Background work, through Django's task framework (django-tasks): `manage.py db_worker`
runs it with the embedded database backend, an RQ worker in production (docs/deploy.md)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend


def enqueue_in_transaction(task_to_run, *args):
    """Enqueue with the write that asks for it, so the task exists exactly when it does.

    The database backend stores the task in the write's own transaction. A queue outside the
    database (RQ) could run it before the write commits, and would read the old row: there it
    is enqueued once the write has committed.
    """
    if isinstance(task_to_run.get_backend(), DatabaseBackend):
        return task_to_run.enqueue(*args)
    transaction.on_commit(lambda: task_to_run.enqueue(*args))
    return None


@task()
def publish_when_due(model_label, pk, version, user_id):
    """Publish a scheduled record at its publish-at time, as the reviewer who scheduled it.

    Does nothing if the record changed since it was scheduled (another version: that write
    scheduled its own task, if any), was deleted or published meanwhile, or if the account
    that scheduled it is gone. Otherwise the write is services.publish, the one path every
    publication takes: permissions, history and the content version (so no cached page
    stays stale) follow.
    """
    from foundation import services
    from foundation.models import Status

    model = apps.get_model(model_label)
    record = model._base_manager.filter(pk=pk, version=version).first()
    if record is None or record.status == Status.PUBLISHED or record.publish_at is None:
        return "skipped: changed since scheduled"
    user = get_user_model()._default_manager.filter(pk=user_id).first() if user_id else None
    if user_id and user is None:
        return "skipped: the account that scheduled it is gone"
    services.publish(records=[record], user=user)
    return "published"


@task()
def propose_mentions_everywhere():
    """Find the mentions of every source again: a person or an organisation got a new name or
    alias (services.save_record enqueues this), which any source may hold. The names are read
    once; each source's proposals are written as services.propose_mentions writes them."""
    from foundation import services
    from foundation.models import Source

    names = services.known_names()
    count = 0
    for source in Source.objects.only("pk", "text").iterator(chunk_size=200):
        with transaction.atomic():
            services.propose_mentions(source, names)
        count += 1
    return count
