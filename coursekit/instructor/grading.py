"""Grading submitted exercise notebooks: ``python -m coursekit grade``.

``SUBMISSIONS`` is a folder of notebook files or a CSV of ``(student, link)``
rows (:mod:`coursekit.instructor.submissions`). For each submission the grader

1. reads or downloads the file (``unreachable`` when it cannot; ``invalid``
   when it is over the size limit), parses and sanitizes it (``invalid`` when
   it is not a notebook), and finds its exercise from
   ``metadata.coursekit.exercise``, the file name, or its check names;
2. restores every check cell from ``solutions/<exercise>.ipynb`` by name
   (:mod:`coursekit.instructor.prepare`);
3. runs the notebook through nbval in its own process and kernel
   (:mod:`coursekit.instructor.runner`), inside a scratch copy of the course
   with a fresh ``HOME`` and a bare environment
   (:mod:`coursekit.instructor.scratch`), in a sandbox where one is available
   (:mod:`coursekit.instructor.sandbox`: bubblewrap or a container; without
   one the grader says so, loudly, once), with a time limit per cell (by
   default a fifth of the notebook's), one for the whole notebook and a memory
   cap (:mod:`coursekit.instructor.watchdog`); the cells that ran before a
   kill still count;
4. scores it (:mod:`coursekit.instructor.scoring`).

Up to ``jobs`` submissions (default: the usable CPU cores) run at once. When a
student (same key) handed in the same exercise more than once, one
submission counts (:func:`mark_resubmissions`: the latest by default) and the
others are marked. The results become ``report.csv`` and one Markdown
feedback file per student (:mod:`coursekit.instructor.reports`), written by
the caller after every job has ended.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from tqdm.auto import tqdm

from coursekit.instructor import course as course_mod
from coursekit.instructor import sandbox as sandbox_mod
from coursekit.instructor import submissions as subs_mod
from coursekit.instructor import watchdog
from coursekit.instructor.prepare import Solution, identify, load_solutions, restore_checks
from coursekit.instructor.runner import run_nbval
from coursekit.instructor.scoring import Result, score
from coursekit.instructor.scratch import Scratch, job_env
from coursekit.instructor.submissions import Submission

#: Which of a student's submissions of one exercise counts.
KEEP = ("latest", "first", "best")
#: The cell limit, unless given: this fraction of the notebook's.
CELL_FRACTION = 5


def usable_cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def default_memory(jobs: int) -> int:
    """The memory cap per submission: 80% of this machine's memory shared by ``jobs``, at most 8 GB."""
    total = psutil.virtual_memory().total
    return int(min(8 * 2**30, 0.8 * total / max(1, jobs)))


@dataclass
class _Context:
    course: Path
    solutions: dict[str, Solution]
    scratch: Scratch
    timeout: float
    cell_timeout: float
    threads: int
    fetch_timeout: float = 60
    sandbox: sandbox_mod.Sandbox = field(default_factory=sandbox_mod.Sandbox)
    memory: int | None = None
    active: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    since: float = field(default_factory=time.time)


def grade_one(number: int, sub: Submission, ctx: _Context) -> Result:
    """Grade one submission; every failure becomes a row, never an exception."""
    result = Result(student=sub.student, source=sub.source, student_id=sub.student_id,
                    submitted=sub.submitted, order=sub.order)
    if sub.skipped:
        result.status, result.detail, result.counts = "skipped", sub.skipped, False
        return result
    try:
        data, filename = subs_mod.load(sub, timeout=ctx.fetch_timeout)
    except subs_mod.TooLarge as exc:
        result.status, result.detail = "invalid", str(exc)
        return result
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
    pids: list[int] = []
    try:
        course = job / "course"
        target = course / "exercises" / f"{stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(prepared.nb, str(target))
        marker = uuid.uuid4().hex
        env = job_env(job, course, marker, ctx.threads, checks=ctx.scratch.checks)
        key = ctx.scratch.guard_key(job)
        guard = {"key": key.hex(), "checks": {str(i): name for i, name in prepared.checks}}
        run = run_nbval(target, job, env, timeout=ctx.timeout, cell_timeout=ctx.cell_timeout,
                        sandbox=ctx.sandbox, records=ctx.scratch.records / f"{job.name}.jsonl",
                        recorder=ctx.scratch.recorder, guard=guard,
                        readonly=ctx.scratch.readonly(job), memory=ctx.memory,
                        started=lambda pid: (pids.append(pid), ctx.active.add(pid)),
                        spawn_lock=ctx.lock)
        result.checks, result.status, result.detail, result.notes = score(
            prepared, solution, run, timeout=ctx.timeout, cell_timeout=ctx.cell_timeout,
            memory=ctx.memory)
    finally:
        with ctx.lock:  # no job starts meanwhile, so every unknown child is an orphan
            ctx.active.difference_update(pids)
            if not ctx.sandbox.isolated:
                watchdog.kill_orphans(keep=set(ctx.active), since=ctx.since)
        shutil.rmtree(job, ignore_errors=True)
    return result


def _hidden_paths(course: Path, exclude: Iterable[Path]) -> list[Path]:
    """What a submission must not see: the course, this grader's repository (and the one an
    editable install points at), the instructor's home, the submissions and the report."""
    paths = [course, course_mod.ROOT, Path.home(), *[Path(e).resolve() for e in exclude]]
    try:
        from importlib.metadata import distribution

        direct = json.loads(distribution("coursekit").read_text("direct_url.json") or "{}")
        url = direct.get("url", "")
        if url.startswith("file://") and direct.get("dir_info", {}).get("editable"):
            paths.append(Path(url[len("file://"):]))
    except Exception:  # no metadata: nothing more to hide
        pass
    return paths


