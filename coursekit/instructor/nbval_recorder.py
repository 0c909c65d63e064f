"""pytest plugin that records nbval's verdict on every cell, one JSON line each.

The grader's runner (:mod:`coursekit.instructor.runner`) loads this module
from its own file into the pytest process that runs a submission through
nbval, so the recorder always matches the grader, whatever copy of
``coursekit`` the graded course puts on the job's path; for the same reason it
imports nothing from coursekit. Lines are appended and flushed as cells
finish, so a run the grader has to kill (time limit, dead kernel) still leaves
the verdicts of the cells that ran:

``{"event": "collected", "cells": N}`` once, then per code cell
``{"event": "cell", "cell": i, "when": "call", "outcome": "passed"|"failed"|"skipped",
"ename": ..., "evalue": ..., "message": ..., "guard": true|false}`` (texts cut
to :data:`MAX_TEXT` characters; ``guard`` only for check cells).

The grader hands the records file over as an open file descriptor
(``--coursekit-results-fd``) and the guard's settings (the per-run key and
which cells are checks) as another (``--coursekit-guard-fd``), so that the
kernel, a child of this process, cannot reach either: the descriptors are
not inherited, and this process makes itself non-dumpable, which closes its
``/proc`` entries to the (capability-less) kernel in the sandbox. A check cell
passes only when its output holds the line that
:mod:`coursekit.instructor.kernel_guard` prints at its end
(``coursekit-guard:<HMAC of the check name>``).

:func:`read_records` reads such a file back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest

#: Longest error text kept per cell (a 5 MB exception message becomes this much).
MAX_TEXT = 2000
_STATE: dict = {"out": None, "key": None, "checks": {}}


def pytest_addoption(parser) -> None:
    parser.addoption("--coursekit-results", default=None, help="JSON-lines file for cell results")
    parser.addoption("--coursekit-results-fd", type=int, default=None,
                     help="open file descriptor for the cell results")
    parser.addoption("--coursekit-guard-fd", type=int, default=None,
                     help="open file descriptor with the guard's key and check cells (JSON)")


def _no_dump() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except (OSError, AttributeError):
        pass


def pytest_configure(config) -> None:
    fd = config.getoption("coursekit_results_fd")
    if fd is not None:
        os.set_inheritable(fd, False)
        _STATE["out"] = os.fdopen(fd, "a", encoding="utf-8")
        _no_dump()
    guard = config.getoption("coursekit_guard_fd")
    if guard is not None:
        with os.fdopen(guard, encoding="utf-8") as f:
            settings = json.load(f)
        _STATE["key"] = bytes.fromhex(settings["key"])
        _STATE["checks"] = {int(k): v for k, v in settings["checks"].items()}


def guard_tag(key: bytes, name: str) -> str:
    """What :mod:`coursekit.instructor.kernel_guard` prints at the end of check ``name``."""
    return "coursekit-guard:" + hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _cut(text):
    if isinstance(text, str) and len(text) > MAX_TEXT:
        return text[:MAX_TEXT] + f"… ({len(text) - MAX_TEXT}자 생략)"
    return text


def _write(config, record: dict) -> None:
    line = json.dumps(record, ensure_ascii=False) + "\n"
    if _STATE["out"] is not None:
        _STATE["out"].write(line)
        _STATE["out"].flush()
        return
    path = config.getoption("coursekit_results")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)


def pytest_collection_finish(session) -> None:
    _write(session.config, {"event": "collected", "cells": len(session.items)})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" and not report.failed:
        return
    record = {
        "event": "cell",
        "cell": getattr(item, "cell_num", None),
        "when": report.when,
        "outcome": report.outcome,
        "ename": None,
        "evalue": None,
        "message": None,
    }
    if call.excinfo is not None:
        exc = call.excinfo.value
        record["message"] = str(exc.args[0]) if getattr(exc, "args", None) else repr(exc)
        if not hasattr(exc, "cell_num"):  # not an nbval cell error: nbval or pytest itself
            record["ename"] = type(exc).__name__
            record["evalue"] = str(exc)
    outputs = getattr(item, "test_outputs", None) or []
    for out in outputs:
        if out.get("output_type") == "error":
            record["ename"] = out.get("ename")
            record["evalue"] = out.get("evalue")
    for k in ("ename", "evalue", "message"):
        record[k] = _cut(record[k])
    name = _STATE["checks"].get(record["cell"])
    if name is not None and report.when == "call":
        tag = guard_tag(_STATE["key"], name)
        record["guard"] = any(out.get("output_type") == "stream" and tag in (out.get("text") or "")
                              for out in outputs)
    _write(item.config, record)


def read_records(path: Path) -> tuple[int | None, dict[int, dict]]:
    """``(cells collected or None, {code cell index: record})``; a failure is never overwritten."""
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
