"""Keep slurs out of what a lecture prints from raw reviews.

The Korean lectures train on NSMC, movie reviews written by the public. A
neighbour list of a rare word is noise by design (lecture 04 shows that
``도쿄`` is too rare to learn from), and noise drawn from reviews can be a slur.
:func:`hide_slurs` drops such words before they are shown; it never changes a
model or a number that a claim checks, only the words a cell prints.

The list is short on purpose: the common Korean slurs and their usual
spellings. A word is hidden when it contains one of them (``병신같은`` too).

>>> hide_slurs(["닥쳐", "찐따", "능가한다"])
['닥쳐', '능가한다']
"""

from __future__ import annotations

from collections.abc import Iterable

SLURS = frozenset(
    "찐따 병신 븅신 빙신 등신 시발 씨발 씨바 ㅅㅂ ㅆㅂ ㅂㅅ 개새 좆 존나 졸라 썅 지랄 또라이 미친놈 미친년 쌍놈 "
    "fuck shit bitch retard".split()
)


def is_slur(word: str) -> bool:
    """True when ``word`` contains one of :data:`SLURS` (case-insensitive for Latin letters)."""
    lowered = word.lower()
    return any(slur in lowered for slur in SLURS)


def hide_slurs(words: Iterable[str], limit: int | None = None) -> list[str]:
    """``words`` without slurs, in order; at most ``limit`` of them when given."""
    kept = [w for w in words if not is_slur(w)]
    return kept if limit is None else kept[:limit]
