"""Tests of the grader (coursekit.instructor.grading) end to end, all offline.

The demo course of ``demo_course.py`` (one solution notebook with three
``# CHECK:`` cells and its generated exercise) stands in for the real one;
submissions are written into a folder, or served from a local HTTP server on
127.0.0.1 that stands in for Google Drive (``submissions.url_rewriter`` maps
Drive download URLs to it). Two grading runs through the command line (a
folder and a CSV of links) cover every status.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import http.server
import json
import re
import threading
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from demo_course import CHECKS, STEM, colab_style, exercise_nb, solve

from coursekit.instructor import checkcells, cli, reports, scoring, submissions

v4 = nbformat.v4


def grade(*args: str) -> int:
    return cli.main(["grade", *args])


def insert_after_check(nb, name: str, *sources: str):
    nb = copy.deepcopy(nb)
    at = next(i for i, c in enumerate(nb.cells) if checkcells.check_name(c) == name) + 1
    nb.cells[at:at] = [v4.new_code_cell(s) for s in sources]
    return nb


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def read_report(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


# --------------------------------------------------------------------------- folder run

TIMEOUT, CELL_TIMEOUT = 20, 6


@pytest.fixture(scope="module")
def folder_run(course, tmp_path_factory):
    """Grade one folder holding every kind of submission, two at a time."""
    work = tmp_path_factory.mktemp("folder")
    subs = work / "subs"
    subs.mkdir()
    ex = exercise_nb(course)
    solved = solve(ex)
    add_only = solve(ex, names=("add",))

    def write(name, nb):
        path = subs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))

    write("solved.ipynb", solved)
    write("unsolved.ipynb", ex)
    # An infinite loop: the cell limit interrupts it, the checks after it still run.
    write("hang.ipynb", insert_after_check(solved, "더하기", "while True:\n    pass"))
    # Slow cells add up past the notebook limit: killed, the check before them counts.
    write("slow.ipynb", insert_after_check(solved, "더하기", *["import time\ntime.sleep(4)"] * 6))
    (subs / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    # A student who turns every check into `pass` ...
    edited = copy.deepcopy(ex)
    for cell in edited.cells:
        if checkcells.check_name(cell):
            cell.source = cell.source.split("\n")[0] + "\npass"
    # ... and patches the check functions right after importing them.
    imports = next(i for i, c in enumerate(edited.cells) if "import checks" in c.source)
    edited.cells.insert(imports + 1, v4.new_code_cell(
        "checks.check_equal = lambda *a, **k: None\nchecks.call = lambda *a, **k: None"))
    write("edited.ipynb", edited)
    deleted = copy.deepcopy(add_only)
    deleted.cells = [c for c in deleted.cells if not checkcells.check_name(c)]
    write("deleted.ipynb", deleted)
    (subs / "park").mkdir()
    (subs / "park" / f"Copy of {STEM}.ipynb").write_text(
        json.dumps(colab_style(solved), ensure_ascii=False), encoding="utf-8")
    write("crash.ipynb", insert_after_check(
        solved, "더하기",
        "import os, pathlib, shutil\nshutil.rmtree(pathlib.Path.cwd().parent)\nos._exit(1)"))

    before = tree_digest(course)
    out = work / "report.csv"
    start = time.monotonic()
    rc = grade(str(subs), "--out", str(out), "--course", str(course),
               "--timeout", str(TIMEOUT), "--cell-timeout", str(CELL_TIMEOUT), "--jobs", "2")
    elapsed = time.monotonic() - start
    return {"rc": rc, "rows": read_report(out), "feedback": work / "report_feedback",
            "before": before, "after": tree_digest(course), "elapsed": elapsed}


def test_report_has_one_row_per_submission(folder_run):
    assert folder_run["rc"] == 0
    assert set(folder_run["rows"]) == {"solved", "unsolved", "hang", "slow", "broken", "edited",
                                       "deleted", "park", "crash"}
    for row in folder_run["rows"].values():
        assert list(row) == reports.REPORT_COLUMNS
        assert row["status"] in scoring.STATUSES


def test_solved_scores_100(folder_run):
    row = folder_run["rows"]["solved"]
    assert (row["exercise"], row["passed"], row["total"], row["score"], row["status"]) == (
        STEM, "3", "3", "100", "ok")


def test_unsolved_exercise_scores_0_with_korean_feedback(folder_run):
    row = folder_run["rows"]["unsolved"]
    assert (row["passed"], row["total"], row["score"], row["status"]) == ("0", "3", "0", "ok")
    text = (folder_run["feedback"] / "unsolved.md").read_text(encoding="utf-8")
    for name in CHECKS:  # the message names the unfinished function
        assert re.search(rf"❌ {re.escape(name)}: `\w+` 함수를 아직 구현하지 않았습니다", text), name


def test_infinite_loop_hits_the_cell_limit_and_the_rest_still_runs(folder_run):
    row = folder_run["rows"]["hang"]
    assert row["status"] == "timeout"
    assert f"셀 시간 제한 {CELL_TIMEOUT}초" in row["detail"]
    assert row["passed"] == "3"


def test_notebook_limit_kills_the_run_and_keeps_earlier_checks(folder_run):
    row = folder_run["rows"]["slow"]
    assert row["status"] == "timeout"
    assert f"전체 시간 제한 {TIMEOUT}초" in row["detail"]
    assert (row["passed"], row["total"]) == ("1", "3")
    text = (folder_run["feedback"] / "slow.md").read_text(encoding="utf-8")
    assert "✅ 더하기" in text and "❌ 두 배: 노트북 전체 시간 제한" in text


def test_slow_notebooks_do_not_hold_up_the_others(folder_run):
    # 9 submissions, two at a time; the slow one alone takes TIMEOUT seconds.
    assert folder_run["elapsed"] < 4 * TIMEOUT


def test_invalid_json_is_invalid(folder_run):
    row = folder_run["rows"]["broken"]
    assert row["status"] == "invalid" and "JSON" in row["detail"]
    assert row["score"] == "0" and row["exercise"] == ""


def test_edited_checks_and_patched_check_functions_gain_nothing(folder_run):
    row = folder_run["rows"]["edited"]
    assert (row["passed"], row["total"], row["status"]) == ("0", "3", "ok")
    assert "수정된 검사 셀 3개" in row["detail"] and "셀 오류" not in row["detail"]


def test_deleted_checks_are_put_back_where_they_belong(folder_run):
    row = folder_run["rows"]["deleted"]
    # add() is solved, double() is not: the restored checks run after each definition.
    assert (row["passed"], row["total"]) == ("1", "3")
    assert "지워진 검사 셀 3개" in row["detail"]


def test_colab_notebook_with_stateless_widgets_is_accepted(folder_run):
    row = folder_run["rows"]["park"]
    assert (row["exercise"], row["score"], row["status"]) == (STEM, "100", "ok")


def test_dead_kernel_is_an_error_and_the_course_is_untouched(folder_run):
    row = folder_run["rows"]["crash"]
    assert row["status"] == "error" and "커널이 죽었습니다" in row["detail"]
    assert row["passed"] == "1"
    # The notebook deleted its whole scratch course: the real one is intact.
    assert folder_run["after"] == folder_run["before"]


# --------------------------------------------------------------------------- link run


class _Drive(http.server.BaseHTTPRequestHandler):
    files: dict[str, tuple[bytes, str, str | None]] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        key = urllib.parse.urlsplit(self.path).path.strip("/")
        if key not in self.files:
            self.send_error(404)
            return
        body, ctype, filename = self.files[key]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if filename:
            # As Drive does: an ASCII fallback and the real (UTF-8) name, RFC 5987.
            quoted = urllib.parse.quote(filename)
            self.send_header("Content-Disposition",
                             f"attachment; filename=\"notebook.ipynb\"; filename*=UTF-8''{quoted}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def drive(course):
    solved = json.loads(nbformat.writes(solve(exercise_nb(course))))
    solved["metadata"].pop("coursekit")  # identified by the file name Drive sends
    _Drive.files = {
        "1KimSolvedNotebook0": (json.dumps(solved).encode(), "application/octet-stream",
                                f"{STEM}.ipynb의 사본.ipynb"),
        "1ChoiLoginPage00000": (b"<!DOCTYPE html><html>login</html>", "text/html", None),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_links_are_fetched_and_unreachable_ones_get_their_row(course, drive, tmp_path,
                                                              monkeypatch):
    def to_local(url):
        file_id = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["id"][0]
        if file_id == "1ClosedPort00000000":
            return "http://127.0.0.1:9/nothing"
        return f"{drive}/{file_id}"

    monkeypatch.setattr(submissions, "url_rewriter", to_local)
    table = tmp_path / "links.csv"
    table.write_text(
        "타임스탬프,이름,Colab 링크\n"
        "2024-03-01,김,https://colab.research.google.com/drive/1KimSolvedNotebook0#scrollTo=x\n"
        "2024-03-01,이,https://drive.google.com/file/d/1LeeMissingFile000/view?usp=sharing\n"
        "2024-03-01,최,https://drive.google.com/open?id=1ChoiLoginPage00000\n"
        "2024-03-01,정,https://drive.google.com/open?id=1ClosedPort00000000\n"
        "2024-03-01,한,\n",
        encoding="utf-8-sig")
    out = tmp_path / "report.csv"
    assert grade(str(table), "--out", str(out), "--course", str(course),
                 "--timeout", "60") == 0
    rows = read_report(out)
    assert (rows["김"]["exercise"], rows["김"]["score"], rows["김"]["status"]) == (STEM, "100", "ok")
    assert rows["이"]["status"] == "unreachable" and "404" in rows["이"]["detail"]
    assert rows["최"]["status"] == "unreachable" and "공유 설정" in rows["최"]["detail"]
    assert rows["정"]["status"] == "unreachable"
    assert rows["한"]["status"] == "unreachable"
    feedback = (tmp_path / "report_feedback" / "이.md").read_text(encoding="utf-8")
    assert "가져올 수 없음" in feedback and "404" in feedback


def test_grade_refuses_an_empty_folder(course, tmp_path, capsys):
    assert grade(str(tmp_path), "--out", str(tmp_path / "r.csv"), "--course", str(course)) == 2
    assert "제출물이 없습니다" in capsys.readouterr().err
