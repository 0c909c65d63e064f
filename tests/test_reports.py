"""report.csv and the Markdown feedback (coursekit.instructor.reports)."""

from __future__ import annotations

import csv

from coursekit.instructor import reports
from coursekit.instructor.scoring import CheckResult, Result


def results() -> list[Result]:
    ok = Result("김/민수", "kim.ipynb", exercise="01_language_model", total=2,
                checks=[CheckResult("더하기", True), CheckResult("두 배", False, "값이 다릅니다.\n힌트")],
                notes=["코드 셀 3 (`x = 1`): NameError: y"])
    gone = Result("김/민수", "https://drive.google.com/x", status="unreachable", detail="HTTP 404")
    return [ok, gone]


def test_report_csv_has_the_columns_and_a_bom(tmp_path):
    path = tmp_path / "out" / "report.csv"
    reports.write_report(results(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == reports.REPORT_COLUMNS
    assert (rows[0]["passed"], rows[0]["total"], rows[0]["score"]) == ("1", "2", "50")
    assert (rows[1]["status"], rows[1]["score"]) == ("unreachable", "0")


def test_one_feedback_file_per_student(tmp_path):
    written = reports.write_feedback(results(), tmp_path)
    assert [p.name for p in written] == ["김_민수.md"]
    text = written[0].read_text(encoding="utf-8")
    assert "## 01_language_model: 1/2 통과 (50점), 정상 채점" in text
    assert "- ✅ 더하기" in text and "- ❌ 두 배: 값이 다릅니다.\n  힌트" in text
    assert "NameError" in text
    assert "가져올 수 없음" in text and "HTTP 404" in text


def test_safe_filename():
    assert reports.safe_filename('a/b:c*?"<>|') == "a_b_c_"
    assert reports.safe_filename(" .. ") == "이름없음"


def test_formula_cells_are_escaped(tmp_path):
    bad = Result("=HYPERLINK(\"http://x\",\"a\")", "+1", detail="-2", student_id="@me")
    row = reports.row(bad)
    assert (row["student"], row["source"], row["detail"], row["student_id"]) == (
        "'=HYPERLINK(\"http://x\",\"a\")", "'+1", "'-2", "'@me")
    assert reports.row(Result("김", "a.ipynb"))["student"] == "김"


def test_report_is_replaced_atomically(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("old", encoding="utf-8")
    other = tmp_path / "other-link.csv"
    other.hardlink_to(path)  # a writer that truncates in place would change this file too
    reports.write_report(results(), path)
    assert other.read_text(encoding="utf-8") == "old"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-link.csv", "report.csv"]


def test_students_whose_names_clash_get_their_own_feedback_files(tmp_path):
    rows = [Result("김:하나", "a.ipynb", total=1), Result("김_하나", "b.ipynb", total=1),
            Result("김민수", "c", student_id="kim1@x.org"),
            Result("김민수", "d", student_id="kim2@x.org")]
    written = reports.write_feedback(rows, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        ["김_하나.md", "김_하나_2.md", "김민수_kim1@x.org.md", "김민수_kim2@x.org.md"])
    texts = [p.read_text(encoding="utf-8") for p in written]
    assert sum("a.ipynb" in t for t in texts) == 1 and sum("b.ipynb" in t for t in texts) == 1


def test_feedback_messages_are_truncated():
    from coursekit.instructor import scoring

    cut = scoring.truncate("가" * 5_000_000)
    assert len(cut) < scoring.MAX_MESSAGE + 100 and "생략" in cut
    assert scoring.truncate("짧은 메시지") == "짧은 메시지"
