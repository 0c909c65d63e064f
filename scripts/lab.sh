#!/usr/bin/env bash
# The run command: set up, then start JupyterLab on lectures/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${COURSEKIT_DATA:-}" ] && [ -d ../shared/data ]; then
  export COURSEKIT_DATA="$(cd ../shared/data && pwd)"
fi
exec .venv/bin/jupyter lab --ServerApp.root_dir="$PWD" --LabApp.default_url=/lab/tree/lectures "$@"
