"""Send reads to a read replica when one is configured (REPLICA_DATABASE_URL), safely.

Reads go to the primary ("default") instead when:
- the model is not content (sessions, users, tokens, login throttling): these are written
  and read back at once (a login, then the next page), and replication lag would lose them;
- the request may write (POST, PUT, PATCH, DELETE): its checks before writing, such as a
  uniqueness test, must see what the primary holds; and it reads its own writes;
- this task (outside requests) has already written: it must read its own writes;
- an explicit transaction is open (transaction.atomic in a service, the shell or a command):
  its reads belong with its writes. The transaction ATOMIC_REQUESTS opens around every view
  does not count, or no page would ever read from the replica;
- SELECT ... FOR UPDATE: Django routes those as writes already.
Migrations run on the primary only; the replica receives them by replication.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
REPLICATED_APPS = {"foundation"}

_primary_only = ContextVar("foundation_primary_only", default=False)
_in_request = ContextVar("foundation_in_request", default=False)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _start_request(environ=None, **kwargs):
    method = (environ or {}).get("REQUEST_METHOD", "GET")
    _primary_only.set(method not in SAFE_METHODS)
    _in_request.set(True)


def _finish_request(**kwargs):
    _in_request.set(False)


request_started.connect(_start_request, dispatch_uid="foundation-replica-router")
request_finished.connect(_finish_request, dispatch_uid="foundation-replica-router")


def explicit_transaction_open():
    primary = connections[DEFAULT_DB_ALIAS]
    if not primary.in_atomic_block:
        return False
    depth = len(primary.atomic_blocks)
    if _in_request.get() and primary.settings_dict.get("ATOMIC_REQUESTS"):
        return depth > 1
    return depth > 0


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES:
            return None
        if model is not None and model._meta.app_label not in REPLICATED_APPS:
            return DEFAULT_DB_ALIAS
        if _primary_only.get() or explicit_transaction_open():
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        _primary_only.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: relations across them are relations within it.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
