"""/healthz for load balancers: is this instance able to serve (database and cache)?"""

import logging
import secrets
from http import HTTPStatus

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from foundation.caching.version import VERSION_TABLE
from foundation.models import Source

logger = logging.getLogger("foundation.reliability")


def _database_ok():
    """A read of what every page reads, in one query: the content version row and a content
    table. `SELECT 1` also succeeds on a database without them (an SQLite file removed and
    created again empty, the wrong database), while every page answers 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT version FROM {VERSION_TABLE} WHERE id = 1), "
                f"(SELECT 1 FROM {Source._meta.db_table} LIMIT 1)"
            )
            return cursor.fetchone() is not None
    except DatabaseError as error:
        logger.error("healthz: database check failed: %s", type(error).__name__)
        return False


def _cache_ok():
    key, token = "healthz:probe", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except Exception as error:  # any cache backend's connection error means "down"
        logger.error("healthz: cache check failed: %s", type(error).__name__)
        return False


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    status = HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE
    response = JsonResponse(body, status=status)
    if not healthy:
        response["Retry-After"] = "10"
    return response
