"""Training examples from a sliding context window (the CBOW and skip-gram datasets).

These are the slides' tables, built the simple way: a word ``window`` positions
left or right of the centre is a context word. The fast trainer in
:mod:`coursekit.sgns` (used by :mod:`coursekit.word2vec`) draws the same pairs inside TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence

from coursekit import validation


def _check(tokens: Sequence[str], window: int) -> None:
    """One sentence (a token list, not a string or a list of sentences) and a window of 1 or more."""
    validation.tokens(tokens, "tokens(문장 하나)")
    validation.at_least(window, "window")


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
