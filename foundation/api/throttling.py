"""Request rates per anonymous client (by IP) and per user, read from settings at each request.

DRF's own classes copy the rates once at import; reading them late lets settings (and tests)
change them. Counters live in the default cache, Redis in production, so every worker shares them.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class LateRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(LateRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(LateRateMixin, throttling.UserRateThrottle):
    pass
