"""Preparing a submission (coursekit.instructor.prepare): its exercise, the checks put back."""

from __future__ import annotations

from demo_course import CHECKS, STEM, exercise_nb

from coursekit.instructor import prepare
from coursekit.instructor.checkcells import check_name


def test_identify_by_metadata_name_or_checks(course):
    solutions = prepare.load_solutions(course)
    assert list(solutions) == [STEM] and list(solutions[STEM].checks) == CHECKS
    nb = exercise_nb(course)
    assert prepare.identify(nb, "whatever.ipynb", solutions) == STEM
    nb.metadata.pop("coursekit")
    assert prepare.identify(nb, "whatever.ipynb", solutions) == STEM  # by check names
    nb.cells = [c for c in nb.cells if not check_name(c)]
    assert prepare.identify(nb, "whatever.ipynb", solutions) is None
    assert prepare.identify(nb, f"Copy of {STEM}.ipynb", solutions) == STEM

def test_restore_checks_positions_and_guard(course):
    solution = prepare.load_solutions(course)[STEM]
    nb = exercise_nb(course)
    nb.cells = [c for c in nb.cells if check_name(c) != "두 배"]
    for cell in nb.cells:
        if check_name(cell) == "더하기":
            cell.source = "# CHECK: 더하기\npass"
            cell.metadata["tags"] = ["raises-exception"]
    prepared = prepare.restore_checks(nb, solution)
    names = [check_name(c) for c in prepared.nb.cells if check_name(c)]
    assert names == CHECKS
    code = [c for c in prepared.nb.cells if c.cell_type == "code"]
    for index, name in prepared.checks:
        cell = code[index]
        assert check_name(cell) == name
        literal = '"' + name + '"'
        lines = cell.source.split("\n")
        assert lines[1] == prepare.GUARD.format(name=literal)
        assert lines[-1] == prepare.GUARD_END.format(name=literal)
        assert "\n".join(lines[2:-1]) == solution.checks[name].source.split("\n", 1)[1]
        assert "raises-exception" not in cell.metadata.get("tags", [])
    # "두 배" comes back right after the definition of double(), before "빈 목록".
    sources = [c.source for c in code]
    double_def = next(i for i, s in enumerate(sources) if s.startswith("def double"))
    assert check_name(code[double_def + 1]) == "두 배"
    assert prepared.notes and any("지워진" in n for n in prepared.notes)
