"""The load benchmark behind `make bench` (full) and `make bench-smoke` / CI (a few seconds).

For each database (SQLite, then PostgreSQL when reachable) it prepares a database with the
seed and the synthetic archive (generate_demo_data, kept between runs), serves the app with
gunicorn in its production configuration (config/gunicorn.conf.py, DEBUG off) on loopback,
drives each endpoint with wrk and measures the server's CPU from /proc. It prints a Markdown
table and writes it to bench/results/. It stops every process it starts, even on Ctrl-C.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PG_URL = "postgres://postgres@127.0.0.1:5432/foundation_bench"
REDIS_URL = "redis://127.0.0.1:6379/6"
PORTS = {"sqlite": 8150, "postgresql": 8151}
CEILING = "trivial endpoint (robots.txt): the ceiling"
FLOOR = "hand-written floor: the API list of 50 statements with values() + orjson"
API_LIST = "API list of 50 statements"
SEARCH = "/fr/search/?q=fondation+linux"
SEARCH_LATENCY = "search page ('fondation linux'), 1 connection"
# What one searcher waits for each of search's paths: a speaker's name (his statements, first
# by name), a typo (nothing found, a suggestion), a number in another spelling.
SEARCHES = {
    "search page ('zemlin'), 1 connection": "/fr/search/?q=zemlin",
    "search page ('Chintalla', a typo), 1 connection": "/fr/search/?q=Chintalla",
    "search page ('2400'), 1 connection": "/fr/search/?q=2400",
}
SEARCH_LATENCY_TARGET = 50  # ms, p95, on each database


@dataclass
class Endpoint:
    name: str
    path: str
    bust: bool = True  # a new query string per request: every request misses the cache
    revalidate: bool = False  # send If-None-Match with the ETag of a first GET
    smoke: bool = False
    connections: int | None = None  # None: the run's --connections
    samples: list = field(default_factory=list)


def endpoints(slugs):
    return [
        Endpoint(CEILING, "/robots.txt", smoke=True),
        # The same JSON as the API list, written by hand (bench/floor.py).
        Endpoint(FLOOR, "/bench/floor/statements/", smoke=True),
        Endpoint(API_LIST, "/api/v1/statements/", smoke=True),
        Endpoint("API statement detail", f"/api/v1/statements/{slugs['statement']}/"),
        Endpoint("API list of 50 events", "/api/v1/events/"),
        Endpoint("API event detail", f"/api/v1/events/{slugs['event']}/"),
        Endpoint("API list of 50 people", "/api/v1/people/"),
        Endpoint("API person detail", f"/api/v1/people/{slugs['person']}/"),
        Endpoint("HTML statement list", "/fr/statements/", smoke=True),
        Endpoint("HTML statement detail", f"/fr/statements/{slugs['statement']}/"),
        Endpoint("HTML event list", "/fr/events/"),
        Endpoint("HTML person detail", f"/fr/people/{slugs['person']}/"),
        Endpoint("search page ('fondation linux')", SEARCH),
        # Latency without the queue 8 clients build on 2 cores: what one searcher waits.
        Endpoint(SEARCH_LATENCY, SEARCH, connections=1),
        *(Endpoint(name, path, connections=1) for name, path in SEARCHES.items()),
        Endpoint("API list of 50 statements, cached", "/api/v1/statements/", bust=False),
        Endpoint("HTML statement list, cached", "/fr/statements/", bust=False, smoke=True),
        Endpoint(
            "304 revalidation (HTML statement list)",
            "/fr/statements/",
            bust=False,
            revalidate=True,
            smoke=True,
        ),
        # The target: zero errors with 64 clients at once.
        Endpoint(
            "API list of 50 statements, 64 connections",
            "/api/v1/statements/",
            connections=64,
            smoke=True,
        ),
        Endpoint(
            "HTML statement list, cached, 64 connections",
            "/fr/statements/",
            bust=False,
            connections=64,
            smoke=True,
        ),
    ]


# --- processes ------------------------------------------------------------------------------


def environment(backend, data_dir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_DEBUG", "REDIS_URL", "DATABASE_URL", "REPLICA_DATABASE_URL")
    }
    env.update(
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Loopback HTTP: TLS is the proxy's job in production (docs/deploy.md).
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="600",
        # One client address sends every request: no limit may answer for the app. (DRF's
        # user throttle counts anonymous clients too, by address, at the user rate.)
        API_THROTTLE_ANON="1000000000/minute",
        API_THROTTLE_USER="1000000000/minute",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(data_dir / "static"),
        FOUNDATION_DATA_DIR=str(data_dir),
        FOUNDATION_RELEASE="bench",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = PG_URL
        env["REDIS_URL"] = REDIS_URL
    return env


def manage(env, *args, capture=False):
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return done.stdout


def postgresql_available():
    try:
        done = subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def prepare(backend, env, statements):
    if backend == "postgresql":
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "foundation_bench"],
            check=False,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(["redis-cli", "-n", "6", "flushdb"], check=False, stdout=subprocess.DEVNULL)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_seed", "-v0")
    have = int(
        manage(env, "shell", "--no-imports", "-c", COUNT_SYNTHETIC, capture=True).strip() or 0
    )
    if have != statements:
        print(f"[{backend}] generating {statements} synthetic statements (once, then kept)")
        manage(env, "generate_demo_data", f"--statements={statements}", "--seed=1")
    manage(env, "shell", "--no-imports", "-c", ANALYZE)
    static = Path(env["DJANGO_STATIC_ROOT"])
    if not (static / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    return json.loads(manage(env, "shell", "--no-imports", "-c", PICK_SLUGS, capture=True))


COUNT_SYNTHETIC = (
    "from foundation.models import Statement;"
    "print(Statement.objects.filter(slug__startswith='synthetic-').count())"
)
ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"
PICK_SLUGS = (
    "import json; from foundation.models import Statement, Event, Person;"
    "pick = lambda m: m.objects.public().filter(slug__startswith='synthetic-')"
    ".order_by('slug').values_list('slug', flat=True).first();"
    "print(json.dumps({'statement': pick(Statement), 'event': pick(Event), "
    "'person': pick(Person)}))"
)


@contextmanager
def gunicorn(env, port, log_path):
    """The app under gunicorn's production configuration, on loopback, stopped on exit."""
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_MAX_REQUESTS": "0",
        # Production's settings plus the floor's address (bench/settings.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}: see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout}s")


