"""Request rates per anonymous client (by address) and per user, read from settings at each request.

DRF's own classes copy the rates once at import; reading them late lets settings (and tests)
change them. Counters live in the default cache, Redis in production, so every worker shares them.
The client's address is foundation.security.client_ip's, as for the login lockout and the log:
DRF's own get_ident believes the whole X-Forwarded-For header, which any client can rotate.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from foundation.security import client_ip


class LateRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class CounterMixin:
    """One counter per client and fixed window, raised by one atomic cache increment.

    DRF's throttles keep the time of every request of the last period in one cache entry that
    each request reads and rewrites whole: at a high rate that is thousands of timestamps to
    unpickle and pickle per request, and workers rewriting it at once lose each other's
    counts. A counter is one INCR in Redis, atomic. The price: across a window boundary a
    client may get up to twice the rate in a short burst.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.wait_seconds = (window + 1) * self.duration - now
        key = f"{ident}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request; add() lets only one worker start it
            count = 1 if self.cache.add(key, 1, self.duration + 1) else self.cache.incr(key)
        return count <= self.num_requests

    def wait(self):
        return self.wait_seconds


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(
    ClientAddressMixin, LateRateMixin, CounterMixin, throttling.AnonRateThrottle
):
    pass


class UserRateThrottle(
    ClientAddressMixin, LateRateMixin, CounterMixin, throttling.UserRateThrottle
):
    pass
