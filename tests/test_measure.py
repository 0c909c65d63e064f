"""Measuring notebooks in a mode (coursekit.instructor.measure, ``notebooks measure``)."""

from __future__ import annotations

import json

import nbformat
import pytest

from coursekit.instructor import cli, measure


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def two_notebooks(tmp_path):
    good = _notebook(tmp_path / "good.ipynb",
                     "import os\nprint('mode', os.environ.get('COURSEKIT_MODE'))",
                     "print('✔ 확인: one')\nprint('✔ 확인: two')",
                     "print('✘ 맞지 않음: three')")
    bad = _notebook(tmp_path / "bad.ipynb", "x = 1", "raise ValueError('학습 실패')", "print('never')")
    return good, bad


def test_a_failing_notebook_does_not_stop_the_others(two_notebooks, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_MODE", "full")
    good, bad = two_notebooks
    out = tmp_path / "out"
    results = measure.measure_all([bad, good], out)
    assert [r.ok for r in results] == [False, True]
    assert results[0].failed_cell == 1 and "학습 실패" in results[0].error
    assert (results[1].checks_passed, results[1].checks_failed) == (2, 1)
    assert all(r.mode == "full" and r.seconds > 0 and r.gpus == 0 for r in results)
    # the executed copies keep their outputs; the originals stay unexecuted
    executed = nbformat.read(str(out / "good.ipynb"), as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "mode full\n"
    assert not nbformat.read(str(good), as_version=4).cells[0].outputs
    saved = json.loads((out / "measure.json").read_text(encoding="utf-8"))
    assert [r["notebook"] for r in saved["results"]] == ["bad.ipynb", "good.ipynb"]


def test_the_command_fails_when_a_check_fails(two_notebooks, tmp_path, capsys):
    good, _ = two_notebooks
    assert cli.main(["notebooks", "measure", "--out", str(tmp_path / "o"), str(good)]) == 1
    assert "확인 통과 2 / 실패 1" in capsys.readouterr().out
