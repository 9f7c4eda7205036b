"""A database outage, for real: gunicorn talks to PostgreSQL through a TCP proxy we cut.

The shared PostgreSQL server is never stopped: the proxy closes its port and every open
connection, then opens again. Pages must answer 503 from the static template, the API 503
JSON, /healthz 503; all with Retry-After and no internals; and the app must recover by itself
once the database is back (CONN_HEALTH_CHECKS with persistent connections).

And a database that lost its tables: gunicorn on SQLite whose file is removed (the next
connection creates an empty one). /healthz must say so, as the pages do.
"""

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT = "127.0.0.1", 5432
PROXY_PORT, APP_PORT, SQLITE_APP_PORT = 8143, 8142, 8144
DATABASE = "foundation_security_outage"
LEAKS = ("Traceback", "psycopg", "OperationalError", "SELECT", ".py", "5432", str(BASE_DIR))

needs_postgres = pytest.mark.skipif(
    shutil.which("pg_isready") is None
    or subprocess.run(["pg_isready", "-h", PG_HOST, "-p", str(PG_PORT), "-q"]).returncode != 0,
    reason="needs the PostgreSQL server on 127.0.0.1:5432",
)


class ToggleProxy:
    """A TCP forwarder to PostgreSQL whose port can be closed (refused) and reopened."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.lock = threading.Lock()
        self.sockets = set()
        self.listener = None
        self.open()

    def open(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self):
        """Refuse new connections and cut every live one, as a crashed server would."""
        # shutdown() first: close() alone leaves a thread blocked in accept() still listening.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets |= {client, upstream}
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _psql(sql):
    subprocess.run(
        ["psql", "-h", PG_HOST, "-U", "postgres", "-d", "postgres", "-qtAc", sql],
        check=True,
        capture_output=True,
        timeout=60,
    )


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def fetch(path, timeout=15, port=APP_PORT):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for(path, expected, seconds=30, port=APP_PORT):
    deadline = time.monotonic() + seconds
    while True:
        try:
            status = fetch(path, timeout=5, port=port)[0]
            if status == expected:
                return
        except OSError:
            status = None
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} still answers {status}, expected {expected}")
        time.sleep(0.3)


def production_env(static_root):
    """The environment of a production server, without the test run's own settings."""
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PYTEST", "FOUNDATION_"))
    }
    return base_env | {
        "DJANGO_SECRET_KEY": "outage-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": static_root,
    }


def gunicorn(env, port, workers):
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def app_behind_proxy():
    static_root = tempfile.mkdtemp(prefix="foundation-outage-static-")
    env = production_env(static_root) | {
        "DATABASE_URL": f"postgres://postgres@{PG_HOST}:{PG_PORT}/{DATABASE}",
    }
    _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{DATABASE}"')
    proxy = server = None
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_seed")
        _manage(env, "collectstatic", "--noinput")
        proxy = ToggleProxy(PROXY_PORT, (PG_HOST, PG_PORT))
        server_env = env | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PROXY_PORT}/{DATABASE}"
            "?connect_timeout=3",
            # Persistent connections: the case where a dead connection must be noticed.
            "DJANGO_CONN_MAX_AGE": "600",
        }
        server = gunicorn(server_env, APP_PORT, workers=2)
        wait_for("/healthz", HTTPStatus.OK)
        yield proxy
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if proxy is not None:
            proxy.close()
        _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)


_probe = itertools.count()


# A fresh URL for each request: no cache may answer in the database's place.
def page_url():
    return f"/fr/search/?q=pytorch+{next(_probe)}"


def api_url():
    return f"/api/v1/organisations/?search=pytorch-{next(_probe)}"


@needs_postgres
def test_outage_answers_503_everywhere_and_recovers(app_behind_proxy):
    proxy = app_behind_proxy
    # Warm every worker's persistent connection, so the outage kills live connections.
    for _ in range(6):
        assert fetch(page_url())[0] == HTTPStatus.OK
        assert fetch(api_url())[0] == HTTPStatus.OK

    proxy.close()
    for _ in range(4):  # both workers, with a dead connection and then no connection
        status, headers, body = fetch(page_url())
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert int(headers["Retry-After"]) > 0
        assert headers["Content-Type"].startswith("text/html")
        assert "Service momentanément indisponible" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert not any(leak in body for leak in LEAKS)

        status, headers, body = fetch(api_url())
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert int(headers["Retry-After"]) > 0
        assert headers["Content-Type"] == "application/json"
        assert '"service_unavailable"' in body
        assert not any(leak in body for leak in LEAKS)

        status, headers, body = fetch("/healthz")
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert '"database": "unavailable"' in body or '"database":"unavailable"' in body

    proxy.open()
    # The first requests after the return already succeed: no restart, no stale connection.
    for _ in range(4):
        assert fetch(page_url())[0] == HTTPStatus.OK
        assert fetch(api_url())[0] == HTTPStatus.OK
        assert fetch("/healthz")[0] == HTTPStatus.OK


def test_health_check_fails_when_the_sqlite_file_is_removed(tmp_path):
    """Removed under a running server, the file comes back empty on the next connection:
    `SELECT 1` answers, the content tables are gone, and every page answers 503."""
    env = production_env(str(tmp_path / "static")) | {"FOUNDATION_DATA_DIR": str(tmp_path)}
    _manage(env, "migrate", "--noinput")
    server = gunicorn(env, SQLITE_APP_PORT, workers=1)
    try:
        wait_for("/healthz", HTTPStatus.OK, port=SQLITE_APP_PORT)

        for path in tmp_path.glob("foundation.sqlite3*"):
            path.unlink()

        status, headers, body = fetch("/healthz", port=SQLITE_APP_PORT)
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert '"database": "unavailable"' in body or '"database":"unavailable"' in body
        assert int(headers["Retry-After"]) > 0
        assert fetch(page_url(), port=SQLITE_APP_PORT)[0] == HTTPStatus.SERVICE_UNAVAILABLE
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
