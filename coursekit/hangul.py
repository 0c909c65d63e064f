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
bare jamo) pass through unchanged. Hangul written in NFD form (a syllable
stored as its conjoining jamo, as macOS often writes file names and pasted
text) is first composed to the usual NFC form, so ``decompose`` gives the same
jamo for both.
"""

from __future__ import annotations

from coursekit.validation import nfc

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index + 1 (0 = none)
EMPTY_FINAL = "-"

_INITIAL_INDEX = {c: i for i, c in enumerate(INITIALS)}
_MEDIAL_INDEX = {c: i for i, c in enumerate(MEDIALS)}
_FINAL_INDEX = {c: i + 1 for i, c in enumerate(FINALS)}


def _text(text: object, what: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what}에는 문자열을 넣으세요 (받은 값의 타입: {type(text).__name__}).")
    return nfc(text)


def is_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable such as '한' (also when written in NFD form)."""
    return _is_syllable(_text(char, "char"))


def _is_syllable(char: str) -> bool:
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def split_syllable(char: str) -> tuple[str, str, str]:
    """(initial, medial, final) of one syllable; final is '' when there is none."""
    char = _text(char, "char")
    if not _is_syllable(char):
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
    text = _text(text)
    marker = empty_final or ""
    out = []
    for char in text:
        if _is_syllable(char):
            initial, medial, final = split_syllable(char)
            out.append(initial + medial + (final or marker))
        else:
            out.append(char)
    return "".join(out)


def compose(jamo: str, empty_final: str | None = EMPTY_FINAL) -> str:
    """Inverse of :func:`decompose`.

    With an ``empty_final`` marker a consonant and a vowel become a syllable
    only when the marker or a final consonant follows them, and a consonant is a
    final only when no vowel follows it (in ``decompose``'s output the next
    syllable always starts with a consonant). So syllables and bare jamo such
    as ``'ㅎㅏㅎㅏ'`` or ``'ㅋㅋ'`` come back exactly; the one text that cannot
    is a bare vowel right after a syllable with a final consonant
    (``decompose`` writes ``'한ㅏ'`` and ``'ㅎㅏㄴㅏ'`` alike). Without a marker, a consonant after a
    vowel becomes a final consonant unless a vowel follows it (the usual
    reading, e.g. ``'ㅁㅗㄹㄹㅏ'`` → ``'몰라'``).
    """
    jamo = _text(jamo, "jamo")
    marker = empty_final or ""
    out: list[str] = []
    i, n = 0, len(jamo)
    while i < n:
        c = jamo[i]
        if c in _INITIAL_INDEX and i + 1 < n and jamo[i + 1] in _MEDIAL_INDEX:
            initial, medial = c, jamo[i + 1]
            j = i + 2
            final = ""
            if marker and jamo.startswith(marker, j):
                j += len(marker)
            elif j < n and jamo[j] in _FINAL_INDEX and not (j + 1 < n and jamo[j + 1] in _MEDIAL_INDEX):
                final = jamo[j]
                j += 1
            elif marker:  # neither marker nor final: bare jamo, not a syllable
                out.append(c)
                i += 1
                continue
            i = j
            out.append(join_syllable(initial, medial, final))
        else:
            out.append(c)
            i += 1
    return "".join(out)
