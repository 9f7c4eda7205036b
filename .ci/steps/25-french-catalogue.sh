#!/usr/bin/env bash
# The French admin and site: every string of the code and templates, extracted afresh, has a
# French translation, none fuzzy. (tests/test_french_catalogue.py checks the committed
# catalogue and its compiled .mo; this also catches a string added without makemessages.)
set -euo pipefail
cd "$(dirname "$0")/../.."
restore() { git checkout -- foundation/locale; }
trap restore EXIT
DJANGO_DEBUG=1 .venv/bin/python manage.py makemessages -l fr --no-wrap --no-location \
  -i ".venv/*" -i "tests/*" -i "node_modules/*" >/dev/null
stats="$(msgfmt --statistics -o /dev/null foundation/locale/fr/LC_MESSAGES/django.po 2>&1)"
echo "$stats"
if grep -qE "untranslated|fuzzy" <<<"$stats"; then
  echo "French catalogue incomplete: run makemessages, fill_fr.py (foundation/locale/fr_*.py), msgfmt"
  exit 1
fi
