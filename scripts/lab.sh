#!/usr/bin/env bash
# The run command: set up, then start JupyterLab on lectures/.
# As root (a container, a cloud VM) JupyterLab refuses to start without
# --allow-root; we add it there. Extra arguments go to JupyterLab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${COURSEKIT_DATA:-}" ] && [ -d ../shared/data ]; then
  export COURSEKIT_DATA="$(cd ../shared/data && pwd)"
fi
args=(--ServerApp.root_dir="$PWD" --LabApp.default_url=/lab/tree/lectures)
if [ "${LAB_UID:-$(id -u)}" = 0 ]; then
  echo "== root로 실행 중: JupyterLab에 --allow-root를 붙입니다 (컨테이너·클라우드 VM)."
  args+=(--allow-root)
fi
if [ -n "${LAB_DRY_RUN:-}" ]; then  # for tests: print the command instead of running it
  printf '%s\n' .venv/bin/jupyter lab "${args[@]}" "$@"
  exit 0
fi
exec .venv/bin/jupyter lab "${args[@]}" "$@"
