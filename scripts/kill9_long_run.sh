#!/bin/sh
# The long kill-9 run: 1,000 SIGKILLs while cases, evidence, decisions, letters, imports and
# backups are written; prints the acknowledged writes and how many were lost (must be 0).
# Usage: scripts/kill9_long_run.sh [POINTS [SEED]]
set -e
cd "$(dirname "$0")/.."
CASEMANAGER_KILL_POINTS="${1:-1000}" CASEMANAGER_KILL_SEED="${2:-16}" \
    "${PYTHON:-python}" -m pytest -q -s -p no:cacheprovider --timeout=0 tests/faults/test_kill9.py
