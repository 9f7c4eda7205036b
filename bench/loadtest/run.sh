#!/usr/bin/env bash
# Load test: 64 locust clients for 60 s against gunicorn (production config, DEBUG off) and
# PostgreSQL on loopback, over pages and API reads with editors writing under If-Match.
# Passes only with zero failed requests and no lost write (successful writes == history rows).
#   make loadtest            (USERS=64 DURATION=60s PORT=8145 by default)
# locust lives in its own venv (bench/.venv-load): its gevent/brotli stay out of the app's.
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS="${USERS:-64}"
DURATION="${DURATION:-60s}"
PORT="${PORT:-8145}"
DB="${LOADTEST_DB:-foundation_security_load}"
LOAD_VENV=bench/.venv-load
RESULTS=bench/results
mkdir -p "$RESULTS"

if [ ! -x "$LOAD_VENV/bin/locust" ]; then
  python3 -m venv "$LOAD_VENV"
  "$LOAD_VENV/bin/pip" install --quiet "locust>=2.40,<3"
fi

static_root="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$static_root"
}
trap cleanup EXIT

export DJANGO_SECRET_KEY="loadtest-$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_STATIC_ROOT="$static_root"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379/5
# Throttling stays on (counters in Redis) with rates far above what 64 clients can send.
export API_THROTTLE_ANON=1000000/minute API_THROTTLE_USER=1000000/minute
export DJANGO_CONN_MAX_AGE=60 GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_MAX_REQUESTS=0
unset DJANGO_DEBUG

echo "== preparing $DB (migrate, seed, editor token, static files)"
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "CREATE DATABASE \"$DB\""
redis-cli -n 5 flushdb >/dev/null
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_seed -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
LOADTEST_TOKEN="$(.venv/bin/python manage.py shell --no-imports -v 0 -c "
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from foundation.roles import EDITOR_GROUP
user = get_user_model().objects.create_user('load-editor', None, None, is_staff=True)
user.groups.add(Group.objects.get(name=EDITOR_GROUP))
print(Token.objects.create(user=user).key)")"
export LOADTEST_TOKEN

echo "== gunicorn on 127.0.0.1:$PORT"
.venv/bin/python -m gunicorn -c config/gunicorn.conf.py config.wsgi:application \
  >"$RESULTS/loadtest-gunicorn.log" 2>&1 &
server_pid=$!
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "gunicorn did not start"; exit 1; }

echo "== locust: $USERS clients for $DURATION"
export LOADTEST_WRITES_FILE="$RESULTS/loadtest-writes.json"
rc=0
"$LOAD_VENV/bin/locust" -f bench/loadtest/locustfile.py --headless --users "$USERS" \
  --spawn-rate "$USERS" --run-time "$DURATION" --host "http://127.0.0.1:$PORT" \
  --csv "$RESULTS/loadtest" --only-summary --stop-timeout 10 || rc=$?

echo "== lost writes?"
.venv/bin/python manage.py shell --no-imports -v 0 -c "
import json
from foundation.models import Organisation
counts = json.load(open('$LOADTEST_WRITES_FILE'))
history = Organisation.history.filter(history_user__username='load-editor', history_type='~')
rows = history.count()
print(f\"writes answered 200: {counts['writes_ok']}, refused with 412: {counts['writes_conflict']}, \"
      f'history rows by the load editor: {rows}')
for slug, n in sorted(counts['per_record'].items()):
    org = Organisation.objects.get(slug=slug)
    assert history.filter(id=org.pk).count() == n, (slug, n)
    # The last successful write is what is stored.
    assert org.description_en == history.filter(id=org.pk).first().description_en, slug
assert rows == counts['writes_ok'], 'a write answered 200 left no history row'
print('no lost write')
" || rc=1

failures="$(awk -F, 'NR>1 && $2=="Aggregated" {print $4}' "$RESULTS/loadtest_stats.csv")"
echo "failed requests: ${failures:-unknown}"
[ "${failures:-1}" = 0 ] || rc=1
exit "$rc"
