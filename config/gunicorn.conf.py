"""gunicorn's production configuration: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Sync workers, one request each: a Django request is CPU work plus short database waits, so
2 × cores workers keep the cores busy. (gthread's keep-alive let idle connections pin
threads and left workers idle in our measurements; see docs/deploy.md.) Every value can be
overridden from the environment; nothing here holds state.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# Import the app once in the master: faster restarts, shared memory pages.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows; 0 turns it off (benchmarks).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Behind the load balancer; it terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
