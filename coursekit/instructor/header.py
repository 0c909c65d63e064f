"""The two generated cells every notebook starts with.

* the "Open in Colab" badge (tag ``colab-badge``), whose address comes from
  :func:`coursekit.instructor.course.colab_url`;
* the setup cell (tag ``setup``) that installs coursekit and a Korean font in
  Colab, does nothing locally, and prints the mode and the device.
"""

from __future__ import annotations

import copy

import nbformat

from coursekit.instructor import course

BADGE_TAG = "colab-badge"
SETUP_TAG = "setup"

SETUP_SOURCE = '''# 준비 셀: Colab에서는 coursekit과 빠진 패키지만 설치합니다(TensorFlow·numpy 등 Colab에 있는 것은 그대로).
# 다시 시작할 필요가 없습니다. 로컬에서는 아무것도 설치하지 않습니다.
import importlib.util
import subprocess
import sys

if "google.colab" in sys.modules:
    if importlib.util.find_spec("coursekit") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "{pip_spec}"], check=True)
        importlib.invalidate_caches()
    from coursekit import colab

    colab.prepare()  # 빠진 의존 패키지(설치된 패키지는 버전 고정), konlpy용 JAVA_HOME

import coursekit

coursekit.setup()  # 난수 고정, 한글 글꼴, 모드와 장치 출력'''


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def badge_cell(relpath: str) -> nbformat.NotebookNode:
    url = course.colab_url(relpath)
    cell = nbformat.v4.new_markdown_cell(
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"
    )
    cell.metadata["tags"] = [BADGE_TAG]
    return cell


def setup_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(SETUP_SOURCE.format(pip_spec=course.pip_spec()))
    cell.metadata["tags"] = [SETUP_TAG]
    return cell


def with_header(nb, rel: str) -> nbformat.NotebookNode:
    """Return ``nb`` with its badge and setup cells regenerated (outputs of setup kept)."""
    nb = copy.deepcopy(nb)
    body = [c for c in nb.cells if not ({BADGE_TAG, SETUP_TAG} & set(_tags(c)))]
    old_setup = next((c for c in nb.cells if SETUP_TAG in _tags(c)), None)
    badge, setup = badge_cell(rel), setup_cell()
    old_badge = next((c for c in nb.cells if BADGE_TAG in _tags(c)), None)
    if old_badge is not None and "id" in old_badge:
        badge["id"] = old_badge["id"]
    if old_setup is not None:
        if "id" in old_setup:
            setup["id"] = old_setup["id"]
        if old_setup.source == setup.source:
            setup.outputs = old_setup.get("outputs", [])
            setup.execution_count = old_setup.get("execution_count")
    nb.cells = [badge, setup, *body]
    return nb
