"""coursekit.nnlm: windows, the lookup table, the Keras NNLM, perplexity."""

import math
import random

import keras
import numpy as np
import pytest

from coursekit import nnlm
from coursekit.ngram import NgramLM
from coursekit.vocab import Vocab

SLIDE = "what will the fat cat sit on".split()
SLIDE_W = np.array(
    [[0.5, 2.1, 1.9, 1.5, 0.8], [0.8, 1.2, 2.8, 1.8, 2.1], [0.1, 0.8, 1.2, 0.9, 0.7], [2.1, 1.8, 1.5, 1.7, 2.7]]
)


# --- windows ------------------------------------------------------------------


def test_next_word_examples_match_the_slide():
    examples = nnlm.next_word_examples(SLIDE, context_size=4)
    assert examples == [(SLIDE[0:4], "cat"), (SLIDE[1:5], "sit"), (SLIDE[2:6], "on")]
    padded = nnlm.next_word_examples(["a", "b"], context_size=3, pad=True)
    assert padded == [(["<s>"] * 3, "a"), (["<s>", "<s>", "a"], "b"), (["<s>", "a", "b"], "</s>")]
    with pytest.raises(TypeError):
        nnlm.next_word_examples("what will", 2)


def test_encode_windows_equals_the_padded_examples():
    sentences = [SLIDE, ["the", "cat", "sat"], ["on"]]
    vocab = Vocab.build(sentences, specials=nnlm.SPECIALS)
    x, y = nnlm.encode_windows(sentences, vocab, context_size=3)
    expected = [ex for s in sentences for ex in nnlm.next_word_examples(s, 3, pad=True)]
    assert x.shape == (len(expected), 3) and y.shape == (len(expected),)
    assert x.dtype == np.int32
    assert [(vocab.decode(row), vocab.words[t]) for row, t in zip(x, y, strict=True)] == expected


def test_split_sentences_is_a_reproducible_partition():
    sentences = [[str(i)] for i in range(50)]
    train, test = nnlm.split_sentences(sentences, test_fraction=0.2, seed=1)
    assert len(test) == 10 and len(train) == 40
    assert sorted(train + test) == sorted(sentences)
    assert nnlm.split_sentences(sentences, 0.2, seed=1) == (train, test)
    assert nnlm.split_sentences(sentences, 0.2, seed=2)[1] != test


# --- the lookup table -----------------------------------------------------------


def test_lookup_is_one_hot_times_w_and_keras_embedding():
    vocab = Vocab(["what", "will", "the", "fat"])
    x_fat = vocab.one_hot("fat")
    assert np.array_equal(x_fat @ SLIDE_W, SLIDE_W[3])
    layer = keras.layers.Embedding(4, 5)
    layer.build((None,))
    layer.set_weights([SLIDE_W])
    looked_up = np.asarray(layer(np.array([vocab["fat"]])))[0]
    np.testing.assert_allclose(looked_up, x_fat @ SLIDE_W, rtol=1e-6)
    assert layer.count_params() == SLIDE_W.size  # no bias
    rng = np.random.default_rng(0)
    w = rng.normal(size=(9, 3))
    ids = rng.integers(0, 9, size=6)
    np.testing.assert_allclose(np.eye(9)[ids] @ w, w[ids])


# --- the model ------------------------------------------------------------------


@pytest.mark.parametrize("v, c, m, h", [(7, 4, 5, 3), (50, 2, 8, 16)])
def test_param_count_formula_matches_keras(v, c, m, h):
    model = nnlm.build_model(v, c, m, h)
    counts = nnlm.param_count(v, c, m, h)
    assert counts["total"] == model.count_params()
    for name in ("lookup", "hidden", "output"):
        assert counts[name] == model.get_layer(name).count_params()
    per_matrix = sum(int(np.prod(w.shape)) for w in model.weights)
    assert per_matrix == counts["total"]


def test_forward_pass_is_lookup_concatenate_tanh_softmax():
    keras.utils.set_random_seed(0)
    v, c, m, h = 11, 4, 5, 6
    model = nnlm.build_model(v, c, m, h)
    ids = np.array([[1, 2, 3, 4], [0, 0, 10, 5]], dtype=np.int32)
    probs = np.asarray(model.predict(ids, verbose=0))
    assert probs.shape == (2, v)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    table = model.get_layer("lookup").get_weights()[0]
    w_h, b_h = model.get_layer("hidden").get_weights()
    w_o, b_o = model.get_layer("output").get_weights()
    concat = table[ids].reshape(len(ids), c * m)
    scores = np.tanh(concat @ w_h + b_h) @ w_o + b_o
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probs, expected, rtol=1e-4, atol=1e-6)


def test_nnlm_needs_the_special_tokens():
    with pytest.raises(ValueError, match="SPECIALS"):
        nnlm.NNLM(Vocab(["a", "b"]))


