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


def test_counting_in_chunks_matches_one_pass():
    from coursekit.glove import _count_pairs, _encode

    rng = np.random.default_rng(3)
    sentences = [list(rng.choice(list("abcdefg"), size=rng.integers(1, 30))) for _ in range(40)]
    vocab = list("abcdefg")
    ids, sentence_of = _encode(sentences, {w: i for i, w in enumerate(vocab)})
    one = _count_pairs(ids, sentence_of, 7, 4, True, chunk=len(ids))
    many = _count_pairs(ids, sentence_of, 7, 4, True, chunk=7)
    assert np.allclose(one.toarray(), many.toarray())
    co = cooccurrence(sentences, 4, vocab=vocab)
    assert np.array_equal(co.dense(), brute_force(sentences, 4, vocab))
    assert co.nbytes == co.matrix.data.nbytes + co.matrix.indices.nbytes + co.matrix.indptr.nbytes


def test_entries_are_every_nonzero_once_shuffled():
    from coursekit.glove import entries, weighting

    co = cooccurrence([s.split() for s in ["a b c a b", "b c d", "a a d c"]], 2, distance_weighting=True)
    e = entries(co, x_max=10, seed=1)
    assert len(e) == co.matrix.nnz
    dense = co.dense()
    assert np.allclose(np.exp(e.log_x), dense[e.rows, e.cols], rtol=1e-6)
    assert np.allclose(e.weight, weighting(dense[e.rows, e.cols], 10), rtol=1e-6)
    pairs = sorted(zip(e.rows.tolist(), e.cols.tolist(), strict=True))
    assert pairs == sorted(zip(*np.nonzero(dense), strict=True))


# --- training -------------------------------------------------------------------------------
def tiny_corpus():
    # Two topics that never share a sentence: animals and numbers.
    rng = np.random.default_rng(0)
    animals, numbers = ["cat", "dog", "cow", "pig"], ["one", "two", "six", "ten"]
    return [list(rng.choice(animals if k % 2 else numbers, size=12)) for k in range(200)]


TINY = dict(dim=8, window=2, min_count=1, epochs=30, x_max=10)


def test_fit_returns_self_with_history_and_keyed_vectors():
    from coursekit.glove import GloVe

    sentences = tiny_corpus()
    model = GloVe(**TINY).fit(sentences)
    losses = model.history["loss"]
    assert len(losses) == 30 and losses[-1] < 0.5 * losses[0]
    co = cooccurrence(sentences, 2, min_count=1)
    kv = model.wv
    assert kv.index_to_key == co.vocab  # most frequent first, like the co-occurrence matrix
    counts = {w: sum(s.count(w) for s in sentences) for w in co.vocab}
    assert {w: kv.get_vecattr(w, "count") for w in kv.index_to_key} == counts
    assert kv.vectors.shape == (8, 8)
    assert not hasattr(kv, "losses")


def test_fit_makes_dot_plus_biases_follow_log_x():
    from coursekit.glove import GloVe

    model = GloVe(**{**TINY, "epochs": 60}).fit(tiny_corpus())
    m = model.cooc.matrix.tocoo()
    predicted = model.predict_log(m.row, m.col)
    assert np.corrcoef(predicted, np.log(m.data))[0, 1] > 0.9


def test_train_puts_cooccurring_words_closer():
    from coursekit.glove import train

    kv = train(tiny_corpus(), **TINY)
    same = np.mean([kv.similarity("cat", "dog"), kv.similarity("one", "two"), kv.similarity("cow", "pig")])
    other = np.mean([kv.similarity("cat", "one"), kv.similarity("dog", "six"), kv.similarity("pig", "ten")])
    assert same > other + 0.5


def test_train_is_reproducible_with_a_seed():
    from coursekit.glove import GloVe

    args = dict(dim=4, window=2, min_count=1, epochs=3, batch_size=32)
    a = GloVe(seed=1, **args).fit(tiny_corpus())
    b = GloVe(seed=1, **args).fit(tiny_corpus())
    c = GloVe(seed=2, **args).fit(tiny_corpus())
    assert np.allclose(a.wv.vectors, b.wv.vectors) and a.history == b.history
    assert not np.allclose(a.wv.vectors, c.wv.vectors)


def test_train_rejects_bad_arguments():
    from coursekit.glove import GloVe, train

    with pytest.raises(ValueError, match="min_count"):
        train([["a", "b"]], min_count=5)
    with pytest.raises(ValueError, match="dim"):
        GloVe(dim=0)
    with pytest.raises(ValueError, match="sentences"):
        GloVe().fit()
