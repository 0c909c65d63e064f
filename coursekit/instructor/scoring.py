"""Scoring a run: which checks passed, the status of the submission, and why.

A check passes when its cell ran without an error; the score is passed checks /
the solution's checks. Each failure gets a Korean reason (:func:`describe`).

Status meanings: ``ok`` – the notebook ran to its end (failed checks and
errors in the student's own cells are in the score and the feedback);
``timeout`` – a cell or the whole notebook ran out of time; ``memory`` – the
submission's processes went over the memory cap and were ended; ``error`` –
the kernel died or the notebook could not be run; ``invalid`` – not a
notebook, too large, or no matching exercise; ``unreachable`` – the link could
not be fetched; ``skipped`` – a file in the submissions that is not graded
(the detail says why).

A check cell passes when it ran without an error and, where the run was
guarded, printed the kernel guard's proof (``guard`` in its record). Messages
are cut to :data:`MAX_MESSAGE` characters and :data:`MAX_LINES` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coursekit.checks import REFERENCE_MARKER
from coursekit.instructor.prepare import Prepared, Solution
from coursekit.instructor.runner import Run

STATUSES = ("ok", "error", "timeout", "memory", "invalid", "unreachable", "skipped")
#: Longest feedback message (characters and lines) per check or note.
MAX_MESSAGE = 1000
MAX_LINES = 15


def truncate(text: str, limit: int = MAX_MESSAGE, lines: int = MAX_LINES) -> str:
    """``text`` cut to ``limit`` characters and ``lines`` lines, saying how much was left out."""
    parts = text.splitlines()
    cut = "\n".join(parts[:lines])
    if len(cut) > limit:
        cut = cut[:limit]
    if cut != text and len(cut) < len(text):
        cut = cut.rstrip() + f" … (메시지가 길어 {len(text) - len(cut)}자 생략)"
    return cut


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str = ""


@dataclass
class Result:
    """The outcome of one submission (one row of the report)."""

    student: str
    source: str
    exercise: str = ""
    student_id: str = ""
    submitted: str = ""  # when it was submitted (Forms timestamp or file time), ISO
    counts: bool = True  # False: superseded by another submission of the same exercise
    order: int = 0  # breaks ties between equal ``submitted`` times (row or file newness)
    status: str = "ok"
    detail: str = ""
    total: int = 0
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def score(self) -> float:
        return round(100 * self.passed / self.total, 1) if self.total else 0.0


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _is_timeout(rec: dict) -> bool:
    return bool(rec.get("message")) and rec["message"].startswith("Timeout of")


def _is_dead_kernel(rec: dict) -> bool:
    text = f"{rec.get('message') or ''} {rec.get('evalue') or ''}"
    return "Kernel dead" in text or "Failed to interrupt" in text


def describe(rec: dict | None, run: Run, timeout: float, cell_timeout: float) -> str:
    """A Korean one-paragraph reason why a cell did not pass."""
    if rec is None:
        if run.killed == "timeout":
            return f"노트북 전체 시간 제한({timeout:g}초)에 걸려 실행되지 못했습니다."
        if run.killed == "kernel":
            return "커널이 죽어서 실행되지 못했습니다."
        if run.killed == "memory":
            return "메모리 제한을 넘어 채점을 중단해서 실행되지 못했습니다."
        return "실행되지 않았습니다."
    if _is_timeout(rec):
        return f"셀 시간 제한({cell_timeout:g}초)을 넘었습니다. 무한 반복이 없는지 확인하세요."
    if _is_dead_kernel(rec):
        return "커널이 죽어서 실행되지 못했습니다."
    ename, evalue = rec.get("ename"), _ANSI.sub("", rec.get("evalue") or "").strip()
    if ename == "CheckFailed":
        return re.sub(r"^❌\s*[^:\n]*:\s*", "", evalue, count=1)
    if ename == "NotImplementedError":
        return "아직 구현하지 않은 함수가 있습니다 (NotImplementedError). 위의 TODO 셀을 채우세요."
    if ename:
        return f"{ename}: {evalue}" if evalue else ename
    return _ANSI.sub("", rec.get("message") or "알 수 없는 오류").strip().splitlines()[0]


UNGUARDED = ("검사 셀이 끝까지 실행되지 않았습니다. 앞의 셀에서 IPython이나 검사 함수를 "
             "바꾸는 코드가 없는지 확인하세요.")


def _passed(rec: dict | None) -> bool:
    return rec is not None and rec.get("outcome") == "passed" and rec.get("guard", True) is True


def score(prepared: Prepared, solution: Solution, run: Run, *, timeout: float,
          cell_timeout: float, memory: int | None = None) -> tuple[
              list[CheckResult], str, str, list[str]]:
    """Checks, status, detail and feedback notes from a run."""
    by_name: dict[str, list[dict | None]] = {name: [] for name in solution.checks}
    for index, name in prepared.checks:
        by_name[name].append(run.records.get(index))
    checks = []
    for name, recs in by_name.items():
        failing = [r for r in recs if not _passed(r)]
        ok = bool(recs) and not failing
        message = ""
        if not ok and failing and failing[0] is not None and failing[0].get("outcome") == "passed":
            message = UNGUARDED
        elif not ok:
            message = describe(failing[0] if failing else None, run, timeout, cell_timeout)
        checks.append(CheckResult(name, ok, truncate(message)))

    code = [c for c in prepared.nb.cells if c.cell_type == "code"]
    check_cells = {i for i, _ in prepared.checks}
    notes = list(prepared.notes)
    cell_errors = 0
    for index, rec in sorted(run.records.items()):
        if index in check_cells or rec.get("outcome") != "failed" or index >= len(code):
            continue
        if _is_timeout(rec) or _is_dead_kernel(rec):
            continue
        cell_errors += 1
        first = code[index].source.strip().split("\n", 1)[0][:60]
        notes.append(f"코드 셀 {index + 1} (`{first}`): "
                     f"{truncate(describe(rec, run, timeout, cell_timeout), 300, 1)}")

    timed_out = [i for i, r in run.records.items() if _is_timeout(r)]
    dead = [i for i, r in run.records.items() if _is_dead_kernel(r) and not _is_timeout(r)]
    setup_failed = [r for r in run.records.values() if r.get("when") == "setup"]
    if run.killed == "timeout":
        status, detail = "timeout", f"노트북 전체 시간 제한 {timeout:g}초를 넘어 중단했습니다"
        ran = [i for i in run.records]
        if ran and max(ran) + 1 < len(code):
            detail += f" (코드 셀 {max(ran) + 2} 실행 중)"
    elif timed_out:
        status = "timeout"
        detail = f"코드 셀 {min(timed_out) + 1}이(가) 셀 시간 제한 {cell_timeout:g}초를 넘었습니다"
    elif run.killed == "memory":
        status = "memory"
        limit = f" {memory / 2**30:.1f}GB" if memory else ""
        detail = f"메모리 제한{limit}을 넘어 중단했습니다"
        ran = [i for i in run.records]
        detail += f" (코드 셀 {max(ran, default=-1) + 2} 실행 중)"
    elif run.killed == "kernel" or dead:
        status = "error"
        where = (min(dead) + 1) if dead else (max(run.records, default=-1) + 2)
        detail = f"커널이 죽었습니다 (코드 셀 {where} 실행 중)"
    elif run.killed == "stopped":
        status, detail = "error", "채점을 중단했습니다"
    elif run.collected is None or setup_failed or (run.returncode not in (0, 1)):
        status = "error"
        last = [ln for ln in _ANSI.sub("", run.log_tail).splitlines() if ln.strip()]
        detail = "노트북을 실행하지 못했습니다" + (f": {last[-1][:200]}" if last else "")
    else:
        status, detail = "ok", ""
    extra = [n.split(":")[0] for n in prepared.notes]
    unguarded = [c.name for c in checks if c.message == UNGUARDED]
    if unguarded:
        extra.append(f"검토 필요: 검사 셀이 끝까지 실행되지 않은 검사 {len(unguarded)}개 "
                     f"(채점 환경을 바꾸는 코드 의심): {', '.join(unguarded)}")
    called = [c.name for c in checks if REFERENCE_MARKER in c.message]
    if called:
        extra.append(f"정답 함수를 불러서 0점 처리한 검사 {len(called)}개: {', '.join(called)}")
    if cell_errors:
        extra.append(f"검사가 아닌 셀 오류 {cell_errors}개")
    if extra:
        detail = "; ".join([d for d in (detail, *extra) if d])
    return checks, status, truncate(detail), [truncate(n) for n in notes]
