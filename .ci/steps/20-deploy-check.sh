#!/usr/bin/env bash
# Production settings pass Django's deployment checklist with no warning: DJANGO_DEBUG unset,
# only the production variables the README lists.
set -euo pipefail
cd "$(dirname "$0")/../.."

secret="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
run_check() {
  env -u DJANGO_DEBUG -u DJANGO_SECURE_SSL_REDIRECT -u DJANGO_SECURE_COOKIES \
    -u DJANGO_SECURE_HSTS_SECONDS \
    DJANGO_SECRET_KEY="$secret" DJANGO_ALLOWED_HOSTS=foundation.example.org "$@" \
    timeout 120 .venv/bin/python manage.py check --deploy --fail-level WARNING
}
echo "deploy check, PostgreSQL + Redis:"
run_check DATABASE_URL=postgres://postgres@127.0.0.1:5432/foundation_security \
  REDIS_URL=redis://127.0.0.1:6379/5
echo "deploy check, behind a TLS proxy with an admin path of its own:"
run_check DATABASE_URL=postgres://postgres@127.0.0.1:5432/foundation_security \
  DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO DJANGO_ADMIN_URL=backstage/
