"""What grading hands back: ``report.csv`` and one Markdown feedback file per student.

``report.csv`` has one row per submission and per skipped file
(:data:`REPORT_COLUMNS`), UTF-8 with a BOM so that Excel shows Korean names,
written once, atomically (a temporary file renamed over the old one); a cell
that starts with ``= + - @`` (or a tab or carriage return) gets a leading
``'`` so that a spreadsheet does not run it as a formula. ``<student>.md``,
one per student key (two students of the same name get two files), lists
each check with the Korean message of the ones that failed, and the notes
(restored checks, errors in the student's own cells).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path

from coursekit.instructor.scoring import Result

REPORT_COLUMNS = ["student", "student_id", "exercise", "passed", "total", "score", "status",
                  "counts", "submitted", "detail", "source"]
STATUS_KO = {
    "ok": "정상 채점",
    "error": "실행 오류",
    "timeout": "시간 초과",
    "memory": "메모리 초과",
    "invalid": "노트북 파일 오류",
    "unreachable": "가져올 수 없음",
    "skipped": "채점하지 않은 파일",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """A report cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def row(result: Result) -> dict:
    """One row of ``report.csv`` (text cells escaped with :func:`escape_cell`)."""
    values = {
        "student": result.student,
        "student_id": result.student_id,
        "exercise": result.exercise,
        "passed": result.passed,
        "total": result.total,
        "score": f"{result.score:g}",
        "status": result.status,
        "counts": "yes" if result.counts else "no",
        "submitted": result.submitted,
        "detail": result.detail,
        "source": result.source,
    }
    return {k: escape_cell(v) for k, v in values.items()}


def write_report(results: list[Result], path: str | os.PathLike) -> None:
    """``report.csv`` (UTF-8 with BOM), written to a temporary file and renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=REPORT_COLUMNS)
            writer.writeheader()
            for result in results:
                writer.writerow(row(result))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        if not r.counts and r.status != "skipped":
            lines.append("- 점수에 반영되지 않는 제출물입니다 (같은 실습의 다른 제출물이 반영됨).")
        lines.append(f"- 제출물: {r.source}")
        if r.submitted:
            lines.append(f"- 제출 시각: {r.submitted}")
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


def feedback_names(results: list[Result]) -> dict[str, str]:
    """``{student key: file name}``: one file per key, never two keys on one name."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for r in results:
        key = r.student_id or r.student
        if key in names:
            continue
        if not r.student_id or r.student in r.student_id:
            base = r.student_id or r.student
        else:
            base = f"{r.student}_{r.student_id}"
        base = safe_filename(base)
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name.lower())
        names[key] = name
    return names


def write_feedback(results: list[Result], folder: str | os.PathLike) -> list[Path]:
    """One ``<student>.md`` per student key in ``folder`` (skipped files are left out)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    graded = [r for r in results if r.status != "skipped"]
    names = feedback_names(graded)
    by_student: dict[str, list[Result]] = {}
    for r in graded:
        by_student.setdefault(r.student_id or r.student, []).append(r)
    written = []
    for key, rows in by_student.items():
        path = folder / f"{names[key]}.md"
        path.write_text(feedback_text(rows[0].student, rows), encoding="utf-8")
        written.append(path)
    return written
