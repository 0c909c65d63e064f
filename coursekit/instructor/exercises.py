"""Exercises from solutions: ``solutions/`` is the single source of truth.

A solution cell marks its answer between ``### BEGIN SOLUTION`` and
``### END SOLUTION``; :func:`make_exercise` replaces each block by ``# TODO``
and ``raise NotImplementedError``, drops all outputs, regenerates the header
cells and records the exercise's name in ``metadata.coursekit.exercise`` (the
grader recognises a submission by it, whatever Colab calls the file).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from coursekit.instructor.header import with_header

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
TODO = "# TODO: 여기에 코드를 작성하세요."

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


def make_exercise(solution_nb, exercise_rel: str) -> nbformat.NotebookNode:
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
