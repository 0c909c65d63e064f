"""coursekit.parallel_tables: per-worker copies of the tables, merged in step."""

import numpy as np

from coursekit import parallel_tables, word2vec
from coursekit.sgns import InputRows, _row_updates


def test_hot_rows_are_the_most_updated_in_row_order():
    weight = np.array([5.0, 1.0, 9.0, 0.0, 7.0, 2.0])
    assert parallel_tables.hot_rows(weight, 3).tolist() == [0, 2, 4]
    assert parallel_tables.hot_rows(weight, 10).tolist() == [0, 1, 2, 3, 4, 5]


def test_row_updates_count_every_row_of_a_word():
    counts = np.array([10, 3])
    assert _row_updates(counts, 4, None).tolist() == [10, 3, 0, 0]
    rows = InputRows.from_lists([[0, 2, 3], [1, 3]])
    assert _row_updates(counts, 4, rows).tolist() == [10, 3, 10, 13]


def _tables(workers=2, hot=(1,)):
    w_in = np.arange(12, dtype=np.float32).reshape(4, 3)
    w_out = -w_in
    return w_in, w_out, parallel_tables.WorkerTables(w_in, w_out, workers, np.array(hot), np.array(hot))


def test_merging_hot_rows_adds_every_workers_change_to_those_rows_only():
    w_in, _, t = _tables()
    t.copies[0][0].assign_add(np.full((4, 3), 1.0, np.float32))  # worker 0 changes every row by +1
    t.copies[1][0].scatter_add(_slices([1, 2], 10.0))  # worker 1 changes rows 1 and 2 by +10
    t.merge_hot()
    base, c0, c1 = (v.numpy() for v in (t.base[0], t.copies[0][0], t.copies[1][0]))
    assert np.allclose(base[1], w_in[1] + 11) and np.allclose(c0[1], base[1]) and np.allclose(c1[1], base[1])
    # other rows: the base and each copy keep what they had
    assert np.allclose(base[[0, 2, 3]], w_in[[0, 2, 3]])
    assert np.allclose(c0[2], w_in[2] + 1) and np.allclose(c1[2], w_in[2] + 10)


def test_merging_all_rows_leaves_every_copy_equal_to_base_plus_all_changes():
    w_in, w_out, t = _tables()
    t.copies[0][0].assign_add(np.full((4, 3), 1.0, np.float32))
    t.copies[1][0].scatter_add(_slices([1, 2], 10.0))
    t.copies[1][1].scatter_add(_slices([3], 5.0))
    t.merge_all()
    expected_in = w_in + 1
    expected_in[[1, 2]] += 10
    expected_out = w_out.copy()
    expected_out[3] += 5
    got_in, got_out = t.numpy()
    assert np.allclose(got_in, expected_in) and np.allclose(got_out, expected_out)
    for copy in t.copies:
        assert np.allclose(copy[0].numpy(), expected_in) and np.allclose(copy[1].numpy(), expected_out)


def _slices(rows, value):
    import tensorflow as tf

    return tf.IndexedSlices(tf.fill([len(rows), 3], value), tf.constant(rows))


def test_two_workers_learn_as_well_as_one():
    """Workers in step learn the topics of a toy corpus like a single worker does.

    Measured on en8 (3.8M words, 5 epochs): two workers with these merges kept
    SimLex-999 at 0.237 (one worker 0.235); merging all rows only every 2**19
    examples, without the hot rows, lost 0.02 (bench/README.md).
    """
    sentences = [[f"{t}{i % 7}" for i in range(k, k + 12)] for t in "abc" for k in range(60)]
    args = dict(dim=16, window=3, epochs=3, min_count=1, sample=0, seed=0, progress=False)
    one = word2vec.train(sentences, workers=1, **args)
    two = word2vec.train(sentences, workers=2, chunk=256, **args)

    def topic_accuracy(kv):
        words = kv.index_to_key
        hits = [kv.most_similar(w, topn=1)[0][0][0] == w[0] for w in words]
        return np.mean(hits)

    assert topic_accuracy(one) == 1.0
    assert topic_accuracy(two) == 1.0
    assert not np.allclose(one.vectors, two.vectors)  # the two paths really differ


def test_two_workers_train_models_of_other_sizes_one_after_another():
    """The in-place kernel is compiled per table shape (TensorFlow reused XLA code of dim 16 for dim 8)."""
    for words, dim in [(9, 16), (12, 8), (9, 32), (15, 8), (9, 16)]:
        sentences = [[f"w{i % words}" for i in range(k, k + 10)] for k in range(40)]
        kv = word2vec.train(sentences, dim=dim, epochs=1, min_count=1, workers=2, progress=False)
        assert kv.vectors.shape == (words, dim) and np.isfinite(kv.vectors).all()
