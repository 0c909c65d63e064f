"""Preparing a submission: which exercise it is, with the instructor's checks put back.

The solutions' check cells (:mod:`coursekit.instructor.checkcells`) are the
reference: :func:`identify` finds a submission's exercise, and
:func:`restore_checks` replaces every check cell by the solution's (an edited
check gets the instructor's source back, a deleted one is put back in front of
the next check the notebook still has), each wrapped by :func:`guarded`.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from coursekit.instructor.checkcells import check_cells, check_name
from coursekit.instructor.submissions import exercise_from_filename

#: First statement of every restored check cell (``{name}``: the check's name as a
#: Python literal): the instructor's checks, even if an earlier cell replaced
#: ``checks``, patched its functions or ``importlib.reload``
#: (:mod:`coursekit.instructor.kernel_guard`).
GUARD = "checks = __coursekit_guard__.begin({name})  # 채점기: 원래 검사 함수"
#: Last statement: the proof, checked outside the kernel, that the cell ran to its end.
GUARD_END = "__coursekit_guard__.end({name})  # 채점기: 검사 완료 표시"


def guarded(name: str, body: str) -> str:
    """A check cell's source: its ``# CHECK:`` line, :data:`GUARD`, the body, :data:`GUARD_END`."""
    literal = json.dumps(name, ensure_ascii=False)
    return "\n".join([f"# CHECK: {name}", GUARD.format(name=literal), body.rstrip(),
                      GUARD_END.format(name=literal)])


@dataclass
class Solution:
    """A solution notebook's check cells, in order."""

    stem: str
    checks: dict[str, nbformat.NotebookNode]


def load_solutions(course: Path) -> dict[str, Solution]:
    """``{stem: Solution}`` of the solution notebooks in ``course/solutions`` that have checks."""
    out = {}
    for path in sorted((course / "solutions").glob("*.ipynb")):
        checks = check_cells(nbformat.read(str(path), as_version=4))
        if checks:
            out[path.stem] = Solution(path.stem, checks)
    return out


def identify(nb, filename: str, solutions: dict[str, Solution]) -> str | None:
    """Which exercise a submission is: notebook metadata, file name, then check names."""
    meta = nb.metadata.get("coursekit", {})
    stem = meta.get("exercise") if isinstance(meta, dict) else None
    if stem in solutions:
        return stem
    stem = exercise_from_filename(filename, solutions)
    if stem:
        return stem
    names = {check_name(c) for c in nb.cells} - {None}
    overlap = {s: len(names & set(sol.checks)) for s, sol in solutions.items()}
    best = max(overlap.values(), default=0)
    winners = [s for s, n in overlap.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _restored(solution_cell) -> nbformat.NotebookNode:
    _, _, rest = solution_cell.source.lstrip().partition("\n")
    cell = nbformat.v4.new_code_cell(source=guarded(check_name(solution_cell), rest))
    cell.metadata = copy.deepcopy(solution_cell.get("metadata", {}))
    cell.metadata.pop("execution", None)
    return cell


@dataclass
class Prepared:
    """A submission ready to run: its notebook and where the checks are."""

    nb: nbformat.NotebookNode
    checks: list[tuple[int, str]]  # (index among code cells, check name)
    notes: list[str] = field(default_factory=list)


def restore_checks(nb, solution: Solution) -> Prepared:
    """Replace each check cell by the solution's and put deleted ones back.

    A check cell the student changed gets the solution's source back; one the
    student deleted (or renamed, or turned into text) is inserted in front of
    the next check, in solution order, that the notebook still has, else at
    the end. Every restored check is wrapped by :func:`guarded`.
    """
    nb = copy.deepcopy(nb)
    order = list(solution.checks)
    present, edited, cells = set(), [], []
    for cell in nb.cells:
        name = check_name(cell)
        if name in solution.checks:
            if cell.source.strip() != solution.checks[name].source.strip():
                edited.append(name)
            present.add(name)
            cells.append(_restored(solution.checks[name]))
        else:
            cells.append(cell)
    missing = [name for name in order if name not in present]
    for name in missing:
        pos = len(cells)
        for later in order[order.index(name) + 1:]:
            found = next((i for i, c in enumerate(cells) if check_name(c) == later), None)
            if found is not None:
                pos = found
                break
        cells.insert(pos, _restored(solution.checks[name]))
    nb.cells = cells
    notes = []
    if edited:
        notes.append(f"수정된 검사 셀 {len(edited)}개를 원래대로 되돌려 실행했습니다: {', '.join(edited)}")
    if missing:
        notes.append(f"지워진 검사 셀 {len(missing)}개를 되살려 실행했습니다: {', '.join(missing)}")
    code = [c for c in cells if c.cell_type == "code"]
    checks = [(i, check_name(c)) for i, c in enumerate(code) if check_name(c) in solution.checks]
    return Prepared(nb, checks, notes)
