"""GloVe's starting point: the window-based co-occurrence matrix (lecture 06).

:func:`cooccurrence` counts, for every pair of words, how often one appears
within ``window`` positions of the other. With ``distance_weighting=True`` a
pair ``d`` positions apart adds ``1/d`` (as the GloVe paper does) instead of 1.
The matrix is symmetric and stored sparse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from coursekit.vocab import Vocab


@dataclass
class Cooccurrence:
    """A co-occurrence matrix with its vocabulary (row i and column i are ``vocab[i]``)."""

    vocab: list[str]
    matrix: sp.csr_matrix
    counts: np.ndarray | None = None  # corpus frequency of each vocab word

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
    ``min_count`` occurrences, most frequent first (:meth:`Vocab.build`). Counting is vectorised
    (one numpy pass per distance), so millions of tokens take seconds.
    """
    if window < 1:
        raise ValueError(f"window는 1 이상이어야 합니다 (받은 값: {window}).")
    sentences = [s for s in sentences]
    if any(isinstance(s, str) for s in sentences):
        raise TypeError("문장은 문자열이 아니라 토큰 리스트여야 합니다. 예: 'I like NLP'.split()")
    vocab = list(Vocab.build(sentences, min_count).words if vocab is None else vocab)
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
    counts = np.bincount(ids[ids >= 0], minlength=size)
    return Cooccurrence(vocab, matrix, counts)


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




def _pairs(cooc: Cooccurrence, x_max: float, alpha: float):
    """Row/column ids, f(X) and log X of every non-zero entry (both directions)."""
    coo = cooc.matrix.tocoo()
    return (
        coo.row.astype(np.int32),
        coo.col.astype(np.int32),
        weighting(coo.data, x_max, alpha).astype(np.float32),
        np.log(coo.data).astype(np.float32),
    )


def train(
    sentences: Iterable[Sequence[str]],
    dim: int = 100,
    window: int = 10,
    min_count: int = 5,
    epochs: int = 15,
    x_max: float = 100.0,
    alpha: float = 0.75,
    learning_rate: float = 0.01,
    batch_size: int = 8192,
    optimizer: str = "adam",
    seed: int = 0,
    progress: bool = False,
    cooc: Cooccurrence | None = None,
    history: dict[str, list[float]] | None = None,
):
    """Train GloVe vectors on the non-zero co-occurrences with TensorFlow; returns gensim ``KeyedVectors``.

    Counts are distance-weighted (1/d, as in the paper) over ``window`` words;
    each step takes a shuffled mini-batch of entries X_ij and lowers
    ``f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2`` (summed over the batch).
    The step is compiled with XLA and runs on a GPU if TensorFlow sees one.
    The final vectors are ``W + W~``, most frequent word first, with gensim's
    ``count`` attribute set. The mean loss of each epoch is appended to
    ``history["loss"]`` when a ``history`` dict is given (see :class:`GloVe`).

    ``optimizer="adam"`` (default, ``learning_rate=0.01``) updates the tables
    with Adam; ``"adagrad"`` is the reference implementation's AdaGrad
    (accumulators start at 1, use ``learning_rate=0.05``) applied to
    mini-batches. AdaGrad learns much more slowly here: on 1M words of en8
    (dim 50, 15 epochs, bench/glove.py) it reached WS353 0.17 with neighbours
    at cosine ~0.9 (one dominant direction), Adam 0.29. The GloVe demo uses
    ``x_max=10`` for text8; on 1M words of en8 10 and 100 were close.
    """
    import tensorflow as tf

    from coursekit.vocab import to_keyed_vectors

    if optimizer not in ("adam", "adagrad"):
        raise ValueError(f"optimizer는 'adam' 또는 'adagrad'여야 합니다 (받은 값: {optimizer!r}).")
    sentences = [list(s) for s in sentences]
    if cooc is None:
        cooc = cooccurrence(sentences, window, min_count=min_count, distance_weighting=True)
    if not cooc.vocab:
        raise ValueError(f"min_count={min_count} 이상 나온 단어가 없습니다. min_count를 낮추세요.")
    rows, cols, f, logx = _pairs(cooc, x_max, alpha)

    size = len(cooc.vocab)
    rng = np.random.default_rng(seed)

    def init(shape):
        return tf.Variable((rng.random(shape, dtype=np.float32) - 0.5) / dim)

    params = (init((size, dim)), init((size, dim)), init((size,)), init((size,)))
    w, w_ctx, b, b_ctx = params
    if optimizer == "adam":
        slots = [(tf.Variable(tf.zeros_like(v)), tf.Variable(tf.zeros_like(v))) for v in params]
    else:
        slots = [(tf.Variable(tf.ones_like(v)), None) for v in params]
    t = tf.Variable(0.0)
    lr = tf.constant(learning_rate, tf.float32)

    @tf.function(jit_compile=True)
    def step(i, j, fx, lx):
        wi, wj = tf.gather(w, i), tf.gather(w_ctx, j)
        diff = tf.reduce_sum(wi * wj, axis=1) + tf.gather(b, i) + tf.gather(b_ctx, j) - lx
        fdiff = fx * diff
        grads = (fdiff[:, None] * wj, fdiff[:, None] * wi, fdiff, fdiff)
        t.assign_add(1.0)
        for var, (s1, s2), idx, g in zip(params, slots, (i, j, i, j), grads, strict=True):
            g = tf.math.unsorted_segment_sum(g, idx, size)  # gradient of each row over the batch
            if s2 is None:  # AdaGrad
                s1.assign_add(g * g)
                var.assign_sub(lr * g / tf.sqrt(s1))
            else:  # Adam
                s1.assign(0.9 * s1 + 0.1 * g)
                s2.assign(0.999 * s2 + 0.001 * g * g)
                m_hat = s1 / (1.0 - 0.9**t)
                v_hat = s2 / (1.0 - 0.999**t)
                var.assign_sub(lr * m_hat / (tf.sqrt(v_hat) + 1e-8))
        return 0.5 * tf.reduce_sum(fdiff * diff)

    losses = []
    n = len(rows)
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            sel = order[start : start + batch_size]
            total += float(step(rows[sel], cols[sel], f[sel], logx[sel]))
        losses.append(total / n)
        if progress:
            print(f"epoch {epoch + 1}/{epochs}: loss {total / n:.4f}")

    if cooc.counts is None:  # a Cooccurrence built by hand
        frequency = Vocab.build(sentences)
        cooc.counts = np.array([frequency.count(w) for w in cooc.vocab])
    if history is not None:
        history.setdefault("loss", []).extend(losses)
    return to_keyed_vectors(cooc.vocab, (w + w_ctx).numpy(), skip=(), counts=cooc.counts)


class GloVe:
    """GloVe as a model object: ``GloVe(**options).fit(sentences)`` returns the model.

    ``options`` are :func:`train`'s keywords. After :meth:`fit`: ``.wv`` (gensim
    ``KeyedVectors``) and ``.history["loss"]`` (mean loss of each epoch).
    """

    def __init__(self, **options):
        self.options = options
        self.wv = None
        self.history: dict[str, list[float]] = {"loss": []}

    def fit(self, sentences: Iterable[Sequence[str]], cooc: Cooccurrence | None = None) -> GloVe:
        self.wv = train(sentences, cooc=cooc, history=self.history, **self.options)
        return self
