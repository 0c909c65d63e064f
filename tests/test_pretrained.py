import numpy as np
import pytest
from gensim.models import FastText, KeyedVectors

from coursekit import pretrained
from coursekit.vocab import PAD, UNK, Vocab


@pytest.fixture
def kv():
    rng = np.random.default_rng(1)
    vectors = KeyedVectors(vector_size=8)
    vectors.add_vectors(["good", "bad", "movie", "great"], rng.normal(size=(4, 8)).astype(np.float32))
    return vectors


@pytest.fixture
def vocab():
    texts = ["good movie", "bad movie", "great movie", "boring plot", "good plot"]
    return Vocab.build([pretrained.tokenize(t) for t in texts], specials=pretrained.SPECIALS)


def test_tokenize_english_and_korean():
    assert pretrained.tokenize("It's a GOOD movie!") == ["it", "s", "a", "good", "movie"]
    assert pretrained.tokenize("재밌다!! 10점 ㅋㅋ") == ["재밌다", "10", "점", "ㅋㅋ"]


def test_vocab_ids_and_padding(vocab):
    assert vocab[PAD] == 0 and vocab[UNK] == 1
    x = pretrained.encode_padded(vocab, [["good", "movie"], ["unseen", "good", "plot", "movie"]], 3)
    assert x.dtype == np.int32 and x.shape == (2, 3)
    np.testing.assert_array_equal(x[0], [vocab["good"], vocab["movie"], 0])
    np.testing.assert_array_equal(x[1], [1, vocab["good"], vocab["plot"]])


def test_extend_vocab_keeps_ids_and_adds_pretrained_words(vocab, kv):
    ext = vocab.extend(kv.index_to_key)
    assert ext.words[: len(vocab)] == vocab.words
    assert set(ext.words) == set(vocab.words) | set(kv.index_to_key)
    assert ext["unseen"] == 1 and ext.counts[: len(vocab)].tolist() == vocab.counts.tolist()


def test_matrix_rows_are_the_vectors(vocab, kv):
    m = pretrained.embedding_matrix(vocab.words, kv, seed=0)
    assert m.shape == (len(vocab), 8) and m.dtype == np.float32
    for word in ("good", "bad", "movie", "great"):
        np.testing.assert_array_equal(m[vocab[word]], kv[word])
    np.testing.assert_array_equal(m[0], np.zeros(8))


def test_oov_rows_small_random_and_seeded(vocab, kv):
    m1 = pretrained.embedding_matrix(vocab.words, kv, seed=0)
    m2 = pretrained.embedding_matrix(vocab.words, kv, seed=0)
    m3 = pretrained.embedding_matrix(vocab.words, kv, seed=1)
    np.testing.assert_array_equal(m1, m2)
    for word in (UNK, "boring", "plot"):
        row = m1[vocab[word]]
        assert np.any(row != 0)
        assert np.std(row) < 3 * np.std(kv.vectors)
        assert not np.array_equal(row, m3[vocab[word]])
    assert pretrained.embedding_matrix(vocab.words, kv, oov_scale=0.0)[vocab["plot"]].tolist() == [0.0] * 8


def test_coverage_counts_words_and_tokens(vocab, kv):
    cov = pretrained.coverage(vocab, kv)
    # vocabulary without <pad>/<unk>: good, movie, plot, bad, boring, great
    assert cov.words == 6 and cov.found == 4 and cov.from_subwords == 0
    assert cov.rate == pytest.approx(4 / 6) and cov.oov_rate == pytest.approx(2 / 6)
    assert set(cov.missing_examples) == {"boring", "plot"}
    # tokens: movie 3, good 2, plot 2, bad 1, boring 1, great 1 -> 7 of 10 covered
    assert cov.tokens == 10 and cov.token_rate == pytest.approx(7 / 10)
    assert "OOV" in str(cov)


def test_fasttext_fills_unseen_words_from_ngrams():
    sentences = [["movie", "movies", "moving", "good"]] * 20
    ft = FastText(sentences, vector_size=8, min_count=1, epochs=2, seed=0, workers=1, bucket=1000)
    words = [PAD, UNK, "movie", "movier"]
    m = pretrained.embedding_matrix(words, ft.wv, seed=0)
    np.testing.assert_allclose(m[3], ft.wv["movier"])
    assert "movier" not in ft.wv.key_to_index
    cov = pretrained.coverage(words, ft.wv)
    assert (cov.found, cov.from_subwords) == (1, 1)
    no_sub = pretrained.coverage(words, ft.wv, subwords=False)
    assert (no_sub.found, no_sub.from_subwords) == (1, 0)


def test_train_test_split_is_seeded_and_disjoint():
    texts = [f"t{i}" for i in range(50)]
    labels = [i % 2 for i in range(50)]
    a = pretrained.train_test_split(texts, labels, 0.2, seed=3)
    b = pretrained.train_test_split(texts, labels, 0.2, seed=3)
    assert a == b and len(a[1]) == 10 and len(a[0]) == 40
    assert not set(a[0]) & set(a[1])
    assert all(int(t[1:]) % 2 == y for t, y in zip(a[0], a[2], strict=True))


def _toy_data(vocab):
    rng = np.random.default_rng(0)
    good = [["good", "movie"], ["great", "movie"], ["good", "plot"]]
    bad = [["bad", "movie"], ["boring", "plot"], ["bad", "plot"]]
    tokens = [good[i % 3] if i % 2 else bad[i % 3] for i in range(60)]
    y = np.array([i % 2 for i in range(60)], dtype=np.float32)
    order = rng.permutation(60)
    x = pretrained.encode_padded(vocab, [tokens[i] for i in order], 4)
    return x, y[order]


@pytest.mark.parametrize("trainable", [False, True])
def test_frozen_layer_unchanged_finetuned_changed(vocab, kv, trainable):
    m = pretrained.embedding_matrix(vocab.words, kv, seed=0)
    layer = pretrained.pretrained_embedding(m, trainable=trainable)
    np.testing.assert_array_equal(layer.get_weights()[0], m)
    x, y = _toy_data(vocab)
    acc = pretrained.train_and_evaluate(layer, x, y, x, y, epochs=3, batch_size=16, learning_rate=0.05)
    assert 0.0 <= acc <= 1.0
    after = layer.get_weights()[0]
    if trainable:
        assert not np.allclose(after, m)
        np.testing.assert_array_equal(after[0], m[0])  # padding is masked: no gradient reaches row 0
    else:
        np.testing.assert_array_equal(after, m)


def test_random_embedding_learns_toy_task(vocab):
    x, y = _toy_data(vocab)
    layer = pretrained.random_embedding(len(vocab), 8)
    acc = pretrained.train_and_evaluate(layer, x, y, x, y, epochs=30, batch_size=16, learning_rate=0.05)
    assert acc == 1.0
