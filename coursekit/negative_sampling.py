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
  trainer (:mod:`coursekit.word2vec`) uses it inside TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

POWER = 0.75


def noise_distribution(counts: Sequence[int] | np.ndarray, power: float = POWER) -> np.ndarray:
    """``count ** power``, normalised to sum to 1 (``power=1`` gives the raw unigram)."""
    weights = np.asarray(counts, dtype=np.float64) ** power
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
