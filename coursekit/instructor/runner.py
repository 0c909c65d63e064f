"""Running one prepared submission through nbval, in its own process and kernel.

``pytest --nbval-lax --nbval-current-env`` runs the notebook with a time limit
per cell; :mod:`coursekit.instructor.nbval_recorder` writes each cell's
verdict as it finishes, and :mod:`coursekit.instructor.watchdog` enforces the
limit for the whole notebook and the memory cap, and ends the job when its
kernel dies. The command runs inside the job's sandbox
(:mod:`coursekit.instructor.sandbox`); the recorder's results file and the
guard's settings live outside it and reach pytest as open file descriptors.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from coursekit.instructor import nbval_recorder, watchdog
from coursekit.instructor.sandbox import Sandbox

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
    killed: str | None  # "timeout" | "memory" | "kernel" | "stopped" | None
    returncode: int | None
    log_tail: str
    seconds: float


def run_nbval(notebook: Path, job: Path, env: dict[str, str], *, timeout: float,
              cell_timeout: float, sandbox: Sandbox | None = None, records: Path | None = None,
              recorder: Path | None = None, guard: dict | None = None,
              readonly: Iterable[Path] = (), memory: int | None = None,
              started: Callable[[int], None] | None = None,
              spawn_lock: threading.Lock | None = None) -> Run:
    """Run ``notebook`` through nbval in its own process; never longer than ``timeout``.

    ``records``: where the recorder's results go (outside the sandbox; default
    in ``job``); ``recorder``: the recorder's file as the sandbox sees it;
    ``guard``: ``{"key": hex, "checks": {code cell index: check name}}``;
    ``started``: called with the process id once the job runs, under ``spawn_lock``
    together with the start itself.
    """
    sandbox = sandbox or Sandbox("none")
    results = records if records and sandbox.kind != "container" else job / "results.jsonl"
    log = job.parent / f"{job.name}.log" if records else job / "pytest.log"
    fds: list[int] = []
    results_fd = os.open(results, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    fds.append(results_fd)
    extra = [f"--coursekit-results-fd={results_fd}"]
    if guard is not None:
        read_end, write_end = os.pipe()
        data = json.dumps(guard).encode()
        if len(data) > 60000:
            raise ValueError("guard settings too large for a pipe")
        os.write(write_end, data)
        os.close(write_end)
        fds.append(read_end)
        extra.append(f"--coursekit-guard-fd={read_end}")
    if sandbox.kind == "container":  # descriptors do not cross into a container
        for fd in fds:
            os.close(fd)
        fds, extra = [], [f"--coursekit-results={results}"]
    cmd = [
        sys.executable, "-c", _PYTEST_WITH_RECORDER, str(recorder or nbval_recorder.__file__),
        "-p", "nbval.plugin", "-p", "no:cacheprovider", "-c", str(job / "pytest.ini"),
        "--rootdir", str(notebook.parent), "-q", "--no-header",
        "--nbval-lax", "--nbval-current-env",
        f"--nbval-cell-timeout={cell_timeout:g}", "--nbval-kernel-startup-timeout=120",
        *extra, str(notebook),
    ]
    cmd = sandbox.wrap(cmd, job, cwd=notebook.parent, readonly=readonly, env=env, memory=memory)
    start = time.monotonic()
    try:
        with open(log, "wb") as out:
            with spawn_lock or contextlib.nullcontext():
                proc = subprocess.Popen(cmd, cwd=notebook.parent, env=env, stdout=out,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, pass_fds=fds)
                if started is not None:
                    started(proc.pid)
            for fd in fds:
                os.close(fd)
            fds = []
            killed = watchdog.watch(proc, results, start=start, timeout=timeout,
                                    marker=env[watchdog.MARKER_VAR], memory=memory)
    finally:
        for fd in fds:
            os.close(fd)
    collected, found = nbval_recorder.read_records(results)
    tail = _tail(log)
    return Run(found, collected, killed, proc.returncode, tail, time.monotonic() - start)


def _tail(log: Path, size: int = 3000) -> str:
    if not log.exists():
        return ""
    with open(log, "rb") as f:
        f.seek(max(0, log.stat().st_size - size))
        return f.read().decode("utf-8", errors="replace")
