"""coursekit.subsampling: word2vec's keep probability of frequent words."""

import numpy as np
import pytest

from coursekit.subsampling import keep_probability


def test_keep_probability_is_word2vecs_formula_and_agrees_with_gensim():
    from gensim.models import Word2Vec

    rng = np.random.default_rng(1)
    sentences = [[f"w{int(k)}" for k in rng.zipf(1.3, size=50) if k < 400] for _ in range(400)]
    model = Word2Vec(vector_size=4, min_count=1, sample=1e-3)
    model.build_vocab(sentences)
    counts = np.array([model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key])
    ours = keep_probability(counts, 1e-3)
    gensim_p = np.array([model.wv.get_vecattr(w, "sample_int") for w in model.wv.index_to_key]) / (2**32 - 1)
    np.testing.assert_allclose(ours, gensim_p, atol=1e-6)
    # by hand: a word that is 5% of the corpus, threshold 1e-3 -> (sqrt(50) + 1) / 50
    f = 0.05
    assert keep_probability([f * 1e6, (1 - f) * 1e6], 1e-3)[0] == pytest.approx(
        (np.sqrt(f / 1e-3) + 1) * 1e-3 / f
    )
    assert np.all(keep_probability([1, 2, 3], 0) == 1.0)