def _agreement_corpus(n_sentences, seed):
    """Sentences 'subject filler verb' where the verb agrees with the subject two words back.

    A bigram model only sees the filler before the verb; a model with two words
    of context sees the subject, and learns that all subjects of one group (and
    all fillers) behave alike.
    """
    rng = random.Random(seed)
    singular = [f"he{i}" for i in range(6)]
    plural = [f"they{i}" for i in range(6)]
    fillers = [f"f{i}" for i in range(15)]
    verbs = {"s": [f"runs{i}" for i in range(4)], "p": [f"run{i}" for i in range(4)]}
    out = []
    for _ in range(n_sentences):
        group = rng.choice("sp")
        subject = rng.choice(singular if group == "s" else plural)
        out.append([subject, rng.choice(fillers), rng.choice(verbs[group])])
    return out


def test_nnlm_beats_the_smoothed_bigram_on_held_out_text():
    keras.utils.set_random_seed(0)
    train, test = nnlm.split_sentences(_agreement_corpus(600, seed=3), test_fraction=0.2, seed=0)
    vocab = Vocab.build(train, specials=nnlm.SPECIALS)
    train, test = vocab.normalize(train), vocab.normalize(test)
    lm = nnlm.NNLM(vocab, context_size=2, dim=8, hidden=32, learning_rate=1e-2)
    assert lm.fit(train, epochs=8, batch_size=64, validation=test) is lm
    history = lm.history
    assert len(history["loss"]) == 8
    assert history["loss"][-1] < history["loss"][0] * 0.8
    assert history["val_perplexity"][-1] < history["val_perplexity"][0]
    nnlm_ppl = lm.perplexity(test)
    best_bigram = min(NgramLM(2, k=k).fit(train).perplexity(test) for k in (0.01, 0.1, 1.0))
    assert nnlm_ppl < best_bigram * 0.9, (nnlm_ppl, best_bigram)
    # the perplexity is exp of the mean negative log-probability of each predicted token
    x, y = nnlm.encode_windows(test, vocab, 2)
    probs = np.asarray(lm.model.predict(x, verbose=0), dtype=np.float64)
    assert math.isclose(nnlm_ppl, math.exp(-np.log(probs[np.arange(len(y)), y]).mean()), rel_tol=1e-4)
    full = lm.log_probs(x[:50])
    np.testing.assert_allclose(np.exp(full).sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(lm.target_log_probs(x[:50], y[:50]), full[np.arange(50), y[:50]], rtol=1e-5)
    # after a singular subject and a filler, the verbs that agree get most of the mass
    top = [w for w, _ in lm.next_word(["he0", "f3"], topn=4)]
    assert all(w.startswith("runs") for w in top), top
    kv = lm.wv
    assert "<s>" not in kv and "he0" in kv and kv.vector_size == 8
    assert kv.most_similar("he1", topn=1)[0][0].startswith("he")


def _fit_on_random_words(**fit_options):
    """Random words carry no signal: a big model memorises the training windows and
    its validation perplexity rises after the first epochs (over-fitting)."""
    rng = random.Random(1)
    words = [f"w{i}" for i in range(40)]
    sentences = [[rng.choice(words) for _ in range(6)] for _ in range(120)]
    train, valid = sentences[:100], sentences[100:]
    vocab = Vocab.build(train, specials=nnlm.SPECIALS)
    keras.utils.set_random_seed(0)
    lm = nnlm.NNLM(vocab, context_size=2, dim=32, hidden=128, learning_rate=3e-2)
    return lm.fit(train, epochs=12, batch_size=16, validation=valid, **fit_options), valid


def test_keep_best_ends_with_the_epoch_of_lowest_validation_perplexity():
    lm, valid = _fit_on_random_words(keep_best=True)
    curve = lm.history["val_perplexity"]
    assert len(curve) == 12 and curve[-1] > min(curve) * 1.05, curve  # the run did over-fit
    assert lm.best_epoch == int(np.argmin(curve)) + 1
    assert math.isclose(lm.perplexity(valid), min(curve), rel_tol=1e-5)


def test_keep_best_needs_validation_sentences():
    vocab = Vocab.build([["a", "b"]], specials=nnlm.SPECIALS)
    with pytest.raises(ValueError, match="validation"):
        nnlm.NNLM(vocab, context_size=2, dim=4, hidden=4).fit([["a", "b"]], epochs=1, keep_best=True)


def test_patience_stops_once_validation_perplexity_stops_improving():
    lm, _ = _fit_on_random_words(keep_best=True, patience=2)
    curve = lm.history["val_perplexity"]
    assert len(curve) < 12, curve  # stopped early
    assert lm.best_epoch == len(curve) - 2  # two epochs without improvement, then stop
    assert all(p >= min(curve) for p in curve[-2:])


def test_patience_needs_validation_and_a_positive_integer():
    vocab = Vocab.build([["a", "b", "c"]], specials=nnlm.SPECIALS)
    lm = nnlm.NNLM(vocab, context_size=2, dim=4, hidden=4)
    with pytest.raises(ValueError, match="validation"):
        lm.fit([["a", "b"]], epochs=1, patience=1)
    with pytest.raises(ValueError, match="patience"):
        lm.fit([["a", "b"]], epochs=1, validation=[["a", "b"]], patience=0)
