"""Plain-text tables for notebook output (Hangul-aware column widths).

Printed text is what nbval compares, so the slides' tables are printed as
aligned text rather than rendered as HTML.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def text_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font (Hangul and other wide characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - text_width(text))
    return text + space if align == "<" else space + text


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """An aligned text table; ``align`` has one ``<`` (left) or ``>`` (right) per column."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    ncols = len(headers)
    if any(len(r) != ncols for r in cells):
        raise ValueError("모든 행의 칸 수가 머리글과 같아야 합니다.")
    align = align or "<" * ncols
    widths = [max(text_width(r[i]) for r in cells) for i in range(ncols)]
    lines = []
    for n, row in enumerate(cells):
        lines.append(" | ".join(_pad(c, w, a) for c, w, a in zip(row, widths, align, strict=True)).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def show_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> None:
    """Print :func:`format_table`."""
    print(format_table(headers, rows, align))
