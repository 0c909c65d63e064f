"""The workbook's notebooks (coursekit.instructor.notebooks): lectures/, solutions/ and
exercises/ are in sync, executed, with their header cells, and every check fails unsolved."""

import os

import pytest
from nbclient import NotebookClient

from coursekit.instructor import course, header, notebooks
from coursekit.instructor.checkcells import CHECK_PREFIX, check_cells, check_name
from coursekit.instructor.exercises import BEGIN

LECTURES = notebooks.notebooks("lectures")
SOLUTIONS = notebooks.notebooks("solutions")
EXERCISES = notebooks.notebooks("exercises")


def test_nothing_is_stale():
    assert notebooks.stale() == []


def test_every_solution_has_an_exercise_with_checks():
    assert {p.name for p in SOLUTIONS} == {p.name for p in EXERCISES}
    for path in SOLUTIONS:
        nb = notebooks.read(path)
        assert check_cells(nb), f"{path.name}: no '{CHECK_PREFIX}' cells"
        assert any(BEGIN in c.source for c in nb.cells), f"{path.name}: no solution block"


@pytest.mark.parametrize("path", LECTURES + SOLUTIONS + EXERCISES, ids=lambda p: notebooks.relpath(p))
def test_header_cells(path):
    nb = notebooks.read(path)
    badge, setup = nb.cells[0], nb.cells[1]
    assert course.colab_url(notebooks.relpath(path)) in badge.source
    assert setup.source == header.setup_cell().source
    assert course.pip_spec() in setup.source


@pytest.mark.parametrize("path", LECTURES + SOLUTIONS, ids=lambda p: notebooks.relpath(p))
def test_lectures_and_solutions_are_committed_executed(path):
    code = [c for c in notebooks.read(path).cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "run 'python -m coursekit notebooks execute'"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [o.text for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not any("absl" in t or "cuInit" in t for t in stderr), "TensorFlow start-up noise in outputs"
    mode_lines = [o.text for o in code[0].outputs if o.output_type == "stream" and o.name == "stdout"]
    assert any("모드: quick" in t for t in mode_lines), "the setup cell must print the mode (quick)"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: notebooks.relpath(p))
def test_exercises_are_committed_without_outputs(path):
    assert all(not c.get("outputs") for c in notebooks.read(path).cells if c.cell_type == "code")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: notebooks.relpath(p))
def test_every_check_fails_on_the_unsolved_exercise(path):
    nb = notebooks.read(path)
    os.environ.setdefault("COURSEKIT_MODE", "quick")
    NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    assert check_cells(nb)
    for cell in nb.cells:
        if check_name(cell) is not None:
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors, f"check passed on the unsolved exercise: {cell.source.splitlines()[0]}"
            passed = [o for o in cell.outputs if o.output_type == "stream" and "통과" in o.text]
            assert not passed, f"a check printed '통과' on the unsolved exercise: {cell.source.splitlines()[0]}"


def test_slide_probabilities_are_nbval_checked():
    nb = notebooks.read(course.ROOT / "lectures" / "01_language_model.ipynb")
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    text = "".join(o.get("text", "") for c in checked for o in c.outputs)
    for line in ("P(I | <s>) = 2/3", "P(Sam | <s>) = 1/3", "P(am | I) = 2/3",
                 "P(</s> | Sam) = 1/2", "P(Sam | am) = 1/2", "P(do | I) = 1/3"):
        assert line in text
