"""One content version for the whole site, and the shared cache and validators built on it.

- `version`: the version itself, a random value in a one-row table that database triggers
  renew on every write of a content table; reading it (`content_version`), and what is kept
  under it (`remembered`, `content_timeout`, `release`); suspending the triggers for a bulk
  load.
- `middleware`: ContentCacheMiddleware, the ETags and the page cache of anonymous reads, and
  the rules for which requests and responses may be cached.
- `counts`: pagination totals counted once per version (VersionedCountPaginator).
- `fragments`: rendered quote cards kept per version for anonymous reads.

Nothing is ever deleted on write: every key holds the version, so a write makes every older
entry unreachable. The public names are importable from `foundation.caching` itself.
"""

from .counts import VersionedCountPaginator, cached_count
from .fragments import cached_fragments
from .middleware import ContentCacheMiddleware, is_cacheable_request, is_cacheable_response
from .version import (
    VERSION_TABLE,
    bump_content_version,
    code_fingerprint,
    content_timeout,
    content_version,
    create_version_table,
    drop_version_table,
    install_triggers,
    install_triggers_after_migrate,
    release,
    remembered,
    request_content_version,
    triggers_suspended,
)

__all__ = [
    "VERSION_TABLE",
    "ContentCacheMiddleware",
    "VersionedCountPaginator",
    "bump_content_version",
    "cached_count",
    "cached_fragments",
    "code_fingerprint",
    "content_timeout",
    "content_version",
    "create_version_table",
    "drop_version_table",
    "install_triggers",
    "install_triggers_after_migrate",
    "is_cacheable_request",
    "is_cacheable_response",
    "release",
    "remembered",
    "request_content_version",
    "triggers_suspended",
]
