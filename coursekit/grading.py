"""Grading submitted exercise notebooks: ``python -m coursekit grade``.

``python -m coursekit grade SUBMISSIONS --out report.csv [--timeout SECONDS]
[--cell-timeout SECONDS] [--jobs N] [--course DIR] [--feedback DIR]``

``SUBMISSIONS`` is a folder of ``.ipynb`` files or a CSV of ``(student, link)``
rows (see :mod:`coursekit.submissions`). For each submission the grader

1. reads or downloads the file (``unreachable`` when it cannot), parses and
   sanitizes it (``invalid`` when it is not a notebook), and finds its exercise
   from ``metadata.coursekit.exercise``, the file name, or its check names;
2. restores every check cell (first line ``# CHECK: <name>``) from
   ``solutions/<exercise>.ipynb`` by name: an edited check gets the
   instructor's source back, a deleted one is put back in front of the next
   check the notebook still has, and each restored check first reloads
   ``coursekit.checks`` so that patching it in an earlier cell changes nothing;
3. runs the notebook with ``pytest --nbval-lax --nbval-current-env`` in its own
   process and kernel, inside a scratch copy of the course (the course's files
   without ``solutions/``, the submissions or the report), with a fresh
   ``HOME`` and an environment that carries only what a notebook needs, a time
   limit per cell (``--nbval-cell-timeout``) and one for the whole notebook;
   a watchdog kills the process tree when the notebook runs out of time or its
   kernel dies, and the cells that ran before still count;
4. scores it: a check passes when its cell runs without an error, and the score
   is passed checks / the solution's checks.

Up to ``--jobs`` submissions (default: the usable CPU cores) run at once.
The result is ``report.csv`` (``student, exercise, passed, total, score,
status, detail, source``; status ``ok`` / ``error`` / ``timeout`` / ``invalid``
/ ``unreachable``) and one Markdown feedback file per student listing each
check with the Korean message of the ones that failed.

Status meanings: ``ok`` – the notebook ran to its end (failed checks and
errors in the student's own cells are in the score and the feedback);
``timeout`` – a cell or the whole notebook ran out of time; ``error`` – the
kernel died or the notebook could not be run; ``invalid`` – not a notebook,
or no matching exercise; ``unreachable`` – the link could not be fetched.

This is a fair-play grader, not a security sandbox: student code runs as the
instructor's user and can read what that user can read. Grade untrusted
submissions inside a container or a throwaway VM.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from coursekit import submissions as subs_mod
from coursekit.checks import CHECK_PREFIX, REFERENCE_MARKER
from coursekit.submissions import Submission

STATUSES = ("ok", "error", "timeout", "invalid", "unreachable")
STATUS_KO = {
    "ok": "정상 채점",
    "error": "실행 오류",
    "timeout": "시간 초과",
    "invalid": "노트북 파일 오류",
    "unreachable": "가져올 수 없음",
}
REPORT_COLUMNS = ["student", "exercise", "passed", "total", "score", "status", "detail", "source"]

#: First statement of every restored check cell: the instructor's checks, even
#: if an earlier cell replaced ``checks`` or patched its functions.
GUARD = (
    "import importlib as _ck_importlib; import coursekit.checks as checks; "
    "checks = _ck_importlib.reload(checks)  # 채점기: 원래 검사 함수"
)

#: Marks every process of one grading job, so that leftovers can be found and ended.
MARKER_VAR = "COURSEKIT_GRADE_JOB"
#: How long the kernel may be gone, with cells still to run, before the job is ended.
KERNEL_GRACE_S = 3.0
_POLL_S = 0.25
_SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
              ".ruff_cache", "build", "dist", "node_modules", ".mypy_cache"}
_ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "JAVA_HOME",
             "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "SYSTEMROOT", "COURSEKIT_MODE")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "TF_NUM_INTRAOP_THREADS")

_STOP = threading.Event()


# --------------------------------------------------------------------------- results


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str = ""


@dataclass
class Result:
    """One row of the report (one submission)."""

    student: str
    source: str
    exercise: str = ""
    status: str = "ok"
    detail: str = ""
    total: int = 0
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def score(self) -> float:
        return round(100 * self.passed / self.total, 1) if self.total else 0.0

    def row(self) -> dict:
        return {
            "student": self.student,
            "exercise": self.exercise,
            "passed": self.passed,
            "total": self.total,
            "score": f"{self.score:g}",
            "status": self.status,
            "detail": self.detail,
            "source": self.source,
        }


# --------------------------------------------------------------------------- solutions


def check_name(cell) -> str | None:
    """The name of a check cell (first line ``# CHECK: name``), else ``None``."""
    if cell.get("cell_type") != "code":
        return None
    first = cell.get("source", "").lstrip().split("\n", 1)[0]
    return first[len(CHECK_PREFIX):].strip() if first.startswith(CHECK_PREFIX) else None


@dataclass
class Solution:
    """A solution notebook's check cells, in order."""

    stem: str
    checks: dict[str, nbformat.NotebookNode]


def load_solutions(course: Path) -> dict[str, Solution]:
    out = {}
    for path in sorted((course / "solutions").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        checks = {}
        for cell in nb.cells:
            name = check_name(cell)
            if name is not None and name not in checks:
                checks[name] = cell
        if checks:
            out[path.stem] = Solution(path.stem, checks)
    return out


def identify(nb, filename: str, solutions: dict[str, Solution]) -> str | None:
    """Which exercise a submission is: notebook metadata, file name, then check names."""
    meta = nb.metadata.get("coursekit", {})
    stem = meta.get("exercise") if isinstance(meta, dict) else None
    if stem in solutions:
        return stem
    stem = subs_mod.exercise_from_filename(filename, solutions)
    if stem:
        return stem
    names = {check_name(c) for c in nb.cells} - {None}
    overlap = {s: len(names & set(sol.checks)) for s, sol in solutions.items()}
    best = max(overlap.values(), default=0)
    winners = [s for s, n in overlap.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


# --------------------------------------------------------------------------- preparing


def _restored(solution_cell) -> nbformat.NotebookNode:
    first, _, rest = solution_cell.source.lstrip().partition("\n")
    cell = nbformat.v4.new_code_cell(source=f"{first}\n{GUARD}\n{rest}")
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
    the end. Every restored check starts with :data:`GUARD`.
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


# --------------------------------------------------------------------------- scratch course


def course_files(course: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Files of the course a submission may see, relative to ``course``.

    In a git checkout: tracked and untracked-but-not-ignored files; otherwise
    every file outside caches and virtual environments. Never ``solutions/``,
    nor anything under ``exclude`` (the submissions, the report).
    """
    course = course.resolve()
    rels: list[Path] = []
    if (course / ".git").exists():
        try:
            out = subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=course, capture_output=True, check=True, timeout=60,
            ).stdout.decode("utf-8", "surrogateescape")
            rels = [Path(p) for p in out.split("\0") if p]
        except (OSError, subprocess.SubprocessError):
            rels = []
    if not rels:
        for root, dirs, files in os.walk(course):
            dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
            rels += [(Path(root) / f).relative_to(course) for f in files]
    excluded = [Path(e).resolve() for e in exclude]
    keep = []
    for rel in rels:
        full = course / rel
        if rel.parts[0] == "solutions" or not full.is_file() or full.is_symlink():
            continue
        if any(full == e or e in full.parents for e in excluded):
            continue
        if set(rel.parts) & _SKIP_DIRS:
            continue
        keep.append(rel)
    return sorted(set(keep))


class Scratch:
    """A temporary folder holding a clean copy of the course and one folder per job."""

    def __init__(self, course: Path, exclude: Iterable[Path] = ()):
        self.root = Path(tempfile.mkdtemp(prefix="coursekit-grade-"))
        self.template = self.root / "course"
        for rel in course_files(course, exclude):
            target = self.template / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(course / rel, target)
        self.template.mkdir(exist_ok=True)

    def job(self, number: int) -> Path:
        job = self.root / f"job{number:04d}"
        shutil.copytree(self.template, job / "course", symlinks=True)
        for sub in ("home", "tmp", "plugin"):
            (job / sub).mkdir()
        shutil.copy2(Path(__file__).with_name("grading_recorder.py"), job / "plugin")
        (job / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        _copy_matplotlib_cache(job / "mplconfig")
        return job

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _copy_matplotlib_cache(target: Path) -> None:
    """Give the job matplotlib's font list, so each kernel does not rebuild it."""
    source = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    target.mkdir(parents=True, exist_ok=True)
    for font_list in source.glob("fontlist-*.json"):
        shutil.copy2(font_list, target)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def job_env(job: Path, course: Path, marker: str, threads: int) -> dict[str, str]:
    """The environment of the nbval process and its kernel: little of the instructor's."""
    from coursekit import datasets

    env = {k: os.environ[k] for k in _ENV_KEEP if k in os.environ}
    env.update(
        HOME=str(job / "home"),
        TMPDIR=str(job / "tmp"),
        MPLCONFIGDIR=str(job / "mplconfig"),
        PYTHONPATH=os.pathsep.join([str(course), str(job / "plugin")]),
        COURSEKIT_DATA=str(datasets.cache_dir()),
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        TF_FORCE_GPU_ALLOW_GROWTH="true",
        **{MARKER_VAR: marker},
    )
    env.setdefault("COURSEKIT_MODE", "quick")
    for var in _THREAD_VARS:
        env[var] = os.environ.get(var, str(threads))
    return env


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """What came back from one nbval run."""

    records: dict[int, dict]
    collected: int | None
    killed: str | None  # "timeout" | "kernel" | "stopped" | None
    returncode: int | None
    log_tail: str
    seconds: float


def _read_records(path: Path) -> tuple[int | None, dict[int, dict]]:
    collected, records = None, {}
    if not path.exists():
        return collected, records
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by the kill
        if rec.get("event") == "collected":
            collected = rec.get("cells")
        elif rec.get("event") == "cell" and isinstance(rec.get("cell"), int):
            old = records.get(rec["cell"])
            if old is None or old.get("outcome") != "failed":
                records[rec["cell"]] = rec
    return collected, records


def _kernel_alive(proc) -> bool:
    import psutil

    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        return False
    for child in children:
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                continue
            if any("ipykernel" in part for part in child.cmdline()):
                return True
        except psutil.Error:
            continue
    return False


def kill_job(pid: int | None, marker: str) -> None:
    """End a job's process tree and anything else started with its marker."""
    import psutil

    victims = []
    if pid is not None:
        try:
            parent = psutil.Process(pid)
            victims = [*parent.children(recursive=True), parent]
        except psutil.Error:
            pass
    me = os.getpid()
    for proc in psutil.process_iter():
        if proc.pid == me:
            continue
        try:
            if proc.environ().get(MARKER_VAR) == marker:
                victims.append(proc)
        except psutil.Error:
            continue
    for proc in victims:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(victims, timeout=5)


def run_nbval(notebook: Path, job: Path, env: dict[str, str], *, timeout: float,
              cell_timeout: float) -> Run:
    """Run ``notebook`` through nbval in its own process; never longer than ``timeout``."""
    results, log = job / "results.jsonl", job / "pytest.log"
    cmd = [
        sys.executable, "-m", "pytest", "-p", "nbval.plugin", "-p", "grading_recorder",
        "-p", "no:cacheprovider", "-c", str(job / "pytest.ini"),
        "--rootdir", str(notebook.parent), "-q", "--no-header",
        "--nbval-lax", "--nbval-current-env",
        f"--nbval-cell-timeout={cell_timeout:g}", "--nbval-kernel-startup-timeout=120",
        f"--coursekit-results={results}", str(notebook),
    ]
    start = time.monotonic()
    killed = None
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=notebook.parent, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        kernel_seen, gone_since = False, None
        try:
            while proc.poll() is None:
                time.sleep(_POLL_S)
                if _STOP.is_set():
                    killed = "stopped"
                    break
                if time.monotonic() - start > timeout:
                    killed = "timeout"
                    break
                if _kernel_alive(proc):
                    kernel_seen, gone_since = True, None
                    continue
                collected, records = _read_records(results)
                if (kernel_seen or records) and proc.poll() is None:
                    # No kernel, yet cells have run: it died (or nbval is finishing).
                    gone_since = gone_since or time.monotonic()
                    finished = collected is not None and len(records) >= collected
                    if not finished and time.monotonic() - gone_since > KERNEL_GRACE_S:
                        killed = "kernel"
                        break
        finally:
            kill_job(proc.pid, env[MARKER_VAR])
            proc.wait()
    collected, records = _read_records(results)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""
    return Run(records, collected, killed, proc.returncode, tail, time.monotonic() - start)


# --------------------------------------------------------------------------- scoring

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _is_timeout(rec: dict) -> bool:
    return bool(rec.get("message")) and rec["message"].startswith("Timeout of")


def _is_dead_kernel(rec: dict) -> bool:
    text = f"{rec.get('message') or ''} {rec.get('evalue') or ''}"
    return "Kernel dead" in text or "Failed to interrupt" in text


def describe(rec: dict | None, run: Run, timeout: float, cell_timeout: float) -> str:
    """A Korean one-paragraph reason why a cell did not pass."""
    if rec is None:
        if run.killed == "timeout":
            return f"노트북 전체 시간 제한({timeout:g}초)에 걸려 실행되지 못했습니다."
        if run.killed == "kernel":
            return "커널이 죽어서 실행되지 못했습니다."
        return "실행되지 않았습니다."
    if _is_timeout(rec):
        return f"셀 시간 제한({cell_timeout:g}초)을 넘었습니다. 무한 반복이 없는지 확인하세요."
    if _is_dead_kernel(rec):
        return "커널이 죽어서 실행되지 못했습니다."
    ename, evalue = rec.get("ename"), _ANSI.sub("", rec.get("evalue") or "").strip()
    if ename == "CheckFailed":
        return re.sub(r"^❌\s*[^:\n]*:\s*", "", evalue, count=1)
    if ename == "NotImplementedError":
        return "아직 구현하지 않은 함수가 있습니다 (NotImplementedError). 위의 TODO 셀을 채우세요."
    if ename:
        return f"{ename}: {evalue}" if evalue else ename
    return _ANSI.sub("", rec.get("message") or "알 수 없는 오류").strip().splitlines()[0]


def score(prepared: Prepared, solution: Solution, run: Run, *, timeout: float,
          cell_timeout: float) -> tuple[list[CheckResult], str, str, list[str]]:
    """Checks, status, detail and feedback notes from a run."""
    by_name: dict[str, list[dict | None]] = {name: [] for name in solution.checks}
    for index, name in prepared.checks:
        by_name[name].append(run.records.get(index))
    checks = []
    for name, recs in by_name.items():
        failing = [r for r in recs if r is None or r.get("outcome") != "passed"]
        ok = bool(recs) and not failing
        message = "" if ok else describe(failing[0] if failing else None, run, timeout,
                                         cell_timeout)
        checks.append(CheckResult(name, ok, message))

    code = [c for c in prepared.nb.cells if c.cell_type == "code"]
    check_cells = {i for i, _ in prepared.checks}
    notes = list(prepared.notes)
    cell_errors = 0
    for index, rec in sorted(run.records.items()):
        if index in check_cells or rec.get("outcome") != "failed" or index >= len(code):
            continue
        if _is_timeout(rec) or _is_dead_kernel(rec):
            continue
        cell_errors += 1
        first = code[index].source.strip().split("\n", 1)[0][:60]
        notes.append(f"코드 셀 {index + 1} (`{first}`): "
                     f"{describe(rec, run, timeout, cell_timeout).splitlines()[0][:300]}")

    timed_out = [i for i, r in run.records.items() if _is_timeout(r)]
    dead = [i for i, r in run.records.items() if _is_dead_kernel(r) and not _is_timeout(r)]
    setup_failed = [r for r in run.records.values() if r.get("when") == "setup"]
    if run.killed == "timeout":
        status, detail = "timeout", f"노트북 전체 시간 제한 {timeout:g}초를 넘어 중단했습니다"
        ran = [i for i in run.records]
        if ran and max(ran) + 1 < len(code):
            detail += f" (코드 셀 {max(ran) + 2} 실행 중)"
    elif timed_out:
        status = "timeout"
        detail = f"코드 셀 {min(timed_out) + 1}이(가) 셀 시간 제한 {cell_timeout:g}초를 넘었습니다"
    elif run.killed == "kernel" or dead:
        status = "error"
        where = (min(dead) + 1) if dead else (max(run.records, default=-1) + 2)
        detail = f"커널이 죽었습니다 (코드 셀 {where} 실행 중)"
    elif run.killed == "stopped":
        status, detail = "error", "채점을 중단했습니다"
    elif run.collected is None or setup_failed or (run.returncode not in (0, 1)):
        status = "error"
        last = [ln for ln in _ANSI.sub("", run.log_tail).splitlines() if ln.strip()]
        detail = "노트북을 실행하지 못했습니다" + (f": {last[-1][:200]}" if last else "")
    else:
        status, detail = "ok", ""
    extra = [n.split(":")[0] for n in prepared.notes]
    called = [c.name for c in checks if REFERENCE_MARKER in c.message]
    if called:
        extra.append(f"정답 함수를 불러서 0점 처리한 검사 {len(called)}개: {', '.join(called)}")
    if cell_errors:
        extra.append(f"검사가 아닌 셀 오류 {cell_errors}개")
    if extra:
        detail = "; ".join([d for d in (detail, *extra) if d])
    return checks, status, detail, notes


# --------------------------------------------------------------------------- one submission


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
    jobs = max(1, jobs or _cores())
    scratch = Scratch(course, exclude)
    ctx = _Context(course, solutions, scratch, float(timeout),
                   float(cell_timeout or timeout), threads=max(1, _cores() // jobs))
    results: list[Result | None] = [None] * len(submissions)
    _STOP.clear()
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(_safe_grade_one, i, s, ctx): i for i, s in enumerate(submissions)}
        from tqdm.auto import tqdm

        with tqdm(total=len(futures), desc="채점", unit="개", disable=not progress) as bar:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update()
    except BaseException:
        _STOP.set()
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


# --------------------------------------------------------------------------- output


def write_report(results: list[Result], path: str | os.PathLike) -> None:
    """``report.csv`` (UTF-8 with BOM, so that Excel shows Korean names)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        for result in results:
            writer.writerow(result.row())


def safe_filename(name: str) -> str:
    name = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", name).strip(" .")
    return name[:100] or "이름없음"


def feedback_text(student: str, results: list[Result]) -> str:
    """The Markdown feedback a student reads."""
    lines = [f"# 채점 결과: {student}", ""]
    for r in results:
        title = r.exercise or r.source
        lines.append(f"## {title}: {r.passed}/{r.total} 통과 ({r.score:g}점), "
                     f"{STATUS_KO.get(r.status, r.status)}")
        lines.append("")
        lines.append(f"- 제출물: {r.source}")
        if r.detail:
            lines.append(f"- 상태: {r.detail}")
        lines.append("")
        if r.checks:
            lines.append("### 검사")
            lines.append("")
            for c in r.checks:
                if c.passed:
                    lines.append(f"- ✅ {c.name}")
                else:
                    message = c.message.replace("\n", "\n  ")
                    lines.append(f"- ❌ {c.name}: {message}")
            lines.append("")
        if r.notes:
            lines.append("### 참고")
            lines.append("")
            lines += [f"- {n}" for n in r.notes]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(results: list[Result], folder: str | os.PathLike) -> list[Path]:
    """One ``<student>.md`` per student in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[Result]] = {}
    for r in results:
        by_student.setdefault(r.student, []).append(r)
    written = []
    for student, rows in by_student.items():
        path = folder / f"{safe_filename(student)}.md"
        path.write_text(feedback_text(student, rows), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    from coursekit import course as course_mod

    parser = argparse.ArgumentParser(
        prog="python -m coursekit grade",
        description="제출된 실습 노트북을 nbval로 채점합니다 (폴더 또는 학생,링크 CSV).",
    )
    parser.add_argument("submissions", help=".ipynb 파일 폴더, 또는 (학생, 링크) CSV 파일")
    parser.add_argument("--out", default="report.csv", help="점수표 CSV (기본: report.csv)")
    parser.add_argument("--feedback", default=None,
                        help="학생별 피드백 폴더 (기본: 점수표 이름 + _feedback)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="노트북 하나의 시간 제한, 초 (기본: 600)")
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help="셀 하나의 시간 제한, 초 (기본: --timeout과 같음)")
    parser.add_argument("--jobs", type=int, default=None,
                        help=f"동시에 채점할 노트북 수 (기본: CPU 코어 수 {_cores()})")
    parser.add_argument("--course", default=str(course_mod.ROOT),
                        help="채점에 쓸 강의 저장소 (solutions/가 있는 폴더, 기본: 이 저장소)")
    args = parser.parse_args(argv)

    out = Path(args.out)
    feedback = Path(args.feedback) if args.feedback else out.with_name(out.stem + "_feedback")
    try:
        submissions = subs_mod.collect(args.submissions)
    except (OSError, ValueError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    if not submissions:
        print(f"오류: {args.submissions}에 채점할 제출물이 없습니다.", file=sys.stderr)
        return 2
    exclude = [Path(args.submissions), out, feedback]
    try:
        results = grade(submissions, args.course, timeout=args.timeout,
                        cell_timeout=args.cell_timeout, jobs=args.jobs, exclude=exclude)
    except ValueError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("채점을 중단했습니다.", file=sys.stderr)
        return 130
    write_report(results, out)
    write_feedback(results, feedback)
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    summary = ", ".join(f"{s} {n}" for s, n in counts.items() if n)
    print(f"제출물 {len(results)}개 채점 완료 ({summary})")
    print(f"점수표: {out}")
    print(f"학생별 피드백: {feedback}/")
    return 0
