#!/usr/bin/env bash
# The test command: set up, lint, the unit tests, then every lecture and
# solution notebook with nbval (--nbval-lax), in quick mode, as a fresh Colab
# runtime would run them (coursekit.colab_sim): empty HOME, an empty data cache
# holding only the registry's declared offline stand-ins, public files served
# from 127.0.0.1. A notebook that needs a file no student can download fails.
# The notebooks run two at a time (pytest-xdist; --dist loadscope keeps each
# notebook's cells in order on one kernel); NOTEBOOK_WORKERS=1 runs them one by one.
# Extra arguments go to both pytest runs (e.g. scripts/test.sh -k ngram).
# VENV=DIR uses (and sets up) another virtual environment; with PIP_CONSTRAINT it
# checks Colab's library versions:
#   VENV=.venv-colab PIP_CONSTRAINT=scripts/colab-versions.txt bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export VENV=${VENV:-.venv}
bash scripts/setup.sh

export COURSEKIT_MODE=quick
export MPLBACKEND=Agg
export PYTHONHASHSEED=0
export TF_CPP_MIN_LOG_LEVEL=2
if [ -z "${COURSEKIT_DATA:-}" ] && [ -d ../shared/data ]; then
  export COURSEKIT_DATA="$(cd ../shared/data && pwd)"
fi
echo "== COURSEKIT_MODE=$COURSEKIT_MODE COURSEKIT_DATA=${COURSEKIT_DATA:-(기본 캐시)}"

# pytest exits 5 when -k/-m leave nothing to run in one of the two parts.
pytest_ok() { local rc=0; "$@" || rc=$?; [ "$rc" = 0 ] || [ "$rc" = 5 ]; }

"$VENV/bin/ruff" check .
start=$(date +%s)
echo "== 단위 테스트 (COURSEKIT_DATA=${COURSEKIT_DATA:-(기본 캐시)})"
pytest_ok "$VENV/bin/python" -m pytest tests -p no:cacheprovider -q --durations=10 "$@"
unit=$(( $(date +%s) - start ))

echo "== 노트북: 새 Colab 런타임처럼 (nbval, quick 모드)"
offline=()
if [ -n "${COURSEKIT_DATA:-}" ] && [ -d "$COURSEKIT_DATA" ]; then
  offline=(--offline-data "$COURSEKIT_DATA")
fi
junit=$(mktemp --suffix=.xml)
trap 'rm -f "$junit"' EXIT
pytest_ok "$VENV/bin/python" -m coursekit.colab_sim "${offline[@]}" -- \
  "$VENV/bin/python" -m pytest lectures solutions -n "${NOTEBOOK_WORKERS:-2}" --dist loadscope \
  --nbval-lax --nbval-current-env --nbval-cell-timeout=1800 \
  -p no:cacheprovider -q --durations=15 --junitxml="$junit" "$@"
echo "== 노트북별 시간"
[ -s "$junit" ] && "$VENV/bin/python" -m coursekit.colab_sim --junitxml "$junit"
echo "== 테스트 시간: 단위 ${unit}초, 노트북 $(( $(date +%s) - start - unit ))초, 전체 $(( $(date +%s) - start ))초"
