"""Exercises generated from solutions (coursekit.instructor.exercises)."""

import nbformat
import pytest

from coursekit.instructor import exercises, header


def test_strip_solution_keeps_indentation_and_code_around():
    source = (
        "def f(x):\n"
        "    y = 1\n"
        "    ### BEGIN SOLUTION\n"
        "    return x + y\n"
        "    ### END SOLUTION\n"
        "\n"
        "### BEGIN SOLUTION\n"
        "z = f(2)\n"
        "### END SOLUTION\n"
        "print('after')"
    )
    assert exercises.strip_solution(source) == (
        "def f(x):\n"
        "    y = 1\n"
        f"    {exercises.TODO}\n"
        "    raise NotImplementedError\n"
        "\n"
        f"{exercises.TODO}\n"
        "raise NotImplementedError\n"
        "print('after')"
    )


def test_unbalanced_markers_are_an_error():
    with pytest.raises(ValueError, match="짝"):
        exercises.strip_solution("### BEGIN SOLUTION\nx = 1\n")


def test_make_exercise_drops_outputs_and_names_itself():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION")
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]
    cell.execution_count = 3
    nb.cells = [cell]
    ex = exercises.make_exercise(nb, "exercises/99_demo.ipynb")
    assert ex.metadata["coursekit"]["exercise"] == "99_demo"
    body = ex.cells[-1]
    assert body.outputs == [] and body.execution_count is None
    assert "y = 2" not in body.source and "raise NotImplementedError" in body.source
    assert "exercises/99_demo.ipynb" in ex.cells[0].source
    assert header.SETUP_TAG in ex.cells[1].metadata["tags"]
    assert cell.outputs  # the solution itself is untouched
