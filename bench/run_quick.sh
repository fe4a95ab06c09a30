#!/usr/bin/env bash
# The benchmarks in quick mode: a smoke run for CI that prints figures, asserts no speed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
env -u DATABASE_URL "$PY" bench/bench_people_import.py --quick
env -u DATABASE_URL "$PY" bench/bench_home.py --quick
env -u DATABASE_URL "$PY" bench/bench_kpi_import.py --quick
env -u DATABASE_URL "$PY" bench/bench_strategy_export.py --quick
env -u DATABASE_URL "$PY" bench/bench_catalog.py --quick
env -u DATABASE_URL "$PY" bench/bench_impact.py --quick
env -u DATABASE_URL "$PY" bench/bench_lrs.py --quick
