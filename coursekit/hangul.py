"""Hangul syllables to jamo and back (for jamo-level FastText, lecture 05).

A Hangul syllable (U+AC00..U+D7A3) is built from an initial consonant (초성),
a vowel (중성) and an optional final consonant (종성)::

    code = 0xAC00 + (initial * 21 + medial) * 28 + final

:func:`decompose` writes each syllable as its jamo (compatibility jamo such as
ㅁ, ㅗ, so they print nicely); a syllable without a final consonant gets the
``empty_final`` symbol, which keeps syllable boundaries visible and makes
:func:`compose` exact::

    >>> decompose("모르다")
    'ㅁㅗ-ㄹㅡ-ㄷㅏ-'
    >>> compose("ㅁㅗ-ㄹㅡ-ㄷㅏ-")
    '모르다'

Characters that are not Hangul syllables (spaces, Latin letters, digits,
bare jamo) pass through unchanged.
"""

from __future__ import annotations

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index + 1 (0 = none)
EMPTY_FINAL = "-"

_INITIAL_INDEX = {c: i for i, c in enumerate(INITIALS)}
_MEDIAL_INDEX = {c: i for i, c in enumerate(MEDIALS)}
_FINAL_INDEX = {c: i + 1 for i, c in enumerate(FINALS)}


def is_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable such as '한'."""
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def split_syllable(char: str) -> tuple[str, str, str]:
    """(initial, medial, final) of one syllable; final is '' when there is none."""
    if not is_syllable(char):
        raise ValueError(f"'{char}'은(는) 한글 음절(가~힣)이 아닙니다.")
    index = ord(char) - SYLLABLE_FIRST
    initial, rest = divmod(index, 21 * 28)
    medial, final = divmod(rest, 28)
    return INITIALS[initial], MEDIALS[medial], FINALS[final - 1] if final else ""


def join_syllable(initial: str, medial: str, final: str = "") -> str:
    """The syllable made of the given jamo (final may be '')."""
    try:
        i, m = _INITIAL_INDEX[initial], _MEDIAL_INDEX[medial]
        f = _FINAL_INDEX[final] if final else 0
    except KeyError as exc:
        raise ValueError(f"{initial!r}+{medial!r}+{final!r}로는 한글 음절을 만들 수 없습니다.") from exc
    return chr(SYLLABLE_FIRST + (i * 21 + m) * 28 + f)


def decompose(text: str, empty_final: str | None = EMPTY_FINAL) -> str:
    """Replace every Hangul syllable of ``text`` by its jamo.

    ``empty_final`` marks a missing final consonant; pass ``""`` or ``None`` to
    leave it out (then :func:`compose` has to guess syllable boundaries).
    """
    if not isinstance(text, str):
        raise TypeError(f"문자열을 넣으세요 (받은 값의 타입: {type(text).__name__}).")
    marker = empty_final or ""
    out = []
    for char in text:
        if is_syllable(char):
            initial, medial, final = split_syllable(char)
            out.append(initial + medial + (final or marker))
        else:
            out.append(char)
    return "".join(out)


def compose(jamo: str, empty_final: str | None = EMPTY_FINAL) -> str:
    """Inverse of :func:`decompose`.

    With an ``empty_final`` marker the result is exact. Without one, a
    consonant after a vowel becomes a final consonant unless a vowel follows it
    (the usual reading, e.g. ``'ㅁㅗㄹㄹㅏ'`` → ``'몰라'``).
    """
    marker = empty_final or ""
    out: list[str] = []
    i, n = 0, len(jamo)
    while i < n:
        c = jamo[i]
        if c in _INITIAL_INDEX and i + 1 < n and jamo[i + 1] in _MEDIAL_INDEX:
            initial, medial = c, jamo[i + 1]
            i += 2
            final = ""
            if marker and jamo.startswith(marker, i):
                i += len(marker)
            elif i < n and jamo[i] in _FINAL_INDEX:
                next_is_vowel = i + 1 < n and jamo[i + 1] in _MEDIAL_INDEX
                if marker or not next_is_vowel:
                    final = jamo[i]
                    i += 1
            out.append(join_syllable(initial, medial, final))
        else:
            out.append(c)
            i += 1
    return "".join(out)
