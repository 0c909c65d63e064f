"""The watchdog of a grading job: time limits, dead kernels, leftover processes.

:func:`watch` polls a running nbval process until it ends, the notebook runs
out of time, its kernel dies with cells still to run, or grading is stopped
(:data:`STOP`); then :func:`kill_job` ends the process tree and anything else
started with the job's marker (:data:`MARKER_VAR` in its environment).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import psutil

from coursekit.instructor.nbval_recorder import read_records

#: Marks every process of one grading job, so that leftovers can be found and ended.
MARKER_VAR = "COURSEKIT_GRADE_JOB"
#: How long the kernel may be gone, with cells still to run, before the job is ended.
KERNEL_GRACE_S = 3.0
POLL_S = 0.25
#: Set to stop every running job (grading was interrupted).
STOP = threading.Event()


def kernel_alive(proc) -> bool:
    """Whether an ipykernel runs among ``proc``'s descendants."""
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


def watch(proc, results: Path, *, start: float, timeout: float, marker: str) -> str | None:
    """Wait for ``proc``; why it was ended early (``timeout``/``kernel``/``stopped``) or None.

    ``results`` is the recorder's file: a kernel that is gone while cells are
    still to run has died. The job's processes are ended in every case.
    """
    killed = None
    kernel_seen, gone_since = False, None
    try:
        while proc.poll() is None:
            time.sleep(POLL_S)
            if STOP.is_set():
                killed = "stopped"
                break
            if time.monotonic() - start > timeout:
                killed = "timeout"
                break
            if kernel_alive(proc):
                kernel_seen, gone_since = True, None
                continue
            collected, records = read_records(results)
            if (kernel_seen or records) and proc.poll() is None:
                # No kernel, yet cells have run: it died (or nbval is finishing).
                gone_since = gone_since or time.monotonic()
                finished = collected is not None and len(records) >= collected
                if not finished and time.monotonic() - gone_since > KERNEL_GRACE_S:
                    killed = "kernel"
                    break
    finally:
        kill_job(proc.pid, marker)
        proc.wait()
    return killed
