"""The test suite's settings: production's (DEBUG off), plus what tests need and nothing else.

pytest uses them (pyproject.toml: DJANGO_SETTINGS_MODULE); servers and commands a test starts
in a subprocess choose their own settings and environment.
"""

import os
import tempfile
from pathlib import Path

# Before the import: without DEBUG, config.settings refuses to start without a secret key.
os.environ.setdefault("DJANGO_SECRET_KEY", "django-insecure-test-only-key-never-used-in-production")

from config.settings import *  # noqa: F403
from config.settings import ALLOWED_HOSTS, DATABASES, STORAGES, env_bool

# The test client's host.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

if DATABASES["default"]["ENGINE"] == "config.sqlite":
    # A file, not SQLite's shared in-memory database, so concurrency tests and live servers use
    # real connections; one per test process, so parallel runs never meet.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"foundation-test-{os.getpid()}.sqlite3")
    }

# Tests run over plain HTTP; tests/test_security.py checks the redirect production makes.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)

# No collectstatic run needed; production keeps hashed, compressed names.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Fast hashing: users are created in many tests; the production hasher is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
