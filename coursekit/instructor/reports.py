"""What grading hands back: ``report.csv`` and one Markdown feedback file per student.

``report.csv`` has one row per submission (:data:`REPORT_COLUMNS`), UTF-8 with
a BOM so that Excel shows Korean names; ``<student>.md`` lists each check
with the Korean message of the ones that failed, and the notes (restored
checks, errors in the student's own cells).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from coursekit.instructor.scoring import Result

REPORT_COLUMNS = ["student", "exercise", "passed", "total", "score", "status", "detail", "source"]
STATUS_KO = {
    "ok": "정상 채점",
    "error": "실행 오류",
    "timeout": "시간 초과",
    "invalid": "노트북 파일 오류",
    "unreachable": "가져올 수 없음",
}


def row(result: Result) -> dict:
    """One row of ``report.csv``."""
    return {
        "student": result.student,
        "exercise": result.exercise,
        "passed": result.passed,
        "total": result.total,
        "score": f"{result.score:g}",
        "status": result.status,
        "detail": result.detail,
        "source": result.source,
    }


def write_report(results: list[Result], path: str | os.PathLike) -> None:
    """``report.csv`` (UTF-8 with BOM, so that Excel shows Korean names)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        for result in results:
            writer.writerow(row(result))


def safe_filename(name: str) -> str:
    name = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", name).strip(" .")
    return name[:100] or "이름없음"


def feedback_text(student: str, results: list[Result]) -> str:
    """The Markdown feedback a student reads."""
    lines = [f"# 채점 결과: {student}", ""]
    for r in results:
        title = r.exercise or r.source
        lines.append(f"## {title}: {r.passed}/{r.total} 통과 ({r.score:g}점), "
                     f"{STATUS_KO.get(r.status, r.status)}")
        lines.append("")
        lines.append(f"- 제출물: {r.source}")
        if r.detail:
            lines.append(f"- 상태: {r.detail}")
        lines.append("")
        if r.checks:
            lines.append("### 검사")
            lines.append("")
            for c in r.checks:
                if c.passed:
                    lines.append(f"- ✅ {c.name}")
                else:
                    message = c.message.replace("\n", "\n  ")
                    lines.append(f"- ❌ {c.name}: {message}")
            lines.append("")
        if r.notes:
            lines.append("### 참고")
            lines.append("")
            lines += [f"- {n}" for n in r.notes]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(results: list[Result], folder: str | os.PathLike) -> list[Path]:
    """One ``<student>.md`` per student in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[Result]] = {}
    for r in results:
        by_student.setdefault(r.student, []).append(r)
    written = []
    for student, rows in by_student.items():
        path = folder / f"{safe_filename(student)}.md"
        path.write_text(feedback_text(student, rows), encoding="utf-8")
        written.append(path)
    return written
