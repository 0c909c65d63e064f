"""Subsampling of frequent words (lecture 04).

While training, word2vec drops some occurrences of frequent words before it
takes windows: a word that makes up a fraction ``f`` of the corpus is kept
with probability

    keep(w) = (sqrt(f / sample) + 1) * sample / f      (at most 1)

(the formula of the original C code and of gensim). With ``sample=1e-3``,
"the" (about 5% of English text) survives only about one time in six, while
every word rarer than about 0.26% of the corpus is always kept. The trainer
(:mod:`coursekit.sgns`) draws a fresh coin for every occurrence in every epoch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coursekit import validation


def keep_probability(counts: Sequence[int] | np.ndarray, sample: float = 1e-3) -> np.ndarray:
    """Probability that each occurrence of a word survives subsampling.

    ``counts`` are the vocabulary counts; ``sample`` is word2vec's threshold
    (``0`` or ``None`` turns subsampling off). Same formula as gensim.
    """
    counts = validation.finite_array(counts, "단어 빈도(counts)")
    if (counts < 0).any():
        raise ValueError("단어 빈도(counts)에 음수가 있습니다. 빈도는 0 이상이어야 합니다.")
    if sample is not None:
        validation.non_negative(sample, "sample", hint="0이면 서브샘플링을 하지 않고, 보통 1e-3~1e-5를 씁니다.")
    if not sample:
        return np.ones_like(counts)
    threshold = sample * counts.sum() if sample < 1.0 else float(int(sample * (3 + np.sqrt(5)) / 2))
    prob = (np.sqrt(counts / threshold) + 1.0) * (threshold / counts)
    return np.minimum(prob, 1.0)
