"""Where a submission runs: a scratch copy of the course and a bare environment.

Each job gets its own copy of the course's files (never ``solutions/``, the
submissions or the report; the grader's own ``coursekit`` when the course has
none), a fresh ``HOME`` and ``TMPDIR``, an ``IPYTHONDIR`` whose start-up file
is the grader's kernel guard (:mod:`coursekit.instructor.kernel_guard`), and
an environment that carries only what a notebook needs (:func:`job_env`).

The scratch root also holds what the jobs must not touch: the template the
jobs are copied from, the grader's files (``grader/``: the nbval recorder, the
kernel guard and a copy of ``coursekit/checks.py`` taken before any job ran)
and the records of every job (``records/``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coursekit.instructor import kernel_guard, nbval_recorder
from coursekit.instructor.watchdog import MARKER_VAR

_SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
              ".ruff_cache", "build", "dist", "node_modules", ".mypy_cache"}
_ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "JAVA_HOME",
             "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "SYSTEMROOT", "COURSEKIT_MODE")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "TF_NUM_INTRAOP_THREADS")


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
        if not (self.template / "coursekit" / "checks.py").is_file():
            own = Path(kernel_guard.__file__).resolve().parents[1]  # this grader's coursekit
            shutil.copytree(own, self.template / "coursekit", symlinks=False,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self.grader = self.root / "grader"
        self.grader.mkdir()
        self.recorder = self.grader / "nbval_recorder.py"
        shutil.copy2(nbval_recorder.__file__, self.recorder)
        self.guard = self.grader / "kernel_guard.py"
        shutil.copy2(kernel_guard.__file__, self.guard)
        self.checks = self.grader / "checks_source.py"
        shutil.copy2(self.template / "coursekit" / "checks.py", self.checks)
        self.records = self.root / "records"
        self.records.mkdir()

    def job(self, number: int) -> Path:
        job = self.root / f"job{number:04d}"
        shutil.copytree(self.template, job / "course", symlinks=True)
        for sub in ("home", "tmp"):
            (job / sub).mkdir()
        startup = job / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        shutil.copy2(self.guard, startup / "00-coursekit-guard.py")
        (job / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        _copy_matplotlib_cache(job / "mplconfig")
        return job

    def guard_key(self, job: Path) -> bytes:
        """A new key for ``job``'s kernel guard, in a file its start-up code reads and deletes."""
        key = secrets.token_bytes(32)
        path = job / "guard.key"
        path.write_bytes(key)
        return key

    def readonly(self, job: Path) -> list[Path]:
        """What the sandbox binds read-only over or next to the job's folder."""
        return [job / "course" / "coursekit", self.grader]

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _copy_matplotlib_cache(target: Path) -> None:
    """Give the job matplotlib's font list, so each kernel does not rebuild it."""
    source = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    target.mkdir(parents=True, exist_ok=True)
    for font_list in source.glob("fontlist-*.json"):
        shutil.copy2(font_list, target)


def job_env(job: Path, course: Path, marker: str, threads: int,
            checks: Path | None = None) -> dict[str, str]:
    """The environment of the nbval process and its kernel: little of the instructor's.

    ``checks``: the grader's copy of ``coursekit/checks.py`` for the kernel guard.
    """
    from coursekit import datasets

    env = {k: os.environ[k] for k in _ENV_KEEP if k in os.environ}
    env.update(
        HOME=str(job / "home"),
        TMPDIR=str(job / "tmp"),
        IPYTHONDIR=str(job / "ipython"),
        COURSEKIT_GUARD_KEY=str(job / "guard.key"),
        COURSEKIT_GUARD_ORIGIN=str(course / "coursekit" / "checks.py"),
        MPLCONFIGDIR=str(job / "mplconfig"),
        PYTHONPATH=str(course),
        COURSEKIT_DATA=str(datasets.cache_dir()),
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        TF_FORCE_GPU_ALLOW_GROWTH="true",
        **{MARKER_VAR: marker},
    )
    env["COURSEKIT_GUARD_CHECKS"] = str(checks or course / "coursekit" / "checks.py")
    env.setdefault("COURSEKIT_MODE", "quick")
    for var in _THREAD_VARS:
        env[var] = os.environ.get(var, str(threads))
    return env
