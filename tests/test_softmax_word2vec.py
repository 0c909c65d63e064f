"""coursekit.softmax_word2vec: datasets from the slides, CBOW / skip-gram with a full softmax."""

import random

import keras
import numpy as np
import pytest
from gensim.models import KeyedVectors

from coursekit import datasets
from coursekit import softmax_word2vec as sw
from coursekit.context_windows import cbow_examples, skipgram_pairs
from coursekit.vocab import PAD, Vocab

CBOW_SLIDE = "The fat cat sat on the mat".split()
SG_SLIDE = "Thou shalt not make a machine in the likeness of a human mind".lower().split()


def test_cbow_arrays_are_the_slide_table_with_padding():
    vocab = Vocab.build([CBOW_SLIDE], min_count=1, specials=sw.SPECIALS)
    assert vocab.words[0] == PAD and len(vocab) == 8  # 'The' and 'the' differ, as on the slide
    x, y = sw.cbow_arrays([CBOW_SLIDE], vocab, window=2)
    assert x.shape == (7, 4) and y.shape == (7,)
    decoded = [([vocab.words[i] for i in row if i != 0], vocab.words[t]) for row, t in zip(x, y, strict=True)]
    assert decoded == cbow_examples(CBOW_SLIDE, 2)
    assert (x[0] == 0).sum() == 2 and (x[3] == 0).sum() == 0  # edges are padded with id 0


def test_skipgram_arrays_are_the_slide_pairs_and_drop_rare_words():
    vocab = Vocab.build([SG_SLIDE], min_count=1, specials=sw.SPECIALS)
    x, y = sw.skipgram_arrays([SG_SLIDE], vocab, window=2)
    pairs = skipgram_pairs(SG_SLIDE, 2)
    assert [(vocab.words[a], vocab.words[b]) for a, b in zip(x, y, strict=True)] == pairs
    assert pairs[5:9] == [("not", "thou"), ("not", "shalt"), ("not", "make"), ("not", "a")]
    only_a = Vocab.build([SG_SLIDE], min_count=2, specials=sw.SPECIALS)  # 'a' is the only word seen twice
    assert only_a.words == [PAD, "a"]
    x, y = sw.skipgram_arrays([SG_SLIDE], only_a, window=2)  # rare words are removed first
    assert x.tolist() == y.tolist() == [1, 1]
    with pytest.raises(ValueError):
        sw.skipgram_arrays([SG_SLIDE], Vocab.build([SG_SLIDE], min_count=3, specials=sw.SPECIALS), window=2)


def test_models_have_w_and_a_separate_w_prime_without_bias():
    v, m = 13, 4
    for model in (sw.build_cbow(v, m, window=2), sw.build_skipgram(v, m)):
        assert model.get_layer("W").embeddings.shape == (v, m)
        assert model.get_layer("W_prime").kernel.shape == (m, v)
        assert model.count_params() == 2 * v * m  # W and W' only: no bias, no hidden layer
        assert len(model.trainable_weights) == 2


def _softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_cbow_averages_the_real_context_vectors_only():
    keras.utils.set_random_seed(0)
    model = sw.build_cbow(10, 3, window=2)
    w = model.get_layer("W").get_weights()[0]
    w_prime = model.get_layer("W_prime").get_weights()[0]
    ctx = np.array([[4, 7, 0, 0], [1, 2, 3, 9]], dtype=np.int32)
    probs = np.asarray(model.predict(ctx, verbose=0))
    expected = _softmax(np.stack([w[[4, 7]].mean(axis=0), w[[1, 2, 3, 9]].mean(axis=0)]) @ w_prime)
    np.testing.assert_allclose(probs, expected, rtol=1e-4, atol=1e-6)


def test_skipgram_is_a_softmax_over_the_lookup_times_w_prime():
    keras.utils.set_random_seed(0)
    model = sw.build_skipgram(10, 3)
    w = model.get_layer("W").get_weights()[0]
    w_prime = model.get_layer("W_prime").get_weights()[0]
    probs = np.asarray(model.predict(np.array([[5], [2]], dtype=np.int32), verbose=0))
    np.testing.assert_allclose(probs, _softmax(w[[5, 2]] @ w_prime), rtol=1e-4, atol=1e-6)


def _pets_corpus(n, seed=0):
    """'cat' and 'dog' occur in exactly the same contexts; 'car' and 'bus' in others."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(["my", rng.choice(["cat", "dog"]), rng.choice(["eats", "sleeps"]), "at", "home"])
        else:
            out.append(["the", rng.choice(["car", "bus"]), rng.choice(["drives", "stops"]), "on", "roads"])
    return out


@pytest.mark.parametrize("sg", [False, True])
def test_training_lowers_the_loss_and_groups_words_used_alike(sg):
    model = sw.SoftmaxWord2Vec(sg=sg, dim=8, window=2, min_count=1, learning_rate=2e-2, seed=0)
    model.fit(_pets_corpus(300), epochs=6, batch_size=64)
    loss = model.history["loss"]
    assert len(loss) == 6 and loss[-1] < loss[0] * 0.8
    wv = model.wv
    assert isinstance(wv, KeyedVectors) and PAD not in wv and len(wv) == len(model.vocab) - 1
    assert np.allclose(wv["cat"], model.W[model.vocab["cat"]])
    assert model.W_prime.shape == (8, len(model.vocab))
    assert wv.similarity("cat", "dog") > wv.similarity("cat", "car")
    assert wv.similarity("car", "bus") > wv.similarity("car", "dog")


def test_train_on_a_real_corpus_returns_keyed_vectors():
    sentences = datasets.load("wiki_sample", max_sentences=150)
    kv = sw.train(sentences, sg=False, dim=10, window=2, min_count=5, epochs=1, batch_size=256)
    assert isinstance(kv, KeyedVectors) and kv.vector_size == 10
    assert "the" in kv and len(kv) > 50
    with pytest.raises(TypeError):
        sw.SoftmaxWord2Vec().fit(["a sentence as a string"])


def test_softmax_step_seconds_measures_one_training_step():
    seconds = sw.softmax_step_seconds(200, dim=8, batch_size=16, steps=2)
    assert isinstance(seconds, float) and 0 < seconds < 30
