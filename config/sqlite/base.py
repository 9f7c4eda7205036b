"""SQLite, with the transactions of read-only requests DEFERRED.

The settings begin transactions IMMEDIATE (a writer takes the lock up front, so two writers
never deadlock upgrading) and ATOMIC_REQUESTS wraps every view in a transaction. Together
they made every GET take SQLite's single write lock: reads queued behind one another and,
at 64 concurrent connections, waited past the busy timeout (503s in the benchmark). The
transactions of GET, HEAD and OPTIONS requests now begin DEFERRED: in WAL mode a reader
never waits for anyone. Writes keep IMMEDIATE.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.backends.sqlite3 import base

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_read_only_request = ContextVar("foundation_read_only_request", default=False)


def _started(sender, environ=None, **kwargs):
    _read_only_request.set((environ or {}).get("REQUEST_METHOD") in SAFE_METHODS)


def _finished(sender, **kwargs):
    _read_only_request.set(False)


request_started.connect(_started, dispatch_uid="foundation-sqlite-read-only")
request_finished.connect(_finished, dispatch_uid="foundation-sqlite-read-only")


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        if _read_only_request.get():
            self.cursor().execute("BEGIN DEFERRED")
        else:
            super()._start_transaction_under_autocommit()
