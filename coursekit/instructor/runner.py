"""Running one prepared submission through nbval, in its own process and kernel.

``pytest --nbval-lax --nbval-current-env`` runs the notebook with a time limit
per cell; :mod:`coursekit.instructor.nbval_recorder` writes each cell's
verdict as it finishes, and :mod:`coursekit.instructor.watchdog` enforces the
limit for the whole notebook and ends the job when its kernel dies.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from coursekit.instructor import nbval_recorder, watchdog

#: ``python -c`` program: pytest with the recorder loaded from the grader's own
#: file (given as the first argument), not from the job's ``coursekit``.
_PYTEST_WITH_RECORDER = (
    "import importlib.util, sys, pytest; "
    "spec = importlib.util.spec_from_file_location('coursekit_nbval_recorder', sys.argv.pop(1)); "
    "recorder = importlib.util.module_from_spec(spec); spec.loader.exec_module(recorder); "
    "sys.exit(pytest.main(sys.argv[1:], plugins=[recorder]))"
)


@dataclass
class Run:
    """What came back from one nbval run."""

    records: dict[int, dict]
    collected: int | None
    killed: str | None  # "timeout" | "kernel" | "stopped" | None
    returncode: int | None
    log_tail: str
    seconds: float


def run_nbval(notebook: Path, job: Path, env: dict[str, str], *, timeout: float,
              cell_timeout: float) -> Run:
    """Run ``notebook`` through nbval in its own process; never longer than ``timeout``."""
    results, log = job / "results.jsonl", job / "pytest.log"
    cmd = [
        sys.executable, "-c", _PYTEST_WITH_RECORDER, nbval_recorder.__file__,
        "-p", "nbval.plugin", "-p", "no:cacheprovider", "-c", str(job / "pytest.ini"),
        "--rootdir", str(notebook.parent), "-q", "--no-header",
        "--nbval-lax", "--nbval-current-env",
        f"--nbval-cell-timeout={cell_timeout:g}", "--nbval-kernel-startup-timeout=120",
        f"--coursekit-results={results}", str(notebook),
    ]
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=notebook.parent, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        killed = watchdog.watch(proc, results, start=start, timeout=timeout,
                                marker=env[watchdog.MARKER_VAR])
    collected, records = nbval_recorder.read_records(results)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""
    return Run(records, collected, killed, proc.returncode, tail, time.monotonic() - start)
