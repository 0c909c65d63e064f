"""The word2vec trainer and its parts: vocabulary, subsampling, negatives, windows, SGD."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import context_windows, corpus_vocab, negative_sampling, word2vec

tf = pytest.importorskip("tensorflow")


def _clusters(n_sentences: int = 400, seed: int = 0) -> list[list[str]]:
    """Sentences that each use words of one topic only: a0..a5, b0..b5 or c0..c5."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_sentences):
        topic = "abc"[rng.integers(3)]
        out.append([f"{topic}{i}" for i in rng.integers(0, 6, size=12)])
    return out


def test_reexports_the_slide_datasets():
    assert word2vec.cbow_examples is context_windows.cbow_examples
    assert word2vec.skipgram_pairs is context_windows.skipgram_pairs


# --- vocabulary and subsampling ----------------------------------------------------------


def test_vocab_matches_gensim_order_and_counts():
    from gensim.models import Word2Vec

    sentences = [["b", "a", "c", "a"], ["d", "c", "b", "e", "a"], ["e", "d", "f"]]
    ours = corpus_vocab.CorpusVocab.build(sentences, min_count=2)
    model = Word2Vec(vector_size=4, min_count=2)
    model.build_vocab(sentences)
    assert ours.words == model.wv.index_to_key
    assert list(ours.counts) == [model.wv.get_vecattr(w, "count") for w in ours.words]
    assert "f" not in ours.index and ours.total == 11


def test_encode_drops_rare_words_and_numbers_sentences():
    v = corpus_vocab.CorpusVocab.build([["x", "y", "x"], ["y", "rare", "x"]], min_count=2)
    ids, sentence_of = v.encode([["x", "rare", "y"], ["y"]])
    assert [v.words[i] for i in ids] == ["x", "y", "y"]
    assert sentence_of.tolist() == [0, 0, 1]


def test_keep_probability_is_word2vecs_formula_and_agrees_with_gensim():
    from gensim.models import Word2Vec

    rng = np.random.default_rng(1)
    sentences = [[f"w{int(k)}" for k in rng.zipf(1.3, size=50) if k < 400] for _ in range(400)]
    model = Word2Vec(vector_size=4, min_count=1, sample=1e-3)
    model.build_vocab(sentences)
    counts = np.array([model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key])
    ours = corpus_vocab.keep_probability(counts, 1e-3)
    gensim_p = np.array([model.wv.get_vecattr(w, "sample_int") for w in model.wv.index_to_key]) / (2**32 - 1)
    np.testing.assert_allclose(ours, gensim_p, atol=1e-6)
    # by hand: a word that is 5% of the corpus, threshold 1e-3 -> (sqrt(50) + 1) / 50
    f = 0.05
    assert corpus_vocab.keep_probability([f * 1e6, (1 - f) * 1e6], 1e-3)[0] == pytest.approx(
        (np.sqrt(f / 1e-3) + 1) * 1e-3 / f
    )
    assert np.all(corpus_vocab.keep_probability([1, 2, 3], 0) == 1.0)


# --- negative sampling --------------------------------------------------------------------


def test_noise_distribution_is_count_to_the_075():
    counts = np.array([1000, 100, 10, 1])
    p = negative_sampling.noise_distribution(counts)
    assert p.sum() == pytest.approx(1.0)
    # ratios follow count ratios ** 0.75: 10x the count -> 10**0.75 (about 5.6x) the probability
    np.testing.assert_allclose(p[:-1] / p[1:], 10**0.75)
    raw = negative_sampling.noise_distribution(counts, power=1.0)
    assert p[0] < raw[0] and p[-1] > raw[-1]


def test_alias_table_reproduces_the_distribution_exactly():
    p = negative_sampling.noise_distribution(np.array([500, 120, 33, 7, 7, 1, 1]))
    threshold, alias = negative_sampling.alias_table(p)
    n = len(p)
    implied = threshold / n
    for j in range(n):
        implied[alias[j]] += (1 - threshold[j]) / n
    np.testing.assert_allclose(implied, p, atol=1e-12)


