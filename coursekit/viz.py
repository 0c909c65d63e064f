"""Plots with Korean labels.

matplotlib's default font (DejaVu Sans) has no Hangul, so Korean labels come out
as empty boxes with a "missing glyph" warning. :func:`use_korean_font` finds a
font that has Hangul and registers it with matplotlib *in the running process*,
so a font installed a moment ago (``apt-get install fonts-nanum`` in Colab's
setup cell) works without restarting the runtime.

Where no system font is found, the NanumGothic files shipped inside the
``koreanize-matplotlib`` wheel (a dependency of coursekit) are used.
"""

from __future__ import annotations

import glob
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from matplotlib import font_manager

# Font family names that contain Hangul, best first.
KOREAN_FAMILIES = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "AppleGothic",
    "UnDotum",
)

_SEARCH_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    os.path.expanduser("~/.local/share/fonts"),
    os.path.expanduser("~/.fonts"),
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_FILE_PATTERNS = ("*Nanum*.ttf", "*NotoSansCJK*", "*NotoSansKR*", "malgun*.ttf", "AppleGothic*")


def _font_files() -> list[str]:
    """Candidate Hangul font files on this machine, system fonts first."""
    files: list[str] = []
    for root in _SEARCH_DIRS:
        if os.path.isdir(root):
            for pattern in _FILE_PATTERNS:
                files += glob.glob(os.path.join(root, "**", pattern), recursive=True)
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is not None and spec.origin:
        files += glob.glob(os.path.join(Path(spec.origin).parent, "fonts", "*.ttf"))
    return files


def _has_hangul(path: str) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        return ord("한") in FT2Font(path).get_charmap()
    except Exception:  # unreadable or not a font
        return False


def find_korean_font() -> str | None:
    """Return the family name of a registered font with Hangul, registering files as needed."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in KOREAN_FAMILIES:
        if family in known:
            return family
    for path in _font_files():
        if not _has_hangul(path):
            continue
        font_manager.fontManager.addfont(path)
        name = font_manager.FontProperties(fname=path).get_name()
        return name
    return None


def use_korean_font() -> str:
    """Make matplotlib draw Hangul; return the font family it uses.

    Raises a RuntimeError (in Korean) that says how to install a font when none
    is found.
    """
    family = find_korean_font()
    if family is None:
        raise RuntimeError(
            "한글 글꼴을 찾지 못했습니다. 'pip install koreanize-matplotlib' 또는 "
            "'apt-get install fonts-nanum'으로 글꼴을 설치한 뒤 다시 실행하세요."
        )
    # DejaVu Sans first (Latin, digits, the minus sign of mathtext tick labels), the Korean
    # font as fallback for Hangul glyphs (matplotlib >= 3.6 falls back per glyph).
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family


def bar_table(ax, labels: Sequence[str], values: Sequence[float], title: str = "", fmt: str = "{:.2f}"):
    """Horizontal bar chart with the value written at the end of each bar."""
    positions = range(len(labels))
    ax.barh(list(positions), list(values), color="tab:blue")
    ax.set_yticks(list(positions), labels=list(labels))
    ax.invert_yaxis()
    for y, v in zip(positions, values, strict=True):
        ax.text(v, y, " " + fmt.format(v), va="center")
    if title:
        ax.set_title(title)
    return ax
