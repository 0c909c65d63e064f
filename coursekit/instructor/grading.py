"""Grading submitted exercise notebooks: ``python -m coursekit grade``.

``SUBMISSIONS`` is a folder of ``.ipynb`` files or a CSV of ``(student, link)``
rows (:mod:`coursekit.instructor.submissions`). For each submission the grader

1. reads or downloads the file (``unreachable`` when it cannot), parses and
   sanitizes it (``invalid`` when it is not a notebook), and finds its exercise
   from ``metadata.coursekit.exercise``, the file name, or its check names;
2. restores every check cell from ``solutions/<exercise>.ipynb`` by name
   (:mod:`coursekit.instructor.prepare`);
3. runs the notebook through nbval in its own process and kernel
   (:mod:`coursekit.instructor.runner`), inside a scratch copy of the course
   with a fresh ``HOME`` and a bare environment
   (:mod:`coursekit.instructor.scratch`), a time limit per cell and one for the
   whole notebook (:mod:`coursekit.instructor.watchdog`); the cells that ran
   before a kill still count;
4. scores it (:mod:`coursekit.instructor.scoring`).

Up to ``jobs`` submissions (default: the usable CPU cores) run at once. The
results become ``report.csv`` and one Markdown feedback file per student
(:mod:`coursekit.instructor.reports`).

This is a fair-play grader, not a security sandbox: student code runs as the
instructor's user and can read what that user can read. Grade untrusted
submissions inside a container or a throwaway VM.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from coursekit.instructor import submissions as subs_mod
from coursekit.instructor import watchdog
from coursekit.instructor.prepare import Solution, identify, load_solutions, restore_checks
from coursekit.instructor.runner import run_nbval
from coursekit.instructor.scoring import Result, score
from coursekit.instructor.scratch import Scratch, job_env
from coursekit.instructor.submissions import Submission


def usable_cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class _Context:
    course: Path
    solutions: dict[str, Solution]
    scratch: Scratch
    timeout: float
    cell_timeout: float
    threads: int
    fetch_timeout: float = 60


def grade_one(number: int, sub: Submission, ctx: _Context) -> Result:
    """Grade one submission; every failure becomes a row, never an exception."""
    result = Result(student=sub.student, source=sub.source)
    try:
        data, filename = subs_mod.load(sub, timeout=ctx.fetch_timeout)
    except subs_mod.FetchError as exc:
        result.status, result.detail = "unreachable", str(exc)
        return result
    try:
        nb = subs_mod.parse(data)
    except subs_mod.InvalidNotebook as exc:
        result.status, result.detail = "invalid", str(exc)
        return result
    stem = identify(nb, filename, ctx.solutions)
    if stem is None:
        result.status = "invalid"
        result.detail = (f"어떤 과제의 노트북인지 알 수 없습니다 (파일 이름: {filename}). "
                         "exercises/의 노트북을 열어 작업했는지 확인하세요.")
        return result
    solution = ctx.solutions[stem]
    result.exercise, result.total = stem, len(solution.checks)
    prepared = restore_checks(nb, solution)
    job = ctx.scratch.job(number)
    try:
        course = job / "course"
        target = course / "exercises" / f"{stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(prepared.nb, str(target))
        marker = uuid.uuid4().hex
        env = job_env(job, course, marker, ctx.threads)
        run = run_nbval(target, job, env, timeout=ctx.timeout, cell_timeout=ctx.cell_timeout)
        result.checks, result.status, result.detail, result.notes = score(
            prepared, solution, run, timeout=ctx.timeout, cell_timeout=ctx.cell_timeout)
    finally:
        shutil.rmtree(job, ignore_errors=True)
    return result


def grade(submissions: list[Submission], course: str | os.PathLike, *, timeout: float = 600,
          cell_timeout: float | None = None, jobs: int | None = None,
          exclude: Iterable[Path] = (), progress: bool = True) -> list[Result]:
    """Grade ``submissions`` against ``course``'s solutions; one Result each, in order."""
    course = Path(course).resolve()
    solutions = load_solutions(course)
    if not solutions:
        raise ValueError(f"{course / 'solutions'}에 검사 셀이 있는 답안 노트북이 없습니다.")
    jobs = max(1, jobs or usable_cores())
    scratch = Scratch(course, exclude)
    ctx = _Context(course, solutions, scratch, float(timeout),
                   float(cell_timeout or timeout), threads=max(1, usable_cores() // jobs))
    results: list[Result | None] = [None] * len(submissions)
    watchdog.STOP.clear()
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(_safe_grade_one, i, s, ctx): i for i, s in enumerate(submissions)}
        with tqdm(total=len(futures), desc="채점", unit="개", disable=not progress) as bar:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update()
    except BaseException:
        watchdog.STOP.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        scratch.cleanup()
    return [r for r in results if r is not None]


def _safe_grade_one(number: int, sub: Submission, ctx: _Context) -> Result:
    try:
        return grade_one(number, sub, ctx)
    except Exception as exc:  # a grader bug must not stop the other submissions
        return Result(sub.student, sub.source, status="error",
                      detail=f"채점기 오류: {type(exc).__name__}: {exc}")
