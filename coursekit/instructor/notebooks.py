"""The workbook's notebook files: listing, reading, writing, keeping them in sync.

Every notebook in ``lectures/`` and ``solutions/`` carries the generated
header cells (:mod:`coursekit.instructor.header`), and ``exercises/`` is
generated from ``solutions/`` (:mod:`coursekit.instructor.exercises`).
:func:`sync` rewrites what is out of date; :func:`stale` lists it (a test
fails on it). Re-execution is :mod:`coursekit.instructor.execute`.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from coursekit.instructor import course
from coursekit.instructor.exercises import make_exercise
from coursekit.instructor.header import with_header


def notebooks(kind: str) -> list[Path]:
    """The notebooks of ``lectures``, ``solutions`` or ``exercises``, sorted."""
    return sorted((course.ROOT / kind).glob("*.ipynb"))


def read(path: str | os.PathLike) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb, path: str | os.PathLike) -> None:
    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def relpath(path: str | os.PathLike) -> str:
    return Path(path).resolve().relative_to(course.ROOT).as_posix()


def _same(a, b) -> bool:
    def norm(nb):
        cells = [
            (c.cell_type, c.source, c.get("outputs", None) if c.cell_type == "code" else None)
            for c in nb.cells
        ]
        return cells, nb.metadata.get("coursekit")

    return norm(a) == norm(b)


def expected_exercise(solution_path: Path) -> nbformat.NotebookNode:
    rel = f"exercises/{solution_path.name}"
    return make_exercise(read(solution_path), rel)


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
