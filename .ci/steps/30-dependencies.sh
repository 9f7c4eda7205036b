#!/usr/bin/env bash
# Dependencies: the venv is exactly requirements.lock, its requirements are consistent, and
# pip-audit finds no known vulnerability in it. When the vulnerability service cannot answer
# (no network, or it does not know these versions) the audit is INCONCLUSIVE and says so
# loudly; AUDIT_REQUIRED=1 (set it where the service is reachable) makes that a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "lock file matches the installed set:"
if ! diff <(grep -v '^#' requirements.lock | tr 'A-Z' 'a-z' | sort) \
          <(.venv/bin/pip freeze --exclude-editable | grep -vi '^foundation[ =@]' \
            | tr 'A-Z' 'a-z' | sort); then
  echo "requirements.lock differs from the venv (< lock, > venv): run 'make lock' and commit it."
  exit 1
fi
.venv/bin/pip check

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
rc=0
for service in pypi osv; do
  rc=0
  timeout 300 .venv/bin/pip-audit --requirement requirements.lock --no-deps --disable-pip \
    --vulnerability-service "$service" --progress-spinner off --format json --output "$report" \
    >/dev/null 2>"$report.err" || rc=$?
  # 0 = clean, 1 = vulnerabilities found; anything else, or no report, = the service failed.
  if [ "$rc" -le 1 ] && [ -s "$report" ]; then break; fi
  echo "pip-audit via $service failed (exit $rc): $(tail -n 1 "$report.err")"
  : >"$report"
done
rm -f "$report.err"

if [ ! -s "$report" ]; then
  echo "DEPENDENCY AUDIT INCONCLUSIVE: no vulnerability service (PyPI, OSV) could be reached."
  [ "${AUDIT_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
fi
.venv/bin/python - "$report" "$service" <<'PY'
import json, os, sys

report, service = json.load(open(sys.argv[1])), sys.argv[2]
deps = report["dependencies"]
vulnerable = [d for d in deps if d.get("vulns")]
skipped = [d for d in deps if "skip_reason" in d]
audited = len(deps) - len(skipped)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
print(f"pip-audit ({service}): {audited} of {len(deps)} locked packages audited, "
      f"{len(vulnerable)} vulnerable.")
if vulnerable:
    sys.exit(1)
if skipped:
    print(f"DEPENDENCY AUDIT INCONCLUSIVE: {len(skipped)} packages are unknown to the service "
          "and were NOT audited:")
    print("  " + ", ".join(dep["skip_reason"].split(": ", 1)[-1] for dep in skipped))
    if os.environ.get("AUDIT_REQUIRED") == "1":
        sys.exit(1)
PY
