"""GloVe's starting point: the window-based co-occurrence matrix (lecture 06).

:func:`cooccurrence` counts, for every pair of words, how often one appears
within ``window`` positions of the other. With ``distance_weighting=True`` a
pair ``d`` positions apart adds ``1/d`` (as the GloVe paper does) instead of 1.
The matrix is symmetric and stored sparse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass
class Cooccurrence:
    """A co-occurrence matrix with its vocabulary (row i and column i are ``vocab[i]``)."""

    vocab: list[str]
    matrix: sp.csr_matrix

    @property
    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocab)}

    def __getitem__(self, pair: tuple[str, str]) -> float:
        index = self.index
        a, b = pair
        for w in (a, b):
            if w not in index:
                raise KeyError(f"'{w}'은(는) 어휘에 없습니다.")
        return float(self.matrix[index[a], index[b]])

    def dense(self, words: Sequence[str] | None = None) -> np.ndarray:
        """The matrix as a dense array, rows/columns in ``words`` order (default: vocab)."""
        if words is None:
            return self.matrix.toarray()
        index = self.index
        missing = [w for w in words if w not in index]
        if missing:
            raise KeyError(f"어휘에 없는 단어: {missing}")
        ids = [index[w] for w in words]
        return self.matrix[ids][:, ids].toarray()

    def cond_prob(self, context: str, word: str) -> float:
        """P(context | word) = X[word, context] / sum_k X[word, k]."""
        row = self.matrix[self.index[word]]
        total = row.sum()
        return float(row[0, self.index[context]] / total) if total else 0.0


def cooccurrence(
    sentences: Iterable[Sequence[str]],
    window: int = 5,
    *,
    vocab: Sequence[str] | None = None,
    min_count: int = 1,
    distance_weighting: bool = False,
) -> Cooccurrence:
    """Count co-occurrences of words at most ``window`` positions apart within a sentence.

    ``vocab`` fixes the words and their order (other words are skipped but
    still take up positions); by default the words with at least
    ``min_count`` occurrences, most frequent first.
    """
    if window < 1:
        raise ValueError(f"window는 1 이상이어야 합니다 (받은 값: {window}).")
    sentences = [list(s) for s in sentences]
    for s in sentences:
        if s and isinstance(s, str):
            raise TypeError("문장은 토큰 리스트여야 합니다.")
    if vocab is None:
        counts = Counter(w for s in sentences for w in s)
        vocab = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]
    vocab = list(vocab)
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for sentence in sentences:
        ids = [index.get(w, -1) for w in sentence]
        for pos, a in enumerate(ids):
            if a < 0:
                continue
            for d in range(1, window + 1):
                if pos + d >= len(ids):
                    break
                b = ids[pos + d]
                if b < 0:
                    continue
                weight = 1.0 / d if distance_weighting else 1.0
                rows += [a, b]
                cols += [b, a]
                vals += [weight, weight]
    size = len(vocab)
    matrix = sp.coo_matrix((vals, (rows, cols)), shape=(size, size), dtype=np.float64).tocsr()
    matrix.sum_duplicates()
    return Cooccurrence(vocab, matrix)
