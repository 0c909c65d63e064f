"""Student submissions: where they come from and how they become notebooks.

A submission is either a notebook file in a folder, or one row of a CSV file
``student,link`` where the link is what a student pastes from Colab's "Share"
button (or a Google Drive, GitHub or plain ``.ipynb`` address). Every
submission carries the student's key (:attr:`Submission.key`: the 학번 or
e-mail column of a Forms export when there is one, else the name and the row;
in a folder, the student's subfolder or file name) and when it was submitted,
so that resubmissions can be told apart (:mod:`coursekit.instructor.grading`).
Files in a folder that are not graded come back as submissions with
``skipped`` set to the reason, so that the report lists them.
:func:`download_url` turns each link form into an address that returns the
file itself; :func:`fetch` downloads it; :func:`parse` turns the bytes into a
validated notebook after :func:`sanitize` has repaired what Colab writes and
other tools reject (``metadata.widgets`` without ``state``).

Nothing here runs student code.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.message
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

#: Hook for tests (and for unusual setups): maps the download URL computed by
#: :func:`download_url` to the URL actually fetched. ``None`` leaves it alone.
url_rewriter: Callable[[str], str] | None = None

#: Submissions larger than this are refused (a notebook with outputs is a few MB).
MAX_BYTES = 50 * 1024 * 1024

_DRIVE_ID = r"[-\w]{10,}"


class FetchError(Exception):
    """A link could not be turned into a notebook file (message in Korean)."""


class InvalidNotebook(Exception):
    """The file is not a notebook nbformat accepts (message in Korean)."""


class TooLarge(FetchError):
    """The file is over :data:`MAX_BYTES` (the same limit for files and links)."""


@dataclass
class Submission:
    """One notebook to grade: a local ``path`` or a ``link`` to download.

    ``student`` is the name shown; ``student_id`` the key that tells students
    apart (empty: ``student`` is the key); ``submitted`` an ISO time or "";
    ``order`` the row or file position; ``skipped`` why this file is not graded.
    """

    student: str
    source: str
    path: Path | None = None
    link: str | None = None
    student_id: str = ""
    submitted: str = ""
    order: int = 0
    skipped: str = ""

    @property
    def key(self) -> str:
        return self.student_id or self.student


# --------------------------------------------------------------------------- links


def download_url(link: str) -> str:
    """The address that returns the notebook file behind ``link``.

    * ``https://colab.research.google.com/drive/<ID>``,
      ``https://drive.google.com/file/d/<ID>/view?...``,
      ``https://drive.google.com/open?id=<ID>`` and ``.../uc?id=<ID>``
      → ``https://drive.google.com/uc?export=download&id=<ID>``
    * ``https://github.com/<o>/<r>/blob/<ref>/<path>`` and
      ``https://colab.research.google.com/github/<o>/<r>/blob/<ref>/<path>``
      → ``https://raw.githubusercontent.com/<o>/<r>/<ref>/<path>``
    * any other ``http(s)`` address is used as it is (a direct ``.ipynb`` link).

    Raises :class:`FetchError` for something that cannot name a notebook file
    (a Drive folder, an empty cell, not a web address).
    """
    link = link.strip()
    parts = urllib.parse.urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"웹 주소가 아닙니다: {link!r}")
    host = parts.netloc.lower()
    path = parts.path
    query = urllib.parse.parse_qs(parts.query)

    def drive(file_id: str) -> str:
        return f"https://drive.google.com/uc?export=download&id={file_id}"

    if host == "colab.research.google.com":
        if m := re.match(rf"^/drive/({_DRIVE_ID})", path):
            return drive(m.group(1))
        if m := re.match(r"^/github/([^/]+)/([^/]+)/blob/(.+\.ipynb)$", path):
            owner, repo, rest = m.groups()
            return f"https://raw.githubusercontent.com/{owner}/{repo}/{rest}"
        raise FetchError(f"Colab 주소에서 노트북 파일을 찾을 수 없습니다: {link}")
    if host in ("drive.google.com", "docs.google.com"):
        if "/folders/" in path:
            raise FetchError("폴더 링크입니다. 노트북 파일 하나의 링크를 제출해야 합니다.")
        if m := re.match(rf"^/file/d/({_DRIVE_ID})", path):
            return drive(m.group(1))
        if "id" in query and re.fullmatch(_DRIVE_ID, query["id"][0]):
            return drive(query["id"][0])
        raise FetchError(f"Google Drive 주소에서 파일 ID를 찾을 수 없습니다: {link}")
    if host == "github.com":
        if m := re.match(r"^/([^/]+)/([^/]+)/blob/(.+)$", path):
            owner, repo, rest = m.groups()
            return f"https://raw.githubusercontent.com/{owner}/{repo}/{rest}"
    return urllib.parse.urlunsplit(parts._replace(fragment=""))


def _filename(response, url: str) -> str:
    """The file name the server gives (Content-Disposition) or the URL's last part."""
    header = response.headers.get("Content-Disposition", "")
    if header:
        msg = email.message.Message()
        msg["Content-Disposition"] = header
        name = msg.get_filename()
        if name:
            return name
    return urllib.parse.unquote(Path(urllib.parse.urlsplit(url).path).name)


