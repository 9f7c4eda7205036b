#!/usr/bin/env bash
# Benchmark smoke run: a small synthetic archive, gunicorn + wrk on loopback for a few
# seconds per endpoint, zero failed requests required. Proves `make bench` works; the
# figures themselves come from the full run (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
timeout 300 .venv/bin/python bench/run.py --smoke
