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
