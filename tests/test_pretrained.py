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


def test_encode_keeps_first_or_last_tokens(vocab):
    x = pretrained.encode_padded(vocab, [["good", "movie", "plot"]], 2, keep="last")
    np.testing.assert_array_equal(x[0], [vocab["movie"], vocab["plot"]])
    with pytest.raises(ValueError, match="keep"):
        pretrained.encode_padded(vocab, [["good"]], 2, keep="middle")


def test_new_words_and_unk_without_vector(vocab):
    sentences = [["good", "unseen", "movie"], ["boring", "movier", "unseen", "zzz"]]
    extra = pretrained.new_words(vocab, sentences)
    assert extra == ["unseen", "movier", "zzz"]
    full = vocab.extend(extra)
    x = pretrained.encode_padded(full, sentences, 4)
    # random Embedding: every new word is <unk>
    x_rand = pretrained.unk_without_vector(x, full, len(vocab))
    assert set(x_rand[x >= len(vocab)].tolist()) == {1}
    np.testing.assert_array_equal(x_rand[x < len(vocab)], x[x < len(vocab)])
    # FastText: a new word keeps its row when its n-grams give a vector
    ft = FastText([["movie", "movies", "moving", "good"]] * 20, vector_size=8, min_count=1, epochs=1,
                  seed=0, workers=1, bucket=1000)
    x_ft = pretrained.unk_without_vector(x, full, len(vocab), ft.wv)
    assert x_ft[1, 1] == full["movier"]            # from subwords
    for i, j, word in [(0, 1, "unseen"), (1, 3, "zzz")]:
        assert x_ft[i, j] == (full[word] if pretrained.lookup(ft.wv, word) is not None else 1)
    no_sub = pretrained.unk_without_vector(x, full, len(vocab), ft.wv, subwords=False)
    assert no_sub[1, 1] == 1


def _splits(vocab, n=64):
    x, y = _toy_data(vocab)
    return pretrained.Splits(x, y, x[:20], y[:20], x[20:], y[20:])


def test_splits_majority_baseline_and_validation(vocab):
    data = _splits(vocab)
    assert data.majority_baseline == pytest.approx(max(np.mean(data.y_test), 1 - np.mean(data.y_test)))
    with pytest.raises(ValueError, match="레이블"):
        pretrained.Splits(data.x_train, data.y_train[:-1], data.x_val, data.y_val, data.x_test, data.y_test)


def test_gru_model_is_the_slides(vocab):
    import keras

    model = pretrained.build_gru_classifier(pretrained.random_embedding(len(vocab), 8), 4, units=16)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["InputLayer", "Embedding", "GRU", "Dense"]
    assert model.layers[2].units == 16 and model.layers[3].activation is keras.activations.sigmoid
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)


def test_fit_gru_frozen_unchanged_finetuned_learns_and_new_rows_stay(vocab, kv):
    data = _splits(vocab)
    extra_rows = 2  # rows of words that never occur in training (e.g. test-only FastText words)
    m = pretrained.embedding_matrix([*vocab.words, "x1", "x2"], kv, seed=0)
    rows = len(vocab) + extra_rows
    kwargs = dict(rows=rows, dim=8, epochs=3, patience=5, batch_size=16, units=8, learning_rate=0.02)
    frozen = pretrained.fit_gru(pretrained.Variant("frozen", m, trainable=False), data, seed=0, **kwargs)
    assert frozen.row_change.max() == 0.0
    tuned = pretrained.fit_gru(pretrained.Variant("tuned", m, trainable=True), data, seed=0, **kwargs)
    assert tuned.row_change[2:len(vocab)].max() > 0
    assert tuned.row_change[0] == 0.0 and tuned.row_change[-extra_rows:].max() == 0.0
    assert 1 <= tuned.best_epoch <= 3 and len(tuned.history["val_accuracy"]) == 3
    assert tuned.history["val_accuracy"][tuned.best_epoch - 1] == max(tuned.history["val_accuracy"])
    again = pretrained.fit_gru(pretrained.Variant("tuned", m, trainable=True), data, seed=0, **kwargs)
    assert again.test_accuracy == tuned.test_accuracy and again.history == tuned.history
    with pytest.raises(ValueError, match="모양"):
        pretrained.fit_gru(pretrained.Variant("bad", m[:-1]), data, seed=0, **kwargs)


def test_run_variants_mean_std_rows_and_plot(vocab):
    import matplotlib

    matplotlib.use("Agg")
    data = _splits(vocab)
    results = pretrained.run_variants([pretrained.Variant("랜덤", None)], data, rows=len(vocab), dim=8,
                                      seeds=(0, 1), verbose=False, epochs=2, batch_size=16, units=8,
                                      learning_rate=0.05)
    runs = results["랜덤"]
    assert [r.seed for r in runs] == [0, 1]
    mean, std = pretrained.mean_std(runs)
    accs = [r.test_accuracy for r in runs]
    assert mean == pytest.approx(np.mean(accs)) and std == pytest.approx(np.std(accs, ddof=1))
    (row,) = pretrained.result_rows(results)
    assert row[0] == "랜덤" and "±" in row[1]
    ax = pretrained.plot_curves(results, title="t")
    assert len(ax.lines) == 4


def test_korean_tokens():
    assert pretrained.korean_tokens(["영화가 정말 재밌다!!"]) == [["영화가", "정말", "재밌다"]]
    morphs = pretrained.korean_tokens(["영화가 정말 재밌다!!"], unit="morpheme")[0]
    assert "영화" in morphs and "가" in morphs and "!!" not in "".join(morphs)
    with pytest.raises(ValueError, match="어절"):
        pretrained.korean_tokens(["x"], unit="syllable")


def test_differences_against_seed_noise():
    def runs(*accs):
        return [pretrained.RunResult("v", i, a, 1, {}, np.zeros(1), 0.0) for i, a in enumerate(accs)]

    results = {"랜덤": runs(0.70, 0.72, 0.74), "A": runs(0.80, 0.81, 0.82), "B": runs(0.70, 0.75, 0.74)}
    diffs = dict((n, (d, s)) for n, d, s in pretrained.differences(results))
    assert set(diffs) == {"A", "B"}
    assert diffs["A"][0] == pytest.approx(0.09) and diffs["A"][1] == pytest.approx(0.02 + 0.01)
    assert pretrained.verdict(*diffs["A"]) == "높다"
    assert pretrained.verdict(*diffs["B"]).startswith("시드 편차")
    assert pretrained.verdict(-0.1, 0.01) == "낮다"
