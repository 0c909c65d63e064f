"""A tiny synthetic course for the grader's tests: one solution with three checks.

``make(root)`` writes ``solutions/90_demo.ipynb``, its generated exercise
(without the setup cell, which imports TensorFlow) and a README.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from coursekit.instructor import exercises, header

v4 = nbformat.v4
STEM = "90_demo"
CHECKS = ["더하기", "두 배", "빈 목록"]


def solution_notebook():
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# 데모 실습"),
        v4.new_code_cell("from coursekit import checks"),
        v4.new_code_cell("def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION"),
        v4.new_code_cell("# CHECK: 더하기\nchecks.check_equal('더하기', checks.call('더하기', add, 2, 3), 5)"),
        v4.new_code_cell("def double(xs):\n    ### BEGIN SOLUTION\n    return [2 * x for x in xs]\n"
                         "    ### END SOLUTION"),
        v4.new_code_cell("# CHECK: 두 배\n"
                         "checks.check_equal('두 배', checks.call('두 배', double, [1, 2]), [2, 4])"),
        v4.new_code_cell("# CHECK: 빈 목록\n"
                         "checks.check_equal('빈 목록', checks.call('빈 목록', double, []), [])"),
    ])


def _without_setup(nb):
    # The generated setup cell imports TensorFlow; grading does not need it and it is slow.
    nb.cells = [c for c in nb.cells if header.SETUP_TAG not in c.metadata.get("tags", [])]
    return nb


def make(root: Path) -> Path:
    (root / "solutions").mkdir()
    (root / "exercises").mkdir()
    sol = solution_notebook()
    exercise = _without_setup(exercises.make_exercise(sol, f"exercises/{STEM}.ipynb"))
    nbformat.write(sol, str(root / "solutions" / f"{STEM}.ipynb"))
    nbformat.write(exercise, str(root / "exercises" / f"{STEM}.ipynb"))
    (root / "README.md").write_text("데모 강의\n", encoding="utf-8")
    return root


def exercise_nb(course: Path):
    return nbformat.read(str(course / "exercises" / f"{STEM}.ipynb"), as_version=4)


def solve(nb, names=("add", "double")):
    """The exercise with the named functions filled in as in the solution."""
    nb = copy.deepcopy(nb)
    answers = {c.source.split("(")[0]: c.source for c in solution_notebook().cells
               if c.cell_type == "code" and c.source.startswith("def ")}
    for cell in nb.cells:
        key = cell.source.split("(")[0]
        if key in answers and key.split()[1] in names:
            cell.source = answers[key]
    return nb


def colab_style(nb) -> dict:
    """What Colab saves: nbformat 4.0 without cell ids, and widgets without 'state'."""
    raw = json.loads(nbformat.writes(nb))
    raw["nbformat_minor"] = 0
    for cell in raw["cells"]:
        cell.pop("id", None)
    raw["metadata"].pop("coursekit", None)
    raw["metadata"]["colab"] = {"provenance": [], "name": f"Copy of {STEM}.ipynb"}
    raw["metadata"]["accelerator"] = "GPU"
    raw["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "4f1c9a": {"model_module": "@jupyter-widgets/controls", "model_name": "HBoxModel",
                   "model_module_version": "1.5.0", "state": {}}}}
    return raw
