#!/usr/bin/env bash
# Fuzz the REST API with schemathesis against its own live OpenAPI schema: gunicorn on loopback,
# production settings (DEBUG off), the seed loaded, once anonymous and once with an editor's
# token. Standard checks, zero failures allowed. Bounded: each run is cut at 170 s.
# The coverage phase (boundary values of every parameter, ~5,700 cases) takes minutes on a
# busy two-core machine; add it with API_FUZZ_PHASES=examples,coverage,fuzzing.
set -euo pipefail
cd "$(dirname "$0")/../.."

port="${API_FUZZ_PORT:-8130}"
work="$(mktemp -d)"
cleanup() {
  if [ -s "$work/gunicorn.pid" ]; then
    kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true
    sleep 1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Its own SQLite file and a local-memory cache: no shared service is touched.
unset DATABASE_URL REDIS_URL DJANGO_DEBUG
export FOUNDATION_DATA_DIR="$work" DJANGO_STATIC_ROOT="$work/static"
export DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on loopback: no redirect to HTTPS, cookies not limited to HTTPS.
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
# The fuzzer sends thousands of requests; throttling has its own tests.
export API_THROTTLE_ANON=1000000/minute API_THROTTLE_USER=1000000/minute

manage() { timeout 300 .venv/bin/python manage.py "$@"; }
manage migrate --noinput -v 0
# Error pages use {% static %}: production storage needs its manifest.
manage collectstatic --noinput -v 0
manage load_seed -v 0
token="$(manage shell -v 0 -c '
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from foundation.roles import EDITOR_GROUP
user, _ = get_user_model().objects.get_or_create(username="fuzz-editor", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name=EDITOR_GROUP))
print(Token.objects.get_or_create(user=user)[0].key)
')"

.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
  --pid "$work/gunicorn.pid" --control-socket "$work/gunicorn.ctl" --daemon --error-logfile "$work/gunicorn.log" --timeout 60
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$port/api/v1/schema/" -o /dev/null && break
  sleep 0.5
done

root="$PWD"
fuzz() {
  # Run from the temporary directory: schemathesis leaves a .schemathesis/ folder behind.
  (cd "$work" && timeout 170 "$root/.venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/schema/" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases "${API_FUZZ_PHASES:-examples,fuzzing}" --max-examples "${API_FUZZ_EXAMPLES:-10}" \
    --seed "${API_FUZZ_SEED:-1}" \
    --workers 2 --generation-database none --no-color --request-timeout 30 "$@")
}
status=0
echo "schemathesis, anonymous:"
fuzz || status=$?
echo "schemathesis, editor token:"
fuzz -H "Authorization: Token $token" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- gunicorn log (tail) ---"
  tail -n 50 "$work/gunicorn.log"
fi
exit "$status"
