"""coursekit.word2vec: skip-gram and CBOW training, the Word2Vec model and train()."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import word2vec
from coursekit.vocab import Vocab

tf = pytest.importorskip("tensorflow")


def _clusters(n_sentences: int = 400, seed: int = 0) -> list[list[str]]:
    """Sentences that each use words of one topic only: a0..a5, b0..b5 or c0..c5."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_sentences):
        topic = "abc"[rng.integers(3)]
        out.append([f"{topic}{i}" for i in rng.integers(0, 6, size=12)])
    return out


def _topic_accuracy(kv) -> float:
    hits = 0
    for word in kv.index_to_key:
        neighbours = [w for w, _ in kv.most_similar(word, topn=5)]
        hits += sum(n[0] == word[0] for n in neighbours)
    return hits / (5 * len(kv))


@pytest.mark.parametrize("sg", [True, False])
def test_training_learns_topics(sg):
    kv = word2vec.train(_clusters(), sg=sg, dim=16, window=3, epochs=3, min_count=1,
                        sample=0, seed=0, progress=False)
    assert _topic_accuracy(kv) > 0.9


def test_untrained_vectors_do_not_know_topics():
    """The topic test above can fail: with zero epochs' worth of learning it does."""
    sentences = _clusters()
    kv = word2vec.train(sentences, dim=16, window=3, epochs=1, min_count=1, sample=0, seed=0,
                        progress=False, alpha=1e-7, min_alpha=1e-7)
    assert _topic_accuracy(kv) < 0.6


def test_returns_keyed_vectors_with_vocab_order_and_counts():
    from gensim.models import KeyedVectors

    sentences = _clusters(60)
    kv = word2vec.train(sentences, dim=8, epochs=1, min_count=1, seed=0, progress=False)
    expected = Vocab.build(sentences, 1)
    assert isinstance(kv, KeyedVectors)
    assert kv.index_to_key == expected.words
    assert kv.vectors.shape == (len(expected), 8) and kv.vectors.dtype == np.float32
    assert [kv.get_vecattr(w, "count") for w in kv.index_to_key] == expected.counts.tolist()


def test_same_seed_same_vectors_other_seed_other_vectors():
    sentences = _clusters(100)
    args = dict(dim=8, window=2, epochs=2, min_count=1, progress=False)
    a = word2vec.train(sentences, seed=5, **args)
    b = word2vec.train(sentences, seed=5, **args)
    c = word2vec.train(sentences, seed=6, **args)
    assert np.array_equal(a.vectors, b.vectors)
    assert not np.allclose(a.vectors, c.vectors)
    # two workers in threads: still reproducible, whatever the thread timing
    d = word2vec.train(sentences, seed=5, workers=2, chunk=500, **args)
    e = word2vec.train(sentences, seed=5, workers=2, chunk=500, **args)
    assert np.array_equal(d.vectors, e.vectors)


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="1 이상"):
        word2vec.train(_clusters(10), window=0, min_count=1, progress=False)
    with pytest.raises(TypeError, match="토큰 리스트"):
        word2vec.train(["a plain string"], min_count=1, progress=False)


def test_model_contract():
    model = word2vec.Word2Vec(sg=False, dim=8, window=2, epochs=2, min_count=1, seed=0)
    assert model.fit(_clusters(60), progress=False) is model
    assert set(model.history) == {"loss"} and len(model.history["loss"]) == 2
    assert model.wv.vectors.shape == (len(model.vocab), 8) and not hasattr(model.wv, "losses")
    assert np.array_equal(model.wv.vectors, model.W)
