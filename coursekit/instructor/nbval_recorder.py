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
"ename": ..., "evalue": ..., "message": ...}``.

:func:`read_records` reads such a file back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def pytest_addoption(parser) -> None:
    parser.addoption("--coursekit-results", default=None, help="JSON-lines file for cell results")


def _write(config, record: dict) -> None:
    path = config.getoption("coursekit_results")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


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
    for out in getattr(item, "test_outputs", None) or []:
        if out.get("output_type") == "error":
            record["ename"] = out.get("ename")
            record["evalue"] = out.get("evalue")
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