def test_unigram_table_slots_follow_the_distribution():
    counts = np.array([81, 16, 1])
    table = negative_sampling.unigram_table(counts, size=100_000)
    share = np.bincount(table, minlength=3) / len(table)
    np.testing.assert_allclose(share, negative_sampling.noise_distribution(counts), atol=1e-4)


def test_tensorflow_sampler_draws_in_proportion_to_count_075():
    counts = np.array([5000, 800, 300, 50, 10, 5])
    p = negative_sampling.noise_distribution(counts)
    threshold, alias = negative_sampling.alias_table(p)
    keys = tf.cast(tf.range(200_000), tf.uint32) * tf.constant(7919, tf.uint32)
    draws = word2vec.sample_noise(
        keys, tf.constant(threshold, tf.float32), tf.constant(alias, tf.int32)
    ).numpy()
    share = np.bincount(draws, minlength=len(counts)) / len(draws)
    np.testing.assert_allclose(share, p, atol=0.004)
    raw = counts / counts.sum()
    assert abs(share[0] - raw[0]) > 0.05  # clearly not the raw unigram


def test_uniform_from_key_is_uniform_and_depends_on_the_key():
    u = word2vec.uniform_from_key(tf.constant(123, tf.uint32), tf.range(100_000)).numpy()
    assert 0.0 <= u.min() and u.max() < 1.0
    hist = np.histogram(u, bins=10, range=(0, 1))[0] / len(u)
    np.testing.assert_allclose(hist, 0.1, atol=0.005)
    other = word2vec.uniform_from_key(tf.constant(124, tf.uint32), tf.range(100_000)).numpy()
    assert abs(np.corrcoef(u, other)[0, 1]) < 0.02


# --- one epoch's examples -----------------------------------------------------------------


def _examples(ids, sentence_of, keep, window, sg=True, epoch=0):
    return word2vec.epoch_examples(
        tf.constant(ids, tf.int32), tf.constant(sentence_of, tf.int32),
        tf.constant(keep, tf.float32), window=window, sg=sg, seed=0, epoch=epoch,
    )


def test_shrinking_window_draws_each_width_from_1_to_window():
    n, window = 30_000, 4
    ids = np.arange(n)  # every position its own word id
    ex = _examples(ids, np.zeros(n), np.ones(n), window)
    inputs, targets = ex.inputs.numpy(), ex.targets.numpy()
    distance = np.abs(inputs - targets)
    assert distance.min() == 1 and distance.max() == window
    width = np.zeros(n, dtype=int)
    np.maximum.at(width, targets, distance)
    pairs_per_centre = np.bincount(targets, minlength=n)
    inner = slice(window, n - window)
    # each centre uses every neighbour up to its own width, on both sides
    assert np.array_equal(pairs_per_centre[inner], 2 * width[inner])
    share = np.bincount(width[inner], minlength=window + 1)[1:] / (n - 2 * window)
    np.testing.assert_allclose(share, 1 / window, atol=0.015)


def test_windows_never_cross_sentences():
    ids = np.arange(12)
    sentence_of = np.repeat([0, 1, 2], 4)
    ex = _examples(ids, sentence_of, np.ones(12), window=5)
    assert np.all(sentence_of[ex.inputs.numpy()] == sentence_of[ex.targets.numpy()])
    assert len(ex) > 0


def test_subsampling_keeps_words_with_the_formula_probability():
    keep = np.array([0.25, 1.0])
    ids = np.tile([0, 1], 50_000)
    ex = _examples(ids, np.zeros(len(ids)), keep, window=1)
    counts = np.bincount(ex.targets.numpy(), minlength=2)
    # with window 1, every kept word is the centre of exactly 2 pairs (except at the ends)
    kept = ex.kept_words
    assert abs(counts.sum() - 2 * kept) <= 2
    frac_frequent = counts[0] / counts.sum()
    assert frac_frequent == pytest.approx(0.25 / 1.25, abs=0.01)
    again = _examples(ids, np.zeros(len(ids)), keep, window=1, epoch=1)
    assert again.kept_words != kept  # a fresh draw every epoch


