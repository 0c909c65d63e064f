"""Negative samples: words drawn from the unigram distribution raised to 0.75.

For every real (input, neighbour) pair, skip-gram with negative sampling adds
``negative`` fake pairs whose second word is drawn at random from the
vocabulary. word2vec draws word ``w`` with probability

    P(w) = count(w) ** 0.75 / sum_v count(v) ** 0.75

The power 0.75 flattens the raw unigram distribution: very frequent words are
drawn a little less often than their share of the corpus, rare words a little
more often.

Two ways to draw from ``P``:

* :func:`unigram_table` – the original C code's trick: a big array in which each
  word appears about ``P(w) * size`` times; a uniform index into it is a sample.
* :func:`alias_table` – Walker's alias method: two arrays of vocabulary size,
  exact probabilities, one uniform index plus one coin per sample. The fast
  trainer (:mod:`coursekit.sgns`) uses it inside TensorFlow.

Inside the trainer, :func:`sample_noise` and :func:`noise_targets` draw the
noise words in TensorFlow and :func:`sgd_update` is one SGD step of the loss

    -log sigmoid(h . w'_target) - sum_k log sigmoid(-h . w'_noise_k)

for a batch of hidden vectors ``h``, the same step for word2vec and FastText.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coursekit import validation

POWER = 0.75


def noise_distribution(counts: Sequence[int] | np.ndarray, power: float = POWER) -> np.ndarray:
    """``count ** power``, normalised to sum to 1 (``power=1`` gives the raw unigram)."""
    counts = validation.finite_array(counts, "단어 빈도(counts)")
    if counts.ndim != 1 or (counts < 0).any():
        raise ValueError("단어 빈도(counts)는 0 이상인 숫자들의 1차원 배열이어야 합니다 (음수 빈도가 있습니다)."
                         if counts.ndim == 1 else "단어 빈도(counts)는 1차원 배열이어야 합니다.")
    validation.finite_array(power, "power")
    weights = counts**power
    total = weights.sum()
    if total <= 0:
        raise ValueError("단어 빈도의 합이 0입니다. 빈도(count)가 양수인지 확인하세요.")
    return weights / total


def unigram_table(counts: Sequence[int] | np.ndarray, size: int = 1_000_000, power: float = POWER) -> np.ndarray:
    """word2vec.c's table: word ``i`` fills about ``P(i) * size`` consecutive slots."""
    cumulative = np.cumsum(noise_distribution(counts, power))
    slots = (np.arange(size) + 0.5) / size
    return np.minimum(np.searchsorted(cumulative, slots, side="right"), len(cumulative) - 1).astype(np.int32)


def alias_table(probs: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias tables ``(threshold, alias)`` for the distribution ``probs``.

    To sample: pick ``i`` uniformly in ``[0, n)`` and ``u`` in ``[0, 1)``; the
    sample is ``i`` if ``u < threshold[i]`` else ``alias[i]``.
    """
    p = np.asarray(probs, dtype=np.float64)
    n = len(p)
    scaled = p * n / p.sum()
    threshold = np.ones(n, dtype=np.float64)
    alias = np.arange(n, dtype=np.int64)
    small = [i for i in range(n) if scaled[i] < 1.0]
    large = [i for i in range(n) if scaled[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        threshold[s] = scaled[s]
        alias[s] = g
        scaled[g] -= 1.0 - scaled[s]
        (small if scaled[g] < 1.0 else large).append(g)
    return threshold, alias  # leftovers keep threshold 1 (round-off only)


def sample_negatives(
    counts: Sequence[int] | np.ndarray,
    size: int | tuple[int, ...],
    power: float = POWER,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Draw word ids from ``count ** power`` with numpy (for small examples)."""
    rng = np.random.default_rng(rng)
    probs = noise_distribution(counts, power)
    return rng.choice(len(probs), size=size, p=probs)


# ---------------------------------------------------------------------------
# Inside the trainer: noise words and the SGD step, in TensorFlow
# ---------------------------------------------------------------------------


def sample_noise(keys, threshold, alias):
    """Alias-method draws from the noise distribution, one per uint32 key (TensorFlow)."""
    import tensorflow as tf

    from coursekit.random_streams import hash_uint32

    h = hash_uint32(keys)
    size = tf.cast(tf.shape(threshold)[0], tf.uint32)
    slot = tf.cast(h % size, tf.int32)
    coin = tf.cast(tf.bitwise.right_shift(hash_uint32(h ^ 0x68E31DA4), 8), tf.float32) * (
        1.0 / (1 << 24)
    )
    return tf.where(coin < tf.gather(threshold, slot), slot, tf.gather(alias, slot))


def noise_targets(targets, first, negative: int, key, threshold, alias):
    """``[B, 1+K]`` targets and weights: the true word and K noise words per example.

    ``first`` is the number of the batch's first example in the epoch: noise
    word ``k`` of example ``i`` is a hash of ``(key, first + i, k)``, so the
    draws do not depend on how the epoch is cut into batches or chunks. A
    noise word equal to the true word gets weight 0 (word2vec skips it).
    """
    import tensorflow as tf

    from coursekit.random_streams import hash_uint32

    b = tf.shape(targets)[0]
    counters = tf.cast(first + tf.range(b), tf.uint32)[:, None] * tf.constant(
        negative, tf.uint32
    ) + tf.cast(tf.range(negative), tf.uint32)[None, :]
    noise = sample_noise(hash_uint32(counters ^ key) + key, threshold, alias)
    return tf.concat([targets[:, None], noise], axis=1), tf.concat(
        [tf.ones_like(targets[:, None], tf.float32), tf.cast(noise != targets[:, None], tf.float32)],
        axis=1,
    )


def sgd_update(h, targets, weights, out_table, alpha):
    """One SGD step of the negative-sampling loss for a batch of input vectors.

    ``h`` [B, d] are input vectors, ``targets`` [B, 1+K] output-word ids (column
    0 the true word, label 1; the rest noise words, label 0), ``weights``
    [B, 1+K] 1 for terms that count and 0 for padding. Returns
    ``(grad_h, new_out_table, loss)`` where ``grad_h`` is the change to add to
    the input vectors (already scaled by ``alpha``), as in word2vec's ``neu1e``.
    """
    import tensorflow as tf

    out = tf.gather(out_table, targets)  # [B, 1+K, d]
    logits = tf.einsum("bd,bkd->bk", h, out)
    labels = tf.concat(
        [tf.ones_like(logits[:, :1]), tf.zeros_like(logits[:, 1:])], axis=1
    )
    g = (labels - tf.sigmoid(logits)) * weights * alpha
    signed = tf.where(labels > 0, logits, -logits)
    loss = -tf.reduce_sum(tf.math.log_sigmoid(signed) * weights)
    grad_h = tf.einsum("bk,bkd->bd", g, out)
    new_out = tf.tensor_scatter_nd_add(out_table, targets[..., None], g[..., None] * h[:, None, :])
    return grad_h, new_out, loss
