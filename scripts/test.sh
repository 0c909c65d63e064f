#!/usr/bin/env bash
# The test command: set up, lint, then the unit tests and every lecture and
# solution notebook with nbval (--nbval-lax), in quick mode.
# Extra arguments go to pytest (e.g. scripts/test.sh -k ngram).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export COURSEKIT_MODE=quick
export MPLBACKEND=Agg
export PYTHONHASHSEED=0
export TF_CPP_MIN_LOG_LEVEL=2
if [ -z "${COURSEKIT_DATA:-}" ] && [ -d ../shared/data ]; then
  export COURSEKIT_DATA="$(cd ../shared/data && pwd)"
fi
echo "== COURSEKIT_MODE=$COURSEKIT_MODE COURSEKIT_DATA=${COURSEKIT_DATA:-(기본 캐시)}"

.venv/bin/ruff check .
start=$(date +%s)
.venv/bin/python -m pytest tests lectures solutions \
  --nbval-lax --nbval-current-env --nbval-cell-timeout=1800 \
  -p no:cacheprovider -q --durations=15 "$@"
echo "== 전체 테스트 시간: $(( $(date +%s) - start ))초"
