"""GloVe (lecture 06): the co-occurrence matrix, the weighting f(X), the loss and a fast trainer.

:func:`cooccurrence` counts, for every pair of words, how often one appears
within ``window`` positions of the other. With ``distance_weighting=True`` a
pair ``d`` positions apart adds ``1/d`` (as the GloVe paper does) instead of 1.
The matrix is symmetric and stored sparse.

:class:`GloVe` fits vectors to it as Pennington, Socher and Manning (2014,
"GloVe: Global Vectors for Word Representation", EMNLP) do: for every
non-zero entry ``X_ij`` it lowers ``f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2``
with AdaGrad, one entry at a time in shuffled order, like the reference C code;
here a batch of entries at a time inside one XLA-compiled loop, updating only
the rows the batch touches (see :func:`adagrad_epoch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from coursekit import validation
from coursekit.vocab import Vocab, count_words

__all__ = [
    "Cooccurrence",
    "cooccurrence",
    "weighting",
    "loss",
    "GloVe",
    "train",
    "entries",
    "adagrad_epoch",
    "X_MAX",
]

X_MAX = 100.0  # the paper's x_max; the GloVe demo uses 10 for text8
CLIP = 100.0  # the reference code clips each lr-scaled gradient component to +-100
_CHUNK_TOKENS = 1 << 20  # corpus positions counted at a time


@dataclass
class Cooccurrence:
    """A co-occurrence matrix with its vocabulary (row i and column i are ``vocab[i]``)."""

    vocab: list[str]
    matrix: sp.csr_matrix
    counts: np.ndarray | None = None  # corpus frequency of each vocab word

    @cached_property
    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocab)}

    @property
    def nbytes(self) -> int:
        """Memory held by the sparse matrix (values, column ids and row pointers)."""
        m = self.matrix
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)

    def _id(self, word: str) -> int:
        if word not in self.index:
            raise KeyError(f"'{word}'은(는) 어휘에 없습니다.")
        return self.index[word]

    def __getitem__(self, pair: tuple[str, str]) -> float:
        a, b = (self._id(w) for w in pair)
        return float(self.matrix[a, b])

    def dense(self, words: Sequence[str] | None = None) -> np.ndarray:
        """The matrix as a dense array, rows/columns in ``words`` order (default: vocab)."""
        if words is None:
            return self.matrix.toarray()
        missing = [w for w in words if w not in self.index]
        if missing:
            raise KeyError(f"어휘에 없는 단어: {missing}")
        ids = [self.index[w] for w in words]
        return self.matrix[ids][:, ids].toarray()

    def cond_prob(self, context: str, word: str) -> float:
        """P(context | word) = X[word, context] / sum_k X[word, k]."""
        i, k = self._id(word), self._id(context)
        row = self.matrix[i]
        total = row.sum()
        return float(row[0, k] / total) if total else 0.0


def _encode(sentences: list[Sequence[str]], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Word ids (``-1`` for words outside the vocabulary) and the sentence number of every token."""
    get = index.get
    ids = np.fromiter((get(w, -1) for s in sentences for w in s), dtype=np.int32)
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    sentence_of = np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)
    return ids, sentence_of


