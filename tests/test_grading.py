"""Tests of the grader (coursekit.instructor.grading) end to end, all offline.

The demo course of ``demo_course.py`` (one solution notebook with three
``# CHECK:`` cells and its generated exercise) stands in for the real one;
submissions are written into a folder, or served from a local HTTP server on
127.0.0.1 that stands in for Google Drive (``submissions.url_rewriter`` maps
Drive download URLs to it). Grading runs through the command line (a folder,
a CSV of links, and, where bubblewrap works, a folder of hostile submissions)
cover every status. The notebooks are tiny: a run's time is kernel start-ups.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import http.server
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
from demo_course import CHECKS, STEM, colab_style, exercise_nb, solve

from coursekit.instructor import checkcells, cli, reports, sandbox, scoring, submissions

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


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_report(path: Path) -> dict[str, dict]:
    """Rows by source (file path or link): unique even when students share a name."""
    return {row["source"]: row for row in read_rows(path)}


def after_def_double(nb, *sources: str):
    """``nb`` with code cells inserted right after the definition of ``double``."""
    nb = copy.deepcopy(nb)
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("def double")) + 1
    nb.cells[at:at] = [v4.new_code_cell(s) for s in sources]
    return nb


def after_imports(nb, *sources: str):
    """``nb`` with code cells inserted right after the cell that imports the checks."""
    nb = copy.deepcopy(nb)
    at = next(i for i, c in enumerate(nb.cells) if "import checks" in c.source) + 1
    nb.cells[at:at] = [v4.new_code_cell(s) for s in sources]
    return nb


BWRAP = sandbox.choose("auto").kind == "bwrap"
needs_bwrap = pytest.mark.skipif(
    not BWRAP, reason="bubblewrap이 없거나 동작하지 않습니다 (scripts/setup.sh가 설치합니다)")

# --------------------------------------------------------------------------- folder run

#: The notebook limit; the cell limit is left at its default (a fifth: 4 s).
TIMEOUT = 20
CELL_TIMEOUT = TIMEOUT / 5
#: A token only the orphan daemon of the folder run carries on its command line.
ORPHAN_SLEEP = f"{900 + uuid.uuid4().int % 1000}.{os.getpid() % 97}"


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
    # An infinite loop with the default cell limit: it costs that cell, the checks after it run.
    write("hang.ipynb", insert_after_check(solved, "더하기", "while True:\n    pass"))
    # Slow cells add up past the notebook limit: killed, the check before them counts.
    write("slow.ipynb", insert_after_check(solved, "더하기", *["import time\ntime.sleep(2.5)"] * 9))
    (subs / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    # Colab's and Drive's copy names, with and without the .ipynb suffix.
    colab = json.dumps(colab_style(solved), ensure_ascii=False)
    (subs / "kwon").mkdir()
    (subs / "kwon" / f"{STEM}.ipynb의 사본").write_text(colab, encoding="utf-8")
    (subs / f"{STEM}의 사본").write_text(colab, encoding="utf-8")  # no suffix at all
    # A resubmission: "lee (1).ipynb" is lee's newer file and the one that counts.
    write("lee.ipynb", ex)
    write("lee (1).ipynb", solved)
    os.utime(subs / "lee.ipynb", (time.time() - 3600, time.time() - 3600))
    # Files that are not graded, each listed with its reason.
    (subs / "kwon" / "메모.txt").write_text("제출합니다", encoding="utf-8")
    (subs / ".ipynb_checkpoints").mkdir()
    write(".ipynb_checkpoints/solved-checkpoint.ipynb", solved)
    # Over the size limit (lowered for the test): the same limit as for links.
    big = copy.deepcopy(ex)
    big.cells.append(v4.new_markdown_cell("x" * 300_000))
    write("big.ipynb", big)
    # A 1 MB exception message: the feedback keeps a short piece of it. And an orphan: a
    # double-forked, new-session process without the job's environment.
    write("flood.ipynb", insert_after_check(
        after_def_double(solved, "def double(xs):\n    raise ValueError('줄\\n' * 100_000)"),
        "더하기", "raise ValueError('x' * 1_000_000)",
        "import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        f"        os.execve('/bin/sleep', ['sleep', '{ORPHAN_SLEEP}'], {{}})\n    os._exit(0)\n"
        "os.wait()"))
    # Memory grows past the cap (--memory 1 GB): its own status, the run goes on.
    write("hog.ipynb", insert_after_check(
        solved, "더하기",
        "import time\nheap = []\nfor _ in range(40):\n"
        "    heap.append(bytearray(60 * 2**20))\n    time.sleep(0.05)"))
    # The known tricks: reload replaced, checks.py edited, an input transformer.
    write("reload.ipynb", after_imports(
        ex, "import importlib, coursekit.checks as c\nimportlib.reload = lambda m: m\n"
            "c.check_equal = lambda *a, **k: None\nc.call = lambda *a, **k: None"))
    write("editchecks.ipynb", after_imports(
        ex, "import coursekit.checks as c, pathlib\np = pathlib.Path(c.__file__)\ntry:\n"
            "    p.write_text(p.read_text().replace('def check_equal(name',\n"
            "        'def check_equal(name, *a, **k):\\n    return\\ndef _was(name'))\n"
            "except OSError:\n    pass\n"
            "c.call = lambda name, f, *a, **k: f(*a, **k)"))
    write("transformer.ipynb", after_imports(
        ex, "get_ipython().input_transformers_post.append(\n"
            "    lambda lines: ['pass\\n'] if lines and lines[0].startswith('# CHECK:') else lines)"))
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
        "import os, pathlib, shutil\nshutil.rmtree(pathlib.Path.cwd().parent, ignore_errors=True)\n"
        "os._exit(1)"))

    before = tree_digest(course)
    out = work / "report.csv"
    start = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(submissions, "MAX_BYTES", 200_000)
        rc = grade(str(subs), "--out", str(out), "--course", str(course),
                   "--timeout", str(TIMEOUT), "--jobs", "2", "--memory", "1")
    elapsed = time.monotonic() - start
    orphans = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"])
               if ORPHAN_SLEEP in (p.info["cmdline"] or [])]
    rows = {k.removesuffix(".ipynb"): v for k, v in read_report(out).items()}
    return {"rc": rc, "rows": rows, "feedback": work / "report_feedback",
            "before": before, "after": tree_digest(course), "elapsed": elapsed,
            "orphans": orphans}


def test_report_has_one_row_per_file(folder_run):
    assert folder_run["rc"] == 0
    assert set(folder_run["rows"]) == {
        "solved", "unsolved", "hang", "slow", "broken", "edited", "deleted",
        f"park/Copy of {STEM}", "crash", f"kwon/{STEM}.ipynb의 사본", f"{STEM}의 사본", "lee",
        "lee (1)", "kwon/메모.txt", ".ipynb_checkpoints/solved-checkpoint", "big", "flood", "hog",
        "reload", "editchecks", "transformer"}
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


def test_infinite_loop_with_default_limits_costs_one_cell(folder_run):
    row = folder_run["rows"]["hang"]
    assert row["status"] == "timeout"
    assert f"셀 시간 제한 {CELL_TIMEOUT:g}초" in row["detail"]
    assert row["passed"] == "3"


def test_notebook_limit_kills_the_run_and_keeps_earlier_checks(folder_run):
    row = folder_run["rows"]["slow"]
    assert row["status"] == "timeout"
    assert f"전체 시간 제한 {TIMEOUT}초" in row["detail"]
    assert (row["passed"], row["total"]) == ("1", "3")
    text = (folder_run["feedback"] / "slow.md").read_text(encoding="utf-8")
    assert "✅ 더하기" in text and "❌ 두 배: 노트북 전체 시간 제한" in text


def test_slow_notebooks_do_not_hold_up_the_others(folder_run):
    # 17 notebooks run, two at a time; the slow one alone takes TIMEOUT seconds.
    assert folder_run["elapsed"] < 6 * TIMEOUT


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
    row = folder_run["rows"][f"park/Copy of {STEM}"]
    assert (row["student"], row["exercise"], row["score"], row["status"]) == (
        "park", STEM, "100", "ok")


@pytest.mark.parametrize("name", [f"kwon/{STEM}.ipynb의 사본", f"{STEM}의 사본"])
def test_colab_and_drive_copy_names_without_the_suffix_are_graded(folder_run, name):
    row = folder_run["rows"][name]
    assert (row["exercise"], row["score"], row["status"]) == (STEM, "100", "ok")


def test_a_resubmission_is_flagged_and_the_newest_file_counts(folder_run):
    old, new = folder_run["rows"]["lee"], folder_run["rows"]["lee (1)"]
    assert old["student"] == new["student"] == "lee"
    assert (new["score"], new["counts"], old["score"], old["counts"]) == ("100", "yes", "0", "no")
    assert "재제출" in old["detail"] and "lee (1).ipynb" in old["detail"]
    text = (folder_run["feedback"] / "lee.md").read_text(encoding="utf-8")
    assert "점수에 반영되지 않는 제출물" in text


def test_files_that_are_not_graded_are_listed_with_the_reason(folder_run):
    memo = folder_run["rows"]["kwon/메모.txt"]
    assert (memo["status"], memo["counts"], memo["student"]) == ("skipped", "no", "kwon")
    assert "노트북 파일이 아닙니다" in memo["detail"]
    checkpoint = folder_run["rows"][".ipynb_checkpoints/solved-checkpoint"]
    assert checkpoint["status"] == "skipped" and "체크포인트" in checkpoint["detail"]


def test_the_size_limit_holds_for_files_as_for_links(folder_run):
    row = folder_run["rows"]["big"]
    assert row["status"] == "invalid" and "너무 큽니다" in row["detail"]


def test_a_huge_error_message_is_cut_in_the_feedback(folder_run):
    row = folder_run["rows"]["flood"]
    assert (row["passed"], row["status"]) == ("1", "ok") and len(row["detail"]) < 2000
    text = (folder_run["feedback"] / "flood.md").read_text(encoding="utf-8")
    assert "❌ 두 배: 실행 중 오류가 났습니다: ValueError" in text
    assert "생략" in text and len(text.encode()) < 20_000


def test_the_memory_cap_ends_one_submission_with_its_own_status(folder_run):
    row = folder_run["rows"]["hog"]
    assert row["status"] == "memory" and "메모리 제한 1.0GB" in row["detail"]
    assert row["passed"] == "1"  # the check before the allocation counts
    assert folder_run["rows"]["solved"]["score"] == "100"


def test_no_process_outlives_its_submission(folder_run):
    assert folder_run["rows"]["flood"]["passed"] == "1"  # it started a daemon
    assert folder_run["orphans"] == []


@pytest.mark.parametrize("name", ["reload", "editchecks", "transformer"])
def test_known_tricks_on_the_check_cells_gain_nothing(folder_run, name):
    row = folder_run["rows"][name]
    assert (row["passed"], row["total"], row["status"]) == ("0", "3", "ok")


def test_an_input_transformer_is_flagged_for_review(folder_run):
    assert "검토 필요" in folder_run["rows"]["transformer"]["detail"]


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
        "1KimUnsolvedNotebk": (nbformat.writes(exercise_nb(course)).encode(),
                               "application/octet-stream", f"{STEM}.ipynb"),
        "1ChoiLoginPage00000": (b"<!DOCTYPE html><html>login</html>", "text/html", None),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def link_run(course, drive, tmp_path_factory):
    """A Google Forms export: timestamps, an e-mail column, two 김민수, a resubmission."""
    work = tmp_path_factory.mktemp("links")

    def to_local(url):
        file_id = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["id"][0]
        if file_id == "1ClosedPort00000000":
            return "http://127.0.0.1:9/nothing"
        return f"{drive}/{file_id}"

    table = work / "links.csv"
    table.write_text(
        "타임스탬프,이메일 주소,이름,Colab 링크\n"
        "2024. 3. 1 오후 2:00:00,kim1@example.com,김민수,"
        "https://colab.research.google.com/drive/1KimUnsolvedNotebk\n"
        "2024. 3. 1 오후 3:00:00,kim1@example.com,김민수,"
        "https://colab.research.google.com/drive/1KimSolvedNotebook0#scrollTo=x\n"
        "2024. 3. 1 오후 1:00:00,kim2@example.com,김민수,"
        "https://drive.google.com/open?id=1KimUnsolvedNotebk\n"
        "2024. 3. 1 오후 2:00:00,lee@example.com,이,"
        "https://drive.google.com/file/d/1LeeMissingFile000/view?usp=sharing\n"
        "2024. 3. 1 오후 2:00:00,choi@example.com,최,https://drive.google.com/open?id=1ChoiLoginPage00000\n"
        "2024. 3. 1 오후 2:00:00,jung@example.com,정,https://drive.google.com/open?id=1ClosedPort00000000\n"
        "2024. 3. 1 오후 2:00:00,han@example.com,한,\n"
        "2024. 3. 1 오후 2:00:00,x@example.com,\"=HYPERLINK(\"\"http://evil\"\",\"\"a\"\")\",\n",
        encoding="utf-8-sig")
    out = work / "report.csv"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(submissions, "url_rewriter", to_local)
        rc = grade(str(table), "--out", str(out), "--course", str(course), "--timeout", "60",
                   "--jobs", "2")
    return {"rc": rc, "rows": read_rows(out), "feedback": work / "report_feedback"}


def by_id(rows: list[dict], sid: str) -> list[dict]:
    return [r for r in rows if r["student_id"] == sid]


def test_links_are_fetched_and_unreachable_ones_get_their_row(link_run):
    assert link_run["rc"] == 0
    rows = link_run["rows"]
    assert len(rows) == 8
    [lee] = by_id(rows, "lee@example.com")
    assert lee["status"] == "unreachable" and "404" in lee["detail"]
    [choi] = by_id(rows, "choi@example.com")
    assert choi["status"] == "unreachable" and "공유 설정" in choi["detail"]
    assert [r["status"] for r in by_id(rows, "jung@example.com")] == ["unreachable"]
    assert [r["status"] for r in by_id(rows, "han@example.com")] == ["unreachable"]
    feedback = (link_run["feedback"] / "이_lee@example.com.md").read_text(encoding="utf-8")
    assert "가져올 수 없음" in feedback and "404" in feedback


def test_forms_csv_with_an_email_column_keys_students_by_email(link_run):
    kim1, kim2 = by_id(link_run["rows"], "kim1@example.com"), by_id(link_run["rows"], "kim2@example.com")
    assert len(kim1) == 2 and len(kim2) == 1
    assert {r["student"] for r in kim1 + kim2} == {"김민수"}
    # The same name: two feedback files, each with only that student's results.
    one = (link_run["feedback"] / "김민수_kim1@example.com.md").read_text(encoding="utf-8")
    two = (link_run["feedback"] / "김민수_kim2@example.com.md").read_text(encoding="utf-8")
    assert "1KimSolvedNotebook0" in one and "1KimSolvedNotebook0" not in two
    assert kim2[0]["score"] == "0" and kim2[0]["counts"] == "yes"


def test_the_latest_resubmission_by_forms_timestamp_counts(link_run):
    first, second = by_id(link_run["rows"], "kim1@example.com")
    assert (first["submitted"], second["submitted"]) == ("2024-03-01T14:00:00", "2024-03-01T15:00:00")
    assert (first["score"], first["counts"]) == ("0", "no") and "재제출" in first["detail"]
    assert (second["exercise"], second["score"], second["counts"]) == (STEM, "100", "yes")


def test_report_cells_that_look_like_formulas_are_escaped(link_run):
    [row] = by_id(link_run["rows"], "x@example.com")
    assert row["student"].startswith("'=HYPERLINK(")


def test_grade_refuses_an_empty_folder(course, tmp_path, capsys):
    assert grade(str(tmp_path), "--out", str(tmp_path / "r.csv"), "--course", str(course)) == 2
    assert "제출물이 없습니다" in capsys.readouterr().err


# --------------------------------------------------------------------------- sandbox run

ATTACK = '''
import pathlib, shutil, socket, time
job = pathlib.Path.cwd().parents[1]
root = job.parent
evil = "def check_equal(*a, **k):\\n    return None\\ndef call(name, f, *a, **k):\\n    return None\\n"
deadline = time.monotonic() + 4
while time.monotonic() < deadline:  # long enough to meet the jobs that run next to it
    targets = [root / "course" / "coursekit" / "checks.py", root / "grader" / "checks_source.py",
               *root.glob("job*/course/coursekit/checks.py")]
    for target in targets:
        try:
            target.write_text(evil)
        except OSError:
            pass
    for other in root.glob("job*"):
        if other != job:
            shutil.rmtree(other, ignore_errors=True)
    for probe in {probes!r}:
        try:
            pathlib.Path(probe).write_text("학생 코드가 여기에 썼습니다")
        except OSError:
            pass
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=0.2).close()
    except OSError:
        pass
    time.sleep(0.2)
'''


@pytest.fixture(scope="module")
def sandbox_run(course, tmp_path_factory):
    """Hostile submissions next to honest ones, graded in the bubblewrap sandbox."""
    if not BWRAP:
        pytest.skip("bubblewrap이 없거나 동작하지 않습니다 (scripts/setup.sh가 설치합니다)")
    work = tmp_path_factory.mktemp("sandbox")
    subs = work / "subs"
    subs.mkdir()
    tag = uuid.uuid4().hex[:8]
    probes = [Path(sys.prefix) / f"coursekit-probe-{tag}.txt", course / f"probe-{tag}.txt",
              Path(__file__).resolve().parents[1] / f"probe-{tag}.txt"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    ex = exercise_nb(course)
    attack = ATTACK.format(probes=[str(p) for p in probes], port=listener.getsockname()[1])
    nbformat.write(after_imports(ex, attack), str(subs / "a_attacker.ipynb"))
    nbformat.write(ex, str(subs / "b_unsolved.ipynb"))
    nbformat.write(solve(ex), str(subs / "c_solved.ipynb"))
    # No code of its own: it runs the solution notebook (its path is no secret).
    runner = copy.deepcopy(ex)
    solution = course / "solutions" / f"{STEM}.ipynb"
    for cell in runner.cells:
        if cell.source.startswith("def "):
            cell.source = (f"import json\nfor c in json.load(open({str(solution)!r}))['cells']:\n"
                           "    if ''.join(c['source']).startswith('def '):\n"
                           "        exec(''.join(c['source']))")
    nbformat.write(runner, str(subs / "d_runs_solutions.ipynb"))
    nbformat.write(ex, str(subs / "e_unsolved.ipynb"))
    before = tree_digest(course)
    out = work / "report.csv"
    try:
        rc = grade(str(subs), "--out", str(out), "--course", str(course),
                   "--timeout", str(TIMEOUT), "--jobs", "2", "--sandbox", "bwrap")
        try:
            listener.accept()
            connected = True
        except BlockingIOError:
            connected = False
        written = [str(p) for p in probes if p.exists()]
    finally:
        listener.close()
        for p in probes:
            p.unlink(missing_ok=True)
    rows = {k.removesuffix(".ipynb"): v for k, v in read_report(out).items()}
    return {"rc": rc, "rows": rows, "written": written, "connected": connected,
            "before": before, "after": tree_digest(course)}


@needs_bwrap
def test_a_submission_cannot_harm_the_others(sandbox_run):
    rows = sandbox_run["rows"]
    assert sandbox_run["rc"] == 0
    assert rows["a_attacker"]["passed"] == "0"
    for name, score in (("b_unsolved", "0"), ("c_solved", "100"), ("e_unsolved", "0")):
        assert (rows[name]["status"], rows[name]["score"]) == ("ok", score), name


@needs_bwrap
def test_a_submission_cannot_write_the_course_the_venv_or_reach_the_network(sandbox_run):
    assert sandbox_run["written"] == []
    assert sandbox_run["after"] == sandbox_run["before"]
    assert not sandbox_run["connected"]


@needs_bwrap
def test_running_the_solution_notebook_gains_nothing(sandbox_run):
    row = sandbox_run["rows"]["d_runs_solutions"]
    assert (row["passed"], row["status"]) == ("0", "ok")
    assert "No such file" in row["detail"] or "셀 오류" in row["detail"]


EDIT_CHECKS = ("import coursekit.checks as c, pathlib\np = pathlib.Path(c.__file__)\n"
               "p.write_text(p.read_text().replace('def check_equal(name',\n"
               "    'def check_equal(name, *a, **k):\\n    return\\ndef _was(name'))\n"
               "c.call = lambda name, f, *a, **k: f(*a, **k)")


def test_without_a_sandbox_the_grader_says_so_once(course, tmp_path, capsys):
    nbformat.write(solve(exercise_nb(course)), str(tmp_path / "kim.ipynb"))
    # Unsandboxed, the scratch copy's checks.py can be edited: the kernel guard ignores it.
    nbformat.write(after_imports(exercise_nb(course), EDIT_CHECKS), str(tmp_path / "lee.ipynb"))
    out = tmp_path / "out" / "report.csv"
    assert grade(str(tmp_path), "--out", str(out), "--course", str(course), "--sandbox", "none",
                 "--timeout", "60") == 0
    err = capsys.readouterr().err
    assert err.count("샌드박스 없이 채점합니다") == 1
    rows = {r["student"]: r for r in read_rows(out)}
    assert {k: r["score"] for k, r in rows.items()} == {"kim": "100", "lee": "0"}
    assert "셀 오류" not in rows["lee"]["detail"]  # the edit itself went through


def test_mark_resubmissions_policies():
    from coursekit.instructor.grading import mark_resubmissions
    from coursekit.instructor.scoring import CheckResult, Result

    def rows(*extra):
        return [Result("kim", "kim/a.ipynb", exercise=STEM, total=1, submitted="2024-03-01T10:00:00",
                       checks=[CheckResult("x", True)]),
                Result("kim", "kim/b.ipynb", exercise=STEM, total=1, submitted="2024-03-02T10:00:00"),
                # not identified: it belongs to kim's only exercise
                Result("kim", "kim/c.ipynb", status="invalid", submitted="2024-03-03T10:00:00"),
                Result("lee", "lee/a.ipynb", exercise=STEM, total=1), *extra]

    for keep, chosen in (("latest", "kim/c.ipynb"), ("first", "kim/a.ipynb"),
                         ("best", "kim/a.ipynb")):
        results = rows()
        mark_resubmissions(results, keep)
        assert {r.source for r in results if r.counts} == {chosen, "lee/a.ipynb"}, keep
        assert all("재제출" in r.detail for r in results if r.student == "kim")
    # With two exercises, kim's unidentified file cannot be placed and stands alone.
    results = rows(Result("kim", "kim/d.ipynb", exercise="01_language_model", total=1))
    mark_resubmissions(results)
    assert {r.source for r in results if r.counts} == {
        "kim/b.ipynb", "kim/c.ipynb", "kim/d.ipynb", "lee/a.ipynb"}
