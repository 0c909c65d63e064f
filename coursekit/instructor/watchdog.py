"""The watchdog of a grading job: time and memory limits, dead kernels, leftover processes.

:func:`watch` polls a running nbval process until it ends, the notebook runs
out of time, its processes together use more memory (resident set) than the
job's cap, its kernel dies with cells still to run, or grading is stopped
(:data:`STOP`); then :func:`kill_job` ends the process tree and anything else
started with the job's marker (:data:`MARKER_VAR` in its environment).

Inside the bubblewrap sandbox a job's processes live in their own pid
namespace and end with it. Without a sandbox, :func:`become_subreaper` makes
the grader adopt the processes a job orphans (double fork, ``setsid``), and
:func:`kill_orphans` ends them.
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


def job_memory(proc) -> int:
    """Resident memory (bytes) of ``proc`` and all its descendants."""
    try:
        root = psutil.Process(proc.pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def become_subreaper(on: bool = True) -> bool:
    """Make this process adopt orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1 if on else 0, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def kill_orphans(keep: set[int], since: float) -> None:
    """End the children of this process started since ``since`` (epoch seconds) that are not
    in ``keep``: with :func:`become_subreaper`, the orphans a job left behind."""
    try:
        children = psutil.Process().children()
    except psutil.Error:
        return
    victims = []
    for child in children:
        try:
            if child.pid not in keep and child.create_time() >= since - 1:
                victims.append(child)
        except psutil.Error:
            continue
    for proc in victims:
        for p in [*_descendants(proc), proc]:
            try:
                p.kill()
            except psutil.Error:
                pass
    psutil.wait_procs(victims, timeout=5)


def _descendants(proc) -> list:
    try:
        return proc.children(recursive=True)
    except psutil.Error:
        return []


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


def watch(proc, results: Path, *, start: float, timeout: float, marker: str,
          memory: int | None = None) -> str | None:
    """Wait for ``proc``; why it was ended early or None.

    The reasons: ``timeout``, ``memory`` (more than ``memory`` bytes resident),
    ``kernel`` (died), ``stopped`` (grading interrupted).

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
            if memory and job_memory(proc) > memory:
                killed = "memory"
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