def _count_pairs(ids: np.ndarray, sentence_of: np.ndarray, size: int, window: int,
                 distance_weighting: bool, chunk: int = _CHUNK_TOKENS) -> sp.csr_matrix:
    """The symmetric co-occurrence matrix, counted ``chunk`` positions at a time.

    Each pair is stored once as (smaller id, larger id) while counting, so the
    work and the memory of a chunk are ``chunk * window`` entries; chunks are
    summed as sparse matrices, and the matrix is mirrored at the end.
    """
    n = len(ids)
    upper = sp.csr_matrix((size, size), dtype=np.float64)
    for start in range(0, n, chunk):
        rows, cols, vals = [], [], []
        for d in range(1, window + 1):
            stop = min(start + chunk, n - d)
            if stop <= start:
                break
            a, b = ids[start:stop], ids[start + d : stop + d]
            keep = (a >= 0) & (b >= 0) & (sentence_of[start:stop] == sentence_of[start + d : stop + d])
            a, b = a[keep], b[keep]
            rows.append(np.minimum(a, b))
            cols.append(np.maximum(a, b))
            vals.append(np.full(len(a), 1.0 / d if distance_weighting else 1.0))
        if not rows:
            break
        part = sp.coo_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size)
        ).tocsr()
        part.sum_duplicates()
        upper = upper + part
    full = (upper + upper.T).tocsr()  # the diagonal (a word near itself) counts both directions
    full.sum_duplicates()
    full.sort_indices()
    return full


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
    (numpy slices per distance, a million positions at a time, summed as
    scipy sparse matrices), so text8's 17M words take about a minute on a CPU
    and the memory grows with the number of non-zero entries, not with V².
    """
    validation.at_least(window, "window")
    sentences = validation.token_lists(sentences, "sentences", allow_empty=True)
    if vocab is None:
        # Ties by word (not gensim's order): lecture 06's executed outputs depend on this order.
        counts = count_words(sentences)
        vocab = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]
    vocab = list(vocab)
    index = {w: i for i, w in enumerate(vocab)}
    ids, sentence_of = _encode(sentences, index)
    matrix = _count_pairs(ids, sentence_of, len(vocab), window, distance_weighting)
    counts = np.bincount(ids[ids >= 0], minlength=len(vocab))
    return Cooccurrence(vocab, matrix, counts)


def weighting(x: np.ndarray, x_max: float = X_MAX, alpha: float = 0.75) -> np.ndarray:
    """GloVe's weight f(X) = (X / x_max)^alpha below x_max, 1 above: rare pairs count less,
    very frequent pairs do not dominate."""
    x = np.asarray(x, dtype=np.float64)
    return np.minimum(1.0, (x / x_max) ** alpha)


def loss(w, w_ctx, b, b_ctx, x, x_max: float = X_MAX, alpha: float = 0.75) -> float:
    """sum_ij f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2 over the non-zero X_ij (dense inputs)."""
    x = np.asarray(x, dtype=np.float64)
    i, j = np.nonzero(x)
    diff = np.sum(w[i] * w_ctx[j], axis=1) + b[i] + b_ctx[j] - np.log(x[i, j])
    return float(np.sum(weighting(x[i, j], x_max, alpha) * diff**2))


# ---------------------------------------------------------------------------
# Training: AdaGrad over the shuffled non-zero entries
# ---------------------------------------------------------------------------


@dataclass
class Entries:
    """The non-zero entries X_ij in one shuffled order: ids, f(X_ij) and log X_ij (float32)."""

    rows: np.ndarray
    cols: np.ndarray
    weight: np.ndarray
    log_x: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)


def entries(cooc: Cooccurrence, x_max: float = X_MAX, alpha: float = 0.75, seed: int = 0) -> Entries:
    """Every non-zero entry of ``cooc`` (both X_ij and X_ji), shuffled once, as the reference
    code's ``shuffle`` step does."""
    m = cooc.matrix.tocsr()
    rows = np.repeat(np.arange(m.shape[0], dtype=np.int32), np.diff(m.indptr))
    order = np.random.default_rng(seed).permutation(len(rows))
    x = m.data[order]
    return Entries(
        rows[order],
        m.indices[order].astype(np.int32),
        weighting(x, x_max, alpha).astype(np.float32),
        np.log(x).astype(np.float32),
    )


def adagrad_epoch(params, sums, rows, cols, weight, log_x, blocks, lr, batch: int, dim: int):
    """One pass of AdaGrad over the entries, ``batch`` at a time (compile with ``jit_compile=True``).

    ``params`` is ``[2V, dim + 1]``: row ``i`` is word ``i``'s vector and
    bias, row ``V + j`` context word ``j``'s (``cols`` are already shifted by
    ``V``); ``sums`` (same shape) holds AdaGrad's sums of squared gradients
    (starting at 1). ``blocks`` is the order in which the ``batch``-sized
    blocks of the entries are visited. For every entry, as in the reference
    code, ``g = lr * f(X) * diff * (other vector, 1)`` clipped to +-100; ``g**2``
    is added to the sum and the row moves by ``-g / sqrt(sum)``. All
    entries of a batch see the same tables; the changes of a row that occurs
    several times in a batch are added up (scatter-add on the touched rows
    only). Returns the new tables and the sum of ``0.5 f(X) diff**2``.
    """
    import tensorflow as tf

    def body(k, params, sums, total):
        first = tf.gather(blocks, k) * batch
        i = tf.slice(rows, [first], [batch])
        j = tf.slice(cols, [first], [batch])
        f = tf.slice(weight, [first], [batch])
        lx = tf.slice(log_x, [first], [batch])
        idx = tf.concat([i, j], axis=0)
        got = tf.gather(params, idx)  # [2B, dim+1]
        wi, wj = got[:batch], got[batch:]
        diff = tf.reduce_sum(wi[:, :dim] * wj[:, :dim], axis=1) + wi[:, dim] + wj[:, dim] - lx
        fdiff = f * diff
        other = tf.concat([wj[:, :dim], wi[:, :dim]], axis=0)
        step = tf.concat([fdiff, fdiff], axis=0)[:, None] * lr
        grad = tf.clip_by_value(step * tf.concat([other, tf.ones_like(other[:, :1])], axis=1), -CLIP, CLIP)
        # sums first, then the step with the new sums (textbook AdaGrad; the reference code divides
        # by the sum before adding g**2). In this order XLA updates both tables in place: reading
        # the old sums after the params' scatter made it copy a table every step (7x slower on a CPU).
        sums = tf.tensor_scatter_nd_add(sums, idx[:, None], grad * grad)
        params = tf.tensor_scatter_nd_add(params, idx[:, None], -grad * tf.math.rsqrt(tf.gather(sums, idx)))
        return k + 1, params, sums, total + 0.5 * tf.reduce_sum(fdiff * diff)

    n_blocks = tf.shape(blocks)[0]
    _, params, sums, total = tf.while_loop(
        lambda k, *_: k < n_blocks, body, (tf.constant(0), params, sums, tf.constant(0.0))
    )
    return params, sums, total


