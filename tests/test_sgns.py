"""coursekit.sgns: one epoch's examples, the shared SGD kernel and the epoch loop."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from coursekit import random_streams, sgns  # noqa: E402
from coursekit.settings import TrainSettings  # noqa: E402
from coursekit.vocab import Vocab  # noqa: E402


def test_uniform_from_key_is_uniform_and_depends_on_the_key():
    u = random_streams.uniform_from_key(tf.constant(123, tf.uint32), tf.range(100_000)).numpy()
    assert 0.0 <= u.min() and u.max() < 1.0
    hist = np.histogram(u, bins=10, range=(0, 1))[0] / len(u)
    np.testing.assert_allclose(hist, 0.1, atol=0.005)
    other = random_streams.uniform_from_key(tf.constant(124, tf.uint32), tf.range(100_000)).numpy()
    assert abs(np.corrcoef(u, other)[0, 1]) < 0.02


# --- one epoch's examples -----------------------------------------------------------------


def _examples(ids, sentence_of, keep, window, sg=True, epoch=0):
    return sgns.epoch_examples(
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


# --- the kernel: rows to average -----------------------------------------------------------

KERNEL_ARGS = dict(negative=3, batch=8)


def _kernel(w_in, inputs, mask=None, **tables):
    """Run the kernel once over a few examples with a fixed noise table."""
    rng = np.random.default_rng(0)
    n = inputs.shape[0]
    targets = tf.constant(rng.integers(0, 5, size=n + 8), tf.int32)
    w_out = tf.constant(rng.normal(size=(5, 4)), tf.float32)
    threshold, alias = tf.ones(5), tf.range(5)
    inputs = tf.pad(tf.constant(inputs, tf.int32), [[0, 8], [0, 0]])
    mask = None if mask is None else tf.pad(tf.constant(mask), [[0, 8], [0, 0]])
    return sgns.train_chunk(tf.constant(w_in, tf.float32), w_out, inputs, mask, targets,
                            tf.constant(0), tf.constant(n), tf.constant(0.1), tf.constant(0.1),
                            tf.constant(7, tf.uint32), threshold, alias, **KERNEL_ARGS, **tables)


def test_a_word_is_one_row_or_the_mean_of_its_rows():
    """word2vec's input (one row) and FastText's (rows to average) go through the same kernel."""
    rng = np.random.default_rng(1)
    w_in = rng.normal(size=(12, 4)).astype(np.float32)
    words = np.array([[0], [3], [4], [3], [1]])
    plain = _kernel(w_in, words)
    # every word mapped to itself only: the same as no table at all
    identity = sgns.InputRows.from_lists([[i] for i in range(5)]).tensors()
    same = _kernel(w_in, words, **identity)
    for a, b in zip(plain, same, strict=True):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
    # word i -> rows i and 5 + i: h is their mean and both rows get the whole change
    pairs = sgns.InputRows.from_lists([[i, 5 + i] for i in range(5)]).tensors()
    w_pairs = w_in.copy()
    w_pairs[5:10] = w_in[:5]  # equal rows: the mean is the word's row again
    new_in, new_out, loss = _kernel(w_pairs, words, **pairs)
    np.testing.assert_allclose(new_out.numpy(), plain[1].numpy(), rtol=1e-5)
    np.testing.assert_allclose(float(loss), float(plain[2]), rtol=1e-5)
    np.testing.assert_allclose((new_in - w_pairs)[:5], (plain[0] - w_in)[:5], atol=1e-6)
    np.testing.assert_allclose((new_in - w_pairs)[5:10], (plain[0] - w_in)[:5], atol=1e-6)


def test_rows_gathered_piece_by_piece_train_as_all_at_once():
    """Words of very different row counts: small pieces (several per batch) give the same step."""
    rng = np.random.default_rng(2)
    w_in = rng.normal(size=(30, 4)).astype(np.float32)
    rows = [[0], [1, 10], [2, 11, 12, 13, 14, 15], [3, 16, 17, 18, 19, 20, 21], [4, 22]]
    words = np.array([[0], [2], [1], [3], [2], [4]])
    table = sgns.InputRows.from_lists(rows, weights=np.array([10, 10, 1, 1, 10.0]))
    assert table.flat.tolist() == [r for word in rows for r in word]
    assert table.mean_rows == (1 * 10 + 2 * 10 + 6 + 7 + 2 * 10) / 32
    whole = _kernel(w_in, words, **table.tensors(), piece=1024)
    for piece in (1, 3, 5):
        split = _kernel(w_in, words, **table.tensors(), piece=piece)
        for x, y in zip(whole, split, strict=True):
            np.testing.assert_allclose(x.numpy(), y.numpy(), rtol=1e-5, atol=1e-6)


def test_cbow_masks_out_missing_context_slots():
    rng = np.random.default_rng(3)
    w_in = rng.normal(size=(6, 4)).astype(np.float32)
    ctx = np.array([[1, 2, 0, 0], [3, 4, 5, 0]])
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
    new_in = _kernel(w_in, ctx, mask)[0].numpy()
    assert np.array_equal(new_in[0], w_in[0])  # only a padding slot: never touched
    # each example's real rows got the same change (the full gradient of the mean)
    np.testing.assert_allclose(new_in[1] - w_in[1], new_in[2] - w_in[2], atol=1e-6)
    np.testing.assert_allclose(new_in[3] - w_in[3], new_in[5] - w_in[5], atol=1e-6)


# --- the epoch loop ------------------------------------------------------------------------


def test_fit_tables_with_extra_rows_and_a_history():
    """FastText-style: a bigger input table whose extra rows no example touches stay put."""
    sentences = [[f"{topic}{i}" for i in (0, 3, 1, 4, 2, 5, 0, 2)] for topic in "abc" * 30]
    v = Vocab.build(sentences, 1)
    ids, sentence_of = v.encode_corpus(sentences)
    w_in, w_out = sgns.initial_tables(len(v), 8, seed=0)
    extra = np.full((3, 8), 7.0, np.float32)
    settings = TrainSettings(dim=8, window=2, epochs=2, sample=0, min_count=1, chunk=1000)
    new_in, new_out, history = sgns.fit_tables(
        v, ids, sentence_of, settings, initial=(np.vstack([w_in, extra]), w_out), progress=False
    )
    assert new_in.shape == (len(v) + 3, 8)
    assert np.array_equal(new_in[-3:], extra)
    assert not np.allclose(new_in[:-3], w_in)
    assert len(history["loss"]) == 2 and history["loss"][1] < history["loss"][0]


def test_default_batch_shrinks_for_tiny_vocabularies():
    zipf = 1_000_000 // np.arange(1, 30_001)  # a big, Zipf-like vocabulary
    assert sgns.default_batch(zipf) == 128  # (CPU)
    assert sgns.default_batch(np.full(6, 100)) == 64  # 6 words: every row is busy
    assert sgns.default_batch(np.array([10**6, 1, 1, 1] + [1] * 5000)) <= 64  # one huge word
    assert sgns.default_batch(np.full(18, 100)) == 128
    assert sgns.default_batch(np.full(18, 100), workers=4) == 64  # four workers: their batches together


def test_default_workers_use_both_cores_of_a_cpu(monkeypatch):
    monkeypatch.setattr(sgns.config, "gpus", lambda: ())
    monkeypatch.setattr(sgns.os, "cpu_count", lambda: 16)
    assert sgns.default_workers() == 2  # not one per core: the same model as on Colab's 2 cores
    monkeypatch.setattr(sgns.os, "cpu_count", lambda: 1)
    assert sgns.default_workers() == 1
    monkeypatch.setattr(sgns.config, "gpus", lambda: ("/physical_device:GPU:0",))
    monkeypatch.setattr(sgns.os, "cpu_count", lambda: 2)
    assert sgns.default_workers() == 1


def test_progress_bar_moves_at_most_fifty_times(monkeypatch):
    import keras

    calls = []

    class Bar:
        def __init__(self, *args, **kwargs):
            pass

        def update(self, current, values=None):
            calls.append(current)

    monkeypatch.setattr(keras.utils, "Progbar", Bar)
    bar = sgns._Progress(1_000_000, enabled=True)
    for done in range(0, 1_000_001, 1_000):  # two workers report after every small round
        bar.update(done, 0.5)
    assert 40 <= len(calls) <= sgns._Progress.STEPS + 1 and calls[-1] == 1_000_000