def test_cbow_examples_have_masked_contexts():
    ids = np.arange(10)
    ex = _examples(ids, np.zeros(10), np.ones(10), window=2, sg=False)
    ctx, mask, centre = ex.inputs.numpy(), ex.mask.numpy(), ex.targets.numpy()
    assert ctx.shape == (10, 4) and mask.shape == (10, 4)
    for row in range(10):
        for slot, offset in enumerate([-2, -1, 1, 2]):
            if mask[row, slot]:
                assert ctx[row, slot] == centre[row] + offset
    assert mask[0, :2].sum() == 0  # nothing to the left of the first word


# --- the SGD update -----------------------------------------------------------------------


def test_negative_sampling_update_matches_a_numpy_step():
    rng = np.random.default_rng(0)
    h = rng.normal(size=(2, 3)).astype(np.float32)
    out = rng.normal(size=(5, 3)).astype(np.float32)
    targets = np.array([[1, 3, 4], [2, 3, 0]])
    weights = np.array([[1, 1, 1], [1, 1, 0]], np.float32)
    grad_h, new_out, loss = word2vec.negative_sampling_update(
        tf.constant(h), tf.constant(targets), tf.constant(weights), tf.constant(out), 0.1
    )
    want_out, want_grad, want_loss = out.copy(), np.zeros_like(h), 0.0
    for b in range(2):
        for k in range(3):
            if not weights[b, k]:
                continue
            label = 1.0 if k == 0 else 0.0
            score = 1 / (1 + np.exp(-h[b] @ out[targets[b, k]]))
            g = (label - score) * 0.1
            want_grad[b] += g * out[targets[b, k]]
            want_out[targets[b, k]] += g * h[b]
            want_loss -= np.log(score if label else 1 - score)
    np.testing.assert_allclose(grad_h.numpy(), want_grad, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_out.numpy(), want_out, rtol=1e-5, atol=1e-6)
    assert float(loss) == pytest.approx(want_loss, rel=1e-5)


# --- training -----------------------------------------------------------------------------


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
    expected = corpus_vocab.CorpusVocab.build(sentences, 1)
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


def test_fit_tables_hooks_for_other_models():
    """FastText-style reuse: a bigger input table and a custom SGD loop."""
    sentences = _clusters(100)
    v = corpus_vocab.CorpusVocab.build(sentences, 1)
    ids, sentence_of = v.encode(sentences)
    w_in, w_out = word2vec.initial_tables(len(v), 8, seed=0)
    extra = np.full((3, 8), 7.0, np.float32)  # rows no example touches (like unused buckets)
    calls = []
    compiled = tf.function(word2vec.chunk_sg, jit_compile=True)

    def counting_chunk(*args):
        calls.append(int(args[5]) - int(args[4]))  # end - start
        return compiled(*args)

    new_in, new_out = word2vec.fit_tables(
        v, ids, sentence_of, dim=8, window=2, epochs=2, sample=0, progress=False,
        initial=(np.vstack([w_in, extra]), w_out), chunk_fn=counting_chunk, chunk=1000,
    )
    assert new_in.shape == (len(v) + 3, 8)
    assert np.array_equal(new_in[-3:], extra)
    assert not np.allclose(new_in[:-3], w_in)
    assert len(calls) >= 6 and max(calls) <= 1000


def test_default_batch_shrinks_for_tiny_vocabularies():
    zipf = 1_000_000 // np.arange(1, 30_001)  # a big, Zipf-like vocabulary
    assert word2vec.default_batch(zipf) == 1024  # (CPU)
    assert word2vec.default_batch(np.full(18, 100)) == 256  # 18 words: every row is busy
    assert word2vec.default_batch(np.array([10**6, 1, 1, 1] + [1] * 5000)) <= 128  # one huge word