_compiled: dict[str, object] = {}


def _compiled_epoch():
    if "epoch" not in _compiled:
        import tensorflow as tf

        from coursekit.config import expected_retracing

        _compiled["epoch"] = expected_retracing(
            tf.function(adagrad_epoch, jit_compile=True, reduce_retracing=True))
    return _compiled["epoch"]


def default_batch(size: int) -> int:
    """Entries per AdaGrad step: 1024 on a CPU, 16384 on a GPU, fewer for tiny vocabularies
    (at most about 4 entries per word and batch, so that summed updates stay small).

    On a CPU one XLA step costs about the same per entry whatever the batch, and
    1024 was the fastest measured (1.5M entries per CPU-second vs 1.1M at 4096)."""
    from coursekit import config

    batch = 16384 if config.gpus() else 1024
    while batch > 16 and batch > 4 * size:
        batch //= 2
    return batch


class GloVe:
    """GloVe vectors: ``GloVe(dim=100, window=10).fit(sentences)`` → ``.wv`` (gensim KeyedVectors).

    ``fit`` counts distance-weighted (1/d) co-occurrences over ``window``
    words (or takes a ready ``cooc``), shuffles the non-zero entries once and
    runs ``epochs`` passes of AdaGrad (:func:`adagrad_epoch`; ``learning_rate``
    0.05 and sums starting at 1 as in the reference code, batches of
    :func:`default_batch` entries visited in a new order every epoch). The final
    vectors are ``W + W~``, most frequent word first, with gensim's ``count``
    attribute. ``history["loss"]`` holds each epoch's mean of
    ``0.5 f(X) diff**2`` per entry (the reference code's "cost").
    The epoch is one XLA-compiled loop and runs on a GPU if TensorFlow sees one.
    """

    def __init__(self, dim: int = 100, window: int = 10, min_count: int = 5, epochs: int = 15,
                 x_max: float = X_MAX, alpha: float = 0.75, learning_rate: float = 0.05,
                 batch_size: int | None = None, seed: int = 0, progress: bool = False):
        if min(dim, window, epochs) < 1:
            raise ValueError("dim, window, epochs는 모두 1 이상이어야 합니다.")
        for name, value in (("dim", dim), ("window", window), ("epochs", epochs)):
            validation.at_least(value, name)
        validation.non_negative(x_max, "x_max", positive=True)
        validation.non_negative(learning_rate, "learning_rate", positive=True)
        validation.non_negative(alpha, "alpha")
        if batch_size is not None:
            validation.at_least(batch_size, "batch_size")
        self.dim, self.window, self.min_count, self.epochs = dim, window, min_count, epochs
        self.x_max, self.alpha, self.learning_rate = x_max, alpha, learning_rate
        self.batch_size, self.seed, self.progress = batch_size, seed, progress
        self.wv = None
        self.cooc: Cooccurrence | None = None
        self.history: dict[str, list[float]] = {"loss": []}
        self.tables: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def fit(self, sentences: Iterable[Sequence[str]] | None = None, *,
            cooc: Cooccurrence | None = None) -> GloVe:
        """Count (unless ``cooc`` is given) and train; returns ``self``."""
        if sentences is not None:
            sentences = validation.token_lists(sentences, "sentences")
        if cooc is None:
            if sentences is None:
                raise ValueError("sentences 또는 cooc 중 하나는 주어야 합니다.")
            cooc = cooccurrence(sentences, self.window, min_count=self.min_count, distance_weighting=True)
        if not cooc.vocab:
            raise ValueError(f"min_count={self.min_count} 이상 나온 단어가 없습니다. min_count를 낮추세요.")
        if cooc.matrix.nnz == 0:  # nothing to fit: training would return the random start
            raise validation.no_training_pairs(self.min_count, f" (window={self.window} 안에서 함께 나온 단어 쌍 0개)")
        if cooc.counts is None:  # a Cooccurrence built by hand
            if sentences is None:
                raise ValueError("cooc.counts가 없으면 단어 빈도를 셀 sentences가 필요합니다.")
            frequency = Vocab.build(sentences)
            cooc.counts = np.array([frequency.count(w) for w in cooc.vocab])
        self.cooc = cooc
        table = self._train(cooc)  # [2V, dim + 1]: words then context words, bias last
        size, dim = len(cooc.vocab), self.dim
        w, w_ctx = table[:size, :dim], table[size:, :dim]
        self.tables = (w, w_ctx, table[:size, dim], table[size:, dim])
        from coursekit.vocab import to_keyed_vectors

        self.wv = to_keyed_vectors(cooc.vocab, w + w_ctx, skip=(), counts=cooc.counts)
        return self

    def _train(self, cooc: Cooccurrence) -> np.ndarray:
        import tensorflow as tf

        size, dim = len(cooc.vocab), self.dim
        rng = np.random.default_rng(self.seed)
        data = entries(cooc, self.x_max, self.alpha, seed=self.seed)
        batch = self.batch_size or default_batch(size)
        n_blocks = -(-len(data) // batch)
        pad = n_blocks * batch - len(data)  # padded entries have f = 0: no change
        rows = tf.constant(np.pad(data.rows, (0, pad)))
        cols = tf.constant(np.pad(data.cols, (0, pad)) + np.int32(size))
        weight = tf.constant(np.pad(data.weight, (0, pad)))
        log_x = tf.constant(np.pad(data.log_x, (0, pad)))
        params = tf.constant((rng.random((2 * size, dim + 1), dtype=np.float32) - 0.5) / dim)
        sums = tf.ones((2 * size, dim + 1), tf.float32)  # AdaGrad's sums start at 1
        run = _compiled_epoch()
        lr = tf.constant(self.learning_rate, tf.float32)
        self.history = {"loss": []}
        for epoch in range(self.epochs):
            blocks = tf.constant(rng.permutation(n_blocks).astype(np.int32))
            params, sums, total = run(params, sums, rows, cols, weight, log_x, blocks, lr, batch, dim)
            self.history["loss"].append(float(total) / len(data))
            if self.progress:
                print(f"epoch {epoch + 1}/{self.epochs}: loss {self.history['loss'][-1]:.4f}", flush=True)
        return params.numpy()

    def predict_log(self, pairs_i: np.ndarray, pairs_j: np.ndarray) -> np.ndarray:
        """``w_i . w~_j + b_i + b~_j`` for arrays of row and column ids (what GloVe fits to log X_ij)."""
        if self.tables is None:
            raise RuntimeError("먼저 fit()으로 학습하세요.")
        w, w_ctx, b, b_ctx = self.tables
        return np.sum(w[pairs_i] * w_ctx[pairs_j], axis=1) + b[pairs_i] + b_ctx[pairs_j]


def train(
    sentences: Iterable[Sequence[str]],
    dim: int = 100,
    window: int = 10,
    min_count: int = 5,
    epochs: int = 15,
    x_max: float = X_MAX,
    alpha: float = 0.75,
    learning_rate: float = 0.05,
    batch_size: int | None = None,
    seed: int = 0,
    progress: bool = False,
    cooc: Cooccurrence | None = None,
):
    """Train GloVe (see :class:`GloVe`) and return its gensim ``KeyedVectors``."""
    model = GloVe(dim=dim, window=window, min_count=min_count, epochs=epochs, x_max=x_max,
                  alpha=alpha, learning_rate=learning_rate, batch_size=batch_size, seed=seed,
                  progress=progress)
    if sentences is not None:  # checked before list(s): a string would become its characters
        sentences = [list(s) for s in validation.token_lists(sentences, "sentences")]
    return model.fit(sentences, cooc=cooc).wv
