"""The benchmark server's settings: production's, plus the hand-written floor's address.

Only bench/run.py serves these (DJANGO_SETTINGS_MODULE=bench.settings); production never
routes to bench/floor.py.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
