#!/usr/bin/env bash
# Set up everything the course needs on a machine with Python >= 3.10 and pip:
# a virtual environment in .venv, coursekit with all extras (.[all]: the instructor
# extra for notebook tooling and grading, plus JupyterLab and ruff), a Jupyter kernel,
# and (where we are root and apt exists) the NanumGothic font and bubblewrap (the grader's sandbox).
# Safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
  echo "== 가상환경 만들기: $VENV"
  "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.coursekit-installed"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== coursekit과 의존 패키지 설치 (tensorflow, gensim, konlpy, nbval, jupyterlab, ...)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[all]"
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (coursekit)" >/dev/null
  echo "$want" > "$stamp"
fi

# Korean font for matplotlib. coursekit also ships NanumGothic through the
# koreanize-matplotlib wheel, so this is a convenience, not a requirement.
if ! fc-list 2>/dev/null | grep -qi nanum; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== 한글 글꼴 설치 (fonts-nanum)"
    (apt-get update -qq && apt-get install -y -qq fonts-nanum fontconfig >/dev/null) \
      || echo "   fonts-nanum 설치 실패: koreanize-matplotlib의 나눔고딕을 씁니다."
  fi
fi

# bubblewrap: the sandbox each graded submission runs in (coursekit.instructor.sandbox).
# Without it the grader still works but warns, once per run, that it runs unsandboxed
# (and the sandbox tests are skipped). A failed install must not stop the setup.
if ! command -v bwrap >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== 채점 샌드박스 설치 (bubblewrap)"
    (apt-get install -y -qq bubblewrap >/dev/null 2>&1 \
      || (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null)) \
      || echo "   bubblewrap 설치 실패: 채점기는 샌드박스 없이 (경고와 함께) 돕니다."
  else
    echo "== bubblewrap이 없습니다: 채점 샌드박스를 쓰려면 'sudo apt-get install bubblewrap'"
  fi
fi
