"""The client's address, through gunicorn: one setting (DJANGO_TRUSTED_PROXIES) decides it for
API throttling, the login lockout and the security log.

The test plays the clients and, when the server trusts one proxy, the proxy itself: nginx with
`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for` sends whatever X-Forwarded-For
the client wrote followed by the address it saw the client at. Each server runs the production
configuration (config/gunicorn.conf.py, DEBUG off) against the test database.
"""

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from foundation.roles import EDITOR_GROUP
from foundation.security import client_ip

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-passphrase"
ANON_RATE = 5
CLIENT_A, CLIENT_B, CLIENT_C = "198.51.100.7", "203.0.113.20", "192.0.2.33"


def database_url():
    """The test database, as the server process must reach it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3") or db["ENGINE"] == "config.sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production configuration, one sync worker (one throttle counter)."""

    def __init__(self, trusted_proxies):
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="foundation-client-address-", suffix=".log")[1])
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": tempfile.gettempdir(),
            # The test settings: production's, with the test suite's password hasher and
            # static files served from the finders (no collectstatic).
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DJANGO_SECRET_KEY": "client-address-test-" + "k" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",  # plain HTTP in the test
            "DATABASE_URL": database_url(),
            "DJANGO_TRUSTED_PROXIES": str(trusted_proxies),
            "API_THROTTLE_ANON": f"{ANON_RATE}/minute",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_MAX_REQUESTS": "0",
            "DJANGO_LOG_LEVEL": "INFO",
        }
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "config/gunicorn.conf.py",
                "config.wsgi:application",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("GET", "/healthz")[0] == HTTPStatus.OK:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def request(self, method, path, headers=None, body=None):
        """(status, headers, body) of one request on a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()

    def log_text(self):
        return self.log.read_text()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.unlink(missing_ok=True)


@pytest.fixture
def servers(transactional_db):
    """Servers by number of trusted proxies, started on first use; each test has its own, so
    no throttle counter or cached page outlives it."""
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("gunicorn is not installed in the virtual environment")
    started = {}

    def server(trusted_proxies):
        if trusted_proxies not in started:
            started[trusted_proxies] = Server(trusted_proxies)
        return started[trusted_proxies]

    try:
        yield server
    finally:
        for running in started.values():
            running.stop()


@pytest.fixture
def editor_account(transactional_db):
    user = get_user_model().objects.create_user(
        "editor-test", "editor@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


class Browser:
    """One visitor of the admin login form, seen by the server at `address` when proxied."""

    def __init__(self, server, forwarded_for=None):
        self.server, self.forwarded_for = server, forwarded_for
        status, headers, body = server.request("GET", "/admin/login/", self.headers())
        assert status == HTTPStatus.OK, body[:500]
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]

    def headers(self):
        return {"X-Forwarded-For": self.forwarded_for} if self.forwarded_for else {}

    def log_in(self, username, password):
        from urllib.parse import urlencode

        body = urlencode(
            {
                "csrfmiddlewaretoken": self.csrf_token,
                "username": username,
                "password": password,
                "next": "/admin/",
            }
        )
        headers = {
            **self.headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf_cookie}",
        }
        return self.server.request("POST", "/admin/login/", headers, body)[0]


# --- No trusted proxy (the default): X-Forwarded-For is the client's own words --------------


def statuses_of(server, requests):
    """The statuses of (path, headers) requests; a 429 must say when to come back."""
    statuses = []
    for path, headers in requests:
        status, response_headers, _ = server.request("GET", path, headers)
        statuses.append(status)
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            assert int(response_headers["Retry-After"]) > 0
    return statuses


def assert_throttled_after_the_limit(statuses):
    # 2 × the rate + 1 requests: even if a minute boundary resets the count once, one
    # window holds more than the rate.
    assert statuses[:ANON_RATE] == [HTTPStatus.OK] * ANON_RATE, statuses
    assert HTTPStatus.TOO_MANY_REQUESTS in statuses[ANON_RATE:], statuses


def test_a_client_rotating_x_forwarded_for_is_throttled(servers, transactional_db):
    server = servers(0)
    statuses = statuses_of(
        server,
        (
            # A new address each time, so each request reaches the view and its throttles.
            (f"/api/v1/people/?n={n}", {"X-Forwarded-For": f"10.{n}.{n}.{n}, 172.16.0.{n}"})
            for n in range(2 * ANON_RATE + 1)
        ),
    )
    assert_throttled_after_the_limit(statuses)
    assert "denied status=429 user=anonymous ip=127.0.0.1 method=GET" in server.log_text()


def test_answers_from_the_page_cache_count_against_the_rate(servers, transactional_db):
    server = servers(0)
    assert server.request("GET", "/api/v1/events/")[0] == HTTPStatus.OK
    # The list is now in the page cache: every repeat is answered from it, not by the view.
    statuses = statuses_of(server, (("/api/v1/events/", {}) for _ in range(2 * ANON_RATE + 1)))
    assert HTTPStatus.TOO_MANY_REQUESTS in statuses, statuses


def test_without_a_trusted_proxy_the_lockout_ignores_x_forwarded_for(servers, editor_account):
    server = servers(0)
    for n in range(settings.LOGIN_FAILURES_ALLOWED):
        visitor = Browser(server, forwarded_for=f"10.0.0.{n}")
        assert visitor.log_in(editor_account.username, "wrong password!") == HTTPStatus.OK
    visitor = Browser(server, forwarded_for="10.0.1.1")
    assert visitor.log_in(editor_account.username, "wrong password!") == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    assert f"login-failed user={editor_account.username} ip=127.0.0.1" in server.log_text()
    assert "ip=10.0." not in server.log_text()


# --- Behind one trusted proxy (docs/deploy.md) ----------------------------------------------


def proxied(client, written_by_client=None):
    """X-Forwarded-For as nginx's $proxy_add_x_forwarded_for sends it."""
    return f"{written_by_client}, {client}" if written_by_client else client


