"""Training on several CPU cores at once: per-worker tables kept in step (``workers > 1``).

word2vec's C code and gensim run their threads "Hogwild": every thread
updates the one shared pair of tables without locks, so each sees the
others' changes at once. XLA cannot do that (a compiled call owns the
tables it updates). Here each worker thread has its own copy of ``(W, W')``
as ``tf.Variable``\\ s, updated in place by its compiled calls, and the copies
are kept in step with a shared ``base``:

* after every round (each worker has trained ``chunk`` examples), the *hot
  rows* are merged: the rows updated most often (the frequent words, and for
  FastText the frequent n-grams). For them a stale copy would hurt most,
  and they are few (``HOT_ROWS``), so merging them is cheap;
* every ``ALL_ROWS_EVERY`` examples per worker and at the end of each
  epoch, all rows are merged.

Merging sets every copy and ``base`` to ``base + Σ (copy - base)``: each
worker's change counts once, in a fixed order, so the result depends only on
the seed and the number of workers, never on thread timing.
"""

from __future__ import annotations

import numpy as np

from coursekit import config

config._quiet_tensorflow()
import tensorflow as tf  # noqa: E402

HOT_ROWS = 4096
"""Rows of each table merged after every round."""

ALL_ROWS_EVERY = 1 << 19
"""Examples per worker between two merges of all rows."""


def hot_rows(update_weight: np.ndarray, k: int = HOT_ROWS) -> np.ndarray:
    """The ``k`` rows with the largest expected number of updates, in row order."""
    weight = np.asarray(update_weight, np.float64)
    if len(weight) <= k:
        return np.arange(len(weight), dtype=np.int32)
    top = np.argpartition(-weight, k - 1)[:k]
    return np.sort(top).astype(np.int32)


@config.expected_retracing
@tf.function(jit_compile=True)
def _merge_rows(base, copies, rows):
    """Rows ``rows`` of ``base`` and of every copy become ``base + Σ (copy - base)``."""
    old = tf.gather(base, rows)
    new = old
    for copy in copies:
        new = new + (tf.gather(copy, rows) - old)
    for var in (base, *copies):
        var.scatter_update(tf.IndexedSlices(new, rows))


@config.expected_retracing
@tf.function(jit_compile=True)
def _merge_all(base, copies):
    """Every row of ``base`` and of every copy becomes ``base + Σ (copy - base)``."""
    old = base.read_value()
    new = old
    for copy in copies:
        new = new + (copy.read_value() - old)
    for var in (base, *copies):
        var.assign(new)


class WorkerTables:
    """``workers`` copies of the tables ``(W, W')`` and their common ``base``."""

    def __init__(self, w_in, w_out, workers: int, hot_in: np.ndarray, hot_out: np.ndarray):
        self.base = (tf.Variable(w_in, trainable=False), tf.Variable(w_out, trainable=False))
        self.copies = [(tf.Variable(w_in, trainable=False), tf.Variable(w_out, trainable=False))
                       for _ in range(workers)]
        self.hot = (tf.constant(hot_in, tf.int32), tf.constant(hot_out, tf.int32))

    def merge_hot(self) -> None:
        for t in (0, 1):
            _merge_rows(self.base[t], [c[t] for c in self.copies], self.hot[t])

    def merge_all(self) -> None:
        for t in (0, 1):
            _merge_all(self.base[t], [c[t] for c in self.copies])

    def numpy(self) -> tuple[np.ndarray, np.ndarray]:
        return self.base[0].numpy(), self.base[1].numpy()
