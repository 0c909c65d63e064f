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
    ``min_count`` occurrences, most frequent first. Counting is vectorised
    (one numpy pass per distance), so millions of tokens take seconds.
    """
    if window < 1:
        raise ValueError(f"window는 1 이상이어야 합니다 (받은 값: {window}).")
    sentences = [s for s in sentences]
    if any(isinstance(s, str) for s in sentences):
        raise TypeError("문장은 문자열이 아니라 토큰 리스트여야 합니다. 예: 'I like NLP'.split()")
    if vocab is None:
        counts = Counter(w for s in sentences for w in s)
        vocab = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]
    vocab = list(vocab)
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.fromiter((index.get(w, -1) for s in sentences for w in s), dtype=np.int64)
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    sentence_of = np.repeat(np.arange(len(sentences)), lengths)
    size = len(vocab)
    matrix = sp.csr_matrix((size, size), dtype=np.float64)
    for d in range(1, window + 1):
        if d >= len(ids):
            break
        a, b = ids[:-d], ids[d:]
        keep = (a >= 0) & (b >= 0) & (sentence_of[:-d] == sentence_of[d:])
        a, b = a[keep], b[keep]
        weight = 1.0 / d if distance_weighting else 1.0
        vals = np.full(2 * len(a), weight)
        matrix = matrix + sp.csr_matrix(
            (vals, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(size, size)
        )
    matrix.sum_duplicates()
    return Cooccurrence(vocab, matrix)


def weighting(x: np.ndarray, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """GloVe's weight f(X) = (X / x_max)^alpha below x_max, 1 above: rare pairs count less,
    very frequent pairs do not dominate."""
    x = np.asarray(x, dtype=np.float64)
    return np.minimum(1.0, (x / x_max) ** alpha)


def loss(w, w_ctx, b, b_ctx, x, x_max: float = 100.0, alpha: float = 0.75) -> float:
    """sum_ij f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2 over the non-zero X_ij (dense inputs)."""
    x = np.asarray(x, dtype=np.float64)
    i, j = np.nonzero(x)
    diff = np.sum(w[i] * w_ctx[j], axis=1) + b[i] + b_ctx[j] - np.log(x[i, j])
    return float(np.sum(weighting(x[i, j], x_max, alpha) * diff**2))