def fetch(link: str, timeout: float = 60) -> tuple[bytes, str]:
    """Download the notebook behind ``link``: ``(content, file name)``.

    Raises :class:`FetchError` with the reason (HTTP status, network error,
    a web page instead of a file, too large).
    """
    url = download_url(link)
    if url_rewriter is not None:
        url = url_rewriter(url)
    request = urllib.request.Request(url, headers={"User-Agent": "coursekit-grader"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            name = _filename(response, url)
            ctype = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"내려받기 실패: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"내려받기 실패: {reason}") from exc
    if len(data) > MAX_BYTES:
        raise TooLarge(_too_large())
    if ctype == "text/html" or data.lstrip()[:1] == b"<":
        raise FetchError(
            "노트북 파일이 아니라 웹 페이지가 왔습니다. 공유 설정이 "
            "'링크가 있는 모든 사용자'인지 확인하세요."
        )
    return data, name


def _too_large() -> str:
    return f"파일이 너무 큽니다 ({MAX_BYTES // 2**20}MB 초과). 출력을 지우고 다시 저장하세요."


# --------------------------------------------------------------------------- collecting

_HEADER_LINK = re.compile(r"link|url|링크|colab|주소", re.IGNORECASE)
_HEADER_MAIL = re.compile(r"e-?mail|이메일|메일", re.IGNORECASE)
_HEADER_SID = re.compile(r"학번|student.?(id|number|no)|학생\s*번호|^\s*id\s*$", re.IGNORECASE)
_HEADER_STUDENT = re.compile(r"student|name|이름|성명", re.IGNORECASE)
_HEADER_TIME = re.compile(r"타임스탬프|timestamp|제출\s*(시각|시간|일시)|submitted|^\s*time", re.IGNORECASE)


def _looks_like_link(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: UTF-8도 CP949도 아닌 파일입니다.")


_KO_TIME = re.compile(r"(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?\s*(오전|오후)?\s*"
                      r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_timestamp(text: str) -> str:
    """A Forms timestamp as ISO text (``2024-03-01T14:03:04``), or "" when it is not one.

    Korean Forms write ``2024. 3. 1 오후 2:03:04``; English ones ``3/1/2024 14:03:04``.
    """
    text = text.strip()
    if not text:
        return ""
    if m := _KO_TIME.match(text):
        y, mo, d, ampm, h, mi, sec = m.groups()
        hour = int(h) % 12 + (12 if ampm == "오후" else 0) if ampm else int(h)
        try:
            return dt.datetime(int(y), int(mo), int(d), hour, int(mi), int(sec or 0)).isoformat()
        except ValueError:
            return ""
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    return ""


def _first(header: list[str], pattern: re.Pattern, taken: set[int]) -> int | None:
    return next((i for i, h in enumerate(header) if i not in taken and pattern.search(h)), None)


def read_link_table(path: Path) -> list[Submission]:
    """Rows ``(student, link)`` of a CSV file, with or without a header row.

    Without a header: the first column is the student, the second the link.
    With one (e.g. a Google Forms export): the link column is the one whose
    cells hold web addresses (the header decides only between equals or when
    no cell does); the student's key is the 학번 column, else the e-mail
    column, else the name and the row number; the name column is the one
    named like ``이름``/``name``; a ``타임스탬프``/``Timestamp`` column gives
    the submission time.
    """
    rows = [r for r in csv.reader(io.StringIO(_read_text(path))) if any(c.strip() for c in r)]
    if not rows:
        return []
    link_col, student_col, id_col, time_col = 1, 0, None, None
    if not any(_looks_like_link(c) for c in rows[0]):
        header, rows = [h.strip() for h in rows[0]], rows[1:]
        counts = [sum(i < len(r) and _looks_like_link(r[i]) for r in rows)
                  for i in range(len(header))]
        hinted = [i for i, h in enumerate(header) if _HEADER_LINK.search(h)
                  and not _HEADER_MAIL.search(h)]
        best = max(counts, default=0)
        if best:
            link_col = max((i for i, n in enumerate(counts) if n == best),
                           key=lambda i: (i in hinted, -i))
        elif hinted:
            link_col = hinted[0]
        taken = {link_col}
        id_col = _first(header, _HEADER_SID, taken)
        if id_col is None:
            id_col = _first(header, _HEADER_MAIL, taken)
        if id_col is not None:
            taken.add(id_col)
        time_col = _first(header, _HEADER_TIME, taken)
        if time_col is not None:
            taken.add(time_col)
        name_col = _first(header, _HEADER_STUDENT, taken)
        if name_col is None:
            name_col = id_col if id_col is not None else next(
                (i for i in range(len(header)) if i not in taken), 0)
        student_col = name_col

    def cell(row: list[str], col: int | None) -> str:
        return row[col].strip() if col is not None and col < len(row) else ""

    out = []
    for number, row in enumerate(rows, start=1):
        link = cell(row, link_col)
        student = cell(row, student_col) or f"행{number}"
        sid = cell(row, id_col) or f"{student} (행{number})"  # no id: the name and the row
        submitted = parse_timestamp(cell(row, time_col))
        common = dict(student=student, student_id=sid, submitted=submitted, order=number)
        if link and not _looks_like_link(link) and (path.parent / link).is_file():
            out.append(Submission(source=link, path=path.parent / link, **common))
        else:
            out.append(Submission(source=link, link=link, **common))
    return out


_NOT_GRADED_DIRS = {".ipynb_checkpoints", "__MACOSX", "__pycache__"}


def _sniff_notebook(path: Path) -> bool:
    """Whether a file without ``.ipynb`` in its name holds a notebook (JSON with cells)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    head = head.lstrip()
    return head.startswith(b"{") and any(k in head for k in (b'"cells"', b'"nbformat"',
                                                             b'"worksheets"', b'"metadata"'))


def _skip_reason(path: Path, rel: Path) -> str:
    """Why a file of a submissions folder is not graded, or "" when it is."""
    if any(part in _NOT_GRADED_DIRS for part in rel.parts[:-1]) or "-checkpoint" in path.stem:
        return "주피터 자동 저장본(체크포인트)입니다"
    if any(part.startswith(".") for part in rel.parts):
        return "숨김 파일입니다"
    if ".ipynb" in path.name.lower() or _sniff_notebook(path):
        return ""
    suffix = path.suffix.lower()
    if suffix in (".zip", ".tar", ".gz", ".7z", ".rar"):
        return "압축 파일입니다. 풀어서 폴더로 넘기세요"
    return f"노트북 파일이 아닙니다 ({suffix or '확장자 없음'}, 내용이 노트북 JSON이 아님)"


_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")


def _file_time(path: Path) -> str:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        return ""


def collect(spec: str | Path) -> list[Submission]:
    """The submissions named by ``spec``: a folder of notebooks or a CSV of links.

    In a folder, every file is looked at: a file whose name holds ``.ipynb``
    anywhere (``x.ipynb``, ``x.ipynb의 사본``, ``x.ipynb (1)``) or whose content
    is a notebook is graded; ``name.ipynb`` belongs to student ``name`` (``name
    (1).ipynb`` too), a file in a subfolder (``name/01_language_model.ipynb``)
    to the student named by that subfolder. Everything else (checkpoints,
    hidden files, other files) comes back with ``skipped`` set to the reason.
    """
    spec = Path(spec)
    if spec.is_dir():
        out = []
        files = sorted(p for p in spec.rglob("*") if p.is_file() or p.is_symlink())
        for order, path in enumerate(files, start=1):
            rel = path.relative_to(spec)
            if len(rel.parts) > 1:
                student = rel.parts[0]
            else:
                stem = re.sub(r"\.ipynb.*$", "", path.name, flags=re.IGNORECASE) or path.name
                student = _COPY_SUFFIX.sub("", stem).strip() or stem
            sub = Submission(student=student, source=rel.as_posix(), path=path,
                             submitted=_file_time(path), order=order)
            if path.is_symlink():
                sub.skipped = "심볼릭 링크입니다"
            else:
                sub.skipped = _skip_reason(path, rel)
            out.append(sub)
        # Ties on the (second-rounded) time go to the newer file, then the higher "(N)".
        def newness(sub: Submission) -> tuple[int, int]:
            try:
                ns = sub.path.stat().st_mtime_ns
            except OSError:
                ns = 0
            m = re.search(r"\((\d+)\)(?=[^()]*$)", sub.path.name)
            return ns, int(m.group(1)) if m else 0

        for rank, sub in enumerate(sorted(out, key=newness), start=1):
            sub.order = rank
        return out
    if spec.is_file() and ".ipynb" in spec.name.lower():
        return [Submission(student=spec.stem, source=spec.name, path=spec,
                           submitted=_file_time(spec))]
    if spec.is_file():
        return read_link_table(spec)
    raise FileNotFoundError(f"제출물을 찾을 수 없습니다: {spec}")


def load(sub: Submission, timeout: float = 60) -> tuple[bytes, str]:
    """The bytes and file name of a submission (reading or downloading it)."""
    if sub.path is not None:
        try:
            if sub.path.stat().st_size > MAX_BYTES:
                raise TooLarge(_too_large())
            return sub.path.read_bytes(), sub.path.name
        except OSError as exc:
            raise FetchError(f"파일을 읽을 수 없습니다: {exc}") from exc
    if not sub.link:
        raise FetchError("링크가 비어 있습니다.")
    return fetch(sub.link, timeout=timeout)


# --------------------------------------------------------------------------- notebooks


def sanitize(nb: dict) -> list[str]:
    """Repair, in place, what Colab writes and other tools reject; say what was done.

    Colab saves ``metadata.widgets`` with widget models but without the
    ``state`` key that the widget-state format requires (nbconvert, GitHub's
    viewer and older nbformat releases reject such a notebook); widgets do not
    matter for grading, so that block is dropped.
    """
    fixes = []
    meta = nb.get("metadata")
    widgets = meta.get("widgets") if isinstance(meta, dict) else None
    if widgets is not None:
        state = widgets.get("application/vnd.jupyter.widget-state+json") if isinstance(
            widgets, dict) else None
        if not isinstance(state, dict) or "state" not in state:
            del meta["widgets"]
            fixes.append("Colab 위젯 메타데이터(state 없음)를 지웠습니다")
    for cell in nb.get("cells", []) if isinstance(nb.get("cells"), list) else []:
        cmeta = cell.get("metadata") if isinstance(cell, dict) else None
        if isinstance(cmeta, dict) and isinstance(cmeta.get("widgets"), dict):
            del cmeta["widgets"]
    return fixes


def parse(data: bytes):
    """A validated nbformat-4 notebook from a file's bytes.

    Raises :class:`InvalidNotebook` when the bytes are not JSON or not a
    notebook even after :func:`sanitize`. Outputs are dropped (the grader
    re-runs everything) and cells get ids, so any 4.x notebook validates.
    """
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidNotebook("UTF-8 텍스트가 아닙니다 (노트북 파일이 아닙니다).") from exc
    except json.JSONDecodeError as exc:
        raise InvalidNotebook(
            f"JSON 형식이 아닙니다 ({exc.lineno}번째 줄 {exc.colno}번째 글자: {exc.msg})."
        ) from exc
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise InvalidNotebook("JSON이지만 주피터 노트북이 아닙니다 (cells가 없습니다).")
    sanitize(raw)
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4, capture_validation_error={})
        for cell in nb.cells:
            if cell.get("cell_type") == "code":
                cell.outputs = []
                cell.execution_count = None
            cell.get("metadata", {}).pop("execution", None)
            if "attachments" in cell and cell.cell_type == "code":
                del cell["attachments"]
        nb.nbformat_minor = max(nb.get("nbformat_minor", 0), 5)
        for cell in nb.cells:
            if not cell.get("id"):
                cell["id"] = nbformat.v4.nbbase.random_cell_id()
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidNotebook(f"노트북 형식이 올바르지 않습니다: {message}") from exc
    return nb


_COPY_PATTERNS = (
    re.compile(r"^(copy of|사본\s*-)\s*", re.IGNORECASE),
    re.compile(r"\s*의\s*사본$"),
    re.compile(r"\s*\(\d+\)$"),
    re.compile(r"-checkpoint$"),
)


def exercise_from_filename(filename: str, known: Iterable[str]) -> str | None:
    """The exercise a file name refers to, despite Colab's renaming.

    ``"Copy of 01_language_model.ipynb"``, ``"01_language_model.ipynb의 사본"``,
    ``"01_language_model (1).ipynb"`` and ``"홍길동_01_language_model.ipynb"`` all
    give ``"01_language_model"`` when that is one of ``known``.
    """
    known = list(known)
    name = Path(filename).name
    name = re.sub(r"\.ipynb", "", name, flags=re.IGNORECASE).strip()
    for _ in range(3):
        for pattern in _COPY_PATTERNS:
            name = pattern.sub("", name).strip()
    if name in known:
        return name
    inside = [stem for stem in known if stem in name]
    return max(inside, key=len) if inside else None
