#!/usr/bin/env bash
# Benchmark coursekit's trainers against gensim (see bench/README.md;
# python -m coursekit bench is coursekit/instructor/bench.py).
# Usage: bash bench/run.sh [sgns|cbow|fasttext] [CORPUS] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
algo=${1:-sgns}
corpus=${2:-${COURSEKIT_DATA:-../shared/data}/en/en8}
epochs=${3:-5}
export TF_CPP_MIN_LOG_LEVEL=2
echo "== $(date -u '+%Y-%m-%d %H:%M UTC') | $(uptime)"
.venv/bin/python -m coursekit bench "$algo" --corpus "$corpus" --epochs "$epochs" --no-progress
