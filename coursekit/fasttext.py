"""FastText's subwords: character n-grams of ``<word>`` (lecture 05).

A word is wrapped in ``<`` and ``>`` so that the n-gram ``her`` inside
``<where>`` differs from the whole word ``<her>``; its vector is the sum of the
vectors of its n-grams (and of the word itself). With ``jamo=True`` Korean
words are first decomposed into jamo (see :mod:`coursekit.hangul`), so that
모르다 / 몰라 / 몰랐다 share n-grams such as ``ㅁㅗ``.
"""

from __future__ import annotations

from coursekit.hangul import decompose

BOW, EOW = "<", ">"


def char_ngrams(word: str, min_n: int = 3, max_n: int = 6, *, jamo: bool = False) -> list[str]:
    """The character n-grams of ``<word>`` for n = min_n..max_n, shortest first.

    As in fastText (and gensim), a short word's whole ``<word>`` is one of its
    n-grams when it fits in ``max_n`` characters.

    >>> char_ngrams("eating", 3, 3)
    ['<ea', 'eat', 'ati', 'tin', 'ing', 'ng>']
    """
    if not isinstance(word, str) or not word:
        raise ValueError("단어(빈 문자열이 아닌 str)를 넣으세요.")
    if not 1 <= min_n <= max_n:
        raise ValueError(f"1 <= min_n <= max_n 이어야 합니다 (받은 값: min_n={min_n}, max_n={max_n}).")
    text = BOW + (decompose(word) if jamo else word) + EOW
    grams = []
    for n in range(min_n, max_n + 1):
        grams += [text[i : i + n] for i in range(len(text) - n + 1)]
    return grams
