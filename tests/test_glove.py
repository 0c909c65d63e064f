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
