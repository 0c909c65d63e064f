import numpy as np
import pytest

from coursekit.datasets import slide_sentences
from coursekit.glove import cooccurrence

SLIDE_ORDER = ["I", "like", "enjoy", "deep", "learning", "NLP", "flying", "."]
# The slide's window-1 table for "I like deep learning. / I like NLP. / I enjoy flying."
SLIDE_TABLE = [
    [0, 2, 1, 0, 0, 0, 0, 0],
    [2, 0, 0, 1, 0, 1, 0, 0],
    [1, 0, 0, 0, 0, 0, 1, 0],
    [0, 1, 0, 0, 1, 0, 0, 0],
    [0, 0, 0, 1, 0, 0, 0, 1],
    [0, 1, 0, 0, 0, 0, 0, 1],
    [0, 0, 1, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 1, 1, 1, 0],
]


def tokenize(sentence):
    return sentence.replace(".", " .").split()


def brute_force(sentences, window, vocab):
    m = np.zeros((len(vocab), len(vocab)))
    for s in sentences:
        for i, a in enumerate(s):
            for j, b in enumerate(s):
                if i != j and abs(i - j) <= window and a in vocab and b in vocab:
                    m[vocab.index(a), vocab.index(b)] += 1
    return m


def test_slide_table():
    sentences = [tokenize(s) for s in slide_sentences("glove")]
    co = cooccurrence(sentences, window=1)
    assert np.array_equal(co.dense(SLIDE_ORDER), np.array(SLIDE_TABLE))
    assert co["I", "like"] == 2 and co["like", "I"] == 2
    frequency = {w: sum(s.count(w) for s in sentences) for w in co.vocab}
    assert dict(zip(co.vocab, co.counts.tolist(), strict=True)) == frequency


@pytest.mark.parametrize("window", [1, 2, 5])
def test_matches_brute_force_and_is_symmetric(window):
    sentences = [s.split() for s in ["a b c a b", "b c d", "a a d c"]]
    co = cooccurrence(sentences, window=window)
    assert np.array_equal(co.dense(), brute_force(sentences, window, co.vocab))
    assert np.array_equal(co.dense(), co.dense().T)


def test_distance_weighting_and_conditional_probability():
    co = cooccurrence([["a", "b", "c"]], window=2, distance_weighting=True)
    assert co["a", "c"] == pytest.approx(0.5) and co["a", "b"] == 1.0
    assert co.cond_prob("c", "a") == pytest.approx(0.5 / 1.5)


def test_vocab_order_and_unknown_words():
    co = cooccurrence([["x", "y", "z"]], window=1, vocab=["z", "x"])
    assert co.vocab == ["z", "x"] and co["x", "z"] == 0  # y still separates them
    with pytest.raises(KeyError, match="어휘"):
        co["x", "y"]
    with pytest.raises(ValueError, match="window"):
        cooccurrence([["a"]], window=0)


def test_weighting_and_loss():
    from coursekit.glove import loss, weighting

    assert weighting([0.0, 50.0, 100.0, 500.0]).tolist() == pytest.approx([0.0, 0.5**0.75, 1.0, 1.0])
    x = np.array([[0.0, 2.0], [2.0, 1.0]])
    w = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.zeros(2)
    # pairs (0,1), (1,0): dot 0, log 2; pair (1,1): dot 1, log 1 = 0
    expected = 2 * weighting(2.0) * np.log(2.0) ** 2 + weighting(1.0) * 1.0
    assert loss(w, w, b, b, x) == pytest.approx(expected)


# --- training -------------------------------------------------------------------------------
def tiny_corpus():
    # Two topics that never share a sentence: animals and numbers.
    rng = np.random.default_rng(0)
    animals, numbers = ["cat", "dog", "cow", "pig"], ["one", "two", "six", "ten"]
    return [list(rng.choice(animals if k % 2 else numbers, size=12)) for k in range(200)]


def test_train_loss_decreases_and_returns_keyed_vectors():
    from coursekit.glove import train

    sentences = tiny_corpus()
    history = {}
    kv = train(sentences, dim=8, window=2, min_count=1, epochs=20, x_max=10, learning_rate=0.05, batch_size=16,
               history=history)
    assert history["loss"][-1] < 0.5 * history["loss"][0] and not hasattr(kv, "losses")
    co = cooccurrence(sentences, 2, min_count=1)
    assert kv.index_to_key == co.vocab  # most frequent first, like the co-occurrence matrix
    counts = {w: sum(s.count(w) for s in sentences) for w in co.vocab}
    assert {w: kv.get_vecattr(w, "count") for w in kv.index_to_key} == counts
    assert kv.vectors.shape == (8, 8)


def test_train_puts_cooccurring_words_closer():
    from coursekit.glove import train

    kv = train(tiny_corpus(), dim=8, window=2, min_count=1, epochs=20, x_max=10, learning_rate=0.05, batch_size=16)
    same = np.mean([kv.similarity("cat", "dog"), kv.similarity("one", "two"), kv.similarity("cow", "pig")])
    other = np.mean([kv.similarity("cat", "one"), kv.similarity("dog", "six"), kv.similarity("pig", "ten")])
    assert same > other + 0.5


def test_train_is_reproducible_with_a_seed():
    from coursekit.glove import train

    args = dict(dim=4, window=2, min_count=1, epochs=3, batch_size=32)
    from coursekit.glove import GloVe

    a = GloVe(seed=1, **args).fit(tiny_corpus())
    b = GloVe(seed=1, **args).fit(tiny_corpus())
    c = train(tiny_corpus(), seed=2, **args)
    assert np.allclose(a.wv.vectors, b.wv.vectors) and a.history == b.history
    assert len(a.history["loss"]) == 3
    a, b = a.wv, b.wv
    assert not np.allclose(a.vectors, c.vectors)


def test_train_rejects_bad_arguments():
    from coursekit.glove import train

    with pytest.raises(ValueError, match="min_count"):
        train([["a", "b"]], min_count=5)
    with pytest.raises(ValueError, match="optimizer"):
        train([["a", "b"]], min_count=1, optimizer="sgd")
