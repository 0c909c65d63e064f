import numpy as np
import pytest

from coursekit import elmo
from coursekit.vocab import Vocab


def corpus():
    # 'bank' after 'river' is followed by 'water', after 'money' by 'account'
    rng = np.random.default_rng(0)
    out = []
    for _ in range(300):
        if rng.random() < 0.5:
            out.append("the river bank has water".split())
        else:
            out.append("the money bank has account".split())
    return out


def test_shapes_and_layers():
    vocab = Vocab.build(corpus(), specials=elmo.SPECIALS)
    lm = elmo.BiLM(vocab, dim=8, layers=2)
    nxt, prev = lm.model(np.zeros((3, 7), dtype=np.int32))
    assert tuple(nxt.shape) == (3, 6, len(vocab)) and tuple(prev.shape) == (3, 6, len(vocab))
    layers = lm.layer_outputs("the river bank".split())
    assert layers.shape == (3, 3, 16)
    assert np.allclose(layers[0][:, :8], layers[0][:, 8:])  # token layer = embedding twice


def test_backward_direction_does_not_see_the_past():
    vocab = Vocab.build(corpus(), specials=elmo.SPECIALS)
    lm = elmo.BiLM(vocab, dim=8, layers=1)
    a = lm.layer_outputs("the river bank has water".split())
    b = lm.layer_outputs("the money bank has water".split())
    # forward half at 'bank' differs (it read 'river' vs 'money'); backward half is identical
    assert not np.allclose(a[1][2, :8], b[1][2, :8])
    assert np.allclose(a[1][2, 8:], b[1][2, 8:], atol=1e-6)


def test_scalar_mix_matches_definition():
    layers = [np.full((2, 3), float(j + 1)) for j in range(3)]
    s = [0.0, np.log(2.0), np.log(3.0)]  # softmax -> 1/6, 2/6, 3/6
    out = elmo.scalar_mix(layers, s, gamma=2.0)
    assert np.allclose(out, 2.0 * (1 / 6 * 1 + 2 / 6 * 2 + 3 / 6 * 3))
    with pytest.raises(ValueError, match="가중치"):
        elmo.scalar_mix(layers, [0.0])
    mix = elmo.ScalarMix(3)
    keras_out = np.asarray(mix([layer.astype("float32") for layer in layers]))
    assert np.allclose(keras_out, elmo.scalar_mix(layers, [0, 0, 0]))


def test_training_lowers_perplexity_and_separates_contexts():
    sentences = corpus()
    lm = elmo.BiLM.build(sentences, min_count=1, dim=16, layers=1, seed=0)
    before = lm.perplexity(sentences[:50], length=12)
    assert lm.fit(sentences, epochs=6, length=12, batch_size=16, learning_rate=1e-2, verbose=0) is lm
    assert len(lm.history["loss"]) == 6 and lm.history["forward_ppl"] == []  # no validation set
    assert "<pad>" not in lm.wv and lm.wv.vector_size == 16
    after = lm.perplexity(sentences[:50], length=12)
    assert after["forward_ppl"] < before["forward_ppl"] / 2
    assert after["backward_ppl"] < before["backward_ppl"] / 2
    # backward states at 'bank' know what follows: water vs account
    river = lm.embed("the river bank has water".split())[2]
    money = lm.embed("the money bank has account".split())[2]
    river2 = lm.embed("the river bank has water".split())[2]
    cos = river @ money / np.linalg.norm(river) / np.linalg.norm(money)
    assert np.allclose(river, river2) and cos < 0.99


def test_bad_input():
    vocab = Vocab.build(corpus(), specials=elmo.SPECIALS)
    with pytest.raises(ValueError, match="너무 짧습니다"):
        elmo.windows([["the"]], vocab, 50)
    lm = elmo.BiLM(vocab, dim=4, layers=1)
    with pytest.raises(TypeError, match="토큰 리스트"):
        lm.layer_outputs("the river bank")
