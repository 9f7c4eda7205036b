"""The webhook worker's section of the benchmark: delivery latency and throughput.

On a fresh SQLite database with the seed, an endpoint on a receiver in this process (loopback,
WEBHOOKS_ALLOW_PRIVATE), and the real worker as `make worker` runs it (`manage.py db_worker`,
its default 1 s poll):

- latency: single writes 0.3 s apart while the worker runs, from the change's time (in the
  write's transaction) to the signed POST reaching the receiver;
- throughput: a backlog of writes made while no worker runs, then one worker started: the
  deliveries per second between the first and the last to arrive.

`bench/run.py` runs it after the load benchmark; `bench/run.py --only webhooks` runs it alone.
"""

import json
import signal
import statistics
import subprocess
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WRITES = """
import os, time
from django.contrib.auth import get_user_model
from foundation import services
from foundation.models import Endpoint, Organisation, Person

owner, _ = get_user_model().objects.get_or_create(username="bench-integrator")
Endpoint.objects.get_or_create(url=os.environ["BENCH_HOOK_URL"], defaults={"owner": owner})
records = [*Organisation.objects.order_by("pk"), *Person.objects.order_by("pk")]
gap = float(os.environ["BENCH_GAP"])
for index in range(int(os.environ["BENCH_WRITES"])):
    record = records[index % len(records)]
    record.refresh_from_db()
    record.description_fr = f"Bench {index}"
    services.save_record(record=record, user=None, expected_version=record.version)
    time.sleep(gap)
"""


class Arrivals:
    """A receiver on loopback: when each delivery arrived, and when its change was made."""

    def __init__(self):
        self.seen = []  # (arrival, change time)
        self.lock = threading.Lock()
        arrivals = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                arrived = time.time()
                made = datetime.fromisoformat(json.loads(body)["data"]["at"]).timestamp()
                with arrivals.lock:
                    arrivals.seen.append((arrived, made))
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def count(self):
        with self.lock:
            return len(self.seen)

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.count() < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.count() >= count


def deliveries(manage, env):
    out = manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from foundation.models import Delivery; print(Delivery.objects.count())",
        capture=True,
    )
    return int(out.strip().splitlines()[-1])


def writes(manage, env, count, gap):
    manage(
        {**env, "BENCH_WRITES": str(count), "BENCH_GAP": str(gap)}, "shell", "-v", "0", "-c", WRITES
    )


def start_worker(python, root, env):
    return subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(python, root, manage, env, data_dir, singles=30, backlog=300):
    """Both measures; returns Markdown lines."""
    database = data_dir / "webhooks.sqlite3"
    for path in data_dir.glob("webhooks.sqlite3*"):
        path.unlink()
    arrivals = Arrivals()
    env = {
        **env,
        "DATABASE_URL": f"sqlite:///{database}",
        "WEBHOOKS_ALLOW_PRIVATE": "1",
        "FOUNDATION_BASE_URL": "http://127.0.0.1:8000",
        "BENCH_HOOK_URL": arrivals.url,
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_seed", "-v0")
    worker = start_worker(python, root, env)
    try:
        time.sleep(3)  # the worker's start-up
        writes(manage, env, singles, 0.3)
        expected = deliveries(manage, env)
        arrivals.wait_for(expected, 120)
        latencies = [(arrived - made) * 1000 for arrived, made in arrivals.seen]
    finally:
        stop(worker)
    before = arrivals.count()
    writes(manage, env, backlog, 0)
    expected = deliveries(manage, env)
    worker = start_worker(python, root, env)
    try:
        arrivals.wait_for(expected, 600)
    finally:
        stop(worker)
        arrivals.server.shutdown()
    drained = sorted(arrived for arrived, _made in arrivals.seen[before:])
    rate = (len(drained) - 1) / (drained[-1] - drained[0]) if len(drained) > 1 else 0
    return [
        "",
        "## Webhook deliveries (SQLite, one `db_worker`, 1 s poll)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| latency, write → receiver, {len(latencies)} deliveries: p50 | "
        f"{statistics.median(latencies):.0f} ms |",
        f"| latency p95 | {percentile(latencies, 0.95):.0f} ms |",
        f"| latency max | {max(latencies):.0f} ms |",
        f"| throughput, backlog of {len(drained)} deliveries | {rate:.0f} deliveries/s |",
        f"| delivered / expected | {arrivals.count()} / {expected} |",
    ]