def server_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def cpu_seconds(pids):
    return sum(process_cpu(pids).values())


def process_cpu(pids):
    """utime + stime of each process still alive, in seconds."""
    spent = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        spent[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return spent


def database_cpu(backend):
    """CPU of the PostgreSQL server's processes (SQLite works inside gunicorn's)."""
    if backend != "postgresql":
        return {}
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return process_cpu(pids)


def spent_since(before, after):
    """CPU spent between two readings; a process born in between counts from its start."""
    return sum(value - before.get(pid, 0) for pid, value in after.items())


# --- measuring ------------------------------------------------------------------------------


def fetch_etag(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers["ETag"]


def drain(base):
    """Wait for requests still queued from the last run, so its CPU is not counted next."""
    with urllib.request.urlopen(base + "/robots.txt?drain", timeout=120) as response:
        response.read()


def wrk(url, seconds, connections, args):
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        url,
        "--",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRKJSON "))
    return json.loads(line.removeprefix("WRKJSON "))


def measure(backend, base, endpoint, pids, seconds, connections):
    url = base + endpoint.path
    args = ["bust"] if endpoint.bust else []
    if endpoint.revalidate:
        args.append(f"etag={fetch_etag(url)}")
    drain(base)
    before, database_before = cpu_seconds(pids), database_cpu(backend)
    result = wrk(url, seconds, endpoint.connections or connections, args)
    drain(base)
    spent = cpu_seconds(pids) - before
    database_spent = spent_since(database_before, database_cpu(backend))
    requests = max(result["requests"], 1)
    result["rps"] = result["requests"] / result["seconds"]
    result["cpu_ms"] = 1000 * spent / requests
    result["db_cpu_ms"] = 1000 * database_spent / requests
    result["errors"] = result["socket_errors"] + result["bad_status"]
    endpoint.samples.append(result)


def median(endpoint, key):
    return statistics.median(sample[key] for sample in endpoint.samples)


def run_backend(backend, args, data_dir):
    env = environment(backend, data_dir)
    started = time.monotonic()
    slugs = prepare(backend, env, args.statements)
    print(f"[{backend}] database ready in {time.monotonic() - started:.0f}s")
    rows = [e for e in endpoints(slugs) if e.smoke or not args.smoke]
    port = PORTS[backend]
    base = f"http://127.0.0.1:{port}"
    with gunicorn(env, port, data_dir / f"gunicorn-{backend}.log") as server:
        pids = server_pids(server.pid)
        for endpoint in rows:  # warm every worker's caches and connections
            wrk(base + endpoint.path, 1, args.connections, [])
        # Rounds, not one endpoint at a time: noise from the machine spreads over every row.
        for round_number in range(args.repeat):
            for endpoint in rows:
                measure(backend, base, endpoint, pids, args.seconds, args.connections)
            print(f"[{backend}] round {round_number + 1}/{args.repeat} done")
    return rows


def table(results, args):
    lines = [
        f"Benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {args.statements} synthetic "
        f"statements + the seed; gunicorn sync workers ({workers()} on {os.cpu_count()} cores), "
        f"wrk {args.connections} connections unless the row says otherwise, {args.seconds}s × "
        f"{args.repeat} rounds, medians. Uncached rows add a new query string to every request "
        "so that each one misses the shared cache. "
        "CPU is the server's (gunicorn master + workers, from /proc), per request; "
        "'× ceiling' divides it by the trivial endpoint's CPU in the same run. "
        "DB CPU is PostgreSQL's own processes per request (SQLite runs inside the workers).",
        "",
        "| Database | Endpoint | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | × ceiling "
        "| DB CPU ms/req | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, rows in results.items():
        ceiling = median(rows[0], "cpu_ms") or 1e-9
        for endpoint in rows:
            errors = sum(sample["errors"] for sample in endpoint.samples)
            database = f"{median(endpoint, 'db_cpu_ms'):.2f}" if backend != "sqlite" else "—"
            lines.append(
                f"| {backend} | {endpoint.name} | {median(endpoint, 'rps'):.0f} "
                f"| {median(endpoint, 'p50'):.1f} | {median(endpoint, 'p95'):.1f} "
                f"| {median(endpoint, 'p99'):.1f} | {median(endpoint, 'cpu_ms'):.2f} "
                f"| {median(endpoint, 'cpu_ms') / ceiling:.1f} | {database} | {errors} |"
            )
    return "\n".join([*lines, "", *targets(results)]) + "\n"


def targets(results):
    """The issue's targets, each checked against this run's medians."""
    lines = ["Targets (CPU ms per request, medians of this run):", ""]

    def check(backend, label, value, limit, unit="ms"):
        verdict = "met" if value <= limit else "NOT met"
        lines.append(f"- {backend}: {label}: {value:.2f} {unit} (≤ {limit:g}): **{verdict}**")

    for backend, rows in results.items():
        by_name = {endpoint.name: endpoint for endpoint in rows}
        api, floor = by_name.get(API_LIST), by_name.get(FLOOR)
        if api and floor:
            cpu = median(api, "cpu_ms")
            check(backend, "API list of 50 statements", cpu, 4)
            check(backend, "API list ÷ hand-written floor", cpu / median(floor, "cpu_ms"), 1.5, "×")
        for endpoint in rows:
            name, cpu = endpoint.name, median(endpoint, "cpu_ms")
            if name.startswith("HTML") and endpoint.bust:
                check(backend, name, cpu, 10)
            elif not endpoint.bust and not endpoint.connections:
                check(backend, name, cpu, 1)
            if name == SEARCH_LATENCY or name in SEARCHES:
                p95 = median(endpoint, "p95")
                check(backend, f"{name}, p95 latency", p95, SEARCH_LATENCY_TARGET)
            if endpoint.connections and endpoint.connections > 8:
                errors = sum(sample["errors"] for sample in endpoint.samples)
                check(backend, f"{name}: failed requests", errors, 0, "")
    return lines


def webhook_section(data_dir):
    """The webhook worker's latency and throughput (bench/webhooks.py)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench import webhooks

    section_dir = data_dir / "webhooks"
    section_dir.mkdir(parents=True, exist_ok=True)
    env = environment("sqlite", section_dir)
    return webhooks.run(PYTHON, ROOT, manage, env, section_dir)


def workers():
    return int(os.environ.get("WEB_CONCURRENCY", 2 * os.cpu_count()))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a few seconds, small data")
    parser.add_argument("--statements", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--data-dir", type=Path, help="kept between runs (default: data/bench)")
    parser.add_argument(
        "--only", choices=["webhooks"], help="run one section alone (webhooks: the worker's)"
    )
    args = parser.parse_args()
    if args.only == "webhooks":
        print("\n".join(webhook_section(args.data_dir or ROOT / "data" / "bench")))
        return
    if args.smoke:
        args.statements = args.statements or 200
        args.seconds, args.repeat = args.seconds or 1, args.repeat or 1
        args.connections = min(args.connections, 8)
    else:
        args.statements = args.statements or 100_000
        args.seconds, args.repeat = args.seconds or 3, args.repeat or 3
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    scratch = None
    if args.data_dir is None and args.smoke:
        scratch = Path(tempfile.mkdtemp(prefix="foundation-bench-"))
    data_dir = args.data_dir or scratch or ROOT / "data" / "bench"
    results = {}
    try:
        for backend in args.backends.split(","):
            if backend == "postgresql" and (args.smoke or not postgresql_available()):
                print("[postgresql] skipped (smoke run, or no server on 127.0.0.1:5432)")
                continue
            backend_dir = data_dir / backend
            backend_dir.mkdir(parents=True, exist_ok=True)
            results[backend] = run_backend(backend, args, backend_dir)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    report = table(results, args)
    if not args.smoke:
        report += "\n".join(webhook_section(data_dir)) + "\n"
    print(report)
    if not args.smoke:
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / f"{datetime.now(UTC):%Y%m%d-%H%M}.md").write_text(report)
        (out / "latest.md").write_text(report)
    errors = sum(s["errors"] for rows in results.values() for e in rows for s in e.samples)
    if errors:
        raise SystemExit(f"{errors} failed requests: see the errors column")


if __name__ == "__main__":
    main()
