"""The workbook's notebooks (coursekit.instructor.notebooks): lectures/, solutions/ and
exercises/ are in sync, executed, with their header cells, and every check fails unsolved."""

import os
import re

import pytest
from nbclient import NotebookClient

from coursekit.checks import REFERENCE_MARKER
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
            # a clean Korean ❌ line (no raw NotImplementedError traceback), also for later checks
            assert errors[0].ename == "CheckFailed", f"{cell.source.splitlines()[0]}: {errors[0].ename}"
            assert errors[0].traceback[0].startswith("❌"), errors[0].traceback


@pytest.mark.parametrize("path", [p for p in SOLUTIONS if not p.name.startswith("08")],
                         ids=lambda p: notebooks.relpath(p))
def test_every_check_prints_one_line_on_the_solution(path):
    for name, cell in _check_cells(notebooks.read(path)):
        lines = [ln for o in cell.outputs if o.output_type == "stream" for ln in o.text.splitlines()]
        marks = [ln for ln in lines if ln.startswith(("✅", "❌"))]
        assert marks == [m for m in marks if m.startswith(f"✅ {name}: 통과")] and len(marks) == 1, (name, lines)


def _check_cells(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(CHECK_PREFIX):
            yield cell.source.splitlines()[0][len(CHECK_PREFIX):].strip(), cell


def test_exercises_import_no_reference_implementation():
    """Exercises 01-07 import only checks, data and helpers, never a module that computes their answers."""
    reference = re.compile(r"(from coursekit(\.\w+)? import .*\b(ngram|NgramLM|context_windows|word2vec|cbow_examples|"
                           r"skipgram_pairs|softmax_word2vec|negative_sampling|corpus_vocab|glove|elmo|hangul|nnlm)\b)"
                           r"|(import coursekit\.(ngram|context_windows|word2vec|softmax_word2vec|negative_sampling|"
                           r"corpus_vocab|glove|elmo|hangul|nnlm))|정답 확인용")
    for path in EXERCISES:
        if path.name.startswith("08"):
            continue  # the homework uses the trainers on purpose
        for cell in notebooks.read(path).cells:
            if cell.cell_type == "code":
                assert not reference.search(cell.source), f"{path.name}: {cell.source.splitlines()[0]}"


def test_a_submission_that_calls_the_reference_gets_no_marks_for_that_problem(tmp_path):
    """Exercise 03 with problem 1 answered by calling coursekit and problem 2 solved honestly."""
    import nbformat

    from coursekit.instructor import grading, reports
    from coursekit.instructor.submissions import Submission

    nb = notebooks.read(course.ROOT / "exercises" / "03_word2vec.ipynb")
    for cell in nb.cells:
        if cell.source.startswith("def make_cbow_dataset"):
            cell.source = ("from coursekit.context_windows import cbow_examples as helper\n\n\n"
                           "def make_cbow_dataset(tokens, window):\n    return helper(tokens, window)")
        elif cell.source.startswith("def make_skipgram_pairs"):  # honest, and not built on problem 1
            cell.source = ("def make_skipgram_pairs(tokens, window):\n"
                           "    return [(c, tokens[j]) for i, c in enumerate(tokens)\n"
                           "            for j in range(max(0, i - window), min(len(tokens), i + window + 1)) if j != i]")
    # The setup cell (TensorFlow start-up) and the later problems are not needed here.
    nb.cells = [c for c in nb.cells if header.SETUP_TAG not in c.metadata.get("tags", [])][:8]
    sub = tmp_path / "student.ipynb"
    nbformat.write(nb, str(sub))
    [result] = grading.grade([Submission("student", str(sub), path=sub)], course.ROOT, timeout=300,
                             jobs=1, progress=False, exclude=[tmp_path])
    checks = {c.name: c for c in result.checks}
    assert checks["Skip-gram 데이터셋"].passed
    cbow = checks["CBOW 데이터셋"]
    assert not cbow.passed and REFERENCE_MARKER in cbow.message and "cbow_examples" in cbow.message
    assert "정답 함수를 불러서 0점" in result.detail and "CBOW 데이터셋" in result.detail
    assert REFERENCE_MARKER in reports.feedback_text("student", [result])


def test_slide_probabilities_are_nbval_checked():
    nb = notebooks.read(course.ROOT / "lectures" / "01_language_model.ipynb")
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    text = "".join(o.get("text", "") for c in checked for o in c.outputs)
    for line in ("P(I | <s>) = 2/3", "P(Sam | <s>) = 1/3", "P(am | I) = 2/3",
                 "P(</s> | Sam) = 1/2", "P(Sam | am) = 1/2", "P(do | I) = 1/3"):
        assert line in text