def test_behind_the_proxy_a_lockout_is_one_clients_alone(servers, editor_account):
    server = servers(1)
    username = editor_account.username
    # Client A guesses, and writes its own X-Forwarded-For each time: the proxy appends A.
    for n in range(settings.LOGIN_FAILURES_ALLOWED):
        attacker = Browser(server, proxied(CLIENT_A, f"10.9.9.{n}"))
        assert attacker.log_in(username, "wrong password!") == HTTPStatus.OK
    attacker = Browser(server, proxied(CLIENT_A, "10.9.9.99"))
    assert attacker.log_in(username, "wrong password!") == HTTPStatus.TOO_MANY_REQUESTS
    # A stays locked out, even with the right password.
    assert Browser(server, proxied(CLIENT_A)).log_in(username, PASSWORD) == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    # Another visitor behind the same proxy may still try, and the editor at B signs in.
    assert Browser(server, proxied(CLIENT_C)).log_in(username, "wrong password!") == (HTTPStatus.OK)
    assert Browser(server, proxied(CLIENT_B)).log_in(username, PASSWORD) == HTTPStatus.FOUND

    log = server.log_text()
    assert f"login-failed user={username} ip={CLIENT_A}" in log
    assert f"denied status=429 user=anonymous ip={CLIENT_A} method=POST path=/admin/login/" in log
    assert f"login-failed user={username} ip={CLIENT_C}" in log
    assert f"login user={username} ip={CLIENT_B}" in log
    assert "ip=127.0.0.1" not in log
    assert "ip=10.9.9." not in log


def test_behind_the_proxy_each_client_has_its_own_api_rate(servers, transactional_db):
    server = servers(1)
    statuses = statuses_of(
        server,
        (
            (f"/api/v1/people/?n={n}", {"X-Forwarded-For": proxied(CLIENT_C, f"10.{n}.0.1")})
            for n in range(2 * ANON_RATE + 1)
        ),
    )
    assert_throttled_after_the_limit(statuses)
    # Another client behind the same proxy is not held back by C's count.
    assert server.request("GET", "/api/v1/people/?n=0", {"X-Forwarded-For": CLIENT_B})[0] == (
        HTTPStatus.OK
    )
    assert f"denied status=429 user=anonymous ip={CLIENT_C} method=GET" in server.log_text()


# --- The rule itself ------------------------------------------------------------------------


class FakeRequest:
    def __init__(self, remote_addr="127.0.0.1", forwarded_for=None):
        self.META = {"REMOTE_ADDR": remote_addr}
        if forwarded_for is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded_for


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", None, "203.0.113.5"),
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # the header is ignored
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's words skipped
        (1, "10.0.0.2", " 6.6.6.6 ,198.51.100.1 ", "198.51.100.1"),
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # did not come through both proxies
        (1, "10.0.0.2", None, "10.0.0.2"),  # straight to the app: its peer
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "unknown", "10.0.0.2"),  # not an address
        (1, "10.0.0.2", "6.6.6.6, <script>", "10.0.0.2"),
        (1, "10.0.0.2", "6.6.6.6,", "10.0.0.2"),
        (1, "10.0.0.2", "198.51.100.1:4711", "198.51.100.1"),  # with a port
        (1, "10.0.0.2", "[2001:db8::1]:4711", "2001:db8::1"),
        (1, "10.0.0.2", "2001:DB8:0::1", "2001:db8::1"),
        (1, "10.0.0.2", "::ffff:198.51.100.1", "198.51.100.1"),
        (0, "::ffff:203.0.113.5", None, "203.0.113.5"),
        (0, "", None, None),
        (0, "not-an-address", None, None),
    ],
)
def test_client_ip_reads_the_address_the_trusted_proxies_saw(
    settings, proxies, remote_addr, forwarded_for, expected
):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(FakeRequest(remote_addr, forwarded_for)) == expected


def test_client_ip_without_a_request_is_none():
    assert client_ip(None) is None


def test_the_lockout_and_the_throttles_ask_client_ip(settings):
    from foundation.api.throttling import AnonRateThrottle, UserRateThrottle

    assert settings.AXES_CLIENT_IP_CALLABLE == "foundation.security.client_ip"
    settings.TRUSTED_PROXIES = 1
    request = FakeRequest("10.0.0.2", "6.6.6.6, 198.51.100.1")
    for throttle in (AnonRateThrottle, UserRateThrottle):
        assert throttle().get_ident(request) == "198.51.100.1"
