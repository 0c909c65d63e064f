"""The recorder's JSON lines read back (coursekit.instructor.nbval_recorder)."""

from __future__ import annotations

import json

from coursekit.instructor.nbval_recorder import read_records


def test_read_records_keeps_failures_and_skips_a_cut_line(tmp_path):
    path = tmp_path / "results.jsonl"
    lines = [{"event": "collected", "cells": 3},
             {"event": "cell", "cell": 0, "when": "call", "outcome": "passed"},
             {"event": "cell", "cell": 1, "when": "call", "outcome": "failed", "ename": "E"},
             {"event": "cell", "cell": 1, "when": "teardown", "outcome": "passed"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + '\n{"event": "cell", "ce',
                    encoding="utf-8")
    collected, records = read_records(path)
    assert collected == 3
    assert sorted(records) == [0, 1] and records[1]["ename"] == "E"
    assert read_records(tmp_path / "missing.jsonl") == (None, {})
