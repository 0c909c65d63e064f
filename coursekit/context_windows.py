"""Training examples from a sliding context window (the CBOW and skip-gram datasets).

These are the slides' tables, built the simple way: a word ``window`` positions
left or right of the centre is a context word. The fast trainer in
:mod:`coursekit.sgns` (used by :mod:`coursekit.word2vec`) draws the same pairs inside TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence


def _check(tokens: Sequence[str], window: int) -> None:
    if isinstance(tokens, str):
        raise TypeError("tokens에는 문자열이 아니라 토큰 리스트를 넣으세요. 예: 'the fat cat'.split()")
    if window < 1:
        raise ValueError(f"window는 1 이상이어야 합니다 (받은 값: {window}).")


def cbow_examples(tokens: Sequence[str], window: int = 2) -> list[tuple[list[str], str]]:
    """(context words, centre word) for every position, as in the CBOW slide.

    >>> cbow_examples("the fat cat".split(), window=1)[1]
    (['the', 'cat'], 'fat')
    """
    _check(tokens, window)
    out = []
    for i, centre in enumerate(tokens):
        left = list(tokens[max(0, i - window) : i])
        right = list(tokens[i + 1 : i + 1 + window])
        out.append((left + right, centre))
    return out


def skipgram_pairs(tokens: Sequence[str], window: int = 2) -> list[tuple[str, str]]:
    """(input word, target word) pairs: each centre word with each of its context words.

    >>> skipgram_pairs("thou shalt not".split(), window=1)
    [('thou', 'shalt'), ('shalt', 'thou'), ('shalt', 'not'), ('not', 'shalt')]
    """
    return [(centre, ctx) for context, centre in cbow_examples(tokens, window) for ctx in context]