def _exposed_paths() -> list[Path]:
    """What a submission's Python needs even under a hidden folder (read-only)."""
    from coursekit import datasets

    paths = [*sandbox_mod.python_paths(), datasets.cache_dir()]
    if os.environ.get("JAVA_HOME"):
        paths.append(Path(os.environ["JAVA_HOME"]))
    return paths


def mark_resubmissions(results: list[Result], keep: str = "latest") -> None:
    """Set ``counts`` so that one submission per student and exercise counts.

    ``keep``: ``latest`` (by the submission time, then ``order``: the row, or
    how new the file is),
    ``first`` or ``best`` (highest score, then latest). A row whose exercise is
    unknown (unreachable, invalid) belongs to the student's only exercise
    when there is one. The others get ``counts = False`` and a note.
    """
    if keep not in KEEP:
        raise ValueError(f"--keep는 {', '.join(KEEP)} 중 하나여야 합니다: {keep}")
    graded = [(i, r) for i, r in enumerate(results) if r.status != "skipped"]
    exercises: dict[str, set[str]] = {}
    for _, r in graded:
        if r.exercise:
            exercises.setdefault(r.student_id or r.student, set()).add(r.exercise)
    groups: dict[tuple[str, str], list[tuple[int, Result]]] = {}
    for i, r in graded:
        key = r.student_id or r.student
        known = exercises.get(key, set())
        exercise = r.exercise or (next(iter(known)) if len(known) == 1 else "")
        groups.setdefault((key, exercise), []).append((i, r))
    for rows in groups.values():
        if len(rows) < 2:
            continue

        def when(item: tuple[int, Result]) -> tuple[str, int, int]:
            return (item[1].submitted, item[1].order, item[0])

        if keep == "latest":
            chosen = max(rows, key=when)
        elif keep == "first":
            chosen = min(rows, key=when)
        else:
            chosen = max(rows, key=lambda item: (item[1].score, when(item)))
        for item in rows:
            r = item[1]
            r.counts = item is chosen
            other = chosen[1]
            what = f"{other.source}" + (f", {other.submitted}" if other.submitted else "")
            note = (f"재제출 {len(rows)}개 중 이 제출물을 반영합니다 ({keep})" if r.counts
                    else f"재제출: 반영되지 않음, 반영된 제출물은 {what} ({keep})")
            r.detail = "; ".join(d for d in (note, r.detail) if d)


def grade(submissions: list[Submission], course: str | os.PathLike, *, timeout: float = 600,
          cell_timeout: float | None = None, jobs: int | None = None,
          exclude: Iterable[Path] = (), progress: bool = True,
          sandbox: str | sandbox_mod.Sandbox = "auto", memory: int | None = None,
          keep: str = "latest") -> list[Result]:
    """Grade ``submissions`` against ``course``'s solutions; one Result each, in order.

    ``cell_timeout`` defaults to ``timeout`` / :data:`CELL_FRACTION`; ``memory``
    (bytes) to :func:`default_memory`; ``sandbox`` is a kind of
    :data:`coursekit.instructor.sandbox.KINDS` or a ready Sandbox; ``keep`` is
    passed to :func:`mark_resubmissions`. ``exclude``: paths (submissions,
    report) neither copied into the scratch course nor visible in the sandbox.
    """
    course = Path(course).resolve()
    solutions = load_solutions(course)
    if not solutions:
        raise ValueError(f"{course / 'solutions'}에 검사 셀이 있는 답안 노트북이 없습니다.")
    if keep not in KEEP:
        raise ValueError(f"--keep는 {', '.join(KEEP)} 중 하나여야 합니다: {keep}")
    jobs = max(1, jobs or usable_cores())
    box = sandbox if isinstance(sandbox, sandbox_mod.Sandbox) else sandbox_mod.choose(sandbox)
    exclude = list(exclude)
    box.hide = [*box.hide, *_hidden_paths(course, exclude)]
    box.expose = [*box.expose, *_exposed_paths()]
    sandbox_mod.warn_unsandboxed(box)
    scratch = Scratch(course, exclude)
    box.scratch = scratch.root
    ctx = _Context(course, solutions, scratch, float(timeout),
                   float(cell_timeout or timeout / CELL_FRACTION),
                   threads=max(1, usable_cores() // jobs), sandbox=box,
                   memory=default_memory(jobs) if memory is None else (memory or None))
    reaping = not box.isolated and watchdog.become_subreaper(True)
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
        if not box.isolated:
            watchdog.kill_orphans(keep=set(), since=ctx.since)
        if reaping:
            watchdog.become_subreaper(False)
        scratch.cleanup()
    done = [r for r in results if r is not None]
    mark_resubmissions(done, keep)
    return done


def _safe_grade_one(number: int, sub: Submission, ctx: _Context) -> Result:
    try:
        return grade_one(number, sub, ctx)
    except Exception as exc:  # a grader bug must not stop the other submissions
        return Result(sub.student, sub.source, status="error", student_id=sub.student_id,
                      submitted=sub.submitted, order=sub.order,
                      detail=f"채점기 오류: {type(exc).__name__}: {exc}")
