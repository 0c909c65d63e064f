"""The vocabulary word2vec trains on: counting, ``min_count`` and subsampling.

word2vec first counts every word of the corpus, forgets the words seen fewer
than ``min_count`` times and numbers the rest from the most frequent (index 0)
to the rarest. Then, while training, it *subsamples* frequent words: a word
that makes up a fraction ``f`` of the corpus is kept with probability

    keep(w) = (sqrt(f / sample) + 1) * sample / f      (at most 1)

(the formula of the original C code and of gensim). With ``sample=1e-3``,
"the" (about 5% of English text) survives only about one time in six, while
every word rarer than about 0.26% of the corpus is always kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class CorpusVocab:
    """Words sorted by descending count (ties as in gensim) with their counts."""

    words: list[str]
    counts: np.ndarray
    index: dict[str, int] = field(repr=False)

    def __len__(self) -> int:
        return len(self.words)

    @property
    def total(self) -> int:
        """Number of corpus tokens that belong to the vocabulary."""
        return int(self.counts.sum())

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_count: int = 5) -> CorpusVocab:
        """Count words and keep those seen at least ``min_count`` times.

        The order matches gensim's ``Word2Vec``: descending count; among equal
        counts, the word that appeared *later* in the corpus comes first.
        """
        counter: Counter[str] = Counter()
        for sentence in sentences:
            if isinstance(sentence, str):
                raise TypeError("문장은 문자열이 아니라 토큰 리스트여야 합니다. 예: 'the cat sat'.split()")
            counter.update(sentence)
        kept = [(w, c) for w, c in counter.items() if c >= min_count]  # first-occurrence order
        if not kept:
            raise ValueError(
                f"min_count={min_count}번 이상 나온 단어가 하나도 없습니다. "
                "말뭉치가 너무 작거나 min_count가 너무 큽니다."
            )
        counts = np.array([c for _, c in kept], dtype=np.int64)
        order = np.lexsort((-np.arange(len(kept)), -counts))
        words = [kept[i][0] for i in order]
        return cls(words, counts[order], {w: i for i, w in enumerate(words)})

    def encode(self, sentences: Iterable[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Word ids of all in-vocabulary tokens, and the sentence number of each.

        Out-of-vocabulary tokens are dropped *before* windows are taken, as in
        word2vec, so a rare word never separates two neighbours.
        """
        get = self.index.get
        ids: list[int] = []
        lengths: list[int] = []
        for sentence in sentences:
            before = len(ids)
            ids.extend(i for i in map(get, sentence) if i is not None)
            lengths.append(len(ids) - before)
        sentence_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        return np.asarray(ids, dtype=np.int32), sentence_of


def keep_probability(counts: Sequence[int] | np.ndarray, sample: float = 1e-3) -> np.ndarray:
    """Probability that each occurrence of a word survives subsampling.

    ``counts`` are the vocabulary counts; ``sample`` is word2vec's threshold
    (``0`` or ``None`` turns subsampling off). Same formula as gensim.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if not sample:
        return np.ones_like(counts)
    threshold = sample * counts.sum() if sample < 1.0 else float(int(sample * (3 + np.sqrt(5)) / 2))
    prob = (np.sqrt(counts / threshold) + 1.0) * (threshold / counts)
    return np.minimum(prob, 1.0)
