"""Notebook machinery: standard first cells, exercises from solutions, execution.

* Every notebook begins with two generated cells: the "Open in Colab" badge
  (tag ``colab-badge``) and the setup cell (tag ``setup``) that installs
  coursekit and a Korean font in Colab, does nothing locally, and prints the
  mode and the device.
* ``solutions/`` is the single source of truth for exercises. A solution cell
  marks its answer between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
  :func:`make_exercise` replaces each block by ``# TODO`` and
  ``raise NotImplementedError`` and drops all outputs.
* :func:`sync` rewrites the header cells and ``exercises/``; :func:`stale`
  lists what is out of date (a test fails on it); :func:`execute` re-runs
  lectures and solutions in place in quick mode.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from coursekit import course

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
TODO = "# TODO: 여기에 코드를 작성하세요."
BADGE_TAG = "colab-badge"
SETUP_TAG = "setup"

SETUP_SOURCE = '''# 준비 셀: Colab에서는 coursekit과 한글 글꼴(나눔고딕)을 설치합니다. 로컬에서는 설치하지 않습니다.
import subprocess
import sys

if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{pip_spec}"], check=True)
    subprocess.run("apt-get -qq install -y fonts-nanum > /dev/null", shell=True, check=False)

import coursekit

coursekit.setup()  # 난수 고정, 한글 글꼴, 모드와 장치 출력'''


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def badge_cell(relpath: str):
    url = course.colab_url(relpath)
    cell = nbformat.v4.new_markdown_cell(
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"
    )
    cell.metadata["tags"] = [BADGE_TAG]
    return cell


def setup_cell():
    cell = nbformat.v4.new_code_cell(SETUP_SOURCE.format(pip_spec=course.pip_spec()))
    cell.metadata["tags"] = [SETUP_TAG]
    return cell


def relpath(path: str | os.PathLike) -> str:
    return Path(path).resolve().relative_to(course.ROOT).as_posix()


def with_header(nb, rel: str):
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


_BLOCK = re.compile(
    rf"^(?P<indent>[ \t]*){re.escape(BEGIN)}[^\n]*\n(?P<body>.*?)^[ \t]*{re.escape(END)}[^\n]*(\n|$)",
    re.DOTALL | re.MULTILINE,
)


def strip_solution(source: str) -> str:
    """Replace every BEGIN/END SOLUTION block of a code cell by a TODO stub."""
    if BEGIN not in source:
        return source
    if source.count(BEGIN) != source.count(END):
        raise ValueError(f"'{BEGIN}'와 '{END}'의 짝이 맞지 않습니다:\n{source}")

    def stub(match: re.Match) -> str:
        indent = match.group("indent")
        return f"{indent}{TODO}\n{indent}raise NotImplementedError\n"

    return _BLOCK.sub(stub, source).rstrip("\n")


def make_exercise(solution_nb, exercise_rel: str):
    """The exercise notebook generated from a solution notebook."""
    nb = with_header(solution_nb, exercise_rel)
    # The grader recognises a submission by this name, whatever Colab calls the file.
    nb.metadata["coursekit"] = {"exercise": Path(exercise_rel).stem}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source)
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return nb


def notebooks(kind: str) -> list[Path]:
    return sorted((course.ROOT / kind).glob("*.ipynb"))


def read(path: str | os.PathLike):
    return nbformat.read(str(path), as_version=4)


def write(nb, path: str | os.PathLike) -> None:
    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _same(a, b) -> bool:
    def norm(nb):
        cells = [
            (c.cell_type, c.source, c.get("outputs", None) if c.cell_type == "code" else None)
            for c in nb.cells
        ]
        return cells, nb.metadata.get("coursekit")

    return norm(a) == norm(b)


def expected_exercise(solution_path: Path):
    rel = f"exercises/{solution_path.name}"
    return make_exercise(read(solution_path), rel)


def check_cells(nb) -> dict[str, str]:
    """``{name: source}`` of the check cells (first line ``# CHECK: name``)."""
    from coursekit.checks import CHECK_PREFIX

    out = {}
    for cell in nb.cells:
        first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "code" else ""
        if first.startswith(CHECK_PREFIX):
            out[first[len(CHECK_PREFIX):].strip()] = cell.source
    return out


def stale() -> list[str]:
    """Notebooks whose header or generated exercise is out of date."""
    out = []
    for kind in ("lectures", "solutions"):
        for path in notebooks(kind):
            nb = read(path)
            if not _same(nb, with_header(nb, relpath(path))):
                out.append(f"{relpath(path)}: 머리 셀(배지/준비 셀)이 최신이 아닙니다")
    solutions = {p.name for p in notebooks("solutions")}
    for path in notebooks("solutions"):
        target = course.ROOT / "exercises" / path.name
        if not target.exists():
            out.append(f"exercises/{path.name}: 없습니다")
        elif not _same(read(target), expected_exercise(path)):
            out.append(f"exercises/{path.name}: solutions/{path.name}과 맞지 않습니다")
    for path in notebooks("exercises"):
        if path.name not in solutions:
            out.append(f"{relpath(path)}: 짝이 되는 solutions/ 노트북이 없습니다")
    return out


def sync() -> list[str]:
    """Rewrite header cells of lectures/solutions and regenerate exercises/. Returns what changed."""
    changed = []
    for kind in ("lectures", "solutions"):
        for path in notebooks(kind):
            nb = read(path)
            new = with_header(nb, relpath(path))
            if not _same(nb, new):
                write(new, path)
                changed.append(relpath(path))
    (course.ROOT / "exercises").mkdir(exist_ok=True)
    for path in notebooks("solutions"):
        target = course.ROOT / "exercises" / path.name
        new = expected_exercise(path)
        if not target.exists() or not _same(read(target), new):
            write(new, target)
            changed.append(relpath(target))
    return changed


def execute(paths: Iterable[str | os.PathLike], timeout: int = 1200) -> None:
    """Execute notebooks in place, in quick mode, with this Python as the kernel."""
    from nbclient import NotebookClient

    os.environ["COURSEKIT_MODE"] = os.environ.get("COURSEKIT_MODE", "quick")
    # Committed outputs must keep their figures: the kernel inherits this variable, and a
    # headless backend (MPLBACKEND=Agg, as the tests set it) would drop every image.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for path in paths:
        path = Path(path).resolve()
        nb = read(path)
        print(f"실행 중: {relpath(path)}", flush=True)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        write(nb, path)
